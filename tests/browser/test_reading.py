"""Issue 15, what a reader sees: axe (WCAG 2.2 A/AA) on every page type in both
colour schemes at phone and desktop widths, with every disclosure open (the search
filters, the map's table, a région's dynamics); the search's sort menu agrees with
its status line; the share buttons have one height; the header title is not cut."""
import pytest

from bouquet_browser import AXE_TAGS, DESKTOP, PHONE, format_violations, run_axe

PAGE_TYPES = {
    "accueil": "",
    "bouquets": "bouquets/",
    "bouquet": "bouquets/cooperations-associations-collectivites/",
    "experiences": "experiences/",
    "experience": "experiences/croix-rouge-gers-camion-itinerant/",
    "themes": "themes/",
    "theme": "themes/jeunesse/",
    "territoires": "territoires/",
    "region": "territoires/bretagne/",
    "departement": "territoires/nouvelle-aquitaine/47-lot-et-garonne/",
    "epci": "territoires/nouvelle-aquitaine/47-lot-et-garonne/agglomeration-d-agen/",
    "sources": "sources/",
    "source": "sources/mairie-conseils/",
    "lettres": "lettres/",
    "lettre": "lettres/2026-11-21/",
    "recherche": "recherche/",
    "recherche-requete": "recherche/?q=jeunesse",
    "donnees": "donnees/",
    "plan-du-site": "plan-du-site/",
    "a-propos": "a-propos/",
    "accessibilite": "accessibilite/",
    "mentions-legales": "mentions-legales/",
    "contribuer": "contribuer/",
}


def open_everything(page) -> None:
    """Every disclosure open, the search filters included (with all their values, once
    loaded), so axe sees what they hide."""
    if page.locator("#bq-sp-status").count():
        page.wait_for_selector("#bq-sp-status[data-count]", state="attached")
        toggle = page.locator(".bq-sp__filters-toggle")
        if toggle.count() and toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        for facet in page.locator(".bq-facet__toggle").all():
            if facet.is_visible() and facet.get_attribute("aria-expanded") != "true":
                facet.click()
        page.wait_for_function("""() => [...document.querySelectorAll('.bq-facet__body')].every(
            (b) => b.querySelector('.bq-facet__loading').hidden && b.querySelector('.bq-facet__list li'))""")
        for more in page.locator(".bq-facet__more").all():
            if more.is_visible() and more.get_attribute("aria-expanded") != "true":
                more.click()
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def test_the_tags_are_wcag_2_2_aa():
    assert "wcag22aa" in AXE_TAGS and "wcag21aa" in AXE_TAGS


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_axe_wcag22_on_every_page_type(page, site_server, viewport, scheme, name):
    page.emulate_media(color_scheme=scheme)
    response = page.goto(site_server.url(PAGE_TYPES[name]))
    assert response.status == 200
    open_everything(page)
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


# The 404 page is served at any depth, so its links are absolute from site_url's path
# ("/" in the test build): served under /bouquet/, its stylesheets were not found and
# Material's hidden toggles (#__search, #__drawer) showed up as unlabelled checkboxes.
# It is tested where site_url puts it, with every stylesheet and script loaded.
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_wcag22_on_the_not_found_page(page, root_server, viewport, scheme):
    page.emulate_media(color_scheme=scheme)
    missing = root_server.url("pas-de-page-ici/")
    response = page.goto(missing)
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert [r for r in page.bouquet_failed_requests if not r.endswith(missing)] == []
    violations = run_axe(page)
    assert violations == [], format_violations(violations)


def test_the_bare_search_page_settles(page, site_server):
    """The mark tests and tools wait for (data-count) is set on the bare /recherche/
    too: without it, every wait on that page ran into the timeout."""
    page.goto(site_server.url("recherche/"))
    page.wait_for_selector("#bq-sp-status[data-count='0']", state="attached", timeout=5_000)
    assert "Saisissez des mots" in page.inner_text("#bq-sp-status")


def test_the_sort_menu_says_the_order_the_status_line_announces(page, site_server):
    # Without words, the results of a filter come newest first: the menu says so.
    page.goto(site_server.url("recherche/?thème=Jeunesse"))
    page.wait_for_selector("#bq-sp-status[data-count]", state="attached")
    assert int(page.get_attribute("#bq-sp-status", "data-count")) > 0
    assert "des plus récents aux plus anciens" in page.inner_text("#bq-sp-status")
    assert page.input_value("#bq-sp-tri") == "date"
    assert page.locator("#bq-sp-tri option[value='']").is_disabled()
    page.goto(site_server.url("recherche/?q=jeunesse"))
    page.wait_for_selector("#bq-sp-status[data-count]", state="attached")
    assert page.input_value("#bq-sp-tri") == ""
    assert "plus récents" not in page.inner_text("#bq-sp-status")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_two_share_buttons_have_the_same_height(page, site_server, viewport):
    page.goto(site_server.url(PAGE_TYPES["experience"]))
    page.wait_for_selector("[data-bq-copy-item]:not([hidden])")
    heights = page.eval_on_selector_all(".bq-share__list .md-button", "els => els.map((e) => e.getBoundingClientRect().height)")
    assert len(heights) == 2 and abs(heights[0] - heights[1]) < 0.5, heights


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_site_name_in_the_header_is_not_cut_on_a_phone(page, site_server, viewport):
    page.goto(site_server.url(""))
    cut = page.eval_on_selector(".md-header__topic:first-child .md-ellipsis",
                                "e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1")
    assert not cut


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_theme_names_never_break_inside_a_word_on_a_phone(page, site_server, viewport):
    page.goto(site_server.url(PAGE_TYPES["region"]))
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    # Each word of a theme name sits on one line: no line box ends inside a word.
    broken = page.evaluate("""() => {
        const out = [];
        for (const el of document.querySelectorAll('.bq-tag, .bq-chip, table.bq-bars tbody th a')) {
            const text = el.firstChild;
            if (!text || text.nodeType !== Node.TEXT_NODE) continue;
            const words = [...text.data.matchAll(/[^\\s]+/g)];
            for (const w of words) {
                const range = document.createRange();
                range.setStart(text, w.index); range.setEnd(text, w.index + w[0].length);
                if (range.getClientRects().length > 1 && !/-/.test(w[0])) out.push(w[0]);
            }
        }
        return out;
    }""")
    assert broken == []
