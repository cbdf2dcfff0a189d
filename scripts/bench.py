#!/usr/bin/env python3
"""Benchmark our full build against two peers on the same corpus.

    python scripts/bench.py --count 1000 [--runs 3] [--keep DIR] [--no-peer] [--no-hugo]
                            [--no-floor] [--pdf-cache cold|warm]

1. Generates a corpus of --count experiences once (scripts/generate_corpus.py, seed 1).
2. OURS: `mkdocs build --strict` with the project's mkdocs.yml (docs_dir pointed at
   the corpus, hooks and overrides made absolute, by bouquet.buildconfig):
   validation, every page, listings, feeds and the Pagefind index.
   HUGO: a minimal equivalent Hugo site of the same corpus (scripts/bench_hugo.py:
   experience and bouquet pages, theme and territory listings, feeds), `hugo`, then
   the Pagefind CLI on its output; the time is the sum of both.
   PEER (stock Material): the same corpus converted for stock Material for MkDocs as
   a user would set it up today: theme material (fr), plugins search, blog
   (experiences become posts in docs/blog/posts/, `date`, `categories` = région,
   `tags` = thèmes, action-sheet fields written as Markdown at the end of the post),
   tags (a tags index page); bouquets are plain pages linking to the posts. Built
   with plain `mkdocs build`.
   FLOOR (the engine alone): the same corpus as plain Markdown pages (front matter
   reduced to the title; the action sheet written in Markdown as for PEER; bouquets
   list their experiences) built by the same MkDocs with no plugin at all, the
   project's Markdown extensions and a theme of one `main.html` that prints the
   title and the content; then the Pagefind CLI on its output, as for HUGO. No site
   built by MkDocs can be faster than this: it is what the engine and the indexer
   cost before any template, listing, feed, check or PDF.
3. Alternates OURS / HUGO / PEER / FLOOR --runs times; wall time of each build, peak RSS of
   its largest process (/usr/bin/time -v when present, else a wrapper reading
   getrusage(RUSAGE_CHILDREN)), and the peak of the summed RSS of all its processes
   (Pagefind's indexer included), sampled every 50 ms with psutil (from /proc
   without it). The load average is printed with every run.
   Every timed OUR build starts without the pipeline's .cache/ (beside its mkdocs.yml).
   --pdf-cache cold (default): without the PDF store either, so every PDF edition is
   laid out again. --pdf-cache warm: one untimed build fills the PDF store first and
   every timed build keeps it (and only it), as a deploy that restores the store
   between deploys does (.github/workflows/deploy.yml); neither peer makes PDFs.
4. Measures OUR site (mean size of experiences/*/index.html, total size) and the
   time of a second OUR build after appending a sentence to one experience, with the
   same site dir and the .cache/ left by the last timed build (warm). For FLOOR, the
   same edit then two MkDocs builds without Pagefind (serve does not index): a full
   one, which is what `mkdocs serve` runs after each save, and `--dirty`, which
   renders only the pages whose source is newer than their output.

Prints a table, then one final JSON line:
{"count", "pdf_cache", "ours_s", "peer_s", "ratio", "hugo_s", "ours_over_hugo",
 "floor_s", "floor_over_hugo", "floor_peak_mib", "floor_rebuild_s", "ours_peak_mib",
 "ours_tree_mib", "hugo_tree_mib", "bytes_per_experience_page", "site_mb",
 "rebuild_one_s", "load"}  (ratio = median over runs of peer_s / ours_s, Material
over ours; ours_over_hugo = median over runs of ours_s / hugo_s; floor_over_hugo
likewise; floor_peak_mib: the floor's peak of all its processes; with --no-peer,
--no-hugo or --no-floor, that peer's values are null; load: the load averages before
each run and at the end). A failed build prints the tail of its output and exits 1. Builds run
with the repository root as working directory.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

try:
    import psutil
except ImportError:  # the dev extras install it; /proc is read without it
    psutil = None

from bouquet import edition, engine
from bouquet.buildconfig import ROOT, read_config, write_config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_hugo  # noqa: E402  (sibling module: the Hugo + Pagefind peer)
import generate_corpus  # noqa: E402  (sibling script)
from generate_corpus import geography  # noqa: E402

TIME = Path("/usr/bin/time")
SEED = 1
MIB = 1024 * 1024
PEER_EXCERPT = "<!-- more -->"

# Runs the command given as arguments and writes its children's peak RSS (KiB) to the
# file named by BENCH_RUSAGE_FILE: the fallback when /usr/bin/time is missing.
RUSAGE_WRAPPER = (
    "import os, resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(os.environ['BENCH_RUSAGE_FILE'], 'w').write(\n"
    "    f'Maximum resident set size (kbytes): {usage.ru_maxrss}\\n'\n"
    "    f'User time (seconds): {usage.ru_utime}\\nSystem time (seconds): {usage.ru_stime}\\n')\n"
    "sys.exit(code)\n"
)


class BuildFailed(Exception):
    def __init__(self, label: str, completed: subprocess.CompletedProcess):
        super().__init__(label)
        self.label = label
        self.completed = completed


# ---------------------------------------------------------------------------
# Configurations


def ours_config(corpus: Path, site: Path, work: Path) -> Path:
    """The project's mkdocs.yml with absolute paths, as `make build` uses it."""
    try:
        return write_config(corpus, site, work, "ours-mkdocs.yml")
    except ValueError as error:
        raise SystemExit(f"bench: {error}") from None


