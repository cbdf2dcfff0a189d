"""`updated` cannot come before `date`."""
from ..problems import Problem


def check(document, context):
    values = document.front.values
    date, updated = values.get("date"), values.get("updated")
    if date and updated and updated < date:
        yield Problem(
            document.path, document.front.line("updated"), "date-mise-a-jour-anterieure",
            f"La mise à jour ({updated.isoformat()}) est antérieure à la publication ({date.isoformat()}).",
            "Corrigez « updated » : une date égale ou postérieure à « date », ou supprimez la ligne.",
        )
