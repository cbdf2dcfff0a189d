import datetime as dt

from bouquet import listings
from bouquet.model import Experience, Territory


def make(n):
    return tuple(Experience(f"e{i:03}", "p", f"T{i}", dt.date(2020, 1, 1) - dt.timedelta(days=i), "d", (), Territory(), "") for i in range(n))


def test_pagination_cuts_30_per_page_with_numbered_links():
    pages = listings.paginate("theme", "Jeunesse", "", "themes/jeunesse/", make(61))
    assert [p.src_uri for p in pages] == ["themes/jeunesse/index.md", "themes/jeunesse/page/2/index.md", "themes/jeunesse/page/3/index.md"]
    second = pages[1].context["listing"]
    assert [e.slug for e in second.items][0] == "e030" and len(second.items) == 30
    assert [(link.number, link.current) for link in second.pages] == [(1, False), (2, True), (3, False)]
    assert second.previous.url == "themes/jeunesse/" and second.next.url == "themes/jeunesse/page/3/"
    assert pages[1].title == "Jeunesse – page 2 sur 3"


def test_an_empty_listing_still_has_its_first_page():
    [page] = listings.paginate("theme", "Vide", "", "themes/vide/", ())
    assert page.context["listing"].total == 0


def test_french_counts():
    assert [listings.experiences_count(n) for n in (0, 1, 2)] == ["0 expérience", "1 expérience", "2 expériences"]


def _placed(slug, commune, departement, days=0):
    from bouquet.catalogue import territory_of

    return Experience(slug, "p", slug, dt.date(2020, 1, 1) - dt.timedelta(days=days), "d", (),
                      territory_of({"commune": commune, "departement": departement}), "")


def test_epci_pages_sit_under_their_departement_with_their_count():
    from bouquet.catalogue import Catalogue

    items = (_placed("agen", "Agen", "47"), _placed("boe", "Boé", "47", 1), _placed("fumel", "Fumel", "47", 2),
             _placed("gers", "Auch", "32", 3))
    catalogue = Catalogue(items, (), (), (), ())
    pages = {p.src_uri: p for p in listings.plan(catalogue)}
    agen_page = pages["territoires/nouvelle-aquitaine/47-lot-et-garonne/agglomeration-d-agen/index.md"]
    listing = agen_page.context["listing"]
    assert listing.kind == "epci" and listing.total == 2
    assert listing.title == "Agglomération d'Agen (communauté d'agglomération)"
    assert [e.slug for e in listing.items] == ["agen", "boe"]
    assert listing.breadcrumbs[-1] == ("Lot-et-Garonne (47)", "territoires/nouvelle-aquitaine/47-lot-et-garonne/")
    departement = pages["territoires/nouvelle-aquitaine/47-lot-et-garonne/index.md"].context["listing"]
    assert [(epci.name, count) for epci, count, _ in departement.children] == [
        ("Agglomération d'Agen", 2), ("Communauté de communes Fumel Vallée du Lot", 1)]
    assert all(url in {p.context["listing"].base_url for p in pages.values() if "listing" in p.context}
               for _, _, url in departement.children)
    from bouquet import search

    assert "intercommunalité" in search.FILTERS and "taille de la commune" in search.FILTERS


def test_one_listing_per_source_with_its_count_and_distinct_slugs():
    from bouquet.catalogue import Catalogue

    def sourced(slug, name, days=0):
        return Experience(slug, "p", slug, dt.date(2020, 1, 1) - dt.timedelta(days=days), "d", (), Territory(), "",
                          source={"name": name} if name else {})

    items = (sourced("a", "Mairie-conseils"), sourced("b", "Apriles", 1), sourced("c", "Mairie-conseils", 2),
             sourced("d", "Mairie conseils", 3), sourced("e", None, 4))
    catalogue = Catalogue(items, (), (), (), ())
    assert [(s.name, s.slug, s.count) for s in listings.sources(catalogue)] == [
        ("Apriles", "apriles", 1), ("Mairie conseils", "mairie-conseils", 1), ("Mairie-conseils", "mairie-conseils-2", 2)]
    pages = {p.src_uri: p for p in listings.plan(catalogue)}
    listing = pages["sources/mairie-conseils-2/index.md"].context["listing"]
    assert listing.kind == "source" and listing.total == 2 and [e.slug for e in listing.items] == ["a", "c"]
    assert listing.title == "Source : Mairie-conseils"
    assert [s.name for s in pages["sources/index.md"].context["sources"]] == ["Apriles", "Mairie conseils", "Mairie-conseils"]
