"""The Markdown cache: one entry per page, valid while the page's own inputs are."""
from __future__ import annotations

import importlib

import pytest

from bouquet import engine
from bouquet.markdown_render import MarkdownRenderer

config_module = importlib.import_module(f"{engine.NAME}.config")


@pytest.fixture
def site(tmp_path):
    docs = tmp_path / "docs"
    (docs / "experiences").mkdir(parents=True)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Test\ndocs_dir: docs\nmarkdown_extensions:\n  - toc\n", encoding="utf-8")
    config = config_module.load_config(str(config_file))
    return config, tmp_path / ".cache" / "markdown.json"


def files_of(config, sources: dict[str, str]):
    return engine.Files([engine.File(src_uri, config["docs_dir"], config["site_dir"], config["use_directory_urls"])
                         for src_uri in sorted(sources)])


def render_all(config, cache_file, sources: dict[str, str]):
    """One build: every page rendered with one renderer, the cache saved."""
    renderer = MarkdownRenderer(config, cache_file)
    files = files_of(config, sources)
    out = {}
    for file in files:
        page = engine.pages.Page(None, file, config)
        page.markdown = sources[file.src_uri]
        renderer.render(page, config, files)
        out[file.src_uri] = page.content
    renderer.save()
    return renderer, out


SOURCES = {
    "index.md": "# Accueil\n\nVoir [la première](experiences/a.md) et [la nouvelle](experiences/c.md).\n",
    "experiences/a.md": "# A\n\nTexte de A, lien vers [B](b.md).\n",
    "experiences/b.md": "# B\n\nTexte de B sans lien.\n",
}


def test_adding_a_page_keeps_every_other_entry(site):
    config, cache_file = site
    first, _ = render_all(config, cache_file, SOURCES)
    assert (first.hits, first.misses) == (0, 3)
    grown = {**SOURCES, "experiences/c.md": "# C\n\nUne nouvelle expérience.\n"}
    second, out = render_all(config, cache_file, grown)
    # The home page linked to the missing c.md: it is converted again; a and b are not.
    assert (second.hits, second.misses) == (2, 2)
    assert 'href="experiences/c/"' in out["index.md"]
    # Same bytes as a conversion without any cache.
    cache_file.unlink()
    _, fresh = render_all(config, cache_file, grown)
    assert out == fresh


def test_removing_a_link_target_converts_the_pages_that_link_to_it(site):
    config, cache_file = site
    render_all(config, cache_file, SOURCES)
    shrunk = {k: v for k, v in SOURCES.items() if k != "experiences/b.md"}
    second, out = render_all(config, cache_file, shrunk)
    assert (second.hits, second.misses) == (1, 1)  # index.md from the cache; a.md again
    assert 'href="b.md"' in out["experiences/a.md"]  # left as written, with MkDocs' warning
    cache_file.unlink()
    _, fresh = render_all(config, cache_file, shrunk)
    assert out == fresh
