"""What keeps `make serve` fast: a page whose inputs did not change since the last
rebuild of this serve process is not rendered again, and Pagefind indexes in the
background.

MkDocs' serve rebuilds the whole site after every save. Its `--dirty` mode skips
pages by file modification time only: it misses a page whose related experiences,
bouquets or listing changed, so it would serve stale pages. Here each page gets a
fingerprint of everything its template reads that can change between two rebuilds
of one process: its converted HTML, title, table of contents and meta, its URL, the
values the page registry gives its template (walked field by field, each model
object digested once per rebuild; `page_inputs` adds what a template reads from the
catalogue itself) and a build-wide part (mkdocs.yml, every file of the theme's
folders, the navigation, the plugin's settings, the site links, the publisher and
the PDF editions). Same fingerprint as in the last rebuild: the page's template is
swapped for an empty one (overrides/main.html extends `REUSE_TEMPLATE` when
`bq_reused` is set) and its previous output, policy included, is written again. The
home page, which reads the whole catalogue, is always rendered. `make build` never
uses this: a full build's bytes never depend on it, and tests/build/test_preview_edit.py
compares the pages a rebuild wrote with those of a fresh serve of the edited content.
"""
from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import hashlib
import itertools
import os
import shutil
import tempfile
import threading
from pathlib import Path

from . import search
from .pages import EditorsPage, ExperiencePage, HomePage, Page

# An empty template in overrides/: main.html extends it instead of Material's base.
REUSE_TEMPLATE = "bq-reuse.html"
REUSE_FLAG = "bq_reused"
_PLAIN = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})
_OPEN = object()  # an object whose digest is being computed
_UNIQUE = itertools.count()


def page_inputs(page: Page | None, catalogue, context: dict):
    """What the page's template reads beyond its MkDocs page, or None when it reads
    the catalogue as a whole (the page is then always rendered). Templates that read
    `catalogue.` are listed in tests/test_preview_reuse.py, which fails on a new one."""
    if isinstance(page, HomePage):
        return None
    own = {key: value for key, value in context.items() if key != "catalogue"}
    if isinstance(page, ExperiencePage):
        experience = page.subject
        # overrides/experience.html: « Inspirée de », « Essaimée à », « À proximité ».
        own["catalogue"] = (catalogue.inspired_by.get(experience.slug, ()), catalogue.spread_to.get(experience.slug, ()),
                            catalogue.nearby(experience))
    if isinstance(page, EditorsPage):
        own["identity"] = page.identity
    return own


class Digester:
    """Digests of template values within one rebuild, each object digested once (by
    identity). Python's own hash of tuples: both rebuilds compared run in the same
    serve process, so its salt is the same, and it is several times faster than a
    cryptographic digest of every node (at 5,000 experiences the contexts hold
    about 200,000 objects)."""

    def __init__(self):
        self._memo: dict[int, tuple[object, object]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}

    def digest(self, value) -> int:
        kind = type(value)
        if kind in _PLAIN:
            return hash((kind, value))
        known = self._memo.get(id(value))
        if known is not None:
            if known[0] is _OPEN:  # a cycle: a digest no other rebuild gives, so no reuse
                return hash((_OPEN, next(_UNIQUE)))
            return known[0]  # type: ignore[return-value]
        self._memo[id(value)] = (_OPEN, value)  # the value stays alive: its id is not reused
        self._memo[id(value)] = (digest := self._digest(value, kind)), value
        return digest

    def _digest(self, value, kind: type) -> int:
        if kind is list or kind is tuple:
            return hash((kind, *map(self.digest, value)))
        if isinstance(value, dict):
            return hash((dict, *[(self.digest(k), self.digest(v)) for k, v in value.items()]))
        if isinstance(value, (set, frozenset)):
            return hash((frozenset, frozenset(map(self.digest, value))))
        if dataclasses.is_dataclass(value):
            names = self._fields.get(kind)
            if names is None:
                names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(value))
            return hash((kind.__qualname__, *[self.digest(getattr(value, name)) for name in names]))
        if isinstance(value, str):  # Markup and other str subclasses
            return hash((kind.__qualname__, str(value)))
        if isinstance(value, (list, tuple)):  # named tuples
            return hash((kind.__qualname__, *map(self.digest, value)))
        if hasattr(value, "__dict__") and kind.__repr__ is object.__repr__:  # type: ignore[comparison-overlap]
            return hash((kind.__qualname__, *[(name, self.digest(v)) for name, v in sorted(vars(value).items())]))
        # Anything else is digested by its repr; one that shows its address makes the
        # page render again every time (never a stale page).
        return hash((kind.__qualname__, repr(value)))


