"""scripts/preview_latency.py and scripts/stress_preview.py, without a server: the
edits they make, and how the stress script tells a whole search bundle from a
half-written one."""
from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from pathlib import Path

import pytest

from bouquet.buildconfig import ROOT
from bouquet.pagefind_stable import _encode

sys.path.insert(0, str(ROOT / "scripts"))
import preview_latency  # noqa: E402
import stress_preview  # noqa: E402

EXPERIENCE = '---\ntitle: "Un titre"\ndate: 2024-01-02\n---\nLe corps.\n'


@pytest.mark.parametrize("kind", preview_latency.KINDS)
def test_each_edit_changes_what_the_page_must_show(tmp_path: Path, kind):
    target = tmp_path / "experiences" / "une-fiche.md"
    target.parent.mkdir()
    target.write_text(EXPERIENCE, encoding="utf-8")
    page, marker = preview_latency.edit(target, kind, 3)
    if kind == "new":
        [added] = [p for p in target.parent.iterdir() if p != target]
        assert page == f"experiences/{added.stem}/" and marker in added.read_text(encoding="utf-8")
        assert target.read_text(encoding="utf-8") == EXPERIENCE
    else:
        assert page == "experiences/une-fiche/"
        text = target.read_text(encoding="utf-8")
        assert marker in (text.split("---")[1] if kind == "title" else text.split("---")[2])


@pytest.fixture
def served(tmp_path: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def write_bundle(folder: Path, filter_data: bytes | None = None):
    (folder / "filter").mkdir(parents=True)
    (folder / "pagefind-entry.json").write_text(json.dumps({"languages": {"fr": {"hash": "fr_meta"}}}), encoding="utf-8")
    (folder / "pagefind.fr_meta.pf_meta").write_bytes(_encode(["1", [], [], [["theme", "fr_f1"]], []]))
    (folder / "filter" / "fr_f1.pf_filter").write_bytes(filter_data if filter_data is not None else _encode(["theme", []]))


def test_a_whole_bundle_is_read_through_and_a_truncated_one_is_refused(served):
    folder, url = served
    write_bundle(folder / "pagefind")
    assert stress_preview.read_bundle(url + "pagefind/") == 3
    (folder / "pagefind" / "filter" / "fr_f1.pf_filter").write_bytes(_encode(["theme", []])[:-5])
    with pytest.raises((EOFError, OSError)):
        stress_preview.read_bundle(url + "pagefind/")
    (folder / "pagefind" / "filter" / "fr_f1.pf_filter").unlink()
    with pytest.raises(OSError):  # urllib's HTTPError (404) is an OSError
        stress_preview.read_bundle(url + "pagefind/")


def test_pages_are_read_whole_and_a_cut_page_or_a_missing_one_is_refused(served):
    folder, url = served
    (folder / "index.html").write_text("<!doctype html><html><body>Accueil</body></html>\n", encoding="utf-8")
    (folder / "a").mkdir()
    (folder / "a" / "index.html").write_text("<!doctype html><html><body>Une page", encoding="utf-8")
    assert stress_preview.read_pages(url, ("",)) == 1
    with pytest.raises(ValueError, match="not a whole page"):
        stress_preview.read_pages(url, ("", "a/"))
    with pytest.raises(OSError):
        stress_preview.read_pages(url, ("b/",))


def test_the_quick_pass_time_is_read_from_the_servers_log_after_the_save():
    server = object.__new__(preview_latency.Server)
    server.lines = [(1.0, "INFO    -  Aperçu : experiences/a.md affichée en 0.84 s, les autres pages suivent"),
                    (3.0, "INFO    -  Aperçu : experiences/a.md affichée en 1.25 s, les autres pages suivent")]
    assert server.quick_pass_after(0.5) == 0.84
    assert server.quick_pass_after(2.0) == 1.25
    assert server.quick_pass_after(4.0) is None