def peer_config(docs: Path, site: Path, work: Path) -> Path:
    """Stock Material for MkDocs: search, blog and tags plugins, nothing custom."""
    config = {
        "site_name": "Bouquet d'expériences",
        "site_description": "Expériences de coopération entre collectivités, associations, entreprises et habitants.",
        "site_url": "https://bouquet.example/",
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": "fr",
            "features": ["navigation.tabs", "navigation.sections", "navigation.top", "navigation.indexes"],
        },
        "plugins": [
            {"search": {"lang": "fr"}},
            {"blog": {"blog_dir": "blog", "blog_toc": True, "post_date_format": "long",
                      "archive_date_format": "yyyy", "categories_allowed": []}},
            {"tags": {}},
        ],
        "markdown_extensions": [
            {"toc": {"permalink": False}}, "tables", "admonition", "footnotes", "sane_lists", "def_list",
        ],
        "nav": [
            {"Accueil": "index.md"},
            {"Expériences": ["blog/index.md"]},
            {"Bouquets": "bouquets/index.md"},
            {"Thèmes": "tags.md"},
            {"À propos": "a-propos.md"},
            {"Contribuer": "contribuer.md"},
            {"Accessibilité": "accessibilite.md"},
            {"Mentions légales": "mentions-legales.md"},
        ],
        "not_in_nav": "/bouquets/*\n",
    }
    path = work / "peer-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# The peer corpus


