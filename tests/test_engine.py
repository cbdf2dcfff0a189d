"""The engine is chosen in one place: bouquet/engine.py picks MkDocs or ProperDocs."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from bouquet import engine
from bouquet.engine import running_engine

ROOT = Path(__file__).resolve().parents[1]
OUR_CODE = ("src", "hooks", "scripts", "tests")
# The MkDocs side: the hook adapters and the two modules that already used MkDocs'
# helpers. The rest of the domain logic stays plain Python.
ENGINE_USERS = {"hooks/site_hooks.py", "src/bouquet/site.py", "src/bouquet/markdown_render.py"}


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
    modules = set()
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
            pins[name.strip().lower()] = version.strip()
    return pins


def test_the_properdocs_lock_pins_what_the_mkdocs_lock_pins():
    """Both environments run the same versions of everything but the engine: a package
    added to requirements.lock and not to the ProperDocs lock broke the ProperDocs
    build once (Pillow). `make lock` regenerates both."""
    root = Path(__file__).resolve().parents[1]
    mkdocs_pins, properdocs_pins = _pins(root / "requirements.lock"), _pins(root / "requirements-properdocs.lock")
    assert {k: v for k, v in mkdocs_pins.items() if k not in ("mkdocs", "mkdocs-get-deps")} == \
           {k: v for k, v in properdocs_pins.items() if k != "properdocs"}
    assert "properdocs" in properdocs_pins and "mkdocs" not in properdocs_pins
