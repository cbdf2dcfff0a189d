"""The preview's watcher (bouquet/preview_watch.py): the native observer and the
engine's poller together, one report per change. Real observers on tmp_path, the
poller at 0.1 s; every wait polls with a deadline. The engine's server is built but
never serves (the names used are checked in tests/test_preview_passes.py)."""
from __future__ import annotations

import errno
import logging
import os
import time
from pathlib import Path

import pytest
from watchdog import events
from watchdog.observers.polling import PollingObserver

from bouquet import engine, preview_watch
from bouquet.preview_watch import Reported, Watcher

INTERVAL = 0.1
DEADLINE = 1.5


def wait_until(condition, deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "nothing within the deadline"
        time.sleep(0.01)


class Recorder(events.FileSystemEventHandler):
    """The engine's handler stand-in: the file events it received."""

    def __init__(self):
        self.seen: list[events.FileSystemEvent] = []

    def on_any_event(self, event):
        if not event.is_directory:
            self.seen.append(event)

    def paths(self) -> set[str]:
        return {p for e in self.seen for p in preview_watch.event_paths(e)}


class Silent:
    """A native observer that accepts every path and reports nothing: a mount whose
    changes the system does not notify (Docker on macOS, a network share, /mnt/c)."""

    def __init__(self, fail: frozenset[str] = frozenset(), error: int = errno.ENOSPC):
        self.fail, self.error = fail, error
        self.scheduled: list[str] = []

    def schedule(self, handler, path, **kwargs):
        if path in self.fail:
            raise OSError(self.error, os.strerror(self.error))
        self.scheduled.append(path)
        return path

    def unschedule(self, watch):
        self.scheduled.remove(watch)

    def start(self):
        pass

    def stop(self):
        pass

    def join(self, timeout=None):
        pass


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "experiences").mkdir(parents=True)
    (root / "experiences" / "jardin.md").write_text("Jardin\n", encoding="utf-8")
    return root


@pytest.fixture
def running():
    started: list[Watcher] = []

    def start(watcher: Watcher) -> Watcher:
        watcher.start()
        started.append(watcher)
        return watcher

    yield start
    for watcher in started:
        watcher.stop()
        watcher.join()


def server_watching(folder: Path):
    """The engine's server (not serving) watching `folder` twice, as the engine and
    the plugin both do, and a file, as it watches mkdocs.yml."""
    server = engine.livereload.LiveReloadServer(lambda: None, "127.0.0.1", 0, str(folder.parent / "site"),
                                                polling_interval=INTERVAL)
    config = folder.parent / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    server.watch(str(folder))
    server.watch(str(folder))
    server.watch(str(config))
    return server, config


# -- on the engine's server ------------------------------------------------------------
def test_install_keeps_the_watched_paths_their_counts_and_the_engines_poller(folder: Path):
    server, config = server_watching(folder)
    polling = server.observer
    try:
        watcher = preview_watch.install(server)
        assert server.observer is watcher and watcher.polling is polling and watcher.interval == INTERVAL
        assert server._watched_paths == {str(folder): 2, str(config): 1}
        assert set(server._watch_refs) == {str(folder), str(config)}
        assert {e.watch for e in polling.emitters} == {ref.polled for ref in server._watch_refs.values()}
        server.unwatch(str(folder))
        assert server._watched_paths[str(folder)] == 1
        server.unwatch(str(folder))
        assert str(folder) not in server._watched_paths and len(polling.emitters) == 1
    finally:
        server.server_close()


def test_a_change_seen_natively_rebuilds_once(folder: Path, running):
    # One attribute change: one native report, then the poller's, which is dropped. The
    # server's flag is what its build loop waits on: set again by the poller's report,
    # it would start a second rebuild after the first.
    server, _ = server_watching(folder)
    try:
        watcher = running(preview_watch.install(server))
        page = folder / "experiences" / "jardin.md"
        later = page.stat().st_mtime_ns + 2_000_000_000
        os.utime(page, ns=(later, later))
        wait_until(lambda: server._want_rebuild)
        server._want_rebuild = False
        wait_until(lambda: watcher.counts["dropped"] >= 1)  # the poller's walk saw it too
        assert not server._want_rebuild
        assert watcher.counts["passed"] == 0
    finally:
        server.server_close()


