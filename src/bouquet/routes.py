"""Every address of the site, in one place: what Hugo's `permalinks` table and the
`_format_path_for_*` methods of Material's blog plugin are to those sites.

Addresses are relative to the site root, without a leading slash, as MkDocs' `url`
filter takes them ("" is the home page; a page ends with "/", a file does not). The
source path of a page (`source(url)`, MkDocs' `src_uri`) derives from its address.
Python builds links with these functions; templates with the same functions, given
to Jinja as `bq_routes` (see `template_helpers`). The reserved names, the generated
sections that content may not take, the navigation and what stays out of it derive
from the same table.

Plain Python: no MkDocs, no domain types (an object passed in needs only a `slug`).
"""
from __future__ import annotations

import re
from types import SimpleNamespace

HOME = ""
EXPERIENCES = "experiences/"
BOUQUETS = "bouquets/"
THEMES = "themes/"
TERRITORIES = "territoires/"
SOURCES = "sources/"  # one listing per source (« sourceur »): listings.sources
SEARCH = "recherche/"
OPEN_DATA = "donnees/"
SCHEMA = "schema/"  # the JSON Schemas of the front matter (json_schema.py)
ADMIN = "admin/"  # the web editor (cms.py)
SEARCH_INDEX = "pagefind/"  # the search bundle (search.py)
# The search page's vocabulary files (suggest.py), fetched by search.js.
SEARCH_PAGES = SEARCH + "pages.json"
SEARCH_WORDS = SEARCH + "vocabulaire.json"
ASSETS = "assets/"  # Material's and our stylesheets and scripts
IMAGES = "images/"  # content/images/, copied as they are
LETTERS = "lettres/"  # the letters' archive (letter.py): lettres/<date>/, and its index
# The editors' own pages (content/*.md), linked from the footer and the navigation.
ABOUT = "a-propos/"
ACCESSIBILITY = "accessibilite/"
LEGAL_NOTICE = "mentions-legales/"
CONTRIBUTE = "contribuer/"
SITE_MAP = "plan-du-site/"  # « Plan du site », linked from the footer (sitemap_page.py)

#: The feed of the latest experiences. Every feed sits at the site root: Material's
#: script looks for a sitemap.xml beside every <link rel="alternate">, and the root
#: is where one exists.
SITE_FEED = "feed.xml"
#: The feed of the letters (letter.py).
LETTERS_FEED = "feed-lettres.xml"
#: The files of the open data, in OPEN_DATA.
OPEN_DATA_FILES = {"json": "experiences.json", "csv": "experiences.csv", "schema": "schema.json", "package": "datapackage.json"}

#: Page 2 and after of a listing: <listing>/page/<n>/.
PAGINATION = "page"

#: File names an experience or a bouquet may not take: experiences/index.md is the
#: listing, experiences/page/ its pagination.
RESERVED_SLUGS = frozenset({"index", PAGINATION})
#: Top-level folders of the site the build fills: a content page there would replace
#: or lose a generated page or file. ("search" is Material's built-in search folder.)
GENERATED_SECTIONS = frozenset(url.rstrip("/") for url in (
    EXPERIENCES, BOUQUETS, THEMES, TERRITORIES, SOURCES, SEARCH, OPEN_DATA, SITE_MAP, ADMIN, SCHEMA, SEARCH_INDEX, ASSETS, IMAGES, "search/"))

#: The navigation (tabs), in order: (label, source). Experiences and bouquets are
#: reached from listings, never from the navigation: each navigation entry is
#: embedded in every page.
NAVIGATION = (
    ("Accueil", "index.md"),
    ("Bouquets", "bouquets/index.md"),
    ("Expériences", "experiences/index.md"),
    ("Thèmes", "themes/index.md"),
    ("Territoires", "territoires/index.md"),
    ("Sources", "sources/index.md"),
    ("Rechercher", "recherche/index.md"),
    ("À propos", "a-propos.md"),
)
#: What stays out of the navigation, as MkDocs' `not_in_nav` patterns (gitignore
#: style): the generated sections and the editors' pages linked from the footer.
NOT_IN_NAV = tuple(f"/{section}" for section in (EXPERIENCES, BOUQUETS, THEMES, TERRITORIES, SOURCES, OPEN_DATA, SEARCH, LETTERS, SITE_MAP)) + (
    "contribuer.md", "accessibilite.md", "mentions-legales.md")


def source(url: str) -> str:
    """The source path (src_uri) of a generated page: themes/jeunesse/ → themes/jeunesse/index.md."""
    return f"{url}index.md"


def experience(slug: str) -> str:
    return f"{EXPERIENCES}{slug}/"


