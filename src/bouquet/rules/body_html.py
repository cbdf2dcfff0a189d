"""Raw HTML in a body: a small allowlist of inline tags, no attributes that run code."""
from html.parser import HTMLParser

from ..markdown_text import url_scheme
from ..problems import Code, Problem, Rule

ALLOWED_TAGS = {"abbr", "br", "sub", "sup", "kbd", "mark", "small", "s", "u", "em", "strong", "i", "b", "q", "cite", "dfn", "span", "details", "summary"}
ALLOWED_ATTRIBUTES = {"title", "lang"}
ALLOWED_LIST = ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS))


class _TagScanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []  # (line, kind, detail)

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag not in ALLOWED_TAGS:
            self.found.append((line, "tag", tag))
            return
        for name, value in attrs:
            if name.startswith("on") or name not in ALLOWED_ATTRIBUTES or (value and url_scheme(value) not in (None, "http", "https", "mailto")):
                self.found.append((line, "attribute", f"{tag} {name}"))

    handle_startendtag = handle_starttag


def check(document, context):
    if document.complexity:
        return  # html.parser would take minutes on it; rules.complexity reports it
    scanner = _TagScanner()
    try:
        scanner.feed(document.masked_body)
        scanner.close()
    except Exception:  # HTMLParser is lenient; a failure still must not stop the report
        yield Problem(document.path, document.source.body_line, "html-interdit", "Le corps contient du HTML illisible.", "Remplacez le HTML par du Markdown.")
        return
    for line, kind, detail in scanner.found:
        line = document.source.body_line + line - 1
        if kind == "tag":
            yield Problem(document.path, line, "html-interdit",
                          f"La balise HTML <{detail}> n'est pas autorisée dans le texte.",
                          f"Écrivez en Markdown (titres ##, listes -, liens [texte](https://…)). HTML permis : {ALLOWED_LIST}.")
        else:
            tag, attribute = detail.split(" ", 1)
            yield Problem(document.path, line, "html-interdit",
                          f"L'attribut « {attribute} » de <{tag}> n'est pas autorisé.",
                          "Retirez l'attribut ; seuls « title » et « lang » sont permis.")


RULE = Rule(
    "body-html", ("experience", "bouquet", "page"), "Le texte ne contient que le peu de HTML permis, sans script ni attribut actif.",
    (Code("html-interdit", "le texte contient une balise HTML non permise (script, formulaire, attribut on…)", "écrivez en Markdown"),),
    check, scope="body",
)
