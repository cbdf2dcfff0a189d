"""`make serve` with broken content: the report in the browser, the last good site
kept, and recovery by itself once the file is fixed.

Runs the real `mkdocs serve` (or `properdocs serve`) on a copy of the seed content. Every request has a
timeout (MkDocs' server used to hold requests forever after a failed build); the
waits below are bounds on how long a rebuild may take on a loaded machine, not
measurements.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bouquet import engine
from bouquet.buildconfig import ROOT, write_config
from sitebuild import stop_process

pytestmark = pytest.mark.build
EXPERIENCE = "experiences/atelier-mobilites-modernes-blanquefort.md"
REBUILD_BOUND_S = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    def __init__(self, content: Path, work: Path, env: dict | None = None):
        self.port = free_port()
        config = write_config(content, work / "unused-site", work)
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1", "BOUQUET_NO_CACHE": "1", **(env or {})}
        self.log = open(work / "serve.log", "w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [*engine.COMMAND, "serve", "-f", str(config),
             "-a", f"127.0.0.1:{self.port}"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", errors="replace")

    def wait_for(self, condition, path: str = "") -> str:
        deadline = time.monotonic() + REBUILD_BOUND_S
        last = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                status, last = self.get(path)
                if condition(status, last):
                    return last
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        self.log.seek(0)
        raise AssertionError(f"the preview never showed what was expected on /{path}; its log:\n{self.log.read()[-4000:]}")

    def stop(self) -> None:
        stop_process(self.process, self.log, timeout=20)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def test_a_broken_file_shows_the_report_on_the_last_good_site_then_recovers(content: Path, tmp_path: Path):
    preview = Preview(content, tmp_path)
    try:
        page = preview.wait_for(lambda status, html: status == 200 and "bq-card" in html)
        assert "bq-preview-report" not in page
        good = content / EXPERIENCE
        original = good.read_text(encoding="utf-8")
        good.write_text(original.replace("tags:\n", "tags:\n  - Mobilite\n", 1), encoding="utf-8")

        page = preview.wait_for(lambda status, html: "bq-preview-report" in html)
        assert "Aperçu en pause" in page and f"content/{EXPERIENCE}" in page and "theme-inconnu" in page
        assert "bq-card" in page, "the last good site is still served under the report"
        status, other = preview.get(EXPERIENCE.replace(".md", "/"))
        assert status == 200 and "bq-preview-report" in other

        good.write_text(original, encoding="utf-8")
        page = preview.wait_for(lambda status, html: status == 200 and "bq-preview-report" not in html and "bq-card" in html)
    finally:
        preview.stop()


def test_a_preview_started_on_broken_content_serves_the_report_then_the_site(content: Path, tmp_path: Path):
    broken = content / EXPERIENCE
    original = broken.read_text(encoding="utf-8")
    broken.write_text(original.replace("tags:\n", "tags:\n  - Mobilite\n", 1), encoding="utf-8")
    preview = Preview(content, tmp_path)
    try:
        page = preview.wait_for(lambda status, html: status == 200 and "bq-preview-report" in html)
        assert "theme-inconnu" in page and 'lang="fr"' in page
        broken.write_text(original, encoding="utf-8")
        preview.wait_for(lambda status, html: status == 200 and "bq-card" in html and "bq-preview-report" not in html)
    finally:
        preview.stop()


def test_served_pages_let_the_reload_script_run(content: Path, tmp_path: Path):
    """The server's inline reload script is named in the page's policy, or the
    browser would block it and never reload by itself."""
    from bouquet import csp

    preview = Preview(content, tmp_path)
    try:
        page = preview.wait_for(lambda status, html: status == 200 and "bq-card" in html)
        assert "livereload" in page
        policy = page.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
        for script_hash in csp.inline_script_hashes(page):
            assert script_hash in policy
        reload_script = page.rsplit("<script>", 1)[1].split("</script>", 1)[0]
        assert csp.script_hash(reload_script) in policy
    finally:
        preview.stop()


def test_a_preview_stopped_by_sigterm_exits_and_leaves_no_temporary_folder(content: Path, tmp_path: Path):
    # docker stop, a task runner or an IDE stop `make serve` with SIGTERM. Python's
    # default action ended the process at once: the engine's site folder, the second
    # folder of the two passes and the search's scratch folder stayed behind. Stopped
    # while indexing, the process then hung at exit on the search queue's thread.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    preview = Preview(content, tmp_path, env={"TMPDIR": str(temporary)})
    try:
        page = EXPERIENCE.removesuffix(".md") + "/"
        preview.wait_for(lambda status, text: status == 200, page)
        source = content / EXPERIENCE
        source.write_text(source.read_text(encoding="utf-8") + "\nUne phrase avant l'arrêt.\n", encoding="utf-8")
        preview.wait_for(lambda status, text: "Une phrase avant l'arrêt." in text, page)
        assert sorted(p.name.split("-")[0].split("_")[0] for p in temporary.iterdir()) == ["bouquet", "bouquet", "mkdocs"]
        preview.process.send_signal(signal.SIGTERM)
        assert preview.process.wait(timeout=120) == 0
    finally:
        preview.stop()
    assert sorted(temporary.iterdir()) == []
