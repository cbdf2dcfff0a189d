"""Communes typed in an unofficial form: resolved to the official commune at load
time (the site prints « Blanquefort »), and rewritten in the file by check.py --fix."""
import subprocess
import sys
from pathlib import Path

import pytest

from content_tree import experience

from bouquet import fixes, geography
from bouquet.catalogue import build_catalogue, territory_of

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check.py"


def run(tree, *args):
    return subprocess.run([sys.executable, str(SCRIPT), "content", *args], cwd=tree.root, capture_output=True, text=True)


@pytest.mark.parametrize(("typed", "departement", "official"), [
    ("BLANQUEFORT", "33", "Blanquefort"),
    ("blanquefort", "33", "Blanquefort"),
    ("Echirolles", "38", "Échirolles"),  # accent missing
    ("Vitry le Francois", "51", "Vitry-le-François"),  # hyphens and cedilla missing
    ("St-Aubin-du-Pavail", "35", "Saint-Aubin-du-Pavail"),  # a former commune keeps its own name
    ("Vrigne-aux-Bois", "08", "Vrigne-aux-Bois"),  # already an official (former) name: kept as typed
])
def test_a_commune_resolves_to_its_official_name(typed, departement, official):
    found = geography.official_commune(typed, departement)
    assert found is not None and found.name == official
    territory = territory_of({"commune": typed, "departement": departement})
    assert territory.commune == found and territory.label == f"{official} ({departement})"


def test_the_catalogue_carries_the_official_commune(tree):
    tree.write("experiences/x.md", experience(commune="commune: BLANQUEFORT"))
    result = tree.check()
    assert result.problems == []
    (sheet,) = build_catalogue(result).experiences
    assert sheet.territory.commune.name == "Blanquefort" and sheet.territory.commune.code == "33056"


def test_check_lists_the_corrections_without_writing_them(tree):
    path = tree.write("experiences/x.md", experience(commune="commune: BLANQUEFORT"))
    before = path.read_bytes()
    completed = run(tree)
    assert completed.returncode == 0, completed.stdout
    assert ("content/experiences/x.md:7: commune à corriger : « BLANQUEFORT » → « Blanquefort » (nom officiel)"
            in completed.stdout.splitlines())
    assert "--fix" in completed.stdout.splitlines()[-1]
    assert path.read_bytes() == before


@pytest.mark.parametrize(("line", "written"), [
    ("commune: BLANQUEFORT", "commune: Blanquefort"),
    ('commune: "blanquefort"', 'commune: "Blanquefort"'),
    ("commune: 'vitry le francois'   # à vérifier", "commune: 'Vitry-le-François'   # à vérifier"),
    ("commune:   saint aubin du pavail", "commune:   Saint-Aubin-du-Pavail"),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fix_rewrites_only_that_value(tree, line, written, newline):
    departement = {"BLANQUEFORT": "33", '"blanquefort"': "33"}.get(line.split(": ", 1)[1].strip(), None)
    departement = departement or ("51" if "vitry" in line else "35")
    text = experience(commune=line, departement=f'departement: "{departement}"').replace("\n", newline)
    path = tree.write("experiences/x.md", "\ufeff" + text)
    completed = run(tree, "--fix")
    assert completed.returncode == 0, completed.stdout
    assert path.read_bytes() == ("\ufeff" + text.replace(line, written)).encode("utf-8")
    assert any(" commune corrigée : " in output for output in completed.stdout.splitlines())
    assert completed.stdout.splitlines()[-1] == "1 valeur(s) corrigée(s)."
    # Nothing left to correct, and the file is still valid.
    again = run(tree)
    assert again.returncode == 0 and "corrig" not in again.stdout


def test_fix_leaves_official_names_and_other_files_alone(tree):
    official = tree.write("experiences/a.md", experience())
    before = official.read_bytes()
    assert fixes.commune_fixes(tree.check(), tree.content) == []
    completed = run(tree, "--fix")
    assert completed.returncode == 0 and "corrig" not in completed.stdout
    assert official.read_bytes() == before


def test_a_value_over_several_lines_is_listed_but_not_rewritten(tree):
    path = tree.write("experiences/x.md", experience(commune="commune: VITRY\n  LE FRANCOIS", departement='departement: "51"'))
    before = path.read_bytes()
    found = fixes.commune_fixes(tree.check(), tree.content)
    assert [(f.typed, f.official) for f in found] == [("VITRY LE FRANCOIS", "Vitry-le-François")]
    assert fixes.apply(found) == []
    assert path.read_bytes() == before
    completed = run(tree, "--fix")
    assert completed.stdout.splitlines()[-1] == "0 valeur(s) corrigée(s) ; 1 à corriger à la main (valeur sur plusieurs lignes)."


def test_rewrite_line_keeps_what_surrounds_the_value():
    assert fixes.rewrite_line("commune: agen # ville", "commune", "Agen") == "commune: Agen # ville"
    assert fixes.rewrite_line("commune: l'hay les roses", "commune", "L'Haÿ-les-Roses") == "commune: L'Haÿ-les-Roses"
    assert fixes.rewrite_line("title: agen", "commune", "Agen") is None
    assert fixes.rewrite_line('commune: "BLANQUE', "commune", "Blanquefort") is None


def test_every_output_prints_the_official_name_never_the_object(tree):
    # The site's template, the search record, open data and the PDF edition all read
    # Territory.commune, now a Commune: each prints its name.
    from bouquet import edition, opendata
    from bouquet.search import experience_record

    tree.write("experiences/x.md", experience(commune="commune: BLANQUEFORT"))
    tree.write("bouquets/b.md", "---\ntitle: Un bouquet\ndate: 2020-01-01\ndescription: Résumé.\nexperiences:\n  - x\n---\nIntroduction.\n")
    result = tree.check()
    assert result.problems == []
    catalogue = build_catalogue(result)
    (sheet,), (bouquet,) = catalogue.experiences, catalogue.bouquets
    html = edition.edition_html(bouquet, (sheet,), site_url="https://bouquet.example/", site_name="Bouquet", created="2026-11-21T10:00:00Z")
    assert "Blanquefort, Gironde (33)" in html and "Commune(" not in html and "BLANQUEFORT" not in html
    record = experience_record(sheet, "", ())
    indexed = record.html()  # the place is a weighted part of the record, not its plain text
    assert "Blanquefort" in indexed and "BLANQUEFORT" not in indexed
    (row,) = opendata.records(catalogue, "https://bouquet.example/")
    assert (row["commune"], row["commune_code"]) == ("Blanquefort", "33056")


def test_github_mode_keeps_stdout_for_annotations(tree):
    tree.write("experiences/x.md", experience(commune="commune: BLANQUEFORT"))
    completed = run(tree, "--github")
    assert completed.returncode == 0 and "BLANQUEFORT" not in completed.stdout
    assert "content/experiences/x.md:7: commune à corriger : « BLANQUEFORT » → « Blanquefort » (nom officiel)" in completed.stderr
