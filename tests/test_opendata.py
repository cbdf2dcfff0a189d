"""Open data: records, JSON + schema, CSV round trip, the /donnees/ page, and the
seed content's communes resolving to INSEE codes."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import jsonschema
import pytest

from bouquet import geography, opendata
from bouquet.catalogue import Catalogue, build_catalogue
from bouquet.load import check_content
from bouquet.model import Experience, Link, Territory, Theme
from sitebuild import ROOT

SITE = "https://bouquet.example/"
MOBILITE = Theme("Mobilité", "mobilite", "")
JEUNESSE = Theme("Jeunesse", "jeunesse", "")


def full(slug="atelier", day=dt.date(2020, 5, 1)) -> Experience:
    dep = geography.departement("35")
    return Experience(
        slug=slug, path=f"experiences/{slug}.md", title="Un « atelier », vélo", date=day, updated=dt.date(2021, 1, 2),
        description="Deux lignes,\navec une virgule et des \"guillemets\".", themes=(MOBILITE, JEUNESSE),
        territory=Territory("St-Aubin-du-Pavail", dep, dep.region), body="Corps",
        leads=("Ville", "Association A | B"), partners=("Région",), impacts=("Plus de vélos", "Moins de voitures"),
        resources={"human": "2 ETP", "financial": "10 000 €"}, quote={"text": "Ça roule.", "author": "Une habitante"},
        contact={"name": "Jeanne Dupont", "email": "jeanne@example.org", "phone": "01 02 03 04 05", "role": "Élue",
                 "url": "https://ville.example/"},
        source={"name": "Carrefour", "url": "https://source.example/fiche", "date": dt.date(2015, 3, 9), "updated": dt.date(2018, 9, 25)},
        links=(Link("Le site", "https://a.example/"), Link("La vidéo", "https://b.example/v")),
    )


def bare(slug="sobre", day=dt.date(2020, 5, 1)) -> Experience:
    return Experience(slug, f"experiences/{slug}.md", "Sobre", day, "Résumé.", (MOBILITE,), Territory(), "")


def catalogue(*experiences) -> Catalogue:
    return Catalogue(tuple(sorted(experiences, key=lambda e: e.sort_key)), (), (MOBILITE, JEUNESSE), (), ())


@pytest.fixture(scope="module")
def seed() -> Catalogue:
    result = check_content(ROOT / "content")
    assert not result.problems
    return build_catalogue(result)


# -- records --------------------------------------------------------------------

def test_record_of_a_full_experience():
    [record] = opendata.records(catalogue(full()), SITE)
    assert list(record) == list(opendata.FIELD_NAMES)
    assert record["url"] == "https://bouquet.example/experiences/atelier/"
    assert (record["date"], record["updated"]) == ("2020-05-01", "2021-01-02")
    assert record["themes"] == ["Mobilité", "Jeunesse"] and record["theme_slugs"] == ["mobilite", "jeunesse"]
    # A commune déléguée keeps its name; its code is the commune it belongs to (Châteaugiron).
    assert (record["commune"], record["commune_code"]) == ("St-Aubin-du-Pavail", "35069")
    assert (record["departement"], record["departement_name"], record["region"], record["region_code"]) == (
        "35", "Ille-et-Vilaine", "Bretagne", "53")
    assert record["resources_material"] is None and record["resources_human"] == "2 ETP"
    assert (record["quote_text"], record["quote_author"]) == ("Ça roule.", "Une habitante")
    assert (record["source_name"], record["source_url"]) == ("Carrefour", "https://source.example/fiche")
    # The source's dates are fields of their own, never mixed with the site's.
    assert (record["source_date"], record["source_updated"]) == ("2015-03-09", "2018-09-25")
    assert record["links"] == ["https://a.example/", "https://b.example/v"]


def test_no_personal_contact_data():
    text = opendata.json_text(catalogue(full()), SITE) + opendata.csv_text(catalogue(full()), SITE)
    for secret in ("Jeanne Dupont", "jeanne@example.org", "01 02 03 04 05", "Élue"):
        assert secret not in text
    assert "https://ville.example/" in text  # the contact's web site is kept


def test_absent_values_are_null_or_empty_lists():
    [record] = opendata.records(catalogue(bare()), SITE)
    assert record["commune"] is record["commune_code"] is record["departement"] is record["region"] is None
    assert record["leads"] == record["links"] == []


def test_order_is_newest_first_then_slug():
    cat = catalogue(bare("b", dt.date(2020, 1, 1)), bare("a", dt.date(2020, 1, 1)), bare("c", dt.date(2021, 1, 1)))
    assert [r["slug"] for r in opendata.records(cat, SITE)] == ["c", "a", "b"]


# -- JSON and its schema ----------------------------------------------------------

def test_json_document_and_schema():
    cat = catalogue(full(), bare())
    document = json.loads(opendata.json_text(cat, SITE))
    assert (document["schema_version"], document["license"], document["generated_from"], document["count"]) == (
        "1.0", "Licence Ouverte / Etalab 2.0", SITE, 2)
    assert document["last_modified"] == "2021-01-02"
    schema = json.loads(opendata.schema_text(SITE))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert schema["$id"] == "https://bouquet.example/donnees/schema.json"
    assert list(schema["properties"]["experiences"]["items"]["properties"]) == list(opendata.FIELD_NAMES)


def test_schema_rejects_a_broken_record():
    cat = catalogue(full())
    document = json.loads(opendata.json_text(cat, SITE))
    schema = opendata.schema(SITE)
    document["experiences"][0]["themes"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
    document = json.loads(opendata.json_text(cat, SITE))
    document["experiences"][0]["extra"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_seed_json_validates(seed):
    document = opendata.document(seed, SITE)
    jsonschema.validate(document, opendata.schema(SITE), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert document["count"] == len(seed.experiences) == len(document["experiences"])


# -- CSV ---------------------------------------------------------------------------

def test_csv_round_trips_to_the_same_records():
    cat = catalogue(bare(), full("x"))
    text = opendata.csv_text(cat, SITE)
    expected = opendata.records(cat, SITE)
    assert [r["slug"] for r in expected] == ["sobre", "x"]
    expected[1]["leads"] = ["Ville", "Association A / B"]  # an item's own " | " becomes " / "
    assert opendata.parse_csv(text) == expected


def test_seed_csv_round_trips(seed):
    assert opendata.parse_csv(opendata.csv_text(seed, SITE)) == opendata.records(seed, SITE)


def test_csv_format(tmp_path):
    [_, csv_path, _] = opendata.write(catalogue(full(), bare()), tmp_path, SITE)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert raw.count(b"\r\n") >= 3 and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(opendata.FIELD_NAMES)
    assert len(rows) == 3 and all(len(r) == len(opendata.FIELDS) for r in rows)
    descriptions = [row[opendata.FIELD_NAMES.index("description")] for row in rows[1:]]
    assert "Deux lignes,\navec une virgule et des \"guillemets\"." in descriptions  # quoted, newline kept


# -- files -------------------------------------------------------------------------

def test_write_is_deterministic(tmp_path):
    cat = catalogue(full(), bare())
    first = [p.read_bytes() for p in opendata.write(cat, tmp_path / "a", SITE)]
    second = [p.read_bytes() for p in opendata.write(cat, tmp_path / "b", SITE)]
    assert first == second
    assert [p.name for p in (tmp_path / "a" / "donnees").iterdir()] != []
    assert sorted(p.name for p in (tmp_path / "a" / "donnees").iterdir()) == ["experiences.csv", "experiences.json", "schema.json"]


# -- the page ------------------------------------------------------------------------

def test_page():
    page = opendata.page(catalogue(full(), bare()))
    assert (page.src_uri, page.template, page.title) == ("donnees/index.md", "opendata.html", "Données ouvertes")
    dataset = page.context["dataset"]
    assert dataset.count == 2 and dataset.fields is opendata.FIELDS
    assert [href for href, _, _ in dataset.files] == ["donnees/experiences.json", "donnees/experiences.csv", "donnees/schema.json"]


def test_every_field_is_documented():
    for field in opendata.FIELDS:
        assert field.label and field.description.endswith((".", ")")) and field.type_label


# -- the seed content's communes ------------------------------------------------------

def test_every_commune_named_in_the_seed_content_resolves(seed):
    placed = [e for e in seed.experiences if e.territory.commune]
    assert placed, "the seed content names communes"
    for experience in placed:
        found = geography.find_commune(experience.territory.commune, experience.territory.departement.code)
        assert found is not None, (experience.slug, experience.territory.commune)
    codes = {r["slug"]: r["commune_code"] for r in opendata.records(seed, SITE)}
    assert all(codes[e.slug] for e in placed)


def test_cells_that_a_spreadsheet_would_run_are_neutralised_and_round_trip():
    from bouquet.opendata import FIELDS, _cell

    title = next(f for f in FIELDS if f.name == "title")
    assert _cell(title, '=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _cell(title, "-1 place") == "'-1 place"
    assert _cell(title, "'déjà cité") == "''déjà cité"
    assert _cell(title, "Normal") == "Normal"