def toc_digest(toc) -> str:
    """The table of contents as the templates read it (its objects have no repr)."""
    def walk(items):
        return [(item.title, item.id, item.level, walk(item.children)) for item in items]
    return repr(walk(toc or []))


def files_digest(paths) -> str:
    """Contents of the given files, and of every file under the given folders."""
    sha = hashlib.sha256()
    for path in (Path(p) for p in paths):
        for file in sorted([path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())):
            sha.update(str(file).encode("utf-8", "surrogatepass") + b"\0" + file.read_bytes() + b"\0")
    return sha.hexdigest()


class PageReuse:
    """Kept by the serve process across rebuilds: src_uri → (fingerprint, output)."""

    def __init__(self):
        self._previous: dict[str, tuple[str, str]] = {}
        self._current: dict[str, tuple[str, str]] = {}
        self._pending: dict[str, str] = {}
        self._reused: set[str] = set()
        self._digester = Digester()
        self._build_part = ""
        self.reused = self.rendered = 0

    def start_build(self, build_part: str) -> None:
        """A new rebuild: `build_part` digests what every page depends on."""
        if self._current:
            self._previous = self._current
        self._current, self._pending, self._reused = {}, {}, set()
        self._digester = Digester()
        self._build_part = build_part
        self.reused = self.rendered = 0

    def fingerprint(self, page, inputs) -> str:
        neighbours = [getattr(getattr(page, name, None), "url", None) for name in ("previous_page", "next_page", "parent")]
        parts = [self._build_part, page.file.src_uri, page.url, str(page.title), page.content or "", toc_digest(page.toc),
                 str(self._digester.digest(dict(page.meta))), repr(neighbours), page.canonical_url or "", str(self._digester.digest(inputs))]
        return hashlib.sha256("\x1e".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def before_render(self, page, inputs) -> bool:
        """True when the page may take its previous output: the caller then sets
        REUSE_FLAG in its context, and main.html renders nothing."""
        if inputs is None:
            return False
        src_uri = page.file.src_uri
        fingerprint = self.fingerprint(page, inputs)
        self._pending[src_uri] = fingerprint
        previous = self._previous.get(src_uri)
        if previous is not None and previous[0] == fingerprint:
            self._reused.add(src_uri)
            return True
        return False

    def after_render(self, src_uri: str, output: str, finish) -> str:
        """The page's final output: the previous one when reused, else finish(output)."""
        # The last rebuild's output is dropped as soon as its page is done: the
        # preview holds one copy of the site's pages, not two.
        previous = self._previous.pop(src_uri, None)
        if src_uri in self._reused and previous is not None:
            self.reused += 1
            final = previous[1]
        else:
            self.rendered += 1
            final = finish(output)
        if src_uri in self._pending:
            self._current[src_uri] = (self._pending[src_uri], final)
        return final

    def abandon(self) -> None:
        """A failed rebuild: the next one compares with what each page last gave (a
        page the failed rebuild finished is a valid fingerprint and output)."""
        self._previous.update(self._current)
        self._current = {}


class RecordList:
    """The preview's stand-in for the indexer during a rebuild: each page's record is
    made later, by BackgroundSearch after the pages are served (turning 5,000 bodies
    into search text is a second of the rebuild otherwise)."""

    def __init__(self):
        self.pending: list[tuple] = []  # (page, html, catalogue)

    def defer(self, page: Page, html: str, catalogue) -> None:
        self.pending.append((page, html, catalogue))

    def close(self) -> None:
        self.pending = []


class BackgroundSearch:
    """Pagefind cannot index incrementally, and at 5,000 experiences it takes longer
    than the rest of a rebuild: in the preview the bundle is made in a thread after
    the rebuild has ended (MkDocs' server then serves the new pages at once), and
    the search of the previous bundle is served until it is done.

    Never half-written: the bundle is written outside the site, then each file is
    moved into the served folder with an atomic rename, pagefind-entry.json (the only
    file not named after its content, which names the others) last; earlier files
    stay, so a reader who loaded the old entry still finds what it names. A new
    rebuild cancels the indexing under way (Pagefind would take a core from it) and
    nothing is moved into a site MkDocs is about to empty (the generation check,
    under the lock)."""

    ENTRY = "pagefind-entry.json"

    def __init__(self):
        self._lock = threading.Lock()
        self._generation = 0
        self._indexer: search.SearchIndexer | None = None
        self._thread: threading.Thread | None = None
        self._last: Path | None = None  # the last complete bundle, outside any site
        # Made by the first indexing, not here: an object that never indexes (a
        # preview stopped at once, a test) leaves no folder behind.
        self._scratch: Path | None = None

    def cancel(self) -> None:
        """A rebuild starts: the indexing under way stops, and will move nothing."""
        with self._lock:
            self._generation += 1
            indexer, self._indexer = self._indexer, None
        if indexer is not None:
            indexer.close()

    def restore(self, target: Path) -> None:
        """MkDocs has just emptied the served folder (a rebuild cleans it before its
        files event): the last complete bundle goes back at once, so a reader whose
        page loaded the previous entry does not meet a missing file during the whole
        rebuild (scripts/stress_preview.py found one such 404)."""
        with self._lock:
            if self._last is not None:
                _install(self._last, target, self.ENTRY)

    def start(self, records: RecordList, target: Path) -> None:
        """Serves the last complete bundle in the new site at once, then indexes the
        pages of `records` into target in the background."""
        with self._lock:
            if self._last is not None:
                _install(self._last, target, self.ENTRY)
            generation = self._generation
        # The pages' clean HTML leaves the rebuild's record list (which the serve
        # process keeps until the next rebuild), and each page leaves the indexing
        # as soon as its record is sent: nothing holds 5,000 bodies once indexed.
        pending, records.pending = collections.deque(records.pending), []
        self._thread = threading.Thread(target=self._index, args=(pending, target, generation), name="pagefind-preview", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """The preview stops: no indexing left running, no bundle left in the temporary folder."""
        self.cancel()
        self.wait(30)
        with self._lock:
            scratch, self._scratch, self._last = self._scratch, None, None
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _index(self, pending: collections.deque, target: Path, generation: int) -> None:
        # The count known, as in a full build (site.start_search_index): the same way
        # of indexing (one bundle fed as records come, or shards), so the same bundle.
        catalogue = pending[0][2] if pending else None
        expected = len(catalogue.experiences) + len(catalogue.bouquets) if catalogue is not None else 0
        indexer = search.SearchIndexer(expected=expected)
        with self._lock:
            if generation != self._generation:
                indexer.close()
                return
            self._indexer = indexer
            if self._scratch is None:
                self._scratch = Path(tempfile.mkdtemp(prefix="bouquet-search-"))
            staging = self._scratch / f"bundle-{generation}"
        try:
            while pending:
                page, html, catalogue = pending.popleft()
                if generation != self._generation:
                    raise RuntimeError("cancelled")  # a rebuild started: leave it the processor
                if (record := page.search_record(html, catalogue)) is not None:
                    indexer.add(record)
            indexer.write(staging)
        except (RuntimeError, OSError, ValueError, EOFError):
            indexer.close()
            shutil.rmtree(staging, ignore_errors=True)
            return  # cancelled by a newer rebuild, or Pagefind failed: the old bundle stays
        with self._lock:
            if generation != self._generation:
                shutil.rmtree(staging, ignore_errors=True)
                return
            self._indexer = None
            _install(staging, target, self.ENTRY)
            if self._last is not None:
                shutil.rmtree(self._last, ignore_errors=True)
            self._last = staging


def _install(bundle: Path, target: Path, entry: str) -> None:
    """Puts every file of `bundle` into `target`, each by an atomic rename of a whole
    file, the entry files last; hard links where it can (the bundle stays as it is,
    and 5,000 fragments are linked in a moment)."""
    files = sorted((p for p in bundle.rglob("*") if p.is_file()), key=lambda p: (p.name == entry, p.as_posix()))
    for file in files:
        destination = target / file.relative_to(bundle)
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{destination.name}.{os.getpid()}.part")
        try:
            os.link(file, partial)
        except OSError:
            shutil.copyfile(file, partial)
        os.replace(partial, destination)
