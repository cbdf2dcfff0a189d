"""One file name for one title, by either path: the web editor and make new / make import.

The web editor's names are computed here by Decap's own code (the pinned
decap-cms-core in tools/cms/node_modules, run in Node by tests/decap_slug.mjs) with the
settings cms.py writes into config.yml, and compared with bouquet.file_names.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bouquet import cms, importer
from bouquet.file_names import SETTINGS, slug_from_title
from bouquet.themes import Vocabulary

ROOT = Path(__file__).resolve().parents[1]
DECAP_SLUG = ROOT / "tests" / "decap_slug.mjs"
DECAP_CORE = ROOT / "tools" / "cms" / "node_modules" / "decap-cms-core" / "dist" / "esm" / "lib" / "urlHelper.js"

TITLES = [
    "Un café-réparation dans un quartier d'Agen",  # the apostrophe Decap drops
    "Un café-réparation dans un quartier d’Agen",  # the typographic one, a hyphen
    "L'œuvre collective d'Ænéas à Saint-Étienne",
    "Œuvres  communes : l'an 2000 !",
    "  Café partenaires — Fumel (47)  ",
    "Les 3 écoles de l'Hérault, 2e édition (2024-2025)",
    "« Vivre ensemble » : 12,5 % de logements en plus… à Nîmes",
    "Straße, Ærø, Łódź, ñandú, çà et là, ÿ, Ŀlívia",
    "Gîte n°4 / « La Forêt » ? * | < > \" \\ :",
    "Atelier_vélo ~ 2024",
    "v1.2 du projet. Fin.",
    "Con",
    "ﬁn ﬂeurie, ａｂｃ ⓐⓑ",
]
# One character at a time, in a word: every Latin letter with accents, the combining
# marks, punctuation, currency, the presentation ligatures and the full-width forms.
RANGES = [(0x20, 0x7F), (0xA0, 0x250), (0x300, 0x370), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x20A0, 0x20D0),
          (0x2460, 0x2500), (0xFB00, 0xFB07), (0xFF00, 0xFFF0)]
CHARACTERS = [chr(code) for start, end in RANGES for code in range(start, end)]


def decap_slugs(titles: list[str]) -> list[str]:
    node = shutil.which("node")
    if node is None or not DECAP_CORE.is_file():
        message = "Node.js and the web editor's packages are needed: npm ci --prefix tools/cms"
        if os.environ.get("BOUQUET_REQUIRE_BROWSER", "").strip() == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    settings = cms.config(Vocabulary(()))["slug"]
    completed = subprocess.run([node, str(DECAP_SLUG), json.dumps(settings)], input=json.dumps(titles),
                               capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(completed.stdout)


def test_the_web_editor_is_given_the_settings_file_names_port():
    assert cms.config(Vocabulary(()))["slug"] == SETTINGS


def test_titles_get_the_web_editors_file_name():
    assert [slug_from_title(t) for t in TITLES] == decap_slugs(TITLES)
    assert slug_from_title(TITLES[0]) == "un-cafe-reparation-dans-un-quartier-dagen"


def test_every_character_is_treated_as_the_web_editor_treats_it():
    words = [f"a{c}b" for c in CHARACTERS]
    differ = [(c, f"U+{ord(c):04X}", ours, theirs)
              for c, ours, theirs in zip(CHARACTERS, [slug_from_title(w) for w in words], decap_slugs(words), strict=True)
              if ours != theirs]
    assert differ == []


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_new_and_make_import_name_files_as_the_web_editor_does():
    title = TITLES[0]
    (expected,) = decap_slugs([title])
    assert _script("new").make_slug(title) == expected
    row = importer.Row(2)
    assert importer._slug(None, title, set(), row) == expected and not row.errors
