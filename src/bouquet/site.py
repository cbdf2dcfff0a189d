"""One build of the site: the validated catalogue, its page registry (pages.py) and
the whole-site files written at the end.

MkDocs-independent: the hook adapters look a page up by its src_uri and get plain
data back.
"""
from __future__ import annotations

import os
from pathlib import Path

from . import cms, edition, editorial, feeds, french, letter, json_schema, listings, memory, opendata, population, publisher, routes, sanitize, search, site_links, sitemap_page, suggest
from .engine import get_relative_url
from .dates import long_date, short_date
from .catalogue import Catalogue, ModelMemo, build_catalogue
from .edition import CACHE_VARIABLE as PDF_CACHE_VARIABLE
from .markdown_render import DISABLE_VARIABLE as NO_CACHE_VARIABLE, MarkdownRenderer
from .load import CheckMemo, CheckResult, check_content
from .pages import ExperiencePage, Page, PageRegistry
from .preview_reuse import BackgroundSearch, RecordList


class SiteBuild:
    def __init__(self, catalogue: Catalogue, site_url: str = "", publisher_identity: publisher.Publisher | None = None,
                 site_name: str = "", per_page: int = listings.PER_PAGE, home_latest: int = listings.HOME_LATEST,
                 feed_size: int = feeds.FEED_SIZE, one_page: bool = False):
        self.catalogue = catalogue
        self.site_url = site_url
        self.site_name = site_name  # mkdocs.yml's site_name: the one place the name is written
        self.feed_size = feed_size
        self.publisher = publisher_identity or publisher.read_publisher({})
        self.editions = edition.Editions()  # PDFs by bouquet slug
        self._held: list[tuple[Path, str]] = []  # bouquet pages written before their PDF's size was known
        self.subscribe_url = ""  # plugins: bouquet: letter: subscribe_url in mkdocs.yml (letter.subscribe_url)
        # The open-data files, made once: the page /donnees/ gives their sizes, and
        # write_extra_files writes them (a second pass cost seconds at 5,000).
        # `one_page`: the preview's quick pass renders one contributed page and nothing
        # else (preview_passes.py): without the generated pages and the open data,
        # which are 2 s of its wait at 5,000 experiences and which no such page reads.
        self._opendata = {} if one_page else opendata.contents(catalogue, site_url, opendata.created_at(os.environ), site_name)
        generated = [] if one_page else listings.plan(catalogue, per_page) + [
            opendata.page(catalogue, site_url, opendata.created_at(os.environ), site_name, self._opendata),
            letter.index_page(catalogue), sitemap_page.page(catalogue)]
        self.pages = PageRegistry(catalogue, generated, self.publisher, self.editions, home_latest)
        self.indexer: search.SearchIndexer | RecordList | None = None
        # The live preview only (serve()): cleaned HTML by input, kept between
        # rebuilds, and the search bundle made after the pages are served.
        self.clean_memo: dict[tuple[str, str], str] | None = None
        self.background_search: BackgroundSearch | None = None
        self.markdown: MarkdownRenderer | None = None
        self.fragments = SharedFragments()
        self.site_links = site_links.by_place({})[0]  # where « Contribuer » and the editor are linked
        self.content_dir = Path("content")
        self.edition_cache: Path | None = None  # .cache/pdf/ beside mkdocs.yml; None: no cache
        self._html: dict[str, str] = {}  # cleaned body HTML by src_uri (experiences, bouquets)

    def serve(self, clean_memo: dict[tuple[str, str], str], background_search: BackgroundSearch | None) -> None:
        """This build is a rebuild of the live preview, which keeps `clean_memo` and
        `background_search` from one rebuild to the next."""
        # Edits leave old bodies behind: bounded, a few times the site's pages.
        if len(clean_memo) > 4 * len(self.pages) + 100:
            clean_memo.clear()
        self.clean_memo, self.background_search = clean_memo, background_search

    # -- pages ---------------------------------------------------------------
    def page(self, src_uri: str) -> Page | None:
        return self.pages.get(src_uri)

    def clean_content(self, page: Page | None, html: str) -> str:
        """Contributed HTML cleaned; the build's own (generated pages) as it is."""
        if page is not None and not page.contributed:
            return html
        experience = isinstance(page, ExperiencePage)
        key = ("experience" if experience else "page", html)
        if self.clean_memo is not None and key in self.clean_memo:
            cleaned = self.clean_memo[key]
        else:
            cleaned = sanitize.clean(html)
            if experience:
                cleaned = editorial.mark(cleaned)  # the editors' synthesis labelled, empty sections dropped
            if self.clean_memo is not None:
                self.clean_memo[key] = cleaned
        if page is not None and page.printed:
            self._html[page.src_uri] = cleaned  # the PDF editions print the same HTML
        return cleaned

    def index(self, page: Page | None, html: str) -> None:
        """Gives the search index the page's record, if it has one, from its clean HTML."""
        if page is None or self.indexer is None:
            return
        if isinstance(self.indexer, RecordList):
            self.indexer.defer(page, html, self.catalogue)
        elif (record := page.search_record(html, self.catalogue)) is not None:
            self.indexer.add(record)

    def start_search_index(self) -> None:
        # Experiences and bouquets are the pages with a record (pages.py): up to a
        # shard's worth, they are indexed while the pages render. The preview indexes
        # them after the pages are served (BackgroundSearch).
        if self.background_search is not None:
            self.indexer = RecordList()
        else:
            self.indexer = search.SearchIndexer(expected=len(self.catalogue.experiences) + len(self.catalogue.bouquets))

    def abort(self) -> None:
        self.editions.close(wait=False)
        if self.indexer is not None:
            self.indexer.close()

    def page_written(self, path: Path, html: str) -> None:
        """A page's final HTML, written at `path`: one that waits for a PDF's size is
        written again, complete, once the editions are done (write_extra_files)."""
        if self.editions.awaited_in(html):
            self._held.append((path, html))

    def context(self, src_uri: str) -> dict:
        return self.pages.context(src_uri)

    def set_navigation(self, pages) -> None:
        pages = list(pages)
        self.fragments = SharedFragments(frozenset(p.file.src_uri for p in pages), tuple(sorted({p.url for p in pages})))

    def template_globals(self) -> dict:
        return {"bq_fragment_key": self.fragments.key, "bq_fragment": self.fragments.get, "bq_keep": self.fragments.keep,
                "bq_publisher": self.publisher, "bq_site_links": self.site_links, "bq_routes": routes.template_helpers(),
                "bq_subscribe_url": self.subscribe_url, "bq_share_mailto": letter.share_mailto,
                "bq_plural_from": french.PLURAL_FROM}

    def template_filters(self) -> dict:
        return {"date_fr": long_date, "date_short": short_date, "plural": french.plural, "number_fr": population.number,
                "inhabitants": population.inhabitants}

    def edition_html(self, bouquet) -> str:
        experiences = tuple(self.catalogue.by_slug[slug] for slug in bouquet.experience_slugs)  # the bouquet's own order
        return edition.edition_html(
            bouquet, experiences, site_url=self.site_url or "https://bouquet.example/", site_name=self.site_name,
            created=edition.created_at(bouquet, experiences), intro_html=self._html.get(bouquet.src_uri),
            body_html=lambda e: self._html[e.src_uri] if e.src_uri in self._html else edition.markdown_html(e.body))

    def render_editions(self, render: bool = True) -> list[str]:
        """Every bouquet's PDF, from the cache or rendered (render=False: from the
        cache only, as the preview does). Returns the slugs left without an edition."""
        missing, queued = [], []
        site_url = self.site_url or "https://bouquet.example/"
        for bouquet in self.catalogue.bouquets:
            html = self.edition_html(bouquet)
            if (data := edition.cached(html, site_url=site_url, content_dir=self.content_dir, cache_dir=self.edition_cache)) is not None:
                self.editions.set(bouquet.slug, data)
            elif render:  # laid out in worker processes while the pages are rendered
                queued.append((bouquet.slug, html))
            else:
                missing.append(bouquet.slug)
        # Every edition's HTML is made: the clean bodies were kept for it alone, and
        # each page's own copy is released once the page is written (release_content).
        self._html = {}
        for slug, html in edition.longest_first(queued):
            self.editions.submit(slug, html, site_url=site_url, content_dir=self.content_dir, cache_dir=self.edition_cache)
        return missing

    def write_opendata(self, site_dir: Path) -> list[Path]:
        return opendata.write(self.catalogue, site_dir, file_bytes=self._opendata)

    def write_extra_files(self, site_dir: Path) -> None:
        editions = self.editions.wait()
        for path, html in self._held:
            # As the engine writes a page (mkdocs.utils.write_file).
            path.write_bytes(self.editions.fill(html).encode("utf-8", errors="xmlcharrefreplace"))
        self._held = []
        for bouquet in self.catalogue.bouquets:
            if bouquet.slug in editions:
                target = site_dir / bouquet.pdf_url
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(editions[bouquet.slug])
        feeds.write(self.catalogue, site_dir, self.site_url, self.site_name, self.feed_size)
        letter.write(self.catalogue, site_dir, site_url=self.site_url or "https://bouquet.example/", site_name=self.site_name,
                     content_dir=self.content_dir, subscribe_url=self.subscribe_url)
        self.write_opendata(site_dir)
        json_schema.write(site_dir, self.catalogue.themes)
        cms.write(site_dir, self.catalogue.themes, site_name=self.site_name, site_url=self.site_url,
                  audiences=self.catalogue.audiences)
        if isinstance(self.indexer, RecordList) and self.background_search is not None:
            suggest.write(self.catalogue, site_dir)
            self.background_search.start(self.indexer, site_dir / routes.SEARCH_INDEX)
        elif isinstance(self.indexer, search.SearchIndexer):
            suggest.write(self.catalogue, site_dir)
            # Beyond a shard, Pagefind indexes the shards now, beside this process
            # at its largest: what the pages freed goes back first (memory.py).
            memory.release()
            self.indexer.write(site_dir / routes.SEARCH_INDEX)
        if self.markdown is not None:
            self.markdown.save()


