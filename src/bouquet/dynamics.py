"""Dynamics of a région: its experiences per theme and per year.

The year is the one the source published the experience (``Experience.source_year``),
the same meaning for every experience; those whose source gives no date are counted
in a last bar, « Non datée », never under the day they were put online here.

Plain Python, no MkDocs. :func:`region_dynamics` counts; :func:`context_for`
gives ``overrides/partials/bq-dynamics.html`` what it draws on the first page of
a région's listing. Bars are sized relative to the largest count of their table.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import geography
from .catalogue import Catalogue
from .model import UNDATED


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    size: int  # width of the bar, percent of the largest count of its table (0..100)
    url: str = ""  # the theme's page, for a theme


@dataclass(frozen=True)
class Dynamics:
    region: geography.Region
    total: int
    themes: tuple[Bar, ...]  # count desc, then name
    years: tuple[Bar, ...]  # source years that have experiences, ascending, then UNDATED if any
    # Essaimage: the région's experiences that others took up (catalogue.spread_to),
    # and those that took up another one.
    spread: int = 0
    inspired: int = 0

    @property
    def _dated(self) -> list[int]:
        return [int(bar.label) for bar in self.years if bar.label != UNDATED]

    @property
    def first_year(self) -> int | None:
        return self._dated[0] if self._dated else None

    @property
    def last_year(self) -> int | None:
        return self._dated[-1] if self._dated else None


def _sized(rows: list[tuple[str, int, str]]) -> tuple[Bar, ...]:
    largest = max((count for _, count, _ in rows), default=0)
    return tuple(Bar(label, count, round(100 * count / largest) if largest else 0, url) for label, count, url in rows)


def region_dynamics(catalogue: Catalogue, region_code: str) -> Dynamics:
    """Experiences of a région per theme (count desc, then name) and per source year
    (ascending, then UNDATED).

    An experience with several themes counts once in each. Only the years that
    have an experience are shown: a région with three dated sheets over fourteen
    years gets three columns, not fourteen mostly empty ones (issue 15).
    """
    region = geography.region(region_code)
    if region is None:
        raise ValueError(f"unknown région code: {region_code!r}")
    experiences = catalogue.by_region.get(region.code, ())
    per_theme = Counter(theme.slug for e in experiences for theme in e.themes)
    themes = {t.slug: t for t in catalogue.themes}
    theme_rows = sorted(
        ((themes[slug].name, count, themes[slug].url) for slug, count in per_theme.items()),
        key=lambda row: (-row[1], geography.collation_key(row[0]), row[0]),
    )
    per_year = Counter(e.source_date.year for e in experiences if e.source_date)
    year_rows = []
    if per_year:
        for year in sorted(per_year):
            year_rows.append((str(year), per_year[year], ""))
    undated = sum(1 for e in experiences if not e.source_date)
    if undated:
        year_rows.append((UNDATED, undated, ""))
    spread = sum(1 for e in experiences if e.slug in catalogue.spread_to)
    inspired = sum(1 for e in experiences if e.slug in catalogue.inspired_by)
    return Dynamics(region, len(experiences), _sized(theme_rows), _sized(year_rows), spread, inspired)


def context_for(listing, catalogue: Catalogue) -> dict:
    """{"region_dynamics": Dynamics} on the first page of a région's listing, {} elsewhere."""
    if listing is None or getattr(listing, "kind", None) != "region" or listing.number != 1:
        return {}
    region = listing.subject
    if not isinstance(region, geography.Region) or not catalogue.by_region.get(region.code):
        return {}
    return {"region_dynamics": region_dynamics(catalogue, region.code)}