def split_front_matter(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _region_of(meta: dict) -> str | None:
    if meta.get("region"):
        return meta["region"]
    if meta.get("departement"):
        dep = geography.departement(str(meta["departement"]))
        return dep.region.name if dep else None
    return None


def _action_sheet(meta: dict) -> str:
    """The fields our templates render, written in Markdown as a Material user would."""
    out = []
    place = ", ".join(x for x in (meta.get("commune"), _dep_label(meta), _region_of(meta)) if x)
    if place:
        out.append(f"**Territoire :** {place}")
    for key, label in (("leads", "Porteurs de l'action"), ("partners", "Partenaires"), ("impacts", "Impacts")):
        if meta.get(key):
            out.append(f"**{label} :**\n\n" + "\n".join(f"- {x}" for x in meta[key]))
    resources = meta.get("resources") or {}
    if resources:
        names = {"human": "Moyens humains", "financial": "Moyens financiers", "material": "Moyens matériels"}
        out.append("**Moyens :**\n\n" + "\n".join(f"- {names[k]} : {v}" for k, v in resources.items()))
    quote = meta.get("quote")
    if quote:
        out.append(f"> {quote['text']}" + (f"\n>\n> — {quote['author']}" if quote.get("author") else ""))
    contact = meta.get("contact")
    if contact:
        lines = [contact.get("name", ""), contact.get("role", "")]
        if contact.get("email"):
            lines.append(f"[{contact['email']}](mailto:{contact['email']})")
        if contact.get("phone"):
            lines.append(contact["phone"])
        if contact.get("url"):
            lines.append(f"<{contact['url']}>")
        out.append("**Contact :** " + " · ".join(x for x in lines if x))
    source = meta.get("source")
    if source:
        out.append("**Source :** " + (f"[{source['name']}]({source['url']})" if source.get("url") else source["name"]))
    if meta.get("links"):
        out.append("**Pour aller plus loin :**\n\n" + "\n".join(f"- [{x['label']}]({x['url']})" for x in meta["links"]))
    if not out:
        return ""
    return "\n\n## Fiche action\n\n" + "\n\n".join(out) + "\n"


def _dep_label(meta: dict) -> str | None:
    if not meta.get("departement"):
        return None
    dep = geography.departement(str(meta["departement"]))
    return f"{dep.name} ({dep.code})" if dep else None


def _with_excerpt(body: str) -> str:
    """<!-- more --> after the first paragraph, as blog authors do."""
    blocks = body.strip("\n").split("\n\n")
    index = next((i for i, b in enumerate(blocks) if not b.startswith("#")), 0)
    return "\n\n".join(blocks[: index + 1] + [PEER_EXCERPT] + blocks[index + 1:]) + "\n"


def convert_for_peer(corpus: Path, docs: Path) -> int:
    """Writes the blog-plugin version of the corpus; returns the number of posts."""
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (docs / "bouquets").mkdir()
    for name in generate_corpus.STATIC_PAGES:
        shutil.copyfile(corpus / name, docs / name)
    (docs / "blog" / "index.md").write_text("# Expériences\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Thèmes\n\n<!-- material/tags -->\n", encoding="utf-8")
    titles: dict[str, str] = {}
    count = 0
    for source in sorted((corpus / "experiences").glob("*.md")):
        meta, body = split_front_matter(source.read_text(encoding="utf-8"))
        slug = source.stem
        titles[slug] = meta["title"]
        date = {"created": meta["date"]}
        if meta.get("updated"):
            date["updated"] = meta["updated"]
        front = {"title": meta["title"], "description": meta["description"], "slug": slug, "date": date,
                 "categories": [_region_of(meta) or "France entière"], "tags": list(meta["tags"]), "draft": False}
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"
        (posts / f"{slug}.md").write_text(text + _with_excerpt(body) + _action_sheet(meta), encoding="utf-8")
        count += 1
    index = ["# Bouquets", ""]
    for source in sorted((corpus / "bouquets").glob("*.md")):
        meta, body = split_front_matter(source.read_text(encoding="utf-8"))
        front = {"title": meta["title"], "description": meta["description"], "date": meta["date"]}
        items = "\n".join(f"- [{titles[s]}](../blog/posts/{s}.md)" for s in meta["experiences"])
        text = ("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"
                + f"*Actualisé le {meta['date'].isoformat()}*\n\n" + body.strip("\n") + "\n\n## Les expériences\n\n" + items + "\n")
        (docs / "bouquets" / source.name).write_text(text, encoding="utf-8")
        index.append(f"- [{meta['title']}]({source.name})")
    (docs / "bouquets" / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return count


# ---------------------------------------------------------------------------
# The floor: the engine and the indexer alone

# All a theme folder needs when the theme has no `name`: MkDocs renders main.html for
# every page and finds no other template (only the sitemap of its own templates).
FLOOR_MAIN_HTML = ("<!doctype html><html lang=\"fr\"><head><title>{{ page.title }}</title></head>"
                   "<body>{{ page.content }}</body></html>\n")


def convert_for_floor(corpus: Path, docs: Path) -> int:
    """Every experience and bouquet as a plain Markdown page at its address in our
    site; returns the number of experience pages."""
    (docs / "experiences").mkdir(parents=True)
    (docs / "bouquets").mkdir()
    for name in generate_corpus.STATIC_PAGES:
        shutil.copyfile(corpus / name, docs / name)
    titles: dict[str, str] = {}
    count = 0
    for source in sorted((corpus / "experiences").glob("*.md")):
        meta, body = split_front_matter(source.read_text(encoding="utf-8"))
        if meta.get("draft"):
            continue
        titles[source.stem] = meta["title"]
        front = "---\n" + yaml.safe_dump({"title": meta["title"]}, allow_unicode=True, width=10_000) + "---\n"
        (docs / "experiences" / source.name).write_text(front + body + _action_sheet(meta), encoding="utf-8")
        count += 1
    for source in sorted((corpus / "bouquets").glob("*.md")):
        meta, body = split_front_matter(source.read_text(encoding="utf-8"))
        if meta.get("draft"):
            continue
        items = "\n".join(f"- [{titles[s]}](../experiences/{s}.md)" for s in meta["experiences"] if s in titles)
        front = "---\n" + yaml.safe_dump({"title": meta["title"]}, allow_unicode=True, width=10_000) + "---\n\n"
        (docs / "bouquets" / source.name).write_text(front + body.strip("\n") + "\n\n## Les expériences\n\n" + items + "\n",
                                                     encoding="utf-8")
    return count


def floor_config(docs: Path, site: Path, work: Path) -> Path:
    """Bare MkDocs: no plugin (not even the default search), a one-template theme,
    the project's own Markdown extensions (the same conversion as ours)."""
    theme = work / "floor-theme"
    theme.mkdir(exist_ok=True)
    (theme / "main.html").write_text(FLOOR_MAIN_HTML, encoding="utf-8")
    config = {
        "site_name": "Bouquet d'expériences",
        "site_url": "https://bouquet.example/",
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": True,
        "theme": {"name": None, "custom_dir": str(theme)},
        "plugins": [],
        "markdown_extensions": read_config()[0]["markdown_extensions"],
    }
    path = work / "floor-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def floor_commands(config: Path, site: Path, dirty: bool = False, index: bool = True) -> list[list[str]]:
    """MkDocs, then (index) Pagefind's CLI on its output, as bench_hugo does."""
    build = [*engine.COMMAND, "build", "-f", str(config)] + (["--dirty"] if dirty else [])
    pagefind = [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "fr", "--silent"]
    return [build, pagefind] if index else [build]


# ---------------------------------------------------------------------------
# Running builds


def _children(pid: int) -> list[int]:
    try:
        found = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(x) for x in handle.read().split()]
        return found
    except OSError:
        return []


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _label(process) -> str:
    """What a process of the build is, for the peak's breakdown: its executable's
    name; a spawned Python child (multiprocessing) is told by what it starts: the
    one that starts Pagefind is the search indexer's, the others are PDF workers."""
    try:
        name = process.name()
        if "python" in name and any("spawn_main" in part for part in process.cmdline()):
            return "indexer-child" if any("pagefind" in c.name() for c in process.children()) else "worker"
        return name
    except psutil.Error:
        return "?"


def _tree_rss_kib(pid: int) -> tuple[int, int, list[tuple[str, int]]]:
    """(summed RSS of the process tree under pid, RSS of pid's direct child, each
    process's (label, RSS)) in KiB: psutil when installed (dev extras), /proc
    otherwise (without labels; zeros without either)."""
    if psutil is not None:
        try:
            root = psutil.Process(pid)
            direct = root.children()
            processes = [root] + root.children(recursive=True)
        except psutil.Error:
            return 0, 0, []
        total = main = 0
        parts = []
        for process in processes:
            try:
                rss = process.memory_info().rss // 1024
            except psutil.Error:
                continue
            total += rss
            parts.append((_label(process), rss))
            if process in direct:
                main = max(main, rss)
        return total, main, parts
    total = main = 0
    stack = [(pid, 0)]
    while stack:
        current, depth = stack.pop()
        rss = _rss_kib(current)
        total += rss
        if depth == 1:
            main = max(main, rss)
        stack += [(child, depth + 1) for child in _children(current)]
    return total, main, []


def breakdown(parts: list[tuple[str, int]]) -> str:
    """The processes at the peak, largest first, in MiB (those under 5 MiB left out)."""
    return ", ".join(f"{label} {kib / 1024:.0f}" for label, kib in sorted(parts, key=lambda p: -p[1]) if kib >= 5 * 1024)


class TreeSampler(threading.Thread):
    """Samples a process tree every 50 ms.

    tree_kib: peak of the summed RSS of every process of the build (Pagefind's
    indexer included); main_kib: peak RSS of the build itself, the wrapper's child
    (the mkdocs or hugo process, without its helpers); peak_parts: the processes
    at the moment of tree_kib, which says what to shrink.
    """

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.tree_kib, self.main_kib = pid, 0, 0
        self.peak_parts: list[tuple[str, int]] = []
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.05):
            total, main, parts = _tree_rss_kib(self.pid)
            if total > self.tree_kib:
                self.tree_kib, self.peak_parts = total, parts
            self.main_kib = max(self.main_kib, main)


