"""Links and images in the body use http, https, mailto or a relative address."""
from ..markdown_text import url_scheme
from ..problems import Problem

ALLOWED_SCHEMES = {"http", "https", "mailto"}


def check(document, context):
    for line, url, is_image, _ in document.body_links:
        scheme = url_scheme(url)
        if scheme is not None and scheme not in ALLOWED_SCHEMES and not (len(scheme) == 1 and url[1:3] in (":\\", ":/")):
            what = "L'image" if is_image else "Le lien"
            yield Problem(document.path, line, "lien-interdit",
                          f"{what} utilise le schéma « {scheme}: », interdit sur le site.",
                          "Utilisez une adresse en https:// (ou mailto: pour un courriel), ou un chemin relatif vers une page du site.")
