"""Bodies that would take the Markdown conversion minutes are refused, at their line."""
from __future__ import annotations

import importlib.util

import pytest

from content_tree import experience
from sitebuild import ROOT

SPEC = importlib.util.spec_from_file_location("complexity_timings", ROOT / "scripts" / "complexity_timings.py")
assert SPEC is not None and SPEC.loader is not None
TIMINGS = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(TIMINGS)

BODY_LINE = experience().count("\n") + 1  # the line of what the tests append
# "stars" and "lt-alone" convert fast, but the inline measure is an upper bound:
# 200 KB of « * » or « < » in one paragraph are refused too.
REFUSED = {"lt-alone", "tags-unclosed", "comments-unclosed", "comment-lines", "cdata-unclosed", "processing-unclosed", "brackets-unclosed",
           "brackets-nested", "links-unclosed", "backtick-runs", "stars", "emphasis-words", "emphasis-nested", "blockquote-deep",
           "blockquote-stairs", "lists-deep", "admonitions", "footnotes", "definition-lists", "table-wide"}
ACCEPTED = {"backticks", "lists-shallow", "table-long", "reference-definitions", "prose"}


def test_every_timed_pattern_has_an_expectation():
    assert REFUSED | ACCEPTED == set(TIMINGS.PATTERNS) and not REFUSED & ACCEPTED


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TIMINGS.PATTERNS))
def test_each_pathological_body_of_200_kb_is_refused_or_accepted(tree, name):
    # Timings (no assert here): scripts/complexity_timings.py.
    tree.write("experiences/x.md", experience() + TIMINGS.PATTERNS[name](200_000))
    codes = {code for _, _, code in tree.codes()}
    assert codes == ({"texte-trop-complexe"} if name in REFUSED else set())


@pytest.mark.parametrize(("body", "line", "words"), [
    ("Intro.\n\nUn [lien](https://exemple.fr/) ordinaire.\n\n" + "[" * 2000, BODY_LINE + 4, "crochets"),
    ("Intro.\n\n" + "<a " * 2000 + "\n" + "x " * 1000, BODY_LINE + 2, "« < »"),
    ("Intro.\n\n" + "<!--\n" * 2000, BODY_LINE + 2, "<!--"),
    ("Intro.\n\n" + "".join("`" * i + " " for i in range(1, 300)), BODY_LINE + 2, "accents graves"),
    ("Intro.\n\n" + "> " * 17 + "citation", BODY_LINE + 2, "citations"),
    ("Intro.\n\n" + "!!! note\n    x\n\n" * 101, BODY_LINE + 2 + 3 * 100, "encadrés"),
    ("".join(f"a[^{i}]\n\n[^{i}]: x\n\n" for i in range(160)), BODY_LINE + 4 * 150, "notes"),
    ("Intro.\n\n" + "".join(" " * (2 * i) + "- a\n" for i in range(40)), BODY_LINE + 2 + 33, "retrait"),
    ("Intro.\n\n" + "*_" * 40_000, BODY_LINE + 2, "paragraphes"),
    # def_list recursed once per « : » line: 9,000 of them crashed the build (RecursionError).
    ("Intro.\n\n" + "a\n: b\n" * 60, BODY_LINE + 2 + 2 * 50 + 1, "définition"),
    ("Intro.\n\n| a | b |\n|---|---|\n" + "|" + "a|" * 201 + "\n", BODY_LINE + 4, "tableau"),
])
def test_refused_at_the_line_where_the_costly_text_starts(tree, body, line, words):
    tree.write("experiences/x.md", experience() + body)
    problems = tree.problems()
    assert [(p.code, p.line) for p in problems] == [("texte-trop-complexe", line)]
    assert words in problems[0].message and problems[0].hint


def test_one_long_paragraph_of_unclosed_brackets_is_refused(tree):
    # Python-Markdown takes 3 s on these 20 KB (42 s on 80 KB): each « [ » scans to the paragraph's end.
    tree.write("experiences/x.md", experience() + "Un « [ » seul [sic, puis un [lien](https://exemple.fr/).\n" * 200)
    assert tree.codes() == [("experiences/x.md", BODY_LINE, "texte-trop-complexe")]


def test_forbidden_html_in_a_refused_body_is_not_parsed(tree):
    tree.write("experiences/x.md", experience() + "<script>x</script>\n\n" + "<a " * 20_000)
    assert [code for _, _, code in tree.codes()] == ["texte-trop-complexe"]


@pytest.mark.parametrize("body", [
    "Un « [ » seul [sic, puis un [lien](https://exemple.fr/) et `du code` et <abbr title=\"x\">X</abbr>.\n\n" * 200,
    "| a | b |\n|---|---|\n" + "| [x](https://exemple.fr/) | *y* |\n" * 2000,
    "- un\n  - deux\n    - trois\n      - quatre\n\n" * 500,
    "Terme\n: sa définition\n\n" * 500,
    "```\n" + "<a " * 5000 + "\n```\n",
])
def test_real_looking_bodies_are_accepted(tree, body):
    tree.write("experiences/x.md", experience() + body)
    assert tree.codes() == []