def run_build(label: str, config: Path, strict: bool, env: dict, work: Path) -> dict:
    """Runs one MkDocs build; see run_commands."""
    command = [*engine.COMMAND, "build", "-f", str(config)] + (["--strict"] if strict else [])
    return run_commands(label, [command], env, work)


def run_commands(label: str, commands: list[list[str]], env: dict, work: Path) -> dict:
    """Runs the commands of one build one after the other; returns the wall time of
    all of them, the peak RSS of their largest process (MiB), the sampled peaks of
    the whole process tree and of the main process (MiB, largest over the
    commands: they never overlap), CPU time and the warnings printed."""
    result: dict[str, Any] = {"s": 0.0, "peak_mib": 0.0, "tree_mib": 0.0, "main_mib": 0.0, "cpu_s": 0.0, "warnings": 0,
                              "at_peak": ""}
    for step, command in enumerate(commands):
        report = work / f"rusage-{label}-{step}.txt"
        report.unlink(missing_ok=True)
        if TIME.exists():
            command = [str(TIME), "-v", "-o", str(report)] + command
        else:
            command = [sys.executable, "-c", RUSAGE_WRAPPER] + command
        step_env = {**env, "BENCH_RUSAGE_FILE": str(report)}
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=step_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        sampler = TreeSampler(process.pid)
        sampler.start()
        stdout, stderr = process.communicate()
        result["s"] += time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        completed = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
        if process.returncode != 0:
            raise BuildFailed(label, completed)
        text = report.read_text(encoding="utf-8", errors="replace") if report.exists() else ""
        match = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", text)
        peak_kib = int(match.group(1)) if match else 0
        result["peak_mib"] = max(result["peak_mib"], peak_kib * 1024 / MIB)
        if sampler.tree_kib * 1024 / MIB > result["tree_mib"]:
            result["tree_mib"], result["at_peak"] = sampler.tree_kib * 1024 / MIB, breakdown(sampler.peak_parts)
        result["main_mib"] = max(result["main_mib"], sampler.main_kib * 1024 / MIB)
        result["cpu_s"] += sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\):\s*([\d.]+)", text))
        result["warnings"] += len(re.findall(r"^WARNING", stderr, re.MULTILINE))
    return result


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def append_sentence(corpus: Path) -> Path:
    target = sorted((corpus / "experiences").glob("*.md"))[0]
    with open(target, "a", encoding="utf-8") as handle:
        handle.write("\nUne phrase ajoutée pour mesurer la reconstruction après une modification.\n")
    return target


