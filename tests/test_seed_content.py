"""The seed content says only what its source documents say (issue 11).

The expectations are copied from the five seed documents the content was written
from; each test names the one it relies on.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from sitebuild import ROOT

SITE_START = dt.date(2026, 11, 21)  # the day the seed sheets were typed in (first commit)
# Seed 000 (Mairie-conseils' bouquet): the date in brackets before each of its 15 paragraphs.
MAIRIE_CONSEILS_DATES = Counter(dt.date.fromisoformat(d) for d in (
    "2015-05-18", "2015-04-27", "2015-04-07", "2015-04-07", "2015-03-23", "2015-03-09", "2015-02-16", "2015-02-16",
    "2015-02-09", "2015-01-26", "2014-12-22", "2014-06-23", "2013-07-22", "2013-02-25", "2013-02-04"))


@pytest.fixture(scope="module")
def catalogue():
    result = check_content(ROOT / "content", ROOT)
    assert result.problems == []
    return build_catalogue(result)


def test_no_sheet_claims_to_have_been_put_online_before_the_site_existed(catalogue):
    assert [e.slug for e in catalogue.experiences if e.date < SITE_START] == []


def test_mairie_conseils_sheets_carry_their_paragraph_date_as_the_source_date(catalogue):
    sheets = [e for e in catalogue.experiences if e.source.get("name") == "Mairie-conseils"]
    assert Counter(e.source_date for e in sheets) == MAIRIE_CONSEILS_DATES


def test_apriles_gives_an_update_date_not_a_publication_date(catalogue):
    # Seed 001: « Mis à jour le: 25-09-2018 », and no publication date.
    sheets = [e for e in catalogue.experiences if e.source.get("name") == "Apriles"]
    assert len(sheets) == 2
    assert all(e.source_updated == dt.date(2018, 9, 25) and e.source_date is None for e in sheets)


def test_no_link_that_no_seed_document_gives():
    for file in (ROOT / "content").rglob("*.md"):
        text = file.read_text(encoding="utf-8")
        assert "lagazettedescommunes" not in text and "475180" not in text, file


def test_the_micro_creche_is_placed_where_the_seed_agrees_with_itself(catalogue):
    # Seed 002: « Veynes (04) » and « Communauté de Communes Asses et de ses affluents (04) »;
    # Veynes is in the Hautes-Alpes (05): only the département 04 is common to both.
    sheet = catalogue.by_slug["micro-creche-rurale-passive-asse"]
    assert sheet.territory.departement.code == "04" and sheet.territory.commune is None
    assert "Veynes" in sheet.body and "Beynes" in sheet.body  # the uncertainty is said
