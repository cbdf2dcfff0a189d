"""scripts/bench.py: runs both builds end to end and reports one JSON line."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "bench.py"
KEYS = {"count", "pdf_cache", "ours_s", "peer_s", "ratio", "hugo_s", "ours_over_hugo", "floor_s", "floor_over_hugo",
        "floor_peak_mib", "floor_rebuild_s", "ours_peak_mib", "ours_tree_mib", "hugo_tree_mib",
        "bytes_per_experience_page", "site_mb", "rebuild_one_s", "load"}


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_bench(*args: str) -> tuple[dict, list[str]]:
    completed = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = completed.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    assert sum(line.lstrip().startswith("{") for line in lines) == 1  # one JSON line, the last
    return result, lines


def check_common(result: dict, count: int) -> None:
    assert set(result) == KEYS
    assert result["count"] == count and type(result["count"]) is int
    for key in ("ours_s", "ours_peak_mib", "ours_tree_mib", "site_mb", "rebuild_one_s"):
        assert isinstance(result[key], float) and result[key] > 0, key
    assert type(result["bytes_per_experience_page"]) is int and result["bytes_per_experience_page"] > 2000
    assert result["ours_peak_mib"] > 20  # a Python process with MkDocs loaded, at least
    # All processes together: MkDocs and Pagefind's indexer, never less than the largest.
    assert result["ours_tree_mib"] >= result["ours_peak_mib"] * 0.9
    assert len(result["load"]) >= 2 and all(len(x.split()) == 3 for x in result["load"])


@pytest.mark.build
def test_bench_with_peer():
    # About 20 s at 50 experiences on 2 cores: the peer is kept.
    result, lines = run_bench("--count", "50", "--runs", "1")
    check_common(result, 50)
    assert isinstance(result["peer_s"], float) and result["peer_s"] > 0
    assert isinstance(result["ratio"], float)
    # One run: the median of ratios is the ratio of the medians, up to rounding.
    assert result["ratio"] == pytest.approx(result["peer_s"] / result["ours_s"], rel=2e-3, abs=2e-3)
    assert isinstance(result["hugo_s"], float) and result["hugo_s"] > 0 and result["hugo_tree_mib"] > 0
    assert result["ours_over_hugo"] == pytest.approx(result["ours_s"] / result["hugo_s"], rel=2e-3, abs=2e-3)
    table = "\n".join(lines[:-1])
    assert "ratio material/ours" in table and "ratio ours/hugo+pagefind" in table and "rebuild after one edit" in table
    assert "load average" in table
    assert result["pdf_cache"] == "cold" and "our pdf store" in table
    assert isinstance(result["floor_s"], float) and result["floor_s"] > 0 and result["floor_peak_mib"] > 0
    assert result["floor_over_hugo"] == pytest.approx(result["floor_s"] / result["hugo_s"], rel=2e-3, abs=2e-3)
    assert isinstance(result["floor_rebuild_s"], float) and result["floor_rebuild_s"] > 0
    assert "floor rebuild after one edit, mkdocs build --dirty" in table and "floor peak RSS, mkdocs alone" in table


@pytest.mark.build
def test_bench_without_peer(tmp_path):
    keep = tmp_path / "work"
    result, lines = run_bench("--count", "20", "--runs", "1", "--no-peer", "--no-hugo", "--no-floor",
                              "--pdf-cache", "warm", "--keep", str(keep))
    check_common(result, 20)
    assert result["peer_s"] is None and result["ratio"] is None
    assert result["hugo_s"] is None and result["ours_over_hugo"] is None and result["hugo_tree_mib"] is None
    assert result["floor_s"] is None and result["floor_over_hugo"] is None and result["floor_rebuild_s"] is None
    assert not (keep / "hugo-site").exists() and not (keep / "floor-site").exists()
    # Warm: the untimed build filled the store, and the timed one kept it.
    assert result["pdf_cache"] == "warm" and list((keep / "pdf-store").glob("*.pdf"))
    assert any(line.startswith("pdf store filled by an untimed build") for line in lines)
    assert len(list((keep / "ours-site" / "experiences").glob("*/index.html"))) == 20
    assert not (keep / "peer-site").exists()
    # What to shrink: the processes at the peak of all, the build's own among them.
    (at_peak,) = [line for line in lines if line.lstrip().startswith("processes at that peak")]
    assert "python" in at_peak or "mkdocs" in at_peak


def test_the_peak_is_broken_down_by_process_largest_first():
    bench = load_bench()
    parts = [("worker", 180 * 1024), ("python", 553 * 1024), ("pagefind", 2 * 1024), ("worker", 195 * 1024)]
    assert bench.breakdown(parts) == "python 553, worker 195, worker 180"  # under 5 MiB: left out


def test_peer_corpus_is_in_the_blog_plugin_format(tmp_path):
    bench = load_bench()
    bench.generate_corpus.generate(30, tmp_path / "corpus", seed=3)
    docs = tmp_path / "docs"
    assert bench.convert_for_peer(tmp_path / "corpus", docs) == 30
    posts = sorted((docs / "blog" / "posts").glob("*.md"))
    assert len(posts) == 30 and (docs / "blog" / "index.md").exists()
    assert "<!-- material/tags -->" in (docs / "tags.md").read_text(encoding="utf-8")
    for post in posts:
        meta, body = bench.split_front_matter(post.read_text(encoding="utf-8"))
        assert meta["slug"] == post.stem and meta["draft"] is False
        assert "created" in meta["date"] and len(meta["categories"]) == 1 and 1 <= len(meta["tags"]) <= 4
        assert body.count(bench.PEER_EXCERPT) == 1
    for page in (docs / "bouquets").glob("*.md"):
        if page.name != "index.md":
            assert "](../blog/posts/" in page.read_text(encoding="utf-8")
    config = yaml.safe_load(bench.peer_config(docs, tmp_path / "site", tmp_path).read_text(encoding="utf-8"))
    assert [next(iter(p)) for p in config["plugins"]] == ["search", "blog", "tags"]
    assert config["theme"] == {**config["theme"], "name": "material", "language": "fr"}


def test_floor_corpus_is_plain_markdown_for_bare_mkdocs(tmp_path):
    """The floor's pages: the title alone in the front matter, the body and the action
    sheet as the peer's, bouquets linking to their experiences; no plugin, a theme
    of one template, the project's Markdown extensions."""
    bench = load_bench()
    corpus = tmp_path / "corpus"
    bench.generate_corpus.generate(30, corpus, seed=3)
    docs = tmp_path / "docs"
    assert bench.convert_for_floor(corpus, docs) == 30
    for name in bench.generate_corpus.STATIC_PAGES:
        assert (docs / name).read_bytes() == (corpus / name).read_bytes()
    pages = sorted((docs / "experiences").glob("*.md"))
    assert [p.name for p in pages] == sorted(p.name for p in (corpus / "experiences").glob("*.md"))
    for page in pages:
        meta, body = bench.split_front_matter(page.read_text(encoding="utf-8"))
        source, source_body = bench.split_front_matter((corpus / "experiences" / page.name).read_text(encoding="utf-8"))
        assert meta == {"title": source["title"]}
        assert body == source_body + bench._action_sheet(source)
    bouquets = sorted((docs / "bouquets").glob("*.md"))
    assert [p.name for p in bouquets] == sorted(p.name for p in (corpus / "bouquets").glob("*.md"))
    for page in bouquets:
        source, _ = bench.split_front_matter((corpus / "bouquets" / page.name).read_text(encoding="utf-8"))
        text = page.read_text(encoding="utf-8")
        assert all(f"](../experiences/{slug}.md)" in text for slug in source["experiences"])
    config = yaml.safe_load(bench.floor_config(docs, tmp_path / "site", tmp_path).read_text(encoding="utf-8"))
    assert config["plugins"] == [] and config["theme"]["name"] is None
    assert [p.name for p in Path(config["theme"]["custom_dir"]).iterdir()] == ["main.html"]
    assert config["markdown_extensions"] == bench.read_config()[0]["markdown_extensions"]
    build, pagefind = bench.floor_commands(tmp_path / "floor.yml", tmp_path / "site")
    assert build[-3:] == ["build", "-f", str(tmp_path / "floor.yml")] and pagefind[1:4] == ["-m", "pagefind", "--site"]
    assert bench.floor_commands(tmp_path / "floor.yml", tmp_path / "site", dirty=True, index=False)[0][-1] == "--dirty"


