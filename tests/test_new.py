"""scripts/new.py (`make new`) and the generated field tables of CONTRIBUTING.md."""
from __future__ import annotations

import datetime as dt
import importlib.util
import io
import shutil
import subprocess
import sys

import dataclasses

import pytest

from bouquet.schema import EXPERIENCE_FIELDS, Kind, example_value

from sitebuild import ROOT

SCRIPTS = ROOT / "scripts"
NEW = SCRIPTS / "new.py"
CHECK = SCRIPTS / "check.py"


def _load(name: str):
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


new = _load("new")
fields_doc = _load("fields_doc")

TITLE = "Équipe d'été à Saint-Étienne"
SLUG = "equipe-dete-a-saint-etienne"  # as the web editor names it: the apostrophe dropped


@pytest.fixture
def real_tree(tree):
    """A ContentTree with the real theme and audience vocabularies."""
    shutil.copy(ROOT / "content" / "themes.yml", tree.content / "themes.yml")
    shutil.copy(ROOT / "content" / "publics.yml", tree.content / "publics.yml")
    return tree


def run_new(tree, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(NEW), *args], cwd=tree.root, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)


def args(title: str = TITLE, *extra: str) -> list[str]:
    return ["--title", title, "--commune", "Saint-Étienne", "--departement", "42",
            "--theme", "Jeunesse", "--theme", "Mobilité", "--date", "2026-01-02", *extra]


