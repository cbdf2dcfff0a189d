"""Images have alt text, are files of content/ in a raster format, and exist."""
from pathlib import PurePosixPath

from ..markdown_text import url_scheme
from ..problems import Problem

FORMATS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"}


def check(document, context):
    image = document.front.values.get("image")
    if image and "file" in image:
        yield from _check_file(document, context, image["file"], document.front.line("image.file"), relative_to_page=False)
    for line, url, is_image, alt in document.body_links:
        if not is_image:
            continue
        if not alt.strip():
            yield Problem(document.path, line, "image-sans-alt", "Une image du texte n'a pas de texte alternatif.",
                          "Décrivez l'image entre les crochets : ![Ce que montre l'image](chemin.jpg).")
        if url_scheme(url) is None:
            yield from _check_file(document, context, url, line, relative_to_page=True)


def _check_file(document, context, reference, line, relative_to_page):
    reference = reference.split("#")[0].split("?")[0]
    path = PurePosixPath(reference)
    if path.is_absolute() or url_scheme(reference) is not None or "\\" in reference:
        yield Problem(document.path, line, "image-chemin-interdit", f"Le chemin d'image « {reference} » n'est pas un fichier du site.",
                      "Placez l'image dans content/images/ et écrivez « images/nom.jpg ».")
        return
    base = PurePosixPath(document.source_path).parent if relative_to_page else PurePosixPath()
    parts = []
    for part in (base / path).parts:
        if part == "..":
            if not parts:
                yield Problem(document.path, line, "image-chemin-interdit", f"Le chemin d'image « {reference} » sort du dossier content/.",
                              "Placez l'image dans content/images/ et écrivez « images/nom.jpg ».")
                return
            parts.pop()
        elif part != ".":
            parts.append(part)
    if path.suffix.lower() not in FORMATS:
        yield Problem(document.path, line, "image-format", f"Le format de « {path.name} » n'est pas accepté.",
                      "Utilisez une image JPEG, PNG, WebP ou AVIF (pas de SVG : il peut contenir du script).")
        return
    target = context.content_dir.joinpath(*parts)
    if not target.is_file():
        yield Problem(document.path, line, "image-introuvable", f"L'image « {reference} » est introuvable.",
                      f"Ajoutez le fichier content/{'/'.join(parts)} ou corrigez le chemin.")
