"""Builds the site many times on a busy machine and counts the builds that fail.

A build that fails by chance (a race between two processes: MkDocs and Pagefind's
indexer) shows up once in tens of builds, more often under load. This script is how
such a race is reproduced and how its fix is shown; it is not a test (no timing, no
assert), and it prints figures:

    python scripts/stress_build.py --builds 50 --load 2

Each build goes into a fresh folder, like `make build` (same mkdocs.yml, strict),
with its own Markdown cache left alone. --load N keeps N processes spinning on the
CPU during the run (in addition to whatever else the machine is doing); --parallel K
runs K builds at once. A build counts as failed when MkDocs exits non-zero or when
its search bundle is not whole: every Pagefind data file must be a complete gzip
stream and pagefind-entry.json must parse, since a truncated file would otherwise
be published without any error. Exit status: 1 if any build failed.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bouquet import engine
from bouquet.buildconfig import ROOT, write_config


def spin(stop) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def bundle_problems(site: Path) -> list[str]:
    """What is wrong with the built search bundle, if anything."""
    bundle = site / "pagefind"
    problems = []
    try:
        json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        problems.append(f"pagefind-entry.json: {type(error).__name__}: {error}")
    for path in sorted(bundle.rglob("*.pf_*")):
        try:
            gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as error:
            problems.append(f"{path.relative_to(bundle)}: {type(error).__name__}: {error}")
    return problems


def one_build(number: int, content: Path, work: Path) -> tuple[int, str | None]:
    folder = Path(tempfile.mkdtemp(prefix=f"build-{number:03d}-", dir=work))
    site = folder / "site"
    config = write_config(content, site, folder)
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000"), "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run([*engine.COMMAND, "build", "--strict", "-f", str(config)],
                               capture_output=True, text=True, env=env, cwd=ROOT)
    if completed.returncode != 0:
        lines = [line for line in completed.stderr.strip().splitlines() if line.strip()]
        return number, f"exit {completed.returncode}: {lines[-1] if lines else '(no output)'}"
    problems = bundle_problems(site)
    subprocess.run(["rm", "-rf", str(folder)], check=False)
    return number, ("bundle: " + "; ".join(problems[:3])) if problems else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=50)
    parser.add_argument("--load", type=int, default=2, help="CPU-spinning processes kept running meanwhile")
    parser.add_argument("--parallel", type=int, default=1, help="builds running at once")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args(argv)

    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=spin, args=(stop,), daemon=True) for _ in range(args.load)]
    for spinner in spinners:
        spinner.start()
    failures: list[tuple[int, str]] = []
    start = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="stress-build-") as work, ThreadPoolExecutor(args.parallel) as pool:
            for number, failure in pool.map(lambda n: one_build(n, args.content.resolve(), Path(work)), range(1, args.builds + 1)):
                status = "FAILED " + failure if failure else "ok"
                print(f"build {number:3d}/{args.builds}: {status}", flush=True)
                if failure:
                    failures.append((number, failure))
    finally:
        stop.set()
        for spinner in spinners:
            spinner.join(timeout=5)
    elapsed = time.monotonic() - start
    kinds = collections.Counter(failure.split(":")[0] for _, failure in failures)
    load = os.getloadavg()
    print(f"\n{len(failures)} failed of {args.builds} builds ({args.parallel} at once, {args.load} spinning processes), "
          f"{elapsed:.0f} s, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    for kind, count in sorted(kinds.items()):
        print(f"  {count} × {kind}")
    print(json.dumps({"builds": args.builds, "failed": len(failures), "parallel": args.parallel, "load_processes": args.load,
                      "seconds": round(elapsed, 1), "loadavg_1min": round(load[0], 2)}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
