"""The « Contribuer » and web-editor links: where the plugin's settings in mkdocs.yml put them."""
from bouquet.site_links import by_place


def test_defaults_contribute_in_the_footer_and_no_editor_link():
    assert by_place({}) == ({"header": [], "footer": [("Contribuer", "contribuer/")]}, [])


def test_both_links_where_the_publisher_wants_them():
    placed, errors = by_place({"contribute_link": ["header", "footer"], "editor_link": "header"})
    assert errors == []
    assert placed == {"header": [("Contribuer", "contribuer/"), ("Éditeur web", "admin/")],
                      "footer": [("Contribuer", "contribuer/")]}


def test_nowhere():
    assert by_place({"contribute_link": [], "editor_link": []})[0] == {"header": [], "footer": []}


def test_a_wrong_place_is_refused_in_french_with_the_fix():
    _, [error] = by_place({"editor_link": ["pied"]})
    assert "plugins › bouquet › editor_link" in error and "pied" in error and "editor_link: [footer]" in error
