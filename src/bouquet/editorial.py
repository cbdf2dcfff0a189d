"""What on an experience page is the editors' synthesis, and what comes from the
source. « Ce qu'il faut retenir » is written by this site's editors, not by the
source: its section is wrapped and labelled as such. A section whose heading is
followed by nothing (the next heading or the end) is dropped: a short source leaves
no empty rubric behind. Works on the sanitized HTML of the body (sanitize.clean)."""
from __future__ import annotations

import html as html_lib
import re

SYNTHESIS_TITLES = frozenset({"ce qu'il faut retenir"})
SYNTHESIS_LABEL = "Synthèse de la rédaction : ce passage n'est pas le texte de la source."

_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')


def _title(inner: str) -> str:
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", inner)).replace("\u2019", "'")
    return " ".join(text.split()).casefold()


def mark(body: str) -> str:
    """Drops empty sections, wraps the synthesis in <section class="bq-synthesis">."""
    heads = list(_H2.finditer(body))
    if not heads:
        return body
    out = [body[: heads[0].start()]]
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        section = body[head.start():end]
        content = body[head.end():end]
        if not content.strip():
            continue  # a heading with nothing under it
        if _title(head.group(1)) in SYNTHESIS_TITLES:
            ident = _ID.search(head.group(0))
            labelled = f' aria-labelledby="{ident.group(1)}"' if ident else ""
            trailing = section[len(section.rstrip()):]
            section = (f'<section class="bq-synthesis"{labelled}>{head.group(0)}'
                       f'<p class="bq-synthesis__label">{SYNTHESIS_LABEL}</p>{content.rstrip()}</section>{trailing}')
        out.append(section)
    return "".join(out)
