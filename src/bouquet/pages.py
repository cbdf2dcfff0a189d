"""The page registry: every page of the site, built once, each knowing what it shows.

A page is an object (as Material models a blog's posts and views): an experience, a
bouquet, an editors' page (the home page among them) or a page the build generates
(a listing, an index, the search and open-data pages). Each gives the engine its
Markdown source, its template and title, its template context, the feeds it
announces, whether its HTML was contributed (and must be cleaned) and its search
record. The engine's adapters look a page up once by its source path; nothing
probes several tables or special-cases a file name again.

Plain Python: no MkDocs.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from collections.abc import Mapping

from . import dynamics, edition, feeds, francemap, letter, listings, publisher, routes, search
from .catalogue import Catalogue
from .listings import GeneratedPage
from .model import Bouquet, Experience, Letter, StaticPage

#: The feed every page announces, after its own.
SITE_FEED_LINK = ("Dernières expériences", routes.SITE_FEED)


class Page:
    """What every page has; subclasses say what their kind of page shows."""

    template = "main.html"
    #: Written by editors: its HTML is cleaned before it is placed in a template.
    contributed = True
    #: Printed in the bouquets' PDF editions (edition.py), from the same clean HTML.
    printed = False

    def __init__(self, subject):
        self.subject = subject  # the domain object the page shows

    @property
    def src_uri(self) -> str:
        return self.subject.src_uri

    @property
    def markdown(self) -> str:
        """The Markdown the engine converts."""
        return shielded(self.subject.body)

    def meta(self) -> dict:
        """Titles and descriptions are escaped once here: Material prints them raw."""
        meta = {"title": Markup(escape(self.subject.title)), "template": self.template}
        if self.subject.description:
            meta["description"] = Markup(escape(self.subject.description))
        return meta

    def context(self, catalogue: Catalogue) -> dict:
        """What this page's template needs besides what every page gets."""
        return {}

    def feeds(self) -> list[tuple[str, str]]:
        """(title, url) of the page's own feed, announced before the site's."""
        return []

    def search_record(self, html: str, catalogue: Catalogue) -> search.SearchRecord | None:
        """The page's record in the search index, from its cleaned HTML; None: not indexed."""
        return None


class ExperiencePage(Page):
    template = "experience.html"
    printed = True
    subject: Experience

    def context(self, catalogue: Catalogue) -> dict:
        experience = self.subject
        from . import listings  # listings plans the generated pages this module registers

        return {"experience": experience, "related": catalogue.related_entries(experience),
                "in_bouquets": catalogue.bouquets_of.get(experience.slug, ()),
                "source_page": listings.source_page(catalogue, experience.source.get("name", ""))}

    def search_record(self, html: str, catalogue: Catalogue) -> search.SearchRecord:
        return search.experience_record(self.subject, html, catalogue.bouquets_of.get(self.subject.slug, ()))


class BouquetPage(Page):
    template = "bouquet.html"
    printed = True
    subject: Bouquet

    def __init__(self, subject: Bouquet, editions: Mapping[str, bytes]):
        super().__init__(subject)
        self.editions = editions  # the build's PDF editions by slug, made before any page is rendered

    def context(self, catalogue: Catalogue) -> dict:
        context = {"bouquet": self.subject, "bouquet_experiences": catalogue.experiences_of(self.subject)}
        if (pdf := self.editions.get(self.subject.slug)) is not None:
            context["bouquet_pdf"] = {"url": self.subject.pdf_url, "label": edition.size_label(len(pdf))}
        return context

    def feeds(self) -> list[tuple[str, str]]:
        return [(f"Bouquet « {self.subject.title} »", self.subject.feed_url)]

    def search_record(self, html: str, catalogue: Catalogue) -> search.SearchRecord:
        return search.bouquet_record(self.subject, html)


#: The feed the letters' pages announce.
LETTERS_FEED_LINK = ("Lettres d'information", routes.LETTERS_FEED)


