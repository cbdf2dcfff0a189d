"""The search UI in the built seed site: the header box on every page, the search
page's markup, nothing inline (CSP), and the Pagefind records of experiences."""
from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from bouquet import french, routes
from bouquet.catalogue import build_catalogue
from bouquet.search import FILTER_LABELS as SEARCH_FILTER_LABELS, FILTERS as SEARCH_FILTERS
from bouquet.load import check_content
from sitebuild import ROOT

pytestmark = pytest.mark.build

SITE = "https://bouquet.example/"  # the site_url of sitebuild.build
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OWN = ("data-bq-hsearch", "data-bq-search-page")


class Page(HTMLParser):
    """Start tags with their attributes; those inside our search markup are flagged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict, bool]] = []
        self.stack: list[tuple[str, bool]] = []
        self.text: list[tuple[str, str]] = []  # (innermost tag, text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        own = any(name in attrs for name in OWN) or bool(self.stack and self.stack[-1][1])
        self.tags.append((tag, attrs, own))
        if tag not in VOID:
            self.stack.append((tag, own))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip() and self.stack:
            self.text.append((self.stack[-1][0], data.strip()))

    def find(self, tag=None, **attrs):
        return [a for t, a, _ in self.tags if (tag is None or t == tag) and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def page_url(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return SITE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


@pytest.fixture(scope="module")
def pages(seed_site):
    # The site's pages: not the web editor, the search bundle, nor the letters'
    # e-mails (lettre.html: an e-mail to paste, without the site's header).
    emails = {routes.letter_email(path.parent.name) for path in (seed_site / routes.LETTERS).glob("*/lettre.html")}
    return {path: parse(path) for path in sorted(seed_site.rglob("*.html"))
            if not path.relative_to(seed_site).as_posix().startswith(("admin/", "pagefind/"))
            and path.relative_to(seed_site).as_posix() not in emails}


def test_every_page_has_the_header_box_posting_to_the_search_page(seed_site, pages):
    assert len(pages) > 50
    for path, page in pages.items():
        if path.name == "404.html":
            continue  # served at any depth: its links are absolute from site_url
        url = page_url(seed_site, path)
        forms = page.find("form", id="bq-hsearch-form")
        assert len(forms) == 1, path
        assert forms[0]["method"] == "get" and urljoin(url, forms[0]["action"]) == SITE + "recherche/", path
        box = page.find("input", id="bq-hsearch-q")
        assert len(box) == 1 and box[0]["name"] == "q" and box[0]["type"] == "search", path
        assert page.find("label", **{"for": "bq-hsearch-q"}), path
        links = page.find("a", **{"class": "md-header__button md-icon bq-hsearch__link"})
        assert urljoin(url, links[0]["href"]) == SITE + "recherche/", path
        assert any(urljoin(url, a.get("href", "")) == SITE + "assets/search.css" for a in page.find("link")), path
        scripts = [s for s in page.find("script") if s.get("src") and urljoin(url, s["src"]) == SITE + "assets/search.js"]
        assert len(scripts) == 1 and scripts[0]["type"] == "module", path
        # What the script fetches, relative to the site's root (routes.py), and French plurals.
        fetched = {name: scripts[0][f"data-bq-{name}"] for name in ("search", "search-index", "search-pages", "search-words")}
        assert fetched == {"search": routes.SEARCH, "search-index": routes.SEARCH_INDEX,
                           "search-pages": routes.SEARCH_PAGES, "search-words": routes.SEARCH_WORDS}, path
        assert scripts[0]["data-bq-plural-from"] == str(french.PLURAL_FROM), path
    labels = [text for tag, text in pages[seed_site / "index.html"].text if tag == "label"]
    assert "Rechercher une expérience" in labels
    assert (seed_site / "assets" / "search.js").is_file() and (seed_site / "assets" / "search.css").is_file()
    for address in (routes.SEARCH_PAGES, routes.SEARCH_WORDS, routes.SEARCH_INDEX + "pagefind.js"):
        assert (seed_site / address).is_file(), address


def test_the_search_page_form_facets_and_live_region(seed_site, pages):
    page = pages[seed_site / "recherche" / "index.html"]
    form = page.find("form", id="bq-sp-form")
    assert len(form) == 1 and form[0]["method"] == "get" and form[0]["role"] == "search"
    assert page.find("input", id="bq-sp-q")[0]["name"] == "q"
    assert page.find("select", id="bq-sp-tri")[0]["name"] == "tri"
    assert [o.get("value") for t, o, own in page.tags if t == "option" and own] == ["", "date"]
    assert [f["data-bq-facet"] for f in page.find("fieldset")] == list(SEARCH_FILTERS)
    expected = [SEARCH_FILTER_LABELS.get(name, name.capitalize()) for name in SEARCH_FILTERS]
    legends = [text for tag, text in page.text if tag == "span" and text in expected]
    assert legends == expected
    assert "Année de publication par la source" in legends  # the year filter says whose year it is
    assert page.find("p", id="bq-sp-status")[0]["role"] == "status"
    assert page.find("noscript")
    assert (seed_site / "pagefind" / "pagefind.js").is_file()


def test_no_inline_script_handler_or_style_in_the_search_markup(pages):
    for path, page in pages.items():
        for tag, attrs, own in page.tags:
            if not own:
                continue
            assert tag != "script", path
            assert not [name for name in attrs if name.startswith("on") or name == "style"], (path, tag, attrs)


def test_the_script_writes_no_markup_and_no_inline_style():
    script = (ROOT / "overrides" / "assets" / "search.js").read_text(encoding="utf-8")
    for pattern in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", ".style.", "setAttribute(\"style\"", "eval("):
        assert pattern not in script, pattern


# ------------------------------------------------------------------ the index

def _cbor(data: bytes, i: int = 0):
    """A minimal CBOR decoder (integers, strings, arrays, maps): Pagefind's formats."""
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        value = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        value = int.from_bytes(data[i:i + size], "big")
        i += size
    if major == 0:
        return value, i
    if major in (2, 3):
        raw = data[i:i + value]
        return (raw.decode() if major == 3 else raw), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = _cbor(data, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, i = _cbor(data, i)
            mapping[key], i = _cbor(data, i)
        return mapping, i
    raise ValueError(f"unexpected CBOR major type {major}")


def _pagefind_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(b"pagefind_dcd")
    return data[len(b"pagefind_dcd"):]


def test_experience_records_are_the_published_experiences(seed_site):
    """Decodes the bundle: the records filtered type=Expérience are exactly the
    published experiences (drafts left out), those of type Bouquet the bouquets."""
    catalogue = build_catalogue(check_content(ROOT / "content", ROOT))
    bundle = seed_site / "pagefind"
    language = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["fr"]
    meta, _ = _cbor(_pagefind_file(bundle / f"pagefind.{language['hash']}.pf_meta"))
    pages = [hash_ for hash_, _ in meta[1]]
    filters = {name: hash_ for name, hash_ in meta[3]}
    assert set(filters) == set(SEARCH_FILTERS)
    name, values = _cbor(_pagefind_file(bundle / "filter" / f"{filters['type']}.pf_filter"))[0]
    assert name == "type"
    by_type = {value: [pages[n] for n in numbers] for value, numbers in values}

    def urls(hashes):
        return sorted(json.loads(_pagefind_file(bundle / "fragment" / f"{h}.pf_fragment"))["url"] for h in hashes)

    assert len(by_type["Expérience"]) == len(catalogue.experiences)
    assert urls(by_type["Expérience"]) == sorted(f"/{e.url}" for e in catalogue.experiences)
    assert urls(by_type["Bouquet"]) == sorted(f"/{b.url}" for b in catalogue.bouquets)
    assert not any(re.search(r"brouillon", url) for url in urls(by_type["Expérience"]))
