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


HOSTILE_NAME = "a\n::error file=x::inj%0A,b\r\n::warning::c.md"
NAME_PROPERTY = "content/experiences/a%0A%3A%3Aerror file=x%3A%3Ainj%250A%2Cb\\u000d%0A%3A%3Awarning%3A%3Ac.md"
HOSTILE_URL = 'source:\n  name: Source\n  url: "https://a\\n::warning title=pwn::injecté, 100%\\n::stop-commands::x"'


def test_github_output_is_one_annotation_per_problem_whatever_the_names_and_values(tree):
    tree.write(f"experiences/{HOSTILE_NAME}", experience(source=HOSTILE_URL))
    completed = run(tree, "--github")
    lines = completed.stdout.split("\n")
    assert lines.pop() == ""
    assert len(lines) == 2 and all(line.startswith(f"::error file={NAME_PROPERTY},line=") for line in lines)
    url = next(line for line in lines if "title=url-invalide::" in line)
    assert url.startswith(f"::error file={NAME_PROPERTY},line=11,title=url-invalide::")
    assert "https://a%0A::warning title=pwn::injecté, 100%25%0A::stop-command" in url
    assert "\r" not in completed.stdout and "\n::" not in completed.stderr and completed.stderr.startswith("2 problème(s)")


def test_text_report_keeps_one_line_per_problem_whatever_the_names_and_values(tree):
    tree.write(f"experiences/{HOSTILE_NAME}", experience(source=HOSTILE_URL))
    lines = run(tree).stdout.split("\n")
    assert len(lines) == 4 and lines[-1] == ""
    assert all(line.startswith("content/experiences/a\\n::error file=x::inj%0A,b\\u000d\\n::warning::c.md:") for line in lines[:2])
