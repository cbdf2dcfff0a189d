#!/usr/bin/env python3
"""Import experiences from a spreadsheet or another Bouquet site's open data.

    python scripts/import_experiences.py FICHIER [--write] [--date AAAA-MM-JJ] [--content content]

FICHIER: a .csv (UTF-8, with or without BOM, separator , or ;), a .xlsx (first sheet),
a Bouquet site's experiences.json or its datapackage.json. Dry run by default: the
report says, row by row, what would be created, ignored (already present) or refused
and why; --write creates the files (never overwriting one). The column mapping and the
decisions are in bouquet/importer.py and CONTRIBUTING.md (« Importer un tableur »).

Exit codes: 0 no row refused, 1 some rows refused, 2 unreadable file or usage error.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bouquet import importer


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une date AAAA-MM-JJ") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Importe des expériences d'un tableur (CSV, XLSX) ou des données ouvertes d'un site Bouquet. "
                    "Essai par défaut : rien n'est écrit sans --write.")
    parser.add_argument("file", type=Path, help="le tableur .csv ou .xlsx, ou experiences.json, ou datapackage.json")
    parser.add_argument("--write", action="store_true", help="crée les fichiers (sans cette option : essai, rien n'est écrit)")
    parser.add_argument("--date", type=_date,
                        help="date de mise en ligne AAAA-MM-JJ des lignes sans date (par défaut, sans colonne de date : aujourd'hui)")
    parser.add_argument("--content", default="content", help="dossier du contenu (par défaut : content)")
    args = parser.parse_args(argv)
    content = Path(args.content)
    if not content.is_dir():
        print(f"{content} : dossier introuvable → lancez la commande depuis la racine du dépôt, ou donnez --content.", file=sys.stderr)
        return 2
    try:
        result = importer.plan(args.file, content, args.date)
    except importer.Unreadable as error:
        print(str(error), file=sys.stderr)
        return 2
    if args.write:
        importer.write(result)
    for line in result.report(args.write):
        print(line)
    return 1 if result.count("refusée") else 0


if __name__ == "__main__":
    sys.exit(main())
