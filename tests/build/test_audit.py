"""`make audit` on the seed site, and proof that it notices losses."""
import shutil

import pytest

from bouquet.audit import audit
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from sitebuild import ROOT

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(check_content(ROOT / "content", ROOT))


def test_seed_site_loses_nothing(seed_site, catalogue):
    report = audit(catalogue, seed_site)
    assert report.missing == []
    n = len(catalogue.experiences)
    assert report.counts["pages"] == report.counts["listed"] == report.counts["indexed"] == report.counts["sitemap"] == n
    assert report.summary().startswith(f"Audit OK : {n} expériences publiées")


def test_audit_notices_a_lost_page_a_lost_card_and_a_leaked_draft(seed_site, catalogue, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(seed_site, site)
    first, second = catalogue.experiences[0], catalogue.experiences[1]
    shutil.rmtree(site / first.url)
    theme_page = site / second.themes[0].url / "index.html"
    theme_page.write_text(theme_page.read_text(encoding="utf-8").replace(f'data-slug="{second.slug}"', 'data-slug="x"'), encoding="utf-8")
    draft = catalogue.drafts[0].split("/")[-1].removesuffix(".md")
    (site / "fuite.html").write_text(f"<a href='experiences/{draft}/'>x</a>", encoding="utf-8")
    report = audit(catalogue, site)
    assert f"{first.url} : page absente." in report.missing
    assert f"{second.themes[0].url} : l'expérience {second.slug} n'y figure pas." in report.missing
    assert report.counts["draft_leaks"] == 1
    assert not report.ok
