"""The preview's file watcher: the system's notifications first, polling as the net.

The engine's server watches with watchdog's PollingObserver: every 0.5 s it walks and
stats every watched file (5,000 experiences and more), so a save waits up to 0.5 s plus
that walk before the rebuild even starts, and the walk takes CPU and the GIL all the
time. MkDocs polls on purpose (mkdocs/mkdocs PR #2477): the system's notifications
(inotify on Linux) miss changes on some mounts, such as Docker's on macOS or Windows,
network shares, or WSL2 on /mnt/c. So the poller stays, and the native observer is added
beside it: each watched path is scheduled on both, the first to see a change reports it,
and the poller's report of a change the native observer already reported is dropped, so
that one save rebuilds once (a report that arrives while the rebuild runs would start a
second one). A change the native observer never reports still comes through the poller,
as slowly as before.

A file (mkdocs.yml) is watched as watchdog watches one, through its folder, so an
editor's atomic save (a new file renamed over it) is seen as well. A path the native
observer cannot watch (no backend on this system, the inotify watch or instance limit
reached) is watched by the poller alone, and the log says so. A subfolder the native observer could not add (watchdog goes on
silently) needs nothing more: the native observer reports nothing there, so nothing
the poller reports there is dropped.

The engine's server has no public hook for its observer: it is replaced in `on_serve`,
and the paths already watched are scheduled again through the server's own `watch()`
(its callback, its reference counts). tests/test_preview_passes.py checks the names
used against the installed engine.
"""
from __future__ import annotations

import errno
import logging
import os
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from watchdog import events
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from . import engine

log = logging.getLogger(f"{engine.NAME}.plugins.bouquet")

# What the native observer reports: changes only. Without a filter inotify also reports
# every file opened and closed, and a rebuild reads every file of the content: each
# rebuild would start the next one (the engine's callback rebuilds on any file event).
NATIVE_EVENTS = [
    events.FileCreatedEvent, events.FileModifiedEvent, events.FileAttribEvent, events.FileDeletedEvent,
    events.FileMovedEvent, events.DirCreatedEvent, events.DirModifiedEvent, events.DirDeletedEvent,
    events.DirMovedEvent,
]
# Past this many paths the oldest records are forgotten (an editor's temporary files
# leave one each): a forgotten path at worst lets one duplicate report through.
RECORDS_MAX = 4096

State = tuple[int, int, int, int] | None


