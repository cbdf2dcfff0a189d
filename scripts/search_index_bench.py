#!/usr/bin/env python3
"""Measure the search indexer alone: peak memory and time, by corpus size and shard size.

    .venv/bin/python scripts/search_index_bench.py --corpus DIR [--shard-size N ...] [--out DIR]
        [--records-cache FILE [--prepare]]

Reads and validates the corpus (a content folder, e.g. from scripts/generate_corpus.py),
builds every search record as the build does (search.experience_record and
search.bouquet_record; the body HTML from edition.markdown_html, the Markdown the PDF
edition prints, close to the page's cleaned HTML), then, for each --shard-size (0: the
site's default, search.SHARD_SIZE), feeds them to search.SearchIndexer and writes the
bundle (to --out/<size>/ when given, else a temporary folder).

Memory: the summed RSS of the indexer's processes (the spawned child and every Pagefind
process under it), sampled every 50 ms with psutil; the records themselves live in this
parent process and are reported apart. Time: from the first add() to write()'s return.
The load average is printed before each run.

Prints one JSON line per run:
{"records", "shard_size", "shards", "chunk_size", "indexer_peak_mib", "parent_mib", "seconds", "bundle_mb", "load"}
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from bouquet import edition, search
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content


def records(corpus: Path) -> list[search.SearchRecord]:
    result = check_content(corpus)
    if result.problems:
        raise SystemExit(f"{corpus}: {len(result.problems)} problems, first: {result.problems[0]}")
    catalogue = build_catalogue(result)
    found = [search.experience_record(e, edition.markdown_html(e.body), catalogue.bouquets_of.get(e.slug, ()))
             for e in catalogue.experiences]
    found += [search.bouquet_record(b, edition.markdown_html(b.body)) for b in catalogue.bouquets]
    return found


class Sampler(threading.Thread):
    """The peak of the summed RSS of this process's descendants."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        me = psutil.Process()
        while self.running:
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.05)


def run(found: list[search.SearchRecord], shard_size: int, out: Path, chunk_size: int | None = None) -> dict:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    sampler = Sampler()
    sampler.start()
    start = time.perf_counter()
    indexer = search.SearchIndexer(shard_size=shard_size or search.SHARD_SIZE, chunk_size=chunk_size)
    try:
        for record in found:
            indexer.add(record)
        indexer.write(out)
    finally:
        indexer.close()
    seconds = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    shards = len(json.loads((out / search.SHARDS_FILE).read_text())["shards"]) if (out / search.SHARDS_FILE).is_file() else 1
    return {"records": len(found), "shard_size": shard_size or search.SHARD_SIZE, "shards": shards, "chunk_size": chunk_size,
            "indexer_peak_mib": round(sampler.peak / 2**20), "parent_mib": round(psutil.Process().memory_info().rss / 2**20),
            "seconds": round(seconds, 1), "bundle_mb": round(size / 1e6, 1), "load": load}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--shard-size", type=int, action="append", help="records per shard (repeat; 0: the default)")
    parser.add_argument("--out", type=Path, help="keep the bundles in OUT/<shard size>/")
    parser.add_argument("--chunk-size", type=int, help="Pagefind's index chunk size (default: search.CHUNK_SIZE)")
    parser.add_argument("--records-cache", type=Path, help="a pickle of the records: read when present, else written")
    parser.add_argument("--prepare", action="store_true", help="only build the records (and their --records-cache)")
    args = parser.parse_args(argv)
    if args.records_cache and args.records_cache.is_file():
        found = pickle.loads(args.records_cache.read_bytes())
    else:
        found = records(args.corpus)
        if args.records_cache:
            args.records_cache.write_bytes(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    if args.prepare:
        return 0
    for shard_size in args.shard_size or [0]:
        if args.out:
            out = args.out / str(shard_size)
            shutil.rmtree(out, ignore_errors=True)
            line = run(found, shard_size, out, args.chunk_size)
        else:
            with tempfile.TemporaryDirectory() as work:
                line = run(found, shard_size, Path(work) / "pagefind", args.chunk_size)
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
