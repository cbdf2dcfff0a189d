import datetime as dt

from bouquet import geography
from bouquet.catalogue import Catalogue
from bouquet.model import Experience, Territory, Theme

A, B, C = (Theme(n, n.lower(), "") for n in "ABC")


def exp(slug, themes, departement=None, days=0):
    dep = geography.departement(departement) if departement else None
    return Experience(slug, "p", slug, dt.date(2020, 1, 1) - dt.timedelta(days=days), "d", themes, Territory(None, dep, dep.region if dep else None), "")


def catalogue(*experiences):
    return Catalogue(tuple(sorted(experiences, key=lambda e: e.sort_key)), (), (A, B, C), (), ())


def test_related_ranks_shared_themes_then_departement_then_region_then_date():
    me = exp("me", (A, B), "47")
    two_themes = exp("two-themes", (A, B), "75", days=9)
    same_dep = exp("same-dep", (A,), "47", days=8)
    same_region = exp("same-region", (A,), "33", days=7)
    newest = exp("newest", (A,), "75", days=1)
    older = exp("older", (A,), "75", days=5)
    unrelated = exp("unrelated", (C,), "13")
    cat = catalogue(me, two_themes, same_dep, same_region, newest, older, unrelated)
    assert [e.slug for e in cat.related(me)] == ["two-themes", "same-dep", "same-region", "newest", "older"]


def test_related_is_topped_up_to_three():
    me = exp("me", (A,))
    others = [exp(f"o{i}", (C,), days=i) for i in range(4)]
    assert [e.slug for e in catalogue(me, *others).related(me)] == ["o0", "o1", "o2"]


def test_ties_are_broken_by_slug():
    me = exp("me", (A,))
    b, a = exp("b", (A,), days=3), exp("a", (A,), days=3)
    assert [e.slug for e in catalogue(me, b, a).related(me)][:2] == ["a", "b"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bouquet.catalogue import rank_related  # noqa: E402

THEMES = tuple(Theme(f"T{i}", f"t{i}", "") for i in range(6))
DEPARTEMENTS = ("47", "33", "35", "75", None)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sets(st.sampled_from(THEMES), min_size=1, max_size=4), st.sampled_from(DEPARTEMENTS), st.integers(0, 30)), min_size=1, max_size=40))
def test_fast_related_equals_the_definition(rows):
    experiences = [exp(f"e{i:02}", tuple(sorted(themes, key=lambda t: t.slug)), dep, days) for i, (themes, dep, days) in enumerate(rows)]
    cat = catalogue(*experiences)
    for experience in cat.experiences:
        assert cat.related(experience) == rank_related(cat, experience)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sets(st.sampled_from(THEMES), min_size=1, max_size=3), st.sampled_from(DEPARTEMENTS), st.integers(0, 30)), min_size=1, max_size=40))
def test_fast_related_equals_the_definition_when_scanning_dense_tiers(rows):
    import bouquet.catalogue as module

    saved, module.SMALL_TIER = module.SMALL_TIER, 1  # force the merge scan
    try:
        test_fast_related_equals_the_definition.hypothesis.inner_test(rows)
    finally:
        module.SMALL_TIER = saved
