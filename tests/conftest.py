"""Shared fixtures: tiny content trees, and the seed site built once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

from content_tree import ContentTree
from sitebuild import ROOT, build


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The seed content of content/, built once per test session."""
    tmp = tmp_path_factory.mktemp("seed-site")
    completed = build(ROOT / "content", tmp / "site", tmp)
    assert completed.returncode == 0, completed.stderr
    return tmp / "site"
