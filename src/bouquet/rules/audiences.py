"""Every audience (« public ») is one of content/publics.yml, compared after NFC normalisation."""
from ..problems import Problem


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
