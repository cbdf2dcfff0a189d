#!/usr/bin/env python3
"""How long an editor waits in `make serve`: first build, then one edit at a time.

    python scripts/preview_latency.py --count 5000 [--edits 3] [--idle 30] [--corpus DIR] [--port 8765]

Generates a corpus of --count experiences (scripts/generate_corpus.py, seed 1; or
uses --corpus DIR as it is), starts `<engine> serve` on it with the project's
mkdocs.yml (bouquet.buildconfig, as bench.py does) and times:

- the first build: from the start of the server to the first page served;
- each edit, in turn to one experience's body (a sentence appended), to its title,
  and the addition of a new experience (a copy of it under a new slug and title):
  from the write of the file to the moment the server serves the page with the
  change (polled over HTTP: `page_s`, the quick pass of bouquet/preview_passes.py,
  when the browser reloads onto the edited page), and to the end of the full
  rebuild, when the server logs « Reloading browsers » and every other page
  (listings, related experiences, feeds) is up to date (`reload_s`).

With --idle S, the CPU time the server process used during S seconds at rest is
measured first, once the first build and its background indexing have settled
(`idle_cpu_s`, from /proc/PID/stat): what the file watcher costs while nobody edits.
Each edit also counts the rebuilds it started (`rebuilds`, the server's « Detected
file changes » lines until the next edit): one save must rebuild once.

Prints one line per measurement, the load average, then one JSON line:
{"count", "first_build_s", "idle_cpu_s", "edits": [{"kind", "page_s", "reload_s", "quick_pass_s", "rebuilds"}],
"median_s": {kind: s}, "load"}
(quick_pass_s: the quick pass's own time from the server's log, null without one).
The server is stopped at the end (its own process group).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bouquet import engine
from bouquet.buildconfig import ROOT, write_config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_corpus  # noqa: E402  (sibling script)

POLL_S = 0.05
RELOADED = "Reloading browsers"
DETECTED = "Detected file changes"  # the engine's server starts a rebuild (LiveReloadServer._build_loop)
SETTLE_S = 60  # after the first page: the background indexing of the first build ends well within it at 5,000
QUICK_PASS = re.compile(r"Aperçu : \S+ affichée en ([\d.]+) s")  # the plugin's line (plugin._quick_pass)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Server:
    """`<engine> serve` in its own process group; its log is read in a thread."""

    def __init__(self, config: Path, port: int, env: dict):
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen([*engine.COMMAND, "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                                        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def reloads_after(self, moment: float) -> float | None:
        return next((t for t, line in list(self.lines) if t >= moment and RELOADED in line), None)

    def quick_pass_after(self, moment: float) -> float | None:
        """The time the quick pass itself took, as the server logged it (the rest of
        page_s is the watcher noticing the save, and the request)."""
        return next((float(m[1]) for t, line in list(self.lines) if t >= moment and (m := QUICK_PASS.search(line))), None)

    def rebuilds_between(self, start: float, end: float) -> int:
        return sum(1 for t, line in list(self.lines) if start <= t < end and DETECTED in line)

    def cpu_s(self) -> float:
        """User and system CPU seconds of the server process so far (Linux)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return None

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    def tail(self, count: int = 30) -> str:
        return "\n".join(line for _, line in self.lines[-count:])


def wait_for(condition, timeout: float, server: Server):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        value = condition()
        if value:
            return value
        if server.process.poll() is not None:
            raise SystemExit(f"preview_latency: the server stopped (exit {server.process.returncode}):\n{server.tail()}")
        time.sleep(POLL_S)
    raise SystemExit(f"preview_latency: nothing after {timeout:.0f} s:\n{server.tail()}")


KINDS = ("body", "title", "new")


