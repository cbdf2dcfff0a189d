"""Territories on the built seed site: the map, the territory pages, the région
dynamics and the open data files all tell the same counts."""
from __future__ import annotations

import html as html_lib
import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from frictionless import Package

from bouquet import francemap, geography, listings, opendata, routes
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from sitebuild import ROOT

pytestmark = pytest.mark.build
SITE_URL = "https://bouquet.example/"


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(check_content(ROOT / "content", ROOT))


class MapParser(HTMLParser):
    """The shapes of the map (elements with data-code inside the map's <svg>) and
    the rows of its table."""

    def __init__(self):
        super().__init__()
        self.in_svg = self.in_table = False
        self.shapes: list[dict] = []
        self.rows: list[str] = []
        self.cells: list[str] = []
        self.open_link: dict | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "svg" and "bq-map__svg" in classes:
            self.in_svg = True
        elif tag == "details" and "bq-map__table" in classes:
            self.in_table = True
        elif self.in_svg and tag == "a" and "data-code" in a:
            self.open_link = {"code": a["data-code"], "count": int(a["data-count"]), "href": a["href"],
                              "label": a["aria-label"], "link": True}
            self.shapes.append(self.open_link)
        elif self.in_svg and tag == "path" and "data-code" in a:
            self.shapes.append({"code": a["data-code"], "count": int(a["data-count"]), "href": "", "link": False,
                                "class": " ".join(c for c in classes if c.startswith("bq-map__s"))})
        elif self.in_svg and tag == "path" and self.open_link is not None:
            self.open_link["class"] = " ".join(c for c in classes if c.startswith("bq-map__s"))
        elif self.in_table and tag == "tr" and "data-code" in a:
            self.rows.append(a["data-code"])
            self.cells = []
        elif self.in_table and tag in ("td", "th"):
            self.text = []

    def handle_data(self, data):
        self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg = False
        elif tag == "a":
            self.open_link = None
        elif tag == "details":
            self.in_table = False
        elif self.in_table and tag in ("td", "th"):
            self.cells.append("".join(self.text).strip())
        elif self.in_table and tag == "tr" and self.rows:
            self.rows[-1] = (self.rows[-1], tuple(self.cells))


def parse_map(page: Path) -> MapParser:
    parser = MapParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def listing_total(site: Path, base_url: str) -> tuple[int, int]:
    """(count announced on page 1, experience cards across every page) of a listing."""
    first = (site / base_url / "index.html").read_text(encoding="utf-8")
    heading = re.search(r'<h2 id="bq-liste" class="bq-count">\s*(\d+)', first)
    assert heading, f"no count on {base_url}"
    announced = int(heading.group(1))
    cards, number = 0, 1
    while (page := site / routes.page(base_url, number) / "index.html").exists():
        cards += len(re.findall(r'data-slug="', page.read_text(encoding="utf-8")))
        number += 1
    return announced, cards


@pytest.fixture(scope="module")
def data(seed_site):
    return json.loads((seed_site / "donnees" / "experiences.json").read_text(encoding="utf-8"))


# -- the map ---------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["territoires/index.html", "index.html"])
def test_the_map_has_one_shape_per_departement_with_its_count_and_link(seed_site, catalogue, page):
    parsed = parse_map(seed_site / page)
    shapes = {s["code"]: s for s in parsed.shapes}
    assert [s["code"] for s in parsed.shapes] == [d.code for d in geography.departements()]
    assert len(shapes) == 101
    for departement in geography.departements():
        shape, count = shapes[departement.code], len(catalogue.by_departement.get(departement.code, ()))
        assert shape["count"] == count, departement.code
        assert shape["class"] == francemap.step_for(count).css_class
        if count:
            assert shape["link"]
            target = ((seed_site / page).parent / shape["href"]).resolve()
            assert target == (seed_site / routes.departement(departement)).resolve(), shape["href"]
            assert (target / "index.html").is_file(), shape["href"]
            assert shape["label"] == f"{departement.name} ({departement.code}) : {listings.experiences_count(count)}"
        else:
            assert not shape["link"]


