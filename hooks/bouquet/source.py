"""Reading a content file: bytes → normalised text → front matter and body.

Normalisation is what makes CRLF files, a UTF-8 byte-order mark and accents typed
in decomposed (NFD) form equivalent to the plain form: everything downstream sees
LF line endings and NFC text.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .content_files import read_bounded
from .problems import Problem

MAX_FILE_BYTES = 512 * 1024  # a real experience is a few KB; this stops 10 MB bodies early
DELIMITER = "---"


@dataclass(frozen=True)
class SourceFile:
    path: str  # as reported to editors
    text: str  # normalised: NFC, LF, no BOM
    front_matter: str | None  # the YAML between the delimiters, None when absent
    front_matter_line: int  # line of the first YAML line (2 when the file opens with ---)
    body: str
    body_line: int  # line of the first body line


def normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


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
            return SourceFile(path, text, front, 2, body, index + 2), []
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
    return split(normalise(text), display_path)
