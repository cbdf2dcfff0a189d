"""Audiences (« publics ») come from content/publics.yml, checked like the themes."""
from bouquet.catalogue import build_catalogue
from content_tree import experience

PUBLICS = """\
- name: Jeunes
  description: Adolescents et jeunes adultes.
- name: Personnes âgées
  description: Seniors.
"""


def test_known_audiences_reach_the_experience(tree):
    tree.write("publics.yml", PUBLICS)
    tree.write("experiences/x.md", experience(audiences="audiences:\n  - Jeunes\n  - Personnes âgées"))
    result = tree.check()
    assert result.problems == []
    [item] = build_catalogue(result).experiences
    assert [a.name for a in item.audiences] == ["Jeunes", "Personnes âgées"]


def test_unknown_and_repeated_audiences_are_reported_on_their_line(tree):
    tree.write("publics.yml", PUBLICS)
    tree.write("experiences/x.md", experience(audiences="audiences:\n  - Jeunes\n  - Personnes agees\n  - Jeunes"))
    problems = tree.problems()
    assert [(p.line, p.code) for p in problems] == [(11, "public-inconnu"), (12, "public-en-double")]
    assert problems[0].hint == "Vouliez-vous dire « Personnes âgées » ?"
    assert problems[0].path == "content/experiences/x.md"


def test_without_publics_yml_every_audience_is_unknown_and_the_file_is_optional(tree):
    tree.write("experiences/x.md", experience())
    assert tree.problems() == []
    tree.write("experiences/y.md", experience(audiences="audiences: [Jeunes]"))
    assert [p.code for p in tree.problems()] == ["public-inconnu"]


def test_a_broken_publics_file_is_reported_with_its_own_codes(tree):
    tree.write("publics.yml", PUBLICS + "- name: Jeunes\n  description: Encore.\n")
    assert [(p.path, p.code) for p in tree.problems()] == [("content/publics.yml", "public-en-double")]


def test_themes_and_audiences_are_checked_by_one_rule_of_controlled_vocabularies():
    from bouquet.rules import RULES, vocabularies

    themes, audiences = (next(r for r in RULES if r.name == name) for name in ("themes", "audiences"))
    assert themes.check.__func__ is audiences.check.__func__ is vocabularies.Controlled.check
    # Each finds its field by the vocabulary its items declare in schema.py.
    assert (vocabularies.THEMES.field, vocabularies.AUDIENCES.field) == ("tags", "audiences")
