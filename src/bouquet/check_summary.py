"""The pull-request check's summary: every problem, in French, named as the form names it.

An editor of the web editor never saw the file: the summary names each problem's
field by its label (schema.py's, the ones the form shows) beside the file and the
line, and lists every problem, since GitHub shows only the first
ANNOTATIONS_SHOWN annotations of a step. scripts/check.py writes it to
$GITHUB_STEP_SUMMARY and to a file that becomes the pull request's comment.

A problem carries a line, not a field; the field is found again from the lines the
front matter recorded for each key (FrontMatter.lines), from the body's first line,
or, for a field that is missing (so has no line), from the field the message names.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

from .front_matter import display
from .github import ANNOTATIONS_SHOWN, COMMENT_MARKER
from .load import FIELDS, CheckResult, Document
from .problems import Problem, summary, visible
from .schema import Field, Kind

#: What a problem is about when no field of the form holds it: the file's name (the
#: form derives it from the title), the body of a plain page (pages are not in the form).
FILE_LABEL = "Nom du fichier"
PAGE_BODY_LABEL = "Texte de la page"


def _missing_codes() -> frozenset[str]:
    codes = set()

    def walk(fields: Iterable[Field]) -> None:
        for spec in fields:
            if spec.required:
                codes.add(spec.missing_code)
            walk(spec.children)
            if spec.item:
                walk(spec.item.children)

    for fields in FIELDS.values():
        walk(fields)
    return frozenset(codes)


MISSING_CODES = _missing_codes()


def label(dotted: str, fields: tuple[Field, ...]) -> str | None:
    """`links.0.url` → `Pour aller plus loin › Lien n°1 › Adresse`; None off the schema."""
    parts: list[str] = []
    specs, spec = fields, None
    for part in dotted.split("."):
        if part.isdigit():
            if spec is None or spec.item is None:
                return None
            spec = spec.item
            parts.append(f"{spec.label} n°{int(part) + 1}" if spec.kind is Kind.MAPPING else f"n°{int(part) + 1}")
            specs = spec.children
            continue
        spec = next((s for s in specs if s.name == part), None)
        if spec is None:
            return None
        parts.append(spec.label)
        specs = spec.children
    return " › ".join(parts)


def body_labels(result: CheckResult) -> dict[str, str]:
    """The form's label of the body, per kind of document (cms.py's collections)."""
    from . import cms  # the form's own words; imported late: it reads the geography

    labels = {"page": PAGE_BODY_LABEL}
    for collection in cms.config(result.vocabulary, audiences=result.audiences)["collections"]:
        kind = collection["folder"].rsplit("/", 1)[-1].rstrip("s")  # content/experiences → experience
        body = next((f for f in collection["fields"] if f["name"] == "body"), None)
        if body:
            labels[kind] = body["label"]
    return labels


def field_of(problem: Problem, document: Document | None, body_label: str) -> str:
    """How the form names the field a problem is about, or a plain description."""
    if document is None:  # unreadable, misplaced, or not a page (themes.yml): no form field
        return "—"
    fields = FIELDS[document.kind]
    if problem.line >= document.source.body_line:
        return body_label
    named = _named_fields(problem.message, fields)
    if problem.code in MISSING_CODES and named:  # reported on its parent's line
        return label(named[0], fields) or "—"
    at_line = [path for path, line in document.front.lines.items() if line == problem.line]
    if at_line:
        # `tags: [A, B]` puts the list and its items on one line: the list is the
        # field, unless the message names an item.
        mentioned = [p for p in at_line if f"« {display(p)} »" in problem.message]
        path = max(mentioned, key=_depth) if mentioned else min(at_line, key=_depth)
        return label(path, fields) or f"« {path.rsplit('.', 1)[-1]} » (champ inconnu du formulaire)"
    if named:  # e.g. the second of two keys with one name
        return label(named[0], fields) or "—"
    return FILE_LABEL if problem.line == 1 else "—"


def _depth(path: str) -> tuple[int, str]:
    return path.count("."), path


def _named_fields(message: str, fields: tuple[Field, ...]) -> list[str]:
    """Dotted paths of the schema's fields that the message names as « links n°1 › url »."""
    found = []
    for match in re.finditer(r"« ([^»]+) »", message):
        dotted = re.sub(r" n°(\d+)", lambda m: f".{int(m.group(1)) - 1}", match.group(1)).replace(" › ", ".")
        if label(dotted, fields):
            found.append(dotted)
    return found


def _cell(text: str) -> str:
    """Text for a Markdown table cell, inert: no HTML, link, mention or table break."""
    text = html.escape(visible(" ".join(text.split())), quote=False)
    text = re.sub(r"([\\`*_\[\]|~])", r"\\\1", text)
    return text.replace("@", "&#64;")


def markdown(result: CheckResult) -> str:
    """The French summary (GitHub Markdown), hidden marker first."""
    problems = result.problems
    out = [COMMENT_MARKER]
    if not problems:
        out += ["### ✅ Vérification du contenu : aucun problème", "", summary(problems, result.files_read)]
        return "\n".join(out) + "\n"
    documents = {d.path: d for d in result.documents}
    bodies = body_labels(result)
    files = len({p.path for p in problems})
    out += [f"### ❌ Vérification du contenu : {len(problems)} problème(s) à corriger", "",
            f"{len(problems)} problème(s) dans {files} fichier(s) sur {result.files_read} vérifié(s)."]
    if len(problems) > ANNOTATIONS_SHOWN:
        out += ["", f"GitHub n'affiche sous les lignes du fichier que les {ANNOTATIONS_SHOWN} premiers problèmes : "
                    f"les {len(problems)} sont listés ici."]
    out += ["", "| Fichier | Ligne | Champ du formulaire | Problème | Comment corriger |", "|---|---|---|---|---|"]
    for problem in problems:
        document = documents.get(problem.path)
        field = field_of(problem, document, bodies.get(document.kind, PAGE_BODY_LABEL) if document else PAGE_BODY_LABEL)
        out.append(f"| {_cell(problem.path)} | {problem.line} | {_cell(field)} | {_cell(problem.message)} "
                   f"({_cell(problem.code)}) | {_cell(problem.hint)} |")
    out += ["", "Dans l'éditeur web, ouvrez la fiche, corrigez le champ nommé ci-dessus et enregistrez ; "
                "sur GitHub, corrigez la ligne indiquée du fichier. La vérification repart d'elle-même."]
    return "\n".join(out) + "\n"
