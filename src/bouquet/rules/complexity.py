"""Bodies that Python-Markdown or html.parser would take minutes to convert.

Both libraries scan ahead from some openers until the matching closer, so a body
full of openers that are never closed costs time in the square of its length:
50 KB of « [ » take minutes to convert, far under the size limit. Each measure
below estimates, in one linear pass, the characters such scans would read (or
counts what makes the converter recurse); a body past a budget is refused before
the build converts it, and the HTML rule does not feed it to html.parser either.
`scripts/complexity_timings.py` shows the timings behind the budgets.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..markdown_text import line_at
from ..problems import Code, Problem, Rule

# Characters the libraries would scan, per family (about 1 to 2 s each at most).
BRACKET_BUDGET = 1_000_000  # Python-Markdown's links: each « [ » / « ]( » scans to its closer
TAG_BUDGET = 4_000_000  # html.parser (ours and Python-Markdown's): each « < » scans to its end
BACKTICK_BUDGET = 2_000_000  # code spans: each run of « ` » scans to a run of the same length
INLINE_BUDGET = 4_000_000_000  # each inline match rewrites its paragraph: length × markup characters
INLINE_MARKUP = "*_`[<&!\\"
MAX_QUOTE_DEPTH = 16  # « > > > … »: one nested blockquote per level
MAX_ADMONITIONS = 100  # « !!! »: the admonition extension recurses on consecutive ones
MAX_FOOTNOTES = 300  # « [^x] »: the footnotes extension is quadratic in their number
MAX_DEFINITIONS = 50  # « : » lines in one paragraph: def_list recurses once per line
MAX_CELLS = 200  # « | » in one line: tables split each row in quadratic time
MAX_INDENT = 64  # leading spaces: each level of a list nests again (tabs count 4)

BLANK_LINE = re.compile(r"\n[ \t]*\n")
BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)
TAG_OPENER = re.compile(r"<(!--|!\[CDATA\[|[a-zA-Z!?/])")
TERMINATORS = {"!--": "-->", "![CDATA[": "]]>"}
BACKTICKS = re.compile(r"`+")
QUOTE = re.compile(rf"^ {{0,3}}((?:> ?){{{MAX_QUOTE_DEPTH + 1},}})", re.MULTILINE)
ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?)", re.MULTILINE)
FOOTNOTE = re.compile(r"\[\^")
DEFINITION = re.compile(r"^ {0,3}:[ \t]", re.MULTILINE)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Finding:
    offset: int  # where the costliest opener is
    what: str  # what to fix, in French
    hint: str


def blocks(body: str):
    """(start, end) of the text between blank lines: Python-Markdown's scans stop there."""
    start = 0
    for match in BLANK_LINE.finditer(body):
        yield start, match.start()
        start = match.end()
    yield start, len(body)


def bracket_cost(body: str) -> tuple[int, int]:
    """Characters read by the link scans, and the offset of the costliest opener."""
    parentheses = [m.start() for m in re.finditer(r"\)", body)]
    total, worst, worst_at = 0, -1, 0
    for start, end in blocks(body):
        stack = []
        for match in BRACKET.finditer(body, start, end):
            index = match.start()
            if match.group(0) == "[":
                stack.append(index)
            elif match.group(0) == "]" and stack:
                opened = stack.pop()
                cost = index - opened
                if body.startswith("(", index + 1):
                    found = bisect.bisect_left(parentheses, index + 2)
                    cost += min(parentheses[found] if found < len(parentheses) else end, end) - index
                total += cost
                if cost > worst:
                    worst, worst_at = cost, opened
        for opened in stack:
            total += end - opened
            if end - opened > worst:
                worst, worst_at = end - opened, opened
    return total, worst_at


def tag_cost(body: str) -> tuple[int, int]:
    """Characters html.parser reads for tags, comments and CDATA that do not end soon."""
    ends = {closer: [m.start() for m in re.finditer(re.escape(closer), body)] for closer in (">", "-->", "]]>")}
    total, worst, worst_at = 0, -1, 0
    for match in TAG_OPENER.finditer(body):
        positions = ends[TERMINATORS.get(match.group(1), ">")]
        found = bisect.bisect_left(positions, match.end())
        cost = (positions[found] if found < len(positions) else len(body)) - match.start()
        total += cost
        if cost > worst:
            worst, worst_at = cost, match.start()
    return total, worst_at


def backtick_cost(body: str) -> tuple[int, int]:
    """Characters read by code spans looking for a closing run of the same length."""
    total, worst, worst_at = 0, -1, 0
    for start, end in blocks(body):
        runs = [(m.start(), len(m.group(0))) for m in BACKTICKS.finditer(body, start, end)]
        following: dict[int, int] = {}
        for position, length in reversed(runs):
            cost = following.get(length, end) - position
            following[length] = position
            total += cost
            if cost > worst:
                worst, worst_at = cost, position
    return total, worst_at


