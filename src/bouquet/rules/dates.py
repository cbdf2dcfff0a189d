"""A last update cannot come before the publication it updates: `updated` before
`date` on this site, `source.updated` before `source.date` at the source."""
from ..problems import Code, Problem, Rule

# (where the dates sit, what the update is after, the hint's field names)
PAIRS = (
    ((), "la mise en ligne", "« updated »", "« date »"),
    (("source",), "sa publication", "« updated » sous « source »", "« date » sous « source »"),
)


def check(document, context):
    for place, published_as, updated_name, date_name in PAIRS:
        values = document.front.values
        for key in place:
            values = values.get(key) or {}
        published, updated = values.get("date"), values.get("updated")
        if published and updated and updated < published:
            who = " par la source" if place else ""
            yield Problem(
                document.path, document.front.line(".".join((*place, "updated"))), "date-mise-a-jour-anterieure",
                f"La mise à jour{who} ({updated.isoformat()}) est antérieure à {published_as} ({published.isoformat()}).",
                f"Corrigez {updated_name} : une date égale ou postérieure à {date_name}, ou supprimez la ligne.",
            )


RULE = Rule(
    "dates", ("experience",), "Une mise à jour ne précède pas la publication qu'elle met à jour.",
    (Code("date-mise-a-jour-anterieure", "une date de mise à jour est avant la date de mise en ligne (ou de publication par la source)", "corrigez l'une des deux dates, ou supprimez la ligne"),),
    check,
)
