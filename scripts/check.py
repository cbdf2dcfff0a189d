#!/usr/bin/env python3
"""Validate the content tree and print every problem: `path:line: CODE message → hint`.

    python scripts/check.py [content] [--github] [--fix]

Exits 0 when the content is valid, 1 otherwise. --github (automatic when the
GITHUB_ACTIONS variable is set) prints only workflow annotations, one line per problem,
so each problem shows on the changed line of a pull request (the one-line summary goes
to stderr), and appends the French summary (every problem, with the form's name of its
field) to the job summary, $GITHUB_STEP_SUMMARY, when GitHub sets it. --summary FILE
writes that summary to FILE as well (the workflow posts it as the pull request's
comment).

Values typed in an unofficial form that the checker can correct itself (a commune
typed `BLANQUEFORT`: bouquet.fixes) are listed after the report, one line each; with
--fix they are written into the files (only that value changes) and listed as done.
They are not problems: the exit status does not count them.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bouquet import fixes
from bouquet.check_summary import markdown
from bouquet.load import check_content
from bouquet.problems import format_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie le contenu de Bouquet (content/).")
    parser.add_argument("content", nargs="?", default="content", help="dossier du contenu (par défaut : content)")
    parser.add_argument("--github", action="store_true", default=bool(os.environ.get("GITHUB_ACTIONS")),
                        help="annotations GitHub (::error file=…,line=…::), une ligne par problème, à la place du rapport")
    parser.add_argument("--summary", type=Path, metavar="FICHIER",
                        help="écrire aussi le résumé en Markdown (champs du formulaire, lignes) dans FICHIER")
    parser.add_argument("--fix", action="store_true",
                        help="écrire dans les fichiers la forme officielle des valeurs tapées autrement (communes)")
    args = parser.parse_args(argv)
    content = Path(args.content)
    if not content.is_dir():
        print(f"{content}: dossier introuvable → lancez la commande depuis la racine du dépôt.", file=sys.stderr)
        return 2
    result = check_content(content)
    if args.github:
        # Annotations only: one "::error …" line per problem; the summary on stderr.
        *annotations, summary = format_report(result.problems, result.files_read, github=True).split("\n")
        for line in annotations:
            print(line)
        print(summary, file=sys.stderr)
    else:
        print(format_report(result.problems, result.files_read))
    report_fixes(fixes.commune_fixes(result, content), args.fix, args.github)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY") if args.github else None
    if args.summary or step_summary:
        text = markdown(result)
        if args.summary:
            args.summary.write_text(text, encoding="utf-8")
        if step_summary:
            with open(step_summary, "a", encoding="utf-8") as file:
                file.write(text)
    return 1 if result.problems else 0


def report_fixes(found: list[fixes.Fix], write: bool, github: bool) -> None:
    """Lists the corrections (and makes them with --fix); on stderr in --github mode,
    where stdout holds annotations only."""
    if not found:
        return
    out = sys.stderr if github else sys.stdout
    applied = fixes.apply(found) if write else []
    for fix in found:
        print(fix.describe(fix in applied), file=out)
    if write:
        left = len(found) - len(applied)
        print(f"{len(applied)} valeur(s) corrigée(s)" + (f" ; {left} à corriger à la main (valeur sur plusieurs lignes)." if left else "."), file=out)
    else:
        print(f"{len(found)} valeur(s) à écrire sous leur forme officielle → lancez « python scripts/check.py --fix » pour les corriger.", file=out)


if __name__ == "__main__":
    sys.exit(main())