@pytest.mark.build
def test_failed_build_raises_with_its_output(tmp_path):
    bench = load_bench()
    corpus = tmp_path / "corpus"
    bench.generate_corpus.generate(5, corpus, seed=1)
    broken = sorted((corpus / "experiences").glob("*.md"))[0]
    broken.write_text(broken.read_text(encoding="utf-8").replace("date: ", "date: demain-", 1), encoding="utf-8")
    config = bench.ours_config(corpus, tmp_path / "site", tmp_path)
    with pytest.raises(bench.BuildFailed) as failure:
        bench.run_build("ours", config, True, {**bench.os.environ, "NO_MKDOCS_2_WARNING": "1"}, tmp_path)
    assert failure.value.completed.returncode != 0
    assert "date-invalide" in failure.value.completed.stderr


def test_hugo_peer_site_has_every_page_kind(tmp_path):
    """The Hugo peer is the equivalent site: every published experience and bouquet,
    themes and territories as taxonomies (listings and feeds), pages indexed by
    Pagefind. Written only: the build tests run Hugo."""
    bench = load_bench()
    corpus = tmp_path / "corpus"
    bench.generate_corpus.generate(30, corpus, seed=3)
    site = tmp_path / "hugo"
    assert bench.bench_hugo.write_site(corpus, site, bench.geography) == 30
    config = yaml.safe_load((site / "hugo.yaml").read_text(encoding="utf-8"))
    assert config["taxonomies"] == {"theme": "themes", "region": "regions", "departement": "departements"}
    assert config["pagination"]["pagerSize"] == 30 and "rss" in config["outputs"]["term"]
    pages = sorted((site / "content" / "experiences").glob("*.md"))
    assert len([p for p in pages if p.name != "_index.md"]) == 30
    for page in pages:
        if page.name == "_index.md":
            continue
        meta, body = bench.split_front_matter(page.read_text(encoding="utf-8"))
        source, source_body = bench.split_front_matter((corpus / "experiences" / page.name).read_text(encoding="utf-8"))
        assert meta["title"] == source["title"] and meta["themes"] == source["tags"] and body == source_body
        assert meta["date"] == source["date"].isoformat()
        if source.get("departement"):
            assert meta["regions"] and meta["departements"][0].endswith(f"({source['departement']})")
    bouquets = [p for p in (site / "content" / "bouquets").glob("*.md") if p.name != "_index.md"]
    assert bouquets and all(bench.split_front_matter(p.read_text(encoding="utf-8"))[0]["experiences"] for p in bouquets)
    assert "data-pagefind-body" in (site / "layouts" / "single.html").read_text(encoding="utf-8")
    hugo, pagefind = bench.bench_hugo.build_commands(site)
    assert Path(hugo[0]).name == "hugo" and Path(hugo[0]).exists()
    assert pagefind[1:4] == ["-m", "pagefind", "--site"]


