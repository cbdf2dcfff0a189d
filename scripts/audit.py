#!/usr/bin/env python3
"""Audit a built site: every published experience has its page and is in its listings,
feeds, search index and sitemap; no draft appears anywhere.

    python scripts/audit.py [--site site] [--content content] [--config mkdocs.yml]

The feeds are expected as long as the site's setting makes them (`feed_size` under
`plugins: - bouquet:` in the --config file).

Prints what is missing, then a one-line summary; exits 1 when anything is missing.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bouquet import feeds
from bouquet.audit import audit
from bouquet.buildconfig import CONFIG_FILE, read_config
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from bouquet.problems import format_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie que le site construit ne perd rien.")
    parser.add_argument("--site", default="site")
    parser.add_argument("--content", default="content")
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="le mkdocs.yml du site construit (ses réglages)")
    args = parser.parse_args(argv)
    result = check_content(Path(args.content))
    if result.problems:
        print(format_report(result.problems, result.files_read))
        return 1
    if not (Path(args.site) / "index.html").is_file():
        print(f"{args.site}/ : site absent → lancez d'abord `make build`.")
        return 2
    _, settings = read_config(args.config)
    report = audit(build_catalogue(result), Path(args.site), settings.get("feed_size") or feeds.FEED_SIZE)
    for line in report.missing:
        print(line)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
