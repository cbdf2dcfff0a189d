"""Essaimage: an experience names, in inspired_by, published experiences other than itself."""
import difflib

from ..problems import Code, Problem, Rule


def check_all(documents, context):
    experiences = {d.slug: d for d in documents if d.kind == "experience"}
    for document in experiences.values():
        for index, slug in enumerate(document.front.values.get("inspired_by", [])):
            line = document.front.line(f"inspired_by.{index}", document.front.line("inspired_by"))
            target = experiences.get(slug)
            if slug == document.slug:
                yield Problem(document.path, line, "essaimage-soi-meme", "Une expérience ne peut pas s'inspirer d'elle-même.",
                              "Retirez ce nom de « inspired_by », ou donnez celui de l'expérience d'origine.")
            elif target is None:
                close = difflib.get_close_matches(slug, list(experiences), n=1, cutoff=0.6)
                hint = f"Vouliez-vous dire « {close[0]} » ?" if close else "Donnez le nom d'un fichier de content/experiences/, sans « .md »."
                yield Problem(document.path, line, "essaimage-inconnue", f"Aucune expérience « {slug} » (content/experiences/{slug}.md n'existe pas).", hint)
            elif target.front.values.get("draft"):
                yield Problem(document.path, line, "essaimage-brouillon", f"L'expérience « {slug} » est un brouillon (draft: true) : le lien ne serait pas publié.",
                              f"Publiez-la (retirez « draft: true » de {target.path}) ou retirez-la de « inspired_by ».")


RULE = Rule(
    "essaimage", ("experience",), "Une expérience s'inspire (inspired_by) d'expériences publiées, autres qu'elle-même.",
    (
        Code("essaimage-inconnue", "« inspired_by » cite une expérience qui n'existe pas", "corrigez le nom du fichier (sans .md)"),
        Code("essaimage-brouillon", "« inspired_by » cite une expérience en brouillon, qui ne sera pas publiée", "publiez-la, ou retirez-la de la liste"),
        Code("essaimage-soi-meme", "une expérience se cite elle-même dans « inspired_by »", "retirez ce nom, ou donnez celui de l'expérience d'origine"),
    ),
    check_all, scope="corpus",
)
