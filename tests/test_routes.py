"""The route map: every address of the site, and what derives from it."""
from __future__ import annotations

import re

import pytest

from bouquet import dynamics, engine, geography, listings, opendata, routes
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from bouquet.routes import GENERATED_SECTIONS, NAVIGATION, NOT_IN_NAV
from sitebuild import ROOT

# Python modules and templates that must take their addresses from the route map.
SOURCES = sorted((ROOT / "src" / "bouquet").rglob("*.py")) + sorted((ROOT / "overrides").rglob("*.html"))
# A quoted address literal (not a docstring) starting with a section the build fills:
# "themes/…", 'feed.xml'. assets/ and images/ hold files copied as they are.
SECTION_LITERAL = re.compile(r"""(?<!["'])["'](?:""" + "|".join(sorted(GENERATED_SECTIONS - {"assets", "images"})) + ")/")
FEED_LITERAL = re.compile(r"""(?<!["'])["']feed[.-]""")


@pytest.fixture(scope="module")
def seed():
    result = check_content(ROOT / "content")
    assert result.problems == []
    return build_catalogue(result)


@pytest.fixture(scope="module")
def planned(seed):
    return listings.plan(seed) + [opendata.page(seed)]


# The published addresses are a contract with readers, feeds and search engines:
# changing one breaks links from outside. These are the addresses of the site.
@pytest.mark.parametrize("address, expected", [
    (routes.experience("atelier"), "experiences/atelier/"),
    (routes.experience_source("atelier"), "experiences/atelier.md"),
    (routes.bouquet("printemps"), "bouquets/printemps/"),
    (routes.bouquet_source("printemps"), "bouquets/printemps.md"),
    (routes.bouquet_feed("printemps"), "feed-bouquet-printemps.xml"),
    (routes.theme("jeunesse"), "themes/jeunesse/"),
    (routes.theme_feed("jeunesse"), "feed-theme-jeunesse.xml"),
    (routes.region(geography.region_named("Bretagne")), "territoires/bretagne/"),
    (routes.departement(geography.departement("33")), "territoires/nouvelle-aquitaine/33-gironde/"),
    (routes.page("themes/jeunesse/", 1), "themes/jeunesse/"),
    (routes.page("themes/jeunesse/", 3), "themes/jeunesse/page/3/"),
    (routes.source("themes/jeunesse/page/3/"), "themes/jeunesse/page/3/index.md"),
    (routes.open_data_file("csv"), "donnees/experiences.csv"),
    (routes.SITE_FEED, "feed.xml"),
    (routes.SEARCH, "recherche/"),
])
def test_the_site_keeps_its_addresses(address, expected):
    assert address == expected


def test_every_generated_page_is_where_the_link_check_expects_it(seed, planned):
    # rules/body_links.py accepts links to generated pages before the catalogue exists,
    # from GENERATED_INDEXES, the themes and GENERATED_SOURCE_PATTERN: each page the
    # build plans must be one of those, or a link to it would be refused.
    themes = {routes.source(routes.theme(t.slug)) for t in seed.themes}
    unknown = [p.src_uri for p in planned if p.src_uri not in routes.GENERATED_INDEXES | themes
               and not routes.GENERATED_SOURCE_PATTERN.fullmatch(p.src_uri)]
    assert unknown == []
    assert any(routes.GENERATED_SOURCE_PATTERN.fullmatch(p.src_uri) for p in planned)


def test_the_link_check_does_not_accept_pages_the_build_never_makes():
    for uri in ("bouquets/page/2/index.md", "territoires/index.md", "themes/page/2/index.md", "experiences/x/page/2/index.md"):
        assert not routes.GENERATED_SOURCE_PATTERN.fullmatch(uri), uri


def test_every_generated_page_is_in_a_reserved_section(planned):
    # A content page in one of these sections is refused (rules/slugs.py): it would
    # replace a generated page.
    assert sorted({p.src_uri.split("/")[0] for p in planned} - GENERATED_SECTIONS) == []


def test_generated_pages_are_out_of_the_navigation_but_its_own_entries(planned, seed):
    # (A navigation entry may match NOT_IN_NAV: MkDocs keeps what `nav` names.)
    not_in_nav = engine.path_spec(NOT_IN_NAV)
    in_navigation = {source for _, source in NAVIGATION}
    pages = [p.src_uri for p in planned] + [e.src_uri for e in seed.experiences] + [b.src_uri for b in seed.bouquets]
    assert [s for s in pages if s not in in_navigation and not not_in_nav.match_file(s)] == []
    # Every editors' page is either a navigation entry or out of the navigation.
    assert [p.src_uri for p in seed.pages if p.src_uri not in in_navigation and not not_in_nav.match_file(p.src_uri)] == []


def test_pages_link_to_the_addresses_the_route_map_gives(seed, planned):
    experience = seed.experiences[0]
    assert experience.url == routes.experience(experience.slug)
    theme_pages = {p.src_uri: p for p in planned if p.context.get("listing") and p.context["listing"].kind == "theme"}
    theme = experience.themes[0]
    assert theme_pages[routes.source(theme.url)].context["listing"].feed_url == routes.theme_feed(theme.slug)


def test_a_listing_carries_what_it_lists(planned):
    subjects = {}
    for page in planned:
        listing = page.context.get("listing")
        if listing is not None:
            subjects.setdefault(listing.kind, set()).add(type(listing.subject).__name__)
    assert subjects == {"experiences": {"NoneType"}, "theme": {"Theme"}, "region": {"Region"}, "departement": {"Departement"},
                        "epci": {"Epci"}, "source": {"Source"}}


def test_region_dynamics_follow_the_listings_subject_not_its_address(planned, seed):
    # dynamics used to find the région again by comparing URLs: the listing now says it.
    page = next(p for p in planned if p.context.get("listing") and p.context["listing"].kind == "region")
    listing = page.context["listing"]
    moved = type(listing)(**{**listing.__dict__, "base_url": "ailleurs/"})
    assert dynamics.context_for(moved, seed)["region_dynamics"].region == listing.subject


def test_no_module_or_template_writes_an_address_of_its_own():
    found = []
    for path in SOURCES:
        if path.name == "routes.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SECTION_LITERAL.search(line) or FEED_LITERAL.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_templates_call_only_what_the_route_map_gives_them():
    helpers = vars(routes.template_helpers())
    used = {name for path in SOURCES if path.suffix == ".html"
            for name in re.findall(r"bq_routes\.(\w+)", path.read_text(encoding="utf-8"))}
    assert used and sorted(used - helpers.keys()) == []
    assert all(helpers[name] is getattr(routes, name) for name in helpers)
