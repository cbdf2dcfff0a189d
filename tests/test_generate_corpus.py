"""scripts/generate_corpus.py: a valid, deterministic corpus of the requested size."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "generate_corpus.py"
CHECK = ROOT / "scripts" / "check.py"
STATIC = ["a-propos.md", "accessibilite.md", "contribuer.md", "index.md", "mentions-legales.md"]
COUNT = 50


def generate(out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--count", str(COUNT), "--out", str(out), *args],
                          capture_output=True, text=True, cwd=ROOT)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def front_and_body(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "seed1"
    completed = generate(out, "--seed", "1")
    assert completed.returncode == 0, completed.stderr
    assert re.fullmatch(r"generate_corpus: 57 files written to .* in \d+\.\d\d s \(seed 1\)\n", completed.stdout), completed.stdout
    return out


def test_counts_and_copied_files(corpus):
    assert len(list((corpus / "experiences").glob("*.md"))) == COUNT
    assert len(list((corpus / "bouquets").glob("*.md"))) == 1  # count // 100, at least one
    assert sorted(p.name for p in corpus.glob("*.md")) == STATIC
    for name in STATIC + ["themes.yml"]:
        assert (corpus / name).read_bytes() == (ROOT / "content" / name).read_bytes()


def test_check_py_accepts_the_corpus(corpus):
    completed = subprocess.run([sys.executable, str(CHECK), str(corpus)], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "aucun problème" in completed.stdout


def test_same_seed_same_bytes_other_seed_other_bytes(corpus, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    assert generate(again, "--seed", "1").returncode == 0
    assert generate(other, "--seed", "2").returncode == 0
    assert files(again) == files(corpus)
    other_files = files(other)
    assert set(other_files) != set(files(corpus)) or other_files != files(corpus)
    changed = [name for name, data in files(corpus).items() if name.startswith("experiences/") and other_files.get(name) != data]
    assert len(changed) > COUNT // 2


def test_experiences_look_real(corpus):
    themes = {t["name"] for t in yaml.safe_load((ROOT / "content" / "themes.yml").read_text(encoding="utf-8"))}
    with_commune = full = 0
    for path in sorted((corpus / "experiences").glob("*.md")):
        meta, body = front_and_body(path)
        assert 400 <= len(body.split()) <= 800, path.name
        assert len(re.findall(r"^## \S", body, re.MULTILINE)) >= 4, path.name
        assert re.search(r"^- \S", body, re.MULTILINE), path.name
        urls = re.findall(r"\]\(([^)]+)\)", body)
        assert len(urls) >= 2 and all(u.startswith("https://") for u in urls), path.name
        assert "<" not in body and "<" not in meta["title"] + meta["description"]
        assert 1 <= len(meta["tags"]) <= 4 and set(meta["tags"]) <= themes
        assert len(meta["title"]) <= 150 and len(meta["description"]) <= 400
        assert "departement" not in meta or isinstance(meta["departement"], str)
        with_commune += "commune" in meta
        full += all(k in meta for k in ("leads", "partners", "impacts", "resources", "quote", "contact", "source", "links"))
    assert COUNT * 0.6 <= with_commune <= COUNT * 0.95
    assert COUNT * 0.15 <= full <= COUNT * 0.55


def test_bouquets_gather_existing_experiences(corpus):
    slugs = {p.stem for p in (corpus / "experiences").glob("*.md")}
    for path in (corpus / "bouquets").glob("*.md"):
        meta, _ = front_and_body(path)
        assert 10 <= len(meta["experiences"]) <= 40
        assert len(set(meta["experiences"])) == len(meta["experiences"])
        assert set(meta["experiences"]) <= slugs


def test_refuses_a_non_empty_folder_without_force(corpus, tmp_path):
    out = tmp_path / "busy"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    refused = generate(out)
    assert refused.returncode != 0 and "not empty" in refused.stderr
    (out / "experiences").mkdir()
    (out / "experiences" / "stale.md").write_text("old")
    assert generate(out, "--force").returncode == 0
    assert not (out / "experiences" / "stale.md").exists()
    assert (out / "keep.txt").exists()
    assert files(out / "experiences") == files(corpus / "experiences")
