"""JSON Schema (draft 2020-12) of the front matter, generated from schema.py.

Served at /schema/experience.json and /schema/bouquet.json so that editors' tools
(VS Code's YAML extension, check-jsonschema, …) can complete and check a front matter
before the pull request. It is derived from the same Field declarations as the
validator, so it cannot drift from it; it is a *subset* of the checks, though: the
validator also looks at the text as YAML wrote it (quoted codes, `no` → false),
at the commune in its département, at files on disk and at the other files.

Values are the JSON forms of what the loader returns: a date is its ISO string,
a département code a string ("01", "2A", "974").
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from . import geography
from .front_matter import SLUG_PATTERN
from .schema import BOUQUET_FIELDS, EXPERIENCE_FIELDS, Field, Kind

DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s<>\"]+\.[^\s<>\"]+$"
EMAIL_PATTERN = r"^[^@\s<>\"]+@[^@\s<>\".]+(\.[^@\s<>\".]+)+$"
FILES = {"experience": "experience.json", "bouquet": "bouquet.json"}


def theme_names(vocabulary: Any) -> list[str]:
    """Theme names, in vocabulary order, from a Vocabulary, Theme objects or names."""
    themes = getattr(vocabulary, "themes", vocabulary)
    return [getattr(theme, "name", theme) for theme in themes]


def departement_codes() -> list[str]:
    return [d.code for d in geography.departements()]


def experience_schema(vocabulary: Any) -> dict:
    """The schema of an experience's front matter; tags are the vocabulary's themes."""
    return _document(
        EXPERIENCE_FIELDS, "Expérience — en-tête",
        "En-tête YAML d'un fichier content/experiences/<slug>.md de Bouquet.",
        themes=theme_names(vocabulary),
    )


def bouquet_schema(vocabulary: Any = ()) -> dict:
    """The schema of a bouquet's front matter (the vocabulary is not used: same call)."""
    return _document(
        BOUQUET_FIELDS, "Bouquet — en-tête",
        "En-tête YAML d'un fichier content/bouquets/<slug>.md de Bouquet.",
        themes=theme_names(vocabulary),
    )


def write(site_dir: Path, vocabulary: Any) -> list[Path]:
    """Writes site/schema/experience.json and bouquet.json; returns their paths."""
    folder = Path(site_dir) / "schema"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (("experience", experience_schema(vocabulary)), ("bouquet", bouquet_schema(vocabulary))):
        path = folder / FILES[name]
        path.write_text(dumps(schema), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def dumps(schema: dict) -> str:
    """Deterministic text: sorted keys, indent 2, UTF-8 kept readable, final newline."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------


def _document(fields: tuple[Field, ...], title: str, description: str, themes: list[str]) -> dict:
    schema = _object(fields, themes, parent="")
    schema.update({"$schema": DIALECT, "title": title, "description": description})
    return schema


def _object(fields: Iterable[Field], themes: list[str], parent: str) -> dict:
    fields = tuple(fields)
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {f.name: _property(f, themes, parent) for f in fields},
    }
    required = [f.name for f in fields if f.required]
    if required:
        schema["required"] = required
    return schema


def _property(spec: Field, themes: list[str], parent: str) -> dict:
    dotted = f"{parent}{spec.name}"
    schema = _value(spec, themes, dotted)
    schema["title"] = spec.label
    if spec.help:
        schema["description"] = spec.help
    if spec.example is not None:
        schema["examples"] = [spec.example]
    return schema


def _value(spec: Field, themes: list[str], dotted: str) -> dict:
    kind = spec.kind
    if kind is Kind.MAPPING:
        return _object(spec.children, themes, f"{dotted}.")
    if kind is Kind.LIST:
        item = _value(spec.item, themes, f"{dotted}.item")
        if spec.item.kind is not Kind.MAPPING:
            item["title"] = spec.item.label
        schema: dict[str, Any] = {"type": "array", "items": item}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        if spec.max_items:
            schema["maxItems"] = spec.max_items
        # A theme or an experience given twice is an error of the validator.
        if dotted in ("tags", "experiences"):
            schema["uniqueItems"] = True
        return schema
    if kind is Kind.BOOL:
        return {"type": "boolean"}
    if kind is Kind.DATE:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if kind is Kind.DEPARTEMENT:
        return {"type": "string", "enum": departement_codes()}
    if kind is Kind.URL:
        return {"type": "string", "format": "uri", "pattern": URL_PATTERN}
    if kind is Kind.EMAIL:
        return {"type": "string", "format": "email", "pattern": EMAIL_PATTERN}
    if kind is Kind.SLUG:
        return {"type": "string", "pattern": f"^{SLUG_PATTERN.pattern}$"}
    schema = {"type": "string", "minLength": 1}  # TEXT and PATH
    if dotted == "tags.item":
        schema["enum"] = list(themes)
    if spec.max_length:
        schema["maxLength"] = spec.max_length
    return schema
