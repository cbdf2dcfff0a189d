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
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from collections.abc import Iterable

from . import geography, routes
from .schema import PATTERNS as PYTHON_PATTERNS
from .schema import BOUQUET_FIELDS, EXPERIENCE_FIELDS, LEAD_KIND_CHOICES, LEAD_KINDS, Field, Kind

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILES = {"experience": "experience.json", "bouquet": "bouquet.json"}


# ---------------------------------------------------------------------------
# Patterns. The validator's patterns (schema.py, Python's `re`, used with
# fullmatch) are the only definition; JSON Schema wants ECMA-262 syntax, read in
# Unicode mode by most tools, and searches instead of matching the whole text.


def ecma_pattern(pattern: re.Pattern) -> str:
    r"""The JSON Schema `pattern` that accepts exactly what `pattern.fullmatch` accepts.

    Valid ECMA-262 with or without the `u` flag (and still valid Python). Only the
    syntax the two engines read alike is copied; what they read differently is
    rewritten: `\s` (Python's includes U+001C–U+001F and U+0085, ECMA's includes
    U+FEFF instead) becomes Python's own set, `.` becomes `[^\n]` (ECMA also stops at
    \r, U+2028 and U+2029), an escaped punctuation mark that ECMA's Unicode mode
    refuses (`\"`) loses its backslash. Anything else that would not mean the same
    (flags, anchors, `\d`, `\w`, named groups…) raises ValueError: write the Python
    pattern with explicit classes instead.
    """
    if pattern.flags & ~re.UNICODE:
        raise ValueError(f"{pattern.pattern!r}: flags have no JSON Schema equivalent; use explicit classes ([Hh])")
    source, out, in_class, i = pattern.pattern, [], False, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            escaped = source[i + 1:i + 2]
            i += 2
            if escaped == "s":
                out.append(PYTHON_SPACES if in_class else f"[{PYTHON_SPACES}]")
            elif escaped == "S" and not in_class:
                out.append(f"[^{PYTHON_SPACES}]")
            elif escaped in _ECMA_SYNTAX or (escaped == "-" and in_class):
                out.append("\\" + escaped)
            elif escaped and not escaped.isalnum() and escaped.isascii() and escaped.isprintable():
                out.append(escaped)
            else:
                raise ValueError(f"{source!r}: \\{escaped} is read differently by Python and ECMA-262")
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            start = "[^" if source[i + 1:i + 2] == "^" else "["
            i += len(start)
            out.append(start)
            if source[i:i + 1] == "]":  # a first "]" is a literal for Python, the class's end for ECMA
                out.append("\\]")
                i += 1
            continue
        elif char == ".":
            out.append("[^\\n]")
        elif char in "^$" or (char == "(" and source[i + 1:i + 2] == "?" and source[i + 2:i + 3] not in (":", "=", "!")):
            raise ValueError(f"{source!r}: {source[i:i + 3]!r} is read differently by Python and ECMA-262")
        else:
            out.append(char)
        i += 1
    return f"^(?:{''.join(out)})$"


_ECMA_SYNTAX = frozenset("^$\\.*+?()[]{}|/")
#: JSON Schema's `format` of the kinds that have one.
FORMATS = {Kind.DATE: "date", Kind.URL: "uri", Kind.EMAIL: "email"}


# Python's `\s` for text (str.isspace), as ECMA class content; the test suite checks
# it against Python's `re` on every code point (U+3000 is the last one).
PYTHON_SPACES = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028-\u2029\u202f\u205f\u3000"


#: schema.PATTERNS in ECMA-262 syntax, by kind of value.
PATTERNS = {kind: ecma_pattern(pattern) for kind, pattern in PYTHON_PATTERNS.items()}


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
    folder = Path(site_dir) / routes.SCHEMA
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in (("experience", experience_schema(vocabulary)), ("bouquet", bouquet_schema(vocabulary))):
        path = folder / FILES[name]
        path.write_text(dumps(document), encoding="utf-8", newline="\n")
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
    if spec.alternative is not None:  # one of two shapes (a lead: a text, or its name and kind)
        return {"anyOf": [_value(shape, themes, dotted) for shape in (replace(spec, alternative=None), spec.alternative)]}
    kind = spec.kind
    if kind is Kind.MAPPING:
        return _object(spec.children, themes, f"{dotted}.")
    if kind is Kind.LIST:
        assert spec.item is not None  # a LIST field declares its items (schema.py)
        item = _value(spec.item, themes, f"{dotted}.item")
        if spec.item.kind is not Kind.MAPPING:
            item["title"] = spec.item.label
        schema: dict[str, Any] = {"type": "array", "items": item}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        if spec.max_items:
            schema["maxItems"] = spec.max_items
        if spec.unique:  # a theme or an experience given twice is an error of the validator
            schema["uniqueItems"] = True
        return schema
    if kind is Kind.BOOL:
        return {"type": "boolean"}
    if kind is Kind.DEPARTEMENT:
        return {"type": "string", "enum": departement_codes()}
    result: dict[str, Any]
    if kind in PATTERNS:
        result = {"type": "string", "pattern": PATTERNS[kind]}
        if kind in FORMATS:
            result["format"] = FORMATS[kind]
        return result
    result = {"type": "string", "minLength": 1}  # TEXT and PATH
    if spec.choices == "themes":
        result["enum"] = list(themes)
    if spec.choices == LEAD_KIND_CHOICES:
        result["enum"] = list(LEAD_KINDS)
    if spec.max_length:
        result["maxLength"] = spec.max_length
    return result
