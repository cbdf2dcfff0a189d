"""The Pagefind bundle written by the build."""
import json

import pytest

from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from sitebuild import ROOT

pytestmark = pytest.mark.build


def test_index_holds_one_record_per_published_experience_and_bouquet(seed_site):
    catalogue = build_catalogue(check_content(ROOT / "content", ROOT))
    entry = json.loads((seed_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]
    assert entry["languages"]["fr"]["page_count"] == len(catalogue.experiences) + len(catalogue.bouquets)


def test_no_other_search_index_is_shipped(seed_site):
    assert not (seed_site / "search").exists()
    assert not list(seed_site.rglob("search_index.json"))