def edit(target: Path, kind: str, number: int) -> tuple[str, str]:
    """Changes the body or the title of `target`, or adds a new experience beside it;
    returns the page's address and the text it must show."""
    text = target.read_text(encoding="utf-8")
    marker = f"Modification {kind} numéro {number} {time.time_ns()}"
    page = f"experiences/{target.stem}/"
    if kind == "body":
        text = text.rstrip("\n") + f"\n\n{marker}.\n"
    else:
        text, count = re.subn(r"^title: .*$", f'title: "{marker}"', text, count=1, flags=re.MULTILINE)
        assert count == 1, target
    if kind == "new":
        slug = f"nouvelle-experience-{number}-{time.time_ns()}"
        target = target.with_name(f"{slug}.md")
        page = f"experiences/{slug}/"
    target.write_text(text, encoding="utf-8")
    return page, marker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time one edit in the live preview.")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=9, help="edits: body, title, new experience in turn (default 9)")
    parser.add_argument("--corpus", type=Path, help="use this content folder (it is edited) instead of a new corpus")
    parser.add_argument("--idle", type=float, default=0, help="seconds of rest whose CPU time is measured (default: none)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for any one step")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bouquet-preview-"))
    corpus = args.corpus.resolve() if args.corpus else work / "corpus"
    if not args.corpus:
        generate_corpus.generate(args.count, corpus, 1)
    count = len(list((corpus / "experiences").glob("*.md")))
    config = write_config(corpus, work / "site", work, "preview-mkdocs.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    target = sorted((corpus / "experiences").glob("*.md"))[len(list((corpus / "experiences").glob("*.md"))) // 2]
    page = f"experiences/{target.stem}/"
    print(f"preview: {count} experiences, editing {target.name}; load {load_average()}", flush=True)
    start = time.perf_counter()
    server = Server(config, args.port, env)
    edits = []
    writes = []
    idle_cpu = None
    try:
        wait_for(lambda: server.get(page), args.timeout, server)
        first = time.perf_counter() - start
        print(f"first build, until {page} is served: {first:.2f} s; load {load_average()}", flush=True)
        time.sleep(2)  # the watcher settles
        if args.idle:
            time.sleep(SETTLE_S)
            before = server.cpu_s()
            time.sleep(args.idle)
            idle_cpu = round(server.cpu_s() - before, 2)
            print(f"at rest: {idle_cpu:.2f} s of CPU in {args.idle:.0f} s; load {load_average()}", flush=True)
        for number in range(args.edits):
            kind = KINDS[number % len(KINDS)]
            written = time.perf_counter()
            writes.append(written)
            edited, marker = edit(target, kind, number)
            wait_for(lambda m=marker, e=edited: m in (server.get(e) or ""), args.timeout, server)
            page_s = time.perf_counter() - written
            reloaded = wait_for(lambda w=written: server.reloads_after(w), args.timeout, server)
            reload_s = max(reloaded - written, page_s)
            quick_s = server.quick_pass_after(written)
            edits.append({"kind": kind, "page_s": round(page_s, 3), "reload_s": round(reload_s, 3), "quick_pass_s": quick_s})
            print(f"edit {number + 1} ({kind}): page shows it after {page_s:.2f} s (quick pass: "
                  f"{'none' if quick_s is None else f'{quick_s:.1f} s'}), browser reloaded after {reload_s:.2f} s; "
                  f"load {load_average()}", flush=True)
            time.sleep(1)
        # A save that rebuilds twice shows here: the second rebuild starts as soon as
        # the first ends, before the next edit.
        ends = [*writes[1:], time.perf_counter()]
        for record, start, end in zip(edits, writes, ends, strict=True):
            record["rebuilds"] = server.rebuilds_between(start, end)
        print("rebuilds per edit: " + " ".join(str(e["rebuilds"]) for e in edits), flush=True)
        for kind in KINDS:
            times = [e["page_s"] for e in edits if e["kind"] == kind]
            if times:
                print(f"median {kind}: {statistics.median(times):.2f} s over {len(times)} edit(s)", flush=True)
    finally:
        server.stop()
    result = {"count": count, "first_build_s": round(first, 3), "idle_cpu_s": idle_cpu, "edits": edits,
              "median_s": {kind: round(statistics.median(e["page_s"] for e in edits if e["kind"] == kind), 3)
                           for kind in KINDS if any(e["kind"] == kind for e in edits)},
              "load": load_average()}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