class LetterPage(Page):
    """A letter's archive page: its editorial text, then what it presented (letter.py)."""

    template = "letter.html"
    subject: Letter

    def context(self, catalogue: Catalogue) -> dict:
        return {"letter_issue": letter.issue(catalogue, self.subject)}

    def feeds(self) -> list[tuple[str, str]]:
        return [LETTERS_FEED_LINK]


class EditorsPage(Page):
    """A page of content/ itself (à propos, mentions légales…): the legal pages carry
    the publisher's identity."""

    subject: StaticPage

    def __init__(self, subject: StaticPage, identity: publisher.Publisher):
        super().__init__(subject)
        self.identity = identity

    @property
    def markdown(self) -> str:
        return shielded(publisher.fill(self.subject.body, self.identity))


class HomePage(EditorsPage):
    template = "home.html"

    def __init__(self, subject: StaticPage, identity: publisher.Publisher, latest: int = listings.HOME_LATEST):
        super().__init__(subject, identity)
        self.latest = latest  # experiences shown (the plugin's home_latest)

    def context(self, catalogue: Catalogue) -> dict:
        return listings.home_context(catalogue, self.latest)


class BuiltPage(Page):
    """A page the build generates (listings.plan, opendata.page), from validated values."""

    contributed = False
    subject: GeneratedPage

    @property
    def template(self) -> str:  # type: ignore[override]
        return self.subject.template

    @property
    def markdown(self) -> str:
        return self.subject.markdown

    @property
    def listing(self) -> listings.Listing | None:
        return self.subject.context.get("listing")

    def context(self, catalogue: Catalogue) -> dict:
        return dict(self.subject.context)

    def feeds(self) -> list[tuple[str, str]]:
        listing = self.listing
        if self.subject.src_uri == routes.source(routes.LETTERS):
            return [LETTERS_FEED_LINK]
        if listing is not None and listing.kind in feeds.LISTING_FEED_TITLES and listing.feed_url:
            return [(feeds.LISTING_FEED_TITLES[listing.kind].format(listing.title), listing.feed_url)]
        return []


class PageRegistry:
    """Every page of one build, by source path, in a stable order: experiences,
    bouquets, letters, editors' pages, generated pages."""

    def __init__(self, catalogue: Catalogue, generated: list[GeneratedPage], identity: publisher.Publisher,
                 editions: Mapping[str, bytes] | None = None, home_latest: int = listings.HOME_LATEST):
        self.catalogue = catalogue
        self.generated = tuple(generated)
        pages: list[Page] = [ExperiencePage(e) for e in catalogue.experiences]
        pages += [BouquetPage(b, editions if editions is not None else {}) for b in catalogue.bouquets]
        pages += [LetterPage(item) for item in catalogue.letters]
        pages += [HomePage(p, identity, home_latest) if p.src_uri == routes.source(routes.HOME) else EditorsPage(p, identity)
                  for p in catalogue.pages]
        pages += [BuiltPage(g) for g in self.generated]
        self._pages = {page.src_uri: page for page in pages}

    def __len__(self) -> int:
        return len(self._pages)

    def __iter__(self):
        return iter(self._pages.values())

    def get(self, src_uri: str) -> Page | None:
        return self._pages.get(src_uri)

    def context(self, src_uri: str) -> dict:
        """The template context of a page: what every page gets, then its own."""
        page = self.get(src_uri)
        own = page.feeds() if page is not None else []
        context = {"catalogue": self.catalogue, "feed_links": [*own, SITE_FEED_LINK]}
        if page is not None:
            context.update(page.context(self.catalogue))
        context.update(francemap.context_for(src_uri, self.catalogue))
        context.update(dynamics.context_for(context.get("listing"), self.catalogue))
        return context


def shielded(body: str) -> str:
    """The body as MkDocs must receive it. MkDocs reads front matter again from what
    on_page_read_source returns (mkdocs.utils.meta.get_data): a body opening with a
    « --- » block, or with lines such as « Contact: la mairie » (MultiMarkdown
    metadata), would silently lose them. A leading blank line ends its search at
    once, and it strips that line itself."""
    return "\n" + body
