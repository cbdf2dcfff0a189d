import subprocess
import sys
from pathlib import Path

from content_tree import experience

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check.py"


def run(tree, *args, env=None):
    return subprocess.run([sys.executable, str(SCRIPT), "content", *args], cwd=tree.root, capture_output=True, text=True, env=env)


def test_exit_1_and_one_line_per_problem(tree):
    tree.write("experiences/x.md", experience(tags="tags: [Solidarite]", date="date: 2015-02-30", region="region: Bretagne"))
    completed = run(tree)
    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert lines[0].startswith("content/experiences/x.md:3: date-impossible ")
    assert lines[1].startswith("content/experiences/x.md:5: theme-inconnu ")
    assert lines[2].startswith("content/experiences/x.md:8: territoire-incoherent ")
    assert lines[3].startswith("3 problème(s)")
    assert "Traceback" not in completed.stderr


def test_github_annotations(tree):
    tree.write("experiences/x.md", experience(tags="tags: [Solidarite]"))
    completed = run(tree, "--github")
    assert "::error file=content/experiences/x.md,line=5,title=theme-inconnu::" in completed.stdout


def test_valid_content_exits_0(tree):
    tree.write("experiences/x.md", experience())
    completed = run(tree)
    assert completed.returncode == 0 and completed.stdout.startswith("Contenu valide")
