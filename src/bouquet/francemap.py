"""The map of France's départements, shaded by the number of published experiences.

Plain Python, no MkDocs: :func:`france_map` turns the catalogue into everything
``overrides/partials/bq-map.html`` draws — one shape per département (the 101
of the reference geography), its count, its link, its class, its SVG path — plus
the insets, the legend and the credits. The geometry comes from
``data/departements-map.json``, written by ``scripts/update_map.py`` (sources,
versions and licences are in its ``provenance``).
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from . import geography, routes
from .catalogue import Catalogue
from .listings import experiences_count

MAP_FILE = Path(__file__).resolve().parent / "data" / "departements-map.json"

# Pages that show the map (src_uri): the home page and the territories index.


LABEL_LINE = 15


@dataclass(frozen=True)
class Step:
    """One class of the shading: counts from low to high (None: no upper bound)."""
    css_class: str
    low: int
    high: int | None
    label: str


# Fixed classes, so a département's shade does not change when another one grows.
# Three shades, because each must differ from the next by at least 3:1 (WCAG's
# non-text contrast, checked by tests/test_map_colours.py on territories.css): a
# chain of four would need 3 × 3 × 3 = 27:1 from end to end, more than black on
# white (21:1). The exact counts are in each shape's name and in the table.
STEPS = (
    Step("bq-map__s0", 0, 0, "aucune"),
    Step("bq-map__s1", 1, 2, "1 à 2"),
    Step("bq-map__s2", 3, None, "3 ou plus"),
)


def step_for(count: int) -> Step:
    for step in STEPS:
        if count >= step.low and (step.high is None or count <= step.high):
            return step
    raise ValueError(f"negative count: {count}")


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    region: geography.Region
    count: int
    url: str  # the département's page, "" when it has no experience (no page)
    css_class: str
    d: str  # SVG path data, in the map's viewBox
    inset: str  # id of the inset drawing it ("idf", "971"…), "" on the main map

    @property
    def label(self) -> str:
        """Accessible name: "Lot-et-Garonne (47) : 2 expériences"."""
        counted = experiences_count(self.count) if self.count else "aucune expérience"
        return f"{self.name} ({self.code}) : {counted}"


@dataclass(frozen=True)
class Inset:
    id: str
    label: str
    x: float
    y: float
    width: float
    height: float

    @property
    def lines(self) -> tuple[str, ...]:
        """The label cut between words into lines of at most LABEL_LINE characters,
        so that a phone can print it large enough to read (« Paris et » / « petite
        couronne ») instead of shrinking one long line."""
        lines: list[str] = []
        for word in reversed(self.label.split()):  # filled from the end: a short first line
            if lines and len(lines[0]) + 1 + len(word) <= LABEL_LINE:
                lines[0] = word + " " + lines[0]
            else:
                lines.insert(0, word)
        return tuple(lines)


@dataclass(frozen=True)
class FranceMap:
    shapes: tuple[Shape, ...]  # reference order: 01..19, 2A, 2B, 21..95, 971..976
    viewbox: str
    insets: tuple[Inset, ...]
    zoom_ghost: str  # Paris and the petite couronne drawn small on the main map (decoration)
    zoom_frame: tuple[float, float, float, float]  # x, y, width, height around the ghost
    steps: tuple[Step, ...]
    credits: tuple[tuple[str, str], ...]  # (text, licence URL)

    @property
    def total(self) -> int:
        """Experiences placed in a département (those placed in a région only are not on the map)."""
        return sum(shape.count for shape in self.shapes)

    @property
    def departements_with_experiences(self) -> int:
        return sum(1 for shape in self.shapes if shape.count)

    @property
    def rows(self) -> tuple[tuple[geography.Region, tuple[Shape, ...]], ...]:
        """The text alternative: régions (by name) with their départements that have experiences."""
        by_region: dict[str, list[Shape]] = {}
        for shape in self.shapes:
            if shape.count:
                by_region.setdefault(shape.region.code, []).append(shape)
        return tuple((region, tuple(by_region[region.code])) for region in geography.regions() if region.code in by_region)

    @property
    def zoom_link(self) -> tuple[float, float, float, float]:
        """A line from the ghost's frame to the zoom inset (x1, y1, x2, y2)."""
        zoom = next(inset for inset in self.insets if inset.id == "idf")
        x, y, _, h = self.zoom_frame
        return (x, y + h / 2, zoom.x + zoom.width, zoom.y + zoom.height / 2)


_lock = threading.Lock()
_geometry: dict | None = None


def geometry() -> dict:
    """The map file, read once."""
    global _geometry
    with _lock:
        if _geometry is None:
            _geometry = json.loads(MAP_FILE.read_text(encoding="utf-8"))
        return _geometry


def map_data(catalogue: Catalogue) -> tuple[Shape, ...]:
    """One shape per département, in reference order, with its count, link, class and path."""
    data = geometry()
    inset_of = {code: inset["id"] for inset in data["insets"] for code in inset["codes"]}
    shapes = []
    for departement in geography.departements():
        count = len(catalogue.by_departement.get(departement.code, ()))
        shapes.append(Shape(
            code=departement.code,
            name=departement.name,
            region=departement.region,
            count=count,
            url=routes.departement(departement) if count else "",
            css_class=step_for(count).css_class,
            d=data["paths"][departement.code],
            inset=inset_of.get(departement.code, ""),
        ))
    return tuple(shapes)


def france_map(catalogue: Catalogue) -> FranceMap:
    data = geometry()
    x, y, width, height = data["viewbox"]
    return FranceMap(
        shapes=map_data(catalogue),
        viewbox=f"{x} {y} {width} {height}",
        insets=tuple(Inset(i["id"], i["label"], *i["box"]) for i in data["insets"]),
        zoom_ghost=data["decor"]["idf"],
        zoom_frame=tuple(data["decor"]["idf_frame"]),
        steps=STEPS,
        credits=tuple((source["credit"], source["licence_url"]) for source in data["provenance"]["sources"]),
    )


def context_for(src_uri: str, catalogue: Catalogue) -> dict:
    """Template context of the pages that show the map: {"france_map": FranceMap}."""
    return {"france_map": france_map(catalogue)} if src_uri in routes.MAP_PAGES else {}
