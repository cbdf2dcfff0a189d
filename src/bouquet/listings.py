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
    children: tuple = ()  # a région's départements, a département's EPCI: (Departement | Epci, count, url)
    subject: object = None  # what the listing lists: its Theme, Region, Departement, Epci or Source; None for all experiences

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


def epcis_of(catalogue: Catalogue, departement) -> tuple:
    """The EPCI of a département's experiences: (Epci, count, url), by name."""
    found = {}
    for experience in catalogue.by_departement.get(departement.code, ()):
        epci = experience.territory.epci
        if epci is not None:
            found[epci.code] = epci
    ordered = sorted(found.values(), key=lambda e: (geography.collation_key(e.name), e.name, e.code))
    return tuple((e, len(catalogue.by_epci[e.code]), routes.epci(e)) for e in ordered)


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
                          catalogue.by_region.get(region.code, ()), routes.region_feed(region), breadcrumbs=(home, ("Territoires", routes.TERRITORIES)),
                          children=departements, subject=region, per_page=per_page)
        for departement, dcount, _ in departements:
            pages += paginate("departement", f"{departement.name} ({departement.code})", f"{experiences_count(dcount)} dans le département {departement.name} ({departement.code}).",
                              routes.departement(departement), catalogue.by_departement.get(departement.code, ()),
                              routes.departement_feed(departement), breadcrumbs=(home, ("Territoires", routes.TERRITORIES), (region.name, routes.region(region))),
                              children=epcis_of(catalogue, departement), subject=departement, per_page=per_page)
    for epci in sorted((e for code in catalogue.by_epci if (e := geography.epci(code)) is not None), key=lambda e: e.code):
        pages += paginate("epci", epci.title, f"{experiences_count(len(catalogue.by_epci[epci.code]))} dans l'intercommunalité {epci.title}.",
                          routes.epci(epci), catalogue.by_epci[epci.code], routes.epci_feed(epci),
                          breadcrumbs=_epci_breadcrumbs(catalogue, epci, home), subject=epci, per_page=per_page)
    all_sources = sources(catalogue)
    pages.append(GeneratedPage(routes.source(routes.SOURCES), "Sources", "sources-index.html", {"sources": all_sources},
                               "Les sources (« sourceurs ») qui ont recueilli les expériences, avec le nombre d'expériences de chacune."))
    for source in all_sources:
        pages += paginate("source", f"Source : {source.name}", f"{experiences_count(source.count)} recueillie{'s' if source.count > 1 else ''} par {source.name}.",
                          source.url, catalogue.by_source[source.name], breadcrumbs=(home, ("Sources", routes.SOURCES)), subject=source, per_page=per_page)
    pages.append(GeneratedPage(routes.source(routes.SEARCH), "Rechercher", "search.html", {"search_filters": search.FILTERS, "search_filter_labels": search.FILTER_LABELS,
                                                                                         "search_filter_orders": search.FILTER_ORDERS},
                               "Rechercher parmi les expériences et les bouquets, par thème, territoire, année et bouquet."))
    bouquets = tuple((b, len(b.experience_slugs)) for b in catalogue.bouquets)
    pages.append(GeneratedPage(routes.source(routes.BOUQUETS), "Bouquets", "bouquets-index.html", {"bouquets_sizes": bouquets},
                               "Les bouquets d'expériences, du plus récent au plus ancien."))
    return pages


def _epci_breadcrumbs(catalogue: Catalogue, epci, home) -> tuple:
    """Up to its département; a straddling EPCI whose experiences all lie outside
    the département of its page links only the pages that exist."""
    departement, region = epci.departement, epci.departement.region
    crumbs = [home, ("Territoires", routes.TERRITORIES)]
    if region.code in catalogue.by_region:
        crumbs.append((region.name, routes.region(region)))
    if departement.code in catalogue.by_departement:
        crumbs.append((f"{departement.name} ({departement.code})", routes.departement(departement)))
    return tuple(crumbs)


@dataclass(frozen=True)
class Source:
    """A « sourceur »: who collected experiences (``source.name``), with its page."""

    name: str
    slug: str
    count: int

    @property
    def url(self) -> str:
        return routes.source_listing(self)


def sources(catalogue: Catalogue) -> tuple[Source, ...]:
    """Every source of a published experience, by name (accents and case ignored).
    Two names giving the same slug are told apart by a number, in name order."""
    names = sorted(catalogue.by_source, key=lambda n: (geography.collation_key(n), n))
    taken: dict[str, int] = {}
    result = []
    for name in names:
        slug = geography.slugify(name) or "source"
        taken[slug] = taken.get(slug, 0) + 1
        if taken[slug] > 1:
            slug = f"{slug}-{taken[slug]}"
        result.append(Source(name, slug, len(catalogue.by_source[name])))
    return tuple(result)


def source_page(catalogue: Catalogue, name: str) -> Source | None:
    """The listing of the source named *name* (sources() computed once per catalogue)."""
    by_name = catalogue.__dict__.get("_source_pages")
    if by_name is None:
        by_name = catalogue.__dict__["_source_pages"] = {s.name: s for s in sources(catalogue)}
    return by_name.get(name)


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
