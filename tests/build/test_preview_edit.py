"""`make serve` after an edit serves exactly the site a full build of the edited
content gives, although its rebuilds reuse pages, check results and cleaned HTML,
index the search in the background (bouquet/preview_reuse.py) and show the edited
page first, alone, before the full pass (bouquet/preview_passes.py).

A generated corpus is served by the real `mkdocs serve` (its site folder found under
the TMPDIR it was given); one experience's body is edited, then its title, then a
new experience is added, each time until the served page shows the change. The
served folder, once each full pass is done, is then compared byte for byte with three full builds of the edited
content: cold (empty Markdown cache), warm (the same cache again) and without cache.
The search bundle comes last (Pagefind runs after the rebuild): every file of the
full build's bundle must be served with the same bytes. Waits are bounds for a
loaded machine, not measurements (scripts/preview_latency.py measures).
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bouquet import engine, routes
from bouquet.buildconfig import ROOT, write_config
from sitebuild import stop_process

sys.path.insert(0, str(ROOT / "scripts"))
import generate_corpus  # noqa: E402  (the benchmark's corpus)

pytestmark = pytest.mark.build
BOUND_S = 300
SEARCH = routes.SEARCH_INDEX.rstrip("/") + "/"
REUSED = re.compile(r"Aperçu : (\d+) page\(s\) reprises")
QUICK = re.compile(r"Aperçu : (\S+) affichée en [\d.]+ s, les autres pages suivent")
SERVED = re.compile(r"Aperçu : toutes les pages sont à jour \(dossier servi : (.+)\)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def without_search(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if not path.startswith(SEARCH)}


def search_of(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path.startswith(SEARCH)}


class Serve:
    def __init__(self, content: Path, work: Path, env: dict):
        self.port = env["BOUQUET_PORT"]
        self.tmp = work / "tmp"
        self.tmp.mkdir(parents=True)
        config = write_config(content, work / "unused-site", work)
        self.log_path = work / "serve.log"
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen([*engine.COMMAND, "serve", "-f", str(config), "-a", f"127.0.0.1:{self.port}"],
                                        stdout=self.log, stderr=subprocess.STDOUT, env={**env, "TMPDIR": str(self.tmp)}, cwd=ROOT)

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=60) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    def wait(self, condition, what: str):
        deadline = time.monotonic() + BOUND_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if value := condition():
                return value
            time.sleep(0.3)
        raise AssertionError(f"the preview never showed {what}; its log:\n{self.text()[-4000:]}")

    def site(self) -> Path:
        """The folder served: the engine's, until a full pass after a save serves the other."""
        folders = SERVED.findall(self.text())
        if folders:
            return Path(folders[-1])
        [site] = [p for p in self.tmp.iterdir() if p.name.startswith("mkdocs_")]
        return site

    def full_passes(self) -> int:
        return len(SERVED.findall(self.text()))

    def stop(self) -> None:
        stop_process(self.process, self.log, timeout=30)


def full_build(content: Path, folder: Path, env: dict) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    config = write_config(content, folder / "site", folder)
    subprocess.run([*engine.COMMAND, "build", "-q", "-f", str(config)], check=True, cwd=ROOT, env=env, timeout=BOUND_S)
    return files_of(folder / "site")


def test_a_served_edit_gives_the_pages_of_a_full_build(tmp_path: Path):
    content = tmp_path / "content"
    generate_corpus.generate(120, content, seed=5)
    in_bouquets = "".join(p.read_text(encoding="utf-8") for p in (content / "bouquets").glob("*.md"))
    target = next(p for p in sorted((content / "experiences").glob("*.md")) if p.stem not in in_bouquets)
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1", "BOUQUET_PORT": str(port),
           # The full builds' addresses are the preview's; the PDF edition, which the
           # preview only takes from the cache, is rendered once by the first build.
           "BOUQUET_SITE_URL": f"http://127.0.0.1:{port}/", "BOUQUET_PDF_CACHE": str(tmp_path / "pdf")}
    env.pop("BOUQUET_NO_CACHE", None)
    full_build(content, tmp_path / "before", env)

    serve = Serve(content, tmp_path / "serve", env)
    try:
        page = f"experiences/{target.stem}/"
        serve.wait(lambda: serve.get(page), "the first build")
        # Each save waits for the last one's full pass: the quick pass starts from a
        # complete build (two saves in a row are one full pass, rightly).
        text = target.read_text(encoding="utf-8")
        target.write_text(text.rstrip("\n") + "\n\nUne phrase ajoutée par le test.\n", encoding="utf-8")
        serve.wait(lambda: "Une phrase ajoutée par le test." in serve.get(page), "the edited body")
        serve.wait(lambda: serve.full_passes() == 1, "the full pass after the body")
        text = target.read_text(encoding="utf-8")
        target.write_text(re.sub(r"^title: .*$", 'title: "Un titre changé par le test"', text, count=1, flags=re.MULTILINE), encoding="utf-8")
        serve.wait(lambda: "Un titre changé par le test" in serve.get(page), "the edited title")
        serve.wait(lambda: serve.full_passes() == 2, "the full pass after the title")
        added = target.with_name("une-experience-ajoutee.md")
        added.write_text(re.sub(r"^title: .*$", 'title: "Une expérience ajoutée"', text, count=1, flags=re.MULTILINE), encoding="utf-8")
        serve.wait(lambda: "Une expérience ajoutée" in serve.get("experiences/une-experience-ajoutee/"), "the new experience")
        serve.wait(lambda: serve.full_passes() == 3, "the full pass after the new experience")
        served = without_search(files_of(serve.site()))
        quick = QUICK.findall(serve.text())
        reused = [int(n) for n in REUSED.findall(serve.text())]

        expected = {}
        for name, extra in (("cold", {}), ("warm", {}), ("no-cache", {"BOUQUET_NO_CACHE": "1"})):
            folder = tmp_path / ("no-cache" if extra else "full")  # warm: the cold build's folder and cache again
            expected[name] = full_build(content, folder, {**env, **extra})
        for name, files in expected.items():
            files = without_search(files)
            differing = sorted(set(files) ^ set(served)) + sorted(p for p in set(files) & set(served) if files[p] != served[p])
            assert not differing, f"{name}: {differing[:20]}"
        bundle = search_of(expected["cold"])
        serve.wait(lambda: all(search_of(files_of(serve.site())).get(p) == data for p, data in bundle.items()), "the full build's search bundle")
    finally:
        serve.stop()
    # The rebuilds did reuse pages (else this would only compare full builds), and each
    # save showed its page in a quick pass first.
    assert len(reused) >= 3 and min(reused[1:]) > 0, serve.text()[-3000:]
    assert quick == [f"experiences/{target.name}", f"experiences/{target.name}", "experiences/une-experience-ajoutee.md"], serve.text()[-3000:]
