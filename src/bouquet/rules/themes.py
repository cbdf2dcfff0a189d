"""Every tag is a theme of content/themes.yml, compared after NFC normalisation."""
from ..problems import Code, Problem, Rule


def check(document, context):
    if document.kind != "experience":
        return
    seen = set()
    for index, tag in enumerate(document.front.values.get("tags", [])):
        line = document.front.line(f"tags.{index}", document.front.line("tags"))
        theme = context.vocabulary.get(tag)
        if theme is None:
            suggestion = context.vocabulary.suggest(tag)
            hint = f"Vouliez-vous dire « {suggestion} » ?" if suggestion else "Choisissez un thème de content/themes.yml, ou proposez-en un nouveau dans ce fichier."
            yield Problem(document.path, line, "theme-inconnu", f"Le thème « {tag} » n'existe pas dans le vocabulaire.", hint)
        elif theme.slug in seen:
            yield Problem(document.path, line, "theme-en-double", f"Le thème « {tag} » est donné deux fois.", "Supprimez la répétition.")
        else:
            seen.add(theme.slug)


RULE = Rule(
    "themes", ("experience", "themes"), "Chaque thème d'une expérience est pris, une seule fois, dans content/themes.yml.",
    (
        Code("theme-inconnu", "un thème n'existe pas dans la liste des thèmes", "prenez le thème proposé par l'indice, ou proposez un nouveau thème"),
        Code("theme-en-double", "un thème est donné deux fois (dans une fiche, ou dans content/themes.yml)", "supprimez la répétition"),
    ),
    check,
)
