"""scripts/protect_branch.py and scripts/pr_comment.py: the `gh api` requests they send.

`gh` is replaced by a recorder: these tests read the requests, they never reach GitHub.
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bouquet.github import CHECK_JOB_NAME, COMMENT_MARKER, GITHUB_ACTIONS_APP_ID

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Gh:
    """Records each command; answers from `replies` (stdout) in order, then empty."""

    def __init__(self, *replies: str):
        self.calls: list[tuple[list[str], object]] = []
        self.replies = list(replies)

    def __call__(self, command, input=None, **kwargs):
        assert command[0] == "gh" and kwargs["check"] is True
        self.calls.append((command[1:], json.loads(input) if input else None))
        return subprocess.CompletedProcess(command, 0, self.replies.pop(0) if self.replies else "", "")


protect_branch = script("protect_branch")
pr_comment = script("pr_comment")


def test_protection_is_a_dry_run_by_default(capsys):
    gh = Gh()
    assert protect_branch.main(["--repo", "ma-structure/bouquet"], run=gh) == 0
    assert gh.calls == []
    out = capsys.readouterr().out
    assert "Simulation : gh api --method PUT repos/ma-structure/bouquet/branches/main/protection" in out
    assert CHECK_JOB_NAME in out and "--apply" in out


def test_protection_request_requires_the_check_a_pull_request_and_binds_admins():
    gh = Gh("{}")
    assert protect_branch.main(["--repo", "ma-structure/bouquet", "--apply"], run=gh) == 0
    [(command, body)] = gh.calls
    assert command == ["api", "--method", "PUT", "repos/ma-structure/bouquet/branches/main/protection", "--input", "-"]
    assert body == {
        "required_status_checks": {"strict": True, "checks": [{"context": CHECK_JOB_NAME, "app_id": GITHUB_ACTIONS_APP_ID}]},
        "enforce_admins": True,
        "required_pull_request_reviews": {"required_approving_review_count": 1, "dismiss_stale_reviews": True},
        "restrictions": None,
        "allow_force_pushes": False,
        "allow_deletions": False,
    }


def test_protection_for_a_publisher_working_alone():
    gh = Gh("{}")
    protect_branch.main(["--repo", "o/r", "--branch", "publication", "--approvals", "0", "--apply"], run=gh)
    [(command, body)] = gh.calls
    assert command[3] == "repos/o/r/branches/publication/protection"
    assert body["required_pull_request_reviews"]["required_approving_review_count"] == 0


def test_protection_without_a_repository_says_what_to_type(capsys, monkeypatch):
    monkeypatch.delenv("GH_REPO", raising=False)
    assert protect_branch.main([], run=Gh()) == 2
    assert "--repo PROPRIETAIRE/NOM" in capsys.readouterr().err


def test_protection_refused_by_github_says_why(capsys):
    def refuse(command, **kwargs):
        raise subprocess.CalledProcessError(1, command, "", "HTTP 403: Resource not accessible")
    assert protect_branch.main(["--repo", "o/r", "--apply"], run=refuse) == 1
    err = capsys.readouterr().err
    assert "HTTP 403" in err and "administrateur" in err


def test_first_comment_is_created(tmp_path):
    body = tmp_path / "check-summary.md"
    body.write_text(f"{COMMENT_MARKER}\n### Vérification\n", encoding="utf-8")
    gh = Gh("")  # no comment of ours yet
    assert pr_comment.main(["--repo", "o/r", "--pr", "7", "--body", str(body), "--apply"], run=gh) == 0
    (lookup, _), (create, payload) = gh.calls
    assert lookup[:3] == ["api", "--paginate", "repos/o/r/issues/7/comments"]
    assert COMMENT_MARKER in lookup[-1], "found again by the hidden marker"
    assert create == ["api", "--method", "POST", "repos/o/r/issues/7/comments", "--input", "-"]
    assert payload == {"body": f"{COMMENT_MARKER}\n### Vérification\n"}


def test_next_runs_edit_the_same_comment(tmp_path):
    body = tmp_path / "check-summary.md"
    body.write_text("### Vérification\n", encoding="utf-8")
    gh = Gh("4242\n4343\n")
    pr_comment.main(["--repo", "o/r", "--pr", "7", "--body", str(body), "--apply"], run=gh)
    assert [command for command, _ in gh.calls][1] == ["api", "--method", "PATCH", "repos/o/r/issues/comments/4242", "--input", "-"]
    assert gh.calls[1][1]["body"].startswith(COMMENT_MARKER + "\n"), "the marker is added when missing"
    assert len(gh.calls) == 2, "one comment, never a second"


def test_comment_dry_run_only_reads(tmp_path, capsys):
    body = tmp_path / "check-summary.md"
    body.write_text("x", encoding="utf-8")
    gh = Gh("")
    pr_comment.main(["--repo", "o/r", "--pr", "7", "--body", str(body)], run=gh)
    assert len(gh.calls) == 1 and "--paginate" in gh.calls[0][0]
    assert "Simulation : gh api --method POST repos/o/r/issues/7/comments" in capsys.readouterr().out


def test_a_huge_summary_fits_in_a_comment():
    text = pr_comment.comment_body("| x |\n" * 20_000)
    assert len(text) < 65_536 and text.startswith(COMMENT_MARKER) and "tronqué" in text


@pytest.mark.parametrize("name", ["protect_branch", "pr_comment"])
def test_scripts_run_from_the_command_line(name):
    completed = subprocess.run([sys.executable, str(SCRIPTS / f"{name}.py"), "--help"], capture_output=True, text=True)
    assert completed.returncode == 0 and "--apply" in completed.stdout


def test_pr_comment_needs_only_the_standard_library(tmp_path):
    """The comment job runs it with the runner's Python, from a sparse checkout of src/bouquet and scripts."""
    root = Path(__file__).resolve().parents[1]
    for relative in ("scripts/pr_comment.py", "src/bouquet/__init__.py", "src/bouquet/github.py"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes((root / relative).read_bytes())
    completed = subprocess.run([sys.executable, "-I", "-S", str(tmp_path / "scripts" / "pr_comment.py"), "--help"],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
