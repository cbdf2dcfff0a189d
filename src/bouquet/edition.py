"""The printable edition of a bouquet: one PDF per bouquet, built from the catalogue.

The HTML comes from templates/edition.html and its own print stylesheet
(templates/edition.css: A4, running header, page numbers, table of contents with
target-counter); WeasyPrint lays it out and writes a tagged PDF (PDF/UA-1) whose
language is the document's (`lang="fr"`, which also selects Pyphen's French
hyphenation for `hyphens: auto`).

Why WeasyPrint: it is the maintained HTML/CSS-to-PDF engine of the Python world,
implements CSS Paged Media (running strings, target-counter, leaders) and writes
tagged PDF; a browser's print-to-PDF has no running headers or page references.

Reproducible: WeasyPrint takes the creation and modification dates from the
document's `dcterms.created` / `dcterms.modified` meta, which come from the
content's dates here (`created_at`), not from the build's time; the file identifier
is pydyf's digest of the content. So the same content gives the same bytes, and a PDF is cached in `.cache/pdf/` under the
digest of everything it is made of (HTML, stylesheet, image bytes, WeasyPrint's
version): `make serve` renders a bouquet again only when something in it changed.

Nothing is fetched from the network: the URL fetcher maps the site's own addresses
to files under content/ and refuses any other address.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import gc
import hashlib
import multiprocessing
import html as html_lib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urljoin, urlsplit

import markdown
from babel.units import format_unit
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import opendata, sanitize
from .dates import LOCALE, long_date
from .model import Bouquet, Experience

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = TEMPLATES / "edition.css"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF, document language, title shown in the title bar
CACHE_DIR = Path(".cache") / "pdf"
CACHE_VARIABLE = "BOUQUET_PDF_CACHE"  # another cache folder (the build tests share one)
MARKDOWN_EXTENSIONS = ["tables", "admonition", "footnotes", "sane_lists", "def_list"]  # as in mkdocs.yml

log = logging.getLogger(__name__)


def full_date(value: dt.date) -> str:
    """2015-05-19 → "mardi 19 mai 2015", as the seed's « Actualisé le mardi 19 mai 2015 »."""
    from babel.dates import format_date

    text = format_date(value, format="EEEE d MMMM y", locale=LOCALE)
    day, rest = text.split(" ", 1)
    return f"{day} 1er{rest[1:]}" if value.day == 1 else text


def size_label(size: int) -> str:
    """Bytes → « PDF, 1,2 Mo » / « PDF, 350 ko » (decimal units, French formatting by Babel)."""
    if size >= 1_000_000:
        return "PDF, " + format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", format="#,##0.#", locale=LOCALE)
    return "PDF, " + format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=LOCALE).replace("kB", "ko")


def markdown_html(body: str) -> str:
    """A body as the edition prints it when the build does not hand its own HTML."""
    return sanitize.clean(markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS))


_HEADING = re.compile(r"<(/?)h([1-5])\b")
_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


def sheet_body(body_html: str, page_url: str) -> str:
    """A sheet's body inside the edition: headings one level down (the sheet's title is
    an h2), every link absolute (relative to the sheet's page on the site)."""
    body_html = _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body_html)

    def absolute(match: re.Match) -> str:
        value = html_lib.unescape(match.group(2))
        if value.startswith("#"):
            return match.group(0)
        return f'{match.group(1)}="{html_lib.escape(urljoin(page_url, value), quote=True)}"'

    return _URL_ATTRIBUTE.sub(absolute, body_html)


@dataclass(frozen=True)
class Sheet:
    experience: Experience
    anchor: str
    url: str  # absolute URL of the sheet on the site
    body: str  # HTML


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(date_fr=long_date, date_full=full_date)
    return env


