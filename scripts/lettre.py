#!/usr/bin/env python3
"""Build the next letter (lettre d'information): dry run by default.

    python scripts/lettre.py [--date AAAA-MM-JJ] [--from AAAA-MM-JJ --to AAAA-MM-JJ] [--write] [--out DOSSIER]

Without --date, the newest letter of content/lettres/. It presents what was put online
since the previous letter (or after --from and up to --to). The dry run prints what the
letter contains and the files it would write; --write writes the HTML e-mail
(lettre.html) and its plain-text part (lettre.txt) into --out (default
lettres-a-envoyer/<date>/), to paste or import into the mailing service. The site
build publishes the same files beside the letter's archive page, /lettres/<date>/.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
from pathlib import Path

from bouquet import letter as letters
from bouquet.buildconfig import read_config
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from bouquet.problems import format_report

ROOT = Path(__file__).resolve().parent.parent


def settings(config_file: Path) -> tuple[str, str, str]:
    config, plugin = read_config(config_file)
    url, errors = letters.subscribe_url(plugin)
    if errors:
        raise SystemExit("\n".join(errors))
    site_url = os.environ.get("BOUQUET_SITE_URL") or config.get("site_url") or "https://bouquet.example/"
    return site_url, config.get("site_name") or "", url


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une date AAAA-MM-JJ") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Prépare la prochaine lettre d'information (essai à blanc par défaut).")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--date", type=day, help="la lettre content/lettres/<date>.md (par défaut la plus récente)")
    parser.add_argument("--from", dest="start", type=day, help="présenter ce qui a été mis en ligne après ce jour")
    parser.add_argument("--to", dest="end", type=day, help="… et jusqu'à ce jour inclus (par défaut la date de la lettre)")
    parser.add_argument("--write", action="store_true", help="écrire les fichiers (sans : afficher ce qui serait écrit)")
    parser.add_argument("--out", type=Path, default=ROOT / "lettres-a-envoyer")
    args = parser.parse_args(argv)

    result = check_content(args.content)
    if result.problems:
        print(format_report(result.problems, result.files_read))
        return 1
    catalogue = build_catalogue(result)
    if not catalogue.letters:
        print("Aucune lettre dans content/lettres/ : créez content/lettres/AAAA-MM-JJ.md (titre, date, texte d'éditorial).")
        return 1
    chosen = catalogue.letters[0] if args.date is None else next((item for item in catalogue.letters if item.date == args.date), None)
    if chosen is None:
        print(f"Pas de lettre datée du {args.date.isoformat()} : créez content/lettres/{args.date.isoformat()}.md.")
        return 1
    item = letters.issue(catalogue, chosen)
    if args.start or args.end:
        end = args.end or chosen.date
        experiences, bouquets = letters.between(catalogue, args.start, end)
        item = dataclasses.replace(item, start=args.start, experiences=experiences, bouquets=bouquets,
                                   letter=dataclasses.replace(chosen, date=end) if args.end else chosen)
    site_url, site_name, subscribe = settings(args.config)
    html = letters.email_html(item, site_url=site_url, site_name=site_name, content_dir=args.content, subscribe_url=subscribe)
    text = letters.email_text(item, site_url=site_url, site_name=site_name, subscribe_url=subscribe)

    print(f"Lettre : {chosen.title} ({chosen.path})")
    print(f"Période : {letters.period_label(item)}")
    print(f"{len(item.bouquets)} bouquet(s), {len(item.experiences)} expérience(s) :")
    entries: list[tuple[str, str]] = [(b.title, b.url) for b in item.bouquets] + [(e.title, e.url) for e in item.experiences]
    for title, url in entries:
        print(f"  - {title} — {site_url.rstrip('/')}/{url}")
    folder = args.out / chosen.slug
    targets = {folder / "lettre.html": html, folder / "lettre.txt": text}
    for path, body in targets.items():
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            print(f"Écrit : {path} ({len(body.encode())} octets)")
        else:
            print(f"Écrirait : {path} ({len(body.encode())} octets)")
    if not args.write:
        print("Essai à blanc : rien n'a été écrit. Relancez avec --write (make lettre LETTRE_ARGS=--write).")
    if not subscribe:
        print("Note : aucun lien d'abonnement (plugins: bouquet: letter: subscribe_url dans mkdocs.yml).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