def experience_source(slug: str) -> str:
    return f"{EXPERIENCES}{slug}.md"


def bouquet(slug: str) -> str:
    return f"{BOUQUETS}{slug}/"


def bouquet_source(slug: str) -> str:
    return f"{BOUQUETS}{slug}.md"


def bouquet_pdf(slug: str) -> str:
    """The printable edition (edition.py), beside the bouquet's page."""
    return f"{bouquet(slug)}{slug}.pdf"


def letter(slug: str) -> str:
    """A letter's archive page: lettres/<date>/."""
    return f"{LETTERS}{slug}/"


def letter_source(slug: str) -> str:
    return f"{LETTERS}{slug}.md"


def letter_email(slug: str) -> str:
    """The letter as an HTML e-mail, beside its archive page (its text part: .txt)."""
    return f"{letter(slug)}lettre.html"


def letter_text(slug: str) -> str:
    return f"{letter(slug)}lettre.txt"


def bouquet_feed(slug: str) -> str:
    return f"feed-bouquet-{slug}.xml"


def theme(slug: str) -> str:
    return f"{THEMES}{slug}/"


def theme_feed(slug: str) -> str:
    return f"feed-theme-{slug}.xml"


def region(region) -> str:
    """A région's page: territoires/<région>/."""
    return f"{TERRITORIES}{region.slug}/"


def departement(departement) -> str:
    """A département's page, inside its région's: territoires/<région>/<département>/."""
    return f"{region(departement.region)}{departement.slug}/"


def epci(epci) -> str:
    """An intercommunalité's page, inside the département where most of its
    inhabitants live: territoires/<région>/<département>/<EPCI>/."""
    return f"{departement(epci.departement)}{epci.slug}/"


def region_feed(region) -> str:
    return f"feed-region-{region.slug}.xml"


def departement_feed(departement) -> str:
    return f"feed-departement-{departement.slug}.xml"


def epci_feed(epci) -> str:
    return f"feed-epci-{epci.slug}.xml"


def source_listing(source) -> str:
    """A source's (« sourceur ») listing: sources/<source>/."""
    return f"{SOURCES}{source.slug}/"


def page(base_url: str, number: int) -> str:
    """Page `number` of the listing at `base_url` (page 1 is the listing itself)."""
    return base_url if number == 1 else f"{base_url}{PAGINATION}/{number}/"


def open_data_file(kind: str) -> str:
    """donnees/experiences.json and the other open-data files, by kind (OPEN_DATA_FILES)."""
    return f"{OPEN_DATA}{OPEN_DATA_FILES[kind]}"


#: The generated indexes (page 1 of each section the build writes).
GENERATED_INDEXES = frozenset(source(url) for url in (EXPERIENCES, BOUQUETS, THEMES, TERRITORIES, SOURCES, SEARCH, OPEN_DATA))
_FOLDER = "[a-z0-9-]+/"
_LISTINGS = f"{re.escape(EXPERIENCES)}|{re.escape(THEMES)}{_FOLDER}|{re.escape(SOURCES)}{_FOLDER}|{re.escape(TERRITORIES)}(?:{_FOLDER})+"
#: The sources of the territories' listings and of every listing's page 2 and after:
#: which exist depends on the catalogue, built after the content is checked.
GENERATED_SOURCE_PATTERN = re.compile(
    f"({re.escape(TERRITORIES)}(?:{_FOLDER})+|{re.escape(SOURCES)}{_FOLDER}|(?:{_LISTINGS}){PAGINATION}/[0-9]+/)index\\.md")
#: Pages that show the map of France: the home page and the territories' index.
MAP_PAGES = ("index.md", source(TERRITORIES))


def template_helpers() -> SimpleNamespace:
    """What templates call as `bq_routes`: `bq_routes.region(r) | url`, `bq_routes.SEARCH | url`."""
    names = ("HOME", "EXPERIENCES", "BOUQUETS", "THEMES", "TERRITORIES", "SEARCH", "SEARCH_INDEX", "SEARCH_PAGES",
             "SEARCH_WORDS", "OPEN_DATA", "ABOUT",
             "ACCESSIBILITY", "LEGAL_NOTICE", "CONTRIBUTE", "SITE_MAP", "SITE_FEED", "experience", "bouquet", "bouquet_feed",
             "bouquet_pdf", "theme", "theme_feed", "region", "departement", "epci", "region_feed", "departement_feed", "epci_feed", "source_listing", "page", "open_data_file",
             "LETTERS", "LETTERS_FEED", "letter", "letter_email", "letter_text")
    return SimpleNamespace(**{name: globals()[name] for name in names})
