"""Corrections the checker can make itself: values typed in an unofficial form.

A commune typed `BLANQUEFORT`, `blanquefort` or `St-Aubin-du-Pavail` is valid (the
territory rule finds it: geography.find_commune) and the site prints its official
name anyway (catalogue.territory_of); `scripts/check.py --fix` also writes that name
into the file, so that the source says what the site shows.

A fix changes the value on its line and nothing else: the key, the quotes, a comment
after the value, the line ending (LF or CRLF), a byte-order mark and every other byte
of the file stay as they were. A value that the line alone does not hold (a value
over several lines) is left alone, and so is any rewrite that would not read back,
as YAML, as the official name.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import geography
from .front_matter import read_front_matter
from .load import CheckResult, Document
from .schema import EXPERIENCE_FIELDS
from .source import normalise, split


@dataclass(frozen=True)
class Fix:
    path: str  # as reported to editors, e.g. content/experiences/x.md
    file: Path  # the file to rewrite
    line: int  # the line of the key, counted in LF as every report does
    field: str  # dotted field name: commune
    typed: str  # the value as the front matter gives it
    official: str  # the value to write

    def describe(self, applied: bool) -> str:
        """The French line the checker prints for this fix."""
        verb = "corrigée" if applied else "à corriger"
        return f"{self.path}:{self.line}: {self.field} {verb} : « {self.typed} » → « {self.official} » (nom officiel)"


def commune_fixes(result: CheckResult, content_dir: Path) -> list[Fix]:
    """Every commune whose official name differs from what its file says, in file order."""
    fixes = []
    for document in result.documents:
        fix = _commune_fix(document, Path(content_dir))
        if fix is not None:
            fixes.append(fix)
    return sorted(fixes, key=lambda fix: (fix.path, fix.line))


def _commune_fix(document: Document, content_dir: Path) -> Fix | None:
    values = document.front.values
    if document.kind != "experience" or "commune" not in values or "departement" not in values:
        return None
    official = geography.official_commune(values["commune"], values["departement"])
    if official is None or official.name == values["commune"]:
        return None
    return Fix(document.path, content_dir / document.source_path, document.front.line("commune"), "commune",
               values["commune"], official.name)


# A `key: value` line: indentation and key, the value (quoted or plain), then spaces
# and a comment, if any. The line ending is not part of the match.
_LINE = re.compile(r"""^(?P<head>[ \t]*(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]+)"""
                   r"""(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^#'"\s](?:[^#]*?[^#\s])?)"""
                   r"""(?P<tail>(?:[ \t]+#.*)?[ \t]*)$""")


def rewrite_line(line: str, key: str, value: str) -> str | None:
    """`line` with the value of `key` replaced by `value`, quoted as it was; None when
    the line does not hold that key's whole value on its own."""
    match = _LINE.match(line)
    if match is None or match["key"] != key:
        return None
    old = match["value"]
    if old.startswith('"'):
        new = json.dumps(value, ensure_ascii=False)
    elif old.startswith("'"):
        new = "'" + value.replace("'", "''") + "'"
    else:
        new = value if _reads_as(value, value) else json.dumps(value, ensure_ascii=False)
    rewritten = line[: match.start("value")] + new + line[match.end("value"):]
    return rewritten if _reads_as(f"{key}: {new}", value, key) else None


def _reads_as(text: str, expected: str, key: str | None = None) -> bool:
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return (loaded == {key: expected}) if key else loaded == expected


def apply(fixes: list[Fix]) -> list[Fix]:
    """Writes the fixes into their files; returns those applied. A fix is applied only
    when the file, read again as the checker reads it, then gives the official value
    and every other value unchanged (a value over several lines is left to the editor)."""
    applied = []
    by_file: dict[Path, list[Fix]] = {}
    for fix in fixes:
        by_file.setdefault(fix.file, []).append(fix)
    for file, file_fixes in sorted(by_file.items()):
        text = file.read_bytes().decode("utf-8")
        done = []
        for fix in file_fixes:
            rewritten = _rewrite(text, fix)
            if rewritten is not None:
                text = rewritten
                done.append(fix)
        if done:
            file.write_bytes(text.encode("utf-8"))
            applied.extend(done)
    return applied


def _rewrite(text: str, fix: Fix) -> str | None:
    lines = text.split("\n")  # line n is lines[n - 1]; the "\r" of a CRLF stays in it
    index = fix.line - 1
    if not 0 < index < len(lines):  # line 1 is the opening ---
        return None
    content, ending = (lines[index][:-1], "\r") if lines[index].endswith("\r") else (lines[index], "")
    key = fix.field.rsplit(".", 1)[-1]
    line = rewrite_line(content, key, fix.official)
    if line is None:
        return None
    candidate = "\n".join([*lines[:index], line + ending, *lines[index + 1:]])
    before, after = _values(text, fix), _values(candidate, fix)
    if before is None or after is None or after.get(key) != fix.official:
        return None
    return candidate if {**before, key: fix.official} == after else None


def _values(text: str, fix: Fix) -> dict | None:
    source, problems = split(normalise(text), fix.path)
    if source is None:
        return None
    front, _ = read_front_matter(source, EXPERIENCE_FIELDS)
    return front.values if front is not None else None
