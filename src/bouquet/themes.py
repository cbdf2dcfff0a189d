"""The controlled theme vocabulary, read from content/themes.yml."""
from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import yaml

from .front_matter import FieldWalker, parse_yaml  # one strict YAML reader for all content
from .content_files import NotRegularFile, read_bounded
from .geography import fold, slugify
from .model import Theme
from .problems import Code, Problem, Rule
from .schema import THEME_FIELDS
from .source import MAX_FILE_BYTES, SourceFile, normalise

THEMES_FILE = "themes.yml"
#: The controlled vocabulary of audiences (« publics »), optional on each experience.
AUDIENCES_FILE = "publics.yml"


class Vocabulary:
    def __init__(self, themes: tuple[Theme, ...]):
        self.themes = themes
        self._by_name = {t.name: t for t in themes}
        self._by_fold = {fold(t.name): t for t in themes}

    def get(self, name: str) -> Theme | None:
        return self._by_name.get(unicodedata.normalize("NFC", name))

    def suggest(self, name: str) -> str | None:
        """The theme an editor most likely meant: same letters, a close spelling, or
        the one theme that has this word (or a close spelling of it) in its name."""
        folded = fold(name)
        if folded in self._by_fold:
            return self._by_fold[folded].name
        close = difflib.get_close_matches(folded, list(self._by_fold), n=1, cutoff=0.6)
        if close:
            return self._by_fold[close[0]].name
        words: dict[str, list[str]] = {}  # a word of the names → the themes that have it
        for key, theme in self._by_fold.items():
            for word in key.split():
                if len(word) > 3:
                    words.setdefault(word, []).append(theme.name)
        typed = [word for word in folded.split() if len(word) > 3]
        found = {theme for word in typed for close in difflib.get_close_matches(word, list(words), n=1, cutoff=0.75) for theme in words[close]}
        return next(iter(found)) if len(found) == 1 else None


def load_audiences(content_dir: Path, display_root: Path) -> tuple[Vocabulary, list[Problem]]:
    """content/publics.yml, the same format as themes.yml; a site without it has no
    audiences (then every `audiences` value is reported as unknown)."""
    if not (content_dir / AUDIENCES_FILE).exists() and not (content_dir / AUDIENCES_FILE).is_symlink():
        return Vocabulary(()), []
    return load_vocabulary(content_dir, display_root, AUDIENCES_FILE, "public")


def load_vocabulary(content_dir: Path, display_root: Path, file_name: str = THEMES_FILE, noun: str = "thème") -> tuple[Vocabulary, list[Problem]]:
    """A controlled vocabulary file: the themes (themes.yml) or the audiences
    (publics.yml, noun « public »). Codes follow the noun: themes-absent,
    public-en-double…"""
    file = content_dir / file_name
    themed = file_name == THEMES_FILE  # publics.yml otherwise: codes publics-…, public-…
    display = file.relative_to(display_root).as_posix() if file.is_relative_to(display_root) else str(file)
    if not file.exists() and not file.is_symlink():
        return Vocabulary(()), [Problem(display, 1, "themes-absent", f"Le vocabulaire des {noun}s est introuvable.", f"Créez {display} : une liste de « - name: … » et « description: … ».")]
    try:
        data, _ = read_bounded(file, MAX_FILE_BYTES)
        text = data.decode("utf-8") if len(data) <= MAX_FILE_BYTES else None
    except NotRegularFile:
        return Vocabulary(()), []  # a link or a special file: list_content reports it, nothing is read
    except (UnicodeDecodeError, OSError):
        return Vocabulary(()), [Problem(display, 1, "encodage-invalide", "Le fichier n'est pas lisible en UTF-8.", "Enregistrez-le en UTF-8.")]
    if text is None:
        return Vocabulary(()), [Problem(display, 1, "fichier-trop-gros", f"Le vocabulaire des {noun}s est anormalement gros.", f"Une ligne de nom et une de description par {noun} suffisent.")]
    text = normalise(text)
    source = SourceFile(display, text, 1, "", 1)
    node, problems = parse_yaml(source)
    if node is None or not isinstance(node, yaml.SequenceNode):
        return Vocabulary(()), problems or [Problem(display, 1, "themes-invalide" if themed else "publics-invalide", f"Le vocabulaire doit être une liste de {noun}s.", f"Chaque {noun} commence par « - name: … ».")]
    walker = FieldWalker(source)
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(node.value):
        line = walker.line_of(item)
        if not isinstance(item, yaml.MappingNode):
            walker.report(item, "themes-invalide" if themed else "publics-invalide", f"Le {noun} n°{index + 1} doit avoir un nom et une description.", "Écrivez « - name: … » puis « description: … ».")
            continue
        values = walker.mapping(item, THEME_FIELDS, f"{index}.", f"le {noun} n°{index + 1}")
        if "name" not in values or "description" not in values:
            continue
        slug = slugify(values["name"])
        if not slug:
            walker.report(walker.result.line(f"{index}.name", line), "theme-sans-lettres" if themed else "public-sans-lettres", f"Le nom de {noun} « {values['name']} » ne contient ni lettre ni chiffre : il ne peut pas donner d'adresse de page.",
                          f"Donnez au {noun} un nom en mots, par exemple « {'Mobilité' if themed else 'Jeunes'} ».")
            continue
        if slug in seen:
            walker.report(line, "theme-en-double" if themed else "public-en-double", f"Le {noun} « {values['name']} » existe déjà (ligne {seen[slug]}).", "Supprimez le doublon ou renommez-le.")
            continue
        seen[slug] = line
        themes.append(Theme(values["name"], slug, values["description"]))
    return Vocabulary(tuple(themes)), problems + walker.problems


RULE = Rule(
    "vocabulary", ("themes", "publics"), "Les vocabulaires des thèmes (content/themes.yml) et des publics (content/publics.yml, facultatif) donnent à chaque entrée un nom et une description.",
    (
        Code("themes-absent", "le fichier content/themes.yml manque", "créez-le : une liste de « - name: … » et « description: … »"),
        Code("themes-invalide", "le vocabulaire n'est pas une liste de thèmes avec un nom et une description", "écrivez « - name: … » puis « description: … » pour chaque thème"),
        Code("theme-sans-lettres", "un nom de thème n'a ni lettre ni chiffre : il ne peut pas donner d'adresse de page", "donnez-lui un nom en toutes lettres"),
        Code("publics-invalide", "content/publics.yml n'est pas une liste de publics avec un nom et une description", "écrivez « - name: … » puis « description: … » pour chaque public"),
        Code("public-sans-lettres", "un nom de public n'a ni lettre ni chiffre", "donnez-lui un nom en toutes lettres"),
    ),
    lambda content_dir, display_root: load_vocabulary(content_dir, display_root), scope="reading",
)
