"""What a reader finds on the built seed site: listings, bouquets, feeds, sitemap."""
import re
from pathlib import Path

import feedparser
import pytest

from bouquet import listings, routes
from bouquet.audit import SLUG, listing_slugs
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from sitebuild import ROOT

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(check_content(ROOT / "content", ROOT))


def slugs_on(page: Path) -> list[str]:
    return SLUG.findall(page.read_text(encoding="utf-8"))


def test_the_2015_bouquet_shows_its_date_and_15_experiences_newest_first(seed_site, catalogue):
    page = seed_site / "bouquets" / "cooperations-associations-collectivites" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "19 mai 2015" in html
    bouquet = next(b for b in catalogue.bouquets if b.slug == "cooperations-associations-collectivites")
    shown = slugs_on(page)
    assert len(shown) == 15 and set(shown) == set(bouquet.experience_slugs)
    dates = [catalogue.by_slug[s].date for s in shown]
    assert dates == sorted(dates, reverse=True)


def test_every_experience_is_on_its_theme_territory_and_bouquet_pages(seed_site, catalogue):
    for theme in catalogue.themes:
        shown = listing_slugs(seed_site, theme.url)
        assert shown == [e.slug for e in catalogue.by_theme.get(theme.slug, ())], theme.slug
    for region, count, departements in listings.territories(catalogue):
        assert len(listing_slugs(seed_site, routes.region(region))) == count
        for _departement, dcount, url in departements:
            assert len(listing_slugs(seed_site, url)) == dcount
    for experience in catalogue.experiences:
        territory = experience.territory
        if territory.region:
            assert experience.slug in listing_slugs(seed_site, routes.region(territory.region))
        if territory.departement:
            assert experience.slug in listing_slugs(seed_site, routes.departement(territory.departement))
        for bouquet in catalogue.bouquets_of.get(experience.slug, ()):
            assert experience.slug in slugs_on(seed_site / bouquet.url / "index.html")
    assert sorted(listing_slugs(seed_site, "experiences/")) == sorted(e.slug for e in catalogue.experiences)


def test_indexes_list_every_theme_region_and_bouquet(seed_site, catalogue):
    themes_index = (seed_site / "themes" / "index.html").read_text(encoding="utf-8")
    for theme in catalogue.themes:
        assert f'href="{theme.slug}/"' in themes_index or f"themes/{theme.slug}/" in themes_index
    bouquets_index = (seed_site / "bouquets" / "index.html").read_text(encoding="utf-8")
    positions = [bouquets_index.index(b.slug) for b in catalogue.bouquets]
    assert positions == sorted(positions)


def test_feeds_parse_and_hold_the_expected_entries(seed_site, catalogue):
    site_feed = feedparser.parse((seed_site / "feed.xml").read_bytes())
    assert not site_feed.bozo, site_feed.bozo_exception
    assert [e.link for e in site_feed.entries] == [f"https://bouquet.example/{e.url}" for e in catalogue.experiences[:20]]
    for theme in catalogue.themes:
        feed = feedparser.parse((seed_site / theme.feed_url).read_bytes())
        assert not feed.bozo
        assert len(feed.entries) == min(20, len(catalogue.by_theme.get(theme.slug, ())))
    for bouquet in catalogue.bouquets:
        feed = feedparser.parse((seed_site / bouquet.feed_url).read_bytes())
        assert not feed.bozo
        assert {e.link.rsplit("/", 2)[-2] for e in feed.entries} == set(bouquet.experience_slugs)


def test_pages_announce_their_feeds(seed_site, catalogue):
    bouquet = catalogue.bouquets[0]
    html = (seed_site / bouquet.url / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="\.\./\.\./' + re.escape(bouquet.feed_url) + '"', html)
    for link in re.findall(r'<link rel="alternate"[^>]*href="([^"]+)"', html):
        # Material fetches sitemap.xml beside each alternate link: it must exist.
        assert (seed_site / bouquet.url / link).resolve().parent == seed_site.resolve()
    assert 'rel="alternate" type="application/atom+xml"' in (seed_site / "index.html").read_text(encoding="utf-8")


def test_sitemap_lists_every_experience(seed_site, catalogue):
    sitemap = (seed_site / "sitemap.xml").read_text(encoding="utf-8")
    for experience in catalogue.experiences:
        assert f"<loc>https://bouquet.example/{experience.url}</loc>" in sitemap


def test_experience_pages_do_not_embed_the_catalogue(seed_site, catalogue):
    """The navigation holds sections only: a page links to a bounded set of experiences."""
    experience = catalogue.experiences[0]
    html = (seed_site / experience.url / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="(?:\.\./)+experiences/([a-z0-9-]+)/"', html)) | set(re.findall(r'href="\.\./([a-z0-9-]+)/"', html))
    assert len(linked & set(catalogue.by_slug)) <= 5 + 1


def test_no_page_waits_for_a_script_before_it_paints(seed_site):
    """Every external script of every page is deferred or a module (overrides/main.html
    defers Material's bundle, which the theme writes as a blocking script)."""
    script = re.compile(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"([^>]*)>")
    blocking = {}
    pages = [p for p in seed_site.rglob("*.html") if p.relative_to(seed_site).parts[0] != "admin"]
    for page in pages:
        for before, src, after in script.findall(page.read_text(encoding="utf-8")):
            attributes = f"{before} {after}"
            if not re.search(r"\bdefer\b|type=\"module\"|\basync\b", attributes):
                blocking.setdefault(src.rsplit("/", 1)[-1], []).append(str(page.relative_to(seed_site)))
    assert len(pages) > 100
    assert blocking == {}, {src: (len(found), found[:3]) for src, found in blocking.items()}
