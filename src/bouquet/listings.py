"""The generated pages: listings by theme and territory, indexes, pagination.

Each listing shows a fixed number of experiences per page, so no page grows with
the catalogue. Pages are planned here as plain data; the hook turns them into
MkDocs files.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import feeds, geography
from .catalogue import Catalogue
from .model import Experience

PER_PAGE = 30
# Pagefind filter names (see search.py) in the order the search page shows them.
SEARCH_FILTERS = ("thème", "région", "département", "intercommunalité", "taille de la commune", "public", "source", "année", "bouquet", "type")
# What a facet's legend says when its name alone would leave the meaning open: the
# year is the source's (Experience.source_year), not the day the sheet was put online;
# the size is the commune's groupe démographique (population.py).
SEARCH_FILTER_LABELS = {"année": "Année de publication par la source",
                        "source": "Source (qui a recueilli l'expérience)",
                        "public": "Public visé",
                        "taille de la commune": "Taille de la commune (population municipale)"}
# Facets whose values are ordered by the first number they contain (search.js), not
# alphabetically: « De 500 à 999 habitants » before « De 1 000 à 1 999 habitants ».
SEARCH_FILTER_ORDERS = {"taille de la commune": "nombre"}
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
    return f"{count} expérience" if count <= 1 else f"{count} expériences"


def page_url(base_url: str, number: int) -> str:
    return base_url if number == 1 else f"{base_url}page/{number}/"


def src_uri_for(url: str) -> str:
    return f"{url}index.md"


def paginate(kind, title, description, base_url, experiences, feed_url="", breadcrumbs=(), children=()) -> list[GeneratedPage]:
    count = max(1, math.ceil(len(experiences) / PER_PAGE))
    links = tuple(PageLink(n, page_url(base_url, n), False) for n in range(1, count + 1))
    pages = []
    for number in range(1, count + 1):
        items = tuple(experiences[(number - 1) * PER_PAGE : number * PER_PAGE])
        marked = tuple(PageLink(l.number, l.url, l.number == number) for l in links)
        listing = Listing(kind, title, description, base_url, len(experiences), items, number, marked, feed_url, breadcrumbs, children)
        page_title = title if number == 1 else f"{title} – page {number} sur {count}"
        pages.append(GeneratedPage(src_uri_for(page_url(base_url, number)), page_title, "listing.html", {"listing": listing}, description))
    return pages


def region_url(region) -> str:
    return f"territoires/{region.slug}/"


def departement_url(departement) -> str:
    return f"{region_url(departement.region)}{departement.slug}/"


def epci_url(epci) -> str:
    """Under the département where most of the EPCI's inhabitants live."""
    return f"{departement_url(epci.departement)}{epci.slug}/"


def epci_title(epci) -> str:
    """« Communauté de communes du Pays de … », « Agglomération d'Agen (communauté
    d'agglomération) »: the kind is said once."""
    return epci.name if epci.names_kind else f"{epci.name} ({epci.kind_label})"


def epcis_of(catalogue: Catalogue, departement) -> tuple:
    """The EPCI of a département's experiences: (Epci, count, url), by name."""
    found = {}
    for experience in catalogue.by_departement.get(departement.code, ()):
        epci = experience.territory.epci
        if epci is not None:
            found[epci.code] = epci
    ordered = sorted(found.values(), key=lambda e: (geography.collation_key(e.name), e.name, e.code))
    return tuple((e, len(catalogue.by_epci[e.code]), epci_url(e)) for e in ordered)


