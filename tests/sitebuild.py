"""Builds a content tree with the project's mkdocs.yml, as `make build` does."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from bouquet import engine
from bouquet.buildconfig import ROOT, write_config


def build(content_dir: Path, site_dir: Path, tmp_dir: Path, site_url: str = "https://bouquet.example/", env: dict | None = None, command=engine.COMMAND) -> subprocess.CompletedProcess:
    """Builds `content_dir` with the project's mkdocs.yml, paths made absolute, with
    this environment's engine or the one `command` runs."""
    config_file = write_config(content_dir, site_dir, tmp_dir)
    env = {**os.environ, "BOUQUET_SITE_URL": site_url, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([*command, "build", "--strict", "--quiet", "-f", str(config_file)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
