"""`make audit` expects the feeds as long as the site's setting makes them
(`plugins: - bouquet: feed_size` in mkdocs.yml), not the default length."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bouquet import feeds
from bouquet.audit import audit
from bouquet.buildconfig import CONFIG_FILE, read_config
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from sitebuild import ROOT

SITE = "https://bouquet.example/"
SIZE = 10  # below the seed's 38 experiences and the default of 20


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(check_content(ROOT / "content", ROOT))


def feed_lines(missing: list[str]) -> list[str]:
    return [line for line in missing if "manque au flux" in line]


@pytest.fixture
def site(tmp_path, catalogue) -> Path:
    """The feeds a site built with feed_size: 10 writes (the rest of the site is not needed here)."""
    feeds.write(catalogue, tmp_path, SITE, size=SIZE)
    (tmp_path / "index.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    return tmp_path


def test_the_audit_expects_the_feeds_the_setting_makes(site, catalogue):
    assert feed_lines(audit(catalogue, site, feed_size=SIZE).missing) == []
    # Audited against the default, the same site seemed to lose its 11th to 20th entries.
    assert feed_lines(audit(catalogue, site).missing) != []


def test_scripts_audit_reads_the_setting_from_mkdocs_yml(site, tmp_path, capsys):
    text = CONFIG_FILE.read_text(encoding="utf-8")
    assert text.count("  - bouquet:\n") == 1
    config = tmp_path / "mkdocs.yml"
    config.write_text(text.replace("  - bouquet:\n", f"  - bouquet:\n      feed_size: {SIZE}\n"), encoding="utf-8")
    assert read_config(config)[1]["feed_size"] == SIZE
    spec = importlib.util.spec_from_file_location("audit_script", ROOT / "scripts" / "audit.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(["--site", str(site), "--content", str(ROOT / "content"), "--config", str(config)])
    assert feed_lines(capsys.readouterr().out.splitlines()) == []
    script.main(["--site", str(site), "--content", str(ROOT / "content"), "--config", str(CONFIG_FILE)])
    assert feed_lines(capsys.readouterr().out.splitlines()) != []  # the seed's mkdocs.yml: the default, 20
