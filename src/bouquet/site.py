"""One build of the site: the validated catalogue and what each page gets from it.

MkDocs-independent: the hook adapters pass src_uris in and get plain data back.
"""
from __future__ import annotations

import os
from pathlib import Path

from markupsafe import Markup, escape

from . import cms, dynamics, feeds, francemap, json_schema, listings, opendata, population, publisher, sanitize, search, site_links
from .engine import get_relative_url
from .dates import long_date, short_date
from .catalogue import Catalogue, build_catalogue
from .listings import GeneratedPage
from .markdown_render import DISABLE_VARIABLE as NO_CACHE_VARIABLE, MarkdownRenderer
from .load import CheckResult, check_content


class SiteBuild:
    def __init__(self, catalogue: Catalogue, site_url: str = "", publisher_identity: publisher.Publisher | None = None):
        self.catalogue = catalogue
        self.site_url = site_url
        self.publisher = publisher_identity or publisher.read_publisher({})
        self._experiences = {e.src_uri: e for e in catalogue.experiences}
        self._bouquets = {b.src_uri: b for b in catalogue.bouquets}
        self._pages = {p.src_uri: p for p in catalogue.pages}
        self._generated = {p.src_uri: p for p in self._plan_generated()}
        self._sources = {s.name: s for s in listings.sources(catalogue)}
        self.indexer: search.SearchIndexer | None = None
        self.markdown: MarkdownRenderer | None = None
        self.fragments = SharedFragments()
        self.site_links = site_links.by_place({})[0]  # where « Contribuer » and the editor are linked

    # -- pages ---------------------------------------------------------------
    def _plan_generated(self) -> list[GeneratedPage]:
        return listings.plan(self.catalogue) + [opendata.page(self.catalogue)]

    def generated_pages(self) -> list[GeneratedPage]:
        return list(self._generated.values())

    def markdown_source(self, src_uri: str) -> str | None:
        for table in (self._experiences, self._bouquets):
            if src_uri in table:
                return shielded(table[src_uri].body)
        if src_uri in self._pages:  # the legal pages carry the publisher's identity
            return shielded(publisher.fill(self._pages[src_uri].body, self.publisher))
        if src_uri in self._generated:
            return self._generated[src_uri].markdown
        return None

    def meta(self, src_uri: str) -> dict:
        """Titles and descriptions are escaped once here: Material prints them raw."""
        if src_uri in self._experiences:
            item, template = self._experiences[src_uri], "experience.html"
        elif src_uri in self._bouquets:
            item, template = self._bouquets[src_uri], "bouquet.html"
        elif src_uri in self._pages:
            item = self._pages[src_uri]
            template = "home.html" if src_uri == "index.md" else "main.html"
        elif src_uri in self._generated:
            item = self._generated[src_uri]
            template = item.template
        else:
            return {}
        meta = {"title": Markup(escape(item.title)), "template": template}
        if item.description:
            meta["description"] = Markup(escape(item.description))
        return meta

    def clean_content(self, src_uri: str, html: str) -> str:
        if src_uri in self._generated:
            return html  # our own Markdown, built from validated values
        cleaned = sanitize.clean(html)
        if self.indexer is not None:
            if src_uri in self._experiences:
                experience = self._experiences[src_uri]
                self.indexer.add(search.experience_record(experience, cleaned, self.catalogue.bouquets_of.get(experience.slug, ())))
            elif src_uri in self._bouquets:
                self.indexer.add(search.bouquet_record(self._bouquets[src_uri], cleaned))
        return cleaned

    def start_search_index(self) -> None:
        self.indexer = search.SearchIndexer()

    def abort(self) -> None:
        if self.indexer is not None:
            self.indexer.close()

    def context(self, src_uri: str) -> dict:
        context = {"catalogue": self.catalogue, "feed_links": self.feed_links(src_uri)}
        if src_uri in self._experiences:
            experience = self._experiences[src_uri]
            context.update(experience=experience, related=self.catalogue.related(experience),
                           source_page=self._sources.get(experience.source.get("name", "")),
                           in_bouquets=self.catalogue.bouquets_of.get(experience.slug, ()))
        elif src_uri in self._bouquets:
            bouquet = self._bouquets[src_uri]
            context.update(bouquet=bouquet, bouquet_experiences=self.catalogue.experiences_of(bouquet))
        elif src_uri in self._generated:
            context.update(self._generated[src_uri].context)
        elif src_uri == "index.md":
            context.update(listings.home_context(self.catalogue))
        context.update(francemap.context_for(src_uri, self.catalogue))
        context.update(dynamics.context_for(context.get("listing"), self.catalogue))
        return context

    def feed_links(self, src_uri: str) -> list[tuple[str, str]]:
        """(title, url) of the feeds a page announces with <link rel="alternate">."""
        links = [("Dernières expériences", feeds.SITE_FEED)]
        item = self._bouquets.get(src_uri)
        listing = self._generated[src_uri].context.get("listing") if src_uri in self._generated else None
        if item:
            links.insert(0, (f"Bouquet « {item.title} »", item.feed_url))
        elif listing and listing.kind == "theme":
            links.insert(0, (f"Thème « {listing.title} »", listing.feed_url))
        return links

    def set_navigation(self, pages) -> None:
        pages = list(pages)
        self.fragments = SharedFragments(frozenset(p.file.src_uri for p in pages), tuple(sorted({p.url for p in pages})))

    def template_globals(self) -> dict:
        return {"bq_fragment_key": self.fragments.key, "bq_fragment": self.fragments.get, "bq_keep": self.fragments.keep,
                "bq_publisher": self.publisher, "bq_site_links": self.site_links}

    def template_filters(self) -> dict:
        return {"date_fr": long_date, "date_short": short_date, "number_fr": population.number,
                "inhabitants": population.inhabitants}

    def write_extra_files(self, site_dir: Path) -> None:
        feeds.write(self.catalogue, site_dir, self.site_url)
        opendata.write(self.catalogue, site_dir, self.site_url, created=opendata.created_at(os.environ))
        json_schema.write(site_dir, self.catalogue.themes)
        cms.write(site_dir, self.catalogue.themes, site_url=self.site_url)
        if self.indexer is not None:
            self.indexer.write(site_dir / "pagefind")
        if self.markdown is not None:
            self.markdown.save()


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


def prepare(content_dir: Path, config=None) -> tuple[CheckResult, SiteBuild | None]:
    result = check_content(content_dir)
    if result.problems:
        return result, None
    site_url = (config or {}).get("site_url") or ""
    build = SiteBuild(build_catalogue(result), site_url, publisher.read_publisher(config))
    if config is not None and not os.environ.get(NO_CACHE_VARIABLE):
        # The cache sits beside mkdocs.yml, not in the site: it is never published.
        cache_file = Path(config["config_file_path"]).parent / CACHE_FILE if config.get("config_file_path") else None
        build.markdown = MarkdownRenderer(config, cache_file)
    return result, build


def shielded(body: str) -> str:
    """The body as MkDocs must receive it. MkDocs reads front matter again from what
    on_page_read_source returns (mkdocs.utils.meta.get_data): a body opening with a
    « --- » block, or with lines such as « Contact: la mairie » (MultiMarkdown
    metadata), would silently lose them. A leading blank line ends its search at
    once, and it strips that line itself."""
    return "\n" + body
