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


def test_related_never_shows_a_sheet_with_nothing_in_common():
    me = exp("me", (A,))
    others = [exp(f"o{i}", (C,), days=i) for i in range(4)]
    assert catalogue(me, *others).related(me) == ()


def wexp(slug, themes, departement=None, days=0, title="", description="d"):
    dep = geography.departement(departement) if departement else None
    return Experience(slug, "p", title or slug, dt.date(2020, 1, 1) - dt.timedelta(days=days), description, themes,
                      Territory("", dep, dep.region if dep else None), "")


def test_shared_words_break_ties_after_the_territory_and_say_why():
    me = wexp("me", (A,), "47", title="Une coopérative jeunesse de services")
    words = wexp("words", (A,), "75", days=9, title="Coopératives jeunesse à Rennes")
    newer = wexp("newer", (A,), "75", days=1, title="Un atelier vélo")
    region = wexp("region", (A,), "33", days=5, title="Un jardin partagé")
    dep_only = wexp("dep-only", (C,), "47", days=2, title="Un marché")
    words_only = wexp("words-only", (C,), "13", days=3, title="Coopérative jeunesse au Havre")
    nothing = wexp("nothing", (C,), "13", title="Rien à voir")
    fillers = [wexp(f"f{i}", (B,), "13", title=f"Filler {i}") for i in range(3)]
    cat = catalogue(me, words, newer, region, dep_only, words_only, nothing, *fillers)
    entries = cat.related_entries(me)
    assert [r.experience.slug for r in entries] == ["region", "words", "newer", "dep-only", "words-only"]
    assert [r.reason for r in entries] == [
        "Même thème · même région", "Même thème · sujet voisin", "Même thème",
        "Même département", "Sujet voisin"]


def test_words_ignore_accents_plurals_short_and_common_words():
    from bouquet.related import WordIndex, words

    assert words("Les Coopératives de l'été") == {"cooperative"} == words("une coopérative")
    assert words("Quatre cheveux, 2014") == {"quatre", "cheveu"}
    common = [wexp(f"c{i}", (A,), title=f"Commune {i}") for i in range(30)]
    index = WordIndex(common)
    assert index.shared(common[0]) == {}  # « commune » is in every sheet: it relates nothing


def test_words_strip_every_combining_mark_as_a_character_by_character_filter_does():
    # The reference: every character whose combining class is not zero is dropped.
    import unicodedata

    from bouquet.related import _without_marks

    samples = ["Élégie à l'œuvre", "Ça coûte", "e\u0301te\u0301", "Tiếng Việt", "ﬁnancement", "Ωμέγα", "ÅNGSTRÖM", "", "sans accent",
               "".join(chr(c) for c in range(0x2FF, 0x370)), "a\u20d7b\u0f71c"]
    for text in samples:
        plain = unicodedata.normalize("NFKD", text.casefold())
        assert _without_marks(plain) == "".join(c for c in plain if not unicodedata.combining(c))


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


WORDS = ("velo", "jardin", "epicerie", "cooperative", "jeunesse", "mediatheque")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sets(st.sampled_from(THEMES), min_size=1, max_size=3), st.sampled_from(DEPARTEMENTS),
                          st.integers(0, 30), st.sets(st.sampled_from(WORDS), max_size=3)), min_size=1, max_size=40))
def test_fast_related_equals_the_definition_with_shared_words(rows):
    experiences = [wexp(f"e{i:02}", tuple(sorted(themes, key=lambda t: t.slug)), dep, days, title=" ".join(sorted(ws)) or "x")
                   for i, (themes, dep, days, ws) in enumerate(rows)]
    cat = catalogue(*experiences)
    for experience in cat.experiences:
        assert cat.related(experience) == rank_related(cat, experience)



# ---------------------------------------------------------------------------
# Derived territory: intercommunalité and population of the commune


def test_territory_derives_epci_and_population_from_the_commune():
    from bouquet.catalogue import territory_of

    agen = territory_of({"commune": "Agen", "departement": "47"})
    assert agen.epci.official_name == "CA Agglomération d'Agen"
    assert agen.population == geography.population_of("47001") and agen.population > 30_000
    assert agen.population_band.label.startswith("De 20")
    pavail = territory_of({"commune": "Saint-Aubin-du-Pavail", "departement": "35"})
    assert pavail.current_commune.name == "Châteaugiron" and pavail.commune.parent is not None
    assert pavail.population == 10_845
    only_departement = territory_of({"departement": "32"})
    assert only_departement.epci is None and only_departement.population is None and only_departement.population_band is None


def test_catalogue_indexes_experiences_by_epci():
    from bouquet.catalogue import territory_of

    def placed(slug, commune, departement, days=0):
        return Experience(slug, "p", slug, dt.date(2020, 1, 1) - dt.timedelta(days=days), "d", (A,),
                          territory_of({"commune": commune, "departement": departement}), "")

    agen, boe, fumel = placed("agen", "Agen", "47"), placed("boe", "Boé", "47", 1), placed("fumel", "Fumel", "47", 2)
    cat = catalogue(agen, boe, fumel)
    assert cat.by_epci[agen.territory.epci.code] == (agen, boe)
    assert cat.by_epci[fumel.territory.epci.code] == (fumel,)


