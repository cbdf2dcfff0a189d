"""Every page of the seed site passes the current Nu HTML Checker without error or warning.

The checker is vnu.jar from the npm package vnu-jar (pinned in tests/browser/package.json),
run on the machine's Java in one process for all pages, with JSON output. The pages are
served over HTTP, not read as files: a file: URL has no origin, so the checker could not
match each page's Content-Security-Policy ('self', script hashes) against the site's own
files. It does over HTTP, and reports an inline script whose hash is missing as a warning.

Errors and warnings fail the test, except the few below, each filtered by its exact
message (and, where the message is generic, the exact markup it points at), with its
reason. Without Java the test is skipped with the command that installs it, or fails
when BOUQUET_REQUIRE_JAVA=1 or BOUQUET_REQUIRE_BROWSER=1 (.ci/run).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import NoReturn

import pytest

from sitebuild import ROOT

pytestmark = pytest.mark.build

JAR = ROOT / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: Errors in Material for MkDocs 9.8's own markup, by exact message.
MATERIAL_ERRORS = {
    # base.html writes <input type="checkbox" autocomplete="off"> for its drawer and
    # search toggles (two per page, outside any template block): autocomplete="off"
    # stops Firefox from restoring the toggles' state on back/forward navigation.
    # The HTML standard does not list autocomplete for checkboxes; the markup works.
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, "
    "“hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
}
#: Warnings of the checker that the standards contradict, by exact message and the exact
#: markup the checker points at (the same message about a real script must still fail).
CHECKER_FALSE_ALARMS = {
    # Material's settings are a JSON data block: HTML never runs a data block, so CSP's
    # inline-script check does not apply to it (browsers report no violation).
    ("Inline script violates Content Security Policy (meta tag): blocked by “script-src” directive "
     "(missing “‘unsafe-inline’” or nonce/hash).", '<script id="__config" type="application/json">'),
}
JAVA_HINT = "Java introuvable : installez-le avec `apt-get install -y default-jre-headless` (le Nu HTML Checker en a besoin)"
JAR_HINT = "vnu.jar introuvable : installez les dépendances des tests avec `make tests/browser/node_modules/.installed`"


def _unavailable(message: str) -> NoReturn:
    if "1" in (os.environ.get("BOUQUET_REQUIRE_JAVA"), os.environ.get("BOUQUET_REQUIRE_BROWSER")):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        _unavailable(JAVA_HINT)
    return java


@pytest.fixture(scope="module")
def checker() -> tuple[str, str]:
    java = _java()
    if not JAR.is_file():
        _unavailable(JAR_HINT)
    version = subprocess.run([java, "-jar", str(JAR), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return java, version


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture(scope="module")
def messages(checker, seed_site) -> tuple[list[str], list[dict]]:
    java, _ = checker
    pages = [p.relative_to(seed_site).as_posix() for p in sorted(seed_site.rglob("*.html"))]
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(seed_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}/"
        # The checker refuses local addresses unless told otherwise ("Forbidden host.").
        completed = subprocess.run([java, "-Xss4m", "-Dnu.validator.servlet.allow-forbidden-hosts=true", "-jar", str(JAR),
                                    "--format", "json", "--exit-zero-always", *(origin + page for page in pages)],
                                   capture_output=True, text=True, timeout=600)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    # vnu writes its JSON report on stderr.
    report = json.loads(completed.stderr or completed.stdout)
    for message in report["messages"]:
        message["page"] = message.get("url", "").removeprefix(origin)
    return pages, report["messages"]


def _flagged(message: dict) -> str:
    """The markup the checker points at."""
    start = message.get("hiliteStart", 0)
    return message.get("extract", "")[start:start + message.get("hiliteLength", 0)]


def _problems(found: list[dict]) -> list[dict]:
    return [m for m in found if m.get("type") == "error" or m.get("subType") == "warning"]


def _filtered(message: dict) -> bool:
    text = message.get("message", "").strip()
    return text in MATERIAL_ERRORS if message.get("type") == "error" else (text, _flagged(message)) in CHECKER_FALSE_ALARMS


def _outcome(function) -> tuple[type, str]:
    """How `function` ends a test: skip or fail (caught here, so a skip cannot hide a failure)."""
    try:
        function()
    except (pytest.skip.Exception, pytest.fail.Exception) as outcome:
        return type(outcome), str(outcome)
    return type(None), ""


def test_a_missing_java_fails_when_required_and_is_skipped_otherwise(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("BOUQUET_REQUIRE_BROWSER", raising=False)
    monkeypatch.delenv("BOUQUET_REQUIRE_JAVA", raising=False)
    assert _outcome(_java) == (pytest.skip.Exception, JAVA_HINT)
    monkeypatch.setenv("BOUQUET_REQUIRE_JAVA", "1")
    assert _outcome(_java) == (pytest.fail.Exception, JAVA_HINT)


def test_the_false_alarm_filter_does_not_hide_a_real_inline_script():
    [(message, markup)] = CHECKER_FALSE_ALARMS
    warning = {"type": "info", "subType": "warning", "message": message, "extract": f"\n{markup}", "hiliteStart": 1}
    assert _filtered({**warning, "hiliteLength": len(markup)})
    assert not _filtered({**warning, "extract": "\n<script>", "hiliteLength": len("<script>")})


def test_every_page_is_checked(messages):
    pages, found = messages
    assert len(pages) > 100
    assert "404.html" in pages and "admin/index.html" in pages
    # The letter: its archive pages and its HTML e-mail, as the mailing service receives it.
    assert {"lettres/index.html", "lettres/2026-11-21/index.html", "lettres/2026-11-21/lettre.html"} <= set(pages)
    fatal = [f"{m['page']}: {m.get('message')}" for m in found if m.get("type") == "non-document-error"]
    assert fatal == [], "the checker could not read some pages"


def test_no_page_has_an_html_error_or_warning(messages, checker):
    _, found = messages
    lines = [f"{m['page']}:{m.get('lastLine')}: {m.get('subType') or m.get('type')} {m.get('message')}  ⟨{' '.join(m.get('extract', '').split())[:120]}⟩"
             for m in _problems(found) if not _filtered(m)]
    assert lines == [], f"{len(lines)} problème(s) HTML (vnu {checker[1]}) :\n" + "\n".join(lines[:40])


def test_every_filter_still_matches_something(messages):
    # A filter that no longer matches (Material or the checker changed) must be removed.
    _, found = messages
    errors = {m.get("message", "").strip() for m in _problems(found) if m.get("type") == "error"}
    warnings = {(m.get("message", "").strip(), _flagged(m)) for m in _problems(found) if m.get("type") != "error"}
    assert MATERIAL_ERRORS <= errors and CHECKER_FALSE_ALARMS <= warnings
