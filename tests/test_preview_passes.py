"""The two passes of a save in `make serve` (bouquet/preview_passes.py), without a
server: which saves take the quick pass, and how the passes publish and swap the
served folder. The engine's private names they rely on are checked against the
installed engine first (tests/build/test_preview_edit.py runs the real server)."""
from __future__ import annotations

import gc
import inspect
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from bouquet import engine, preview_passes
from bouquet.preview_passes import LastBuild, TwoPasses, single_experience_change, snapshot

Server = engine.livereload.LiveReloadServer


# -- the engine's internals ------------------------------------------------------
def test_the_server_calls_its_builder_attribute_and_publishes_through_two_epochs():
    init = inspect.getsource(Server.__init__)
    for name in ("self.builder = builder", "self.root = ", "self._wanted_epoch", "self._visible_epoch = self._wanted_epoch",
                 "self._epoch_cond = threading.Condition()", "self.error_handler"):
        assert name in init, name
    loop = inspect.getsource(Server._build_loop)
    assert "self._wanted_epoch = _timestamp()" in loop and "self.builder()" in loop
    assert "self._visible_epoch = self._wanted_epoch" in loop
    assert isinstance(engine.livereload._timestamp(), int)


def test_the_server_reads_its_root_per_request_and_holds_requests_until_the_wanted_version():
    serve = inspect.getsource(Server._serve_request)
    assert "os.path.join(self.root, rel_file_path)" in serve
    assert "self._visible_epoch == self._wanted_epoch" in serve
    assert list(inspect.signature(Server._inject_js_into_html).parameters) == ["self", "content", "epoch"]  # plugin.on_serve


def test_the_server_logs_each_request_as_the_filter_expects():
    handler = inspect.getsource(engine.livereload._Handler.log_request)
    assert "logging.WARNING" in handler and "code {code}" in handler
    assert preview_passes._REQUEST_LOG.search('[12:00:00] "GET /a/ HTTP/1.1" code 404')


def test_the_two_build_steps_render_one_page():
    assert list(inspect.signature(engine.populate_page).parameters) == ["page", "config", "files", "dirty"]
    assert list(inspect.signature(engine.build_page).parameters)[:5] == ["page", "config", "doc_files", "nav", "env"]
    # A full build empties its folder first: the full pass builds into the folder not served.
    build = inspect.getsource(engine._build_steps.build)
    assert "if not dirty:" in build and "clean_directory(config.site_dir)" in build



def test_the_server_schedules_each_watched_path_on_its_observer_with_reference_counts():
    # preview_watch.install replaces the observer before serve() starts it, then
    # schedules the watched paths again through watch(), with their counts.
    init = inspect.getsource(Server.__init__)
    assert "self.observer = watchdog.observers.polling.PollingObserver(timeout=polling_interval)" in init
    assert "self._watched_paths: dict[str, int] = {}" in init and "self._watch_refs: dict[str, Any] = {}" in init
    watch = inspect.getsource(Server.watch)
    assert list(inspect.signature(Server.watch).parameters) == ["self", "path", "func", "recursive"]
    assert "self._watched_paths[path] = 1" in watch
    assert "self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)" in watch
    assert "self.observer.unschedule(self._watch_refs.pop(path))" in inspect.getsource(Server.unwatch)
    assert "self.observer.start()" in inspect.getsource(Server.serve)
    shutdown = inspect.getsource(Server.shutdown)
    assert "self.observer.stop()" in shutdown and "self.observer.join()" in shutdown
    assert engine.livereload.watchdog.observers.polling.PollingObserver(timeout=0.5).timeout == 0.5

# -- which saves take the quick pass ---------------------------------------------
def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write(root / "index.md", "# Accueil\n")
    write(root / "experiences" / "jardin.md", "---\ntitle: Jardin\n---\nCorps.\n")
    write(root / "experiences" / "cantine.md", "---\ntitle: Cantine\n---\nCorps.\n")
    write(root / "bouquets" / "b.md", "---\ntitle: B\n---\n")
    return root


