"""Des requêtes réalistes sur /recherche/, dans Chromium, sur le site du contenu initial.

Les résultats attendus sont tirés du contenu (content/experiences/*.md, par le
catalogue) : les fiches d'un département pour son code ou son nom, d'une région
pour son nom, d'une commune pour son nom, et la fiche d'un organisme pour son nom.
Une requête qui nomme un lieu met d'abord les fiches de ce lieu, avant celles qui
n'en portent que le mot dans leur texte (« 35 organisations », « centre social
Nord-Est ») ; une faute de frappe propose « Vouliez-vous dire … » ; un lieu ou un
thème nommé propose sa page. Les cases à cocher des filtres font 24 × 24 px
(WCAG 2.2, 2.5.8) et axe (règle target-size) ne relève rien.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest

from bouquet_browser import PHONE, format_violations, run_axe

from bouquet import geography

PREFIX = "/bouquet/"


def slugs_of_departement(catalogue, code):
    return {e.slug for e in catalogue.by_departement[code]}


def slugs_of_region(catalogue, name):
    region = next(r for r in geography.regions() if r.name == name)
    return {e.slug for e in catalogue.by_region[region.code]}


def slugs_of_commune(catalogue, commune):
    return {e.slug for e in catalogue.experiences if e.territory.commune and e.territory.commune.name == commune}


def slugs_of_theme(catalogue, name):
    theme = next(t for t in catalogue.themes if t.name == name)
    return {e.slug for e in catalogue.by_theme[theme.slug]}


def slugs_naming(catalogue, words):
    """Les fiches dont le titre porte l'un des mots (accents compris)."""
    return {e.slug for e in catalogue.experiences if any(w in e.title.lower() for w in words)}


def search(page, server, query: str) -> dict:
    page.goto(server.url("recherche/") + "?q=" + quote(query))
    return read(page)


def read(page) -> dict:
    page.wait_for_function(
        """() => { const s = document.querySelector('#bq-sp-status');
                   return s && s.dataset.count !== undefined && !s.hasAttribute('aria-busy'); }""")
    hrefs = page.eval_on_selector_all("#bq-sp-list .bq-card__link", "links => links.map(a => a.getAttribute('href'))")
    slugs = [h[len(PREFIX) + len("experiences/"):-1] if h.startswith(PREFIX + "experiences/") else h for h in hrefs]
    return {
        "count": int(page.get_attribute("#bq-sp-status", "data-count")),
        "first": slugs,
        "queries": page.eval_on_selector_all("[data-bq-suggest] .bq-sp__suggest-query", "l => l.map(a => a.textContent)"),
        "pages": page.eval_on_selector_all("[data-bq-suggest] .bq-sp__suggest-page",
                                          "l => l.map(a => [a.textContent, new URL(a.href).pathname])"),
    }


# (requête, fiches attendues en tête, calculées sur le catalogue)
PLACES = [
    ("35", lambda c: slugs_of_departement(c, "35")),                  # un code de département
    ("Ille-et-Vilaine", lambda c: slugs_of_departement(c, "35")),     # son nom
    ("Agen", lambda c: slugs_of_commune(c, "Agen") | {"discriminations-emploi-agglomeration-agen"}),  # une commune (et son agglomération)
    ("Gers", lambda c: slugs_of_departement(c, "32")),                # pas « gérée »
    ("Nord", lambda c: slugs_of_departement(c, "59")),                # pas le « centre social Nord-Est » d'Agen
    ("Bretagne", lambda c: slugs_of_region(c, "Bretagne")),           # une région
    ("ile de france", lambda c: slugs_of_region(c, "Île-de-France")),  # sans accent ni tirets, en minuscules
    ("Valenciennes", lambda c: slugs_of_commune(c, "Valenciennes")),
    ("47", lambda c: slugs_of_departement(c, "47")),
]

WORDS = [
    ("vélo", lambda c: {"atelier-mobilites-modernes-blanquefort"}),
    ("velo", lambda c: {"atelier-mobilites-modernes-blanquefort"}),                 # sans accent
    ("coopératives", lambda c: slugs_naming(c, ["coopérative "])),                 # un pluriel
    ("Caarud", lambda c: {"caarud-bus-vitry-le-francois"}),                          # un organisme
    ("IBM", lambda c: {"banques-alimentaires-bas-rhin-mecenat-competences"}),        # une entreprise
    ("personnes âgées", lambda c: slugs_of_theme(c, "Personnes âgées")),             # un thème
]


def test_first_results_of_realistic_queries(page, server, catalogue):
    """Every query is run; the mismatches are reported together."""
    wrong = []
    for query, expected in PLACES + WORDS:
        wanted = expected(catalogue)
        assert wanted, f"le contenu initial n'a plus de fiche pour « {query} »"
        first = search(page, server, query)["first"][:len(wanted)]
        if set(first) != wanted:
            wrong.append(f"« {query} » : {first} au lieu de {sorted(wanted)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("query, label, path", [
    ("35", "Ille-et-Vilaine (35)", "territoires/bretagne/35-ille-et-vilaine/"),
    ("Agen", "Lot-et-Garonne (47)", "territoires/nouvelle-aquitaine/47-lot-et-garonne/"),
    ("ILE-DE-FRANCE", "Île-de-France", "territoires/ile-de-france/"),
    ("Cote d'Armor", "Côtes-d'Armor (22)", "territoires/bretagne/22-cotes-d-armor/"),  # mal écrit
    ("jeunesse", "Jeunesse", "themes/jeunesse/"),
])
def test_a_query_naming_a_place_or_theme_offers_its_page(page, server, query, label, path):
    found = search(page, server, query)
    assert found["pages"] == [[label, PREFIX + path]]
    response = page.request.get(server.url(path))
    assert response.status == 200


def test_a_misspelling_offers_the_right_word_and_its_results(page, server, catalogue):
    assert search(page, server, "coopérative")["queries"] == []  # a good spelling is left alone
    found = search(page, server, "coperative")
    assert found["queries"] == ["coopérative"]
    assert "Vouliez-vous dire" in page.text_content("[data-bq-suggest]")
    page.click("[data-bq-suggest] .bq-sp__suggest-query")
    found = read(page)
    assert page.input_value("#bq-sp-q") == "coopérative" and "q=coop%C3%A9rative" in page.url
    wanted = slugs_naming(catalogue, ["coopérative "])
    assert set(found["first"][:len(wanted)]) == wanted


def test_a_query_without_results_suggests_from_the_vocabulary(page, server):
    found = search(page, server, "Bretange")
    assert found["count"] == 0
    assert found["queries"] == ["bretagne"]
    assert found["pages"] == [["Bretagne", PREFIX + "territoires/bretagne/"]]


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["390", "1280"])
def test_filter_checkboxes_are_24_px_targets(page, server, viewport):
    search(page, server, "jeunesse")
    if not page.locator("[data-bq-facet='thème'] .bq-facet__toggle").is_visible():
        page.click(".bq-sp__filters-toggle")
    for toggle in page.locator(".bq-facet__toggle").all():
        toggle.click()
    page.wait_for_selector(".bq-facet__item:not([hidden]) .bq-facet__input")
    sizes = page.eval_on_selector_all(".bq-facet__item:not([hidden]) .bq-facet__input",
                                      "boxes => boxes.map(b => { const r = b.getBoundingClientRect(); return [r.width, r.height]; })")
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
    violations = run_axe(page, tags=["wcag22aa"])
    assert not violations, format_violations(violations)