def release_markdown(page) -> None:
    """The engine keeps every page object, with its Markdown source, until the build
    ends, though nothing reads the Markdown once it is converted (the title comes
    from page.meta or the conversion): about 7 KB an experience, 70 MB at 10,000.
    Emptied, not None: the engine's `Page.title` is None while `markdown` is None."""
    page.markdown = ""


def release_content(page) -> None:
    """The page is rendered and its output handed to the engine to write: its body
    HTML (page.content) is read by no later page, nor by on_post_build (feeds, open
    data and editions come from the catalogue and SiteBuild), yet the engine would
    keep it to the end. Emptied, not None, like the Markdown: `Page.title` would
    otherwise look for a heading in the (empty) Markdown. The preview's page reuse
    reads page.content before the page is rendered, and keeps its own copy of the
    outputs on purpose (preview_reuse.PageReuse)."""
    page.content = ""


class SharedFragments:
    """Template fragments that are identical for many pages: Material's tabs and
    navigation sidebar, for pages outside the navigation. Rendered once per key.

    Such a fragment depends on the page only through the relative URLs of the
    navigation's links (and through which entry is active, never the case for a
    page outside the navigation), so those URLs are the key: pages share a
    fragment exactly when every link in it would be the same.
    """

    def __init__(self, navigation_src_uris: frozenset[str] = frozenset(), target_urls: tuple[str, ...] = ()):
        self._navigation = navigation_src_uris
        self._targets = target_urls
        self._rendered: dict[str, str] = {}

    def key(self, page, part: str) -> str | None:
        if page is None or getattr(page, "file", None) is None or page.file.src_uri in self._navigation:
            return None
        return part + "|" + "|".join(get_relative_url(target, page.url) for target in self._targets)

    def get(self, key: str | None) -> str | None:
        return self._rendered.get(key) if key else None

    def keep(self, key: str | None, html: str) -> str:
        if key:
            self._rendered[key] = html
        return html


