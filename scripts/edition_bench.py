#!/usr/bin/env python3
"""Measure the PDF editions alone: seconds a bouquet for WeasyPrint's layout.

    .venv/bin/python scripts/edition_bench.py --corpus DIR [--bouquets N] [--runs R]
        [--profile FILE] [--save DIR]

Reads and validates the corpus (a content folder, e.g. from scripts/generate_corpus.py),
builds the edition HTML of its first N bouquets by slug (edition.edition_html, the
bodies from edition.markdown_html, as scripts/search_index_bench.py does), then lays
out each one R times with edition.render_pdf in this process, one after the other.
Hold /tmp/bouquet-build.lock around it on the shared machine.

--profile FILE: one more render of each bouquet under cProfile, written to FILE
(read it with `python -m pstats FILE`). --save DIR: the PDF of each bouquet, to
compare two revisions byte for byte.

Prints one JSON line per bouquet, then a summary line:
{"bouquet", "sheets", "html_kb", "pages", "pdf_bytes", "seconds": [..], "median_s", "cpu_s": [..],
 "median_cpu_s", "rss_mib", "sha256", "load"}
(seconds: wall clock; cpu_s: this process's CPU time, which other work on the machine
disturbs less; rss_mib: this process's resident memory after the bouquet's renders,
which says whether a process that lays out one edition after another, as a PDF worker
does, keeps growing.)
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bouquet import edition
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content

SITE_URL = "https://bouquet.example/"
CREATED = "2026-11-21T10:00:00Z"


def page_count(data: bytes) -> int | None:
    """Pages as poppler's pdfinfo reads them (None without poppler-utils)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        try:
            info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=True).stdout
        except FileNotFoundError:
            return None
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def rss_mib() -> float | None:
    """This process's resident set (Linux; None elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(round(int(line.split()[1]) / 1024, 1) for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--bouquets", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--save", type=Path)
    args = parser.parse_args()

    result = check_content(args.corpus)
    if result.problems:
        raise SystemExit(f"{args.corpus}: {len(result.problems)} problems, first: {result.problems[0]}")
    catalogue = build_catalogue(result)
    bouquets = sorted(catalogue.bouquets, key=lambda b: b.slug)[: args.bouquets]
    htmls = [edition.edition_html(b, tuple(catalogue.by_slug[s] for s in b.experience_slugs), site_url=SITE_URL,
                                  site_name="Bouquet d'expériences", created=CREATED) for b in bouquets]
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    medians, cpu_medians = [], []  # wall clock; CPU time of this process, steadier on a shared machine
    for bouquet, html in zip(bouquets, htmls, strict=True):
        times, cpu, data = [], [], b""
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            data = edition.render_pdf(html, site_url=SITE_URL, content_dir=args.corpus)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        medians.append(statistics.median(times))
        cpu_medians.append(statistics.median(cpu))
        if args.save:
            (args.save / f"{bouquet.slug}.pdf").write_bytes(data)
        print(json.dumps({"bouquet": bouquet.slug, "sheets": len(bouquet.experience_slugs), "html_kb": round(len(html.encode()) / 1000, 1),
                          "pages": page_count(data), "pdf_bytes": len(data),
                          "seconds": [round(t, 2) for t in times], "median_s": round(medians[-1], 2),
                          "cpu_s": [round(t, 2) for t in cpu], "median_cpu_s": round(cpu_medians[-1], 2),
                          "rss_mib": rss_mib(), "sha256": hashlib.sha256(data).hexdigest()[:16], "load": os.getloadavg()[0]}), flush=True)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for html in htmls:
            edition.render_pdf(html, site_url=SITE_URL, content_dir=args.corpus)
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(json.dumps({"bouquets": len(bouquets), "sheets": sum(len(b.experience_slugs) for b in bouquets),
                      "total_median_s": round(sum(medians), 2), "total_median_cpu_s": round(sum(cpu_medians), 2),
                      "s_per_sheet": round(sum(medians) / sum(len(b.experience_slugs) for b in bouquets), 3),
                      "load": os.getloadavg()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
