#!/usr/bin/env python3
"""Post the check's summary on a pull request as ONE comment, edited at every run.

    python scripts/pr_comment.py --repo OWNER/NAME --pr N --body check-summary.md [--apply]

The comment is found again by the hidden marker that opens it (COMMENT_MARKER), so a
pull request carries one up-to-date comment instead of one per push. Dry run by
default (it still reads the comments, to say which request it would send). The
workflow runs it from a checkout of the base branch, with the runner's Python and
nothing else: never code from the pull request with a write token.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from bouquet.github import COMMENT_MARKER, Runner, gh  # noqa: E402

MAX_BODY = 65_000  # GitHub refuses comments over 65,536 characters


def existing_comment(repo: str, number: int, run: Runner = subprocess.run) -> int | None:
    """The id of this check's comment on the pull request, if a previous run wrote one."""
    query = f'.[] | select(.body | startswith("{COMMENT_MARKER}")) | .id'
    ids = gh(["api", "--paginate", f"repos/{repo}/issues/{number}/comments", "--jq", query], run=run).split()
    return int(ids[0]) if ids else None


def comment_body(summary: str) -> str:
    body = summary if summary.startswith(COMMENT_MARKER) else f"{COMMENT_MARKER}\n{summary}"
    if len(body) > MAX_BODY:
        body = body[:MAX_BODY] + "\n\n… (tronqué : la liste complète est dans le résumé de l'exécution, onglet « Checks »)\n"
    return body


def requests(repo: str, number: int, summary: str, run: Runner = subprocess.run) -> list[tuple[list[str], dict]]:
    """The `gh api` calls that publish the summary: an edit if the comment exists, else a creation."""
    body = {"body": comment_body(summary)}
    found = existing_comment(repo, number, run)
    if found is None:
        return [(["api", "--method", "POST", f"repos/{repo}/issues/{number}/comments"], body)]
    return [(["api", "--method", "PATCH", f"repos/{repo}/issues/comments/{found}"], body)]


def main(argv: list[str] | None = None, run: Runner = subprocess.run) -> int:
    parser = argparse.ArgumentParser(description="Publie le résumé de la vérification en commentaire de la pull request.")
    parser.add_argument("--repo", default=os.environ.get("GH_REPO"), help="dépôt OWNER/NOM (par défaut : GH_REPO)")
    parser.add_argument("--pr", type=int, default=os.environ.get("PR_NUMBER"), help="numéro de la pull request (par défaut : PR_NUMBER)")
    parser.add_argument("--body", type=Path, required=True, help="fichier Markdown du résumé (scripts/check.py --summary)")
    parser.add_argument("--apply", action="store_true", help="publier (sinon, afficher ce qui serait envoyé)")
    args = parser.parse_args(argv)
    if not args.repo or not args.pr:
        print("Indiquez --repo PROPRIETAIRE/NOM et --pr NUMERO.", file=sys.stderr)
        return 2
    summary = args.body.read_text(encoding="utf-8")
    for command, payload in requests(args.repo, int(args.pr), summary, run):  # the lookup only reads
        if args.apply:
            gh(command, payload, run=run)
        else:
            print(f"Simulation : gh {' '.join(command)} --input - ({len(payload['body'])} caractères). "
                  "Relancez avec --apply pour publier.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
