import pytest

from content_tree import experience


@pytest.mark.parametrize("tag", ["script", "iframe", "object", "embed", "style", "form"])
def test_forbidden_tags_are_reported_at_their_line(tree, tag):
    tree.write("experiences/x.md", experience() + f"\nTexte.\n\n<{tag}>x</{tag}>\n")
    assert tree.codes() == [("experiences/x.md", 16, "html-interdit")]


def test_event_handler_on_an_allowed_tag(tree):
    tree.write("experiences/x.md", experience() + '\n<abbr title="x" onmouseover="alert(1)">CCAS</abbr>\n')
    [problem] = tree.problems()
    assert (problem.line, problem.code) == (14, "html-interdit") and "onmouseover" in problem.message


def test_small_allowlist_passes(tree):
    tree.write("experiences/x.md", experience() + '\nLe <abbr title="Centre communal d\'action sociale">CCAS</abbr>, 1<sup>er</sup> du mois.<br>\n')
    assert tree.codes() == []


def test_html_inside_code_is_only_shown(tree):
    tree.write("experiences/x.md", experience() + "\n```html\n<script>alert(1)</script>\n```\n\nEt `<iframe>` en ligne.\n")
    assert tree.codes() == []
