"""The search bundle is whole when the build says it is written.

The race this guards against: in service mode Pagefind acknowledges WriteFiles
before its bytes reach the disk and exits as soon as its input closes, so a build
now and then published an empty pagefind-entry.json (Pagefind issue #1271). The
indexer now takes the files from Pagefind in memory and writes them itself.
`scripts/stress_build.py` shows the rate on a loaded machine; these tests pin the
mechanism.
"""
from __future__ import annotations

import asyncio
import base64
import gzip
import json
import stat
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bouquet import audit, pagefind_stable, search
from bouquet.search import SearchIndexer, SearchRecord, read_message, write_bundle


def records(count: int) -> list[SearchRecord]:
    return [SearchRecord(f"/experiences/e{n}/", f"Coopération numéro {n} entre une commune et une association.",
                         {"title": f"Expérience {n}"}, {"thème": [f"Thème {n % 7}", f"Autre {n % 3}"]}, {"date": f"2015-01-{n % 28 + 1:02d}"})
            for n in range(count)]


def test_the_indexer_never_asks_pagefind_to_write_files(tmp_path, monkeypatch):
    """Every request the build sends goes through a logging wrapper of the real
    binary; WriteFiles, the request whose acknowledgement comes too early, is never
    among them, and the bundle on disk is whole when write() returns."""
    from pagefind.service import get_executable

    log = tmp_path / "requests.log"
    wrapper = tmp_path / "pagefind-logging"
    wrapper.write_text(f"#!/bin/sh\ntee '{log}' | exec '{get_executable()}' \"$@\"\n")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))

    indexer = SearchIndexer()
    for record in records(40):
        indexer.add(record)
    indexer.write(tmp_path / "pagefind")

    requests = [json.loads(base64.b64decode(part))["payload"]["type"]
                for part in log.read_text().split(",") if part.strip()]
    assert "AddFile" in requests and "GetFiles" in requests
    assert "WriteFiles" not in requests
    bundle = tmp_path / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] == 40
    data_files = list(bundle.rglob("*.pf_*"))
    assert len(data_files) > 40  # a fragment per record, plus index, filters and meta
    for path in data_files:
        gzip.decompress(path.read_bytes())  # raises on a truncated file


def test_a_message_longer_than_the_stream_limit_is_read_whole():
    async def scenario() -> bytes:
        stream = asyncio.StreamReader(limit=16)
        stream.feed_data(b"x" * 1000 + b",next,")
        stream.feed_eof()
        return await read_message(stream)

    # In a thread of its own: Playwright's sync API, used by the browser tests in the
    # same session, leaves its loop running in this one, where no other loop may run.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(lambda: asyncio.run(scenario())).result() == b"x" * 1000 + b","


def test_writing_a_bundle_replaces_the_previous_one_whole(tmp_path):
    output = tmp_path / "site" / "pagefind"
    write_bundle({"old.js": b"1", "fragment/a.pf_fragment": b"a"}, output)
    write_bundle({"pagefind.js": b"2", "fragment/b.pf_fragment": b"b"}, output)
    assert sorted(str(p.relative_to(output)) for p in output.rglob("*") if p.is_file()) == ["fragment/b.pf_fragment", "pagefind.js"]
    assert [p.name for p in output.parent.iterdir()] == ["pagefind"]  # no staging folder left behind
    assert stat.S_IMODE(output.stat().st_mode) == 0o755


def test_a_file_outside_the_bundle_is_refused(tmp_path):
    with pytest.raises(ValueError, match="outside"):
        write_bundle({"../escape.js": b"x"}, tmp_path / "pagefind")
    assert not (tmp_path / "escape.js").exists()


def test_stabilised_filters_do_not_depend_on_pagefinds_order():
    """Two bundles whose filter values come in different orders stabilise to the
    same bytes (Pagefind writes them in hash-map order)."""
    def bundle(values):
        filter_payload = pagefind_stable._encode(["thème", values])
        meta = pagefind_stable._encode(["1.5.0", [], [], [["thème", "fr_f1"]], []])
        entry = {"version": "1.5.0", "languages": {"fr": {"hash": "fr_m1", "wasm": "fr", "page_count": 2}}}
        return {"pagefind-entry.json": json.dumps(entry).encode(), "pagefind.fr_m1.pf_meta": meta,
                "filter/fr_f1.pf_filter": filter_payload}

    first = pagefind_stable.stabilise(bundle([["Jeunesse", [0]], ["Culture", [1]]]))
    second = pagefind_stable.stabilise(bundle([["Culture", [1]], ["Jeunesse", [0]]]))
    assert first == second
    assert "filter/fr_f1.pf_filter" not in first


