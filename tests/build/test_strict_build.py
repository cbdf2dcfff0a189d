"""The build stops on what it must not publish: broken links (reported by the checker
with file and line), any MkDocs warning in strict mode (even with --quiet, even from
the Markdown cache), links out of content/; and it leaves out drafts' images."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from content_tree import ContentTree, experience, png
from sitebuild import ROOT, build

pytestmark = pytest.mark.build

PAGES = ("index.md", "a-propos.md", "contribuer.md", "accessibilite.md", "mentions-legales.md")


@pytest.fixture
def tiny(tmp_path: Path) -> ContentTree:
    """The free pages of the seed (the navigation names them) and one experience."""
    tree = ContentTree(tmp_path)
    for page in PAGES:
        shutil.copy(ROOT / "content" / page, tree.content / page)
    tree.write("experiences/y.md", experience())
    return tree


@pytest.mark.parametrize(("markdown", "expected"), [
    ("[voir](absente.md)", "experiences/x.md:14: lien-introuvable"),
    ("![Un vélo](../images/absente.png)", "experiences/x.md:14: image-introuvable"),
    ("[voir](brouillon.md)", "experiences/x.md:14: lien-brouillon"),
])
def test_a_broken_link_stops_the_build_with_code_and_line(tiny, markdown, expected):
    tiny.write("experiences/brouillon.md", experience(draft="draft: true"))
    tiny.write("experiences/x.md", experience() + "\n" + markdown + "\n")
    completed = build(tiny.content, tiny.root / "site", tiny.root)
    assert completed.returncode != 0
    assert expected in completed.stderr
    assert not (tiny.root / "site" / "experiences").exists()


# The checker leaves links into generated sections to the build (territories and
# pagination depend on the catalogue): MkDocs warns while converting the page.
LEFT_TO_MKDOCS = "[voir](../territoires/nulle-part/index.md)"


def test_strict_mode_stops_on_a_warning_even_with_quiet(tiny):
    tiny.write("experiences/x.md", experience() + "\n" + LEFT_TO_MKDOCS + "\n")
    completed = build(tiny.content, tiny.root / "site", tiny.root, args=("--strict", "--quiet"))
    assert completed.returncode != 0
    assert "territoires/nulle-part/index.md" in completed.stderr


def test_a_page_from_the_markdown_cache_still_reports_its_warning(tiny):
    tiny.write("experiences/x.md", experience() + "\n" + LEFT_TO_MKDOCS + "\n")
    lenient = build(tiny.content, tiny.root / "site", tiny.root, args=("--no-strict",))
    assert lenient.returncode == 0, lenient.stderr
    assert "territoires/nulle-part/index.md" in lenient.stderr
    assert (tiny.root / ".cache" / "markdown.json").is_file()
    strict = build(tiny.content, tiny.root / "site", tiny.root)  # same folder: the cache is warm
    assert strict.returncode != 0
    assert "territoires/nulle-part/index.md" in strict.stderr


def test_a_clean_tree_builds_without_any_warning(tiny):
    completed = build(tiny.content, tiny.root / "site", tiny.root)
    assert completed.returncode == 0, completed.stderr
    assert "WARNING" not in completed.stderr


def test_a_symbolic_link_stops_the_build_and_nothing_is_copied(tiny, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png())
    (tiny.content / "images").mkdir()
    os.symlink(secret, tiny.content / "images" / "photo.png")
    tiny.write("experiences/x.md", experience(image="image:\n  file: images/photo.png\n  alt: Une photo"))
    completed = build(tiny.content, tiny.root / "site", tiny.root)
    assert completed.returncode != 0
    assert "content/images/photo.png:1: lien-symbolique" in completed.stderr.replace(str(tiny.root) + "/", "")
    assert not (tiny.root / "site" / "images").exists()


def test_images_only_drafts_use_are_not_published(tiny):
    for name in ("publiee", "du-brouillon", "du-brouillon-corps", "de-personne", "partagee"):
        tiny.write(f"images/{name}.png", png())
    tiny.write("experiences/x.md", experience(image="image:\n  file: images/publiee.png\n  alt: Une photo")
               + "\n![Partagée](../images/partagee.png)\n")
    tiny.write("experiences/brouillon.md", experience(draft="draft: true", image="image:\n  file: images/du-brouillon.png\n  alt: Une photo")
               + "\n![Corps](../images/du-brouillon-corps.png) ![Partagée](../images/partagee.png)\n")
    completed = build(tiny.content, tiny.root / "site", tiny.root)
    assert completed.returncode == 0, completed.stderr
    published = sorted(p.name for p in (tiny.root / "site" / "images").iterdir())
    assert published == ["partagee.png", "publiee.png"]
    assert not (tiny.root / "site" / "experiences" / "brouillon").exists()
