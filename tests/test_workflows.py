"""GitHub workflows: GitHub's schema, pinned actions, least privilege, no injection."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitebuild import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
# Values an outsider chooses: they may reach a script only through `env:`.
UNTRUSTED = re.compile(r"github\.event\.|github\.head_ref|inputs\.|steps\.[^}]*outputs")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_the_three_workflows_exist():
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "links.yml", "pull-request.yml"]


@pytest.mark.parametrize("schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_workflows_match_githubs_schema(schema):
    completed = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, WORKFLOWS)],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert uses
    for line in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line.strip()), line


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path):
    workflow = load(path)
    assert workflow["permissions"] == {}, "nothing by default"
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict) and job["permissions"], f"{name}: permissions"
        assert set(job["permissions"].values()) <= {"read", "write"}
        for step in job["steps"]:
            if "actions/checkout@" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False, f"{name}: the token stays out of .git"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_untrusted_strings_reach_scripts_only_through_env(path):
    for name, job in load(path)["jobs"].items():
        for step in job["steps"]:
            for expression in re.findall(r"\$\{\{(.*?)\}\}", step.get("run", "")):
                assert not UNTRUSTED.search(expression), f"{name}: {expression} in a run script"


def test_pull_request_workflow():
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert list(workflow["on"]) == ["pull_request"], "never pull_request_target"
    steps = workflow["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert ".venv/bin/python scripts/check.py --github content" in runs
    assert runs.index("make build") < runs.index("make test")
    assert any("actions/upload-artifact@" in s.get("uses", "") and s["with"]["path"] == "site/" for s in steps)
    python = next(s for s in steps if "actions/setup-python@" in s.get("uses", ""))
    assert (python["with"]["cache"], python["with"]["cache-dependency-path"]) == ("pip", "requirements.lock")
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read"}


def test_deploy_workflow():
    workflow = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    script = "\n".join(s.get("run", "") for s in build["steps"])
    assert "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" in script and "make build" in script
    assert any("actions/upload-pages-artifact@" in s.get("uses", "") for s in build["steps"])
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert build["permissions"] == {"contents": "read"}
    # A deploy refuses to publish the legal pages without the publisher's identity.
    assert any(s.get("env", {}).get("BOUQUET_REQUIRE_PUBLISHER") == "1" and "make build" in s.get("run", "") for s in build["steps"])


def test_links_workflow_opens_an_issue_instead_of_failing():
    workflow = load(ROOT / ".github" / "workflows" / "links.yml")
    assert "schedule" in workflow["on"] and "pull_request" not in workflow["on"]
    job = workflow["jobs"]["links"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    check = next(s for s in job["steps"] if s.get("id") == "links")
    assert check["continue-on-error"] is True and "linkchecker" in check["run"]
    report = next(s for s in job["steps"] if "gh issue create" in s.get("run", ""))
    assert report["if"] == "steps.links.outcome == 'failure'"
    assert report["env"]["GH_TOKEN"] == "${{ github.token }}"


def test_pre_commit_runs_the_content_check():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert config["repos"][0]["repo"] == "local"
    assert "scripts/check.py" in hook["entry"] and hook["pass_filenames"] is False


def test_pull_request_template_is_a_french_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 4 and "source" in text and "draft: true" in text
