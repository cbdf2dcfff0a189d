"""Essaimage: inspired_by names published experiences, not itself (codes, lines, hints)."""
from bouquet.catalogue import build_catalogue
from content_tree import experience


def test_unknown_draft_and_self_references_are_reported_on_their_line(tree):
    tree.write("experiences/origine.md", experience())
    tree.write("experiences/brouillon.md", experience(draft="draft: true"))
    tree.write("experiences/reprise.md", experience(inspired_by="inspired_by:\n  - origne\n  - brouillon\n  - reprise"))
    problems = [p for p in tree.problems() if p.path.endswith("reprise.md")]
    assert [(p.line, p.code) for p in problems] == [(10, "essaimage-inconnue"), (11, "essaimage-brouillon"), (12, "essaimage-soi-meme")]
    assert problems[0].hint == "Vouliez-vous dire « origine » ?"


def test_a_valid_link_is_known_both_ways(tree):
    tree.write("experiences/origine.md", experience())
    tree.write("experiences/reprise.md", experience(inspired_by="inspired_by: [origine]"))
    result = tree.check()
    assert result.problems == []
    catalogue = build_catalogue(result)
    assert [e.slug for e in catalogue.inspired_by["reprise"]] == ["origine"]
    assert [e.slug for e in catalogue.spread_to["origine"]] == ["reprise"]
    assert "origine" not in catalogue.inspired_by and "reprise" not in catalogue.spread_to