def edition_html(bouquet: Bouquet, experiences: tuple[Experience, ...], *, site_url: str, site_name: str,
                 created: str, body_html: Callable[[Experience], str] | None = None,
                 intro_html: str | None = None, license_name: str = opendata.LICENSE,
                 license_url: str = opendata.LICENSE_URL) -> str:
    """The edition's HTML. `experiences` in the bouquet's own order; `created` an ISO
    8601 UTC time (`created_at`); `body_html` gives a sheet's HTML (the build's,
    links already resolved), Markdown converted here by default."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    convert = body_html or (lambda e: markdown_html(e.body))
    sheets = [Sheet(e, f"fiche-{e.slug}", urljoin(base, e.url), sheet_body(convert(e), urljoin(base, e.url)))
              for e in experiences]
    intro = intro_html if intro_html is not None else markdown_html(bouquet.body)
    return environment().get_template("edition.html").render(
        bouquet=bouquet, sheets=sheets, intro=sheet_body(intro, urljoin(base, bouquet.url)),
        site_url=base, site_name=site_name, created=created, page_url=urljoin(base, bouquet.url),
        image_url=urljoin(base, bouquet.image.file) if bouquet.image else "",
        license_name=license_name, license_url=license_url,
    )


def local_fetcher(site_url: str, content_dir: Path):
    """A WeasyPrint URL fetcher (WeasyPrint ≥ 68: a URLFetcher subclass) for which the
    site's own images come from content/ and nothing else is fetched: a PDF build never
    depends on the network, and a missing image stops it (fail_on_errors)."""
    from weasyprint.urls import URLFetcher

    base = site_url if site_url.endswith("/") else site_url + "/"
    base_path = urlsplit(base).path
    root = content_dir.resolve()

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(base):
                path = (root / unquote(urlsplit(url).path[len(base_path):])).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            raise ValueError(f"adresse non chargée dans l'édition PDF : {url}")

    return LocalFetcher(allowed_protocols={"file"}, fail_on_errors=True)


def _inputs_digest(html: str, site_url: str, content_dir: Path) -> str:
    import weasyprint

    digest = hashlib.sha256()
    for part in (weasyprint.__version__, PDF_VARIANT, STYLESHEET.read_text(encoding="utf-8"), html):
        digest.update(part.encode("utf-8") + b"\0")
    base = site_url if site_url.endswith("/") else site_url + "/"
    for url in sorted(set(re.findall(r'src="([^"]+)"', html))):
        url = html_lib.unescape(url)
        if url.startswith(base):
            path = content_dir / url[len(base):]
            digest.update(url.encode() + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    return digest.hexdigest()


# Python's cyclic collector during a layout: WeasyPrint allocates millions of short-lived
# objects a bouquet, and with the default thresholds (700, 10, 10) the collector ran
# often enough to take 12 % of the CPU (scripts/edition_bench.py, 6 alternated pairs,
# same bytes); at these, the peak of a 94-page layout went from 176 to 193 MiB, and the
# collector still runs on a document large enough to need it.
LAYOUT_GC_THRESHOLDS = (20_000, 50, 1_000)


@contextlib.contextmanager
def _layout_gc():
    """The relaxed thresholds while WeasyPrint lays out, then one full collection.

    A laid-out document is a graph of cycles (boxes, styles, pages point at each
    other), so its memory comes back only through the cyclic collector, and at these
    thresholds a full collection comes about once in a thousand gen-1 ones: a worker
    kept most of each layout's garbage for the next ones. Laid out one after the
    other in one process, the 10,000-experience corpus's editions (about 20 MiB of
    cycles each) took a worker from 234 to 441 MiB in 12 editions, and in a 10,000
    build (50 a worker) the largest worker held 799 MiB; with this collection, 232 to
    268 MiB, flat from the 7th, and 205 MiB at most in the build (README, « Memory »).
    It costs about 0.5 s of an 8 s layout. Replacing a worker after N editions is not
    needed, and ProcessPoolExecutor(max_tasks_per_child=N) hangs on Python 3.11
    (CPython gh-115634)."""
    saved = gc.get_threshold()
    gc.set_threshold(*LAYOUT_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        gc.collect()


def _write_pdf(html: str, *, site_url: str, content_dir: Path) -> bytes:
    # Apart from render_pdf so that the document is no longer referenced by any
    # frame when _layout_gc collects it.
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=site_url, url_fetcher=local_fetcher(site_url, content_dir))
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(STYLESHEET))],
                              pdf_variant=PDF_VARIANT, pdf_identifier=True)


def render_pdf(html: str, *, site_url: str, content_dir: Path) -> bytes:
    with _layout_gc():
        return _write_pdf(html, site_url=site_url, content_dir=content_dir)


def cached(html: str, *, site_url: str, content_dir: Path, cache_dir: Path | None) -> bytes | None:
    """The cached PDF of these inputs, or None."""
    if cache_dir is None:
        return None
    path = cache_dir / f"{_inputs_digest(html, site_url, content_dir)}.pdf"
    return path.read_bytes() if path.is_file() else None


def cached_render(html: str, *, site_url: str, content_dir: Path, cache_dir: Path | None) -> bytes:
    """render_pdf, kept in cache_dir under the digest of its inputs (None: no cache)."""
    if cache_dir is None:
        return render_pdf(html, site_url=site_url, content_dir=content_dir)
    path = cache_dir / f"{_inputs_digest(html, site_url, content_dir)}.pdf"
    if path.is_file():
        return path.read_bytes()
    data = render_pdf(html, site_url=site_url, content_dir=content_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data


class Editions:
    """The build's PDF editions by bouquet slug.

    Laying out the PDFs is most of a cold build's CPU (WeasyPrint, seconds a bouquet)
    and needs nothing of MkDocs once the edition's HTML exists: an edition missing
    from the cache is rendered in worker processes while the single-threaded engine
    renders the pages. Its bouquet page is then
    rendered with `placeholder(slug)` where the PDF's size goes, and `fill` writes the
    size in once the PDF exists: the page's bytes are those of a serial build.
    """

    def __init__(self):
        self._done: dict[str, bytes] = {}
        self._pending: dict[str, concurrent.futures.Future] = {}
        self._by_html: dict[str, concurrent.futures.Future] = {}
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __contains__(self, slug: str) -> bool:
        return slug in self._done or slug in self._pending

    def set(self, slug: str, data: bytes) -> None:
        self._done[slug] = data

    def submit(self, slug: str, html: str, *, site_url: str, content_dir: Path, cache_dir: Path | None) -> None:
        """Renders (and caches) the edition in a worker process."""
        if self._pool is None:
            # spawn, not fork: the build has threads (Pagefind's feeder), which a
            # forked child must not inherit half-locked.
            self._pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers(), mp_context=multiprocessing.get_context("spawn"))
        if html not in self._by_html:  # two bouquets of the same content: one render, one cache file
            self._by_html[html] = self._pool.submit(cached_render, html, site_url=site_url, content_dir=content_dir, cache_dir=cache_dir)
        self._pending[slug] = self._by_html[html]

    def label(self, slug: str) -> str | None:
        """The size shown beside the download link: known, or a placeholder."""
        if slug in self._done:
            return size_label(len(self._done[slug]))
        return placeholder(slug) if slug in self._pending else None

    def awaited_in(self, html: str) -> bool:
        """Whether a rendered page waits for the size of a PDF still being made."""
        return bool(self._pending) and _PLACEHOLDER.search(html) is not None

    def wait(self) -> dict[str, bytes]:
        """Every edition, once the workers are done (a failed render raises here)."""
        for slug, future in sorted(self._pending.items()):
            self._done[slug] = future.result()
        self._pending.clear()
        self._by_html.clear()
        self.close()
        return self._done

    def fill(self, html: str) -> str:
        """A page rendered with placeholders, with the sizes of the finished PDFs."""
        return _PLACEHOLDER.sub(lambda m: size_label(len(self._done[m.group(1)])), html)

    def close(self, wait: bool = True) -> None:
        """Stops the workers (a failed build: without waiting for the renders under way)."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None


