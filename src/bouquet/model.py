"""The domain objects built from validated content. Immutable, no MkDocs types."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import population as population_bands
from .geography import Commune, Departement, Epci, Region

#: The year of an experience whose source gives no publication date (search filter, charts).
UNDATED = "Non datée"


@dataclass(frozen=True)
class Theme:
    name: str
    slug: str
    description: str

    @property
    def url(self) -> str:
        return f"themes/{self.slug}/"

    @property
    def feed_url(self) -> str:
        # Feeds sit at the site root: Material's script looks for a sitemap.xml
        # beside every <link rel="alternate">, and the root is where one exists.
        return f"feed-theme-{self.slug}.xml"


@dataclass(frozen=True)
class Image:
    file: str  # relative to content/, e.g. images/atelier.jpg
    alt: str
    credit: str = ""


@dataclass(frozen=True)
class Territory:
    commune: str = ""
    departement: Departement | None = None
    region: Region | None = None
    # Derived from the commune and the pinned open data (geography.py), never asked:
    # the commune of the reference geography (a commune déléguée has a ``parent``),
    # its intercommunalité, and the population municipale of the current commune.
    place: Commune | None = None
    epci: Epci | None = None
    population: int | None = None

    @property
    def current_commune(self) -> Commune | None:
        """The current commune: the place itself, or the commune nouvelle it is part of."""
        return (self.place.parent or self.place) if self.place else None

    @property
    def population_band(self) -> population_bands.Band | None:
        return population_bands.band(self.population) if self.population is not None else None

    @property
    def is_placed(self) -> bool:
        return self.region is not None

    @property
    def label(self) -> str:
        """How listings name a place: "Agen (47)", "Gers (32)", "Bretagne" or ""."""
        if self.commune and self.departement:
            return f"{self.commune} ({self.departement.code})"
        if self.departement:
            return f"{self.departement.name} ({self.departement.code})"
        return self.region.name if self.region else ""


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, eq=False)  # identity: one object per slug, usable in sets
class Experience:
    slug: str
    path: str  # source path, as reported to editors
    title: str
    date: dt.date
    description: str
    themes: tuple[Theme, ...]
    territory: Territory
    body: str
    updated: dt.date | None = None
    audiences: tuple[Theme, ...] = ()  # from content/publics.yml (same shape as a theme)
    leads: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    impacts: tuple[str, ...] = ()
    resources: dict[str, str] = field(default_factory=dict)  # human / financial / material
    quote: dict[str, str] = field(default_factory=dict)  # text / author
    contact: dict[str, str] = field(default_factory=dict)
    source: dict = field(default_factory=dict)  # name, url (str); date, updated (dt.date)
    links: tuple[Link, ...] = ()
    image: Image | None = None
    draft: bool = False

    # Four dates, one meaning each: `date` and `updated` are this site's (put online,
    # last updated here); `source_date` and `source_updated` are the source's (when it
    # published the experience, when it last updated its own sheet).

    @property
    def source_date(self) -> dt.date | None:
        return self.source.get("date")

    @property
    def source_updated(self) -> dt.date | None:
        return self.source.get("updated")

    @property
    def source_year(self) -> str:
        """The year the source published the experience, or UNDATED: what the search's
        year filter and the région charts count, the same meaning for every experience."""
        return str(self.source_date.year) if self.source_date else UNDATED

    @property
    def url(self) -> str:
        return f"experiences/{self.slug}/"

    @property
    def src_uri(self) -> str:
        return f"experiences/{self.slug}.md"

    @property
    def sort_key(self) -> tuple:
        """Newest on this site first (`date`), then by slug: a total order, so listings
        never reshuffle."""
        return (-self.date.toordinal(), self.slug)


@dataclass(frozen=True, eq=False)
class Bouquet:
    slug: str
    path: str
    title: str
    date: dt.date
    description: str
    experience_slugs: tuple[str, ...]
    body: str
    image: Image | None = None
    draft: bool = False

    @property
    def url(self) -> str:
        return f"bouquets/{self.slug}/"

    @property
    def src_uri(self) -> str:
        return f"bouquets/{self.slug}.md"

    @property
    def feed_url(self) -> str:
        return f"feed-bouquet-{self.slug}.xml"  # at the root: see Theme.feed_url

    @property
    def sort_key(self) -> tuple:
        return (-self.date.toordinal(), self.slug)


@dataclass(frozen=True)
class StaticPage:
    src_uri: str
    path: str
    title: str
    description: str
    body: str
