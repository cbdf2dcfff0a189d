"""The body holds no hidden character and no second front matter."""
import re

from ..problems import FORBIDDEN_CHARACTERS, Code, Problem, Rule
from ..source import line_at

KEY_LINE = re.compile(r"[A-Za-z_][\w-]*:(?:\s|$)")
DELIMITER = re.compile(r"-{3}[ \t]*")
MAX_HEADER_LINES = 60


def check(document, context):
    body, first = document.source.body, document.source.body_line
    lines_seen = set()
    for match in FORBIDDEN_CHARACTERS.finditer(body):
        line = line_at(body, match.start(), first)
        if match.group(0) != "\r" and line not in lines_seen:  # a lone CR: source.lone_carriage_return
            lines_seen.add(line)
            yield Problem(document.path, line, "caractere-interdit",
                          f"Le texte contient un caractère invisible ou de contrôle (« {match.group(0)} »).",
                          "Retapez ce passage au clavier : un copier-coller a pu apporter des caractères cachés.")
    header = second_header(document.masked_body.split("\n"))
    if header is not None:
        yield Problem(document.path, first + header, "entete-en-double",
                      "Un deuxième en-tête « --- … --- » se trouve dans le texte.",
                      "Reportez ses champs dans l'en-tête du début du fichier et supprimez ce bloc ; pour un trait de séparation, écrivez « *** ».")


def second_header(lines: list[str]) -> int | None:
    """The index of a « --- » line followed by « key: » lines and another « --- »."""
    for index, line in enumerate(lines):
        if not DELIMITER.fullmatch(line) or index + 1 >= len(lines) or not KEY_LINE.match(lines[index + 1]):
            continue
        for following in lines[index + 2 : index + 2 + MAX_HEADER_LINES]:
            if DELIMITER.fullmatch(following):
                return index
            if not (KEY_LINE.match(following) or following.startswith((" ", "\t", "-"))):
                break
    return None


RULE = Rule(
    "body-text", ("experience", "bouquet", "page"), "Le texte ne cache ni caractère invisible ni second en-tête.",
    (Code("entete-en-double", "un deuxième bloc `--- … ---` dans le texte (le modèle collé deux fois)", "reportez ses champs dans l'en-tête du début et supprimez le bloc"),),
    check, scope="body",
)
