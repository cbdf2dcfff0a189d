"""The links of mkdocs.yml's extra settings, in the built pages."""
import re
import shutil
from pathlib import Path

import pytest

from content_tree import ContentTree, experience
from sitebuild import ROOT, build

pytestmark = pytest.mark.build


def links(html: str, region: str) -> list[tuple[str, str]]:
    found = re.search(rf"<{region}\b.*?</{region}>", html, re.DOTALL)
    assert found, f"no <{region}> in the page"
    block = found.group(0)
    return re.findall(r'<a[^>]*href="([^"]*(?:contribuer|admin)/)"[^>]*>([^<]+)</a>', block)


def test_seed_site_links_contribute_in_the_footer_only(seed_site: Path):
    html = (seed_site / "index.html").read_text(encoding="utf-8")
    assert links(html, "footer") == [("contribuer/", "Contribuer")]
    assert links(html, "header") == []


def test_links_follow_the_settings(tmp_path: Path):
    tree = ContentTree(tmp_path)
    for page in ("index.md", "a-propos.md", "contribuer.md", "accessibilite.md", "mentions-legales.md"):
        shutil.copy(ROOT / "content" / page, tree.content / page)
    tree.write("experiences/x.md", experience())
    completed = build(tree.content, tmp_path / "site", tmp_path, settings={
        "contribute_link: [footer]": "contribute_link: [header]",
        "editor_link: []": "editor_link: [header, footer]",
    })
    assert completed.returncode == 0, completed.stderr
    html = (tmp_path / "site" / "experiences" / "x" / "index.html").read_text(encoding="utf-8")
    assert links(html, "header") == [("../../contribuer/", "Contribuer"), ("../../admin/", "Éditeur web")]
    assert links(html, "footer") == [("../../admin/", "Éditeur web")]


def test_a_wrong_setting_stops_the_build_in_french(tmp_path: Path):
    tree = ContentTree(tmp_path)
    tree.write("experiences/x.md", experience())
    completed = build(tree.content, tmp_path / "site", tmp_path, settings={"editor_link: []": "editor_link: [pied]"})
    assert completed.returncode != 0
    assert "plugins › bouquet › editor_link" in completed.stderr and "Traceback" not in completed.stderr
