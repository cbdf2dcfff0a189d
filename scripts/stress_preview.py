#!/usr/bin/env python3
"""Edits a served site again and again while Pagefind indexes in the background, and
counts the times the served search bundle, or a served page, was not whole.

    python scripts/stress_preview.py --count 300 --edits 40 [--load 2] [--pause 0.5-4]

`make serve` runs Pagefind after each rebuild, in the background, and moves the new
bundle into the served folder file by file (bouquet/preview_reuse.BackgroundSearch);
the next edit cancels an indexing under way. This script starts `<engine> serve` on
a generated corpus of --count experiences, edits one experience's body --edits times
with random pauses (so edits land before, during and after indexing), and meanwhile
reads the bundle over HTTP as a browser would, as fast as it can: pagefind-entry.json,
then the meta file it names, then every filter file the meta names, each of which
must be served (200) and be a whole Pagefind data file (gzip, signature). A second
reader asks for pages just as fast (the home page, the listing of experiences, the
edited page and another one): each must be served whole (200, up to « </html> »),
while each save shows the edited page first and the full pass then builds into the
other folder and swaps it in (bouquet/preview_passes.py). --load N keeps N processes
spinning on the CPU. Not a test (no assert): it prints figures and
exits 1 if any read found a bundle that was not whole, or the server died.
"""
from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import random
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import cbor2

from bouquet.buildconfig import write_config
from bouquet.pagefind_stable import META_FILTERS, SIGNATURE

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_corpus  # noqa: E402  (sibling scripts)
from preview_latency import Server, edit, load_average, wait_for  # noqa: E402
from stress_build import spin  # noqa: E402


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def data_file(url: str):
    data = gzip.decompress(fetch(url))
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{url}: not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE):])


def read_bundle(base: str) -> int:
    """Reads the served bundle as a browser does; returns the files read."""
    entry = json.loads(fetch(base + "pagefind-entry.json"))
    read = 1
    for info in entry["languages"].values():
        meta = data_file(f"{base}pagefind.{info['hash']}.pf_meta")
        read += 1
        for _name, filter_hash in meta[META_FILTERS]:
            data_file(f"{base}filter/{filter_hash}.pf_filter")
            read += 1
    return read


def read_pages(base: str, pages: tuple[str, ...]) -> int:
    """Reads each page; returns the pages read, each whole."""
    for page in pages:
        if not fetch(base + page).rstrip().endswith(b"</html>"):
            raise ValueError(f"{page}: not a whole page")
    return len(pages)


class Reader(threading.Thread):
    def __init__(self, base: str, read=read_bundle):
        super().__init__(daemon=True)
        self.base = base
        self.read = read
        self.stop = threading.Event()
        self.reads = self.before_first = self.files = 0
        self.failures: list[str] = []

    def run(self):
        seen = False
        while not self.stop.is_set():
            try:
                self.files += self.read(self.base)
                self.reads += 1
                seen = True
            except (urllib.error.URLError, OSError, EOFError, ValueError, KeyError, cbor2.CBORDecodeError) as error:
                if not seen:
                    self.before_first += 1  # the first bundle is not made yet
                    time.sleep(0.2)
                else:
                    self.failures.append(f"{time.strftime('%H:%M:%S')} {type(error).__name__}: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Edit a served site while Pagefind indexes; count half-written bundles.")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--pause", default="0.5-4", help="seconds between edits, a random value in MIN-MAX (default 0.5-4)")
    parser.add_argument("--load", type=int, default=0, help="processes spinning on the CPU meanwhile")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    low, high = (float(x) for x in args.pause.split("-"))
    work = Path(tempfile.mkdtemp(prefix="bouquet-stress-preview-"))
    corpus = work / "corpus"
    generate_corpus.generate(args.count, corpus, 1)
    config = write_config(corpus, work / "site", work, "preview-mkdocs.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    experiences = sorted((corpus / "experiences").glob("*.md"))
    target = experiences[args.count // 2]
    page = f"experiences/{target.stem}/"
    pages = ("", "experiences/", page, f"experiences/{experiences[0].stem}/")
    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=spin, args=(stop,), daemon=True) for _ in range(args.load)]
    for spinner in spinners:
        spinner.start()
    server = Server(config, args.port, env)
    reader = Reader(server.url + "pagefind/")
    page_reader = Reader(server.url, lambda base: read_pages(base, pages))
    rng = random.Random(1)
    shown = 0
    try:
        wait_for(lambda: server.get(page), args.timeout, server)
        reader.start()
        page_reader.start()
        for number in range(args.edits):
            written = time.perf_counter()
            _, marker = edit(target, "body", number)
            wait_for(lambda m=marker: m in (server.get(page) or ""), args.timeout, server)
            # The page shows first (quick pass); the pause counts from the end of the
            # full pass, when Pagefind starts, so that edits land before, during and
            # after its indexing, not always during the full pass.
            wait_for(lambda w=written: server.reloads_after(w), args.timeout, server)
            shown += 1
            time.sleep(rng.uniform(low, high))
        time.sleep(high)
    finally:
        for thread in (reader, page_reader):
            thread.stop.set()
            thread.join(timeout=120)
        server.stop()
        stop.set()
        for spinner in spinners:
            spinner.join(timeout=5)
    print(f"stress_preview: {args.count} experiences, {shown}/{args.edits} edits shown, {reader.reads} whole reads of the "
          f"bundle ({reader.files} files), {reader.before_first} before the first bundle, {len(reader.failures)} failure(s); "
          f"{page_reader.files} pages read whole, {len(page_reader.failures)} failure(s); load {load_average()}")
    for failure in (reader.failures + page_reader.failures)[:20]:
        print("  " + failure)
    return 1 if reader.failures or page_reader.failures or shown < args.edits else 0


if __name__ == "__main__":
    sys.exit(main())
