"""The project's mkdocs.yml pointed at any content tree, with absolute paths: how the
tests, the benchmark and load tests build a site exactly as `make build` does; and
mkdocs.yml read without the engine, by the scripts that work on a built site."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILE = ROOT / "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's tags read without MkDocs: !ENV [NAME, default] as its default, the
    python/ tags as nothing (a script that needs a variable reads it by name)."""


def _env(loader, node):
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    return values[-1] if len(values) > 1 else None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(config_file: Path = CONFIG_FILE) -> tuple[dict, dict]:
    """mkdocs.yml as a dict, and the settings under `plugins: - bouquet:` (config.py)."""
    config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_Loader) or {}
    plugin = next((entry["bouquet"] for entry in config.get("plugins") or ()
                   if isinstance(entry, dict) and "bouquet" in entry), None) or {}
    return config, plugin


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
