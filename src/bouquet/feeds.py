"""Atom feeds of the latest experiences: the whole site, each theme, each bouquet, and
each territory that has experiences (région, département, intercommunalité).

Dates come from the content, never from the clock, so feeds are reproducible.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from . import geography, routes
from .catalogue import Catalogue
from .model import Experience

FEED_SIZE = 20
GENERATOR = "Bouquet"
#: How a listing's feed is titled, by kind of listing (listings.Listing.kind): the
#: feed's own title and the <link rel="alternate"> its page announces (pages.py).
LISTING_FEED_TITLES = {"theme": "Thème « {} »", "region": "Région « {} »", "departement": "Département « {} »",
                       "epci": "Intercommunalité « {} »"}


@dataclass(frozen=True)
class Feed:
    path: str  # relative to the site root, e.g. feed-theme-jeunesse.xml
    title: str
    page_url: str  # the HTML page the feed follows
    entries: tuple[Experience, ...]
    site_name: str = ""  # the author of an entry whose source has no name


def plan(catalogue: Catalogue, site_name: str = "", size: int = FEED_SIZE) -> list[Feed]:
    """The feeds, titled with `site_name` (mkdocs.yml's site_name); the site's and each
    theme's keep their `size` latest experiences (the plugin's feed_size)."""
    feeds = [Feed(routes.SITE_FEED, f"{site_name} – dernières expériences", routes.HOME, catalogue.experiences[:size], site_name)]
    for theme in catalogue.themes:
        entries = catalogue.by_theme.get(theme.slug, ())
        feeds.append(Feed(theme.feed_url, f"{LISTING_FEED_TITLES['theme'].format(theme.name)} – {site_name}", theme.url, entries[:size], site_name))
    # Territories: the same ones, and the same experiences, as their listings (listings.plan).
    for kind, index, find, page_url, feed_url, title in (
        ("region", catalogue.by_region, geography.region, routes.region, routes.region_feed, lambda r: r.name),
        ("departement", catalogue.by_departement, geography.departement, routes.departement, routes.departement_feed,
         lambda d: f"{d.name} ({d.code})"),
        ("epci", catalogue.by_epci, geography.epci, routes.epci, routes.epci_feed, lambda e: e.title),
    ):
        for code in sorted(index):
            place = find(code)
            if place is not None:
                feeds.append(Feed(feed_url(place), f"{LISTING_FEED_TITLES[kind].format(title(place))} – {site_name}", page_url(place),
                                  index[code][:size], site_name))
    for bouquet in catalogue.bouquets:
        feeds.append(Feed(bouquet.feed_url, f"Bouquet « {bouquet.title} »", bouquet.url, catalogue.experiences_of(bouquet), site_name))
    return feeds


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def render(feed: Feed, site_url: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    updated = max((e.updated or e.date for e in feed.entries), default=dt.date(2000, 1, 1))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        f"  <title>{escape(feed.title)}</title>",
        f"  <id>{escape(base + feed.path)}</id>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + feed.path)}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + feed.page_url)}/>",
        f"  <updated>{_timestamp(updated)}</updated>",
        f"  <generator>{GENERATOR}</generator>",
    ]
    for entry in feed.entries:
        url = base + entry.url
        lines += [
            "  <entry>",
            f"    <title>{escape(entry.title)}</title>",
            f"    <id>{escape(url)}</id>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>",
            f"    <published>{_timestamp(entry.date)}</published>",
            f"    <updated>{_timestamp(entry.updated or entry.date)}</updated>",
            f"    <author><name>{escape(entry.source.get('name', feed.site_name))}</name></author>",
            f"    <summary>{escape(entry.description)}</summary>",
        ]
        lines += [f"    <category term={quoteattr(t.slug)} label={quoteattr(t.name)}/>" for t in entry.themes]
        lines.append("  </entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def write(catalogue: Catalogue, site_dir: Path, site_url: str, site_name: str = "", size: int = FEED_SIZE) -> list[Path]:
    written = []
    for feed in plan(catalogue, site_name, size):
        target = site_dir / feed.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(feed, site_url), encoding="utf-8")
        written.append(target)
    return written