CACHE_FILE = Path(".cache") / "markdown.json"


def prepare(content_dir: Path, config=None, settings=None, memo: CheckMemo | None = None,
            one_page: bool = False, models: ModelMemo | None = None) -> tuple[CheckResult, SiteBuild | None]:
    """`config`: the engine's; `settings`: the plugin's (config.BouquetConfig); `memo`
    and `models`: the live preview's check results and model objects, kept between its
    rebuilds; `one_page`: the preview's quick pass (SiteBuild), which uses neither
    cache (the engine's own conversion of one page is faster than reading the
    Markdown cache of the site)."""
    result = check_content(content_dir, memo=memo)
    if result.problems:
        return result, None
    site_url = (config or {}).get("site_url") or ""
    sizes = {name: settings[name] for name in ("per_page", "home_latest", "feed_size") if settings and name in settings}
    build = SiteBuild(build_catalogue(result, models), site_url, publisher.read_publisher(settings), (config or {}).get("site_name") or "",
                      one_page=one_page, **sizes)
    build.content_dir = content_dir
    if one_page:
        return result, build
    if config is not None and not os.environ.get(NO_CACHE_VARIABLE) and config.get("config_file_path"):
        build.edition_cache = Path(os.environ.get(PDF_CACHE_VARIABLE) or Path(config["config_file_path"]).parent / edition.CACHE_DIR)
    if config is not None and not os.environ.get(NO_CACHE_VARIABLE):
        # The cache sits beside mkdocs.yml, not in the site: it is never published.
        cache_file = Path(config["config_file_path"]).parent / CACHE_FILE if config.get("config_file_path") else None
        build.markdown = MarkdownRenderer(config, cache_file)
    return result, build
