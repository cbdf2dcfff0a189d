import re
import xml.etree.ElementTree as ET

import pytest

from bouquet.problems import FORBIDDEN_CHARACTERS
from content_tree import experience

BODY_LINE = experience().count("\n") + 1  # the line of what the tests append


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\ufeff", "\x00", "\x1b", "\x85", "\u2028", "\ufffe", "\ufdd0", "\U0010ffff"])
def test_a_hidden_character_in_the_body_is_reported_at_its_line(tree, char):
    tree.write("experiences/x.md", experience() + f"Un paragraphe.\n\nFacture{char}gnp.exe et encore{char}.\n")
    problems = tree.problems()
    assert [(p.line, p.code) for p in problems] == [(BODY_LINE + 2, "caractere-interdit")]
    assert char not in problems[0].as_text() and char not in problems[0].as_github()


def test_tabs_and_ordinary_text_are_not_hidden_characters(tree):
    tree.write("experiences/x.md", experience() + "Un\ttableau, des « guillemets », l’apostrophe, 1 000 € et …\n")
    assert tree.codes() == []


def test_every_character_that_breaks_xml_is_forbidden():
    # XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    not_xml = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    missed = [hex(code) for code in range(0x110000) if not_xml.match(chr(code)) and code != 0x0d and not FORBIDDEN_CHARACTERS.match(chr(code))]
    assert missed == []
    with pytest.raises(ET.ParseError):
        ET.fromstring("<a>\ufffe</a>")


@pytest.mark.parametrize("second", [
    "---\ntitle: Un autre titre\ndate: 2015-01-01\n---\n",
    "---\ntags:\n  - Mobilité\n---\n",
])
def test_a_second_front_matter_in_the_body_is_reported_at_its_first_line(tree, second):
    tree.write("experiences/x.md", experience() + "Un paragraphe.\n\n" + second + "\nLa suite.\n")
    problems = tree.problems()
    assert [(p.line, p.code) for p in problems] == [(BODY_LINE + 2, "entete-en-double")]
    assert "***" in problems[0].hint


@pytest.mark.parametrize("body", [
    "Un paragraphe.\n\n---\n\nUn autre, après un trait.\n\n---\n",
    "Titre souligné\n---\n\nNote: ceci reste un paragraphe.\n---\n",
    "```yaml\n---\ntitle: un exemple d'en-tête\n---\n```\n",
])
def test_horizontal_rules_and_code_samples_are_no_second_front_matter(tree, body):
    tree.write("experiences/x.md", experience() + body)
    assert tree.codes() == []
