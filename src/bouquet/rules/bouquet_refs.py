"""A bouquet gathers experiences that exist and are published."""
import difflib

from ..problems import Code, Problem, Rule


def check_all(documents, context):
    experiences = {d.slug: d for d in documents if d.kind == "experience"}
    for bouquet in (d for d in documents if d.kind == "bouquet"):
        seen = set()
        for index, slug in enumerate(bouquet.front.values.get("experiences", [])):
            line = bouquet.front.line(f"experiences.{index}", bouquet.front.line("experiences"))
            target = experiences.get(slug)
            if slug in seen:
                yield Problem(bouquet.path, line, "bouquet-experience-en-double", f"L'expérience « {slug} » est citée deux fois.", "Supprimez la répétition.")
            elif target is None:
                close = difflib.get_close_matches(slug, list(experiences), n=1, cutoff=0.6)
                hint = f"Vouliez-vous dire « {close[0]} » ?" if close else "Donnez le nom d'un fichier de content/experiences/, sans « .md »."
                yield Problem(bouquet.path, line, "bouquet-experience-inconnue", f"Aucune expérience « {slug} » (content/experiences/{slug}.md n'existe pas).", hint)
            elif target.front.values.get("draft"):
                yield Problem(bouquet.path, line, "bouquet-experience-brouillon", f"L'expérience « {slug} » est un brouillon (draft: true) : elle ne serait pas publiée.", f"Publiez-la (retirez « draft: true » de {target.path}) ou retirez-la du bouquet.")
            seen.add(slug)


RULE = Rule(
    "bouquet-refs", ("bouquet",), "Un bouquet cite, une seule fois chacune, des expériences publiées.",
    (
        Code("bouquet-experience-inconnue", "un bouquet cite une expérience qui n'existe pas", "corrigez le nom du fichier (sans .md)"),
        Code("bouquet-experience-brouillon", "un bouquet cite une expérience en brouillon, qui ne sera pas publiée", "publiez-la, ou retirez-la du bouquet"),
        Code("bouquet-experience-en-double", "un bouquet cite deux fois la même expérience", "supprimez la répétition"),
    ),
    check_all, scope="corpus",
)
