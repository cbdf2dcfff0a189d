"""La carte des départements dans Chromium : clavier, focus visible, axe, captures.

Sert le site construit (``site/`` ou ``$BOUQUET_SITE_DIR``) sous ``/bouquet/``.
Les captures de la carte (téléphone et bureau, thèmes clair et sombre) vont dans
``test-artifacts/screenshots/map-*.png``.
"""

from __future__ import annotations

import re

import pytest

from bouquet_browser import DESKTOP, PHONE, SCREENSHOTS_DIR, format_violations, run_axe

MAP_LINKS = ".bq-map .bq-map__link"


def _open(page, site_server, path: str, scheme: str = "light"):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_server.url(path))
    assert page.locator(".bq-map__svg").count() == 1, f"pas de carte sur {path}"


def test_tab_reaches_the_departement_links_in_order_and_enter_follows(page, site_server):
    _open(page, site_server, "territoires/")
    expected = page.eval_on_selector_all(MAP_LINKS, "links => links.map(a => a.dataset.code)")
    assert len(expected) >= 10

    # From the top of the page, Tab until the focus enters the map.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.bq-map')"):
            break
    else:
        pytest.fail("Tab n'atteint jamais la carte")

    reached = []
    for index in range(len(expected)):
        if index:
            page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.dataset.code || null"))
    assert reached == expected, "ordre de tabulation des départements"

    # Focus is visible: the focused shape takes the focus colour, and an outline is drawn.
    style = page.evaluate("""() => {
        const a = document.activeElement, path = a.querySelector('path');
        const cs = getComputedStyle(a), ps = getComputedStyle(path);
        const other = document.querySelector('.bq-map__link:not(:focus) path');
        return {outline: cs.outlineStyle, width: cs.outlineWidth, fill: ps.fill, otherFill: getComputedStyle(other).fill,
                focus: getComputedStyle(document.documentElement).getPropertyValue('--bq-focus').trim()};
    }""")
    assert style["outline"] != "none" and style["width"] != "0px"
    assert style["fill"] != style["otherFill"]

    # Enter follows the link to the département's page.
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    name = page.evaluate("() => document.activeElement.getAttribute('aria-label')").split(" : ")[0]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(re.sub(r"^(\.\./)+", "", href).lstrip("./")) or page.url.rstrip("/").endswith(href.rstrip("/").split("/")[-1])
    assert name in page.locator("h1").inner_text()
    assert not page.bouquet_failed_requests and not page.bouquet_external_requests


def test_every_shape_has_an_accessible_name(page, site_server):
    _open(page, site_server, "territoires/")
    shapes = page.eval_on_selector_all(
        ".bq-map [data-code]",
        "els => els.map(e => [e.dataset.code, e.tagName.toLowerCase(), e.getAttribute('aria-label') || e.querySelector('title').textContent])",
    )
    assert len(shapes) == 101
    for code, tag, name in shapes:
        assert f"({code}) : " in name
        assert (tag == "a") == ("aucune" not in name)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_reports_no_violation_on_the_territories_page(page, site_server, viewport):
    _open(page, site_server, "territoires/")
    page.locator("details.bq-map__table summary").click()  # the table too
    violations = run_axe(page)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_map_of_the_home_page_the_dynamics_and_the_open_data_page(page, site_server, scheme):
    _open(page, site_server, "", scheme)
    violations = run_axe(page, context=".bq-map")
    assert not violations, format_violations(violations)
    page.goto(site_server.url("territoires/"))
    region = page.locator(".bq-regions .bq-region__title a").first.get_attribute("href")
    page.goto(site_server.url("territoires/") + region)
    assert page.locator(".bq-dynamics table.bq-bars").count() == 2
    page.locator(".bq-dynamics__disclosure > summary").click()
    page.locator(".bq-columns__details > summary").click()
    violations = run_axe(page, context=".bq-dynamics")
    assert not violations, format_violations(violations)
    page.goto(site_server.url("donnees/"))
    violations = run_axe(page, context=".bq-opendata")
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_map(page, site_server, viewport, scheme):
    page.set_viewport_size({"width": viewport["width"], "height": 1400})  # the whole figure below the fixed header
    _open(page, site_server, "territoires/", scheme)
    figure = page.locator(".bq-map")
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    name = "phone" if viewport == PHONE else "desktop"
    path = SCREENSHOTS_DIR / f"map-{name}-{scheme}.png"
    figure.screenshot(path=str(path))
    assert path.stat().st_size > 5_000
    box = figure.bounding_box()
    assert box["width"] <= viewport["width"]  # no horizontal overflow on a phone
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
