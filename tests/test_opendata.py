"""Open data: records, JSON + schema, CSV round trip, the /donnees/ page, and the
seed content's communes resolving to INSEE codes."""
from __future__ import annotations

from bouquet.filesize import file_size

import csv
import datetime as dt
import io
import json
import tempfile
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from frictionless import Package

from bouquet import geography, opendata
from bouquet.catalogue import Catalogue, build_catalogue
from bouquet.load import check_content
from bouquet.model import Experience, Lead, Link, Territory, Theme
from hashseed import outputs_under_hash_seeds
from sitebuild import ROOT

SITE = "https://bouquet.example/"
MOBILITE = Theme("Mobilité", "mobilite", "")
JEUNESSE = Theme("Jeunesse", "jeunesse", "")


def full(slug="atelier", day=dt.date(2020, 5, 1)) -> Experience:
    dep = geography.departement("35")
    assert dep is not None
    return Experience(
        slug=slug, path=f"experiences/{slug}.md", title="Un « atelier », vélo", date=day, updated=dt.date(2021, 1, 2),
        description="Deux lignes,\navec une virgule et des \"guillemets\".", themes=(MOBILITE, JEUNESSE),
        territory=Territory(geography.official_commune("St-Aubin-du-Pavail", "35"), dep, dep.region), body="Corps",
        leads=(Lead("Ville", "commune"), Lead("Association A | B")), partners=("Région",), impacts=("Plus de vélos", "Moins de voitures"),
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
    assert (record["commune"], record["commune_code"]) == ("Saint-Aubin-du-Pavail", "35069")
    assert (record["departement"], record["departement_name"], record["region"], record["region_code"]) == (
        "35", "Ille-et-Vilaine", "Bretagne", "53")
    assert record["resources_material"] is None and record["resources_human"] == "2 ETP"
    assert (record["quote_text"], record["quote_author"]) == ("Ça roule.", "Une habitante")
    assert (record["source_name"], record["source_url"]) == ("Carrefour", "https://source.example/fiche")
    # The source's dates are fields of their own, never mixed with the site's.
    assert (record["source_date"], record["source_updated"]) == ("2015-03-09", "2018-09-25")
    assert record["links"] == ["https://a.example/", "https://b.example/v"]
    # The leads by name, and the kinds the sheet gives (a lead written as text has none).
    assert record["leads"] == ["Ville", "Association A | B"] and record["lead_kinds"] == ["commune", "non précisé"]


def test_no_personal_contact_data():
    text = opendata.json_text(catalogue(full()), SITE) + opendata.csv_text(catalogue(full()), SITE)
    for secret in ("Jeanne Dupont", "jeanne@example.org", "01 02 03 04 05", "Élue"):
        assert secret not in text
    assert "https://ville.example/" in text  # the contact's web site is kept


def test_absent_values_are_null_or_empty_lists():
    [record] = opendata.records(catalogue(bare()), SITE)
    assert record["commune"] is record["commune_code"] is record["departement"] is record["region"] is None
    assert record["leads"] == record["links"] == record["lead_kinds"] == []


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
    [_, csv_path, _, _] = opendata.write(catalogue(full(), bare()), tmp_path, SITE)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert raw.count(b"\r\n") >= 3 and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(opendata.FIELD_NAMES)
    assert len(rows) == 3 and all(len(r) == len(opendata.FIELDS) for r in rows)
    descriptions = [row[opendata.FIELD_NAMES.index("description")] for row in rows[1:]]
    assert "Deux lignes,\navec une virgule et des \"guillemets\"." in descriptions  # quoted, newline kept


# -- files -------------------------------------------------------------------------

def test_write_writes_the_four_files(tmp_path):
    opendata.write(catalogue(full(), bare()), tmp_path, SITE)
    assert sorted(p.name for p in (tmp_path / "donnees").iterdir()) == [
        "datapackage.json", "experiences.csv", "experiences.json", "schema.json"]


def _written_files() -> bytes:
    seed = build_catalogue(check_content(ROOT / "content"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = opendata.write(catalogue(full(), bare()), Path(tmp) / "a", SITE) + opendata.write(seed, Path(tmp) / "b", SITE)
        return b"".join(path.name.encode() + b"\n" + path.read_bytes() for path in paths)


def test_write_gives_the_same_bytes_under_any_hash_seed():
    first, second = outputs_under_hash_seeds(_written_files)
    assert first.count(b"experiences.csv\n") == 2 and len(first) > 100_000
    assert first == second


# -- the page ------------------------------------------------------------------------

def test_page():
    page = opendata.page(catalogue(full(), bare()))
    assert (page.src_uri, page.template, page.title) == ("donnees/index.md", "opendata.html", "Données ouvertes")
    dataset = page.context["dataset"]
    assert dataset.count == 2 and dataset.fields is opendata.FIELDS
    assert [href for href, *_ in dataset.files] == ["donnees/experiences.json", "donnees/experiences.csv", "donnees/schema.json",
                                                      "donnees/datapackage.json"]


def test_each_download_gives_its_format_and_the_real_size(tmp_path):
    cat = catalogue(full(), bare())
    dataset = opendata.page(cat, "https://example.org/", "2026-01-01").context["dataset"]
    written = {p.name: p.stat().st_size for p in opendata.write(cat, tmp_path, "https://example.org/", "2026-01-01")}
    for _href, name, _, size in dataset.files:
        kind = "CSV" if name.endswith(".csv") else "JSON"
        assert size == f"{kind}, {file_size(written[name])}", name
    assert any(size.endswith("\u00a0Ko") for *_, size in dataset.files)


def test_every_field_is_documented():
    for field in opendata.FIELDS:
        assert field.label and field.description.endswith((".", ")")) and field.type_label


# -- the seed content's communes ------------------------------------------------------

def test_every_commune_named_in_the_seed_content_resolves(seed):
    placed = [e for e in seed.experiences if e.territory.commune]
    assert placed, "the seed content names communes"
    for experience in placed:
        commune = experience.territory.commune
        assert geography.find_commune(commune.name, experience.territory.departement.code) == commune, experience.slug
    codes = {r["slug"]: r["commune_code"] for r in opendata.records(seed, SITE)}
    assert all(codes[e.slug] for e in placed)


def test_cells_that_a_spreadsheet_would_run_are_neutralised_and_round_trip():
    from bouquet.opendata import FIELDS, _cell

    title = next(f for f in FIELDS if f.name == "title")
    assert _cell(title, '=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _cell(title, "-1 place") == "'-1 place"
    assert _cell(title, "'déjà cité") == "''déjà cité"
    assert _cell(title, "Normal") == "Normal"


# -- the Data Package (datapackage.json) ------------------------------------------------

FRICTIONLESS = Path(sys.executable).parent / "frictionless"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def in_gap(slug="gap") -> Experience:
    dep = geography.departement("05")
    assert dep is not None
    return Experience(slug, f"experiences/{slug}.md", "À Gap", dt.date(2019, 3, 4), "Résumé.", (MOBILITE, JEUNESSE),
                      Territory(geography.official_commune("Gap", "05"), dep, dep.region), "", leads=(Lead("Ville de Gap"),))


def write_package(folder: Path, *experiences: Experience) -> Path:
    opendata.write(catalogue(*experiences), folder, SITE, created=opendata.created_at(EPOCH))
    return folder / opendata.DIRECTORY / opendata.PACKAGE_FILE


def frictionless_validate(path: Path) -> dict:
    completed = subprocess.run([str(FRICTIONLESS), "validate", "--json", path.name], capture_output=True, text=True,
                               cwd=path.parent)
    report = json.loads(completed.stdout)
    assert (completed.returncode == 0) is report["valid"], completed.stderr
    return report


def error_types(report: dict) -> set[str]:
    return {e["type"] for task in report["tasks"] for e in task["errors"]} | {e["type"] for e in report["errors"]}


def test_the_data_package_is_valid_for_frictionless_and_keeps_codes_as_text(tmp_path):
    path = write_package(tmp_path, full(), bare(), in_gap())
    report = frictionless_validate(path)
    assert report["valid"], error_types(report)
    assert [t["name"] for t in report["tasks"]] == ["experiences-csv", "experiences-json"]
    for name in ("experiences-csv", "experiences-json"):
        rows = {row["slug"]: row for row in Package(str(path)).get_resource(name).read_rows()}
        gap = rows["gap"]
        assert (gap["departement"], gap["commune_code"], gap["region_code"]) == ("05", "05061", "93"), name
        assert gap["date"] == dt.date(2019, 3, 4) and gap["themes"] == ["Mobilité", "Jeunesse"]
        assert rows["atelier"]["leads"] == ["Ville", "Association A / B" if name.endswith("csv") else "Association A | B"]


def test_frictionless_reports_what_breaks_the_table_schema(tmp_path):
    path = write_package(tmp_path, in_gap())
    csv_path = path.parent / opendata.CSV_FILE
    header, row = csv_path.read_text(encoding="utf-8-sig").splitlines()
    broken = row.replace(',05,', ',5,').replace("2019-03-04", "2019-02-30").replace("Mobilité | Jeunesse", " | ".join(["Mobilité"] * 6))
    csv_path.write_text("\r\n".join([header, row, broken, ""]), encoding="utf-8-sig", newline="")
    report = frictionless_validate(path)
    assert not report["valid"]
    assert {"primary-key", "constraint-error", "type-error"} <= error_types(report)
    constrained = {e["fieldName"] for task in report["tasks"] for e in task["errors"] if e["type"] == "constraint-error"}
    assert constrained == {"departement", "themes"}  # "5" is no département; 6 themes are too many


def test_the_table_schema_is_the_field_list():
    package = opendata.package(SITE, "2023-11-14T22:13:20Z", site_name="Réseau des coopérations")  # mkdocs.yml's site_name
    assert package["profile"] == "tabular-data-package"
    assert [r["path"] for r in package["resources"]] == [opendata.CSV_FILE, opendata.JSON_FILE]
    for resource in package["resources"]:
        schema = resource["schema"]
        assert [f["name"] for f in schema["fields"]] == list(opendata.FIELD_NAMES)
        assert schema["primaryKey"] == ["slug"]
        for spec, field in zip(schema["fields"], opendata.FIELDS, strict=True):
            assert (spec["title"], spec["type"]) == (field.label, opendata.TABLE_TYPES[field.kind][0])
            if field.kind == "list":
                assert spec["delimiter"] == opendata.LIST_SEPARATOR and "« | »" in spec["description"]
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["departement"]["constraints"]["enum"] == [d.code for d in geography.departements()]
    assert fields["date"]["constraints"] == {"required": True} and "constraints" not in fields["leads"]
    assert fields["themes"]["constraints"] == fields["theme_slugs"]["constraints"] == {
        "required": True, "minLength": 1, "maxLength": 5}
    assert package["licenses"] == [{"name": "etalab-2.0", "title": opendata.LICENSE, "path": opendata.LICENSE_URL}]
    assert package["sources"] == [{"title": "Réseau des coopérations", "path": SITE}]
    assert package["title"] == "Expériences du Réseau des coopérations"


def test_the_commune_code_pattern_accepts_every_commune():
    import re

    pattern = re.compile(opendata.COMMUNE_CODE_PATTERN)
    codes = [c.code for d in geography.departements() for c in geography.communes_in(d.code)]
    assert len(codes) > 30000 and all(pattern.fullmatch(code) for code in codes)


def test_created_comes_from_source_date_epoch_only():
    assert opendata.created_at(EPOCH) == "2023-11-14T22:13:20Z"
    assert opendata.created_at({}) is None
    assert "created" not in opendata.package(SITE, None)
    assert opendata.package_text(SITE, "2023-11-14T22:13:20Z") == opendata.package_text(SITE, "2023-11-14T22:13:20Z")
