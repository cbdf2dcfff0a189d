import unicodedata

from content_tree import experience


def test_unknown_theme_suggests_the_closest(tree):
    tree.write("experiences/x.md", experience(tags="tags:\n  - Mobilité\n  - Solidarite"))
    [problem] = tree.problems()
    assert (problem.line, problem.code) == (7, "theme-inconnu")
    assert problem.hint == "Vouliez-vous dire « Solidarité » ?"


def test_theme_typed_in_decomposed_form_is_the_same_theme(tree):
    decomposed = unicodedata.normalize("NFD", "Solidarité")
    assert decomposed != "Solidarité"
    tree.write("experiences/x.md", experience(tags=f"tags: [\"{decomposed}\"]"))
    result = tree.check()
    assert result.problems == []


def test_theme_comparison_is_otherwise_exact(tree):
    tree.write("experiences/x.md", experience(tags="tags: [mobilité]"))
    [problem] = tree.problems()
    assert problem.code == "theme-inconnu" and "« Mobilité »" in problem.hint


def test_too_many_themes_and_repeated_theme(tree):
    tree.write("experiences/trop.md", experience(tags="tags: [Mobilité, Jeunesse, Solidarité, Mobilité, Jeunesse, Solidarité]"))
    codes = [code for _, _, code in tree.codes()]
    assert "liste-trop-longue" in codes and codes.count("theme-en-double") == 3


def test_no_theme_at_all(tree):
    tree.write("experiences/aucun.md", experience(tags="tags: []"))
    assert tree.codes() == [("experiences/aucun.md", 5, "liste-trop-courte")]