def inline_cost(body: str) -> tuple[int, int]:
    """Σ over paragraphs of length × markup characters, and the costliest paragraph."""
    total, worst, worst_at = 0, -1, 0
    for start, end in blocks(body):
        text = body[start:end]
        cost = len(text) * sum(text.count(char) for char in INLINE_MARKUP)
        total += cost
        if cost > worst:
            worst, worst_at = cost, start
    return total, worst_at


def blank_fences(body: str) -> str:
    """The body with fenced code blanked (same offsets): Python-Markdown sets it aside first."""
    lines = body.split("\n")
    fence = None
    for index, line in enumerate(lines):
        match = FENCE.match(line)
        if fence or match:
            if fence is None:
                assert match is not None  # `fence or match`, and no fence is open
                fence = match.group(1)
            elif match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            lines[index] = " " * len(line)
    return "\n".join(lines)


def first_line(body: str, test) -> int | None:
    """The offset of the first line that passes `test`."""
    offset = 0
    for line in body.split("\n"):
        if test(line):
            return offset
        offset += len(line) + 1
    return None


def too_indented(line: str) -> bool:
    expanded = line.expandtabs(4)
    return bool(expanded.strip()) and len(expanded) - len(expanded.lstrip()) > MAX_INDENT


SCANS = (  # (measure, budget, what to fix, hint)
    (bracket_cost, BRACKET_BUDGET, "trop de crochets « [ » ouverts loin de leur « ] » (ou jamais fermés)",
     "Fermez chaque « [ » par « ] » sur la même ligne, ou écrivez « \\[ » pour un crochet seul."),
    (tag_cost, TAG_BUDGET, "trop de « < » (balises ou commentaires « <!-- ») qui ne se ferment pas",
     "Fermez chaque « < » par « > » et chaque « <!-- » par « --> », ou écrivez « &lt; » pour un chevron seul."),
    (backtick_cost, BACKTICK_BUDGET, "trop de suites d'accents graves « ` » qui ne se referment pas",
     "Entourez le code d'un même nombre de « ` » de chaque côté, ou écrivez « \\` » pour un accent grave seul."),
    (inline_cost, INLINE_BUDGET, "des paragraphes très longs chargés de mise en forme (« * », « _ », liens…)",
     "Découpez le texte en paragraphes séparés par une ligne vide et allégez la mise en forme."),
)


def find(body: str) -> Finding | None:
    """The first reason, if any, why converting `body` would take too long."""
    body = blank_fences(body)
    match = QUOTE.search(body)
    if match:
        return Finding(match.start(), f"des citations « > » imbriquées sur plus de {MAX_QUOTE_DEPTH} niveaux",
                       "Une citation s'écrit avec un seul « > » en début de ligne.")
    admonitions = list(ADMONITION.finditer(body))
    if len(admonitions) > MAX_ADMONITIONS:
        return Finding(admonitions[MAX_ADMONITIONS].start(), f"plus de {MAX_ADMONITIONS} encadrés « !!! »",
                       "Gardez quelques encadrés ; le reste s'écrit en paragraphes.")
    footnotes = list(FOOTNOTE.finditer(body))
    if len(footnotes) > MAX_FOOTNOTES:
        return Finding(footnotes[MAX_FOOTNOTES].start(), f"plus de {MAX_FOOTNOTES} notes « [^…] »",
                       "Regroupez les notes, ou mettez les références dans « links » de l'en-tête.")
    for start, end in blocks(body):
        definitions = list(DEFINITION.finditer(body, start, end))
        if len(definitions) > MAX_DEFINITIONS:
            return Finding(definitions[MAX_DEFINITIONS].start(), f"plus de {MAX_DEFINITIONS} lignes de définition « : » à la suite",
                           "Séparez les définitions par des lignes vides, ou écrivez une liste « - ».")
    at = first_line(body, lambda line: line.count("|") > MAX_CELLS)
    if at is not None:
        return Finding(at, f"une ligne de plus de {MAX_CELLS} « | » (tableau trop large)",
                       "Un tableau garde quelques colonnes ; découpez-le, ou écrivez « \\| » pour un trait vertical seul.")
    for measure, budget, what, hint in SCANS:
        cost, at = measure(body)
        if cost > budget:
            return Finding(at, what, hint)
    at = first_line(body, too_indented)
    if at is not None:
        return Finding(at, f"une ligne en retrait de plus de {MAX_INDENT} espaces (listes imbriquées trop profondément)",
                       "Réduisez l'imbrication des listes : deux ou trois niveaux suffisent.")
    return None


def check(document, context):
    finding = document.complexity
    if finding:
        yield Problem(document.path, line_at(document.source.body, finding.offset, document.source.body_line), "texte-trop-complexe",
                      f"Le texte est trop complexe pour être mis en page rapidement : {finding.what}.", finding.hint)


RULE = Rule(
    "complexity", ("experience", "bouquet", "page"), "Le texte se met en page en un temps raisonnable.",
    (Code("texte-trop-complexe", "le texte demanderait des minutes de mise en page (des milliers de `[`, `<` ou `<!--` jamais fermés…)", "fermez ce qui est ouvert, ou écrivez `\\[` et `&lt;` pour un signe seul"),),
    check, scope="body",
)
