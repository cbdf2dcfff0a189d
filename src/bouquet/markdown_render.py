"""Markdown conversion for the whole build: one converter, pages cached by content.

MkDocs builds a new `Markdown` instance for every page (12% of a large build) and
converts every page again on every build. This renderer does exactly what
Page.render does in MkDocs 1.6 and ProperDocs (engine.py; same extensions, same
engine tree processors for links, anchors and titles) with one instance reset
between pages, and keeps each page's result in .cache/ keyed by everything that
can change it: its Markdown, its path and URL, the Markdown settings and this
module's version; and, checked when the entry is read, the answer to every file
lookup its conversion made (the link targets it resolved, with their URL, and the
guesses MkDocs tried for a missing one). A page depends on the other files only
through those lookups, so adding or removing an experience converts again only the
pages that link to it (or whose listing changed), never the whole site; a lookup
the recorder cannot see falls back to the fingerprint of the whole file list. A
rebuild after editing one experience converts one page. Same input, same bytes, cache or not: a build test
compares both. The warnings MkDocs logs while converting a page (a link to a
missing file, say) are kept with it and logged again when the page comes from the
cache: strict mode counts them on every build, not only on the first.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
from pathlib import Path

import markdown

from .engine import NAME as ENGINE_NAME, get_toc
from .engine import pages as engine_pages

FORMAT = "bouquet-markdown-3"  # 2: entries carry the conversion's log; 3: keyed by the page, lookups checked
# Set, the build uses the engine's own Page.render and no cache (for comparison).
DISABLE_VARIABLE = "BOUQUET_NO_CACHE"
# This build's cache entries stay in memory up to this size, then go to a temporary file.
SPOOL_IN_MEMORY = 4 * 1024 * 1024


# MkDocs' link and anchor checks log here while a page is converted.
_PAGES_LOG = logging.getLogger(engine_pages.__name__)
_LOG = logging.getLogger(f"{ENGINE_NAME}.plugins.bouquet")


class _Recorder(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def _target_state(found) -> list | None:
    """What a link to a file takes from it: its URL and whether it is excluded."""
    return None if found is None else [found.url, found.inclusion.is_excluded()]


class _RecordingFiles:
    """Stands in for the build's Files in the link tree processors, recording the
    answer to every lookup. Any other use of the collection is not recorded: it
    makes the page depend on the whole file list (`opaque`)."""

    def __init__(self, files):
        self._files = files
        self.lookups: dict[str, list | None] = {}
        self.opaque = False

    def get_file_from_path(self, path: str):
        found = self._files.get_file_from_path(path)
        self.lookups[path] = _target_state(found)
        return found

    def __getattr__(self, name):
        self.opaque = True
        return getattr(self._files, name)


class MarkdownRenderer:
    def __init__(self, config, cache_file: Path | None):
        self._md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        settings = json.dumps([FORMAT, repr(config["markdown_extensions"]), repr(sorted((config["mdx_configs"] or {}).items())),
                               config["use_directory_urls"]], sort_keys=True)
        self._salt = hashlib.sha256(settings.encode()).hexdigest()
        self._cache_file = cache_file
        self._entries = self._load()
        # This build's entries, each written as it is used (_keep): holding them, with
        # their HTML, until save() cost about 7 KB an experience (70 MB at 10,000).
        self._spool: tempfile.SpooledTemporaryFile | None = None
        self._kept: set[str] = set()
        self._files_fingerprint: tuple[int, str] | None = None
        # Pages converted and pages taken from the cache: save() logs them, the tests read them.
        self.hits = self.misses = 0

    def _load(self) -> dict:
        if not self._cache_file or not self._cache_file.is_file():
            return {}
        try:
            data = json.loads(self._cache_file.read_text(encoding="utf-8"))
            return data["entries"] if data.get("format") == FORMAT else {}
        except (OSError, ValueError, KeyError):
            return {}  # a damaged cache is only a slower build

    def _fingerprint(self, files) -> str:
        # Links are resolved against the set of files: a page is converted again
        # when any file appears or disappears.
        if self._files_fingerprint is None or self._files_fingerprint[0] != id(files):
            names = "\n".join(sorted(f.src_uri for f in files))
            self._files_fingerprint = (id(files), hashlib.sha256(names.encode()).hexdigest())
        return self._files_fingerprint[1]

    def _still_valid(self, entry: dict, files) -> bool:
        """The entry's file lookups give the same answers in this build."""
        if entry["lookups"] is None:
            return entry["files"] == self._fingerprint(files)
        return all(_target_state(files.get_file_from_path(path)) == state for path, state in entry["lookups"].items())

    def render(self, page, config, files) -> None:
        """Stands in for Page.render(config, files)."""
        page_key = "\0".join((self._salt, page.file.src_uri, page.file.url, str(page.file.inclusion.is_excluded()), page.markdown))
        key = hashlib.sha256(page_key.encode()).hexdigest()
        # Taken out of the loaded cache: a page is converted once a build, and the
        # entry is written to this build's cache as soon as it is used.
        entry = self._entries.pop(key, None)
        if entry is not None and not self._still_valid(entry, files):
            entry = None
        if entry is None:
            # With warnings switched off (--quiet without strict), the log cannot
            # be kept: such a page is converted but not cached.
            recordable = _PAGES_LOG.isEnabledFor(logging.WARNING)
            entry = self._convert(page, config, files)
            self.misses += 1
            if recordable:
                self._keep(key, entry)
        else:
            self.hits += 1
            for level, message in entry["log"]:
                _PAGES_LOG.log(level, message)
            self._keep(key, entry)
        page.content = entry["content"]
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        page.links_to_anchors = {target: links for src_uri, links in entry["links_to_anchors"].items()
                                 if (target := files.get_file_from_path(src_uri)) is not None}

    def _convert(self, page, config, files) -> dict:
        md = self._md
        md.reset()
        raw_html = engine_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        recording = _RecordingFiles(files)
        anchors = engine_pages._ExtractAnchorsTreeprocessor(page.file, recording, config)
        anchors._register(md)
        relative_paths = engine_pages._RelativePathTreeprocessor(page.file, recording, config)
        relative_paths._register(md)
        title = engine_pages._ExtractTitleTreeprocessor()
        title._register(md)
        recorder = _Recorder()
        _PAGES_LOG.addHandler(recorder)
        try:
            content = md.convert(page.markdown)
        finally:
            _PAGES_LOG.removeHandler(recorder)
        return {
            "lookups": None if recording.opaque else dict(sorted(recording.lookups.items())),
            "files": self._fingerprint(files) if recording.opaque else None,
            "log": recorder.records,
            "content": content,
            "toc": getattr(md, "toc_tokens", []),
            "title": title.title,
            "anchors": sorted(anchors.present_anchor_ids | raw_html.present_anchor_ids),
            "links_to_anchors": {target.src_uri: links for target, links in relative_paths.links_to_anchors.items()},
        }

    def _keep(self, key: str, entry: dict) -> None:
        """Writes the entry into this build's cache at once, as json.dumps would place
        it in the "entries" object; the entry itself is then free to go."""
        if not self._cache_file or key in self._kept:
            return  # the first entry of a key wins; one build converts a page once
        if self._spool is None:
            # In memory up to a few MB, then an anonymous file: nothing is left behind
            # by a build that fails before save().
            self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY, mode="w+", encoding="utf-8")
        self._spool.write((", " if self._kept else "") + json.dumps(key) + ": " + json.dumps(entry, ensure_ascii=False))
        self._kept.add(key)

    def save(self) -> None:
        """Keeps only this build's pages, so the cache never grows past the site."""
        if not self._cache_file:
            return
        _LOG.info("Markdown : %d page(s) converties, %d reprises du cache", self.misses, self.hits)
        self._cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._cache_file.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as out:
            out.write("{" + json.dumps("format") + ": " + json.dumps(FORMAT) + ", " + json.dumps("entries") + ": {")
            if self._spool is not None:
                self._spool.seek(0)
                shutil.copyfileobj(self._spool, out)
                self._spool.close()
                self._spool = None
            out.write("}}")
        self._kept = set()
        temporary.replace(self._cache_file)
