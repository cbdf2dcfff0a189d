"""The project's mkdocs.yml pointed at any content tree, with absolute paths: how the
tests, the benchmark and load tests build a site exactly as `make build` does."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def write_config(content_dir: Path, site_dir: Path, folder: Path, name: str = "mkdocs.yml") -> Path:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    replacements = {
        "docs_dir: content": f"docs_dir: {content_dir}",
        "site_dir: site": f"site_dir: {site_dir}",
        "custom_dir: overrides": f"custom_dir: {ROOT / 'overrides'}",
    }
    for old, new in replacements.items():
        if old not in config:
            raise ValueError(f"mkdocs.yml no longer contains {old!r}: update src/bouquet/buildconfig.py")
        config = config.replace(old, new)
    path = Path(folder) / name
    path.write_text(config, encoding="utf-8")
    return path
