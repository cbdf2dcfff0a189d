"""Builds a content tree with the project's mkdocs.yml, as `make build` does."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(content_dir: Path, site_dir: Path, tmp_dir: Path, site_url: str = "https://bouquet.example/", env: dict | None = None) -> subprocess.CompletedProcess:
    """Builds `content_dir` with the project's mkdocs.yml, paths made absolute."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content", f"docs_dir: {content_dir}")
    config = config.replace("site_dir: site", f"site_dir: {site_dir}")
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    config = config.replace("- hooks/site_hooks.py", f"- {ROOT / 'hooks' / 'site_hooks.py'}")
    config_file = tmp_dir / "mkdocs.yml"
    config_file.write_text(config, encoding="utf-8")
    env = {**os.environ, "BOUQUET_SITE_URL": site_url, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config_file)],
                          capture_output=True, text=True, env=env, cwd=ROOT)
