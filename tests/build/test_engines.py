"""Both engines build the same site: MkDocs 1.6 and ProperDocs, its maintained fork.

The session's seed site is built by the engine of the running environment; the other
engine builds the same content from its own environment (`.venv` or
`.venv-properdocs`, set up by `make test`). Every file is compared byte for byte. The
one expected difference is the generator meta tag, where Material names the engine
("mkdocs-1.6.1" against "mkdocs-ProperDocs 1.6.7"). Without the other environment the
test is skipped, or fails with BOUQUET_REQUIRE_ENGINES=1 (.ci/run).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bouquet import engine
from sitebuild import ROOT, build

pytestmark = pytest.mark.build
# The Makefile's VENV_mkdocs and VENV_properdocs.
ENVIRONMENTS = {"mkdocs": ".venv", "properdocs": ".venv-properdocs"}
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def other_engine_command() -> tuple[str, tuple[str, ...]]:
    other = next(name for name in engine.ENGINES if name != engine.NAME)
    folder = ROOT / ENVIRONMENTS[other]
    if not (folder / ".installed").is_file():
        message = (f"{other} absent ({folder.name}/) : les deux moteurs ne sont pas comparés ; "
                   f"`make {folder.name}/.installed` l'installe (make test le fait)")
        if os.environ.get("BOUQUET_REQUIRE_ENGINES", "").strip() == "1":
            pytest.fail(f"{message} [BOUQUET_REQUIRE_ENGINES=1]", pytrace=False)
        pytest.skip(message)
    return other, (str(folder / "bin" / "python"), "-m", other)


def test_both_engines_build_the_same_files_but_for_the_generator_tag(request, tmp_path):
    other, command = other_engine_command()
    seed_site = request.getfixturevalue("seed_site")  # only once the comparison can run
    completed = build(ROOT / "content", tmp_path / "site", tmp_path, command=command)
    assert completed.returncode == 0, completed.stderr
    ours, theirs = site_files(seed_site), site_files(tmp_path / "site")
    assert sorted(ours) == sorted(theirs)
    assert len(ours) > 100
    generators = {engine.NAME: set(), other: set()}
    differing = []
    for path, data in ours.items():
        for name, content in ((engine.NAME, data), (other, theirs[path])):
            generators[name].update(GENERATOR.findall(content))
        if GENERATOR.sub(b"", data) != GENERATOR.sub(b"", theirs[path]):
            differing.append(path)
    assert differing == []
    # One tag per site, naming its engine: two builds by the same engine would not pass.
    assert len(generators["mkdocs"]) == len(generators["properdocs"]) == 1
    assert re.fullmatch(rb"mkdocs-1\.[\d.]+, mkdocs-material-[\d.]+", generators["mkdocs"].pop())
    assert re.fullmatch(rb"mkdocs-ProperDocs 1\.[\d.]+, mkdocs-material-[\d.]+", generators["properdocs"].pop())
