"""Every audience (« public ») is one of content/publics.yml, compared after NFC normalisation."""
from ..problems import Code, Problem, Rule


def check(document, context):
    if document.kind != "experience":
        return
    seen = set()
    for index, name in enumerate(document.front.values.get("audiences", [])):
        line = document.front.line(f"audiences.{index}", document.front.line("audiences"))
        audience = context.audiences.get(name)
        if audience is None:
            suggestion = context.audiences.suggest(name)
            hint = (f"Vouliez-vous dire « {suggestion} » ?" if suggestion
                    else "Choisissez un public de content/publics.yml, ou proposez-en un nouveau dans ce fichier.")
            yield Problem(document.path, line, "public-inconnu", f"Le public « {name} » n'existe pas dans le vocabulaire.", hint)
        elif audience.slug in seen:
            yield Problem(document.path, line, "public-en-double", f"Le public « {name} » est donné deux fois.", "Supprimez la répétition.")
        else:
            seen.add(audience.slug)


RULE = Rule(
    "audiences", ("experience", "publics"), "Chaque public visé d'une expérience est pris, une seule fois, dans content/publics.yml.",
    (
        Code("public-inconnu", "un public visé n'existe pas dans la liste des publics (content/publics.yml)", "prenez le public proposé par l'indice, ou proposez un nouveau public dans ce fichier"),
        Code("public-en-double", "un public est donné deux fois (dans une fiche, ou dans content/publics.yml)", "supprimez la répétition"),
    ),
    check,
)
