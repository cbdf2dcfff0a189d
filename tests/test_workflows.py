"""GitHub workflows: GitHub's schema, pinned actions, least privilege, no injection.

CI has no network, so the runtime of each pinned action cannot be read here: RUNTIMES
records, per pinned commit, the tag it was checked against and the `runs.using` of the
`action.yml` at that commit, as read from the action's repository when the pin was
made. A new pin fails test_every_pinned_action_was_verified until someone reads its
tagged commit and adds it to the table.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bouquet import edition
from bouquet.github import CHECK_JOB_NAME, COMMENT_MARKER
from sitebuild import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
# Values an outsider chooses: they may reach a script only through `env:`.
UNTRUSTED = re.compile(r"github\.event\.|github\.head_ref|inputs\.|steps\.[^}]*outputs")


# Read on 2026-12-01 with `git rev-parse <tag>^{commit}` and `git show <sha>:action.yml`
# in each action's repository. Node 20 left GitHub's runners in September 2026.
RUNTIMES = {
    "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1": ("v7.0.1", "node24"),
    "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97": ("v7.0.0", "node24"),
    "actions/setup-node@820762786026740c76f36085b0efc47a31fe5020": ("v7.0.0", "node24"),
    "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f": ("v7.0.0", "node24"),
    "actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c": ("v8.0.1", "node24"),
    "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9": ("v5.0.0", "composite"),
    "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128": ("v5.0.0", "node24"),
    # Read on 2026-12-02 in the newest stored snapshot of actions/cache (tag v5.0.5).
    "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae": ("v5.0.5", "node24"),
}
# What a composite action runs, from its action.yml at the pinned commit.
COMPOSITE_USES = {
    "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9": [
        "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
    ],
}
SUPPORTED_RUNTIMES = {"node24", "composite", "docker"}


def pins() -> list[tuple[str, str, str]]:
    """(workflow, action@sha, tag in the comment) of every `uses:`."""
    found = []
    for path in WORKFLOWS:
        for action, tag in re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)\s*#\s*(\S+)\s*$", path.read_text(encoding="utf-8"), re.MULTILINE):
            found.append((path.name, action, tag))
    return found


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


def test_every_pinned_action_was_verified():
    used = pins()
    assert len(used) == sum(p.read_text(encoding="utf-8").count("uses:") for p in WORKFLOWS)
    for workflow, action, tag in used:
        assert action in RUNTIMES, f"{workflow}: {action} ({tag}) not verified: read its action.yml, add it to RUNTIMES"
        assert RUNTIMES[action][0] == tag, f"{workflow}: {action} is {RUNTIMES[action][0]}, not {tag}"


def test_no_pinned_action_declares_node20():
    for action, (tag, runtime) in RUNTIMES.items():
        assert runtime in SUPPORTED_RUNTIMES, f"{action} ({tag}) runs on {runtime}"
    for composite, inner in COMPOSITE_USES.items():
        assert RUNTIMES[composite][1] == "composite"
        for action in inner:
            assert RUNTIMES[action][1] in SUPPORTED_RUNTIMES, f"{composite} runs {action}"


def test_one_pin_per_action():
    """Dependabot updates every use of an action together; one version per action."""
    versions = {}
    for _, action, tag in pins():
        versions.setdefault(action.split("@")[0], set()).add((action, tag))
    assert all(len(v) == 1 for v in versions.values()), versions


def test_dependabot_keeps_actions_and_dependencies_current():
    path = ROOT / ".github" / "dependabot.yml"
    completed = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.dependabot", str(path)],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert updates == {("github-actions", "/"), ("pip", "/"), ("npm", "/tools/cms"), ("npm", "/tests/browser")}
    for update in config["updates"]:
        assert update["schedule"]["interval"] in {"daily", "weekly", "monthly"}
        if update["package-ecosystem"] != "github-actions":
            manifest = "package-lock.json" if update["package-ecosystem"] == "npm" else "pyproject.toml"
            assert (ROOT / update["directory"].lstrip("/") / manifest).is_file()


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
    assert ".venv/bin/python scripts/check.py --github --summary check-summary.md content" in runs
    assert runs.index("make build") < runs.index("make test")
    assert any("actions/upload-artifact@" in s.get("uses", "") and s["with"]["path"] == "site/" for s in steps)
    python = next(s for s in steps if "actions/setup-python@" in s.get("uses", ""))
    assert python["with"]["cache"] == "pip"
    # The cache is keyed on every lock the job installs: runtime (make build), dev (make test).
    assert python["with"]["cache-dependency-path"].split() == ["requirements.lock", "requirements-dev.lock", "requirements-properdocs-dev.lock"]
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read"}


def test_check_job_name_is_the_required_status_check():
    """Branch protection requires the check by name: scripts/protect_branch.py sends CHECK_JOB_NAME."""
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert workflow["jobs"]["check"]["name"] == CHECK_JOB_NAME
    assert [job.get("name") for job in workflow["jobs"].values()].count(CHECK_JOB_NAME) == 1


def test_summary_comment_only_on_the_repositorys_own_branches():
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    check, comment = workflow["jobs"]["check"], workflow["jobs"]["comment"]
    upload = next(s for s in check["steps"] if s.get("with", {}).get("path") == "check-summary.md")
    assert upload["if"] == "always()" and upload["with"]["name"] == "check-summary"
    assert comment["needs"] == "check"
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    assert "!cancelled()" in comment["if"]
    assert "github.event.pull_request.user.login != 'dependabot[bot]'" in comment["if"], "Dependabot's token is read-only"
    assert comment["permissions"] == {"contents": "read", "pull-requests": "write"}
    writers = [name for name, job in workflow["jobs"].items() if "write" in job["permissions"].values()]
    assert writers == ["comment"], "the job that runs the pull request's code never gets a write token"
    checkout = next(s for s in comment["steps"] if "actions/checkout@" in s.get("uses", ""))
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}", "the base branch's code, not the pull request's"
    download = next(s for s in comment["steps"] if "actions/download-artifact@" in s.get("uses", ""))
    assert download["with"]["name"] == "check-summary"
    post = comment["steps"][-1]
    assert post["run"] == "python3 scripts/pr_comment.py --body check-summary.md --apply"
    assert post["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert COMMENT_MARKER.startswith("<!--") and COMMENT_MARKER.endswith("-->")


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


def test_deploy_keeps_the_pdf_store_between_deploys():
    """Laying out the PDF editions is most of a cold build: the store (edition.CACHE_DIR,
    keyed by each edition's inputs) is restored before the build and saved after it.
    An entry is written once per key, so the key changes with what the PDFs are made
    of, and restore-keys takes the newest earlier entry when it does."""
    steps = load(ROOT / ".github" / "workflows" / "deploy.yml")["jobs"]["build"]["steps"]
    index = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@"))
    build = next(i for i, s in enumerate(steps) if "make build" in s.get("run", ""))
    assert index < build, "restored before the build, saved by the action's post step after it"
    cache = steps[index]["with"]
    assert cache["path"] == edition.CACHE_DIR.as_posix()
    assert "BOUQUET_PDF_CACHE" not in str(steps) and "BOUQUET_NO_CACHE" not in str(steps)
    prefix, expression = cache["key"].split("${{", 1)
    hashed = re.fullmatch(r"\s*hashFiles\((.*)\)\s*}}", expression).group(1)
    patterns = [p.strip().strip("'") for p in hashed.split(",")]
    # The content, the code and templates that make the edition's HTML, the site's
    # settings (address, name) and the pinned WeasyPrint.
    assert patterns == ["content/**", "src/bouquet/**", "mkdocs.yml", "requirements.lock"]
    assert edition.STYLESHEET.is_relative_to(ROOT / "src" / "bouquet") and (ROOT / "requirements.lock").is_file()
    assert "weasyprint==" in (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert cache["restore-keys"].split() == [prefix]


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
