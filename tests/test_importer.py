"""bouquet.importer and scripts/import_experiences.py (`make import`).

The fixture tests/fixtures/import/experiences-reseau-test.csv is fictional test data
(source « Réseau test », URLs under reseau-test.example.org): 32 rows with the usual
defects of a network's spreadsheet, imported into temporary copies of content/ only.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bouquet import importer, opendata
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from sitebuild import ROOT

SCRIPT = ROOT / "scripts" / "import_experiences.py"
CHECK = ROOT / "scripts" / "check.py"
FIXTURE = ROOT / "tests" / "fixtures" / "import" / "experiences-reseau-test.csv"
SEED_DUPLICATE = "content/experiences/atelier-mobilites-modernes-blanquefort.md"

#: Rows of the fixture that are created, ignored or refused (spreadsheet row numbers).
IGNORED = {9, 10, 30}
REFUSED = {6, 7, 8, 13, 14, 15, 17, 20, 24, 26, 28, 29, 31}
CREATED = set(range(2, 34)) - IGNORED - REFUSED


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the repository's content/ in a temporary root (the import's target)."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def run_import(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=root, capture_output=True, text=True)


def lines_by_row(report: list[str]) -> dict[int, str]:
    return {int(line.split(" ", 2)[1]): line for line in report if line.startswith("ligne ")}


def statuses(result: importer.Plan) -> dict[int, str]:
    return {row.line: row.status for row in result.rows}


def test_the_fixture_is_a_realistic_spreadsheet():
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.startswith("\ufeff") and text.splitlines()[0].count(";") >= 10  # Excel's « CSV UTF-8 », semicolons
    assert len(importer.read_table(FIXTURE).rows) >= 30
    assert "Réseau test" in text


def test_report_row_by_row(site):
    result = importer.plan(FIXTURE, site / "content")
    report = result.report(written=False)
    rows = lines_by_row(report)
    assert statuses(result) == {**{n: "créée" for n in CREATED}, **{n: "ignorée" for n in IGNORED},
                                **{n: "refusée" for n in REFUSED}}
    assert rows[2] == "ligne 2 : à créer → content/experiences/un-jardin-partage-au-pied-des-immeubles-de-lormont.md"
    # French dates
    assert rows[3] == ("ligne 3 : à créer → content/experiences/une-ressourcerie-ephemere-a-begles.md "
                       "(date de mise en ligne « 25/11/2026 » → 2026-11-25 ; date de la source « 3 mars 2021 » → 2021-03-03)")
    assert "date de la source « 1er février 2020 » → 2020-02-01" in rows[21]
    assert "date de la source « mars 2021 » imprécise, non reprise" in rows[12] and "à créer" in rows[12]
    assert rows[13].startswith("ligne 13 : refusée — date de mise en ligne « juin 2026 » imprécise")
    assert rows[14] == "ligne 14 : refusée — date de mise en ligne manquante (remplissez la cellule ou donnez --date)"
    assert "date de la source « 31/02/2021 » illisible" in rows[26]
    # Départements by name, postcode, lower case; a close spelling is only a suggestion
    assert "département « Gironde » → 33" in rows[4]
    assert "département « Loire-Atlantique » → 44" in rows[18]
    assert "département « 40100 » → 40" in rows[32]
    assert "département « 2a » → 2A" in rows[22]
    assert "département déduit de la commune : 29" in rows[23]
    assert rows[15] == "ligne 15 : refusée — département « Gyronde » inconnu (vouliez-vous dire « 33 » (Gironde) ?)"
    # Themes: case, accents, plural accepted; anything else refused with the suggestion
    assert "thème « mobilite » → « Mobilité »" in rows[5]
    assert "thème « vie associative et benevolat » → « Vie associative et bénévolat »" in rows[27]
    assert "thème « Jeunesses » → « Jeunesse »" in rows[18]
    assert rows[6] == "ligne 6 : refusée — thème inconnu « Jeunes » (vouliez-vous dire « Jeunesse » ?)"
    assert rows[24] == "ligne 24 : refusée — thème inconnu « Habitat & logement » (vouliez-vous dire « Habitat et logement » ?)"
    assert rows[29] == "ligne 29 : refusée — thème manquant"
    # Publics (content/publics.yml): the same rule
    assert rows[4].startswith("ligne 4 : à créer → content/experiences/un-conseil-des-aines-a-merignac.md "
                              "(public « personnes agées » → « Personnes âgées » ;")
    assert rows[31] == "ligne 31 : refusée — public inconnu « Seniors » (voir content/publics.yml)"
    # Empty required cells, several reasons on one line
    assert rows[7] == "ligne 7 : refusée — titre manquant"
    assert rows[8] == "ligne 8 : refusée — résumé manquant ; thème inconnu « Jeunesse et sport » (vouliez-vous dire « Jeunesse » ?)"
    # Communes: official spelling, or refused with the close names
    assert "commune « saint etienne » → « Saint-Étienne »" in rows[11]
    assert rows[17] == "ligne 17 : refusée — aucune commune « Blanquefor » dans le département 33 (vouliez-vous dire « Blanquefort » ?)"
    assert rows[20] == "ligne 20 : refusée — région « Bretagne » : le département 23 est en Nouvelle-Aquitaine"
    # The checker's own message for what only it knows
    assert rows[28].startswith("ligne 28 : refusée — « source › url » n'est pas une adresse web valide : « www.reseau-test ».")
    assert rows[28].endswith("[url-invalide]")
    # Already present: in content/, or earlier in the same file
    assert rows[9] == "ligne 9 : ignorée — déjà présente (même source et même lien : ligne 2)"
    assert rows[10] == f"ligne 10 : ignorée — déjà présente (même titre et même commune : {SEED_DUPLICATE})"
    assert rows[30] == "ligne 30 : ignorée — déjà présente (même titre et même commune : ligne 11)"
    # Same title, other place: a distinct file name, said
    assert rows[16] == ("ligne 16 : à créer → content/experiences/un-conseil-des-aines-a-merignac-2.md "
                        "(nom de fichier « un-conseil-des-aines-a-merignac.md » déjà pris : « un-conseil-des-aines-a-merignac-2.md »)")
    assert report[0].startswith("Colonnes inconnues, non importées : « Remarque interne »")
    assert report[-1] == (f"{len(CREATED)} à créer, 3 ignorées, {len(REFUSED)} refusées. "
                          "Essai : rien n'a été écrit (relancez avec --write pour créer les fichiers).")


def test_an_imported_file_keeps_its_source_and_the_spreadsheet_values(site):
    result = importer.plan(FIXTURE, site / "content")
    row = next(r for r in result.rows if r.line == 3)
    assert row.text.startswith("---\ntitle: \"Une ressourcerie éphémère à Bègles\"\ndate: 2026-11-25\n")
    assert ('source:\n  name: "Réseau test"\n  url: "https://reseau-test.example.org/fiches/002"\n  date: 2021-03-03\n'
            in row.text)
    body = next(r for r in result.rows if r.line == 25).text
    assert body.endswith("---\n\n## Origine\n\nDes parents souhaitaient se rencontrer hors des réunions officielles.\n\n"
                         "## Description\n\nUn café est servi chaque mardi matin dans une salle de l'école.\n")
    month_only = next(r for r in result.rows if r.line == 12).text
    assert "  date:" not in month_only  # « mars 2021 » is not a day


def test_dry_run_writes_nothing_then_write_creates_files_the_checker_accepts(site):
    before = sorted(p.name for p in (site / "content" / "experiences").iterdir())
    dry = run_import(site, str(FIXTURE))
    assert dry.returncode == 1, dry.stderr  # some rows are refused
    assert "Essai : rien n'a été écrit" in dry.stdout
    assert sorted(p.name for p in (site / "content" / "experiences").iterdir()) == before

    written = run_import(site, str(FIXTURE), "--write")
    assert written.returncode == 1, written.stderr
    rows = lines_by_row(written.stdout.splitlines())
    assert rows[2] == "ligne 2 : créée → content/experiences/un-jardin-partage-au-pied-des-immeubles-de-lormont.md"
    assert written.stdout.splitlines()[-1] == f"{len(CREATED)} créées, 3 ignorées, {len(REFUSED)} refusées."
    new = sorted(set(p.name for p in (site / "content" / "experiences").iterdir()) - set(before))
    assert len(new) == len(CREATED)
    check = subprocess.run([sys.executable, str(CHECK), "content"], cwd=site, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr

    again = run_import(site, str(FIXTURE), "--write")
    result = lines_by_row(again.stdout.splitlines())
    assert not any("créée" in line for line in result.values())
    assert {n for n, line in result.items() if "ignorée — déjà présente" in line} == CREATED | IGNORED
    assert again.stdout.splitlines()[-1] == f"0 créée, {len(CREATED) + 3} ignorées, {len(REFUSED)} refusées."
    assert sorted(set(p.name for p in (site / "content" / "experiences").iterdir()) - set(before)) == new


def test_an_existing_file_is_never_overwritten(site):
    taken = site / "content" / "experiences" / "un-jardin-partage-au-pied-des-immeubles-de-lormont.md"
    taken.write_text(original := (site / "content" / "experiences" / "bureau-des-temps.md").read_text(encoding="utf-8")
                     .replace("Bureau des temps", "Un autre titre"), encoding="utf-8")
    result = importer.plan(FIXTURE, site / "content")
    row = next(r for r in result.rows if r.line == 2)
    assert row.path == "content/experiences/un-jardin-partage-au-pied-des-immeubles-de-lormont-2.md"
    assert "déjà pris" in row.report(False)
    # A file that appears between the dry run and the writing: the row is refused, the file kept.
    late = site / "content" / "experiences" / "une-ressourcerie-ephemere-a-begles.md"
    late.write_text("quelqu'un d'autre", encoding="utf-8")
    importer.write(result)
    assert late.read_text(encoding="utf-8") == "quelqu'un d'autre"
    assert taken.read_text(encoding="utf-8") == original
    assert next(r for r in result.rows if r.line == 3).report(True) == (
        "ligne 3 : refusée — content/experiences/une-ressourcerie-ephemere-a-begles.md existe déjà : rien n'a été écrit")


def test_date_option_fills_empty_cells_and_a_missing_column(site, tmp_path):
    result = importer.plan(FIXTURE, site / "content", dt.date(2026, 12, 1))
    assert statuses(result)[14] == "créée"
    assert "date: 2026-12-01\n" in next(r for r in result.rows if r.line == 14).text
    sheet = tmp_path / "sans-date.csv"
    sheet.write_text("Titre,Résumé,Thèmes,Source\nUn essai sans date,Un résumé de test.,Mobilité,Réseau test\n", encoding="utf-8")
    today = importer.plan(sheet, site / "content")
    assert f"date: {dt.date.today().isoformat()}\n" in today.rows[0].text


def _rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))


def test_a_comma_separated_csv_without_bom_gives_the_same_report(site, tmp_path):
    other = tmp_path / "virgules.csv"
    with open(other, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(_rows())
    assert importer.plan(other, site / "content").report(False) == importer.plan(FIXTURE, site / "content").report(False)


def test_the_same_spreadsheet_as_xlsx(site, tmp_path):
    import openpyxl  # a runtime dependency (pyproject.toml): no skip

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for number, cells in enumerate(_rows(), 1):
        values: list[object] = list(cells)
        if number == 2:  # a real date cell, as Excel stores a typed date
            values[2] = dt.datetime(2026, 11, 25)
        sheet.append(values)
    path = tmp_path / "reseau-test.xlsx"
    workbook.save(path)
    xlsx = importer.plan(path, site / "content")
    assert statuses(xlsx) == statuses(importer.plan(FIXTURE, site / "content"))
    assert lines_by_row(xlsx.report(False))[2] == lines_by_row(importer.plan(FIXTURE, site / "content").report(False))[2]
    completed = run_import(site, str(path), "--write")
    assert f"{len(CREATED)} créées" in completed.stdout
    check = subprocess.run([sys.executable, str(CHECK), "content"], cwd=site, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


@pytest.fixture
def empty_site(tmp_path) -> Path:
    """A content tree with the seed's vocabularies and no experience."""
    content = tmp_path / "site" / "content"
    (content / "experiences").mkdir(parents=True)
    for name in ("themes.yml", "publics.yml"):
        shutil.copy(ROOT / "content" / name, content / name)
    return tmp_path / "site"


