"""Lint, types and import layering on the whole tree: ruff, mypy and lint-imports.

Each tool reads its settings from pyproject.toml ([tool.ruff], [tool.mypy],
[tool.importlinter]) and comes from the development lock, so `make test` and CI fail
on any finding, with the tool's own report. .pre-commit-config.yaml runs the same
three commands before a commit.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT

BIN = Path(sys.executable).parent


def run(tool: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    executable = BIN / tool
    if not executable.is_file():
        pytest.fail(f"{tool} is missing from {BIN}: install the development lock (make test does)", pytrace=False)
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([str(executable), *args], capture_output=True, text=True, cwd=cwd, env=env)


def report(completed: subprocess.CompletedProcess[str]) -> str:
    return (completed.stdout + completed.stderr)[-12000:]


def test_ruff_finds_nothing():
    completed = run("ruff", "check", "--no-cache", ".")
    assert completed.returncode == 0, report(completed)


def test_mypy_finds_nothing():
    # The files and the strictness per module are in [tool.mypy]; the cache lives in
    # .mypy_cache (ignored by git), so a second run checks only what changed.
    completed = run("mypy")
    assert completed.returncode == 0, report(completed)


def test_the_import_contracts_hold():
    completed = run("lint-imports", "--no-cache")
    assert completed.returncode == 0, report(completed)


def test_the_ruff_rules_catch_real_defects(tmp_path):
    # The configuration itself is tested: a file with an unused import, an undefined
    # name, a zip() that would drop items silently and a mutable default argument is
    # checked with the project's settings, and every one of them is reported.
    planted = tmp_path / "planted.py"
    planted.write_text(
        "import os\n\n\n"
        "def pairs(a, b, seen=[]):\n"
        "    return list(zip(a, b)) + undefined_name + seen\n",
        encoding="utf-8")
    completed = run("ruff", "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), "--output-format", "concise", str(planted))
    assert completed.returncode == 1, report(completed)
    codes = {line.split(" ")[1] for line in completed.stdout.splitlines() if line.startswith(str(planted))}
    assert codes >= {"F401", "F821", "B905", "B006"}, report(completed)


def test_mypy_checks_every_body_of_the_package(tmp_path):
    # The package gets check_untyped_defs: an Optional used as if it were set is an
    # error even in a function without annotations. The planted module is named as a
    # submodule of bouquet so the package's override applies to it.
    package = tmp_path / "bouquet"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "planted.py").write_text(
        "import re\n\n\ndef first_word(text):\n    return re.match(r'\\w+', text).group(0)\n", encoding="utf-8")
    completed = run("mypy", "--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", "bouquet/planted.py", cwd=tmp_path)
    assert completed.returncode == 1, report(completed)
    assert "union-attr" in completed.stdout, report(completed)
