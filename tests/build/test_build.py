"""Building the seed content, and refusing to build broken content."""
import shutil
from pathlib import Path

import pytest

from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from content_tree import ContentTree, experience
from sitebuild import ROOT, build

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def seed_catalogue():
    result = check_content(ROOT / "content", ROOT)
    assert result.problems == []
    return build_catalogue(result)


def test_every_experience_and_bouquet_has_its_page(seed_site: Path, seed_catalogue):
    assert len(seed_catalogue.experiences) == 38  # the seeds describe 38 experiences
    for item in seed_catalogue.experiences + seed_catalogue.bouquets:
        page = seed_site / item.url / "index.html"
        assert page.is_file(), item.url
        assert item.title.split(" ")[0] in page.read_text(encoding="utf-8")


def test_drafts_are_not_published(seed_site: Path, seed_catalogue):
    assert seed_catalogue.drafts, "the seed content keeps one draft to prove this"
    for src_uri in seed_catalogue.drafts:
        slug = Path(src_uri).stem
        assert not (seed_site / "experiences" / slug).exists()
        for file in seed_site.rglob("*"):
            if file.suffix in (".html", ".xml", ".json"):
                assert slug not in file.read_text(encoding="utf-8", errors="replace"), file


def test_theme_vocabulary_is_not_published(seed_site: Path):
    assert not (seed_site / "themes.yml").exists()


def test_broken_content_is_refused_with_the_report_and_no_traceback(tmp_path: Path):
    tree = ContentTree(tmp_path)
    shutil.copy(ROOT / "content" / "index.md", tree.content / "index.md")
    for page in ("a-propos.md", "contribuer.md", "accessibilite.md", "mentions-legales.md"):
        shutil.copy(ROOT / "content" / page, tree.content / page)
    tree.write("experiences/x.md", experience(tags="tags: [Solidarite]"))
    completed = build(tree.content, tmp_path / "site", tmp_path)
    assert completed.returncode != 0
    assert "experiences/x.md:5: theme-inconnu" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert not (tmp_path / "site" / "experiences").exists()
