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


def test_reserved_slug(tree):
    tree.write("experiences/index.md", experience())
    assert tree.codes() == [("experiences/index.md", 1, "slug-reserve")]


def test_static_page_names_are_checked_too(tree):
    tree.write("a propos\u202e.md", "---\ntitle: x\n---\nTexte\n")
    tree.write('"><img src=x onerror=alert(1)>.md', "---\ntitle: x\n---\nTexte\n")
    assert [code for _, _, code in tree.codes()] == ["slug-invalide", "slug-invalide"]


def test_static_page_at_a_generated_address(tree):
    tree.write("recherche.md", "---\ntitle: Recherche\n---\nTexte\n")
    assert tree.codes() == [("recherche.md", 1, "page-en-conflit")]
