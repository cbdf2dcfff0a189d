"""A sharded search bundle answers exactly as one index does.

Beyond search.SHARD_SIZE records the build splits Pagefind's bundle into shards
(memory), which assets/search.js merges in the browser (Pagefind's mergeIndex, and
its own merge for sorted searches). Here one generated corpus is indexed twice, in
one index and in four shards, and the same search.js, in Chromium, runs a set of
queries on both: for every query, filter combination and sort, the pages found, the
filter counts and the total are the same; sorted by date, the order too.

Queries with words are the known gap, of several words and of one (« 35 »). Pagefind matches a word by the indexed
words it begins (its extensions), and, when an index holds none, by the longest
indexed word it begins with (search.rs, find_word_extensions); a word an index lacks
altogether is dropped from the query. Both depend on the index's vocabulary: a shard
without an extension of « âgées » falls back to a shorter word, and finds pages one
index does not (« transport personnes âgées »: 63 pages in four shards, 55 in one
index). search.js leaves out the shards where a word finds nothing, which fixes the
dropped words, not the fallback. What holds, and is tested: the sharded results
contain one index's, never a page less, and sorted by date keep their order; the
test prints the excess. Relevance
order is not compared: Pagefind's scores use each index's own statistics (BM25),
so it may differ between shards and one index; the test prints by how much
(`pytest -s`: the share of each query's first ten results that are one index's
first ten).
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from bouquet import routes, search
from bouquet_browser import REPO_ROOT, serve_directory

sys.path.insert(0, str(REPO_ROOT / "scripts"))
import generate_corpus  # noqa: E402
import search_index_bench  # noqa: E402

COUNT, SHARD = 300, 80  # 303 records (3 bouquets): shards of 80, 80, 80 and 63
SEARCH_JS = REPO_ROOT / "overrides" / "assets" / "search.js"
# Material's #__config gives search.js the site's base, its own tag the addresses
# (main.html, routes.py); nothing else of a page is needed.
PAGE = ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<script id="__config" type="application/json">{"base": "."}</script></head><body>'
        f'<script type="module" src="assets/search.js" data-bq-search="{routes.SEARCH}" data-bq-search-index="{routes.SEARCH_INDEX}" '
        f'data-bq-search-shards="{routes.SEARCH_SHARDS}" data-bq-search-pages="{routes.SEARCH_PAGES}" '
        f'data-bq-search-words="{routes.SEARCH_WORDS}" data-bq-plural-from="2"></script>'
        '<script type="module">import { loadPagefind } from "./assets/search.js"; window.bqSearch = loadPagefind();</script>'
        "</body></html>")

QUERIES = ["vélo", "jeunesse", "transport personnes âgées", "coopérative", "commune", "école", "35", "zzzzqx"]

RUN = """async ({ term, filters, sort }) => {
  const pagefind = await window.bqSearch;
  const options = { filters };
  if (sort) options.sort = sort;
  const search = await pagefind.search(term, options);
  const urls = [];
  for (const result of search.results) urls.push((await result.data()).url);
  return { urls, count: search.results.length, filters: search.filters };
}"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    work = tmp_path_factory.mktemp("shards")
    generate_corpus.generate(COUNT, work / "corpus", 1)
    records = search_index_bench.records(work / "corpus")
    made = {}
    for name, shard_size in (("one", 10 * COUNT), ("sharded", SHARD)):
        site = work / name
        (site / "assets").mkdir(parents=True)
        shutil.copy(SEARCH_JS, site / "assets" / "search.js")
        (site / "index.html").write_text(PAGE, encoding="utf-8")
        indexer = search.SearchIndexer(shard_size=shard_size)
        try:
            for record in records:
                indexer.add(record)
            indexer.write(site / "pagefind")
        finally:
            indexer.close()
        made[name] = site
    return records, made


def run_all(browser, site: Path, cases: list[dict]) -> tuple[list[dict], dict]:
    with serve_directory(site, prefix="/") as server:
        context = browser.new_context(locale="fr-FR", service_workers="block")
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(server.url(""))
            page.wait_for_function("() => window.bqSearch !== undefined")
            answers = [page.evaluate(RUN, case) for case in cases]
            totals = page.evaluate("async () => (await window.bqSearch).filters()")
            assert not errors, errors
        finally:
            context.close()
    return answers, totals


