"""Controlled vocabularies: every theme of an experience is one of content/themes.yml,
every audience (« public ») one of content/publics.yml, each given once, compared after
NFC normalisation. One check for both: the field is the one whose items declare the
vocabulary in schema.py (`choices`), the vocabulary is the loader's."""
from __future__ import annotations

from dataclasses import dataclass

from ..problems import Code, Problem, Rule
from ..schema import EXPERIENCE_FIELDS


@dataclass(frozen=True)
class Controlled:
    choices: str  # the items' Field.choices in schema.py
    vocabulary: str  # the load.Context attribute that holds it
    file: str  # where editors extend it
    noun: str  # "thème", "public", in the messages
    code: str  # the codes' stem: <code>-inconnu, <code>-en-double

    @property
    def field(self) -> str:
        return next(f.name for f in EXPERIENCE_FIELDS if f.item is not None and f.item.choices == self.choices)

    def check(self, document, context):
        if document.kind != "experience":
            return
        vocabulary = getattr(context, self.vocabulary)
        field = self.field
        themes = self is THEMES  # the codes in letters: tests/rules/test_registry.py reads them from the source
        seen = set()
        for index, name in enumerate(document.front.values.get(field, [])):
            line = document.front.line(f"{field}.{index}", document.front.line(field))
            entry = vocabulary.get(name)
            if entry is None:
                suggestion = vocabulary.suggest(name)
                hint = (f"Vouliez-vous dire « {suggestion} » ?" if suggestion
                        else f"Choisissez un {self.noun} de {self.file}, ou proposez-en un nouveau dans ce fichier.")
                yield Problem(document.path, line, "theme-inconnu" if themes else "public-inconnu", f"Le {self.noun} « {name} » n'existe pas dans le vocabulaire.", hint)
            elif entry.slug in seen:
                yield Problem(document.path, line, "theme-en-double" if themes else "public-en-double", f"Le {self.noun} « {name} » est donné deux fois.", "Supprimez la répétition.")
            else:
                seen.add(entry.slug)

    def rule(self, name: str, target: str) -> Rule:
        return Rule(
            name, ("experience", target), f"Chaque {self.noun} d'une expérience est pris, une seule fois, dans {self.file}.",
            (
                Code(f"{self.code}-inconnu", f"un {self.noun} n'existe pas dans la liste ({self.file})",
                     f"prenez le {self.noun} proposé par l'indice, ou proposez-en un nouveau dans {self.file}"),
                Code(f"{self.code}-en-double", f"un {self.noun} est donné deux fois (dans une fiche, ou dans {self.file})", "supprimez la répétition"),
            ),
            self.check,
        )


THEMES = Controlled("themes", "vocabulary", "content/themes.yml", "thème", "theme")
AUDIENCES = Controlled("audiences", "audiences", "content/publics.yml", "public", "public")
THEMES_RULE = THEMES.rule("themes", "themes")
AUDIENCES_RULE = AUDIENCES.rule("audiences", "publics")
