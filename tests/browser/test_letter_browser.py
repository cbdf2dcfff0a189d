"""The letter in Chromium: the HTML e-mail at 375 px (a phone) and 600 px (its full
width), in light and dark colour schemes, with no horizontal scrolling and no axe-core
violation (colour contrast included, so no text fades on the dark background); its
archive pages render cleanly. Screenshots under test-artifacts/screenshots/."""
import pytest

from bouquet_browser import DESKTOP, PHONE, format_violations, run_axe, screenshot

LETTER = "lettres/2026-11-21/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 600])
def test_the_e_mail_fits_its_width_and_reads_in_both_colour_schemes(page, site_server, width, scheme):
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    response = page.goto(site_server.url(LETTER + "lettre.html"))
    assert response.status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    container = page.locator("table.container").bounding_box()
    assert container["width"] <= 600
    assert page.locator("h1").count() == 1
    screenshot(page, f"lettre-{width}-{scheme}")
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    background = page.evaluate("getComputedStyle(document.querySelector('td.cell')).backgroundColor")
    assert (background == "rgb(255, 255, 255)") is (scheme == "light"), background


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["lettres/", LETTER])
def test_the_letters_pages_render_cleanly(page, site_server, viewport, path):
    page.set_viewport_size(viewport)
    response = page.goto(site_server.url(path))
    assert response.status == 200
    assert page.locator("h1").count() == 1
    screenshot(page, f"lettres-{'index' if path == 'lettres/' else 'lettre'}-{'phone' if viewport is PHONE else 'desktop'}")
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    assert page.bouquet_console_errors == []
    assert page.bouquet_failed_requests == []