def test_writes_a_file_that_passes_the_check(real_tree):
    completed = run_new(real_tree, *args())
    assert completed.returncode == 0, completed.stderr
    path = real_tree.content / "experiences" / f"{SLUG}.md"
    assert f"content/experiences/{SLUG}.md" in completed.stdout
    assert real_tree.problems() == []
    check = subprocess.run([sys.executable, str(CHECK), "content"], cwd=real_tree.root, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    document = real_tree.check().documents[0]
    values = document.front.values
    assert values["title"] == TITLE and values["date"] == dt.date(2026, 1, 2)
    assert values["tags"] == ["Jeunesse", "Mobilité"]
    assert values["commune"] == "Saint-Étienne" and values["departement"] == "42"
    assert values["draft"] is True  # published once written, by removing the line
    text = path.read_text(encoding="utf-8")
    for section in ("## Origine", "## Description", "## Mise en œuvre", "## Résultats"):
        assert section in text
    # Every optional field is there as a commented-out example, with a French comment.
    for name in ("updated", "region", "leads", "partners", "impacts", "resources", "quote", "contact", "source", "links", "image"):
        assert f"\n# {name}:" in text, name


def test_running_twice_with_the_same_title_refuses_and_keeps_the_file(real_tree):
    assert run_new(real_tree, *args()).returncode == 0
    path = real_tree.content / "experiences" / f"{SLUG}.md"
    before = path.read_bytes()
    second = run_new(real_tree, *args(TITLE, "--description", "Autre résumé."))
    assert second.returncode == 1
    assert f"content/experiences/{SLUG}.md existe déjà" in second.stderr
    assert "rien n'a été écrit" in second.stderr
    assert path.read_bytes() == before


def test_today_is_the_default_date(real_tree):
    assert run_new(real_tree, "--title", "Une fiche", "--theme", "Solidarité").returncode == 0
    values = real_tree.check().documents[0].front.values
    assert values["date"] == dt.date.today()


@pytest.mark.parametrize(("title", "slug"), [
    (TITLE, SLUG),
    ("Œuvres  communes : l'an 2000 !", "oeuvres-communes-lan-2000"),
    ("  Café partenaires — Fumel (47)  ", "cafe-partenaires-fumel-47"),
])
def test_slug_folds_accents_and_joins_words_with_hyphens(title, slug):
    assert new.make_slug(title) == slug


def test_a_title_the_web_editor_would_name_with_an_underscore_is_refused(real_tree):
    completed = run_new(real_tree, "--title", "Atelier_vélo", "--theme", "Jeunesse")
    assert completed.returncode == 1 and "« atelier_velo.md »" in completed.stderr and "_ et ~" in completed.stderr


def test_a_title_without_letters_is_refused(real_tree):
    completed = run_new(real_tree, "--title", "« ! »", "--theme", "Jeunesse")
    assert completed.returncode == 1 and "nom de fichier" in completed.stderr


def test_unknown_theme_is_refused_with_a_suggestion_and_nothing_written(real_tree):
    completed = run_new(real_tree, "--title", "Une fiche", "--theme", "Mobilte")
    assert completed.returncode == 1
    assert "Vouliez-vous dire « Mobilité » ?" in completed.stderr
    assert list((real_tree.content / "experiences").iterdir()) == []


def test_theme_differing_only_by_accents_or_case_gets_its_official_spelling(real_tree):
    assert run_new(real_tree, "--title", "Une fiche", "--theme", "mobilite", "--theme", "JEUNESSE").returncode == 0
    assert real_tree.check().documents[0].front.values["tags"] == ["Mobilité", "Jeunesse"]


def test_commune_is_checked_in_its_departement(real_tree):
    completed = run_new(real_tree, "--title", "Une fiche", "--theme", "Jeunesse", "--commune", "Blanquefor", "--departement", "33")
    assert completed.returncode == 1
    assert "Aucune commune « Blanquefor » dans le département Gironde (33)" in completed.stderr
    assert "Blanquefort" in completed.stderr
    without = run_new(real_tree, "--title", "Une fiche", "--theme", "Jeunesse", "--commune", "Blanquefort")
    assert without.returncode == 1 and "sans département" in without.stderr


def test_commune_and_departement_names_are_normalised(real_tree):
    completed = run_new(real_tree, "--title", "Une fiche", "--theme", "Jeunesse", "--commune", "st etienne", "--departement", "Loire")
    assert completed.returncode == 0, completed.stderr
    values = real_tree.check().documents[0].front.values
    assert (values["commune"], values["departement"]) == ("Saint-Étienne", "42")


def test_missing_arguments_without_a_terminal_is_a_usage_error(real_tree):
    completed = run_new(real_tree, "--title", "Une fiche")
    assert completed.returncode == 2 and "--theme" in completed.stderr


def test_too_long_title_is_reported_by_the_checker_rules(real_tree):
    completed = run_new(real_tree, "--title", "Titre " * 40, "--theme", "Jeunesse")
    assert completed.returncode == 1
    assert "texte-trop-long" in completed.stderr
    assert list((real_tree.content / "experiences").iterdir()) == []


def test_interactive_questions(real_tree, monkeypatch, capsys):
    answers = "\n".join([
        TITLE,
        "Gironde",        # a département name: converted to its code
        "Blanquefor",     # refused with a suggestion, asked again
        "Blanquefort",
        "Mobilte",        # refused, asked again
        "14, Jeunesse",   # a number from the printed list and a name
        "Un résumé en une phrase.",
    ]) + "\n"
    monkeypatch.chdir(real_tree.root)
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    assert new.main(["--date", "2026-01-02"], interactive=True) == 0
    out = capsys.readouterr().out
    assert "Vouliez-vous dire « Blanquefort » ?" in out and "Vouliez-vous dire « Mobilité » ?" in out
    values = real_tree.check().documents[0].front.values
    assert values["departement"] == "33" and values["commune"] == "Blanquefort"
    assert values["tags"] == ["Mobilité", "Jeunesse"] and values["description"] == "Un résumé en une phrase."
    assert real_tree.problems() == []


def test_every_example_is_valid_once_uncommented(real_tree):
    values = {"title": "Un atelier vélo", "date": dt.date(2013, 2, 25), "description": "Un résumé.", "tags": ["Mobilité"],
              "commune": "Blanquefort", "departement": "33",
              **{spec.name: example_value(spec) for spec in EXPERIENCE_FIELDS
                 if not spec.required and spec.kind is not Kind.BOOL and spec.name not in ("commune", "departement")}}
    real_tree.write("experiences/exemple.md", new.render(values, dt.date(2013, 2, 25)))
    # The example image and the experience inspired_by names are not in this tree; everything else is valid.
    assert [code for _, _, code in real_tree.codes()] == ["essaimage-inconnue", "image-introuvable"]


def test_every_optional_field_has_its_example_in_the_schema():
    missing = [spec.name for spec in EXPERIENCE_FIELDS if not spec.required and example_value(spec) is None]
    assert missing == []


def test_a_renamed_field_keeps_its_example(monkeypatch):
    """The examples are the schema's, not a table of field names that a rename would leave behind."""
    renamed = tuple(dataclasses.replace(spec, name=f"{spec.name}_x") if not spec.required else spec for spec in EXPERIENCE_FIELDS)
    monkeypatch.setattr(new, "EXPERIENCE_FIELDS", renamed)
    text = new.render({"title": "T", "date": dt.date(2026, 1, 2), "description": "D", "tags": ["Mobilité"]}, dt.date(2026, 1, 2))
    assert "# partners_x:\n#   - \"Association Vélo-Cité\"" in text
    assert "# source_x:\n#   name: \"Mairie-conseils\"" in text and "#   date: 2013-02-25\n" in text
    assert "null" not in text


def test_the_comments_name_fields_that_exist():
    assert set(new.COMMENTS) <= {spec.name for spec in EXPERIENCE_FIELDS}


def test_contributing_example_header_is_valid(real_tree):
    text = fields_doc.full_example()
    real_tree.write("experiences/exemple.md", text + "\n")
    # Like the image, the experience its inspired_by names is not in this tree.
    assert [code for _, _, code in real_tree.codes()] == ["essaimage-inconnue", "image-introuvable"]


def test_contributing_field_tables_are_generated_from_the_schema():
    current = fields_doc.current_block((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), "champs")
    assert current == fields_doc.fields_block(), "Lancez `python scripts/fields_doc.py --write` après une modification de schema.py."


BROKEN = """\
---
title: "Un atelier vélo municipal à Blanquefort"
date: 2013-02-30
description: "La ville accompagne les habitants dans la réparation de leurs vélos."
tags:
  - "Mobilite"
commune: "Blanquefor"
departement: 33
source:
  nom: "Mairie-conseils"
---

## Origine

En 2011, la ville…
"""


def test_contributing_error_examples_are_what_the_checker_prints(real_tree):
    """The three examples of CONTRIBUTING.md are real output of scripts/check.py."""
    real_tree.write("experiences/atelier-velo-blanquefort.md", BROKEN)
    check = subprocess.run([sys.executable, str(CHECK), "content"], cwd=real_tree.root, capture_output=True, text=True)
    assert check.returncode == 1
    lines = {line.split(": ", 2)[1].split(" ", 1)[0]: line for line in check.stdout.splitlines() if line.startswith("content/")}
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for code in ("theme-inconnu", "commune-inconnue", "date-impossible"):
        assert lines[code] in guide, f"Mettez à jour l'exemple « {code} » de CONTRIBUTING.md :\n{lines[code]}"