def mean_page_bytes(site: Path) -> float:
    pages = list((site / "experiences").glob("*/index.html"))
    return sum(p.stat().st_size for p in pages) / len(pages) if pages else 0.0


# ---------------------------------------------------------------------------


def build_env(pdf_store: Path) -> dict[str, str]:
    """The environment of every timed build: a site URL, a fixed date, the PDF store named."""
    return {**os.environ, "BOUQUET_SITE_URL": "https://bouquet.example/", "NO_MKDOCS_2_WARNING": "1",
            "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000"), edition.CACHE_VARIABLE: str(pdf_store)}


def bench(count: int, runs: int, work: Path, peer: bool, log=print, hugo: bool = True, floor: bool = True,
          pdf_cache: str = "cold") -> dict:
    corpus, ours_site = work / "corpus", work / "ours-site"
    start = time.perf_counter()
    generate_corpus.generate(count, corpus, SEED)
    log(f"corpus: {count} experiences generated in {time.perf_counter() - start:.1f} s → {corpus}")
    # The PDF store is named here, outside .cache/, so that a cold run is cold whatever
    # the caller's environment says and a warm one keeps exactly that folder.
    pdf_store = work / "pdf-store"
    env = build_env(pdf_store)
    ours_cfg = ours_config(corpus, ours_site, work)
    peer_cfg = None
    if peer:
        peer_docs = work / "peer-docs"
        posts = convert_for_peer(corpus, peer_docs)
        peer_cfg = peer_config(peer_docs, work / "peer-site", work)
        log(f"peer: {posts} blog posts written → {peer_docs}")
    hugo_site = work / "hugo-site"
    if hugo:
        written = bench_hugo.write_site(corpus, hugo_site, geography)
        log(f"hugo: {written} experience pages written → {hugo_site}")
    floor_docs, floor_site = work / "floor-docs", work / "floor-site"
    floor_cfg = None
    if floor:
        written = convert_for_floor(corpus, floor_docs)
        floor_cfg = floor_config(floor_docs, floor_site, work)
        log(f"floor: {written} experience pages written → {floor_docs}")
    ours, peers, hugos, floors, loads = [], [], [], [], []
    # Our pipeline may cache rendered pages in .cache/ beside its mkdocs.yml: every
    # timed build starts cold; only the rebuild after one edit finds it warm.
    cache = ours_cfg.parent / ".cache"
    if pdf_cache == "warm":
        shutil.rmtree(cache, ignore_errors=True)
        fill = run_build("ours", ours_cfg, True, env, work)
        log(f"pdf store filled by an untimed build ({fill['s']:.2f} s): "
            f"{len(list(pdf_store.glob('*.pdf')))} PDFs, load {load_average()}")
    for run in range(1, runs + 1):
        loads.append(load_average())
        shutil.rmtree(cache, ignore_errors=True)
        if pdf_cache == "cold":
            shutil.rmtree(pdf_store, ignore_errors=True)
        ours.append(run_build("ours", ours_cfg, True, env, work))
        log(f"run {run}/{runs}: ours ({pdf_cache} pdf store) {ours[-1]['s']:.2f} s, peak {ours[-1]['peak_mib']:.0f} MiB "
            f"(mkdocs process {ours[-1]['main_mib']:.0f} MiB, tree {ours[-1]['tree_mib']:.0f} MiB: {ours[-1]['at_peak']}), "
            f"load {loads[-1]}")
        if hugo:
            bench_hugo.clean(hugo_site)
            hugos.append(run_commands("hugo", bench_hugo.build_commands(hugo_site), env, work))
            log(f"run {run}/{runs}: hugo + pagefind {hugos[-1]['s']:.2f} s, tree {hugos[-1]['tree_mib']:.0f} MiB, "
                f"load {load_average()}")
        if peer_cfg:
            peers.append(run_build("peer", peer_cfg, False, env, work))
            log(f"run {run}/{runs}: peer {peers[-1]['s']:.2f} s, peak {peers[-1]['peak_mib']:.0f} MiB "
                f"(tree {peers[-1]['tree_mib']:.0f} MiB, {peers[-1]['warnings']} warnings), load {load_average()}")
        if floor_cfg:
            shutil.rmtree(floor_site, ignore_errors=True)
            floors.append(run_commands("floor", floor_commands(floor_cfg, floor_site), env, work))
            log(f"run {run}/{runs}: floor (mkdocs + pagefind) {floors[-1]['s']:.2f} s, tree {floors[-1]['tree_mib']:.0f} MiB, "
                f"load {load_average()}")
    experience_pages = list((ours_site / "experiences").glob("*/index.html"))
    if len(experience_pages) != count:
        raise SystemExit(f"bench: expected {count} experience pages in our site, found {len(experience_pages)}.")
    if hugo and len(list((hugo_site / "public" / "experiences").glob("*/index.html"))) != count:
        raise SystemExit(f"bench: expected {count} experience pages in the Hugo site.")
    if floor and len(list((floor_site / "experiences").glob("*/index.html"))) != count:
        raise SystemExit(f"bench: expected {count} experience pages in the floor site.")
    bytes_per_page = mean_page_bytes(ours_site)
    site_bytes = dir_bytes(ours_site)
    edited = append_sentence(corpus)
    rebuild = run_build("ours", ours_cfg, True, env, work)
    log(f"rebuild after editing {edited.name}: {rebuild['s']:.2f} s")
    floor_rebuild = floor_dirty = None
    if floor_cfg:
        floor_bytes, floor_site_bytes = mean_page_bytes(floor_site), dir_bytes(floor_site)
        append_sentence(floor_docs)
        floor_rebuild = run_commands("floor", floor_commands(floor_cfg, floor_site, index=False), env, work)
        append_sentence(floor_docs)
        floor_dirty = run_commands("floor", floor_commands(floor_cfg, floor_site, dirty=True, index=False), env, work)
        log(f"floor rebuild after editing {edited.name}, mkdocs only: full {floor_rebuild['s']:.2f} s, "
            f"--dirty {floor_dirty['s']:.2f} s")
    loads.append(load_average())
    ours_s = statistics.median(r["s"] for r in ours)
    result = {
        "count": count,
        "pdf_cache": pdf_cache,
        "ours_s": round(ours_s, 3),
        "peer_s": round(statistics.median(r["s"] for r in peers), 3) if peers else None,
        "ratio": round(statistics.median(p["s"] / o["s"] for o, p in zip(ours, peers, strict=True)), 3) if peers else None,
        "hugo_s": round(statistics.median(r["s"] for r in hugos), 3) if hugos else None,
        "ours_over_hugo": round(statistics.median(o["s"] / h["s"] for o, h in zip(ours, hugos, strict=True)), 3) if hugos else None,
        "floor_s": round(statistics.median(r["s"] for r in floors), 3) if floors else None,
        "floor_over_hugo": round(statistics.median(f["s"] / h["s"] for f, h in zip(floors, hugos, strict=True)), 3)
        if floors and hugos else None,
        "floor_peak_mib": round(max(r["tree_mib"] for r in floors), 1) if floors else None,
        "floor_rebuild_s": round(floor_rebuild["s"], 3) if floor_rebuild else None,
        "ours_peak_mib": round(statistics.median(r["peak_mib"] for r in ours), 1),
        "ours_tree_mib": round(max(r["tree_mib"] for r in ours), 1),
        "hugo_tree_mib": round(max(r["tree_mib"] for r in hugos), 1) if hugos else None,
        "bytes_per_experience_page": round(bytes_per_page),
        "site_mb": round(site_bytes / 1e6, 2),
        "rebuild_one_s": round(rebuild["s"], 3),
        "load": loads,
    }
    extra = {
        "ours_main_mib": statistics.median(r["main_mib"] for r in ours),
        "ours_at_peak": max(ours, key=lambda r: r["tree_mib"])["at_peak"],
        "ours_cpu_s": statistics.median(r["cpu_s"] for r in ours),
        "peer_cpu_s": statistics.median(r["cpu_s"] for r in peers) if peers else None,
        "hugo_cpu_s": statistics.median(r["cpu_s"] for r in hugos) if hugos else None,
        "floor_cpu_s": statistics.median(r["cpu_s"] for r in floors) if floors else None,
        "peer_peak_mib": statistics.median(r["peak_mib"] for r in peers) if peers else None,
        "peer_tree_mib": max(r["tree_mib"] for r in peers) if peers else None,
        "peer_site_mb": dir_bytes(work / "peer-site") / 1e6 if peers else None,
        "hugo_site_mb": dir_bytes(hugo_site / "public") / 1e6 if hugos else None,
        "hugo_bytes": mean_page_bytes(hugo_site / "public") if hugos else None,
        "floor_site_mb": floor_site_bytes / 1e6 if floors else None,
        "floor_bytes": floor_bytes if floors else None,
        "floor_dirty_s": floor_dirty["s"] if floor_dirty else None,
        # MkDocs alone (the rebuild runs no Pagefind): what the engine holds for this corpus.
        "floor_mkdocs_mib": floor_rebuild["tree_mib"] if floor_rebuild else None,
        "peer_warnings": peers[-1]["warnings"] if peers else None,
    }
    return {"result": result, "extra": extra}


