"""The domain objects built from validated content. Immutable, no MkDocs types."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import population as population_bands, routes
from .geography import Commune, Departement, Epci, Region
from .schema import LEAD_KINDS

#: The year of an experience whose source gives no publication date (search filter, charts).
UNDATED = "Non datée"


@dataclass(frozen=True)
class Theme:
    name: str
    slug: str
    description: str

    @property
    def url(self) -> str:
        return routes.theme(self.slug)

    @property
    def feed_url(self) -> str:
        return routes.theme_feed(self.slug)


@dataclass(frozen=True)
class Image:
    file: str  # relative to content/, e.g. images/atelier.jpg
    alt: str
    credit: str = ""


@dataclass(frozen=True)
class Territory:
    commune: Commune | None = None  # the official commune (catalogue.territory_of), never the text as typed
    departement: Departement | None = None
    region: Region | None = None
    # Derived from the commune and the pinned open data (geography.py), never asked:
    # its intercommunalité and the population municipale of the current commune.
    epci: Epci | None = None
    population: int | None = None

    @property
    def current_commune(self) -> Commune | None:
        """The current commune: the commune itself, or the commune nouvelle a commune
        déléguée is part of."""
        return (self.commune.parent or self.commune) if self.commune else None

    @property
    def population_band(self) -> population_bands.Band | None:
        return population_bands.band(self.population) if self.population is not None else None

    @property
    def label(self) -> str:
        """How listings name a place: "Agen (47)", "Gers (32)", "Bretagne" or ""."""
        if self.commune and self.departement:
            return f"{self.commune.name} ({self.departement.code})"
        if self.departement:
            return f"{self.departement.name} ({self.departement.code})"
        return self.region.name if self.region else ""


@dataclass(frozen=True)
class Lead:
    """A structure that leads an experience; `kind` is one of schema.LEAD_KINDS, or ""
    when the sheet does not say (a lead written as plain text)."""
    name: str
    kind: str = ""

    @property
    def label(self) -> str:
        """How the sheet names it: « Ville de Quintin (commune) », or the name alone."""
        return f"{self.name} ({self.kind})" if self.kind else self.name


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
    inspired_by: tuple[str, ...] = ()  # slugs of the experiences this one took up (essaimage)
    leads: tuple[Lead, ...] = ()
    partners: tuple[str, ...] = ()
    impacts: tuple[str, ...] = ()
    resources: dict[str, str] = field(default_factory=dict)  # human / financial / material
    quote: dict[str, str] = field(default_factory=dict)  # text / author
    contact: dict[str, str] = field(default_factory=dict)
    source: dict = field(default_factory=dict)  # name, url (str); date, updated (dt.date)
    links: tuple[Link, ...] = ()
    image: Image | None = None

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
    def lead_kinds(self) -> tuple[str, ...]:
        """The kinds of its leads that the sheet gives, each once, in schema order."""
        given = {lead.kind for lead in self.leads}
        return tuple(kind for kind in LEAD_KINDS if kind in given)

    @property
    def url(self) -> str:
        return routes.experience(self.slug)

    @property
    def src_uri(self) -> str:
        return routes.experience_source(self.slug)

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
    source: dict = field(default_factory=dict)  # name, url (str); date (dt.date): the edition it comes from

    @property
    def source_date(self) -> dt.date | None:
        return self.source.get("date")

    @property
    def url(self) -> str:
        return routes.bouquet(self.slug)

    @property
    def pdf_url(self) -> str:
        """The printable edition, beside the bouquet's page."""
        return routes.bouquet_pdf(self.slug)

    @property
    def src_uri(self) -> str:
        return routes.bouquet_source(self.slug)

    @property
    def feed_url(self) -> str:
        return routes.bouquet_feed(self.slug)

    @property
    def sort_key(self) -> tuple:
        return (-self.date.toordinal(), self.slug)


@dataclass(frozen=True, eq=False)
class Letter:
    """A letter (lettre d'information): an editorial text and the experiences and
    bouquets put online in its period (letter.py chooses them)."""
    slug: str  # its date, YYYY-MM-DD
    path: str
    title: str
    date: dt.date
    body: str  # the editorial text, Markdown
    description: str = ""
    since: dt.date | None = None  # the period starts after this day; None: after the previous letter

    @property
    def url(self) -> str:
        return routes.letter(self.slug)

    @property
    def src_uri(self) -> str:
        return routes.letter_source(self.slug)

    @property
    def email_url(self) -> str:
        return routes.letter_email(self.slug)

    @property
    def text_url(self) -> str:
        return routes.letter_text(self.slug)

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