def test_nearby_lists_the_same_intercommunalite_then_the_same_departement():
    from bouquet.catalogue import territory_of

    def placed(slug, commune, departement, days=0):
        values = {"departement": departement, **({"commune": commune} if commune else {})}
        return Experience(slug, "p", slug, dt.date(2020, 1, 1) - dt.timedelta(days=days), "d", (A,), territory_of(values), "")

    me = placed("agen", "Agen", "47")
    boe = placed("boe", "Boé", "47", 5)  # Agglomération d'Agen, like Agen
    fumel = placed("fumel", "Fumel", "47", 1)  # same département, another EPCI
    dep_only = placed("lot-et-garonne", None, "47", 2)
    elsewhere = placed("auch", "Auch", "32", 0)
    cat = catalogue(me, boe, fumel, dep_only, elsewhere)
    assert [(e.slug, why) for e, why in cat.nearby(me)] == [
        ("boe", "même intercommunalité"), ("fumel", "même département"), ("lot-et-garonne", "même département")]
    assert [e.slug for e, _ in cat.nearby(me, limit=1)] == ["boe"]
    assert cat.nearby(elsewhere) == ()


# -- the live preview's model memo ------------------------------------------------

def _models(cat):
    """Everything a catalogue holds, by value: what a page could show of it."""
    return ([repr(item) for item in (*cat.experiences, *cat.bouquets, *cat.pages, *cat.letters)], cat.drafts, cat.unused_images,
            {e.slug: [(r.experience.slug, r.reason) for r in cat.related_entries(e)] for e in cat.experiences})


def _memo_tree(tree):
    from content_tree import experience

    tree.write("experiences/velo.md", experience())
    tree.write("experiences/jardin.md", experience(title='title: "Un jardin partagé des vélos"', tags="tags: [Solidarité]"))
    tree.write("experiences/brouillon.md", experience(draft="draft: true"))
    tree.write("bouquets/mobilite.md", "---\ntitle: Mobilité\ndate: 2014-01-01\ndescription: Deux fiches.\nexperiences: [velo, jardin]\n---\nTexte.\n")
    tree.write("a-propos.md", "---\ntitle: À propos\n---\nTexte.\n")


def _built(tree, checks, models):
    from bouquet.catalogue import build_catalogue
    from bouquet.load import check_content

    result = check_content(tree.content, memo=checks)
    assert not result.problems, result.problems
    return build_catalogue(result, models)


def _fresh(tree):
    from bouquet.catalogue import build_catalogue
    from bouquet.load import check_content

    return build_catalogue(check_content(tree.content))


def test_a_model_memo_makes_again_only_the_changed_document_and_gives_the_same_catalogue(tree, monkeypatch):
    from content_tree import experience

    from bouquet import catalogue as catalogue_module, related
    from bouquet.load import CheckMemo

    _memo_tree(tree)
    checks, models = CheckMemo(), catalogue_module.ModelMemo()
    first = _built(tree, checks, models)
    assert _models(first) == _models(_fresh(tree))
    made, worded = [], []
    make, words = catalogue_module._model, related.experience_words
    monkeypatch.setattr(catalogue_module, "_model", lambda document, *rest: made.append(document.slug) or make(document, *rest))
    monkeypatch.setattr(related, "experience_words", lambda e: worded.append(e.slug) or words(e))
    tree.write("experiences/jardin.md", experience(title='title: "Un jardin partagé et des vélos"', tags="tags: [Solidarité]"))
    second = _built(tree, checks, models)
    assert made == ["jardin"]
    second.related(second.by_slug["velo"])  # the index of words is made on first use
    assert worded == ["jardin"]  # the other's words were kept with its model
    assert second.by_slug["velo"] is first.by_slug["velo"] and second.by_slug["jardin"] is not first.by_slug["jardin"]
    monkeypatch.undo()
    assert _models(second) == _models(_fresh(tree))


def test_a_model_memo_makes_every_experience_again_when_the_vocabulary_changes(tree):
    from content_tree import THEMES

    from bouquet.catalogue import ModelMemo
    from bouquet.load import CheckMemo

    _memo_tree(tree)
    checks, models = CheckMemo(), ModelMemo()
    first = _built(tree, checks, models)
    tree.write("themes.yml", THEMES.replace("Se déplacer autrement.", "Se déplacer sans voiture."))
    second = _built(tree, checks, models)
    assert second.by_slug["velo"] is not first.by_slug["velo"]
    assert second.by_slug["velo"].themes[0].description == "Se déplacer sans voiture."
    assert _models(second) == _models(_fresh(tree))


def test_a_model_memo_forgets_a_deleted_document(tree):
    from bouquet.catalogue import ModelMemo
    from bouquet.load import CheckMemo

    _memo_tree(tree)
    checks, models = CheckMemo(), ModelMemo()
    _built(tree, checks, models)
    held = len(models._made)
    (tree.content / "a-propos.md").unlink()
    second = _built(tree, checks, models)
    assert len(models._made) == held - 1 and _models(second) == _models(_fresh(tree))
