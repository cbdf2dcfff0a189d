from content_tree import experience

BOUQUET = """\
---
title: Un bouquet
date: 2015-05-19
description: Quelques expériences.
experiences:
  - atelier-velo
  - {slug}
---
Introduction.
"""


def test_bouquet_naming_an_unknown_experience(tree):
    tree.write("experiences/atelier-velo.md", experience())
    tree.write("bouquets/b.md", BOUQUET.format(slug="atelier-vel"))
    problems = tree.problems()
    assert [(p.line, p.code) for p in problems] == [(7, "bouquet-experience-inconnue")]
    assert problems[0].hint == "Vouliez-vous dire « atelier-velo » ?" or "atelier-velo" in problems[0].hint


def test_bouquet_naming_a_draft(tree):
    tree.write("experiences/atelier-velo.md", experience())
    tree.write("experiences/brouillon.md", experience(draft="draft: true"))
    tree.write("bouquets/b.md", BOUQUET.format(slug="brouillon"))
    assert tree.codes() == [("bouquets/b.md", 7, "bouquet-experience-brouillon")]


def test_valid_bouquet(tree):
    tree.write("experiences/atelier-velo.md", experience())
    tree.write("experiences/autre.md", experience())
    tree.write("bouquets/b.md", BOUQUET.format(slug="autre"))
    assert tree.codes() == []
