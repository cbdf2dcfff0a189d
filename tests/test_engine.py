"""The engine is chosen in one place: bouquet/engine.py picks MkDocs or ProperDocs."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from bouquet import engine
from bouquet.engine import running_engine

ROOT = Path(__file__).resolve().parents[1]
OUR_CODE = ("src", "hooks", "scripts", "tests")
# The MkDocs side: the plugin, its settings and the modules that use MkDocs'
# helpers. The rest of the domain logic stays plain Python.
ENGINE_USERS = {"src/bouquet/plugin.py", "src/bouquet/config.py", "src/bouquet/site.py", "src/bouquet/markdown_render.py",
                "src/bouquet/preview_passes.py", "src/bouquet/preview_watch.py"}


def found(name):
    return lambda wanted: object() if wanted == name else None


def test_properdocs_when_its_command_runs_even_beside_mkdocs():
    # The properdocs command aliases sys.modules["mkdocs"] to itself.
    assert running_engine({"properdocs": object(), "mkdocs": object()}, found("mkdocs")) == "properdocs"


def test_mkdocs_when_installed_otherwise_properdocs():
    assert running_engine({}, found("mkdocs")) == "mkdocs"
    assert running_engine({}, found("properdocs")) == "properdocs"


def test_the_environment_engine_is_the_one_installed_and_runs():
    assert engine.NAME in engine.ENGINES
    assert engine.COMMAND == (sys.executable, "-m", engine.NAME)
    completed = subprocess.run([*engine.COMMAND, "--version"], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith(f"python -m {engine.NAME}, version 1.")


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ("." * node.level) + (node.module or "")
            modules.add(base)
            modules.update(f"{base}.{alias.name}" if node.module else f"{base}{alias.name}" for alias in node.names)
    return modules


def our_files():
    for folder in OUR_CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "node_modules" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), imported_modules(path)


def test_no_module_imports_an_engine_by_name_but_engine_py():
    offenders = sorted(name for name, modules in our_files() if name != "src/bouquet/engine.py"
                       and any(m.split(".")[0] in engine.ENGINES for m in modules))
    assert offenders == []


def test_only_the_mkdocs_side_imports_the_engine():
    def uses_engine(modules):
        return any(m in ("bouquet.engine", ".engine") or m.startswith(("bouquet.engine.", ".engine.")) for m in modules)
    users = {name for name, modules in our_files() if name.startswith(("hooks/", "src/")) and uses_engine(modules)}
    assert users == ENGINE_USERS


def test_every_material_module_imports_under_this_environment_engine():
    # Material imports `mkdocs` by name; under ProperDocs the command's alias serves
    # it, and what MkDocs used to install beside it must be in the ProperDocs lock
    # (mergedeep, for Material's meta and blog plugins).
    alias = "import properdocs.replacement; " if engine.NAME == "properdocs" else ""
    script = (alias + "import importlib, pkgutil, material\n"
              "for module in pkgutil.walk_packages(material.__path__, 'material.'):\n"
              "    importlib.import_module(module.name)\n"
              "print('ok')")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "ok\n"


def _pins(lock: Path) -> dict[str, str]:
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")) and "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower()] = version.rstrip("\\").strip()
    return pins


LOCKS = ROOT / "requirements.lock", ROOT / "requirements-dev.lock"
PROPERDOCS_LOCKS = ROOT / "requirements-properdocs.lock", ROOT / "requirements-properdocs-dev.lock"


def _without_engine(pins: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in pins.items() if k not in ("mkdocs", "mkdocs-get-deps", "properdocs")}


@pytest.mark.parametrize("mkdocs_lock, properdocs_lock", list(zip(LOCKS, PROPERDOCS_LOCKS, strict=True)), ids=["runtime", "dev"])
def test_the_properdocs_lock_pins_what_the_mkdocs_lock_pins(mkdocs_lock, properdocs_lock):
    """Both environments run the same versions of everything but the engine: a package
    added to requirements.lock and not to the ProperDocs lock broke the ProperDocs
    build once (Pillow). `make lock` regenerates all four locks."""
    mkdocs_pins, properdocs_pins = _pins(mkdocs_lock), _pins(properdocs_lock)
    assert _without_engine(mkdocs_pins) == _without_engine(properdocs_pins)
    assert "properdocs" in properdocs_pins and "mkdocs" not in properdocs_pins
    assert "mkdocs" in mkdocs_pins and "properdocs" not in mkdocs_pins


def test_the_runtime_lock_has_no_development_tool_and_the_dev_lock_keeps_its_pins():
    runtime, dev = _pins(ROOT / "requirements.lock"), _pins(ROOT / "requirements-dev.lock")
    assert not {"pytest", "hypothesis", "playwright", "ruff", "mypy", "import-linter"} & set(runtime)
    assert {"pytest", "ruff", "mypy", "import-linter"} <= set(dev)
    assert {k: dev[k] for k in runtime} == runtime, "the development lock must keep every runtime pin (make lock)"


@pytest.mark.parametrize("lock", LOCKS + PROPERDOCS_LOCKS, ids=lambda p: p.name)
def test_every_pin_of_every_lock_has_its_hashes(lock):
    # pip installs a lock with hashes in --require-hashes mode: a package whose file
    # changed on the index since the lock was written is refused.
    lines = lock.read_text(encoding="utf-8").splitlines()
    pinned = [i for i, line in enumerate(lines) if line and not line.startswith((" ", "#")) and "==" in line]
    assert len(pinned) > 30
    unhashed = [lines[i] for i in pinned if i + 1 >= len(lines) or not lines[i + 1].strip().startswith("--hash=sha256:")]
    assert unhashed == [], unhashed
