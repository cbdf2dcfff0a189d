"""What Bouquet's GitHub plumbing shares: the check's name, the comment's marker, `gh api`.

Standard library only: scripts/pr_comment.py runs with the runner's own Python,
from a checkout of the base branch, without the project's environment.
"""
from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

#: The `name:` of the `check` job of .github/workflows/pull-request.yml, which is the
#: status check that branch protection requires (scripts/protect_branch.py). GitHub
#: matches it character for character: tests/test_workflows.py compares the two.
CHECK_JOB_NAME = "Vérification, construction et tests"

#: GitHub Actions' app id: a required check from this app cannot be satisfied by a
#: commit status that someone else posts under the same name.
GITHUB_ACTIONS_APP_ID = 15368

#: Hidden first line of the pull-request comment: how the next run finds it to edit it.
COMMENT_MARKER = "<!-- bouquet:verification -->"

#: GitHub shows at most this many error annotations per step; the rest are dropped.
ANNOTATIONS_SHOWN = 10

Runner = Callable[..., subprocess.CompletedProcess]


def gh(args: list[str], payload: dict | None = None, run: Runner = subprocess.run) -> str:
    """Runs `gh <args>` (authenticated by GH_TOKEN or `gh auth login`), a JSON payload on stdin."""
    command = ["gh", *args] + (["--input", "-"] if payload is not None else [])
    completed = run(command, input=json.dumps(payload, ensure_ascii=False) if payload is not None else None,
                    capture_output=True, text=True, check=True)
    return completed.stdout
