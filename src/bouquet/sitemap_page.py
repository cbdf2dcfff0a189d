"""« Plan du site »: every page a reader can reach, grouped as French public-sector
sites group them (the sections of the navigation, then the listings, then the
service pages of the footer). Experiences are reached through their listings: one
line per experience would make the page as long as the catalogue."""
from __future__ import annotations

from dataclasses import dataclass

from . import routes
from .catalogue import Catalogue
from .listings import GeneratedPage, territories


@dataclass(frozen=True)
class Entry:
    label: str
    url: str
    children: tuple[Entry, ...] = ()


def entries(catalogue: Catalogue) -> tuple[Entry, ...]:
    """The tree of the site, in the navigation's order."""
    bouquets = tuple(Entry(b.title, b.url) for b in catalogue.bouquets)
    themes = tuple(Entry(t.name, routes.theme(t.slug)) for t in catalogue.themes if catalogue.by_theme.get(t.slug))
    regions = tuple(
        Entry(region.name, routes.region(region),
              tuple(Entry(f"{d.name} ({d.code})", routes.departement(d)) for d, _, _ in departements))
        for region, _, departements in territories(catalogue))
    service = (("À propos", routes.ABOUT), ("Accessibilité", routes.ACCESSIBILITY), ("Mentions légales", routes.LEGAL_NOTICE),
               ("Contribuer", routes.CONTRIBUTE), ("Données ouvertes", routes.OPEN_DATA))
    return (
        Entry("Accueil", routes.HOME),
        Entry("Bouquets", routes.BOUQUETS, bouquets),
        Entry("Expériences", routes.EXPERIENCES),
        Entry("Thèmes", routes.THEMES, themes),
        Entry("Territoires", routes.TERRITORIES, regions),
        Entry("Rechercher", routes.SEARCH),
        *(Entry(label, url) for label, url in service),
    )


def page(catalogue: Catalogue) -> GeneratedPage:
    return GeneratedPage(routes.source(routes.SITE_MAP), "Plan du site", "sitemap-page.html",
                         {"site_map": entries(catalogue)},
                         "Toutes les rubriques du site : bouquets, thèmes, territoires et pages de service.")
