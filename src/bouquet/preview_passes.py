"""Two passes per save in `make serve`: the edited page first, then the whole site.

At 5,000 experiences a rebuild of the preview takes about 15 s even when it reuses
every unchanged page (preview_reuse.py): the engine reads, lays out and writes every
page again. An editor who saves one experience waits for that one page. So a save
that changes one experience file (its body, its title, or a new experience) gets a
quick pass first: the content is checked as always, then only that page is rendered
with the last full pass's engine objects (configuration, file collection,
navigation, templates) and written into the served folder; the server's waiting
requests get it at once and the browser reloads. The full pass follows, built into
the other of two folders, then served instead of the first: the listings, related
experiences, feeds and search catch up, and the browser reloads a second time.
Until then, the other pages show the content as it was before the save (README,
« make serve »).

A save the quick pass cannot show alone (several files, a deletion, an image,
mkdocs.yml, a draft, a problem in the content) goes straight to the full pass, as
before. `make build` never takes this path, and a full pass's pages never depend
on a quick pass: tests/build/test_preview_edit.py compares the served site, once
the full pass is done, with fresh builds of the edited content.

The engine's development server has no public hook for this: its rebuild function,
root folder and version counters are set here (engine.livereload), and
tests/test_preview_passes.py fails as soon as the engine changes them.
"""
from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import engine, routes

log = logging.getLogger(f"{engine.NAME}.plugins.bouquet")
Snapshot = dict[str, tuple[int, int]]
# How the engine's server logs a request it answered (livereload._Handler.log_request).
_REQUEST_LOG = re.compile(r'"[^"]*" code \d+$')


def snapshot(content_dir: Path) -> Snapshot:
    """Modification time and size of every file under content_dir, by src_uri: what
    tells, at the next save, which file changed. Hidden files and editor backups
    (« ~ ») are left out, as the engine leaves them out of the site."""
    found: Snapshot = {}
    root = str(content_dir)
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        for name in names:
            if name.startswith(".") or name.endswith("~"):
                continue
            try:
                status = os.stat(os.path.join(folder, name))
            except OSError:
                continue  # removed while walking: absent, as it now is
            found[prefix + name] = (status.st_mtime_ns, status.st_size)
    return found


def single_experience_change(before: Snapshot, now: Snapshot) -> str | None:
    """The src_uri of the one experience file changed or added since `before`, or None
    when the change is anything else (nothing, several files, a deletion, another file)."""
    changed = [path for path in before.keys() | now.keys() if before.get(path) != now.get(path)]
    if len(changed) != 1 or changed[0] not in now:
        return None
    [path] = changed
    if path.startswith(routes.EXPERIENCES) and path.endswith(".md") and "/" not in path[len(routes.EXPERIENCES):]:
        return path
    return None


@dataclass
class LastBuild:
    """What a quick pass takes from the last full pass that succeeded: the engine's
    objects of that build, and the content as that build read it."""

    config: Any
    content: Snapshot
    files: Any = None
    nav: Any = None
    env: Any = None

    @property
    def content_dir(self) -> Path:
        return Path(self.config["docs_dir"])

    @property
    def complete(self) -> bool:
        return self.files is not None and self.nav is not None and self.env is not None


def render_one(last: LastBuild, src_uri: str, build) -> None:
    """Renders the page of `src_uri` from `build` (a SiteBuild of the saved content)
    with the last full pass's engine objects, and writes it where that pass did: the
    engine's own two steps for one page, so its plugin events run as in a build."""
    config, files, nav, env = last.config, last.files, last.nav, last.env
    file = files.get_file_from_path(src_uri)
    if file is None:  # a new experience: its file and page as the engine's collection makes them
        file = engine.File(src_uri, config["docs_dir"], config["site_dir"], config["use_directory_urls"])
        files.append(file)
        engine.pages.Page(None, file, config)
    build.set_navigation(nav.pages)
    env.filters.update(build.template_filters())
    env.globals.update(build.template_globals())
    engine.populate_page(file.page, config, files)
    engine.build_page(file.page, config, files.documentation_pages(), nav, env)


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector off for the duration. Between saves the
    preview process holds the whole last build (engine objects, catalogue, check
    memo), and one full collection of it, which the quick pass's allocations trigger,
    took 0.56 s of a 2.3 s quick pass at 5,000 experiences. A quick pass lasts a
    second and leaves little garbage: the full pass that follows collects it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class TwoPasses:
    """The preview server's rebuild, in two passes. `full` is the engine's rebuild;
    `quick` renders the edited page alone and says whether it could."""

    server: Any
    full: Callable[[], None]
    quick: Callable[[], bool]
    served: Path = field(init=False)
    built: Path | None = None  # set by the full pass that completed (plugin on_post_build)
    _other: Path = field(init=False)
    _own: Path = field(init=False)

    def __post_init__(self):
        self.served = Path(self.server.root)
        # A sibling of the engine's folder, which the engine removes at the end; this
        # one close() removes.
        self._own = self._other = Path(tempfile.mkdtemp(prefix="bouquet-site-", dir=self.served.parent))
        self.server.builder = self.rebuild
        self.server.error_handler = self.error_page
        self._building = False
        self._request_log = logging.getLogger(engine.livereload.__name__)
        self._request_log.addFilter(self._request_during_build)

    def target(self) -> Path:
        """Where the next full pass builds: the folder not served, which the engine
        empties first; the served one keeps answering meanwhile."""
        return self._other

    def rebuild(self) -> None:
        with collector_paused():
            quick = self.quick()
        if quick:
            self._publish()
        self.built = None
        self._building = True
        try:
            self.full()
        finally:
            self._building = False
        if self.built is None:  # broken content: the report is on the served folder
            return
        self.served, self._other = self.built, self.served
        server = self.server
        with server._epoch_cond:
            server.root = str(self.served)
            # A new version, which the server publishes once this function returns:
            # the browsers reload once more, onto the complete site.
            server._wanted_epoch = engine.livereload._timestamp()
        log.info("Aperçu : toutes les pages sont à jour (dossier servi : %s)", self.served)

    def _publish(self) -> None:
        # What the server does after a rebuild (LiveReloadServer._build_loop): the
        # requests it holds are answered, and the browsers waiting for a new version
        # reload. The full pass that follows keeps this version visible.
        server = self.server
        with server._epoch_cond:
            server._visible_epoch = server._wanted_epoch
            server._epoch_cond.notify_all()

    def _request_during_build(self, record: logging.LogRecord) -> bool:
        # The server now answers while the full pass builds: a request it could not
        # serve (a 404 while the reader browses) is logged as a warning, which a
        # strict build counts as its own and fails on. It is not the build's: an
        # information line instead.
        if self._building and record.levelno == logging.WARNING and _REQUEST_LOG.search(record.getMessage()):
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True

    def error_page(self, code: int) -> bytes | None:
        # The engine's handler reads its own folder, which is not always the one served.
        page = self.served / f"{code}.html"
        if code in (404, 500) and page.is_file():
            return page.read_bytes()
        return None

    def close(self) -> None:
        self._request_log.removeFilter(self._request_during_build)
        shutil.rmtree(self._own, ignore_errors=True)
