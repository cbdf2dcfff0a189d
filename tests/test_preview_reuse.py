"""The preview's page reuse and background search (bouquet/preview_reuse.py), without
a server; tests/build/test_preview_edit.py serves a site and compares it with full builds."""
from __future__ import annotations

import collections
import re
import threading
from pathlib import Path
from types import SimpleNamespace

from bouquet import preview_reuse
from bouquet.buildconfig import ROOT
from bouquet.preview_reuse import BackgroundSearch, Digester, PageReuse, RecordList, _install


def test_only_the_templates_page_inputs_knows_of_read_the_catalogue():
    # page_inputs adds what experience.html reads from the catalogue (and renders the
    # home page every time): a template that starts reading it must be added there.
    readers = {}
    for template in sorted((ROOT / "overrides").rglob("*.html")):
        code = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.DOTALL)
        found = re.findall(r"\bcatalogue\b(\.\w+)?", code)
        if found:
            readers[template.relative_to(ROOT / "overrides").as_posix()] = set(found)
    assert readers == {"experience.html": {".inspired_by", ".spread_to", ".nearby"}}


def _page(content: str, title: str = "T", url: str = "experiences/a/"):
    return SimpleNamespace(file=SimpleNamespace(src_uri="experiences/a.md"), url=url, title=title, content=content, toc=[],
                           meta={"template": "experience.html"}, canonical_url="https://x/" + url,
                           previous_page=None, next_page=None, parent=None)


def test_a_page_is_reused_only_when_its_fingerprint_is_the_last_rebuilds():
    reuse = PageReuse()
    reuse.start_build("build")
    assert not reuse.before_render(_page("<p>a</p>"), {"related": ("b",)})
    assert reuse.after_render("experiences/a.md", "rendered", lambda html: html + "+policy") == "rendered+policy"
    reuse.start_build("build")
    assert reuse.before_render(_page("<p>a</p>"), {"related": ("b",)})
    assert reuse.after_render("experiences/a.md", "", lambda html: 1 / 0) == "rendered+policy"
    assert (reuse.reused, reuse.rendered) == (1, 0)
    for changed in (dict(page=_page("<p>b</p>")), dict(page=_page("<p>a</p>", title="U")), dict(inputs={"related": ("c",)}),
                    dict(build="other build")):
        reuse.start_build(changed.get("build", "build"))
        assert not reuse.before_render(changed.get("page", _page("<p>a</p>")), changed.get("inputs", {"related": ("b",)})), changed
        reuse.after_render("experiences/a.md", "rendered", lambda html: html + "+policy")
        reuse.start_build("build")  # back to the first page, rendered again
        reuse.before_render(_page("<p>a</p>"), {"related": ("b",)})
        reuse.after_render("experiences/a.md", "rendered", lambda html: html + "+policy")


def test_a_page_that_reads_the_whole_catalogue_is_always_rendered():
    reuse = PageReuse()
    for _ in range(2):
        reuse.start_build("build")
        assert not reuse.before_render(_page("x"), None)
        reuse.after_render("experiences/a.md", "out", str)


def test_after_a_failed_rebuild_each_page_is_compared_with_its_last_output():
    reuse = PageReuse()

    def page(name: str, content: str):
        return SimpleNamespace(**{**vars(_page(content, url=f"{name}/")), "file": SimpleNamespace(src_uri=f"{name}.md")})

    reuse.start_build("build")
    for name in ("a", "b"):
        reuse.before_render(page(name, "x"), {})
        reuse.after_render(f"{name}.md", f"{name} x", str)
    reuse.start_build("build")
    reuse.before_render(page("a", "y"), {})
    reuse.after_render("a.md", "a y", str)
    reuse.abandon()  # the rebuild failed before b
    reuse.start_build("build")
    assert reuse.before_render(page("a", "y"), {}) and reuse.after_render("a.md", "", str) == "a y"
    assert reuse.before_render(page("b", "x"), {}) and reuse.after_render("b.md", "", str) == "b x"


class Plain:
    def __init__(self, value):
        self.value = value


def test_digests_see_through_containers_dataclasses_and_plain_objects():
    from bouquet.model import Theme

    digest = Digester().digest
    assert digest({"a": [1, 2]}) == Digester().digest({"a": [1, 2]})
    assert digest({"a": [1, 2]}) != digest({"a": [2, 1]})
    assert digest(1) != digest("1") != digest(True)
    assert digest(Theme("Mobilité", "mobilite", "a")) != digest(Theme("Mobilité", "mobilite", "b"))
    assert Digester().digest(Plain(3)) == Digester().digest(Plain(3)) != Digester().digest(Plain(4))
    looped: list = []
    looped.append(looped)
    assert Digester().digest(looped) != Digester().digest(looped)  # a cycle never matches: rendered again


