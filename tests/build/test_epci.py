"""Intercommunalités and populations on the built seed site, checked against the
pinned open data itself (src/bouquet/data/*.csv, read here without geography.py's
indexes): every EPCI page's count, every sheet's intercommunalité and population."""
from __future__ import annotations

import csv
import html as html_lib
import re
from collections import Counter
from pathlib import Path

import pytest

from bouquet import geography
from sitebuild import ROOT

pytestmark = pytest.mark.build
DATA = ROOT / "src" / "bouquet" / "data"


def _csv(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def open_data():
    epcis = {row["code"]: row for row in _csv("epci.csv")}
    details = {row["code"]: row for row in _csv("communes_population_epci.csv")}
    current = {(row["departement_code"], geography.fold(row["name"])): row["code"] for row in _csv("communes.csv")}
    former = {(row["departement_code"], geography.fold(row["name"])): row["commune_code"] for row in _csv("communes_deleguees.csv")}
    return epcis, details, current, former


def _front(path: Path) -> dict:
    import yaml

    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1]) or {}


@pytest.fixture(scope="module")
def placed(open_data):
    """(slug, commune code, EPCI row, population) of every published seed experience with a commune."""
    epcis, details, current, former = open_data
    rows = []
    for path in sorted((ROOT / "content" / "experiences").glob("*.md")):
        front = _front(path)
        if front.get("draft") or not front.get("commune"):
            continue
        key = (str(front["departement"]), geography.fold(front["commune"]))
        code = current.get(key) or former[key]
        detail = details[code]
        rows.append((path.stem, code, epcis.get(detail["epci_code"]), int(detail["population"])))
    assert len(rows) >= 20
    return rows


def _count(page: Path) -> int:
    match = re.search(r'<h2 id="bq-liste" class="bq-count">(\d+) expériences?</h2>', page.read_text(encoding="utf-8"))
    assert match, page
    return int(match.group(1))


def test_epci_pages_count_what_the_open_data_says(seed_site: Path, placed):
    expected = Counter(epci["code"] for _, _, epci, _ in placed if epci)
    assert expected, "the seed has experiences in intercommunalités"
    pages = {}
    for code in expected:
        epci = geography.epci(code)
        assert epci is not None, code
        departement = epci.departement
        page = seed_site / "territoires" / departement.region.slug / departement.slug / epci.slug / "index.html"
        assert page.is_file(), f"no page for {epci.official_name}"
        pages[code] = page
        assert _count(page) == expected[code], epci.official_name
        cards = page.read_text(encoding="utf-8").count('<li class="bq-card" data-slug=')
        assert cards == expected[code], epci.official_name
        # The département of its page is the one holding its pinned code.
        assert departement.code == open_data_departement(code)
    # No other EPCI page: every page three levels below a région is one of them.
    built = {p for p in (seed_site / "territoires").glob("*/*/*/index.html") if "page" not in p.parts[-4:-1]}
    assert built == set(pages.values())


def open_data_departement(code: str) -> str:
    return next(row["departement_code"] for row in _csv("epci.csv") if row["code"] == code)


def test_every_sheet_with_a_commune_shows_its_intercommunalite_and_population(seed_site: Path, placed):
    for slug, _code, epci, population in placed:
        text = html_lib.unescape((seed_site / "experiences" / slug / "index.html").read_text(encoding="utf-8"))
        facts = re.search(r'<p class="bq-commune-facts">(.*?)</p>', text, re.S)
        assert facts, slug
        words = re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", facts.group(1)))  # not \s: it would eat U+202F
        grouped = f"{population:,}".replace(",", "\u202f")
        assert f"commune de {grouped} habitants" in words.lower(), (slug, words)
        assert "strate « de " in words or "habitants et plus" in words, (slug, words)
        if epci:
            shown = geography.epci(epci["code"])
            assert shown is not None and f"Intercommunalité : {shown.name}" in words, (slug, words)


def test_departement_pages_list_their_intercommunalites(seed_site: Path, placed):
    lot_et_garonne = (seed_site / "territoires" / "nouvelle-aquitaine" / "47-lot-et-garonne" / "index.html").read_text(encoding="utf-8")
    assert "Par intercommunalité" in lot_et_garonne
    for _, _, epci, _ in placed:
        if epci and epci["departement_code"] == "47":
            shown = geography.epci(epci["code"])
            assert shown is not None and f'{shown.slug}/"' in lot_et_garonne


def test_essaimage_is_shown_on_both_sheets(seed_site: Path):
    """Seed 001: the Café partenaires of Montanou (Agen) was taken up in Fumel."""
    fumel = (seed_site / "experiences" / "cafe-partenaires-fumel" / "index.html").read_text(encoding="utf-8")
    agen = (seed_site / "experiences" / "cafe-partenaires-agen-montanou" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-bq-essaimage="inspiree-de">Inspirée de <a href="\.\./cafe-partenaires-agen-montanou/"', fumel)
    assert re.search(r'data-bq-essaimage="essaimee-a">Essaimée à <a href="\.\./cafe-partenaires-fumel/"', agen)
    region = (seed_site / "territoires" / "nouvelle-aquitaine" / "index.html").read_text(encoding="utf-8")
    assert "Essaimage : 1 expérience de la région a été reprise ailleurs" in html_lib.unescape(region)
