"""Load and validate the whole content tree in one pass, collecting every problem."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from .content_files import list_content
from .front_matter import FrontMatter, read_front_matter
from .markdown_text import links, mask_code
from .problems import Problem, sort_problems
from .rules import BODY_RULES, CORPUS_RULES, DOCUMENT_RULES, FILE_RULES, complexity, files as content_rules, images, run
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
    files: frozenset[str] = frozenset()  # every regular file of content/, relative posix paths
    audiences: Vocabulary = Vocabulary(())  # content/publics.yml


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


def check_content(content_dir: Path, display_root: Path | None = None) -> CheckResult:
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
        read = run(_read_document, display, (kind, file, relative, display))
        problems.extend(p for p in read if isinstance(p, Problem))
        documents.extend(d for d in read if isinstance(d, Document))
    # A document whose YAML failed still gets its body checked (its front is empty).
    for document in documents:
        rules = DOCUMENT_RULES if document.front_read else BODY_RULES
        for rule in rules:
            problems.extend(run(rule, document.path, (document, context)))
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