def test_a_bundle_is_installed_file_by_file_with_its_entry_last(tmp_path: Path, monkeypatch):
    bundle = tmp_path / "bundle"
    for name in ("pagefind-entry.json", "fragment/a.pf_fragment", "pagefind.js", "zz.pf_meta"):
        (bundle / name).parent.mkdir(parents=True, exist_ok=True)
        (bundle / name).write_text(name, encoding="utf-8")
    target = tmp_path / "site" / "pagefind"
    target.mkdir(parents=True)
    (target / "old.pf_meta").write_text("old", encoding="utf-8")
    moved = []
    replace = preview_reuse.os.replace

    def recording(source, destination):
        moved.append(Path(destination).name)
        replace(source, destination)

    monkeypatch.setattr(preview_reuse.os, "replace", recording)
    _install(bundle, target, BackgroundSearch.ENTRY)
    assert moved[-1] == "pagefind-entry.json" and len(moved) == 4
    assert (target / "fragment/a.pf_fragment").read_text(encoding="utf-8") == "fragment/a.pf_fragment"
    assert (target / "old.pf_meta").exists()  # what an entry already loaded names stays
    assert not [p for p in target.rglob("*.part")]


class FakeIndexer:
    """Stands for search.SearchIndexer: write() blocks until the test lets it go."""

    started = threading.Event()
    release = threading.Event()
    closed = 0

    def __init__(self, expected=None):
        self.records = []
        self.expected = expected

    def add(self, record):
        self.records.append(record)

    def write(self, folder: Path):
        FakeIndexer.started.set()
        FakeIndexer.release.wait(10)
        folder.mkdir(parents=True)
        (folder / "pagefind-entry.json").write_text(repr(self.records), encoding="utf-8")

    def close(self):
        FakeIndexer.closed += 1


class Recorded:
    def __init__(self, name):
        self.name = name

    def search_record(self, html, catalogue):
        return self.name


def records(*names) -> RecordList:
    found = RecordList()
    for name in names:
        found.defer(Recorded(name), "<p></p>", None)  # type: ignore[arg-type]
    return found


def test_the_search_of_a_cancelled_rebuild_never_reaches_the_site(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(preview_reuse.search, "SearchIndexer", FakeIndexer)
    FakeIndexer.started.clear()
    FakeIndexer.release.clear()
    background = BackgroundSearch()
    first = tmp_path / "first" / "pagefind"
    background.start(records("a"), first)
    FakeIndexer.release.set()
    background.wait(10)
    assert (first / "pagefind-entry.json").read_text(encoding="utf-8") == "['a']"

    FakeIndexer.started.clear()
    FakeIndexer.release.clear()
    second = tmp_path / "second" / "pagefind"
    background.start(records("b"), second)
    # The last complete bundle is served at once in the new site.
    assert (second / "pagefind-entry.json").read_text(encoding="utf-8") == "['a']"
    assert FakeIndexer.started.wait(10)
    background.cancel()  # the next rebuild starts while Pagefind writes
    FakeIndexer.release.set()
    background.wait(10)
    assert FakeIndexer.closed >= 1
    assert (second / "pagefind-entry.json").read_text(encoding="utf-8") == "['a']"


def test_the_preview_holds_no_page_body_once_its_record_is_sent(tmp_path: Path, monkeypatch):
    # Issue 14 (memory): the rebuild's record list is kept by the serve process until
    # the next rebuild, and held every page's clean HTML until then.
    monkeypatch.setattr(preview_reuse.search, "SearchIndexer", FakeIndexer)
    FakeIndexer.started.clear()
    FakeIndexer.release.clear()
    background = BackgroundSearch()
    deferred = RecordList()
    for name in ("a", "b"):
        deferred.defer(Recorded(name), f"<p>Le corps de {name}.</p>", None)  # type: ignore[arg-type]
    background.start(deferred, tmp_path / "site" / "pagefind")
    assert deferred.pending == []
    assert FakeIndexer.started.wait(10)  # every record sent: the indexer is writing
    (queued,) = [arg for arg in background._thread._args if isinstance(arg, collections.deque)]  # type: ignore[union-attr]
    assert not queued
    FakeIndexer.release.set()
    background.wait(10)
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8") == "['a', 'b']"


def test_the_background_search_leaves_no_temporary_folder(tmp_path: Path, monkeypatch):
    # Found under the measurements of issue 14: each BackgroundSearch made its folder
    # when created, so one that never indexed, or was never closed, left it in /tmp.
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(preview_reuse.search, "SearchIndexer", FakeIndexer)
    BackgroundSearch().close()
    BackgroundSearch()
    assert list((tmp_path / "tmp").iterdir()) == []
    FakeIndexer.started.clear()
    FakeIndexer.release.set()
    background = BackgroundSearch()
    background.start(records("a"), tmp_path / "site" / "pagefind")
    background.wait(10)
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").exists()
    assert list((tmp_path / "tmp").iterdir())  # the last bundle, kept to serve at the next rebuild
    background.close()
    assert list((tmp_path / "tmp").iterdir()) == []
