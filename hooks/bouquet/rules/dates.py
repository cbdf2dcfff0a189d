"""A last update cannot come before the publication it updates: `updated` before
`date` on this site, `source.updated` before `source.date` at the source."""
from ..problems import Problem


def check(document, context):
    values = document.front.values
    date, updated = values.get("date"), values.get("updated")
    if date and updated and updated < date:
        yield Problem(
            document.path, document.front.line("updated"), "date-mise-a-jour-anterieure",
            f"La mise à jour ({updated.isoformat()}) est antérieure à la mise en ligne ({date.isoformat()}).",
            "Corrigez « updated » : une date égale ou postérieure à « date », ou supprimez la ligne.",
        )
    source = values.get("source") or {}
    published, revised = source.get("date"), source.get("updated")
    if published and revised and revised < published:
        yield Problem(
            document.path, document.front.line("source.updated"), "date-mise-a-jour-anterieure",
            f"La mise à jour par la source ({revised.isoformat()}) est antérieure à sa publication ({published.isoformat()}).",
            "Corrigez « updated » sous « source » : une date égale ou postérieure à « date » sous « source », ou supprimez la ligne.",
        )
