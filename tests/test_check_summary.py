"""The pull-request check's French summary: every problem, its line, its field as the form names it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bouquet.check_summary import field_of, label, markdown
from bouquet.github import ANNOTATIONS_SHOWN, COMMENT_MARKER
from bouquet.schema import EXPERIENCE_FIELDS
from content_tree import experience

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check.py"

# A pull request as the web editor or a beginner could open it: one experience and
# one bouquet, 15 problems in all, more than GitHub shows as annotations.
PULL_REQUEST = {
    "experiences/atelier-velo.md": """\
---
title: "Un atelier <b>vélo</b>"
date: 2013-02-30
description: ""
tags:
  - Solidarite
  - Mobilité
commune: Blanquefort
departement: "99"
porteurs: ["Ville de Blanquefort"]
quote:
  author: "Un animateur"
contact:
  email: "pas-un-courriel"
links:
  - label: "Le site de la ville"
    url: "ftp://exemple"
  - url: "https://exemple.fr"
image:
  file: images/absente.jpg
---
## Origine

Un lien [piège](javascript:alert(1)).
""",
    "bouquets/ete.md": """\
---
title: "Été"
date: 2026-06-01
experiences:
  - atelier-inconnu
---
Introduction.
""",
}

# (file, line, code, field as the form labels it)
EXPECTED = [
    ("content/bouquets/ete.md", 2, "champ-manquant", "Résumé"),
    ("content/bouquets/ete.md", 5, "bouquet-experience-inconnue", "Expériences › n°1"),
    ("content/experiences/atelier-velo.md", 2, "html-dans-texte", "Titre"),
    ("content/experiences/atelier-velo.md", 3, "date-impossible", "Date de mise en ligne"),
    ("content/experiences/atelier-velo.md", 4, "champ-vide", "Résumé"),
    ("content/experiences/atelier-velo.md", 6, "theme-inconnu", "Thèmes › n°1"),
    ("content/experiences/atelier-velo.md", 9, "departement-inconnu", "Département"),
    ("content/experiences/atelier-velo.md", 10, "cle-inconnue", "« porteurs » (champ inconnu du formulaire)"),
    ("content/experiences/atelier-velo.md", 11, "champ-manquant", "Sur le vif › Citation"),
    ("content/experiences/atelier-velo.md", 14, "courriel-invalide", "Contact › Courriel"),
    ("content/experiences/atelier-velo.md", 17, "url-invalide", "Pour aller plus loin › Lien n°1 › Adresse"),
    ("content/experiences/atelier-velo.md", 18, "champ-manquant", "Pour aller plus loin › Lien n°2 › Intitulé du lien"),
    ("content/experiences/atelier-velo.md", 19, "image-sans-alt", "Image › Texte alternatif"),
    ("content/experiences/atelier-velo.md", 20, "image-introuvable", "Image › Fichier"),
    ("content/experiences/atelier-velo.md", 24, "lien-interdit", "Texte de la fiche"),
]


def rows(summary: str) -> list[list[str]]:
    table = [line for line in summary.splitlines() if line.startswith("| content/")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in table]


@pytest.fixture
def pull_request(tree):
    for path, text in PULL_REQUEST.items():
        tree.write(path, text)
    return tree


def test_fixture_pull_request_summary_and_annotations(pull_request, tmp_path):
    step_summary = tmp_path / "step-summary.md"
    step_summary.write_text("### Avant\n", encoding="utf-8")  # GitHub's file is shared by the job's steps
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(step_summary)}
    completed = subprocess.run([sys.executable, str(SCRIPT), "--github", "--summary", "check-summary.md", "content"],
                               cwd=pull_request.root, capture_output=True, text=True, env=env)
    assert completed.returncode == 1, completed.stderr
    assert len(EXPECTED) == 15 > ANNOTATIONS_SHOWN

    annotations = re.findall(r"^::error file=([^,]+),line=(\d+),title=([^:]+)::", completed.stdout, re.MULTILINE)
    assert annotations == [(path, str(line), code) for path, line, code, _ in EXPECTED]

    summary = (pull_request.root / "check-summary.md").read_text(encoding="utf-8")
    assert step_summary.read_text(encoding="utf-8") == "### Avant\n" + summary, "appended to the job summary"
    assert summary.startswith(COMMENT_MARKER + "\n")
    assert "15 problème(s) à corriger" in summary
    assert f"GitHub n'affiche sous les lignes du fichier que les {ANNOTATIONS_SHOWN} premiers problèmes : les 15 sont listés ici." in summary
    assert [(r[0], int(r[1]), r[3].rsplit("(", 1)[1].rstrip(")"), r[2]) for r in rows(summary)] == [
        (path, line, code, field.replace("<", "&lt;")) for path, line, code, field in EXPECTED
    ]


def test_every_message_and_hint_is_in_the_summary(pull_request):
    result = pull_request.check()
    summary = markdown(result)
    for problem, row in zip(result.problems, rows(summary), strict=True):
        plain = row[3].replace("\\", "").replace("&lt;", "<").replace("&gt;", ">").replace("&#64;", "@")
        assert plain.startswith(problem.message)
        assert row[4].replace("\\", "").replace("&lt;", "<").replace("&gt;", ">").replace("&#64;", "@") == problem.hint


def test_valid_content_says_so(tree):
    tree.write("experiences/x.md", experience())
    summary = markdown(tree.check())
    assert summary.startswith(COMMENT_MARKER) and "aucun problème" in summary and "|" not in summary


def test_few_problems_need_no_word_about_the_annotation_limit(tree):
    tree.write("experiences/x.md", experience(tags="tags: [Solidarite]"))
    summary = markdown(tree.check())
    assert len(rows(summary)) == 1 and "GitHub n'affiche" not in summary
    assert rows(summary)[0][2] == "Thèmes", "a flow list and its items share the line: the list is the field"


def test_labels_follow_the_schema():
    assert label("title", EXPERIENCE_FIELDS) == "Titre"
    assert label("resources.financial", EXPERIENCE_FIELDS) == "Moyens › Moyens financiers"
    assert label("links.2.label", EXPERIENCE_FIELDS) == "Pour aller plus loin › Lien n°3 › Intitulé du lien"
    assert label("leads.0", EXPERIENCE_FIELDS) == "Porteurs de l'action › n°1"
    assert label("porteurs", EXPERIENCE_FIELDS) is None
    assert label("title.0", EXPERIENCE_FIELDS) is None


def test_a_duplicate_key_is_named_by_the_message(tree):
    tree.write("experiences/x.md", experience(region='region: "Nouvelle-Aquitaine"\ntitle: "Encore"'))
    result = tree.check()
    [problem] = [p for p in result.problems if p.code == "cle-en-double"]
    assert field_of(problem, result.documents[0], "Texte de la fiche") == "Titre"


def test_cells_are_inert_markdown(tree):
    tree.write("experiences/x.md", experience(contact='contact:\n  url: "@maintainer | <img src=x> [a](b)"'))
    result = tree.check()
    assert "@maintainer | <img src=x> [a](b)" in result.problems[0].message, "the editor's text is quoted"
    [row] = rows(markdown(result))
    assert len(row) == 5, "a pipe in a message must not split the table"
    text = " ".join(row)
    assert "<img" not in text and "@maintainer" not in text and not re.search(r"(?<!\\)\]\(", text)


def test_a_file_name_and_an_unreadable_header_are_not_form_fields(tree):
    tree.write("experiences/Atelier.md", experience())
    tree.write("experiences/casse.md", "---\ntitle: [\n---\n")
    result = tree.check()
    fields = {(p.path.rsplit("/", 1)[-1], p.code): field for p, (*_, field, _, _) in zip(result.problems, rows(markdown(result)), strict=True)}
    assert fields[("Atelier.md", "slug-invalide")] == "Nom du fichier"
    assert fields[("casse.md", "yaml-invalide")] == "—"