@pytest.mark.parametrize("save", ["write", "atomic save", "swap file", "deletion", "new file"])
def test_no_polled_report_of_a_native_change_comes_through(folder: Path, running, save: str):
    handler = Recorder()
    watcher = Watcher(PollingObserver(timeout=INTERVAL))
    watcher.schedule(handler, str(folder), recursive=True)
    running(watcher)
    page = folder / "experiences" / "jardin.md"
    if save == "write":
        page.write_text("Jardin partagé\n", encoding="utf-8")
    elif save == "atomic save":  # a temporary file renamed over the page: a move natively, a new inode polled
        temporary = page.with_name(".jardin.md.tmp")
        temporary.write_text("Jardin partagé\n", encoding="utf-8")
        os.replace(temporary, page)
    elif save == "swap file":  # an editor's swap file beside the page, left for a walk
        page.with_name(".jardin.md.swp").write_text("x", encoding="utf-8")
        page.write_text("Jardin partagé\n", encoding="utf-8")
    elif save == "deletion":
        page.unlink()
    else:
        page.with_name("cantine.md").write_text("Cantine\n", encoding="utf-8")
    wait_until(lambda: handler.seen)
    wait_until(lambda: watcher.counts["dropped"] >= 1)
    seen = len(handler.seen)
    if save == "swap file":  # and removed at the next walk: seen natively too
        page.with_name(".jardin.md.swp").unlink()
        wait_until(lambda: len(handler.seen) > seen)
        dropped = watcher.counts["dropped"]
        wait_until(lambda: watcher.counts["dropped"] > dropped)
    assert watcher.counts["passed"] == 0, handler.seen


def test_reading_the_content_reports_nothing(folder: Path, running):
    # A rebuild reads every file: reported (inotify's open and close), each read
    # would start the next rebuild.
    handler = Recorder()
    watcher = Watcher(PollingObserver(timeout=INTERVAL))
    watcher.schedule(handler, str(folder), recursive=True)
    running(watcher)
    page, marker = folder / "experiences" / "jardin.md", folder / "marker.md"
    assert page.read_text(encoding="utf-8")
    marker.write_text("x", encoding="utf-8")  # events come in order: the read's would be first
    wait_until(lambda: str(marker) in handler.paths())
    assert handler.paths() == {str(marker)}, handler.seen


def test_a_change_only_the_poller_sees_still_comes_through(folder: Path, running):
    handler = Recorder()
    native = Silent()
    watcher = Watcher(PollingObserver(timeout=INTERVAL), native=lambda: native)
    watcher.schedule(handler, str(folder), recursive=True)
    running(watcher)
    assert native.scheduled == [str(folder)]
    page = folder / "experiences" / "jardin.md"
    page.write_text("Jardin partagé\n", encoding="utf-8")
    wait_until(lambda: str(page) in handler.paths())
    assert watcher.counts["passed"] >= 1 and watcher.counts["dropped"] == 0


def test_a_path_the_native_observer_cannot_watch_stays_polled(tmp_path: Path, running, caplog):
    watched, limited = tmp_path / "a", tmp_path / "b"
    watched.mkdir()
    limited.mkdir()
    handler = Recorder()
    native = Silent(fail=frozenset({str(limited)}))
    watcher = Watcher(PollingObserver(timeout=INTERVAL), native=lambda: native)
    watcher.schedule(handler, str(watched), recursive=True)
    with caplog.at_level(logging.INFO, logger=preview_watch.log.name):
        watcher.schedule(handler, str(limited), recursive=True)
        running(watcher)
    assert native.scheduled == [str(watched)]
    [line] = [r for r in caplog.records if str(limited) in r.getMessage()]
    assert line.levelno == logging.INFO and "scrutation seulement" in line.getMessage()
    assert "limite de surveillance inotify atteinte" in line.getMessage()
    (limited / "x.md").write_text("x", encoding="utf-8")
    wait_until(lambda: str(limited / "x.md") in handler.paths())


