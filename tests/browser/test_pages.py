"""What a reader sees, in Chromium: each page template at phone and desktop widths,
screenshots under test-artifacts/screenshots/, axe-core clean, print without navigation."""
import pytest

from bouquet_browser import DESKTOP, PHONE, format_violations, run_axe, screenshot

PAGES = {
    "accueil": "",
    "bouquet": "bouquets/cooperations-associations-collectivites/",
    "experience": "experiences/cafe-partenaires-agen-montanou/",
    "theme": "themes/jeunesse/",
    "region": "territoires/nouvelle-aquitaine/",
    "departement": "territoires/nouvelle-aquitaine/47-lot-et-garonne/",
    "bouquets": "bouquets/",
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_cleanly_and_passes_axe(page, site_server, viewport, name):
    response = page.goto(site_server.url(PAGES[name]))
    assert response.status == 200
    assert page.locator("h1").count() == 1
    screenshot(page, f"page-{name}-{'phone' if viewport is PHONE else 'desktop'}")
    violations = run_axe(page)
    assert violations == [], format_violations(violations)
    assert page.bouquet_external_requests == []
    assert page.bouquet_console_errors == []
    assert page.bouquet_failed_requests == []


def test_the_bouquet_page_lists_its_15_experiences(page, site_server):
    page.goto(site_server.url(PAGES["bouquet"]))
    assert "19 mai 2015" in page.locator("main").inner_text()
    assert page.locator("main li.bq-card").count() == 15


@pytest.mark.parametrize("name", ["experience", "bouquet"])
def test_print_hides_the_navigation(page, site_server, name):
    page.goto(site_server.url(PAGES[name]))
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer"):
        locator = page.locator(selector)
        assert locator.count() == 0 or not locator.first.is_visible(), selector
    assert page.locator("h1").is_visible()
    screenshot(page, f"print-{name}")


@pytest.mark.parametrize("name", [name for name in PAGES if name != "experience"])
def test_no_column_holds_a_single_word_beside_the_page_at_1280(page, site_server, name):
    """Issue 15: at 1280 px Material's navigation sidebar held only « Accueil » or the
    section's name (the sections are single pages, shown in the tabs): the page starts
    at the grid's left edge instead, the tabs still lead everywhere."""
    page.goto(site_server.url(PAGES[name]))
    assert page.locator(".md-tabs").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    grid_left = page.locator(".md-main__inner").bounding_box()["x"]
    content_left = page.locator(".md-content").bounding_box()["x"]
    assert content_left - grid_left < 10, (grid_left, content_left)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_drawer_still_holds_the_navigation_on_a_phone(page, site_server, viewport):
    page.goto(site_server.url(PAGES["theme"]))
    page.locator('.md-header label[for="__drawer"]').click()
    drawer = page.locator(".md-sidebar--primary")
    drawer.get_by_role("link", name="Territoires").wait_for(state="visible")
