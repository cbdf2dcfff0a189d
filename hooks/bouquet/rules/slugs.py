"""File names make URLs: lowercase a–z, digits and hyphens, unique."""
from collections import defaultdict

from ..geography import slugify
from ..problems import Problem
from ..front_matter import SLUG_PATTERN


def check_all(documents, context):
    by_key = defaultdict(list)
    for document in documents:
        if document.kind == "page":
            continue
        if not SLUG_PATTERN.fullmatch(document.slug):
            proposal = slugify(document.slug) or "mon-experience"
            yield Problem(document.path, 1, "slug-invalide",
                          f"Le nom de fichier « {document.slug}.md » ne peut pas servir d'adresse web.",
                          f"Renommez le fichier « {proposal}.md » (minuscules sans accents, chiffres et tirets).")
        by_key[(document.kind, document.slug.casefold())].append(document)
    for (kind, _), group in sorted(by_key.items()):
        if len(group) > 1:
            names = sorted(d.path for d in group)
            for document in group:
                others = ", ".join(n for n in names if n != document.path)
                yield Problem(document.path, 1, "slug-en-double",
                              f"Ce nom de fichier se confond avec {others} (majuscules et minuscules comptent pour une même adresse).",
                              "Renommez l'un des deux fichiers.")
