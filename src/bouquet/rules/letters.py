"""A letter is named after its date (content/lettres/2026-11-21.md has date:
2026-11-21), and the day it starts from comes before it."""
from ..problems import Code, Problem, Rule


def check(document, context):
    if document.kind != "letter":
        return
    values = document.front.values
    day, since = values.get("date"), values.get("since")
    if day and document.slug != day.isoformat():
        yield Problem(
            document.path, document.front.line("date"), "lettre-nom-de-fichier",
            f"La lettre est datée du {day.isoformat()} mais son fichier s'appelle « {document.slug}.md ».",
            f"Renommez le fichier en content/lettres/{day.isoformat()}.md, ou corrigez « date ».",
        )
    if day and since and since >= day:
        yield Problem(
            document.path, document.front.line("since"), "lettre-periode-vide",
            f"« since » ({since.isoformat()}) n'est pas antérieur à la date de la lettre ({day.isoformat()}) : la lettre ne présenterait rien.",
            "Donnez à « since » un jour avant « date », ou supprimez la ligne (la lettre part alors de la lettre précédente).",
        )


RULE = Rule(
    "letters", ("letter",), "Une lettre porte le nom de sa date, et sa période commence avant elle.",
    (Code("lettre-nom-de-fichier", "le nom du fichier d'une lettre n'est pas sa date", "renommez le fichier en content/lettres/<date>.md, ou corrigez « date »"),
     Code("lettre-periode-vide", "« since » n'est pas avant la date de la lettre", "donnez à « since » un jour avant « date », ou supprimez la ligne")),
    check,
)