def test_a_native_observer_that_cannot_start_leaves_every_path_polled(folder: Path, running, caplog):
    def no_instance():
        raise OSError(errno.EMFILE, "inotify instance limit reached")

    handler = Recorder()
    watcher = Watcher(PollingObserver(timeout=INTERVAL), native=no_instance)
    watcher.schedule(handler, str(folder), recursive=True)
    with caplog.at_level(logging.INFO, logger=preview_watch.log.name):
        running(watcher)
    assert "limite d'instances inotify" in caplog.text
    (folder / "experiences" / "jardin.md").write_text("Jardin partagé\n", encoding="utf-8")
    wait_until(lambda: handler.seen)


def test_a_system_without_a_native_backend_is_polled_alone(tmp_path: Path, caplog):
    watcher = Watcher(PollingObserver(timeout=INTERVAL), native=PollingObserver)  # watchdog's fallback
    watcher.schedule(Recorder(), str(tmp_path), recursive=True)
    with caplog.at_level(logging.INFO, logger=preview_watch.log.name):
        watcher.start()
    watcher.stop()
    watcher.join()
    assert "scrutation seulement (toutes les 0.1 s) : pas de surveillance native sur ce système" in caplog.text


def test_a_watched_file_saved_atomically_is_seen_natively_once(tmp_path: Path, running):
    # mkdocs.yml: watched through its folder, so the file renamed over it is seen.
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    handler = Recorder()
    watcher = running(Watcher(PollingObserver(timeout=INTERVAL)))
    watcher.schedule(handler, str(config))
    for number in range(2):
        temporary = tmp_path / f".mkdocs.yml.{number}"
        temporary.write_text(f"site_name: y{number}\n", encoding="utf-8")
        os.replace(temporary, config)
        wait_until(lambda: str(config) in handler.paths())
        wait_until(lambda expected=number + 1: watcher.counts["dropped"] >= expected)
        handler.seen.clear()
    assert watcher.counts["passed"] == 0


# -- which polled reports are duplicates -------------------------------------------
def test_a_polled_report_is_a_duplicate_while_its_paths_are_as_the_native_observer_left_them(tmp_path: Path):
    page, temporary = tmp_path / "jardin.md", tmp_path / ".jardin.md.tmp"
    page.write_text("a", encoding="utf-8")
    reported = Reported()
    temporary.write_text("b", encoding="utf-8")
    os.replace(temporary, page)
    reported.native(events.FileMovedEvent(str(temporary), str(page)))
    # The poller sees the new inode as a deletion and a creation of the page: both dropped.
    assert reported.duplicate(events.FileDeletedEvent(str(page)))
    assert reported.duplicate(events.FileCreatedEvent(str(page)))
    # A later save that only the poller saw comes through, and so does a path never reported.
    page.write_text("a longer text", encoding="utf-8")
    assert not reported.duplicate(events.FileModifiedEvent(str(page)))
    assert not reported.duplicate(events.FileModifiedEvent(str(tmp_path / "other.md")))


def test_a_deletion_seen_natively_does_not_hide_a_later_one_only_polled(tmp_path: Path):
    page = tmp_path / "jardin.md"
    reported = Reported()
    reported.native(events.FileDeletedEvent(str(page)))
    assert reported.duplicate(events.FileDeletedEvent(str(page)))
    page.write_text("again", encoding="utf-8")  # created and deleted where only the poller sees
    assert not reported.duplicate(events.FileCreatedEvent(str(page)))
    page.unlink()
    assert not reported.duplicate(events.FileDeletedEvent(str(page)))
