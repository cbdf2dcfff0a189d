"""Every test file under tests/ yields tests: pytest's configuration skips none of them.

pytest's default `norecursedirs` holds "build", and tests/build/ was never collected
from the day it was written. This collects the suite as `make test` does, in another
process with the project's configuration only (no -m, -k or -o of the current run).
"""
from __future__ import annotations

import os
import subprocess
import sys

from sitebuild import ROOT


def test_every_test_file_under_tests_is_collected():
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    completed = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                               capture_output=True, text=True, cwd=ROOT, env=env)
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    collected = {line.split("::", 1)[0] for line in completed.stdout.splitlines() if "::" in line}
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py") if "node_modules" not in p.parts}
    assert len(files) > 40
    missing = sorted(files - collected)
    assert not missing, "test files that yield no test (see norecursedirs in pyproject.toml): " + ", ".join(missing)
