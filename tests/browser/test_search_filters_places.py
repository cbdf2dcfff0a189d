"""Les filtres « intercommunalité », « taille de la commune », « source », « public » et
« structure porteuse »
de la recherche, dans Chromium, sur le site construit du contenu initial.

Pour chacun, la valeur la plus fréquente du contenu initial est cochée sans mots :
les résultats sont exactement les fiches de la page qui les liste (la page de
l'intercommunalité, celle de la source), ou, pour la taille et le public qui n'ont
pas de page, comme le type de structure porteuse, celles que le catalogue y range ; le compte affiché à côté de la
valeur est le même.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from bouquet import listings, routes
from bouquet.french import capitalised
from test_search_browser import (  # type: ignore[import-not-found]  # the search page's helpers, beside this file
    assert_clean, facet_box, facet_item, listing_slugs, open_facet, params, result_hrefs, search_url, slug_of, wait_results)


def most_common(values) -> str:
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], value))


def expected_for(name: str, catalogue, page, server) -> tuple[str, list[str]]:
    """(valeur du filtre, fiches attendues) pour le filtre *name*."""
    experiences = catalogue.experiences
    if name == "intercommunalité":
        code = most_common(e.territory.epci.code for e in experiences if e.territory.epci)
        epci = catalogue.by_epci[code][0].territory.epci
        return epci.title, listing_slugs(page, server, routes.epci(epci))
    if name == "source":
        source = most_common(e.source["name"] for e in experiences if e.source.get("name"))
        listing = listings.source_page(catalogue, source)
        assert listing is not None
        return source, listing_slugs(page, server, listing.url)
    if name == "taille de la commune":
        label = most_common(e.territory.population_band.label for e in experiences if e.territory.population_band)
        return label, [e.slug for e in experiences if e.territory.population_band and e.territory.population_band.label == label]
    if name == "structure porteuse":  # no page lists them: the catalogue's count
        kind = most_common(k for e in experiences for k in e.lead_kinds)
        return capitalised(kind), [e.slug for e in experiences if kind in e.lead_kinds]
    audience = most_common(a.name for e in experiences for a in e.audiences)
    return audience, [e.slug for e in experiences if audience in {a.name for a in e.audiences}]


@pytest.mark.parametrize("name", ["intercommunalité", "taille de la commune", "source", "public", "structure porteuse"])
def test_le_filtre_renvoie_les_fiches_de_la_liste(page, server, catalogue, name):
    value, expected = expected_for(name, catalogue, page, server)
    # The seed has one experience per intercommunalité at most; the other values have several.
    assert len(expected) >= (1 if name == "intercommunalité" else 2), (name, value, expected)

    page.goto(search_url(server))
    page.wait_for_selector("#bq-sp-status:has-text('Saisissez')")
    open_facet(page, name)
    more = page.locator(f"[data-bq-facet='{name}'] .bq-facet__more")
    if more.is_visible():
        more.click()
    facet_box(page, name, value).check()
    count = wait_results(page)
    assert params(page).get(name) == [value]
    slugs = [slug_of(href) for href in result_hrefs(page, all_results=True)]
    assert None not in slugs, "seules des expériences portent ce filtre"
    assert count == len(slugs) == len(expected)
    assert sorted(slugs) == sorted(expected)
    shown = facet_item(page, name, value).locator(".bq-facet__count").inner_text()
    assert shown.strip().endswith(str(count)), shown
    assert_clean(page)


def test_les_tailles_suivent_l_ordre_des_strates(page, server, catalogue):
    page.goto(search_url(server))
    page.wait_for_selector("#bq-sp-status:has-text('Saisissez')")
    open_facet(page, "taille de la commune")
    more = page.locator("[data-bq-facet='taille de la commune'] .bq-facet__more")
    if more.is_visible():
        more.click()
    shown = page.eval_on_selector_all("[data-bq-facet='taille de la commune'] .bq-facet__value", "v => v.map(x => x.textContent.trim())")
    bands = sorted({e.territory.population_band for e in catalogue.experiences if e.territory.population_band}, key=lambda b: b.index)
    assert shown == [b.label for b in bands]
    assert len(shown) >= 3 and re.match(r"^De ", shown[0])
