"""Validation rules, one concern per module, each declared as a unit.

Each module declares its rule (problems.Rule: codes, what it applies to, a one-line
description, its checking function, its scope); RULES, the registry, lists every
rule of the checker, the reading stages included, and the checker runs it:

- a reading stage (source, front matter, vocabulary, files of content/) is run by
  load.check_content in pipeline order, because each reads what the next one needs;
- a document rule is `check(document, context) -> Iterable[Problem]`; a body rule is a
  document rule that also runs when the front matter cannot be read;
- a corpus rule is `check_all(documents, context)` and sees every file at once
  (slugs, references between files);
- an image-file rule is `check_file(file, relative, display)`, once per file of
  content/images/.

Rules never raise and never stop at the first problem: the caller gathers
everything, and `run` turns a rule that crashes into one problem of its file.
CONTRIBUTING's table of codes is generated from RULES (scripts/fields_doc.py --write).
"""
from __future__ import annotations

from .. import front_matter, source, themes as vocabulary
from ..problems import Code, Problem, Rule
from . import body_html, body_links, body_text, bouquet_refs, complexity, dates, essaimage, files, images, lead_kinds, letters, slugs, territory, vocabularies


def run(check, path: str, arguments: tuple) -> list:
    """A bug in one rule must not hide its findings so far, nor the other rules',
    behind a traceback: it becomes one problem of the file, and the check goes on."""
    found = []
    try:
        found.extend(check(*arguments))
    except Exception as error:  # noqa: BLE001 - reported, never swallowed silently
        name = getattr(check, "__module__", "?").rsplit(".", 1)[-1]
        found.append(Problem(path, 1, "erreur-interne", f"La vérification « {name} » a échoué sur ce fichier ({type(error).__name__}: {_shorten(str(error))}).",
                             "C'est une erreur du vérificateur, pas de votre fichier : signalez-la aux développeurs (avec ce fichier) ; les autres vérifications ont eu lieu."))
    return found


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


INTERNAL = Rule(
    "internal", ("content",), "Une vérification qui échoue devient un problème de son fichier ; les autres ont lieu.",
    (Code("erreur-interne", "une vérification a échoué : c'est une erreur du vérificateur, pas de votre fiche", "signalez-la à l'équipe avec le fichier ; les autres vérifications ont eu lieu"),),
    run, scope="reading",
)

#: The registry: every rule of the checker, in the order CONTRIBUTING lists them and
#: the checker runs them (reports are sorted, but scripts/new.py prints in this order).
RULES: tuple[Rule, ...] = (
    files.RULE, source.RULE, front_matter.RULE, vocabulary.RULE, INTERNAL,
    complexity.RULE, dates.RULE, letters.RULE, vocabularies.THEMES_RULE, vocabularies.AUDIENCES_RULE, lead_kinds.RULE, territory.RULE, images.RULE,
    body_html.RULE, body_links.RULE, body_text.RULE,
    slugs.RULE, bouquet_refs.RULE, essaimage.RULE, body_links.CORPUS_RULE, images.FILE_RULE,
)

DOCUMENT_RULES = tuple(rule.check for rule in RULES if rule.scope in ("document", "body"))
# The document rules that see the files of content/ (Rule.reads_files).
FILE_LIST_READERS = frozenset(rule.check for rule in RULES if rule.reads_files)
# What still runs when the front matter cannot be read: the body alone.
BODY_RULES = tuple(rule.check for rule in RULES if rule.scope == "body")
CORPUS_RULES = tuple(rule.check for rule in RULES if rule.scope == "corpus")
FILE_RULES = tuple(rule.check for rule in RULES if rule.scope == "image-file")


def codes() -> dict[str, tuple[Rule, Code]]:
    """Every declared code → its rule and declaration (a code is declared once)."""
    declared: dict[str, tuple[Rule, Code]] = {}
    for rule in RULES:
        for code in rule.codes:
            if code.name in declared:
                raise ValueError(f"{code.name} is declared by {declared[code.name][0].name} and {rule.name}")
            declared[code.name] = (rule, code)
    return declared
