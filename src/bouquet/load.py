"""Load and validate the whole content tree in one pass, collecting every problem."""
from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from .content_files import list_content
from .front_matter import FrontMatter, read_front_matter
from .markdown_text import links, mask_code
from .problems import Problem, sort_problems
from .rules import BODY_RULES, CORPUS_RULES, DOCUMENT_RULES, FILE_LIST_READERS, FILE_RULES, complexity, files as content_rules, images, run
from .rules.files import FOLDERS, is_allowed_asset, kind_of  # noqa: F401 - the loader's vocabulary
from .schema import BOUQUET_FIELDS, EXPERIENCE_FIELDS, LETTER_FIELDS, PAGE_FIELDS
from .source import SourceFile, read_source
from .themes import Vocabulary, load_audiences, load_vocabulary

FIELDS = {"experience": EXPERIENCE_FIELDS, "bouquet": BOUQUET_FIELDS, "letter": LETTER_FIELDS, "page": PAGE_FIELDS}


@dataclass
class Document:
    kind: str  # experience, bouquet, letter or page
    slug: str
    path: str  # as shown to editors, e.g. content/experiences/x.md
    source_path: str  # relative to content/, posix: experiences/x.md
    source: SourceFile
    front: FrontMatter
    front_read: bool = True  # False: the YAML failed, `front` is empty, only the body is checked
    # What each document rule found on it, under one context (CheckMemo): kept with the document.
    findings: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def masked_body(self) -> str:
        """The body with code blanked out, computed once for all body rules."""
        return mask_code(self.source.body)

    @cached_property
    def complexity(self):
        """Why the body would take too long to convert, or None (rules.complexity)."""
        return complexity.find(self.source.body)

    @cached_property
    def body_links(self) -> list[tuple[int, str, bool, str]]:
        """(line, url, is_image, text) of every link and image of the body."""
        return list(links(self.masked_body, self.source.body_line))


@dataclass
class Context:
    content_dir: Path
    vocabulary: Vocabulary
    # Every regular file of content/, relative posix paths: for the corpus rules and the
    # document rules that declare reading it (Rule.reads_files); the others get
    # UNDECLARED_FILES.
    files: frozenset[str] = frozenset()
    audiences: Vocabulary = Vocabulary(())  # content/publics.yml


class _UndeclaredFiles(frozenset):
    """The file list a document rule sees when its Rule does not declare reading it.
    Such a rule's findings are kept between the preview's checks when a file appears
    (CheckMemo): one that read the list anyway would keep a stale answer, so reading it
    fails, and `run` reports the failure as an internal error of the check."""

    def _undeclared(self, *_):
        raise RuntimeError("this rule reads context.files: declare Rule(..., reads_files=True)")

    __contains__ = __iter__ = __len__ = _undeclared


UNDECLARED_FILES = _UndeclaredFiles()


@dataclass
class CheckResult:
    documents: list[Document]
    vocabulary: Vocabulary
    problems: list[Problem]
    files_read: int
    images: tuple[str, ...] = ()  # the image files of content/images/, relative to content/
    audiences: Vocabulary = Vocabulary(())  # content/publics.yml


    @property
    def ok(self) -> bool:
        return not self.problems


