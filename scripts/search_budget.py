#!/usr/bin/env python3
"""Measure the bytes a reader downloads to search a built Bouquet site.

    .venv/bin/python scripts/search_budget.py --site site [--prefix /bouquet/] [--json-only]

Serves DIR under PREFIX (the browser tests' server, tests/browser/bouquet_browser.py),
opens the search page /recherche/ in Debian's Chromium (Playwright) and types, one
after the other, the queries "vélo" (the first query) then "jeunesse",
"transport personnes âgées" and "coopérative" (the later ones), waiting each time
for the results to be shown. Every response is recorded (Playwright
context.on("response")), and its body read.

Counted for the first query: the search UI (assets/search.js, assets/search.css),
the suggestion files under recherche/ (pages.json, vocabulaire.json) and everything fetched under pagefind/ from the page load until the results are
shown (pagefind.js, the worker if any, wasm, shards.json, entry, meta, index chunks,
filter files, fragments; those of every shard merged into the first, counted by kind). For each later query: only the URLs not fetched before (new
bytes). The page itself, Material's bundle and the site's own styles are not
search costs: they are listed apart, not counted.

Transfer size: the test server does not compress, so the size on the wire is
estimated as the gzip -6 size of each body (Python's gzip.compress, level 6), or
the raw size when that is smaller: Pagefind's index, filter, fragment, meta and
wasm files are gzip streams already, which servers send as they are.
1 KB = 1000 bytes. Targets: first query <= 200 KB, each later query <= 60 KB.

Prints a table, then one JSON line:
{"site": ..., "first_query_kb": ..., "later_query_kb": [...], ...}
Exit status 0 when within the targets, 1 when over, 2 when the measure failed.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from bouquet_browser import CHROMIUM_ARGS, find_chromium, serve_directory  # noqa: E402

FIRST_QUERY = "vélo"
LATER_QUERIES = ("jeunesse", "transport personnes âgées", "coopérative")
FIRST_TARGET_KB, LATER_TARGET_KB = 200, 60
UI_FILES = ("assets/search.js", "assets/search.css")


def kb(size: int) -> float:
    return round(size / 1000, 1)


def transfer_size(body: bytes) -> int:
    return min(len(body), len(gzip.compress(body, compresslevel=6)))


def category(path: str, prefix: str) -> str | None:
    """What a URL is, for the search budget; None: not a search cost."""
    rel = path[len(prefix):] if path.startswith(prefix) else path.lstrip("/")
    if rel in UI_FILES:
        return "ui"
    if rel.startswith("recherche/") and rel.endswith(".json"):
        return "vocabulary"  # « Vouliez-vous dire … » and the pages of places and themes (suggest.py)
    if not rel.startswith("pagefind/"):
        return None
    name = rel[len("pagefind/"):]
    shard, _, rest = name.partition("/")
    if shard.isdigit():  # a shard merged into the first (search.SearchIndexer): the same kinds of files
        name = rest
    if name == "shards.json":
        return "shards"
    if name == "pagefind.js":
        return "pagefind.js"
    if name == "pagefind-worker.js":
        return "worker"
    if name.startswith("wasm."):
        return "wasm"
    if name == "pagefind-entry.json":
        return "entry"
    if name.endswith(".pf_meta"):
        return "meta"
    for folder in ("index", "filter", "fragment"):
        if name.startswith(folder + "/"):
            return folder
    return "other pagefind"


class Recorder:
    """Responses seen by the browser context, each URL counted once."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.seen: set[str] = set()
        self.rows: list[dict] = []
        self.pending = 0
        self.last_activity = time.monotonic()

    def on_request(self, request) -> None:
        self.pending += 1
        self.last_activity = time.monotonic()

    def on_done(self, request) -> None:
        self.pending = max(0, self.pending - 1)
        self.last_activity = time.monotonic()

    def on_response(self, response) -> None:
        url = response.url.split("#")[0]
        if url in self.seen:
            return
        self.seen.add(url)
        path = unquote(urlsplit(url).path)
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - redirects and aborted requests have none
            body = b""
        self.rows.append({"url": url, "path": path, "category": category(path, self.prefix), "raw": len(body),
                          "transfer": transfer_size(body), "status": response.status})

    def mark(self) -> int:
        return len(self.rows)

    def settle(self, page, quiet: float = 0.6, timeout: float = 30) -> None:
        """Waits until no request has been in flight for `quiet` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            page.wait_for_timeout(100)
            if self.pending == 0 and time.monotonic() - self.last_activity >= quiet:
                return
        raise TimeoutError("the network did not settle")


def wait_for_results(page, query: str) -> None:
    page.wait_for_function(
        """(query) => {
            const status = document.querySelector('#bq-sp-status');
            return status && !status.hasAttribute('aria-busy') && status.textContent.includes('« ' + query + ' »');
        }""",
        arg=query,
        timeout=30_000,
    )


def summarize(rows: list[dict]) -> dict:
    by_category: dict[str, dict] = {}
    for row in rows:
        if row["category"] is None:
            continue
        entry = by_category.setdefault(row["category"], {"files": 0, "raw": 0, "transfer": 0})
        entry["files"] += 1
        entry["raw"] += row["raw"]
        entry["transfer"] += row["transfer"]
    total = sum(e["transfer"] for e in by_category.values())
    return {"categories": by_category, "transfer": total}


def recorded_context(browser, prefix: str):
    """A fresh browser context (cold cache) whose every request the Recorder logs."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, service_workers="block")
    recorder = Recorder(prefix)
    context.on("request", recorder.on_request)
    context.on("requestfinished", recorder.on_done)
    context.on("requestfailed", recorder.on_done)
    context.on("response", recorder.on_response)
    return context, recorder