def touched(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = path.stat().st_mtime_ns + 1_000_000_000  # a second later, whatever the clock's grain
    os.utime(path, ns=(later, later))


def test_snapshot_names_files_by_src_uri_without_hidden_files_or_backups(content: Path):
    write(content / "experiences" / ".jardin.md.swp", "x")
    write(content / "experiences" / "jardin.md~", "x")
    write(content / ".git" / "HEAD", "x")
    assert sorted(snapshot(content)) == ["bouquets/b.md", "experiences/cantine.md", "experiences/jardin.md", "index.md"]


def test_one_changed_or_added_experience_takes_the_quick_pass(content: Path):
    before = snapshot(content)
    touched(content / "experiences" / "jardin.md", "---\ntitle: Jardin partagé\n---\nCorps.\n")
    assert single_experience_change(before, snapshot(content)) == "experiences/jardin.md"
    before = snapshot(content)
    write(content / "experiences" / "nouvelle.md", "---\ntitle: Nouvelle\n---\n")
    assert single_experience_change(before, snapshot(content)) == "experiences/nouvelle.md"


@pytest.mark.parametrize("change", ["nothing", "two experiences", "a deletion", "a bouquet", "an image", "a nested file"])
def test_any_other_save_goes_straight_to_the_full_pass(content: Path, change: str):
    before = snapshot(content)
    if change == "two experiences":
        touched(content / "experiences" / "jardin.md", "a")
        touched(content / "experiences" / "cantine.md", "b")
    elif change == "a deletion":
        (content / "experiences" / "cantine.md").unlink()
    elif change == "a bouquet":
        touched(content / "bouquets" / "b.md", "---\ntitle: B2\n---\n")
    elif change == "an image":
        write(content / "images" / "photo.jpg", "x")
    elif change == "a nested file":
        write(content / "experiences" / "dossier" / "x.md", "x")
    assert single_experience_change(before, snapshot(content)) is None


def test_a_last_build_without_its_engine_objects_is_not_complete(tmp_path: Path):
    last = LastBuild({"docs_dir": str(tmp_path)}, {})
    assert last.content_dir == tmp_path and not last.complete
    last.files, last.nav, last.env = object(), object(), object()
    assert last.complete


# -- how the passes publish --------------------------------------------------------
class FakeServer:
    """The fields of the engine's server that TwoPasses uses, with _build_loop's part."""

    def __init__(self, root: Path):
        self.root = str(root)
        self._epoch_cond = threading.Condition()
        self._wanted_epoch = self._visible_epoch = 1
        self.builder: Callable[[], None] = lambda: None
        self.error_handler: Callable[[int], bytes | None] = lambda code: None
        self.seen: list[tuple[str, str, int, int]] = []

    def save(self) -> None:
        # LiveReloadServer._build_loop: a new wanted version, the builder, then publication.
        self._wanted_epoch += 1
        self.builder()
        self._visible_epoch = self._wanted_epoch

    def note(self, what: str) -> None:
        self.seen.append((what, Path(self.root).name, self._wanted_epoch, self._visible_epoch))


def passes(tmp_path: Path, quick: bool, full_succeeds: bool = True):
    served = tmp_path / "mkdocs_site"
    served.mkdir()
    server = FakeServer(served)

    def full():
        server.note("full")
        if full_succeeds:
            two.built = two.target()

    def quick_pass():
        server.note("quick")
        return quick

    two = TwoPasses(server, full, quick_pass)
    return server, two


def test_a_quick_pass_is_published_before_the_full_pass_which_builds_into_the_other_folder(tmp_path: Path):
    server, two = passes(tmp_path, quick=True)
    assert server.builder == two.rebuild
    other = two.target()
    server.save()
    [quick, full] = server.seen
    assert quick == ("quick", "mkdocs_site", 2, 1)  # requests held while the page is rendered
    assert full[:2] == ("full", "mkdocs_site") and full[2] == full[3] == 2  # the quick version is visible meanwhile
    assert server.root == str(other) and two.served == other and two.target() == tmp_path / "mkdocs_site"
    assert server._visible_epoch == server._wanted_epoch > 2  # a second version: the browsers reload again
    server.save()
    assert server.root == str(tmp_path / "mkdocs_site")  # the two folders take turns
    two.close()
    assert not other.exists()


def test_without_a_quick_pass_the_full_pass_alone_is_published(tmp_path: Path):
    server, two = passes(tmp_path, quick=False)
    server.save()
    assert [what for what, *_ in server.seen] == ["quick", "full"]
    assert server.seen[1][2:] == (2, 1)  # held as before: nothing new was visible
    assert server.root == str(two.served) != str(tmp_path / "mkdocs_site")
    two.close()


def test_a_broken_full_pass_keeps_the_served_folder(tmp_path: Path):
    server, two = passes(tmp_path, quick=False, full_succeeds=False)
    server.save()
    assert server.root == str(tmp_path / "mkdocs_site") and two.target() != tmp_path / "mkdocs_site"
    two.close()


def test_error_pages_come_from_the_folder_served(tmp_path: Path):
    server, two = passes(tmp_path, quick=False)
    (two.target() / "404.html").write_text("introuvable", encoding="utf-8")
    assert server.error_handler(404) is None
    server.save()
    assert server.error_handler(404) == b"introuvable"
    two.close()


def test_a_request_answered_during_the_full_pass_is_not_a_warning_of_that_build(tmp_path: Path):
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    logger = logging.getLogger(engine.livereload.__name__)
    keep = Keep(level=logging.DEBUG)
    logger.addHandler(keep)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    server, two = passes(tmp_path, quick=False)
    try:
        engine.livereload.log.warning('"GET /x/ HTTP/1.1" code 404')
        original_full = two.full

        def full_with_a_request():
            engine.livereload.log.warning('"GET /y/ HTTP/1.1" code 404')
            engine.livereload.log.warning("Something else")
            original_full()

        two.full = full_with_a_request
        server.save()
    finally:
        two.close()
        logger.removeHandler(keep)
        logger.setLevel(old_level)
    assert [(r.getMessage()[11:], r.levelname) for r in records] == [
        ('"GET /x/ HTTP/1.1" code 404', "WARNING"), ('"GET /y/ HTTP/1.1" code 404', "INFO"), ("Something else", "WARNING")]


def test_the_quick_pass_runs_without_the_cyclic_collector_which_the_full_pass_has(tmp_path: Path):
    served = tmp_path / "mkdocs_site"
    served.mkdir()
    server = FakeServer(served)
    collector: list[tuple[str, bool]] = []

    def full():
        collector.append(("full", gc.isenabled()))
        two.built = two.target()

    def quick():
        collector.append(("quick", gc.isenabled()))
        return True

    two = TwoPasses(server, full, quick)
    assert gc.isenabled()
    server.save()
    assert collector == [("quick", False), ("full", True)]
    two.close()


def test_the_quick_pass_stops_the_last_indexing_before_it_walks_the_content(tmp_path: Path, monkeypatch):
    # The walk of 5,000 files is the quick pass's first step: with Pagefind still
    # indexing the last pass beside it, that walk alone took 0.4-0.7 s.
    from bouquet.plugin import BouquetPlugin
    from bouquet.preview import Preview

    order: list[str] = []

    class Search:
        def cancel(self):
            order.append("cancel")

    def walk(content_dir):
        order.append("snapshot")
        return {}

    plugin = BouquetPlugin()
    plugin._preview, plugin._search = Preview(), Search()  # type: ignore[assignment]  # a fake with cancel() only
    plugin._last = LastBuild({"docs_dir": str(tmp_path)}, {}, files=object(), nav=object(), env=object())
    monkeypatch.setattr(preview_passes, "snapshot", walk)
    assert plugin._quick_pass() is False  # nothing changed: the full pass decides
    assert order == ["cancel", "snapshot"]