def state(path: str) -> State:
    """What the poller compares between two walks (inode, size, modification time),
    or None for a path that does not exist."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_ino, status.st_dev, status.st_size, status.st_mtime_ns


def event_paths(event: events.FileSystemEvent) -> list[str]:
    paths = [os.fsdecode(event.src_path)]
    if isinstance(event, events.FileSystemMovedEvent) and event.dest_path:
        paths.append(os.fsdecode(event.dest_path))
    return paths


class Reported:
    """The paths the native observer reported, each with its state just after.

    The poller reports a change one walk after it happened, as a creation, a
    modification, a deletion or a move: an atomic save (a temporary file renamed over
    the page) is a deletion and a creation of the page for the poller, a move for the
    native observer. So a polled report is compared by the state of its paths rather
    than by its kind: it is a duplicate when the native observer reported each of its
    paths and none has changed since. A path that changed again since (a save the
    native observer did not see) comes through, and so does a path it never reported.
    Records are kept after a duplicate (the poller may report one path twice in one
    walk) and forgotten when a report comes through: they no longer describe what the
    native observer last saw (a record of a deletion, kept, would hide a later
    deletion that only the poller saw)."""

    def __init__(self, stat: Callable[[str], State] = state):
        self._stat = stat
        self._lock = threading.Lock()
        self._states: dict[str, State] = {}

    def native(self, event: events.FileSystemEvent) -> None:
        found = [(path, self._stat(path)) for path in event_paths(event)]
        with self._lock:
            for path, now in found:
                self._states.pop(path, None)  # the newest last, for the trimming below
                self._states[path] = now
            if len(self._states) > RECORDS_MAX:
                for path in list(self._states)[: RECORDS_MAX // 2]:
                    del self._states[path]

    def duplicate(self, event: events.FileSystemEvent) -> bool:
        """Whether the native observer already reported this polled change."""
        paths = event_paths(event)
        with self._lock:
            recorded = [self._states.get(path, _UNKNOWN) for path in paths]
        if all(known is not _UNKNOWN and known == self._stat(path) for path, known in zip(paths, recorded, strict=True)):
            return True
        with self._lock:
            for path in paths:
                self._states.pop(path, None)
        return False


_UNKNOWN: Any = object()


class _NativeHandler(events.FileSystemEventHandler):
    """The engine's handler behind the native observer: each change is recorded
    before the engine sees it."""

    def __init__(self, handler: events.FileSystemEventHandler, reported: Reported):
        self._handler, self._reported = handler, reported

    def dispatch(self, event: events.FileSystemEvent) -> None:
        self._reported.native(event)
        self._handler.dispatch(event)


class _PolledHandler(events.FileSystemEventHandler):
    """The engine's handler behind the poller: the changes the native observer
    already reported are dropped."""

    def __init__(self, handler: events.FileSystemEventHandler, reported: Reported, counts: Counter):
        self._handler, self._reported, self._counts = handler, reported, counts

    def dispatch(self, event: events.FileSystemEvent) -> None:
        if self._reported.duplicate(event):
            self._counts["dropped"] += 1
            return
        self._counts["passed"] += 1
        self._handler.dispatch(event)


@dataclass(eq=False)
class Watch:
    """One path scheduled on the watcher: its poller watch, and its native one when
    the native observer could take it."""

    path: str
    recursive: bool
    handler: events.FileSystemEventHandler
    polled: Any = None
    native: Any = None


def _why_not(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "limite de surveillance inotify atteinte (fs.inotify.max_user_watches)"
    if error.errno == errno.EMFILE:
        return "limite d'instances inotify atteinte (fs.inotify.max_user_instances)"
    return f"surveillance native impossible ({error.strerror or error})"


class Watcher:
    """What the engine's server takes for its observer (schedule, unschedule, start,
    stop, join): each path goes to the native observer and to the engine's poller.
    `counts` tells how many polled reports were dropped or passed on."""

    def __init__(self, polling: Any, native: Callable[[], Any] = Observer):
        self.polling = polling
        self._native_factory = native
        self._native: Any = None
        self._no_native = ""  # why nothing is watched natively, once start() has tried
        self._reported = Reported()
        self.counts: Counter = Counter()
        self._watches: list[Watch] = []
        self._lock = threading.Lock()
        self._started = False

    @property
    def interval(self) -> float:
        return float(self.polling.timeout)

    def schedule(self, handler: events.FileSystemEventHandler, path: str, *, recursive: bool = False, **_: Any) -> Watch:
        watch = Watch(path, recursive, handler)
        watch.polled = self.polling.schedule(_PolledHandler(handler, self._reported, self.counts), path, recursive=recursive)
        with self._lock:
            self._watches.append(watch)
            if self._started:
                self._watch_natively(watch)
        return watch

    def unschedule(self, watch: Watch) -> None:
        with self._lock:
            self._watches.remove(watch)
            if watch.native is not None:
                self._native.unschedule(watch.native)
        self.polling.unschedule(watch.polled)

    def start(self) -> None:
        with self._lock:
            self._started = True
            factory = self._native_factory
            if isinstance(factory, type) and issubclass(factory, PollingObserver):  # watchdog's fallback
                self._no_native = "pas de surveillance native sur ce système"
            else:
                try:
                    native = self._native_factory()
                    native.start()
                except OSError as error:
                    self._no_native = _why_not(error)
                else:
                    self._native = native
            # Each path on its own: the native observer, alive, starts each watch as it
            # is scheduled, and one that fails leaves the others watched.
            for watch in self._watches:
                self._watch_natively(watch)
        self.polling.start()

    def _watch_natively(self, watch: Watch) -> None:
        if self._native is None:
            self._polled_alone(watch, self._no_native)
        else:
            handler = _NativeHandler(watch.handler, self._reported)
            try:
                watch.native = self._native.schedule(handler, watch.path, recursive=watch.recursive,
                                                     event_filter=NATIVE_EVENTS)
            except OSError as error:
                self._polled_alone(watch, _why_not(error))

    def _polled_alone(self, watch: Watch, reason: str) -> None:
        # An information line: an editor can meet it (a system limit), and then each
        # save there shows up to one polling interval later.
        log.info("Aperçu : %s surveillé par scrutation seulement (toutes les %.1f s) : %s",
                 watch.path, self.interval, reason)

    def stop(self) -> None:
        self.polling.stop()
        if self._native is not None:
            self._native.stop()

    def join(self, timeout: float | None = None) -> None:
        if not self._started:
            return
        self.polling.join(timeout)
        if self._native is not None:
            self._native.join(timeout)


def install(server: Any) -> Watcher:
    """Gives the engine's server (LiveReloadServer, not serving yet) a Watcher around
    its own PollingObserver, and schedules again every path it already watches, with
    its reference count, through its own watch(): the engine's callback is kept."""
    polling = server.observer
    watched, refs = dict(server._watched_paths), dict(server._watch_refs)
    for ref in refs.values():
        polling.unschedule(ref)
    server._watched_paths.clear()
    server._watch_refs.clear()
    watcher = Watcher(polling)
    server.observer = watcher
    for path, count in watched.items():
        server.watch(path, recursive=refs[path].is_recursive)
        server._watched_paths[path] = count
    return watcher