@pytest.mark.build
def test_hugo_peer_builds_and_indexes(tmp_path):
    bench = load_bench()
    corpus, site = tmp_path / "corpus", tmp_path / "hugo"
    bench.generate_corpus.generate(12, corpus, seed=2)
    bench.bench_hugo.write_site(corpus, site, bench.geography)
    measured = bench.run_commands("hugo", bench.bench_hugo.build_commands(site), dict(bench.os.environ), tmp_path)
    public = site / "public"
    assert len(list((public / "experiences").glob("*/index.html"))) == 12
    assert (public / "index.xml").exists() and list((public / "themes").glob("*/index.xml"))
    assert list((public / "regions").glob("*/index.html")) and (public / "pagefind" / "pagefind-entry.json").exists()
    entry = json.loads((public / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    bouquets = len([p for p in (corpus / "bouquets").glob("*.md")])
    assert entry["languages"]["fr"]["page_count"] == 12 + bouquets
    assert measured["s"] > 0 and measured["tree_mib"] > 0


@pytest.mark.build
def test_the_memory_timeline_prints_samples_then_the_peak(tmp_path):
    script = ROOT / "scripts" / "memory_timeline.py"
    completed = subprocess.run([sys.executable, str(script), "--count", "15", "--work", str(tmp_path / "work"), "--every", "0.5"],
                               capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = completed.stdout.strip().splitlines()
    assert lines[0].startswith("corpus: 15 experiences")
    assert any(line.lstrip().startswith("t ") and "python" in line for line in lines[1:-1])  # the MkDocs process, sampled
    assert lines[-1].startswith("count 15, cold pdf store:") and "at the peak: " in lines[-1]
    assert len(list((tmp_path / "work" / "ours-site" / "experiences").glob("*/index.html"))) == 15