class CheckMemo:
    """What the check found per file, kept between checks of one process: the live
    preview checks the whole tree again after every save, and at 5,000 experiences
    reading and checking every file again is seconds of the editor's wait.

    A file is read again only when its status changed (modification time, size,
    inode, change time); its document rules run again only when it was read again or
    the vocabularies they see changed (themes, audiences). Those rules never see the
    list of files of content/ (Context.files), so a new experience does not run every
    other file's rules again: at 5,000 experiences that took 2 s of the preview's
    quick pass. A rule that reads the list (Rule.reads_files: the image rule, which
    also looks at the image files) runs every time, as do the corpus and image-file
    rules. The result is the one check_content gives without a memo
    (tests/test_load.py)."""

    def __init__(self):
        self._read: dict[tuple, list] = {}
        self._seen: set[tuple] = set()

    def read(self, kind: str, file: Path, relative: Path, display: str) -> list:
        try:
            status = os.stat(file, follow_symlinks=False)
        except OSError:
            return run(_read_document, display, (kind, file, relative, display))
        key = (kind, str(file), display, status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns)
        self._seen.add(key)
        if key not in self._read:
            self._read[key] = run(_read_document, display, (kind, file, relative, display))
        return self._read[key]

    @staticmethod
    def rule(rule, document: Document, context: Context, context_key: str) -> list:
        if rule in FILE_LIST_READERS:
            return run(rule, document.path, (document, context))
        if context_key not in document.findings:
            document.findings.clear()  # findings under an older context are never asked for again
            document.findings[context_key] = {}
        found = document.findings[context_key]
        if rule not in found:
            found[rule] = run(rule, document.path, (document, context))
        return found[rule]

    def forget_unseen(self) -> None:
        """Drops the files the last check did not see (deleted, or changed since)."""
        self._read = {key: value for key, value in self._read.items() if key in self._seen}
        self._seen = set()


def _context_key(context: Context) -> str:
    """What the document rules that do not read the file list see of the context."""
    text = "\0".join([str(context.content_dir), repr(context.vocabulary.themes), repr(context.audiences.themes)])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def check_content(content_dir: Path, display_root: Path | None = None, memo: CheckMemo | None = None) -> CheckResult:
    content_dir = Path(content_dir).resolve()
    display_root = Path(display_root).resolve() if display_root else _default_root(content_dir)
    vocabulary, problems = load_vocabulary(content_dir, display_root)
    audiences, found = load_audiences(content_dir, display_root)
    problems += found
    listing = list_content(content_dir)
    problems.extend(content_rules.check(listing, content_dir, lambda file: _display(file, display_root)))
    every_file = listing.files
    context = Context(content_dir, vocabulary, listing.relative_files(content_dir), audiences)
    documents: list[Document] = []
    image_files = []
    for file in every_file:
        relative = file.relative_to(content_dir)
        if file.suffix != ".md" and is_allowed_asset(relative) and relative.parts[0] == images.FOLDER:
            image_files.append(relative.as_posix())
            for rule in FILE_RULES:
                problems.extend(run(rule, _display(file, display_root), (file, PurePosixPath(relative.as_posix()), _display(file, display_root))))
    files = [f for f in every_file if f.suffix == ".md"]
    for file in files:
        relative = file.relative_to(content_dir)
        display = _display(file, display_root)
        kind = kind_of(relative)
        if kind is None:
            continue  # emplacement-invalide: rules/files.py
        read = memo.read(kind, file, relative, display) if memo else run(_read_document, display, (kind, file, relative, display))
        problems.extend(p for p in read if isinstance(p, Problem))
        documents.extend(d for d in read if isinstance(d, Document))
    # A document whose YAML failed still gets its body checked (its front is empty).
    context_key = _context_key(context) if memo else ""
    unlisted = dataclasses.replace(context, files=UNDECLARED_FILES)
    for document in documents:
        rules = DOCUMENT_RULES if document.front_read else BODY_RULES
        for rule in rules:
            given = context if rule in FILE_LIST_READERS else unlisted
            problems.extend(memo.rule(rule, document, given, context_key) if memo else run(rule, document.path, (document, given)))
    if memo:
        memo.forget_unseen()
    for rule in CORPUS_RULES:
        problems.extend(run(rule, "content", (documents, context)))
    readable = [d for d in documents if d.front_read]
    return CheckResult(readable, vocabulary, sort_problems(problems), len(files) + 1, tuple(image_files), audiences)


def _read_document(kind: str, file: Path, relative: Path, display: str):
    source, found = read_source(file, display)
    yield from found
    if source is None:
        return
    front, found = read_front_matter(source, FIELDS[kind])
    yield from found
    yield Document(kind, file.stem, display, relative.as_posix(), source, front or FrontMatter(), front_read=front is not None)


def _default_root(content_dir: Path) -> Path:
    cwd = Path.cwd().resolve()
    return cwd if content_dir.is_relative_to(cwd) else content_dir.parent


def _display(file: Path, root: Path) -> str:
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()
