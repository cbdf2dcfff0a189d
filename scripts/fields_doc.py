#!/usr/bin/env python3
"""Print (or write into CONTRIBUTING.md) the field tables generated from schema.py.

    python scripts/fields_doc.py            # prints the generated blocks
    python scripts/fields_doc.py --write    # replaces them in CONTRIBUTING.md

CONTRIBUTING.md holds two generated blocks between HTML comments: the field tables
(`<!-- champs:debut -->` … `<!-- champs:fin -->`, checked by tests/test_new.py, so a
change to schema.py must be followed by `--write`) and the theme list (`<!-- themes:debut
-->` … `<!-- themes:fin -->`, a snapshot: content/themes.yml remains the reference).
Labels, help and examples come from schema.py.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bouquet.schema import BOUQUET_FIELDS, EXPERIENCE_FIELDS, IMAGE_FORMAT_LABELS, Field, Kind, example_value
from bouquet.problems import TARGETS
from bouquet.rules import RULES
from bouquet.themes import load_vocabulary
from bouquet.yaml_writer import yaml_lines, yaml_scalar

ROOT = Path(__file__).resolve().parents[1]
CONTRIBUTING = ROOT / "CONTRIBUTING.md"

def nature(spec: Field) -> str:
    kind = spec.kind
    if kind is Kind.TEXT:
        return f"texte simple, {spec.max_length} caractères au plus" if spec.max_length else "texte simple"
    if kind is Kind.LIST:
        count = ""
        if spec.min_items and spec.max_items:
            count = f" de {spec.min_items} à {spec.max_items} éléments"
        elif spec.max_items:
            count = f" de {spec.max_items} éléments au plus"
        assert spec.item is not None  # a LIST field declares its items
        if spec.item.choices == "themes":
            return f"liste{count}, pris dans la liste des thèmes"
        if spec.item.choices == "audiences":
            return f"liste{count}, pris dans content/publics.yml"
        if spec.item.alternative is not None and spec.item.alternative.kind is Kind.MAPPING:
            children = " et ".join(f"`{c.name}`" for c in spec.item.alternative.children)
            return (f"liste de {spec.max_items} éléments au plus, chacun un texte de {spec.item.max_length} caractères au plus "
                    f"ou un ensemble {children}")
        if spec.item.kind is Kind.SLUG:
            return f"liste{count} : noms de fichiers d'expériences, sans .md"
        if spec.item.kind is Kind.MAPPING:
            return f"liste{count}, chacun avec " + " et ".join(f"`{c.name}`" for c in spec.item.children)
        return f"liste de textes, {spec.max_items} au plus, de {spec.item.max_length} caractères au plus chacun"
    return {
        Kind.DATE: "date AAAA-MM-JJ",
        Kind.BOOL: "`true` ou `false`",
        Kind.URL: "adresse web complète (https://…)",
        Kind.EMAIL: "adresse électronique",
        Kind.SLUG: "nom de fichier sans .md",
        Kind.DEPARTEMENT: "code INSEE entre guillemets",
        Kind.PATH: f"chemin d'image depuis content/ ({', '.join(IMAGE_FORMAT_LABELS)})",
        Kind.MAPPING: "sous-champs : " + ", ".join(f"`{c.name}`" for c in spec.children),
    }[kind]


def example_of(spec: Field) -> str:
    value = example_value(spec)
    if value is None or spec.kind is Kind.MAPPING:
        return "voir les lignes suivantes" if spec.kind is Kind.MAPPING else ""
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            inner = ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in value[0].items())
            return f"`{spec.name}: [{{{inner}}}]`"
        return f"`{spec.name}: [{', '.join(yaml_scalar(v) for v in value)}]`"
    if spec.kind is Kind.DATE:
        return f"`{spec.name}: {value}`"
    return f"`{spec.name}: {yaml_scalar(value)}`"


def table(fields: tuple[Field, ...]) -> str:
    rows = ["| Champ | Obligatoire | Ce qu'il contient | Exemple |", "|---|---|---|---|"]

    def add(spec: Field, parent: str, optional_parent: bool) -> None:
        name = f"{parent}.{spec.name}" if parent else spec.name
        required = "oui" if spec.required and not optional_parent else ("oui, si la rubrique est remplie" if spec.required else "non")
        text = spec.label + (f" — {spec.help}" if spec.help else "") + f" ({nature(spec)})"
        rows.append(f"| `{name}` | {required} | {_cell(text)} | {_cell(example_of(spec))} |")
        if spec.kind is Kind.MAPPING:
            for child in spec.children:
                add(child, spec.name, not spec.required)

    for spec in fields:
        add(spec, "", False)
    return "\n".join(rows)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def full_example() -> str:
    lines = ["---"]
    for spec in EXPERIENCE_FIELDS:
        if spec.kind is not Kind.BOOL and not spec.derived_from:  # no draft flag, no derived région
            lines.extend(yaml_lines(spec.name, example_value(spec), spec))
    lines += ["---", "", "## Origine", "", "En 2011, la ville…"]
    return "\n".join(lines)


def fields_block() -> str:
    return "\n".join([
        "<!-- champs:debut (généré par `python scripts/fields_doc.py --write` depuis src/bouquet/schema.py : ne pas modifier à la main) -->",
        "### Les champs d'une expérience",
        "",
        table(EXPERIENCE_FIELDS),
        "",
        "Un en-tête complet, avec tous les champs facultatifs :",
        "",
        "```yaml",
        full_example(),
        "```",
        "",
        "### Les champs d'un bouquet",
        "",
        table(BOUQUET_FIELDS),
        "<!-- champs:fin -->",
    ])


def themes_block(content: Path = ROOT / "content") -> str:
    vocabulary, _ = load_vocabulary(content, ROOT)
    lines = ["<!-- themes:debut (généré par `python scripts/fields_doc.py --write` depuis content/themes.yml) -->"]
    lines += [f"- **{theme.name}** — {theme.description}" for theme in vocabulary.themes]
    lines.append("<!-- themes:fin -->")
    return "\n".join(lines)


def codes_block() -> str:
    """Every problem code, rule by rule, from the registry (bouquet.rules.RULES)."""
    lines = ["<!-- codes:debut (généré par `python scripts/fields_doc.py --write` depuis src/bouquet/rules/ : ne pas modifier à la main) -->",
             "Les vérifications, et ce à quoi chacune s'applique :", ""]
    for rule in RULES:
        targets = ", ".join(TARGETS[target] for target in rule.applies_to)
        lines.append(f"- **{rule.name}** ({targets}) : {_cell(rule.description)}")
    lines += ["", "| Code | Ce qu'il signifie | Que faire | Vérification |", "|---|---|---|---|"]
    for rule in RULES:
        for code in rule.codes:
            lines.append(f"| `{code.name}` | {_cell(code.meaning)} | {_cell(code.fix or 'suivez l’indice du message')} | {rule.name} |")
    lines.append("<!-- codes:fin -->")
    return "\n".join(lines)


def replace_block(text: str, name: str, block: str) -> str:
    pattern = re.compile(rf"<!-- {name}:debut.*?<!-- {name}:fin -->", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"CONTRIBUTING.md : marqueurs « <!-- {name}:debut » … « <!-- {name}:fin --> » introuvables.")
    return pattern.sub(lambda _: block, text, count=1)


def current_block(text: str, name: str) -> str | None:
    match = re.search(rf"<!-- {name}:debut.*?<!-- {name}:fin -->", text, re.DOTALL)
    return match.group(0) if match else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tableaux des champs (schema.py), des thèmes et des codes de problème (rules/) de CONTRIBUTING.md.")
    parser.add_argument("--write", action="store_true", help="remplace les blocs générés dans CONTRIBUTING.md")
    args = parser.parse_args(argv)
    if not args.write:
        print(fields_block() + "\n\n" + themes_block() + "\n\n" + codes_block())
        return 0
    text = CONTRIBUTING.read_text(encoding="utf-8")
    text = replace_block(text, "champs", fields_block())
    text = replace_block(text, "themes", themes_block())
    text = replace_block(text, "codes", codes_block())
    CONTRIBUTING.write_text(text, encoding="utf-8", newline="\n")
    print(f"{CONTRIBUTING.relative_to(ROOT)} mis à jour.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
