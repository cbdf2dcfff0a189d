"""Same input, same bytes: with or without the Markdown cache, in any folder, at any time,
under any hash seed (the order in which a process iterates a set of strings)."""
import hashlib
import re
import shutil
import time
from pathlib import Path

import pytest

from hashseed import SEEDS
from sitebuild import ROOT, build

pytestmark = pytest.mark.build


def tree_hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(site: Path, other: Path) -> list[str]:
    mine, theirs = tree_hashes(site), tree_hashes(other)
    return sorted(path for path in mine.keys() | theirs.keys() if mine.get(path) != theirs.get(path))


def test_cold_cache_warm_cache_and_no_cache_give_identical_sites_under_two_hash_seeds(tmp_path):
    first, second = ({"PYTHONHASHSEED": seed} for seed in SEEDS)
    config_dir = tmp_path / "project"
    config_dir.mkdir()
    cold = build(ROOT / "content", tmp_path / "cold", config_dir, env=first)
    assert cold.returncode == 0, cold.stderr
    assert (config_dir / ".cache" / "markdown.json").is_file()
    time.sleep(1.1)  # a later second must not show in the output
    warm = build(ROOT / "content", tmp_path / "warm", config_dir, env=second)
    assert warm.returncode == 0, warm.stderr
    stock = build(ROOT / "content", tmp_path / "stock", tmp_path, env={"BOUQUET_NO_CACHE": "1", **second})
    assert stock.returncode == 0, stock.stderr
    assert len(tree_hashes(tmp_path / "cold")) > 100
    assert differences(tmp_path / "cold", tmp_path / "warm") == []
    assert differences(tmp_path / "cold", tmp_path / "stock") == []


def cache_counts(stderr: str) -> tuple[int, int]:
    """(pages converted, pages from the cache) as the build logs them."""
    match = re.search(r"Markdown : (\d+) page\(s\) converties, (\d+) reprises du cache", stderr)
    assert match, stderr[-2000:]
    return int(match.group(1)), int(match.group(2))


def test_a_new_experience_leaves_the_other_pages_in_the_cache(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    config_dir = tmp_path / "project"
    config_dir.mkdir()
    cold = build(content, tmp_path / "cold", config_dir)
    assert cold.returncode == 0, cold.stderr
    converted, _ = cache_counts(cold.stderr)
    existing = sorted((content / "experiences").glob("*.md"))[0]
    text = re.sub(r"^title: .*$", 'title: "Une nouvelle expérience"', existing.read_text(encoding="utf-8"), count=1, flags=re.M)
    (content / "experiences" / "zz-nouvelle-experience.md").write_text(text, encoding="utf-8")
    warm = build(content, tmp_path / "warm", config_dir)
    assert warm.returncode == 0, warm.stderr
    again, kept = cache_counts(warm.stderr)
    # The new page and the listings it joins are converted; every experience and
    # bouquet that existed is taken from the cache.
    assert kept >= len(list((content / "experiences").glob("*.md"))) - 1
    assert again < converted / 2
    stock = build(content, tmp_path / "stock", tmp_path, env={"BOUQUET_NO_CACHE": "1"})
    assert stock.returncode == 0, stock.stderr
    assert differences(tmp_path / "warm", tmp_path / "stock") == []