def longest_first(jobs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(slug, html) editions in the order the workers should take them: the longest
    first (the HTML's length stands for the layout's), ties by slug. The pool hands
    out jobs in the order they come, so the longest edition no longer starts last and
    leaves the other cores idle at the end of the build."""
    return sorted(jobs, key=lambda job: (-len(job[1]), job[0]))


_PLACEHOLDER = re.compile(r"\x00bouquet-edition-size:([a-z0-9-]+)\x00")


def placeholder(slug: str) -> str:
    # NUL never appears in a rendered page (Jinja passes it through unescaped).
    return f"\x00bouquet-edition-size:{slug}\x00"


def workers() -> int:
    """One worker a core. The PDFs outweigh the rest of a cold build (1,000
    experiences, 2 cores: 78 s of layout against 27 s for everything else), so the
    engine's own process gets its share of a core from the scheduler and, once the
    pages are written, every core lays out PDFs (with one worker fewer, the build
    took 88 s instead of 105 s serially: that worker alone carried the 78 s)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


def created_at(bouquet: Bouquet, experiences: Iterable[Experience]) -> str:
    """The edition's date (dcterms.created and .modified, the PDF's creation date): the
    latest of the bouquet's date and its sheets' last update, at midnight UTC.

    From the content, never from the build: SOURCE_DATE_EPOCH is the time of the last
    commit (deploy.yml), so it would change every PDF's bytes, and so its cache key, on
    every deploy, and the PDF store kept between deploys would never be hit. Nor the
    clock: two renders must give the same bytes."""
    latest = max([bouquet.date, *(e.updated or e.date for e in experiences)])
    return f"{latest.isoformat()}T00:00:00Z"
