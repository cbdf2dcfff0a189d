#!/usr/bin/env python3
"""Audit a built site: every published experience has its page and is in its listings,
feeds, search index and sitemap; no draft appears anywhere.

    python scripts/audit.py [--site site] [--content content]

Prints what is missing, then a one-line summary; exits 1 when anything is missing.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bouquet.audit import audit
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from bouquet.problems import format_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie que le site construit ne perd rien.")
    parser.add_argument("--site", default="site")
    parser.add_argument("--content", default="content")
    args = parser.parse_args(argv)
    result = check_content(Path(args.content))
    if result.problems:
        print(format_report(result.problems, result.files_read))
        return 1
    if not (Path(args.site) / "index.html").is_file():
        print(f"{args.site}/ : site absent → lancez d'abord `make build`.")
        return 2
    report = audit(build_catalogue(result), Path(args.site))
    for line in report.missing:
        print(line)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
