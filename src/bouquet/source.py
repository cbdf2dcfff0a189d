"""Reading a content file: bytes → normalised text → front matter and body.

Normalisation is what makes CRLF files, a UTF-8 byte-order mark and accents typed
in decomposed (NFD) form equivalent to the plain form: everything downstream sees
LF line endings and NFC text.

One definition of a line for every report: a line ends at LF (a CRLF pair counts as
one LF), as git, GitHub's diffs and annotations, grep and wc count them. A carriage
return alone is not a line end here, though YAML and Markdown read it as one and
some editors show one: the file is refused where the first lone CR is (a line that
every tool numbers alike), and every line number, the YAML parser's included, is
computed by counting LF (`line_at`).
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .content_files import read_bounded
from .problems import Code, Problem, Rule

MAX_FILE_BYTES = 512 * 1024  # a real experience is a few KB; this stops 10 MB bodies early
DELIMITER = "---"


@dataclass(frozen=True)
class SourceFile:
    """A file's normalised text (NFC, LF, no BOM), as its two parts. The whole text
    is not kept beside them: nothing reads it again, and it would hold every file
    twice for the whole build (and the preview's CheckMemo)."""

    path: str  # as reported to editors
    front_matter: str | None  # the YAML between the delimiters, None when absent
    front_matter_line: int  # line of the first YAML line (2 when the file opens with ---)
    body: str
    body_line: int  # line of the first body line


def normalise(text: str) -> str:
    """NFC, no byte-order mark, CRLF as LF. A lone CR stays: see lone_carriage_return."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


@functools.lru_cache(maxsize=16)
def _line_ends(text: str) -> list[int]:
    return [match.start() for match in re.finditer("\n", text)]


def line_at(text: str, offset: int, first_line: int = 1) -> int:
    """The line of `text[offset]`, `text` starting at line `first_line`: the LF before it, plus one."""
    return first_line + bisect.bisect_left(_line_ends(text), offset)


def lone_carriage_return(text: str, path: str) -> list[Problem]:
    """A CR not followed by LF (normalise has turned CRLF into LF): old Mac line ends,
    or a character pasted from elsewhere. Editors disagree on whether it ends a line."""
    offset = text.find("\r")
    if offset < 0:
        return []
    count = text.count("\r")
    return [Problem(path, line_at(text, offset), "retour-chariot-isole",
                    f"Le fichier contient {count} retour(s) chariot isolé(s) (caractère CR sans saut de ligne), le premier sur cette ligne ; "
                    "selon l'éditeur, les lignes suivantes ne portent pas le même numéro.",
                    "Enregistrez le fichier avec des fins de ligne « LF » (ou « CRLF ») : dans la plupart des éditeurs, "
                    "menu ou barre d'état « Fin de ligne ».")]


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                "encodage-invalide",
                "Le fichier n'est pas encodé en UTF-8.",
                "Enregistrez-le en « UTF-8 » (menu Enregistrer sous… de votre éditeur).",
            )
        ]


def split(text: str, path: str) -> tuple[SourceFile | None, list[Problem]]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != DELIMITER:
        return None, [
            Problem(
                path,
                1,
                "entete-absent",
                "Le fichier ne commence pas par un en-tête YAML entre deux lignes « --- ».",
                "Ajoutez en première ligne « --- », les champs (title: …), puis une ligne « --- ».",
            )
        ]
    for index in range(1, len(lines)):
        if lines[index].rstrip() == DELIMITER:
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return SourceFile(path, front, 2, body, index + 2), []
    return None, [
        Problem(
            path,
            1,
            "entete-non-ferme",
            "L'en-tête YAML n'est jamais fermé par une ligne « --- ».",
            "Ajoutez une ligne « --- » après le dernier champ de l'en-tête.",
        )
    ]


def read_source(file: Path, display_path: str) -> tuple[SourceFile | None, list[Problem]]:
    try:
        data, size = read_bounded(file, MAX_FILE_BYTES)  # never through a link, never past the limit
    except OSError as error:
        return None, [Problem(display_path, 1, "fichier-illisible", f"Lecture impossible : {error.strerror}.", "Vérifiez les droits du fichier.")]
    if len(data) > MAX_FILE_BYTES:
        return None, [
            Problem(
                display_path,
                1,
                "fichier-trop-gros",
                f"Le fichier pèse {max(size, len(data)) // 1024} Ko ; la limite est {MAX_FILE_BYTES // 1024} Ko.",
                "Raccourcissez le texte ou découpez l'expérience ; les images vont dans content/images/.",
            )
        ]
    text, problems = decode(data, display_path)
    if text is None:
        return None, problems
    text = normalise(text)
    source, problems = split(text, display_path)
    return source, lone_carriage_return(text, display_path) + problems


RULE = Rule(
    "source", ("experience", "bouquet", "page"), "Le fichier se lit : UTF-8, taille raisonnable, un en-tête YAML entre deux lignes « --- ».",
    (
        Code("fichier-illisible", "le fichier ne peut pas être ouvert", "vérifiez ses droits d'accès"),
        Code("fichier-trop-gros", "le fichier est anormalement gros (plus de 512 Ko)", "raccourcissez le texte ; les images vont dans content/images/"),
        Code("encodage-invalide", "le fichier n'est pas enregistré en UTF-8", "enregistrez-le à nouveau en UTF-8"),
        Code("retour-chariot-isole", "le fichier a des fins de ligne d'un ancien Mac : les numéros de ligne diffèrent selon l'éditeur", "enregistrez le fichier avec des fins de ligne « LF »"),
        Code("entete-absent", "le fichier ne commence pas par une ligne « --- »", "ajoutez l'en-tête entre deux lignes « --- »"),
        Code("entete-non-ferme", "la ligne « --- » qui ferme l'en-tête manque", "ajoutez « --- » après le dernier champ"),
    ),
    lambda file, display: read_source(file, display), scope="reading",
)
