"""Commune, département and région exist and agree."""
from .. import geography
from ..problems import Code, Problem, Rule


def check(document, context):
    if document.kind != "experience":
        return
    front = document.front
    values = front.values
    code, region_name, commune = values.get("departement"), values.get("region"), values.get("commune")
    departement = region = None
    if code is not None:
        departement = geography.departement(code)
        if departement is None:
            hint = geography.departement_hint(code)
            yield Problem(document.path, front.line("departement"), "departement-inconnu",
                          f"Le code de département « {code} » n'existe pas.",
                          f"Vouliez-vous dire « {hint} » ?" if hint else "Donnez le code INSEE entre guillemets : \"01\" à \"95\", \"2A\", \"2B\", \"971\" à \"976\".")
    if region_name is not None:
        region = geography.region_named(region_name)
        if region is None:
            hint = geography.region_hint(region_name)
            yield Problem(document.path, front.line("region"), "region-inconnue",
                          f"La région « {region_name} » ne fait pas partie des 18 régions actuelles.",
                          f"Vouliez-vous dire « {hint} » ?" if hint else "Écrivez le nom officiel d'une région actuelle, ou supprimez la ligne : elle se déduit du département.")
    if departement and region and departement.region != region:
        yield Problem(document.path, front.line("region"), "territoire-incoherent",
                      f"Le département {departement.name} ({departement.code}) n'est pas dans la région {region.name}.",
                      f"Il est en {departement.region.name} : corrigez la région ou supprimez la ligne « region ».")
    if commune is not None and code is None:
        yield Problem(document.path, front.line("commune"), "commune-sans-departement",
                      f"La commune « {commune} » est donnée sans département.",
                      "Ajoutez « departement: \"NN\" » (le code INSEE du département de la commune).")
    if commune is not None and departement is not None and geography.find_commune(commune, departement.code) is None:
        yield _unknown_commune(document, commune, departement)


def _unknown_commune(document, commune, departement):
    close = geography.commune_suggestions(commune, departement.code)
    elsewhere = [c.departement for c in geography.communes_named(commune) if c.departement != departement]
    hints = []
    if close:
        hints.append("Vouliez-vous dire " + " ou ".join(f"« {name} »" for name in close) + " ?")
    if elsewhere:
        places = ", ".join(f"{d.name} ({d.code})" for d in elsewhere[:3])
        hints.append(f"Une commune « {commune} » existe dans : {places} ; si c'est elle, corrigez « departement ».")
    hint = " ".join(hints) or "Vérifiez l'orthographe officielle (Code officiel géographique de l'Insee)."
    return Problem(document.path, document.front.line("commune"), "commune-inconnue",
                   f"Aucune commune « {commune} » dans le département {departement.name} ({departement.code}).", hint)


RULE = Rule(
    "territory", ("experience",), "La commune, le département et la région existent et s'accordent.",
    (
        Code("departement-inconnu", "le code du département n'existe pas", "utilisez le code proposé (`\"01\"`, pas `1`)"),
        Code("region-inconnue", "la région n'est pas l'une des 18 régions actuelles", "écrivez son nom officiel, ou supprimez la ligne : elle se déduit du département"),
        Code("territoire-incoherent", "le département n'est pas dans la région indiquée", "corrigez la région, ou supprimez la ligne"),
        Code("commune-sans-departement", "une commune est donnée sans son département", "ajoutez `departement: \"NN\"`"),
        Code("commune-inconnue", "aucune commune de ce nom dans le département", "prenez le nom officiel proposé, ou corrigez le département"),
    ),
    check,
)
