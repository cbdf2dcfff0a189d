"""Same input, same bytes: with or without the Markdown cache, in any folder, at any time."""
import hashlib
import time
from pathlib import Path

import pytest

from sitebuild import ROOT, build

pytestmark = pytest.mark.build


def tree_hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_cold_cache_warm_cache_and_no_cache_give_identical_sites(tmp_path):
    config_dir = tmp_path / "project"
    config_dir.mkdir()
    cold = build(ROOT / "content", tmp_path / "cold", config_dir)
    assert cold.returncode == 0, cold.stderr
    assert (config_dir / ".cache" / "markdown.json").is_file()
    time.sleep(1.1)  # a later second must not show in the output
    warm = build(ROOT / "content", tmp_path / "warm", config_dir)
    assert warm.returncode == 0, warm.stderr
    stock = build(ROOT / "content", tmp_path / "stock", tmp_path, env={"BOUQUET_NO_CACHE": "1"})
    assert stock.returncode == 0, stock.stderr
    cold_hashes = tree_hashes(tmp_path / "cold")
    assert len(cold_hashes) > 100
    assert tree_hashes(tmp_path / "warm") == cold_hashes
    assert tree_hashes(tmp_path / "stock") == cold_hashes
