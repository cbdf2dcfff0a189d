"""What the body rules need to know about Markdown text, with line numbers kept."""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .source import line_at  # one definition of a line (source.py)

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Inline links and images: [text](url "title") / ![alt](url)
INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>]*>|[^\s)]*)")
# Reference definitions: [id]: url (not footnotes: [^1]: text)
REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*(<[^>]*>|\S+)", re.MULTILINE)
AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\s]*)>")


def mask_code(body: str) -> str:
    """Blanks out code blocks and code spans: what they contain is shown, never run."""
    lines = body.split("\n")
    fence = None
    for index, line in enumerate(lines):
        match = FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            lines[index] = ""
        elif match:
            fence = match.group(1)
            lines[index] = ""
        elif line.startswith("    ") or line.startswith("\t"):
            lines[index] = ""  # indented code block (approximation: also list continuations)
    masked = "\n".join(lines)
    return INLINE_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see, after entities and hidden characters are undone."""
    cleaned = html.unescape(html.unescape(url)).strip().strip("<>")
    cleaned = re.sub(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2060\ufeff]", "", cleaned).lower()
    match = SCHEME.match(cleaned)
    return match.group(1) if match else None


def links(masked: str, first_line: int):
    """Yields (line, url, is_image, text) for every link or image of a body whose
    code is already blanked out (mask_code)."""
    for match in INLINE_LINK.finditer(masked):
        yield line_at(masked, match.start(), first_line), match.group(3).strip("<>"), match.group(1) == "!", match.group(2)
    for match in REFERENCE.finditer(masked):
        yield line_at(masked, match.start(), first_line), match.group(1).strip("<>"), False, ""
    for match in AUTOLINK.finditer(masked):
        yield line_at(masked, match.start(), first_line), match.group(1), False, match.group(1)


@dataclass(frozen=True)
class Target:
    """Where a link of a page leads, read as MkDocs 1.6 reads it
    (mkdocs.structure.pages._RelativePathTreeprocessor.path_to_url)."""
    kind: str  # external, anchor (the page itself), absolute, outside (leaves content/), file
    uri: str = ""  # for file: the path relative to content/, posix, e.g. experiences/x.md


def link_target(base_dir: str, url: str) -> Target:
    """The target of `url` written in a file of the folder `base_dir` (relative to
    content/, "" for content/ itself): percent-escapes undone, "." and ".." resolved,
    the query and the #anchor set aside."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an invalid IPv6 host: MkDocs would fail on it too
        return Target("outside")
    if parts.scheme or parts.netloc:
        return Target("external")
    if url.startswith(("/", "\\")):
        return Target("absolute")
    if not parts.path:
        return Target("anchor")
    path = unquote(parts.path)
    if "\\" in path:
        return Target("outside")  # a Windows path: never a file of the site
    target = posixpath.normpath(posixpath.join(base_dir, path)).lstrip("/")
    if target == ".." or target.startswith("../"):
        return Target("outside")
    return Target("file", target)
