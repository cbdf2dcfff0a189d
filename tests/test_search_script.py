"""assets/search.js takes the site's knowledge from the page, never spells it again.

The addresses it fetches are routes.py's and the plural rule french.py's, given on the
script's tag by main.html (tests/build/test_search_page.py checks the built tag).
"""
from __future__ import annotations

import re
from pathlib import Path

from bouquet import routes

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = (ROOT / "overrides" / "assets" / "search.js").read_text(encoding="utf-8")
MAIN = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
# Strings of every kind JavaScript has: "…", '…' and `…` (with their ${…}).
LITERALS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`')
ADDRESSES = sorted({value for name, value in vars(routes).items()
                    if name.isupper() and isinstance(value, str) and "/" in value})


def test_the_routes_are_known():
    assert {"recherche/", "pagefind/", "recherche/pages.json", "recherche/vocabulaire.json"} <= set(ADDRESSES)


def test_the_script_spells_no_address_of_the_site():
    found = [(literal, address) for literal in LITERALS.findall(SCRIPT) for address in ADDRESSES if address in literal]
    assert found == []


def test_the_script_has_no_plural_rule_of_its_own():
    body = re.search(r"function plural\([^)]*\) \{(.*?)\n\}", SCRIPT, re.DOTALL)
    assert body is not None and "PLURAL_FROM" in body[1] and not re.search(r"\d", body[1])
    assert 'data-bq-plural-from="{{ bq_plural_from }}"' in MAIN


def test_every_setting_the_script_reads_is_on_its_tag():
    read = set(re.findall(r"SETTINGS\.(bq\w+)", SCRIPT))
    given = {re.sub(r"-(\w)", lambda m: m[1].upper(), name) for name in re.findall(r"data-(bq-[\w-]+)=", MAIN)}
    assert read and read <= given