def measure(site: Path, prefix: str, chromium: str) -> dict:
    from playwright.sync_api import sync_playwright

    steps = []
    with serve_directory(site, prefix=prefix) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            context, recorder = recorded_context(browser, server.prefix)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))

            start = recorder.mark()
            page.goto(server.url("recherche/"))
            page.wait_for_function("() => !document.querySelector('[data-bq-filters]').hidden || "
                                   "document.querySelector('#bq-sp-status').textContent.includes('Saisissez')",
                                   timeout=30_000)
            for query in (FIRST_QUERY, *LATER_QUERIES):
                page.fill("#bq-sp-q", query)
                wait_for_results(page, query)
                recorder.settle(page)
                shown = page.locator("#bq-sp-list > li").count()
                status = page.inner_text("#bq-sp-status")
                steps.append({"query": query, "rows": recorder.rows[start:recorder.mark()], "shown": shown, "status": status})
                start = recorder.mark()
            # Opening a facet: the filter files, fetched once (not part of a query).
            start = recorder.mark()
            page.click("[data-bq-facet] .bq-facet__toggle")
            page.wait_for_selector("[data-bq-facet] .bq-facet__item", timeout=30_000)
            recorder.settle(page)
            facets = recorder.rows[start:recorder.mark()]
            page.close()

            # The header box, from the home page, in a fresh context (cold cache).
            context.close()
            context, recorder = recorded_context(browser, server.prefix)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(server.url(""))
            page.focus("#bq-hsearch-q")
            page.keyboard.type(FIRST_QUERY)
            page.wait_for_function("(q) => document.querySelector('#bq-hsearch-status').textContent.includes('« ' + q + ' »')",
                                   arg=FIRST_QUERY, timeout=30_000)
            recorder.settle(page)
            header = recorder.rows
            if errors:
                raise RuntimeError("JavaScript errors: " + "; ".join(errors))
        finally:
            browser.close()
    return {"steps": steps, "facets": facets, "header": header}


def print_report(site: Path, result: dict) -> dict:
    names = ("ui", "vocabulary", "pagefind.js", "worker", "wasm", "shards", "entry", "meta", "index", "filter", "fragment", "other pagefind")
    summaries = [summarize(step["rows"]) for step in result["steps"]]
    header = f"{'':16}" + "".join(f"{repr(step['query']):>30}" for step in result["steps"])
    print(f"Search budget for {site} (estimated transfer: min(raw, gzip -6) per response; KB = 1000 bytes)")
    print()
    print(header)
    for name in names:
        cells = []
        for summary in summaries:
            entry = summary["categories"].get(name)
            cells.append(f"{entry['files']:>4} f. {kb(entry['transfer']):>8.1f} KB ({kb(entry['raw']):>7.1f} raw)" if entry else f"{'-':>30}")
        if any(c.strip() != "-" for c in cells):
            print(f"{name:16}" + "".join(f"{c:>30}" for c in cells))
    print(f"{'total':16}" + "".join(f"{kb(s['transfer']):>27.1f} KB" for s in summaries))
    print(f"{'results shown':16}" + "".join(f"{step['shown']:>30}" for step in result["steps"]))
    print()
    for step in result["steps"]:
        print(f"  {step['query']!r}: {step['status']}")
    not_counted = [row for step in result["steps"] for row in step["rows"] if row["category"] is None]
    if not_counted:
        print()
        print(f"Not counted (page, theme, site styles): {len(not_counted)} files, "
              f"{kb(sum(r['transfer'] for r in not_counted))} KB")
    facets = summarize(result["facets"])
    header_box = summarize(result["header"])
    print()
    print(f"Opening the facets (once, after the first query): {kb(facets['transfer'])} KB "
          f"({facets['categories'].get('filter', {}).get('files', 0)} filter files)")
    print(f"Header box, first query {FIRST_QUERY!r} typed on the home page (cold cache): {kb(header_box['transfer'])} KB = "
          + ", ".join(f"{name} {kb(entry['transfer'])}" for name, entry in header_box["categories"].items()))
    first = kb(summaries[0]["transfer"])
    later = [kb(s["transfer"]) for s in summaries[1:]]
    line = {"site": str(site), "first_query_kb": first, "later_query_kb": later,
            "header_first_query_kb": kb(header_box["transfer"]), "open_facets_kb": kb(facets["transfer"]),
            "first_query": FIRST_QUERY, "later_queries": list(LATER_QUERIES),
            "targets_kb": {"first": FIRST_TARGET_KB, "later": LATER_TARGET_KB},
            "within_targets": first <= FIRST_TARGET_KB and all(x <= LATER_TARGET_KB for x in later)}
    print()
    print(json.dumps(line, ensure_ascii=False))
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site (mkdocs build)")
    parser.add_argument("--prefix", default="/bouquet/", help="the sub-path the site is served under (default /bouquet/)")
    parser.add_argument("--chromium", default=None, help="Chromium's path (default: /usr/bin/chromium, or $BOUQUET_CHROMIUM)")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "recherche" / "index.html").is_file() or not (site / "pagefind" / "pagefind.js").is_file():
        print(f"search_budget: {site} is not a built site with a search page and a Pagefind bundle", file=sys.stderr)
        return 2
    chromium = args.chromium or find_chromium()
    if not chromium:
        print("search_budget: Chromium not found (apt-get install chromium, or --chromium PATH)", file=sys.stderr)
        return 2
    try:
        result = measure(site, args.prefix, chromium)
    except Exception as error:  # noqa: BLE001 - reported, with a distinct exit status
        print(f"search_budget: the measure failed: {error}", file=sys.stderr)
        return 2
    line = print_report(site, result)
    return 0 if line["within_targets"] else 1


if __name__ == "__main__":
    sys.exit(main())
