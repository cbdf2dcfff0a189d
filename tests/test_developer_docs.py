"""The README's layout and docs/DEVELOPING.md name what the tree holds, and nothing else.

The layout in the README drifted once (it still showed hooks/bouquet/ after the package
moved to src/bouquet/): every folder at the top of the repository must appear in it, and
every path it or the developer guide names must exist.
"""
from __future__ import annotations

import re
import subprocess

from sitebuild import ROOT

README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "DEVELOPING.md"
# Files at the top that the layout need not name: the usual ones of any repository.
UNNAMED = {".gitignore", ".pre-commit-config.yaml", "CONTRIBUTING.md", "Makefile", "README.md", "mkdocs.yml",
           "pyproject.toml", "requirements-properdocs.exclude"}


def layout() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    return block.splitlines()


def named_paths(lines: list[str]) -> list[str]:
    """The paths a layout names in its first column: `content/`, then `  experiences/`
    under it (two spaces of indent: inside the entry above)."""
    paths, parent = [], ""
    for line in lines:
        match = re.match(r"^( *)(\S+)", line)
        if not match or not re.search(r"[/.]", match.group(2)):
            continue
        indent, name = match.groups()
        if indent == "":
            parent = name if name.endswith("/") else ""
            paths.append(name)
        elif len(indent) == 2 and parent:
            paths.append(parent + name)
    return paths


def tracked_top_level() -> set[str]:
    files = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    return {f.split("/", 1)[0] + ("/" if "/" in f else "") for f in files}


def test_the_layout_names_every_folder_and_lock_at_the_top_of_the_tree():
    named = named_paths(layout())
    tops = {path.split("/", 1)[0] for path in named}
    missing = sorted(t for t in tracked_top_level() - UNNAMED
                     if t.rstrip("/") not in tops and not any(re.fullmatch(p.replace("*", ".*"), t) for p in named))
    assert missing == [], f"README.md, Layout: name {missing}"


def test_every_path_the_layout_names_exists():
    missing = [path for path in named_paths(layout()) if not list(ROOT.glob(path.rstrip("/")))]
    assert missing == [], f"README.md, Layout: {missing} no longer exist"


def test_every_file_the_developer_guide_names_exists():
    text = GUIDE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:src|tests|scripts|hooks|overrides|docs|content)/[\w./{},*-]+)`", text))
    assert len(named) > 30
    missing = []
    for path in sorted(named):
        expanded = [path]
        if "{" in path:  # edition.{html,css}
            stem, rest = path.split("{", 1)
            choices, tail = rest.split("}", 1)
            expanded = [stem + choice + tail for choice in choices.split(",")]
        missing += [p for p in expanded if not list(ROOT.glob(p.rstrip("/")))]
    assert missing == [], f"docs/DEVELOPING.md names {missing}, which do not exist"
