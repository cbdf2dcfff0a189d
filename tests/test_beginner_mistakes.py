"""The checker's words for the mistakes beginners make (issue 12, point 6): each
mistake gets its cause, in French, at the line the editor has to change."""
import pytest

from content_tree import experience


def only(tree):
    problems = tree.problems()
    assert len(problems) == 1, [p.as_text() for p in problems]
    return problems[0]


def test_a_tab_used_for_indentation_is_named(tree):
    tree.write("experiences/x.md", experience(tags="tags:\n\t- Mobilité"))
    problem = only(tree)
    assert (problem.line, problem.code) == (6, "yaml-invalide") and "une tabulation (utilisez des espaces)" in problem.message


@pytest.mark.parametrize("overrides", [
    {"title": 'title: "Un atelier vélo'},  # never closed
    {"title": 'title: "Un atelier vélo', "description": 'description: "Une description."'},  # closed by the next quote
    {"title": "title: 'Un atelier vélo"},
])
def test_an_unclosed_quote_is_reported_where_it_opens(tree, overrides):
    tree.write("experiences/x.md", experience(**overrides))
    problem = only(tree)
    assert (problem.line, problem.code) == (2, "yaml-invalide")
    assert "un guillemet ouvert sur cette ligne n'est jamais fermé" in problem.message and "Fermez le guillemet" in problem.hint


def test_a_closing_quote_without_its_opening_quote_is_caught(tree):
    tree.write("experiences/x.md", experience(title='title: Un atelier vélo"'))
    problem = only(tree)
    assert (problem.line, problem.code) == (2, "guillemet-isole") and "« title » contient un guillemet" in problem.message


def test_quotes_inside_a_plain_text_are_fine(tree):
    tree.write("experiences/x.md", experience(title='title: Un atelier "vélo" municipal'))
    assert tree.codes() == []


@pytest.mark.parametrize(("french", "english", "value"), [
    ("porteurs", "leads", "\n  - La mairie"),
    ("partenaires", "partners", "\n  - Une association"),
    ("moyens", "resources", "\n  human: Deux salariés"),
    ("citation", "quote", "\n  text: Un mot"),
    ("sur_le_vif", "quote", "\n  text: Un mot"),
    ("liens", "links", "\n  - label: Le site\n    url: https://exemple.fr/"),
    ("brouillon", "draft", " true"),
    ("thèmes", "tags", "\n  - Mobilité"),
    ("résumé", "description", " Un résumé."),
])
def test_a_french_field_name_gets_the_right_key(tree, french, english, value):
    tree.write("experiences/x.md", experience(**{french: f"{french}:{value}"}))
    problem = only(tree)
    assert (problem.line, problem.code) == (9, "cle-inconnue")
    assert f"« {french} »" in problem.message and problem.hint == f"Vouliez-vous dire « {english} » ?"


@pytest.mark.parametrize("typed", ["Gouvernance", "Partenarias", "institutionnel"])
def test_part_of_a_theme_name_gets_a_did_you_mean(tree, typed):
    (tree.content / "themes.yml").write_text(
        "- name: Mobilité\n  description: a\n- name: Gouvernance et partenariats institutionnels\n  description: b\n"
        "- name: Développement local rural\n  description: c\n", encoding="utf-8")
    tree.write("experiences/x.md", experience(tags=f"tags:\n  - {typed}"))
    problem = only(tree)
    assert (problem.line, problem.code) == (6, "theme-inconnu")
    assert problem.hint == "Vouliez-vous dire « Gouvernance et partenariats institutionnels » ?"


@pytest.mark.parametrize(("overrides", "line", "words"), [
    ({"title": "title:"}, 2, "Le champ obligatoire « title » (Titre) est vide."),
    ({"title": 'title: ""'}, 2, "Le champ obligatoire « title » (Titre) est vide."),
    ({"date": "date:"}, 3, "Le champ obligatoire « date » (Date de mise en ligne) est vide."),
    ({"description": "description:   "}, 4, "Le champ obligatoire « description » (Résumé) est vide."),
    ({"tags": "tags:"}, 5, "Le champ obligatoire « tags » (Thèmes) est vide."),
])
def test_an_empty_required_field_is_named(tree, overrides, line, words):
    tree.write("experiences/x.md", experience(**overrides))
    problem = only(tree)
    assert (problem.line, problem.code, problem.message) == (line, "champ-vide", words)
    assert problem.hint.startswith("Écrivez sa valeur après")


def test_a_quoted_value_over_two_lines_is_not_blamed_for_a_later_error(tree):
    tree.write("experiences/x.md", experience(description='description: "Une longue\n  description sur deux lignes."', tags="tags: Mobilité: x"))
    problem = only(tree)
    assert (problem.line, problem.code) == (6, "yaml-invalide") and "un « : » inattendu" in problem.message
