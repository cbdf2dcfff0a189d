"""Tiny content trees written into a temporary folder, for tests of the checker."""
from __future__ import annotations

import io
import struct
import textwrap
import zlib
from pathlib import Path

from PIL import Image


from bouquet.load import check_content

THEMES = """\
- name: Solidarité
  description: Entraide et prévention.
- name: Jeunesse
  description: Les jeunes acteurs de leur territoire.
- name: Mobilité
  description: Se déplacer autrement.
"""

VALID_EXPERIENCE = """\
---
title: Un atelier vélo municipal
date: 2013-02-25
description: La ville accompagne les habitants dans la réparation de leurs vélos.
tags:
  - Mobilité
commune: Blanquefort
departement: "33"
---
## Origine

Un texte.
"""


def experience(**overrides: str | None) -> str:
    """A valid experience file with some front-matter lines replaced or removed.

    experience(title='title: "Autre"', commune=None) replaces the `title:` line and
    drops the `commune:` line; keys absent from the template are appended.
    """
    head, body = VALID_EXPERIENCE.split("---\n")[1:3]
    lines = head.rstrip("\n").split("\n")
    for key, replacement in overrides.items():
        index = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
        if index is None:
            if replacement is not None:
                lines.append(replacement)
            continue
        end = index + 1
        while end < len(lines) and lines[end].startswith(" "):
            end += 1
        lines[index:end] = [] if replacement is None else replacement.split("\n")
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def png(size: tuple[int, int] = (1, 1), format: str = "PNG") -> bytes:
    """A real image file (PNG unless told), one colour."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format=format)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that announces width × height pixels and holds none: a dimension bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


class ContentTree:
    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        (self.content / "experiences").mkdir(parents=True)
        (self.content / "bouquets").mkdir()
        (self.content / "themes.yml").write_text(THEMES, encoding="utf-8")

    def write(self, relative: str, text: str | bytes, dedent: bool = False) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8", newline="")
        return path

    def check(self):
        return check_content(self.content, self.root)

    def problems(self):
        return self.check().problems

    def codes(self) -> list[tuple[str, int, str]]:
        """(path relative to content/, line, code) of every problem."""
        return [(p.path.removeprefix("content/"), p.line, p.code) for p in self.problems()]
