"""The map's shades, read from overrides/assets/territories.css: in each colour
scheme every step differs from the next by at least 3:1 (WCAG 1.4.11, non-text
contrast), and the départements' border by at least 3:1 from the page, so a shape
stands out from the background whatever its shade."""
import re
from pathlib import Path

import pytest

from bouquet import francemap
from contrast import contrast_ratio  # tests/contrast.py: a test helper

CSS = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "territories.css"


def palette(scheme: str) -> dict[str, str]:
    block = re.search(r'\[data-md-color-scheme="' + scheme + r'"\]\s*\{(.*?)\}', CSS.read_text(encoding="utf-8"), re.S)
    assert block, f"no [data-md-color-scheme={scheme}] block in {CSS}"
    return dict(re.findall(r"--(bq-map-[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block.group(1)))


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_each_step_is_at_least_3_to_1_from_the_next(scheme):
    colours = palette(scheme)
    shades = [colours[step.css_class.replace("bq-map__s", "bq-map-s")] for step in francemap.STEPS]
    for i in range(len(shades) - 1):
        (a, b), (low, high) = shades[i:i + 2], francemap.STEPS[i:i + 2]
        assert contrast_ratio(a, b) >= 3, f"{scheme}: « {low.label} » {a} / « {high.label} » {b}: {contrast_ratio(a, b):.2f}:1"


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_border_of_every_shape_stands_out_from_the_page(scheme):
    colours = palette(scheme)
    assert contrast_ratio(colours["bq-map-border"], colours["bq-map-page"]) >= 3


def test_the_page_colour_is_the_one_the_map_sits_on():
    # Material's light background is white; our dark one is hsl(165deg 15% 14%), the
    # accent background of bouquet.css.
    assert palette("default")["bq-map-page"] == "#ffffff"
    assert palette("slate")["bq-map-page"] == "#1e2825"
    assert "--md-accent-bg-color: #1e2825;" in (CSS.parent / "bouquet.css").read_text(encoding="utf-8")