def plan(catalogue: Catalogue) -> list[GeneratedPage]:
    pages: list[GeneratedPage] = []
    home = ("Accueil", "")
    pages += paginate("experiences", "Toutes les expériences", f"Les {len(catalogue.experiences)} expériences publiées, des plus récentes aux plus anciennes.",
                      "experiences/", catalogue.experiences, feeds.SITE_FEED, (home,))
    themes_counts = tuple((t, len(catalogue.by_theme.get(t.slug, ()))) for t in catalogue.themes)
    pages.append(GeneratedPage("themes/index.md", "Thèmes", "themes-index.html", {"themes_counts": themes_counts},
                               "Les thèmes des expériences, avec le nombre d'expériences de chacun."))
    for theme, _ in themes_counts:
        pages += paginate("theme", theme.name, theme.description, theme.url, catalogue.by_theme.get(theme.slug, ()),
                          theme.feed_url, (home, ("Thèmes", "themes/")))
    regions = territories(catalogue)
    pages.append(GeneratedPage("territoires/index.md", "Territoires", "territories-index.html", {"regions_counts": regions},
                               "Les expériences par région et par département."))
    for region, count, departements in regions:
        pages += paginate("region", region.name, f"{experiences_count(count)} en {region.name}.", region_url(region),
                          catalogue.by_region.get(region.code, ()), breadcrumbs=(home, ("Territoires", "territoires/")),
                          children=departements)
        for departement, dcount, _ in departements:
            pages += paginate("departement", f"{departement.name} ({departement.code})", f"{experiences_count(dcount)} dans le département {departement.name} ({departement.code}).",
                              departement_url(departement), catalogue.by_departement.get(departement.code, ()),
                              breadcrumbs=(home, ("Territoires", "territoires/"), (region.name, region_url(region))),
                              children=epcis_of(catalogue, departement))
    for epci in sorted((geography.epci(code) for code in catalogue.by_epci), key=lambda e: e.code):
        departement, region = epci.departement, epci.departement.region
        title = epci_title(epci)
        pages += paginate("epci", title, f"{experiences_count(len(catalogue.by_epci[epci.code]))} dans l'intercommunalité {title}.",
                          epci_url(epci), catalogue.by_epci[epci.code],
                          breadcrumbs=_epci_breadcrumbs(catalogue, epci, home))
    all_sources = sources(catalogue)
    pages.append(GeneratedPage("sources/index.md", "Sources", "sources-index.html", {"sources": all_sources},
                               "Les sources (« sourceurs ») qui ont recueilli les expériences, avec le nombre d'expériences de chacune."))
    for source in all_sources:
        pages += paginate("source", f"Source : {source.name}", f"{experiences_count(source.count)} recueillie{'s' if source.count > 1 else ''} par {source.name}.",
                          source.url, catalogue.by_source[source.name], breadcrumbs=(home, ("Sources", "sources/")))
    pages.append(GeneratedPage("recherche/index.md", "Rechercher", "search.html", {"search_filters": SEARCH_FILTERS, "search_filter_labels": SEARCH_FILTER_LABELS,
                                                                               "search_filter_orders": SEARCH_FILTER_ORDERS},
                               "Rechercher parmi les expériences et les bouquets, par thème, territoire, année et bouquet."))
    bouquets = tuple((b, len(b.experience_slugs)) for b in catalogue.bouquets)
    pages.append(GeneratedPage("bouquets/index.md", "Bouquets", "bouquets-index.html", {"bouquets_sizes": bouquets},
                               "Les bouquets d'expériences, du plus récent au plus ancien."))
    return pages


def _epci_breadcrumbs(catalogue: Catalogue, epci, home) -> tuple:
    """Up to its département; a straddling EPCI whose experiences all lie outside
    the département of its page links only the pages that exist."""
    departement, region = epci.departement, epci.departement.region
    crumbs = [home, ("Territoires", "territoires/")]
    if region.code in catalogue.by_region:
        crumbs.append((region.name, region_url(region)))
    if departement.code in catalogue.by_departement:
        crumbs.append((f"{departement.name} ({departement.code})", departement_url(departement)))
    return tuple(crumbs)


@dataclass(frozen=True)
class Source:
    """A « sourceur »: who collected experiences (``source.name``), with its page."""

    name: str
    slug: str
    count: int

    @property
    def url(self) -> str:
        return f"sources/{self.slug}/"


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


def territories(catalogue: Catalogue) -> tuple:
    """Régions that have experiences, each with its départements that have some."""
    result = []
    for region in geography.regions():
        experiences = catalogue.by_region.get(region.code, ())
        if not experiences:
            continue
        departements = tuple(
            (d, len(catalogue.by_departement[d.code]), departement_url(d))
            for d in geography.departements()
            if d.region == region and d.code in catalogue.by_departement
        )
        result.append((region, len(experiences), departements))
    return tuple(result)


def home_context(catalogue: Catalogue) -> dict:
    return {
        "latest_bouquet": catalogue.bouquets[0] if catalogue.bouquets else None,
        "latest_experiences": catalogue.experiences[:HOME_LATEST],
        "themes_counts": tuple((t, len(catalogue.by_theme.get(t.slug, ()))) for t in catalogue.themes),
        "regions_counts": territories(catalogue),
    }