def table(result: dict, extra: dict, runs: int) -> str:
    def fmt(value, spec):
        return "—" if value is None else format(value, spec)

    rows = [
        ("experiences", str(result["count"])),
        ("our pdf store (cold: emptied before each run; warm: kept)", result["pdf_cache"]),
        (f"ours, median of {runs} (s)", fmt(result["ours_s"], ".2f")),
        (f"hugo + pagefind, median of {runs} (s)", fmt(result["hugo_s"], ".2f")),
        (f"stock material, median of {runs} (s)", fmt(result["peer_s"], ".2f")),
        (f"floor, bare mkdocs + pagefind, median of {runs} (s)", fmt(result["floor_s"], ".2f")),
        ("ratio ours/hugo+pagefind (median)", fmt(result["ours_over_hugo"], ".2f")),
        ("ratio material/ours (median)", fmt(result["ratio"], ".2f")),
        ("ratio floor/hugo+pagefind (median)", fmt(result["floor_over_hugo"], ".2f")),
        ("ours CPU, user+sys incl. children (s)", fmt(extra["ours_cpu_s"], ".2f")),
        ("hugo + pagefind CPU (s)", fmt(extra["hugo_cpu_s"], ".2f")),
        ("material CPU, user+sys incl. children (s)", fmt(extra["peer_cpu_s"], ".2f")),
        ("floor CPU (s)", fmt(extra["floor_cpu_s"], ".2f")),
        ("ours peak RSS, largest process (MiB)", fmt(result["ours_peak_mib"], ".0f")),
        ("ours peak RSS, mkdocs process, sampled (MiB)", fmt(extra["ours_main_mib"], ".0f")),
        ("ours peak RSS, all processes, sampled (MiB)", fmt(result["ours_tree_mib"], ".0f")),
        ("  processes at that peak (MiB)", extra["ours_at_peak"] or "—"),
        ("hugo + pagefind peak RSS, all processes (MiB)", fmt(result["hugo_tree_mib"], ".0f")),
        ("material peak RSS, all processes (MiB)", fmt(extra["peer_tree_mib"], ".0f")),
        ("floor peak RSS, all processes (MiB)", fmt(result["floor_peak_mib"], ".0f")),
        ("floor peak RSS, mkdocs alone (its rebuild) (MiB)", fmt(extra["floor_mkdocs_mib"], ".0f")),
        ("bytes per experience page", str(result["bytes_per_experience_page"])),
        ("hugo bytes per experience page", fmt(extra["hugo_bytes"], ".0f")),
        ("floor bytes per experience page", fmt(extra["floor_bytes"], ".0f")),
        ("our site (MB)", fmt(result["site_mb"], ".2f")),
        ("hugo site (MB)", fmt(extra["hugo_site_mb"], ".2f")),
        ("material site (MB)", fmt(extra["peer_site_mb"], ".2f")),
        ("rebuild after one edit, warm cache (s)", fmt(result["rebuild_one_s"], ".2f")),
        ("floor rebuild after one edit, full mkdocs build (s)", fmt(result["floor_rebuild_s"], ".2f")),
        ("floor rebuild after one edit, mkdocs build --dirty (s)", fmt(extra["floor_dirty_s"], ".2f")),
        ("load average (1, 5, 15 min) per run", " | ".join(result["load"])),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v:>10}" for k, v in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bouquet build benchmark: our pipeline vs stock Material for MkDocs.")
    parser.add_argument("--count", type=int, required=True, help="number of generated experiences")
    parser.add_argument("--runs", type=int, default=3, help="alternated ours/peer builds (default 3)")
    parser.add_argument("--keep", type=Path, help="work in DIR (empty or absent) and keep corpus and sites there")
    parser.add_argument("--no-peer", action="store_true", help="skip the stock Material build")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo + Pagefind build")
    parser.add_argument("--no-floor", action="store_true", help="skip the bare MkDocs + Pagefind build")
    parser.add_argument("--pdf-cache", choices=("cold", "warm"), default="cold",
                        help="cold: every timed build lays out every PDF (default); warm: the PDF store of an "
                             "untimed first build is kept, as between deploys")
    args = parser.parse_args(argv)
    if args.count < 1 or args.runs < 1:
        parser.error("--count and --runs must be at least 1")
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"--keep {args.keep}: the folder must be empty or absent")
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep.resolve()
    else:
        work = Path(tempfile.mkdtemp(prefix="bouquet-bench-"))
    try:
        measured = bench(args.count, args.runs, work, peer=not args.no_peer, hugo=not args.no_hugo,
                         floor=not args.no_floor, pdf_cache=args.pdf_cache)
    except BuildFailed as failure:
        output = failure.completed.stderr or failure.completed.stdout or ""
        tail = "\n".join(output.rstrip().splitlines()[-40:])
        print(f"bench: the {failure.label} build failed (exit {failure.completed.returncode}):\n{tail}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(measured["result"], measured["extra"], args.runs))
    print(json.dumps(measured["result"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
