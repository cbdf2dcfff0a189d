"""The generated pages: listings by theme and territory, indexes, pagination.

Each listing shows a fixed number of experiences per page, so no page grows with
the catalogue. Pages are planned here as plain data; the hook turns them into
MkDocs files.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import french, geography, routes, search
from .catalogue import Catalogue
from .model import Experience

PER_PAGE = 30
HOME_LATEST = 6


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


@dataclass(frozen=True)
class Listing:
    kind: str  # experiences, theme, region, departement
    title: str
    description: str
    base_url: str  # page 1, e.g. themes/jeunesse/
    total: int
    items: tuple[Experience, ...]
    number: int = 1
    pages: tuple[PageLink, ...] = ()
    feed_url: str = ""
    breadcrumbs: tuple[tuple[str, str], ...] = ()
    children: tuple = ()  # a région's départements: (Departement, count, url)
    subject: object = None  # what the listing lists: its Theme, Region or Departement; None for all experiences

    @property
    def previous(self) -> PageLink | None:
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> PageLink | None:
        return self.pages[self.number] if self.number < len(self.pages) else None


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    description: str = ""
    markdown: str = ""


def experiences_count(count: int) -> str:
    """French count: "1 expérience", "8 expériences" (0 and 1 take the singular)."""
    return french.count(count)


def paginate(kind, title, description, base_url, experiences, feed_url="", breadcrumbs=(), children=(), subject=None,
             per_page: int = PER_PAGE) -> list[GeneratedPage]:
    count = max(1, math.ceil(len(experiences) / per_page))
    links = tuple(PageLink(n, routes.page(base_url, n), False) for n in range(1, count + 1))
    pages = []
    for number in range(1, count + 1):
        items = tuple(experiences[(number - 1) * per_page : number * per_page])
        marked = tuple(PageLink(link.number, link.url, link.number == number) for link in links)
        listing = Listing(kind, title, description, base_url, len(experiences), items, number, marked, feed_url, breadcrumbs, children, subject)
        page_title = title if number == 1 else f"{title} – page {number} sur {count}"
        pages.append(GeneratedPage(routes.source(routes.page(base_url, number)), page_title, "listing.html", {"listing": listing}, description))
    return pages


def plan(catalogue: Catalogue, per_page: int = PER_PAGE) -> list[GeneratedPage]:
    """Every generated page; listings show `per_page` experiences a page (the plugin's per_page)."""
    pages: list[GeneratedPage] = []
    home = ("Accueil", routes.HOME)
    pages += paginate("experiences", "Toutes les expériences", f"Les {len(catalogue.experiences)} expériences publiées, des plus récentes aux plus anciennes.",
                      routes.EXPERIENCES, catalogue.experiences, routes.SITE_FEED, (home,), per_page=per_page)
    themes_counts = tuple((t, len(catalogue.by_theme.get(t.slug, ()))) for t in catalogue.themes)
    pages.append(GeneratedPage(routes.source(routes.THEMES), "Thèmes", "themes-index.html", {"themes_counts": themes_counts},
                               "Les thèmes des expériences, avec le nombre d'expériences de chacun."))
    for theme, _ in themes_counts:
        pages += paginate("theme", theme.name, theme.description, theme.url, catalogue.by_theme.get(theme.slug, ()),
                          theme.feed_url, (home, ("Thèmes", routes.THEMES)), subject=theme, per_page=per_page)
    regions = territories(catalogue)
    pages.append(GeneratedPage(routes.source(routes.TERRITORIES), "Territoires", "territories-index.html", {"regions_counts": regions},
                               "Les expériences par région et par département."))
    for region, count, departements in regions:
        pages += paginate("region", region.name, f"{experiences_count(count)} en {region.name}.", routes.region(region),
                          catalogue.by_region.get(region.code, ()), breadcrumbs=(home, ("Territoires", routes.TERRITORIES)),
                          children=departements, subject=region, per_page=per_page)
        for departement, dcount, _ in departements:
            pages += paginate("departement", f"{departement.name} ({departement.code})", f"{experiences_count(dcount)} dans le département {departement.name} ({departement.code}).",
                              routes.departement(departement), catalogue.by_departement.get(departement.code, ()),
                              breadcrumbs=(home, ("Territoires", routes.TERRITORIES), (region.name, routes.region(region))),
                              subject=departement, per_page=per_page)
    pages.append(GeneratedPage(routes.source(routes.SEARCH), "Rechercher", "search.html", {"search_filters": search.FILTERS, "search_filter_labels": search.FILTER_LABELS},
                               "Rechercher parmi les expériences et les bouquets, par thème, territoire, année et bouquet."))
    bouquets = tuple((b, len(b.experience_slugs)) for b in catalogue.bouquets)
    pages.append(GeneratedPage(routes.source(routes.BOUQUETS), "Bouquets", "bouquets-index.html", {"bouquets_sizes": bouquets},
                               "Les bouquets d'expériences, du plus récent au plus ancien."))
    return pages


def territories(catalogue: Catalogue) -> tuple:
    """Régions that have experiences, each with its départements that have some."""
    result = []
    for region in geography.regions():
        experiences = catalogue.by_region.get(region.code, ())
        if not experiences:
            continue
        departements = tuple(
            (d, len(catalogue.by_departement[d.code]), routes.departement(d))
            for d in geography.departements()
            if d.region == region and d.code in catalogue.by_departement
        )
        result.append((region, len(experiences), departements))
    return tuple(result)


def home_context(catalogue: Catalogue, latest: int = HOME_LATEST) -> dict:
    return {
        "latest_bouquet": catalogue.bouquets[0] if catalogue.bouquets else None,
        "latest_experiences": catalogue.experiences[:latest],
        "themes_counts": tuple((t, len(catalogue.by_theme.get(t.slug, ()))) for t in catalogue.themes),
        "regions_counts": territories(catalogue),
    }
