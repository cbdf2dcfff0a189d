"""Images have alt text, are files of content/ in a raster format, and exist; every
image file of content/images/ has a name that is safe in a URL and an attribute,
holds the format its extension names, and is of a size a browser can open."""
from __future__ import annotations

import posixpath
import warnings
from pathlib import Path, PurePosixPath

from PIL import Image

from ..content_files import NotRegularFile, open_regular
from ..french import french_list
from ..schema import IMAGE_FORMAT_LABELS, IMAGE_FORMAT_NAMES, IMAGE_FORMATS as FORMATS, SLUG_PATTERN
from ..geography import slugify
from ..markdown_text import link_target, url_scheme
from ..problems import Code, Problem, Rule

FOLDER = "images"
# 50 megapixels (an 8,000 × 6,000 photograph is 48): beyond it, decoding takes
# hundreds of megabytes in every browser that opens the page.
MAX_PIXELS = 50_000_000
# Pillow's JPEG reader also opens MPO; GIF is read only to tell an editor that a file
# named .png holds a GIF (refused: schema.IMAGE_FORMATS).
_READERS = sorted({names[0] for names in FORMATS.values()} | {"GIF"})
_ACCEPTED = french_list(IMAGE_FORMAT_LABELS)
_SHOWN = IMAGE_FORMAT_NAMES


def check(document, context):
    image = document.front.values.get("image")
    if image and "file" in image:
        yield from _check_reference(document, context, image["file"], document.front.line("image.file"), "")
    for line, url, is_image, alt in document.body_links:
        if not is_image:
            continue
        if not alt.strip():
            yield Problem(document.path, line, "image-sans-alt", "Une image du texte n'a pas de texte alternatif.",
                          "Décrivez l'image entre les crochets : ![Ce que montre l'image](chemin.jpg).")
        if url_scheme(url) is None:  # schemes: body_links.check
            yield from _check_reference(document, context, url, line, folder_of(document))


def folder_of(document) -> str:
    """The folder of a document relative to content/: "experiences", or "" for a page."""
    return posixpath.dirname(document.source_path)


def used_files(document) -> set[str]:
    """Files of content/ the page shows or links to (relative to content/)."""
    image = document.front.values.get("image")
    references = [("", image["file"])] if image and "file" in image else []
    references += [(folder_of(document), url) for _, url, _, _ in document.body_links]
    targets = (link_target(folder, url) for folder, url in references)
    return {target.uri for target in targets if target.kind == "file"}


def _check_reference(document, context, reference, line, base_dir):
    reference = reference.split("#")[0].split("?")[0]
    target = link_target(base_dir, reference)
    if target.kind == "absolute" or target.kind == "external" or "\\" in reference:
        yield Problem(document.path, line, "image-chemin-interdit", f"Le chemin d'image « {reference} » n'est pas un fichier du site.",
                      "Placez l'image dans content/images/ et écrivez « images/nom.jpg ».")
        return
    if target.kind == "outside":
        yield Problem(document.path, line, "image-chemin-interdit", f"Le chemin d'image « {reference} » sort du dossier content/.",
                      "Placez l'image dans content/images/ et écrivez « images/nom.jpg ».")
        return
    path = PurePosixPath(target.uri)
    if path.suffix.lower() not in FORMATS:
        yield Problem(document.path, line, "image-format", f"Le format de « {path.name} » n'est pas accepté.",
                      f"Utilisez une image {_ACCEPTED} (pas de SVG : il peut contenir du script).")
        return
    if target.uri not in context.files:
        yield Problem(document.path, line, "image-introuvable", f"L'image « {reference} » est introuvable.",
                      f"Ajoutez le fichier content/{target.uri} ou corrigez le chemin.")


def safe_name(relative: PurePosixPath) -> str | None:
    """The name an image file should have, or None when its name is already safe:
    every part after images/ lowercase a–z, digits and hyphens, then a lowercase extension."""
    folders, name = relative.parts[1:-1], PurePosixPath(relative.name)
    if all(SLUG_PATTERN.fullmatch(part) for part in folders) and SLUG_PATTERN.fullmatch(name.stem) and name.suffix in FORMATS:
        return None
    return "/".join([relative.parts[0], *(slugify(p) or "dossier" for p in folders), (slugify(name.stem) or "image") + name.suffix.lower()])


