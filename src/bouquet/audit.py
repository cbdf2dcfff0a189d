"""Nothing lost: every published experience is everywhere it belongs in the built
site, and no draft is anywhere. Reads only the built files, as a reader would."""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import feeds, routes, search
from .catalogue import Catalogue

SLUG = re.compile(r'data-slug="([^"]+)"')
FEED_LINK = re.compile(r'<link rel="alternate" type="text/html" href="[^"]*/' + re.escape(routes.EXPERIENCES) + r'([a-z0-9-]+)/"')
PAGEFIND_SIGNATURE = b"pagefind_dcd"


@dataclass
class AuditReport:
    missing: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.missing

    def summary(self) -> str:
        c = self.counts
        status = "OK" if self.ok else f"{len(self.missing)} manque(s)"
        return (f"Audit {status} : {c.get('experiences', 0)} expériences publiées, {c.get('pages', 0)} pages, "
                f"{c.get('listed', 0)} présentes dans toutes leurs listes, {c.get('feed_entries', 0)} entrées de flux, "
                f"{c.get('indexed', 0)} fiches dans l'index de recherche, {c.get('sitemap', 0)} dans le sitemap, "
                f"{c.get('draft_leaks', 0)} fuite(s) de brouillon.")


def listing_slugs(site: Path, base_url: str) -> list[str]:
    """The experience cards of a built listing (a bouquet page too), page after
    page, in the order a reader sees them."""
    found, number = [], 1
    while (page := site / routes.page(base_url, number) / "index.html").is_file():
        found += SLUG.findall(page.read_text(encoding="utf-8"))
        number += 1
    return found


def indexed_urls(site: Path) -> dict[str, dict]:
    """URL → fragment (meta, filters) of every record in the Pagefind bundle."""
    records = {}
    for file in sorted((site / routes.SEARCH_INDEX / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(file.read_bytes())
        if data.startswith(PAGEFIND_SIGNATURE):
            fragment = json.loads(data[len(PAGEFIND_SIGNATURE):])
            records[fragment["url"]] = fragment
    return records


def audit(catalogue: Catalogue, site: Path, feed_size: int = feeds.FEED_SIZE) -> AuditReport:
    """What the site built from this catalogue lacks; `feed_size`: the site's setting
    (`plugins: - bouquet: feed_size` in mkdocs.yml), how many entries its feeds hold."""
    report = AuditReport()
    missing = report.missing
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8") if (site / "sitemap.xml").is_file() else ""
    indexed = indexed_urls(site)
    listing_cache: dict[str, set[str]] = {}

    def listed(base_url: str) -> set[str]:
        if base_url not in listing_cache:
            listing_cache[base_url] = set(listing_slugs(site, base_url))
        return listing_cache[base_url]

    feed_entries = {}
    for feed in feeds.plan(catalogue, size=feed_size):
        path = site / feed.path
        feed_entries[feed.path] = set(FEED_LINK.findall(path.read_text(encoding="utf-8"))) if path.is_file() else set()
        for entry in feed.entries:
            if entry.slug not in feed_entries[feed.path]:
                missing.append(f"{feed.path} : l'expérience {entry.slug} manque au flux.")
    pages = listed_everywhere = in_sitemap = 0
    for experience in catalogue.experiences:
        slug = experience.slug
        if (site / experience.url / "index.html").is_file():
            pages += 1
        else:
            missing.append(f"{experience.url} : page absente.")
        expected = [routes.EXPERIENCES] + [t.url for t in experience.themes]
        if experience.territory.region:
            expected.append(routes.region(experience.territory.region))
        if experience.territory.departement:
            expected.append(routes.departement(experience.territory.departement))
        expected += [b.url for b in catalogue.bouquets_of.get(slug, ())]
        absent = [url for url in expected if slug not in listed(url)]
        missing += [f"{url} : l'expérience {slug} n'y figure pas." for url in absent]
        listed_everywhere += not absent
        if f"/{experience.url}" not in indexed:
            missing.append(f"pagefind : l'expérience {slug} n'est pas indexée.")
        if f"/{experience.url}</loc>" in sitemap:
            in_sitemap += 1
        else:
            missing.append(f"sitemap.xml : l'expérience {slug} manque.")
    leaks = _draft_leaks(catalogue, site)
    missing += leaks
    report.counts = {
        "experiences": len(catalogue.experiences), "pages": pages, "listed": listed_everywhere,
        "feed_entries": sum(len(v) for v in feed_entries.values()),
        "indexed": sum(1 for r in indexed.values() if search.TYPE_EXPERIENCE in r.get("filters", {}).get(search.TYPE, [])),
        "sitemap": in_sitemap, "draft_leaks": len(leaks),
    }
    if report.counts["indexed"] != len(catalogue.experiences):
        missing.append(f"pagefind : {report.counts['indexed']} fiches d'expérience pour {len(catalogue.experiences)} expériences publiées.")
    return report


def _draft_leaks(catalogue: Catalogue, site: Path) -> list[str]:
    slugs = [Path(src_uri).stem for src_uri in catalogue.drafts]
    if not slugs:
        return []
    leaks = []
    for file in sorted(site.rglob("*")):
        if file.is_dir() or file.suffix not in (".html", ".xml", ".json", ".csv", ".txt", ".pf_fragment"):
            continue
        data = file.read_bytes()
        if file.suffix == ".pf_fragment":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        leaks += [f"{file.relative_to(site)} : le brouillon {slug} y apparaît." for slug in slugs if slug in text]
    return leaks
