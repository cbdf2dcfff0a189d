"""Dynamics of a région: counts per theme and per year, and the page context."""
from __future__ import annotations

import datetime as dt

import pytest

from bouquet import dynamics, geography, listings
from bouquet.catalogue import Catalogue
from bouquet.model import Experience, Territory, Theme

MOBILITE = Theme("Mobilité", "mobilite", "")
JEUNESSE = Theme("Jeunesse", "jeunesse", "")
ECONOMIE = Theme("Économie", "economie", "")


def experience(slug, code, year, *themes):
    """`year`: the year the source published it (None: the source gives no date). The
    date put online is the same for all, as for the seed content."""
    departement = geography.departement(code)
    source = {"name": "Source", **({"date": dt.date(year, 3, 1)} if year else {})}
    return Experience(slug, f"experiences/{slug}.md", slug, dt.date(2026, 11, 21), "d", themes,
                      Territory(None, departement, departement.region), "", source=source)


@pytest.fixture
def catalogue():
    experiences = (
        experience("a", "47", 2019, MOBILITE, JEUNESSE),
        experience("b", "33", 2019, JEUNESSE),
        experience("c", "33", 2022, ECONOMIE),
        experience("d", "64", 2022, ECONOMIE, JEUNESSE),
        experience("e", "29", 2020, MOBILITE),  # Bretagne
    )
    return Catalogue(tuple(sorted(experiences, key=lambda e: e.sort_key)), (), (MOBILITE, JEUNESSE, ECONOMIE), (), ())


def test_per_theme_sorted_by_count_then_name(catalogue):
    dyn = dynamics.region_dynamics(catalogue, "75")
    assert dyn.region.name == "Nouvelle-Aquitaine" and dyn.total == 4
    assert [(b.label, b.count, b.url) for b in dyn.themes] == [
        ("Jeunesse", 3, "themes/jeunesse/"), ("Économie", 2, "themes/economie/"), ("Mobilité", 1, "themes/mobilite/")]
    assert [b.size for b in dyn.themes] == [100, 67, 33]


def test_name_ties_ignore_accents(catalogue):
    # Économie and Mobilité both at 1 in a région: É sorts with E, before M.
    cat = Catalogue((experience("x", "29", 2020, MOBILITE), experience("y", "22", 2020, ECONOMIE)), (),
                    (MOBILITE, ECONOMIE), (), ())
    assert [b.label for b in dynamics.region_dynamics(cat, "53").themes] == ["Économie", "Mobilité"]


def test_per_year_ascending_only_years_with_experiences(catalogue):
    dyn = dynamics.region_dynamics(catalogue, "75")
    assert [(b.label, b.count) for b in dyn.years] == [("2019", 2), ("2022", 2)]
    assert (dyn.first_year, dyn.last_year) == (2019, 2022)
    assert sum(b.count for b in dyn.years) == dyn.total


def test_years_count_the_source_year_and_undated_last_never_the_site_date():
    cat = Catalogue((experience("a", "47", 2015, MOBILITE), experience("b", "33", None, MOBILITE),
                     experience("c", "64", 2013, MOBILITE)), (), (MOBILITE,), (), ())
    dyn = dynamics.region_dynamics(cat, "75")
    assert [(b.label, b.count) for b in dyn.years] == [("2013", 1), ("2015", 1), ("Non datée", 1)]
    assert (dyn.first_year, dyn.last_year) == (2013, 2015)
    assert "2026" not in [b.label for b in dyn.years]


def test_region_without_experiences(catalogue):
    dyn = dynamics.region_dynamics(catalogue, "84")
    assert (dyn.total, dyn.themes, dyn.years, dyn.first_year) == (0, (), (), None)


def test_unknown_region_code(catalogue):
    with pytest.raises(ValueError):
        dynamics.region_dynamics(catalogue, "99")


def test_context_only_on_the_first_page_of_a_region(catalogue):
    [page] = [p for p in listings.plan(catalogue) if p.src_uri == "territoires/nouvelle-aquitaine/index.md"]
    context = dynamics.context_for(page.context["listing"], catalogue)
    assert context["region_dynamics"].region.code == "75"
    departement_page = next(p for p in listings.plan(catalogue) if p.src_uri == "territoires/nouvelle-aquitaine/33-gironde/index.md")
    assert dynamics.context_for(departement_page.context["listing"], catalogue) == {}
    theme_page = next(p for p in listings.plan(catalogue) if p.src_uri == "themes/jeunesse/index.md")
    assert dynamics.context_for(theme_page.context["listing"], catalogue) == {}
    assert dynamics.context_for(None, catalogue) == {}


def test_context_not_on_later_pages(catalogue):
    many = tuple(experience(f"e{i:03}", "47", 2020, JEUNESSE) for i in range(listings.PER_PAGE + 1))
    cat = Catalogue(tuple(sorted(many, key=lambda e: e.sort_key)), (), (JEUNESSE,), (), ())
    pages = [p for p in listings.plan(cat) if p.src_uri.startswith("territoires/nouvelle-aquitaine/") and "47-" not in p.src_uri]
    assert [p.src_uri for p in pages] == ["territoires/nouvelle-aquitaine/index.md", "territoires/nouvelle-aquitaine/page/2/index.md"]
    assert dynamics.context_for(pages[0].context["listing"], cat) != {}
    assert dynamics.context_for(pages[1].context["listing"], cat) == {}


def test_region_dynamics_count_experiences_that_spread_and_that_took_one_up():
    import datetime as dt

    from bouquet import geography
    from bouquet.catalogue import Catalogue
    from bouquet.dynamics import region_dynamics
    from bouquet.model import Experience, Territory, Theme

    theme = Theme("A", "a", "")
    dep = geography.departement("47")

    def exp(slug, inspired_by=(), days=0):
        return Experience(slug, "p", slug, dt.date(2020, 1, 1) - dt.timedelta(days=days), "d", (theme,),
                          Territory(None, dep, dep.region), "", inspired_by=inspired_by)

    catalogue = Catalogue((exp("fumel", ("agen",)), exp("agen", days=1), exp("autre", days=2)), (), (theme,), (), ())
    dynamics = region_dynamics(catalogue, dep.region.code)
    assert (dynamics.spread, dynamics.inspired) == (1, 1)
