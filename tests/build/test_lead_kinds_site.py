"""The kind of a lead structure on the built seed site: the sheet names it beside the
lead (« Ville de Quintin (commune) »), a lead written as plain text stays its name,
and the open data gives one kind per lead, « non précisé » where the sheet says nothing."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bouquet import opendata, routes
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from sitebuild import ROOT

pytestmark = pytest.mark.build


def porteurs(site: Path, slug: str) -> list[str]:
    """The items of the sheet's « Porteurs » row, as text."""
    page = (site / routes.experience(slug) / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<dt>Porteurs</dt>\s*<dd>(.*?)</dd>", page, re.DOTALL)
    assert row, slug
    items = re.findall(r"<li>(.*?)</li>", row.group(1), re.DOTALL) or [row.group(1)]
    return [" ".join(re.sub(r"<[^>]+>", "", item).replace("&#39;", "'").split()) for item in items]


def test_the_sheet_names_each_lead_with_its_kind_where_given(seed_site):
    catalogue = build_catalogue(check_content(ROOT / "content", ROOT))
    with_kind = [e for e in catalogue.experiences if any(lead.kind for lead in e.leads)]
    without = [e for e in catalogue.experiences if e.leads and not any(lead.kind for lead in e.leads)]
    assert len(with_kind) >= 10 and without, "the seed has both shapes"
    assert porteurs(seed_site, "cooperative-jeunesse-services-quintin") == ["Ville de Quintin (commune)"]
    for experience in with_kind + without:
        assert porteurs(seed_site, experience.slug) == [
            f"{lead.name} ({lead.kind})" if lead.kind else lead.name for lead in experience.leads], experience.slug


def test_the_open_data_gives_one_kind_per_lead(seed_site):
    document = json.loads((seed_site / routes.OPEN_DATA / opendata.JSON_FILE).read_text(encoding="utf-8"))
    records = {r["slug"]: r for r in document["experiences"]}
    assert records["cooperative-jeunesse-services-quintin"]["lead_kinds"] == ["commune"]
    bureau = records["bureau-des-temps"]  # seven cities and a département named as the seed names them
    assert bureau["lead_kinds"] == ["non précisé"] * 6 + ["département"]
    assert all(len(r["lead_kinds"]) == len(r["leads"]) for r in records.values())
