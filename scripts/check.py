#!/usr/bin/env python3
"""Validate the content tree and print every problem: `path:line: CODE message → hint`.

    python scripts/check.py [content] [--github]

Exits 0 when the content is valid, 1 otherwise. --github (automatic when the
GITHUB_ACTIONS variable is set) prints only workflow annotations, one line per problem,
so each problem shows on the changed line of a pull request (the summary goes to stderr).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bouquet.load import check_content
from bouquet.problems import format_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie le contenu de Bouquet (content/).")
    parser.add_argument("content", nargs="?", default="content", help="dossier du contenu (par défaut : content)")
    parser.add_argument("--github", action="store_true", default=bool(os.environ.get("GITHUB_ACTIONS")),
                        help="annotations GitHub (::error file=…,line=…::), une ligne par problème, à la place du rapport")
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
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
