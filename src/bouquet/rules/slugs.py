"""File names make URLs: lowercase a–z, digits and hyphens, unique, and never an
address the build itself generates."""
from collections import defaultdict

from ..geography import slugify
from ..problems import Code, Problem, Rule
from ..schema import SLUG_PATTERN
# Addresses the build generates: a content file there would replace or lose a page.
from ..routes import GENERATED_SECTIONS, RESERVED_SLUGS


def check_all(documents, context):
    by_key = defaultdict(list)
    for document in documents:
        if document.kind == "page":
            yield from _check_page(document)
            continue
        if document.slug in RESERVED_SLUGS:
            yield Problem(document.path, 1, "slug-reserve",
                          f"Le nom « {document.slug}.md » est réservé : le site y place une page qu'il génère.",
                          "Renommez le fichier d'après le titre, par exemple « atelier-velo-blanquefort.md ».")
        if not SLUG_PATTERN.fullmatch(document.slug):
            proposal = slugify(document.slug) or "mon-experience"
            yield Problem(document.path, 1, "slug-invalide",
                          f"Le nom de fichier « {document.slug}.md » ne peut pas servir d'adresse web.",
                          f"Renommez le fichier « {proposal}.md » (minuscules sans accents, chiffres et tirets).")
        by_key[(document.kind, document.slug.casefold())].append(document)
    for _key, group in sorted(by_key.items()):
        if len(group) > 1:
            names = sorted(d.path for d in group)
            for document in group:
                others = ", ".join(n for n in names if n != document.path)
                yield Problem(document.path, 1, "slug-en-double",
                              f"Ce nom de fichier se confond avec {others} (majuscules et minuscules comptent pour une même adresse).",
                              "Renommez l'un des deux fichiers.")


def _check_page(document):
    parts = document.source_path.removesuffix(".md").split("/")
    if not all(SLUG_PATTERN.fullmatch(part) for part in parts):
        proposal = "/".join(slugify(part) or "page" for part in parts)
        yield Problem(document.path, 1, "slug-invalide",
                      f"Le nom de fichier « {document.source_path} » ne peut pas servir d'adresse web.",
                      f"Renommez-le « {proposal}.md » (minuscules sans accents, chiffres et tirets).")
    elif parts[0] in GENERATED_SECTIONS:
        yield Problem(document.path, 1, "page-en-conflit",
                      f"La page « {document.source_path} » prendrait l'adresse /{parts[0]}/, que le site génère lui-même.",
                      "Donnez-lui un autre nom de fichier.")


RULE = Rule(
    "slugs", ("experience", "bouquet", "page"), "Chaque nom de fichier peut servir d'adresse, n'est pris qu'une fois et n'occupe pas une adresse du site.",
    (
        Code("slug-invalide", "le nom du fichier (ou une expérience citée par un bouquet) contient des majuscules, des accents ou des espaces", "renommez le fichier comme proposé"),
        Code("slug-en-double", "deux fichiers ne diffèrent que par des majuscules : ils auraient la même adresse", "renommez l'un des deux"),
        Code("slug-reserve", "le nom du fichier (`index`, `page`) est réservé à une page que le site génère", "renommez le fichier d'après son titre"),
        Code("page-en-conflit", "une page prendrait l'adresse d'une page que le site produit lui-même", "renommez ou déplacez la page"),
    ),
    check_all, scope="corpus",
)
