"""Fuzzing at scale (slow; `make test` and CI run it): whatever the files, the checker
reports and never raises; every problem has a file, a line within it and a code.

10,000 examples in one content tree reused across examples (one or two files each):
random bytes, YAML-ish headers with the strategies of test_fuzz.py, YAML documents
dumped from random nested values on the schema's keys, and random file names.
"""
from __future__ import annotations

import re
import shutil
import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bouquet.load import check_content
from content_tree import ContentTree
from test_fuzz import bodies, front_lines, raw, scalars

pytestmark = pytest.mark.slow

FIELDS = ["title", "date", "updated", "description", "tags", "commune", "departement", "region", "leads", "partners",
          "impacts", "resources", "quote", "contact", "source", "links", "image", "draft", "experiences", "human", "text",
          "author", "name", "email", "url", "label", "file", "alt", "credit", "x"]
CODE = re.compile(r"[a-z]+(?:-[a-z0-9]+)*")

# Nested values on the schema's keys, dumped as real YAML (flow or block style).
leaves = st.one_of(scalars, st.sampled_from(["Mobilité", "Solidarité", "33", "2A", "Blanquefort", "images/x.png",
                                             "https://exemple.fr/", "a@b.fr", "2015-05-19", "<script>", "\u202e"]))
values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4)), max_leaves=12)
documents = st.builds(
    lambda mapping, flow: yaml.safe_dump(mapping, allow_unicode=True, default_flow_style=flow, sort_keys=False),
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=8), st.booleans())

# File names: anything a file system accepts, some of them near-valid slugs.
name_characters = st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00")
names = st.one_of(
    st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=20),
    st.text(alphabet=name_characters, min_size=1, max_size=20),
).filter(lambda n: n not in (".", "..") and len((n + ".md").encode("utf-8")) < 255)
folders = st.sampled_from(["experiences/", "bouquets/", "", "experiences/sous-dossier/"])

header = st.one_of(front_lines, documents)
text_files = st.builds(lambda head, body: f"---\n{head}\n---\n{body}".encode(), header, bodies)
file_bodies = st.one_of(text_files, raw, st.builds(lambda data: b"---\n" + data, raw))
files = st.dictionaries(st.builds(lambda folder, name: f"{folder}{name}.md", folders, names), file_bodies, min_size=1, max_size=2)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> ContentTree:
    return ContentTree(tmp_path_factory.mktemp("fuzz-slow"))


def _reset(tree: ContentTree) -> None:
    """Empties the tree but themes.yml and the two folders, between examples."""
    for path in tree.content.iterdir():
        if path.name == "themes.yml":
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    (tree.content / "experiences").mkdir()
    (tree.content / "bouquets").mkdir()


@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(written=files)
def test_ten_thousand_random_trees_never_raise_and_every_problem_is_located(tree, written):
    _reset(tree)
    lines = {}
    for relative, data in written.items():
        try:
            tree.write(relative, data)
        except OSError:  # a name this file system refuses (too long once encoded…)
            continue
        lines[f"content/{relative}"] = data.count(b"\n") + 1
    result = check_content(tree.content, tree.root)
    for problem in result.problems:
        assert isinstance(problem.path, str) and problem.path, problem
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        assert CODE.fullmatch(problem.code), problem
        assert problem.message, problem
        assert problem.code != "erreur-interne", problem  # a rule crashed: _safely caught it
        assert problem.path in lines or problem.path in ("content/themes.yml", "content"), problem
        if problem.path in lines:
            assert problem.line <= lines[problem.path], (problem, lines[problem.path])
