"""Same input, same site: builds content at two revisions and compares every file.

    scripts/same_site.py [--before REV] [--after REV] [--count N] [--keep DIR]

The seed content (content/ of the --content revision, by default the --before one)
and a generated corpus of --count experiences (scripts/generate_corpus.py of this
checkout, seed 1; 0 skips it) are each built by the code of both revisions, then
every file of the two sites is compared byte for byte. Prints the differing, missing
and extra files and exits 1 on any difference, 0 when the sites are identical.

--before defaults to 03babcf (the src/ layout, before the redesign of issue 13);
--after defaults to this working tree, uncommitted changes included. Another
revision is checked out with `git worktree` in a temporary folder.

Which code builds: each build runs this environment's Python (its MkDocs and
Material) with PYTHONPATH=<revision>/src, which comes before the editable install
on sys.path, and with the revision's own mkdocs.yml, hooks and overrides, written
by the revision's own bouquet.buildconfig. Each build prints the bouquet package it
imported, so a build that silently used the other revision's code shows. Builds
hold /tmp/bouquet-build.lock (the lock the shared machine's builds take) one at a
time, so other sessions' builds can run between them.
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = Path("/tmp/bouquet-build.lock")
DEFAULT_BEFORE = "03babcf"
WORKTREE = "WORKTREE"
# Run inside a revision's environment: writes that revision's mkdocs.yml for a content
# tree and prints where the bouquet package came from.
CONFIG_SNIPPET = (
    "import sys, bouquet; from bouquet.buildconfig import write_config; from pathlib import Path; "
    "print(Path(bouquet.__file__).resolve().parent); "
    "print(write_config(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))"
)
ENGINE_COMMAND = ("-m", "mkdocs")
# Build inputs that are installed, not committed (the web editor's Decap bundle).
UNTRACKED_INPUTS = ("tools/cms/node_modules",)


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@contextlib.contextmanager
def checkout(revision: str, folder: Path):
    """The source tree of `revision`: this working tree, or a temporary worktree."""
    if revision == WORKTREE:
        yield ROOT
        return
    target = folder / f"rev-{revision.replace('/', '_')}"
    git("worktree", "add", "--detach", "--quiet", str(target), revision)
    for installed in UNTRACKED_INPUTS:  # what `make` installs, not in git: lent by this checkout
        if (ROOT / installed).exists():
            (target / installed).symlink_to(ROOT / installed)
    try:
        yield target
    finally:
        git("worktree", "remove", "--force", str(target))


@contextlib.contextmanager
def build_lock():
    LOCK.touch(exist_ok=True)
    with open(LOCK) as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(tree: Path, content: Path, site: Path, work: Path) -> float:
    """Builds `content` into `site` with the code of `tree`; returns the seconds taken."""
    work.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "BOUQUET_SITE_URL": "https://bouquet.example/",
           "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    configured = subprocess.run([sys.executable, "-c", CONFIG_SNIPPET, str(content), str(site), str(work)],
                                cwd=tree, env=env, check=True, capture_output=True, text=True).stdout.split("\n")
    package, config_file = Path(configured[0]), configured[1]
    if package != (tree / "src" / "bouquet").resolve():
        raise SystemExit(f"same_site: the build of {tree} imported bouquet from {package}, not from {tree / 'src'}")
    with build_lock():
        start = time.perf_counter()
        completed = subprocess.run([sys.executable, *ENGINE_COMMAND, "build", "--strict", "-f", config_file],
                                   cwd=tree, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"same_site: the build of {content} by {tree} failed:\n{completed.stderr[-4000:]}")
    return elapsed


def site_files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def compare(before: Path, after: Path) -> list[str]:
    """One line per differing, missing or extra file; [] when the sites are identical."""
    old, new = site_files(before), site_files(after)
    lines = [f"  missing after: {path}" for path in sorted(old.keys() - new.keys())]
    lines += [f"  extra after:   {path}" for path in sorted(new.keys() - old.keys())]
    lines += [f"  differs:       {path}" for path in sorted(old.keys() & new.keys()) if old[path].read_bytes() != new[path].read_bytes()]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=DEFAULT_BEFORE, help=f"revision before the change (default {DEFAULT_BEFORE})")
    parser.add_argument("--after", default=WORKTREE, help="revision after the change (default: this working tree)")
    parser.add_argument("--content", help="revision whose content/ is built (default: --before)")
    parser.add_argument("--count", type=int, default=1000, help="experiences of the generated corpus (0: none; default 1000)")
    parser.add_argument("--keep", type=Path, help="keep the built sites in this folder")
    args = parser.parse_args(argv)
    # Stopped by a signal, the worktrees and the temporary folder are still removed.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    content_revision = args.content or args.before
    failed = False
    with tempfile.TemporaryDirectory(prefix="same-site-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        inputs = {}
        with checkout(content_revision, folder) as tree:
            inputs["seed"] = folder / "input-seed"
            subprocess.run(["cp", "-a", str(tree / "content"), str(inputs["seed"])], check=True)
        if args.count:
            inputs[f"corpus-{args.count}"] = folder / f"input-corpus-{args.count}"
            subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_corpus.py"), "--count", str(args.count),
                            "--out", str(inputs[f"corpus-{args.count}"]), "--seed", "1"], check=True, capture_output=True)
        sites = {}
        for label, revision in (("before", args.before), ("after", args.after)):
            with checkout(revision, folder) as tree:
                described = "working tree" if revision == WORKTREE else git("rev-parse", "--short", revision)
                for name, content in inputs.items():
                    site = folder / f"site-{name}-{label}"
                    seconds = build(tree, content, site, folder / f"work-{name}-{label}")
                    sites[name, label] = site
                    print(f"built {name} with {label} ({revision}, {described}): {len(site_files(site))} files in {seconds:.1f} s")
        for name in inputs:
            differences = compare(sites[name, "before"], sites[name, "after"])
            if differences:
                failed = True
                print(f"{name}: {len(differences)} file(s) differ between {args.before} and {args.after}")
                print("\n".join(differences))
            else:
                print(f"{name}: identical, {len(site_files(sites[name, 'after']))} files byte for byte")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
