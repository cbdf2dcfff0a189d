"""The letter on the built site: its archive page, the index of letters, the feed, the
e-mail's parts beside the page, and the subscription link when the setting is made."""
from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from sitebuild import ROOT, build

pytestmark = pytest.mark.build

LETTER = "2026-11-21"
SUBSCRIBE = "https://lettres.example/inscription"


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(check_content(ROOT / "content", ROOT))


def test_the_archive_page_shows_the_editorial_and_links_every_sheet_of_the_letter(seed_site: Path, catalogue):
    page = (seed_site / "lettres" / LETTER / "index.html").read_text(encoding="utf-8")
    assert "Cette première lettre présente tout ce que le site contient" in page
    for experience in catalogue.experiences:
        assert f'href="../../experiences/{experience.slug}/"' in page, experience.slug
    for bouquet in catalogue.bouquets:
        assert f'href="../../bouquets/{bouquet.slug}/"' in page, bouquet.slug
    assert 'href="lettre.html"' in page and 'href="lettre.txt"' in page
    header = re.search(r'<header class="bq-page-header">(.*?)</header>', page, re.S)
    assert header is not None and header[1].count("21 novembre 2026") == 1  # the title says it: no « Lettre du … » below
    assert (seed_site / "lettres" / LETTER / "lettre.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "https://bouquet.example/experiences/" in (seed_site / "lettres" / LETTER / "lettre.txt").read_text(encoding="utf-8")


def test_the_index_lists_the_letters_and_announces_their_feed(seed_site: Path):
    index = (seed_site / "lettres" / "index.html").read_text(encoding="utf-8")
    assert f'href="{LETTER}/"' in index
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="Lettres d&#39;information" href="[^"]*feed-lettres.xml"', index), index[:3000]
    feed = feedparser.parse((seed_site / "feed-lettres.xml").read_bytes())
    assert not feed.bozo and [e.link for e in feed.entries] == [f"https://bouquet.example/lettres/{LETTER}/"]


def test_every_page_links_to_the_letters_and_no_subscription_link_without_the_setting(seed_site: Path):
    home = (seed_site / "index.html").read_text(encoding="utf-8")
    assert 'href="lettres/">Lettres d\'information</a>' in home
    assert "S'abonner à la lettre" not in home


def test_the_subscription_link_appears_once_set(tmp_path):
    completed = build(ROOT / "content", tmp_path / "site", tmp_path,
                      settings={'    subscribe_url: ""': f'    subscribe_url: "{SUBSCRIBE}"'})
    assert completed.returncode == 0, completed.stderr
    site = tmp_path / "site"
    assert f'<a href="{SUBSCRIBE}">S\'abonner à la lettre</a>' in (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{SUBSCRIBE}">S\'abonner à la lettre d\'information</a>' in (site / "lettres" / "index.html").read_text(encoding="utf-8")
    assert f"S'abonner à la lettre : {SUBSCRIBE}" in (site / "lettres" / LETTER / "lettre.txt").read_text(encoding="utf-8")
