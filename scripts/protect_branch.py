#!/usr/bin/env python3
"""Protect the published branch: nothing reaches it that fails the pull-request check.

    python scripts/protect_branch.py --repo OWNER/NAME [--branch main] [--approvals 1] [--apply]

Dry run by default: prints the `gh api` request it would send. With --apply, sends it
(`gh` must be logged in as an administrator of the repository: `gh auth login`, or a
token in GH_TOKEN). The rule requires a pull request, the check job of
.github/workflows/pull-request.yml (by its exact name, from GitHub Actions only) on a
branch up to date with the protected one, and applies to administrators too.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from bouquet.github import CHECK_JOB_NAME, GITHUB_ACTIONS_APP_ID, Runner, gh


def protection(approvals: int) -> dict:
    """The body of PUT /repos/{owner}/{repo}/branches/{branch}/protection."""
    return {
        # strict: a branch that is behind must be updated and checked again, so two
        # pull requests valid alone cannot merge into a main that fails.
        "required_status_checks": {"strict": True, "checks": [{"context": CHECK_JOB_NAME, "app_id": GITHUB_ACTIONS_APP_ID}]},
        "enforce_admins": True,
        "required_pull_request_reviews": {"required_approving_review_count": approvals, "dismiss_stale_reviews": True},
        "restrictions": None,
        "allow_force_pushes": False,
        "allow_deletions": False,
    }


def request(repo: str, branch: str, approvals: int) -> tuple[list[str], dict]:
    return ["api", "--method", "PUT", f"repos/{repo}/branches/{branch}/protection"], protection(approvals)


def main(argv: list[str] | None = None, run: Runner = subprocess.run) -> int:
    parser = argparse.ArgumentParser(description="Protège la branche publiée (vérification obligatoire avant fusion).")
    parser.add_argument("--repo", default=os.environ.get("GH_REPO"), help="dépôt OWNER/NOM (par défaut : la variable GH_REPO)")
    parser.add_argument("--branch", default="main", help="branche à protéger (par défaut : main)")
    parser.add_argument("--approvals", type=int, default=1, choices=range(0, 7), metavar="N",
                        help="relectures approuvées exigées avant fusion (0 à 6, par défaut 1 ; 0 si vous publiez seul)")
    parser.add_argument("--apply", action="store_true", help="envoyer la requête (sinon, l'afficher seulement)")
    args = parser.parse_args(argv)
    if not args.repo or args.repo.count("/") != 1:
        print("Indiquez le dépôt : --repo PROPRIETAIRE/NOM (par exemple --repo ma-structure/bouquet).", file=sys.stderr)
        return 2
    command, payload = request(args.repo, args.branch, args.approvals)
    body = json.dumps(payload, ensure_ascii=False, indent=2)
    if not args.apply:
        print(f"Simulation : gh {' '.join(command)} --input - avec :\n{body}\n"
              "Relancez avec --apply pour protéger la branche.")
        return 0
    try:
        gh(command, payload, run=run)
    except FileNotFoundError:
        print("La commande gh est introuvable → installez GitHub CLI (https://cli.github.com/) puis `gh auth login`.", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"GitHub a refusé la requête : {error.stderr.strip()}\n"
              "→ Vérifiez que vous êtes administrateur du dépôt (`gh auth status`).", file=sys.stderr)
        return 1
    print(f"Branche {args.branch} de {args.repo} protégée : « {CHECK_JOB_NAME} » est exigée avant toute fusion.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