def test_stress_script_reports_a_truncated_bundle(tmp_path):
    """The stress script must notice a truncated data file even when MkDocs exits 0."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    try:
        import stress_build
    finally:
        sys.path.pop(0)
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    (bundle / "fragment").mkdir()
    whole = gzip.compress(bytes(range(256)) * 64)
    (bundle / "fragment" / "fr_1.pf_fragment").write_bytes(whole[: len(whole) // 2])
    assert stress_build.bundle_problems(tmp_path) and "fr_1.pf_fragment" in stress_build.bundle_problems(tmp_path)[0]
    (bundle / "pagefind-entry.json").write_text("", encoding="utf-8")
    assert any("pagefind-entry.json" in p for p in stress_build.bundle_problems(tmp_path))


def test_records_are_cut_into_runs_of_dates_ties_in_arrival_order():
    keys = [("2020-05-01", 0), ("2019-01-01", 1), ("2020-05-01", 2), ("2018-03-01", 3), ("2021-01-01", 4)]
    assert search.shard_order(keys, 2) == [[3, 1], [0, 2], [4]]
    assert search.shard_order(keys, 10) == [[3, 1, 0, 2, 4]]
    assert search.shard_order([], 10) == [[]]  # an empty site still has its (empty) bundle


def bundle_files(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_beyond_a_shard_the_bundle_is_split_into_shards_of_consecutive_dates(tmp_path):
    """40 records in shards of 15: three Pagefind indexes, the first at the bundle's
    root with Pagefind's scripts, the others in numbered folders with their data
    only; every record in exactly one, the dates in runs; the same bytes twice."""
    written = []
    for run in ("a", "b"):
        indexer = SearchIndexer(shard_size=15)
        for record in records(40):
            indexer.add(record)
        indexer.write(tmp_path / run / "pagefind")
        written.append(tmp_path / run / "pagefind")
    bundle = written[0]
    assert json.loads((bundle / search.SHARDS_FILE).read_text())["shards"] == ["", "1/", "2/"]
    assert bundle_files(written[0]) == bundle_files(written[1])
    assert (bundle / "pagefind.js").is_file() and not (bundle / "1" / "pagefind.js").exists()
    assert not list((bundle / "1").glob("wasm.*"))
    date_of = {r.url: r.sort["date"] for r in records(40)}
    dates, urls = [], []
    for shard in ("", "1/", "2/"):
        entry = json.loads((bundle / shard / "pagefind-entry.json").read_text())
        fragments = [json.loads(gzip.decompress(p.read_bytes())[len(pagefind_stable.SIGNATURE):])
                     for p in (bundle / shard / "fragment").glob("*.pf_fragment")]
        assert entry["languages"]["fr"]["page_count"] == len(fragments)
        urls += [f["url"] for f in fragments]
        dates.append(sorted(date_of[f["url"]] for f in fragments))
    assert [len(d) for d in dates] == [15, 15, 10]
    assert dates[0][-1] <= dates[1][0] and dates[1][-1] <= dates[2][0]
    assert sorted(urls) == sorted(r.url for r in records(40))
    site = tmp_path / "a"
    assert len(audit.indexed_urls(site)) == 40  # the audit reads every shard


def test_up_to_a_shard_the_records_are_indexed_as_they_come_in_one_bundle(tmp_path):
    indexer = SearchIndexer(shard_size=15, expected=12)
    for record in records(12):
        indexer.add(record)
    indexer.write(tmp_path / "pagefind")
    assert json.loads((tmp_path / "pagefind" / search.SHARDS_FILE).read_text())["shards"] == [""]
    assert not (tmp_path / "pagefind" / "1").exists()


def test_the_chunk_size_reaches_pagefind(tmp_path):
    """Pagefind reads its chunk size from the environment: the child sets it for the
    Pagefind processes it starts (a smaller size, more chunks)."""
    chunks = {}
    for size in (0, 40):
        indexer = SearchIndexer(shard_size=100, chunk_size=size)
        for record in records(40):
            indexer.add(record)
        indexer.write(tmp_path / str(size))
        chunks[size] = len(list((tmp_path / str(size) / "index").glob("*.pf_index")))
    assert chunks[0] == 1 and chunks[40] > 3


def test_a_shard_is_read_from_the_spool_no_faster_than_pagefind_answers(monkeypatch):
    # Issue 14 (memory): every request of a shard was read from the spool and encoded
    # at once, to wait in a write buffer for Pagefind (1,275 of 1,280 ahead here).
    answered: list[str] = []
    state = {"in_flight": 0, "most": 0, "read": 0, "most_ahead": 0}

    class Index:
        def __init__(self):
            self.busy = asyncio.Lock()

        async def add_html_file(self, url, content):
            state["in_flight"] += 1
            state["most"] = max(state["most"], state["in_flight"])
            async with self.busy:  # Pagefind indexes one request at a time, slower than a spool is read
                for _ in range(3):
                    await asyncio.sleep(0)
            state["in_flight"] -= 1
            answered.append(url)

        async def get_files(self):
            return []

    class Service:
        async def launch(self):
            return self

        async def create_index(self, options):
            return Index()

        async def close(self):
            pass

    def spool(all_records):
        for record in all_records:
            state["read"] += 1
            state["most_ahead"] = max(state["most_ahead"], state["read"] - len(answered))
            yield record

    monkeypatch.setattr(search, "_service_class", lambda: Service)
    monkeypatch.setattr(pagefind_stable, "stabilise", lambda files: files)
    shard = records(5 * search.IN_FLIGHT)
    with ThreadPoolExecutor(1) as pool:  # a loop of its own, as above (Playwright's)
        pool.submit(lambda: asyncio.run(search._index(spool(shard)))).result()
    assert answered == [record.url for record in shard]  # every record, in order
    assert state["most"] <= search.IN_FLIGHT
    assert state["most_ahead"] <= search.IN_FLIGHT
