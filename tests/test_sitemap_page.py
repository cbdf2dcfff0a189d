"""« Plan du site »: every section, the bouquets, the themes that have experiences,
the régions with their départements and the service pages."""
from bouquet import routes, sitemap_page
from bouquet.catalogue import Catalogue

from test_catalogue import A, B, exp


def test_the_site_map_lists_sections_listings_and_service_pages():
    cat = Catalogue((exp("a", (A,), "47"), exp("b", (A,), "33", days=1)), (), (A, B), (), ())
    tree = sitemap_page.entries(cat)
    labels = [e.label for e in tree]
    assert labels[:6] == ["Accueil", "Bouquets", "Expériences", "Thèmes", "Territoires", "Rechercher"]
    assert {"Accessibilité", "Mentions légales", "Données ouvertes", "À propos", "Contribuer"} <= set(labels)
    themes = next(e for e in tree if e.label == "Thèmes")
    assert [t.url for t in themes.children] == [routes.theme("a")]  # B has no experience: no page
    regions = next(e for e in tree if e.label == "Territoires").children
    assert [r.label for r in regions] == ["Nouvelle-Aquitaine"]
    assert [d.label for d in regions[0].children] == ["Gironde (33)", "Lot-et-Garonne (47)"]
    page = sitemap_page.page(cat)
    assert (page.src_uri, page.template, page.title) == ("plan-du-site/index.md", "sitemap-page.html", "Plan du site")