def _comparable(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "url"} for r in records]


@pytest.mark.parametrize("entry", ["json", "package"])
def test_the_seed_open_data_round_trips_into_an_empty_tree(empty_site, tmp_path, entry):
    catalogue = build_catalogue(check_content(ROOT / "content"))
    published = tmp_path / "donnees"
    published.mkdir()
    for name, data in opendata.contents(catalogue, "https://bouquet.example.org").items():
        (published / name).write_bytes(data)
    source = published / (opendata.JSON_FILE if entry == "json" else opendata.PACKAGE_FILE)
    result = importer.plan(source, empty_site / "content")
    assert result.count("créée") == len(catalogue.experiences), result.report(False)
    assert result.unknown_columns == []
    importer.write(result)
    check = subprocess.run([sys.executable, str(CHECK), "content"], cwd=empty_site, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    again = build_catalogue(check_content(empty_site / "content"))
    original = json.loads(opendata.json_text(catalogue, "https://bouquet.example.org"))["experiences"]
    imported = json.loads(opendata.json_text(again, "https://bouquet.example.org"))["experiences"]
    assert imported == original
    assert importer.plan(source, empty_site / "content").count("créée") == 0  # re-run: all already present


def test_the_open_data_csv_through_its_datapackage(empty_site, tmp_path):
    catalogue = build_catalogue(check_content(ROOT / "content"))
    published = tmp_path / "donnees"
    published.mkdir()
    for name, data in opendata.contents(catalogue).items():
        (published / name).write_bytes(data)
    package = json.loads((published / opendata.PACKAGE_FILE).read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["format"] == "csv"]
    (published / opendata.PACKAGE_FILE).write_text(json.dumps(package), encoding="utf-8")
    result = importer.plan(published / opendata.PACKAGE_FILE, empty_site / "content")
    assert result.count("créée") == len(catalogue.experiences), result.report(False)


@pytest.mark.parametrize(("text", "day"), [
    ("2021-03-03", dt.date(2021, 3, 3)), ("03/03/2021", dt.date(2021, 3, 3)), ("3/3/2021", dt.date(2021, 3, 3)),
    ("3 mars 2021", dt.date(2021, 3, 3)), ("1er février 2020", dt.date(2020, 2, 1)), ("12 Décembre 2019", dt.date(2019, 12, 12)),
    ("3 aout 2021", dt.date(2021, 8, 3)), (dt.datetime(2021, 3, 3, 0, 0), dt.date(2021, 3, 3)),
])
def test_french_dates(text, day):
    assert importer.parse_date(text) == day


@pytest.mark.parametrize("text", ["mars 2021", "2021", "03/2021", "Juin 2026"])
def test_a_month_or_a_year_is_not_a_date(text):
    with pytest.raises(importer.Imprecise):
        importer.parse_date(text)


@pytest.mark.parametrize("text", ["31/02/2021", "3 marz 2021", "bientôt", "2021-13-01"])
def test_not_dates(text):
    with pytest.raises(ValueError):
        importer.parse_date(text)


@pytest.mark.parametrize(("column", "key"), [
    ("Titre", "title"), ("TITRE", "title"), ("title", "title"), ("Résumé", "description"), ("Description", "description"),
    ("Date de mise en ligne", "date"), ("Commune", "commune"), ("Département", "departement"), ("departement", "departement"),
    ("Région", "region"), ("Thèmes", "tags"), ("Porteurs", "leads"), ("Partenaires", "partners"), ("Source", "source.name"),
    ("Lien source", "source.url"), ("URL de la source", "source.url"), ("Date de la source", "source.date"),
    ("Texte", "body"), ("Corps", "body"), ("  lien_source ", "source.url"),
])
def test_column_names(column, key):
    mapping, unknown, _ = importer.map_columns([column])
    assert mapping == {0: key} and unknown == []


def test_unknown_and_repeated_columns_are_reported():
    mapping, unknown, _ = importer.map_columns(["Titre", "Couleur préférée", "Résumé", "Description"])
    assert mapping == {0: "title", 2: "description"}
    assert unknown == ["Couleur préférée", "Description (en double)"]


def test_an_unreadable_file_exits_2(site, tmp_path):
    bad = tmp_path / "tableur.ods"
    bad.write_text("x", encoding="utf-8")
    completed = run_import(site, str(bad))
    assert completed.returncode == 2 and "format inconnu" in completed.stderr
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("Titre;Résumé\nÉté;x\n".encode("cp1252"))
    completed = run_import(site, str(latin))
    assert completed.returncode == 2 and "n'est pas en UTF-8" in completed.stderr
    no_title = tmp_path / "sans-titre.csv"
    no_title.write_text("Nom;Résumé\nx;y\n", encoding="utf-8")
    completed = run_import(site, str(no_title))
    assert completed.returncode == 2 and "aucune colonne « Titre »" in completed.stderr


def test_the_column_table_of_contributing_is_what_the_importer_reads():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("## Importer un tableur", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| «")]
    assert len(rows) >= 15
    for line in rows:
        names_cell, field_cell = line.split("|")[1:3]
        names = [part.split("»")[0].strip() for part in names_cell.split("«")[1:]]
        field = field_cell.strip().strip("`") if "`" in field_cell else "body"
        for name in names:
            mapping, unknown, _ = importer.map_columns([name])
            assert unknown == [] and (mapping[0] == field or mapping[0].startswith(field + ".")), (name, mapping)
    assert "make import IMPORT_ARGS=" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## import:" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_report_shown_in_contributing_is_real_output(site):
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("## Importer un tableur", 1)[1].split("\n## ", 1)[0]
    example = section.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    report = importer.plan(FIXTURE, site / "content").report(written=False)
    assert len(example) >= 4
    for line in example:
        assert line in report, f"Mettez à jour l'exemple de rapport de CONTRIBUTING.md : {line}"


def test_the_kinds_of_the_leads_column(site, tmp_path):
    """« Types des porteurs »: one kind per lead, in the same order, spelled as the closed list."""
    sheet = tmp_path / "porteurs.csv"
    header = ["Titre", "Résumé", "Thèmes", "Date de mise en ligne", "Porteurs", "Types des porteurs"]
    rows = [
        ["Un relais à Gap", "Résumé.", "Mobilité", "2026-11-25", "Ville de Gap ; Association Relais", "Mairie ; association"],
        ["Un café à Gap", "Résumé.", "Mobilité", "2026-11-25", "Ville de Gap ; Association Relais", "commune"],
        ["Une épicerie à Gap", "Résumé.", "Mobilité", "2026-11-25", "Épicerie de Gap", "religion"],
        ["Un atelier à Gap", "Résumé.", "Mobilité", "2026-11-25", "Atelier ; Ville de Gap", "non précisé ; Commune"],
    ]
    with open(sheet, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    result = importer.plan(sheet, site / "content")
    report = lines_by_row(result.report(False))
    assert statuses(result) == {2: "créée", 3: "refusée", 4: "refusée", 5: "créée"}
    assert "type de structure porteuse « Mairie » → « commune »" in report[2]
    assert report[3] == ("ligne 3 : refusée — 1 type(s) de structure porteuse pour 2 porteur(s) : "
                         "donnez un type par porteur, dans le même ordre, séparés par « ; »")
    assert report[4] == "ligne 4 : refusée — type de structure porteuse inconnu « religion » (vouliez-vous dire « région » ?)"
    first, last = (next(r for r in result.rows if r.line == n).text for n in (2, 5))
    assert 'leads:\n  - name: "Ville de Gap"\n    kind: "commune"\n  - name: "Association Relais"\n    kind: "association"\n' in first
    assert 'leads:\n  - "Atelier"\n  - name: "Ville de Gap"\n    kind: "commune"\n' in last  # « non précisé »: a lead without kind
