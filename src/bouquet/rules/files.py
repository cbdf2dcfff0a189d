"""content/ holds only what may be published: regular files (no symbolic link, no
FIFO or device), Markdown pages where a page can be, the vocabulary, and raster
images under images/. MkDocs would publish any other file as it is."""
from __future__ import annotations

from pathlib import Path

from ..french import french_list
from ..problems import Code, Problem, Rule
from ..schema import IMAGE_FORMAT_LABELS, IMAGE_FORMATS
from ..themes import AUDIENCES_FILE, THEMES_FILE
from .images import FOLDER as IMAGES_FOLDER
#: content/<folder>/x.md → the kind of document it is.
FOLDERS = {"experiences": "experience", "bouquets": "bouquet", "lettres": "letter"}


def is_allowed_asset(relative: Path) -> bool:
    """MkDocs publishes every other file of docs_dir as it is, with the site's own
    origin: only the vocabulary and raster images under images/ may be there."""
    if relative.as_posix() in (THEMES_FILE, AUDIENCES_FILE):
        return True
    return relative.parts[0] == IMAGES_FOLDER and relative.suffix.lower() in IMAGE_FORMATS


def kind_of(relative: Path) -> str | None:
    """experiences/x.md → experience; a deeper file in those folders has no kind."""
    if len(relative.parts) == 2 and relative.parts[0] in FOLDERS:
        return FOLDERS[relative.parts[0]]
    if relative.parts[0] in FOLDERS:
        return None
    return "page"


def check(listing, content_dir: Path, display) -> list[Problem]:
    """Problems of the listing of content/ (content_files.list_content): links, special
    files, files that may not be published, Markdown files in a sub-folder.
    `display(path)` is the path as reported to editors."""
    problems = []
    for link in listing.links:
        problems.append(Problem(display(link), 1, "lien-symbolique",
                                f"« {link.relative_to(content_dir).as_posix()} » est un lien symbolique : il ferait publier un fichier situé ailleurs.",
                                "Remplacez le lien par une copie du fichier dans content/, ou supprimez-le."))
    for special in listing.special:
        problems.append(Problem(display(special), 1, "fichier-special",
                                f"« {special.relative_to(content_dir).as_posix()} » n'est pas un fichier ordinaire (tube, périphérique ou socket) : il n'est pas lu.",
                                "Supprimez-le : content/ ne contient que des fichiers Markdown, themes.yml et des images."))
    for file in listing.files:
        relative = file.relative_to(content_dir)
        if file.suffix != ".md" and not is_allowed_asset(relative):
            problems.append(Problem(display(file), 1, "fichier-interdit",
                                    f"Le fichier « {relative.as_posix()} » serait publié tel quel sur le site ; ce type de fichier n'est pas accepté.",
                                    f"Retirez-le : le contenu s'écrit en Markdown (.md), les images {french_list(IMAGE_FORMAT_LABELS)} vont dans content/images/."))
        elif file.suffix == ".md" and kind_of(relative) is None:
            problems.append(Problem(display(file), 1, "emplacement-invalide", "Ce fichier est dans un sous-dossier ; il ne sera pas publié.",
                                    f"Déplacez-le directement dans content/{relative.parts[0]}/."))
    return problems


RULE = Rule(
    "files", ("file",), "content/ ne contient que des fichiers ordinaires qui peuvent être publiés, chacun à sa place.",
    (
        Code("lien-symbolique", "un lien symbolique dans `content/` ferait publier un fichier situé ailleurs", "remplacez-le par une copie du fichier"),
        Code("fichier-special", "un tube, un périphérique ou une socket dans `content/`", "supprimez-le"),
        Code("fichier-interdit", "un fichier d'un type qui n'est pas accepté serait publié tel quel (`.gif`, `.svg`, `.html`…)",
             f"retirez-le ; les images {french_list(IMAGE_FORMAT_LABELS)} vont dans content/images/"),
        Code("emplacement-invalide", "une fiche est dans un sous-dossier de content/experiences/ ou content/bouquets/ : elle ne serait pas publiée", "déplacez-la directement dans le dossier"),
    ),
    check, scope="reading",
)
