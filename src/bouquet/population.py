"""Population of a commune, in words and in bands an elected official recognises.

The bands are the fifteen « groupes démographiques » of article L. 2334-3 of the
Code général des collectivités territoriales, the grid by which the State classes
communes for the dotation globale de fonctionnement and the DGCL compares them
(« strates »). They are applied here to the INSEE population municipale pinned in
``data/communes_population_epci.csv`` (not to the « population DGF », which adds
one inhabitant per second home): a commune of 755 inhabitants is in « de 500 à
999 habitants ».

Numbers are written the French way by Babel (« 10 845 », with a narrow no-break
space), as the rest of the site writes dates.
"""
from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

LOCALE = "fr_FR"

#: Lower bounds of the groupes démographiques of article L. 2334-3 of the CGCT.
LOWER_BOUNDS = (0, 500, 1_000, 2_000, 3_500, 5_000, 7_500, 10_000, 15_000, 20_000, 35_000, 50_000, 75_000,
                100_000, 200_000)
GRID = "groupes démographiques de l'article L. 2334-3 du CGCT"


def number(value: int) -> str:
    """« 10 845 », « 755 », « 1 234 567 » (French grouping)."""
    return format_decimal(value, locale=LOCALE)


@dataclass(frozen=True)
class Band:
    index: int  # 0..14, smallest first: the order of the search filter
    low: int
    high: int | None  # inclusive; None for the last band

    @property
    def label(self) -> str:
        """« De 500 à 999 habitants », « 200 000 habitants et plus »."""
        if self.high is None:
            return f"{number(self.low)} habitants et plus"
        return f"De {number(self.low)} à {number(self.high)} habitants"


BANDS = tuple(
    Band(i, low, LOWER_BOUNDS[i + 1] - 1 if i + 1 < len(LOWER_BOUNDS) else None) for i, low in enumerate(LOWER_BOUNDS)
)


def band(population: int) -> Band:
    """The groupe démographique of a population (a negative one is refused)."""
    if population < 0:
        raise ValueError(f"population négative : {population}")
    for item in reversed(BANDS):
        if population >= item.low:
            return item
    raise AssertionError("unreachable")  # pragma: no cover


def inhabitants(population: int) -> str:
    """« 755 habitants », « 1 habitant », « 0 habitant »."""
    return f"{number(population)} habitant" if population <= 1 else f"{number(population)} habitants"
