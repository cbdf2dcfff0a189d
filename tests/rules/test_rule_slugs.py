from content_tree import experience


def test_bad_slug_proposes_a_good_one(tree):
    tree.write("experiences/Atelier Vélo.md", experience())
    [problem] = tree.problems()
    assert (problem.line, problem.code) == (1, "slug-invalide")
    assert "atelier-velo.md" in problem.hint


def test_slugs_equal_after_case_folding_collide(tree):
    tree.write("experiences/atelier-velo.md", experience())
    tree.write("experiences/Atelier-Velo.md", experience())
    codes = tree.codes()
    assert ("experiences/atelier-velo.md", 1, "slug-en-double") in codes
    assert ("experiences/Atelier-Velo.md", 1, "slug-en-double") in codes


def test_invisible_character_in_a_file_name(tree):
    tree.write("experiences/atelier\u200b-velo.md", experience())
    assert [code for _, _, code in tree.codes()] == ["slug-invalide"]
