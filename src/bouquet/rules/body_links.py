"""Links and images in the body use http, https, mailto or a relative address, and a
relative address leads to a file the site publishes.

MkDocs resolves a relative link against the files it builds and only logs a warning
when the target is missing (which `--quiet` used to hide): here the same
resolution (markdown_text.link_target) is done before the build, with a line and
a hint. Drafts are not published, so a published page must not link to one.
"""
import difflib
import posixpath

from .. import routes
from ..markdown_text import link_target, url_scheme
from ..problems import Code, Problem, Rule
from .images import folder_of

ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Pages the build generates (listings.plan): their exact list depends on the
# catalogue (territories, pagination), which is built after this check; a link
# into these sections that does not exist is still stopped by the strict build.


def check(document, context):
    for line, url, is_image, _ in document.body_links:
        scheme = url_scheme(url)
        if scheme is not None and scheme not in ALLOWED_SCHEMES and not (len(scheme) == 1 and url[1:3] in (":\\", ":/")):
            what = "L'image" if is_image else "Le lien"
            yield Problem(document.path, line, "lien-interdit",
                          f"{what} utilise le schéma « {scheme}: », interdit sur le site.",
                          "Utilisez une adresse en https:// (ou mailto: pour un courriel), ou un chemin relatif vers une page du site.")


def check_all(documents, context):
    drafts = {d.source_path for d in documents if d.front.values.get("draft")}
    published = {d.source_path for d in documents} - drafts
    published |= routes.GENERATED_INDEXES | {routes.source(routes.theme(t.slug)) for t in context.vocabulary.themes}
    for document in documents:
        if document.complexity:
            continue  # a body refused as too complex is never built: its "links" may be noise
        folder = folder_of(document)
        for line, url, is_image, _ in document.body_links:
            if is_image or url_scheme(url) is not None:
                continue  # images: rules/images.py; schemes (entities decoded as a browser does): check() above
            target = link_target(folder, url)
            if target.kind == "absolute":
                yield Problem(document.path, line, "lien-absolu",
                              f"Le lien « {url} » part de la racine du site : il casse dès que le site est publié dans un sous-dossier.",
                              "Écrivez le chemin relatif du fichier visé depuis ce fichier, par exemple « ../experiences/nom.md ».")
            elif target.kind == "outside" or (target.kind == "file" and not _exists(target.uri, published, drafts, context)):
                yield Problem(document.path, line, "lien-introuvable",
                              f"Le lien « {url} » ne mène à aucun fichier du site" + (f" (content/{target.uri} n'existe pas)." if target.kind == "file" else "."),
                              _suggestion(folder, target.uri, published, context))
            elif target.kind == "file" and target.uri in drafts and document.source_path not in drafts:
                yield Problem(document.path, line, "lien-brouillon",
                              f"Le lien « {url} » mène à content/{target.uri}, un brouillon (draft: true) : il ne sera pas publié et le lien serait cassé.",
                              "Retirez le lien, ou publiez d'abord cette fiche (retirez sa ligne draft: true).")


def _exists(uri, published, drafts, context) -> bool:
    if uri.endswith(".md"):
        return uri in published or uri in drafts or bool(routes.GENERATED_SOURCE_PATTERN.fullmatch(uri))
    return uri.startswith(routes.IMAGES) and uri in context.files


def _suggestion(folder, uri, published, context) -> str:
    """A relative link to the page or image the editor most likely meant."""
    candidates = sorted(published | {f for f in context.files if f.startswith(routes.IMAGES)})
    stem = uri.rstrip("/").removesuffix(".html").removesuffix("/index")
    for guess in (f"{stem}.md", f"{stem}/index.md"):
        if guess in candidates:
            return f"Visez le fichier : « {posixpath.relpath(guess, folder or '.')} » (un lien vers une page se termine par .md)."
    # Names compared without their folder, which most candidates share.
    by_name = {posixpath.basename(c): c for c in reversed(candidates)}
    close = difflib.get_close_matches(posixpath.basename(uri), list(by_name), n=1, cutoff=0.8) if uri else []
    if close:
        return f"Vouliez-vous dire « {posixpath.relpath(by_name[close[0]], folder or '.')} » ?"
    return "Corrigez le chemin, relatif à ce fichier (par exemple « ../experiences/nom.md »), ou retirez le lien."


RULE = Rule(
    "body-schemes", ("experience", "bouquet", "page"), "Les liens du texte sont en http(s), mailto ou relatifs.",
    (Code("lien-interdit", "un lien du texte utilise un protocole non permis (`javascript:`, `data:`…)", "écrivez une adresse en https:// ou un chemin relatif"),),
    check, scope="body",
)

CORPUS_RULE = Rule(
    "body-links", ("experience", "bouquet", "page"), "Les liens relatifs du texte mènent à une page ou une image publiée.",
    (
        Code("lien-introuvable", "un lien du texte mène à une page ou une image qui n'existe pas", "visez le fichier `.md` de la page, relatif à la fiche (`../experiences/nom.md`), comme le propose l'indice"),
        Code("lien-brouillon", "un lien mène à une fiche en brouillon, qui ne sera pas publiée", "retirez le lien, ou publiez d'abord cette fiche"),
        Code("lien-absolu", "un lien part de la racine du site (`/experiences/…`) et casserait dans un sous-dossier", "écrivez le chemin relatif depuis le fichier"),
    ),
    check_all, scope="corpus",
)
