"""The kind of a lead structure (`leads: - {name: …, kind: …}`) is one of schema.LEAD_KINDS."""
import difflib

from ..geography import fold
from ..problems import Code, Problem, Rule
from ..schema import LEAD_KINDS

# Editors write the kind as they say it (« mairie », « Etat »), accents and case aside.
_BY_FOLD = {fold(kind): kind for kind in LEAD_KINDS}
# The words that name a kind in everyday speech but not in the list.
_SYNONYMS = {"mairie": "commune", "ville": "commune", "municipalite": "commune", "epci": "intercommunalité",
             "communaute de communes": "intercommunalité", "communaute d agglomeration": "intercommunalité",
             "metropole": "intercommunalité", "conseil departemental": "département", "conseil regional": "région",
             "etat": "service de l'État", "prefecture": "service de l'État", "societe": "entreprise",
             "etablissement": "établissement public"}


def official(kind: str) -> str | None:
    """The kind of the list that *kind* names for sure (the same letters, or a word
    of _SYNONYMS), or None."""
    folded = fold(kind)
    return _BY_FOLD.get(folded) or _SYNONYMS.get(folded)


def suggest(kind: str) -> str | None:
    """The kind an editor most likely meant (official, or a close spelling), or None."""
    if official(kind):
        return official(kind)
    folded = fold(kind)
    close = difflib.get_close_matches(folded, [*_BY_FOLD, *_SYNONYMS], n=1, cutoff=0.6)
    return (_BY_FOLD.get(close[0]) or _SYNONYMS[close[0]]) if close else None


def check(document, context):
    if document.kind != "experience":
        return
    for index, lead in enumerate(document.front.values.get("leads", [])):
        if not isinstance(lead, dict) or "kind" not in lead or lead["kind"] in LEAD_KINDS:
            continue
        line = document.front.line(f"leads.{index}.kind", document.front.line(f"leads.{index}"))
        suggestion = suggest(lead["kind"])
        hint = (f"Vouliez-vous dire « {suggestion} » ?" if suggestion
                else "Types possibles : " + ", ".join(LEAD_KINDS) + " (ou retirez « kind: » si vous ne savez pas).")
        yield Problem(document.path, line, "porteur-type-inconnu",
                      f"Le type de structure « {lead['kind']} » du porteur « {lead.get('name', '')} » n'est pas dans la liste.", hint)


RULE = Rule(
    "lead-kinds", ("experience",), "Le type de chaque structure porteuse (`kind` d'un porteur) est pris dans la liste fixe des types.",
    (
        Code("porteur-type-inconnu", "le type d'une structure porteuse (`kind:`) n'est pas un de : " + ", ".join(LEAD_KINDS),
             "prenez le type proposé par l'indice, ou retirez « kind: »"),
    ),
    check,
)
