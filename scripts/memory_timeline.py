#!/usr/bin/env python3
"""One timed build of a generated corpus, with its memory over time.

    .venv/bin/python scripts/memory_timeline.py --count 10000 --work DIR [--pdf-cache cold|warm] [--every 5]

Generates the corpus into DIR/corpus once (kept for the next run: a 50,000 corpus
takes minutes), then runs `mkdocs build --strict` as scripts/bench.py does (the same
configuration, environment and sampler: the summed RSS of all the build's
processes every 50 ms). Every --every seconds it prints the experience pages
written so far and the RSS of each process of the build (MiB; the MkDocs process
is « python », the indexer's child « indexer-child », PDF workers « worker »),
which shows the phase each peak belongs to. Ends with one line: time, peak of all
processes, peak of the MkDocs process, the processes at the peak, load averages. Needs psutil (the dev extras).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402
import psutil  # noqa: E402
import generate_corpus  # noqa: E402


def pages_written(site: Path) -> int:
    try:
        return len(os.listdir(site / "experiences"))
    except OSError:  # not yet made, or being emptied by the engine
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--work", type=Path, required=True, help="kept between runs: corpus/, the site, the PDF store")
    parser.add_argument("--pdf-cache", choices=("cold", "warm"), default="cold")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between two printed samples")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    corpus, site, store = work / "corpus", work / "ours-site", work / "pdf-store"
    if not corpus.exists():
        start = time.perf_counter()
        generate_corpus.generate(args.count, corpus, bench.SEED)
        print(f"corpus: {args.count} experiences in {time.perf_counter() - start:.0f} s", flush=True)
    env = bench.build_env(store)
    config = bench.ours_config(corpus, site, work)
    shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    if args.pdf_cache == "cold":
        shutil.rmtree(store, ignore_errors=True)
    load = bench.load_average()
    stop = threading.Event()

    def timeline() -> None:
        start, me = time.perf_counter(), os.getpid()
        while not stop.wait(args.every):
            # The build's processes, as bench counts them (its time wrapper included), not this script.
            parts = [part for child in psutil.Process(me).children() for part in bench._tree_rss_kib(child.pid)[2]]
            print(f"  t {time.perf_counter() - start:6.0f} s  pages {pages_written(site):6d}  {bench.breakdown(parts)}", flush=True)

    threading.Thread(target=timeline, daemon=True).start()
    result = bench.run_build("ours", config, True, env, work)
    stop.set()
    print(f"count {args.count}, {args.pdf_cache} pdf store: {result['s']:.1f} s, all processes {result['tree_mib']:.0f} MiB, "
          f"mkdocs {result['main_mib']:.0f} MiB, at the peak: {result['at_peak']}; load {load} → {bench.load_average()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
