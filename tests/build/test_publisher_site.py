"""The legal pages are built from the publisher's settings; a deploy refuses without them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild import ROOT, build

pytestmark = pytest.mark.build

DECLARED = {"name": "Association Exemple", "address": "1 rue de l'Exemple, 47000 Agen", "director": "Camille Martin",
            "email": "contact@example.org"}


def text_of(page: Path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")).split())


# The empty settings of the publisher in mkdocs.yml (plugins › bouquet › publisher), filled in.
DECLARE = {f'    {name}: ""': f'    {name}: "{value}"' for name, value in DECLARED.items()}


def test_no_placeholder_anywhere_in_the_site(seed_site: Path):
    for file in seed_site.rglob("*"):
        if file.suffix in (".html", ".xml", ".json", ".csv", ".txt", ".js"):
            assert "à compléter" not in file.read_text(encoding="utf-8", errors="replace").lower(), file


def test_without_identity_the_pages_say_it_is_not_declared(seed_site: Path):
    legal = text_of(seed_site / "mentions-legales" / "index.html")
    assert "L'éditeur de ce site n'a pas encore déclaré son identité." in legal
    assert "GitHub Pages, un service de GitHub, Inc." in legal  # what is declared is printed
    statement = text_of(seed_site / "accessibilite" / "index.html")
    assert "qui n'a pas encore déclaré son identité" in statement and "bouquet.example" not in statement


def test_a_deploy_refuses_to_build_without_identity_and_lists_each_setting(tmp_path: Path):
    completed = build(ROOT / "content", tmp_path / "site", tmp_path, env={"BOUQUET_REQUIRE_PUBLISHER": "1"})
    assert completed.returncode != 0
    for name in ("name", "address", "director", "email"):
        assert f"  - {name} : " in completed.stderr
    assert "renseignez dans mkdocs.yml, sous « plugins: - bouquet: publisher: »" in completed.stderr
    assert "Traceback" not in completed.stderr and not (tmp_path / "site" / "mentions-legales").exists()


def test_a_declared_identity_is_printed_and_a_deploy_accepts_it(tmp_path: Path):
    completed = build(ROOT / "content", tmp_path / "site", tmp_path, env={"BOUQUET_REQUIRE_PUBLISHER": "1"}, settings=DECLARE)
    assert completed.returncode == 0, completed.stderr
    assert "Identité de l'éditeur" not in completed.stderr
    legal = text_of(tmp_path / "site" / "mentions-legales" / "index.html")
    assert "Le site est édité par Association Exemple." in legal and "Camille Martin" in legal and "contact@example.org" in legal
    assert "pas encore déclaré" not in legal
    statement = text_of(tmp_path / "site" / "accessibilite" / "index.html")
    assert "Association Exemple s'engage à rendre son site internet accessible" in statement
    assert "Site édité par Association Exemple." in text_of(tmp_path / "site" / "index.html")