def check_file(file: Path, relative: PurePosixPath, display: str):
    """Problems of one image file itself (whoever uses it); `relative` to content/."""
    proposal = safe_name(relative)
    if proposal is not None:
        yield Problem(display, 1, "nom-de-fichier-invalide",
                      f"Le nom de fichier « {relative.as_posix()} » ne peut pas servir d'adresse web.",
                      f"Renommez-le « {proposal} » (minuscules sans accents, chiffres et tirets) et corrigez les chemins qui le citent.")
    expected = FORMATS[relative.suffix.lower()]
    too_large = (f"L'image « {relative.as_posix()} » mesure {{}} ; la limite est {MAX_PIXELS // 1_000_000} mégapixels.",
                 "Réduisez-la (2 000 pixels de large suffisent pour le site) puis enregistrez-la à nouveau.")
    try:
        with open_regular(file) as stream, warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            # Reads the header only: the pixels are never decoded here.
            with Image.open(stream, formats=_READERS) as image:
                found, (width, height) = image.format or "", image.size
    except NotRegularFile:
        return  # a link or a special file: list_content reports it, nothing is read
    except Image.DecompressionBombError:  # announced above Pillow's own limit, twice ours
        yield Problem(display, 1, "image-trop-grande", too_large[0].format(f"plus de {2 * (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000} mégapixels"), too_large[1])
        return
    except Exception:  # noqa: BLE001 - a hostile file may break any decoder; it is reported
        yield Problem(display, 1, "image-illisible",
                      f"Le fichier « {relative.as_posix()} » n'est pas une image {_ACCEPTED} lisible, malgré son extension « {relative.suffix} ».",
                      f"Exportez l'image à nouveau depuis un logiciel d'images, au format {_ACCEPTED}.")
        return
    if found not in expected:
        suffix = next((s for s, names in FORMATS.items() if found in names), None)
        again = f"enregistrez-le à nouveau au format {_SHOWN.get(expected[0], expected[0])}"
        yield Problem(display, 1, "image-contenu-invalide",
                      f"Le fichier « {relative.as_posix()} » contient une image {_SHOWN.get(found, found)}, pas une image {_SHOWN.get(expected[0], expected[0])} comme l'annonce son extension.",
                      f"Renommez-le « {relative.with_suffix(suffix).as_posix()} », ou {again}." if suffix else
                      f"Le format {_SHOWN.get(found, found)} n'est pas accepté : {again} (formats acceptés : {_ACCEPTED}).")
    if width * height > MAX_PIXELS:
        yield Problem(display, 1, "image-trop-grande", too_large[0].format(f"{width} × {height} pixels ({width * height // 1_000_000} mégapixels)"), too_large[1])


RULE = Rule(
    "images", ("experience", "bouquet", "page"), "Chaque image citée a son texte alternatif et est un fichier d'image de content/ qui existe.",
    (
        Code("image-sans-alt", "une image n'a pas de texte alternatif", "décrivez l'image (`alt:` ou `![description](…)`)"),
        Code("image-chemin-interdit", "le chemin d'une image sort de content/ ou part de la racine", "placez l'image dans content/images/ et écrivez « images/nom.jpg »"),
        Code("image-format", "une image citée n'est pas d'un format accepté (SVG, GIF…)", f"utilisez une image {_ACCEPTED}"),
        Code("image-introuvable", "l'image citée n'existe pas", "ajoutez le fichier dans content/images/ ou corrigez le chemin"),
    ),
    check, reads_files=True,
)

FILE_RULE = Rule(
    "image-files", ("image",), "Chaque fichier de content/images/ a un nom d'adresse, le format qu'annonce son extension et une taille qu'un navigateur ouvre.",
    (
        Code("nom-de-fichier-invalide", "le nom d'une image contient des majuscules, des accents, des espaces ou des signes", "renommez l'image comme proposé et corrigez les chemins qui la citent"),
        Code("image-contenu-invalide", "le fichier n'est pas du format qu'annonce son extension (un GIF nommé `.png`)", "renommez-le comme proposé, ou enregistrez-le à nouveau dans le bon format"),
        Code("image-illisible", "le fichier n'est pas une image lisible", f"exportez-la à nouveau au format {_ACCEPTED}"),
        Code("image-trop-grande", f"l'image dépasse {MAX_PIXELS // 1_000_000} mégapixels", "réduisez-la (2 000 pixels de large suffisent)"),
    ),
    check_file, scope="image-file",
)
