"""Builds a content tree with the project's mkdocs.yml, as `make build` does."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bouquet.buildconfig import ROOT, write_config


def build(content_dir: Path, site_dir: Path, tmp_dir: Path, site_url: str = "https://bouquet.example/", env: dict | None = None,
          edit_config=None) -> subprocess.CompletedProcess:
    """Builds `content_dir` with the project's mkdocs.yml, paths made absolute;
    `edit_config(text) -> text` changes that configuration first."""
    config_file = write_config(content_dir, site_dir, tmp_dir)
    if edit_config is not None:
        config_file.write_text(edit_config(config_file.read_text(encoding="utf-8")), encoding="utf-8")
    env = {**os.environ, "BOUQUET_SITE_URL": site_url, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config_file)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