def test_the_map_credits_its_sources_and_stays_small(seed_site):
    html = (seed_site / "territoires" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg class="bq-map__svg".*?</svg>', html, re.S).group(0)
    assert len(svg.encode("utf-8")) < 60_000
    caption = re.search(r'<figcaption class="bq-map__caption".*?</figcaption>', html, re.S).group(0)
    assert "MapSVG" in caption and "CC BY 4.0" in caption and "Natural Earth" in caption
    assert 'rel="license"' in caption
    assert 'role="group"' in svg and 'aria-labelledby="bq-map-title"' in svg


def test_the_map_table_lists_every_departement_with_experiences(seed_site, catalogue):
    parsed = parse_map(seed_site / "territoires" / "index.html")
    rows = dict(parsed.rows)
    assert set(rows) == set(catalogue.by_departement)
    for code, (region_name, departement_label, count) in rows.items():
        departement = geography.departement(code)
        assert region_name == departement.region.name
        assert departement_label == f"{departement.name} ({code})"
        assert int(count) == len(catalogue.by_departement[code])


# -- map, territory pages and data files agree -------------------------------------------------

def test_counts_agree_across_map_pages_and_data_files(seed_site, catalogue, data):
    shapes = {s["code"]: s["count"] for s in parse_map(seed_site / "territoires" / "index.html").shapes}
    json_counts = Counter(r["departement"] for r in data["experiences"] if r["departement"])
    csv_records = opendata.parse_csv((seed_site / "donnees" / "experiences.csv").read_text(encoding="utf-8"))
    csv_counts = Counter(r["departement"] for r in csv_records if r["departement"])
    for region, region_count, departements in listings.territories(catalogue):
        announced, cards = listing_total(seed_site, routes.region(region))
        assert announced == cards == region_count == sum(1 for r in data["experiences"] if r["region_code"] == region.code)
        for departement, count, url in departements:
            announced, cards = listing_total(seed_site, url)
            assert announced == cards == count == shapes[departement.code] == json_counts[departement.code] == csv_counts[departement.code], departement.code
    assert sum(shapes.values()) == sum(json_counts.values())
    assert {code for code, n in shapes.items() if n} == set(json_counts)
    assert data["count"] == len(data["experiences"]) == len(csv_records) == len(catalogue.experiences)


# -- région dynamics -------------------------------------------------------------------

def bars(html: str, caption: str) -> list[tuple[str, int]]:
    found = re.search(r"<table class=\"bq-bars\">\s*<caption>" + caption + r".*?</table>", html, re.S)
    assert found, f"no table « {caption} »"
    table = found.group(0)
    return [(html_lib.unescape(re.sub(r"<[^>]+>", "", label)).strip(), int(count)) for label, count in
            re.findall(r'<th scope="row">(.*?)</th>\s*<td class="bq-bars__cell">.*?<span class="bq-bars__count">(\d+)</span>', table, re.S)]


def test_each_region_page_shows_its_dynamics_and_agrees_with_the_data(seed_site, catalogue, data):
    for region, count, _ in listings.territories(catalogue):
        html = (seed_site / routes.region(region) / "index.html").read_text(encoding="utf-8")
        assert 'id="bq-dynamiques"' in html and "territories.css" in html
        records = [r for r in data["experiences"] if r["region_code"] == region.code]
        themes = bars(html, "Expériences par thème")
        assert dict(themes) == dict(Counter(t for r in records for t in r["themes"]))
        assert [n for _, n in themes] == sorted((n for _, n in themes), reverse=True)
        years = bars(html, "Expériences par année")
        assert sum(n for _, n in years) == count
        # The year the source published each experience, « Non datée » without one,
        # never the day the sheet was put online here.
        assert {y: n for y, n in years if n} == dict(Counter(r["source_date"][:4] if r["source_date"] else "Non datée" for r in records))
        # Only the years that have an experience, ascending (issue 15: no empty columns).
        dated = [y for y, _ in years if y != "Non datée"]
        assert dated == sorted(dated) and all(n for _, n in years)
        assert "Non datée" not in [y for y, _ in years][:-1]  # undated last
        # Experiences first, the dynamics after them, behind a disclosure.
        assert html.index('id="bq-liste"') < html.index('id="bq-dynamiques"')
        assert re.search(r'id="bq-dynamiques".*?<details class="bq-dynamics__disclosure">', html, re.S)


def test_dynamics_are_only_on_region_pages(seed_site, catalogue):
    region, _, departements = listings.territories(catalogue)[0]
    departement_page = (seed_site / departements[0][2] / "index.html").read_text(encoding="utf-8")
    assert "bq-dynamiques" not in departement_page
    assert "bq-dynamiques" not in (seed_site / "themes" / "index.html").read_text(encoding="utf-8")


# -- open data -----------------------------------------------------------------------------

def test_data_files_validate_and_round_trip(seed_site, catalogue, data):
    schema = json.loads((seed_site / "donnees" / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert data == opendata.document(catalogue, SITE_URL)
    raw = (seed_site / "donnees" / "experiences.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert opendata.parse_csv(raw.decode("utf-8")) == data["experiences"]
    assert [r["slug"] for r in data["experiences"]] == [e.slug for e in catalogue.experiences]
    for record in data["experiences"]:
        assert (seed_site / record["url"].removeprefix(SITE_URL) / "index.html").is_file()


def test_frictionless_validates_the_data_package_and_reads_codes_as_text(seed_site, data):
    path = seed_site / "donnees" / "datapackage.json"
    completed = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json", path.name],
                               capture_output=True, text=True, cwd=path.parent)
    report = json.loads(completed.stdout)
    assert completed.returncode == 0 and report["valid"], [e["message"] for t in report["tasks"] for e in t["errors"]]
    package = json.loads(path.read_text(encoding="utf-8"))
    assert package["created"] == "2023-11-14T22:13:20Z"  # SOURCE_DATE_EPOCH of tests/sitebuild.py
    expected = [r["departement"] for r in data["experiences"]]
    assert any(code and code.startswith("0") for code in expected), "the seed has a département code with a leading zero"
    for name in ("experiences-csv", "experiences-json"):
        rows = Package(str(path)).get_resource(name).read_rows()
        assert [row["departement"] for row in rows] == expected, name  # "05", never 5


def test_the_open_data_page_documents_every_field_and_links_the_files(seed_site):
    html = (seed_site / "donnees" / "index.html").read_text(encoding="utf-8")
    documented = re.findall(r'<th scope="row"><code>([a-z_]+)</code></th>', html)
    assert documented == list(opendata.FIELD_NAMES)
    for name in ("experiences.json", "experiences.csv", "schema.json", "datapackage.json"):
        assert f'href="{name}"' in html or f'href="./{name}"' in html
    assert "Licence Ouverte" in html and 'rel="license"' in html
    territories = (seed_site / "territoires" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="(\.\./)?donnees/"', territories)
