"""Problems found in the content, collected and reported all at once.

Every rule returns Problem objects instead of raising, so one run reports
everything an editor has to fix. Messages and hints are in French: editors read them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Callable, Iterable

# Invisible and bidirectional controls can disguise a title, a link or a file name;
# never needed in content, and never printed as they are (a bidi override would
# reverse the rest of a terminal line or of a pull-request annotation). Surrogates,
# U+FFFE/U+FFFF and the C0 controls make a feed ill-formed XML; the other Unicode
# non-characters (U+FDD0–U+FDEF, U+nFFFE/U+nFFFF) are not text either.
FORBIDDEN_CHARACTERS = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000)) + "]"
)


def visible(text: str) -> str:
    """Shows hidden characters as escapes: "a\u202eb" prints as a\\u202eb."""
    return FORBIDDEN_CHARACTERS.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root, with forward slashes
    line: int  # 1-based; 1 when a problem concerns the whole file
    code: str  # stable kebab-case identifier, e.g. "theme-inconnu"
    message: str
    hint: str = ""

    def as_text(self) -> str:
        # One line per problem, whatever a file name or a quoted value holds: in a CI
        # log, a line of its own that starts with "::" would be a workflow command.
        text = f"{self.path}:{self.line}: {self.code} {self.message}"
        return visible(f"{text} → {self.hint}" if self.hint else text).replace("\n", "\\n")

    def as_github(self) -> str:
        # GitHub workflow commands, escaped as @actions/core does: % CR LF in the
        # data; also : and , in properties.
        body = visible(self.message + (f" → {self.hint}" if self.hint else ""))
        return (
            f"::error file={_escape_property(visible(self.path))},line={self.line},"
            f"title={_escape_property(self.code)}::{_escape_data(body)}"
        )


@dataclass(frozen=True)
class Code:
    """One problem code, as CONTRIBUTING's table of codes explains it (French)."""

    name: str  # stable kebab-case identifier, e.g. "theme-inconnu"
    meaning: str  # what it means, in a line
    fix: str = ""  # what to do, when the message's hint needs a word more


#: What a rule may apply to, as CONTRIBUTING names it.
TARGETS = {
    "experience": "expérience", "bouquet": "bouquet", "letter": "lettre", "page": "page", "image": "fichier image",
    "file": "fichier de content/", "themes": "themes.yml", "publics": "publics.yml", "content": "tout le contenu",
}
#: How the checker runs a rule (load.check_content): a reading stage in pipeline order;
#: a document rule on each document whose front matter was read; a body rule on every
#: document, even one whose front matter could not be read; a corpus rule once on all
#: documents; an image-file rule on each file of content/images/.
SCOPES = ("reading", "document", "body", "corpus", "image-file")


@dataclass(frozen=True)
class Rule:
    """A rule declared as a unit, as github/docs declares its content-linter rules:
    its codes, what it applies to, a one-line description and its checking function.
    The registry (rules.RULES) lists them; the checker runs it, CONTRIBUTING's table
    of codes is generated from it (scripts/fields_doc.py --write)."""

    name: str  # stable English identifier: "territory"
    applies_to: tuple[str, ...]  # keys of TARGETS
    description: str  # French, one line
    codes: tuple[Code, ...]
    check: Callable  # the checking function; its arguments depend on the scope
    scope: str = "document"  # one of SCOPES
    # A document rule that looks at the files of content/ (context.files), declared so:
    # the other document rules are kept between the preview's checks when a file
    # appears or goes (load.CheckMemo), and see no file list at all (load.Context).
    reads_files: bool = False

    def __post_init__(self):
        if self.scope not in SCOPES or not set(self.applies_to) <= set(TARGETS) or not self.codes:
            raise ValueError(f"rule {self.name}: scope {self.scope!r}, applies_to {self.applies_to!r}, {len(self.codes)} code(s)")
        if self.reads_files and self.scope not in ("document", "body"):
            # The other scopes see the whole file list anyway (corpus) or none (files, reading).
            raise ValueError(f"rule {self.name}: reads_files is for a document or body rule, not {self.scope!r}")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems))


def summary(problems: list[Problem], files_read: int) -> str:
    if not problems:
        return f"Contenu valide : {files_read} fichier(s) vérifié(s), aucun problème."
    paths = len({p.path for p in problems})
    return (
        f"{len(problems)} problème(s) dans {paths} fichier(s) sur {files_read} vérifié(s). "
        "Corrigez chaque ligne ci-dessus puis relancez `make check`."
    )


def format_report(problems: list[Problem], files_read: int, github: bool = False) -> str:
    lines = [p.as_github() if github else p.as_text() for p in problems]
    lines.append(summary(problems, files_read))
    return "\n".join(lines)