def cases(records) -> list[dict[str, Any]]:
    """Words alone, words with filters (one value, values of one filter, two
    filters), filters without words as the search page browses them (newest
    first), and words sorted by date."""
    themes = sorted({t for r in records for t in r.filters.get(search.THEME, [])})
    regions = sorted({t for r in records for t in r.filters.get(search.REGION, [])})
    found: list[dict[str, Any]] = []
    for term in QUERIES:
        found.append({"term": term, "filters": {}, "sort": None})
        found.append({"term": term, "filters": {}, "sort": {"date": "desc"}})
        found.append({"term": term, "filters": {search.THEME: {"any": themes[:1]}}, "sort": None})
    found.append({"term": "commune", "filters": {search.THEME: {"any": themes[1:4]}}, "sort": None})
    found.append({"term": "commune", "filters": {search.THEME: {"any": themes[:2]}, search.REGION: {"any": regions[:3]}},
                  "sort": {"date": "desc"}})
    found.append({"term": "projet", "filters": {search.TYPE: {"any": [search.TYPE_BOUQUET]}}, "sort": None})
    for value in themes[:3] + regions[:2]:
        name = search.THEME if value in themes else search.REGION
        found.append({"term": None, "filters": {name: {"any": [value]}}, "sort": {"date": "desc"}})
    found.append({"term": None, "filters": {search.TYPE: {"any": [search.TYPE_EXPERIENCE]}}, "sort": {"date": "desc"}})
    return found


def test_the_corpus_is_indexed_in_one_bundle_and_in_four_shards(sites):
    records, made = sites
    assert len(records) == COUNT + 3
    assert json.loads((made["one"] / "pagefind" / "shards.json").read_text())["shards"] == [""]
    assert json.loads((made["sharded"] / "pagefind" / "shards.json").read_text())["shards"] == ["", "1/", "2/", "3/"]
    # The shards hold consecutive dates, the oldest first.
    pages = [json.loads((made["sharded"] / "pagefind" / shard / "pagefind-entry.json").read_text())["languages"]["fr"]["page_count"]
             for shard in ("", "1/", "2/", "3/")]
    assert pages == [80, 80, 80, 63]


def test_sharded_results_filters_and_counts_are_those_of_one_index(browser, sites):
    records, made = sites
    asked = cases(records)
    one, one_totals = run_all(browser, made["one"], asked)
    sharded, sharded_totals = run_all(browser, made["sharded"], asked)
    assert sharded_totals == one_totals
    assert sum(answer["count"] for answer in one) > 500  # the queries do find pages
    overlaps, excess = [], []
    for case, expected, got in zip(asked, one, sharded, strict=True):
        if case["term"] and set(got["urls"]) != set(expected["urls"]):
            # Known gap (see the module's docstring): with words, a shard lacking any
            # extension of a word falls back to a shorter one (« 35 »: 9 pages in
            # shards, 6 in one index). A superset, never a page less; sorted, one
            # index's results keep their order among the others.
            assert set(got["urls"]) >= set(expected["urls"]), case
            if case["sort"]:
                assert [url for url in got["urls"] if url in set(expected["urls"])] == expected["urls"], case
            excess.append((case["term"], case["filters"], expected["count"], got["count"]))
            continue
        assert got["count"] == expected["count"], case
        assert got["filters"] == expected["filters"], case
        if case["sort"]:
            assert got["urls"] == expected["urls"], case  # sorted: the same order
        else:
            assert sorted(got["urls"]) == sorted(expected["urls"]), case
            if expected["urls"]:
                first = expected["urls"][:10]
                overlaps.append((case["term"], len(set(first) & set(got["urls"][:10])) / len(first), got["urls"] == expected["urls"]))
    assert overlaps
    print("\nRelevance, sharded against one index (query, share of the first ten in common, same order):")
    for term, share, same in overlaps:
        print(f"  {term!r}: {share:.0%}, {'same order' if same else 'order differs'}")
    print("Queries whose shards found more, results in one index and in shards:")
    for term, filters, one_count, shard_count in excess:
        print(f"  {term!r} {filters}: {one_count} / {shard_count}")
