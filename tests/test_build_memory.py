"""What one build keeps of each page: every per-page copy (its Markdown, its HTML, its
Markdown cache entry, the file's text) is let go as soon as nothing later reads it
(issue 14, memory: at 10,000 experiences each copy held to the end cost about 70 MB)."""
from __future__ import annotations

import importlib
import json

import pytest

from bouquet import engine, source
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from bouquet.markdown_render import MarkdownRenderer
from bouquet.plugin import BouquetPlugin
from bouquet.site import SiteBuild
from sitebuild import ROOT

config_module = importlib.import_module(f"{engine.NAME}.config")


def holds(root, text: str, skip: tuple[type, ...] = ()) -> bool:
    """Whether `text` is reachable from `root` through containers and object
    attributes, not looking into objects of the `skip` types."""
    seen, stack = set(), [root]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if value == text:
                return True
            continue
        if id(value) in seen or isinstance(value, (int, float, bytes, type(None), *skip)):
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack.extend(value)
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            stack.extend(vars(value).values())
    return False


@pytest.fixture
def seed_build():
    result = check_content(ROOT / "content")
    assert result.problems == []
    return SiteBuild(build_catalogue(result), "https://bouquet.example/")


@pytest.fixture
def config(tmp_path):
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(f"site_name: Test\ndocs_dir: {ROOT / 'content'}\nsite_dir: {tmp_path / 'site'}\n"
                           "markdown_extensions:\n  - toc\n", encoding="utf-8")
    return config_module.load_config(str(config_file))


def test_an_experience_page_lets_go_of_its_markdown_once_converted_and_of_its_html_once_written(seed_build, config):
    plugin = BouquetPlugin()
    plugin._build = seed_build
    experience = seed_build.catalogue.experiences[0]
    file = engine.File(experience.src_uri, config["docs_dir"], config["site_dir"], True)
    files = engine.Files([file])
    page = engine.pages.Page(None, file, config)
    # As the engine does: the source from on_page_read_source, then the front matter search.
    page.markdown, _ = engine.meta.get_data(plugin.on_page_read_source(page, config))
    page.markdown = plugin.on_page_markdown(page.markdown, page, config, files)
    page.render(config, files)
    title = page.title
    page.content = plugin.on_page_content(page.content, page, config, files)
    assert page.markdown == "" and page.title == title == experience.title
    body_html = page.content
    assert body_html and experience.title not in ("", None)
    output = plugin.on_post_page(f"<html><head></head><body>{body_html}</body></html>", page, config)
    assert body_html in output  # what the engine writes is whole
    assert page.content == "" and page.title == title
    assert not holds(page, body_html)  # SiteBuild's copy, for the editions: the next test


def test_the_clean_bodies_kept_for_the_pdf_editions_go_once_the_editions_are_made(seed_build):
    experience = next(e for e in seed_build.catalogue.experiences if seed_build.catalogue.bouquets_of.get(e.slug))
    cleaned = seed_build.clean_content(seed_build.page(experience.src_uri), "<p>Un corps propre, imprimé dans l'édition.</p>")
    assert holds(seed_build, cleaned)  # kept for the edition of its bouquet
    seed_build.render_editions(render=False)
    assert not holds(seed_build, cleaned)


def test_the_markdown_cache_entries_are_written_as_they_are_used_not_held(tmp_path, config):
    cache_file = tmp_path / ".cache" / "markdown.json"
    sources = {"index.md": "# Accueil\n\nVers [A](experiences/a.md).\n", "experiences/a.md": "# A\n\nTexte de A.\n"}
    files = engine.Files([engine.File(src_uri, config["docs_dir"], config["site_dir"], True) for src_uri in sorted(sources)])
    for round_ in ("cold", "warm"):
        renderer = MarkdownRenderer(config, cache_file)
        outputs = []
        for file in files:
            page = engine.pages.Page(None, file, config)
            page.markdown = sources[file.src_uri]
            renderer.render(page, config, files)
            outputs.append(page.content)
            # Neither a new entry nor a loaded one. (The converter's link processors
            # know the engine's files, and each file its page: the engine's own holder.)
            assert not holds(renderer, page.content, skip=(engine.File,)), round_
        renderer.save()
        assert (renderer.hits, renderer.misses) == ((0, 2) if round_ == "cold" else (2, 0))
        saved = json.loads(cache_file.read_text(encoding="utf-8"))
        assert sorted(entry["content"] for entry in saved["entries"].values()) == sorted(outputs)
        # The same bytes as the whole dictionary written at once.
        assert cache_file.read_text(encoding="utf-8") == json.dumps(saved, ensure_ascii=False)


def test_a_source_file_holds_its_text_once(tmp_path):
    text = "---\ntitle: Essai\n---\n" + "Un corps assez long pour compter. " * 200
    path = tmp_path / "essai.md"
    path.write_text(text, encoding="utf-8")
    read, problems = source.read_source(path, "essai.md")
    assert problems == [] and read is not None
    held = sum(len(value) for value in vars(read).values() if isinstance(value, str))
    assert held < len(text) + len("essai.md")
