"""The letter (lettre d'information): what was put online in a period, with the
editor's text, as an HTML e-mail, a plain-text part, an archive page and a feed.

A letter is `content/lettres/<date>.md`: its front matter (schema.LETTER_FIELDS) and
an editorial text. It presents the experiences and bouquets whose `date` (the day
they were put online on this site) falls after the previous letter's date (or after
`since`, or ever for the first letter) and on or before its own date.

The e-mail is written with a stylesheet and inlined by css-inline (a maintained
Rust inliner with Python bindings): mail clients drop <style> blocks or parts of
them, so every rule ends up in style attributes; only the dark-mode media query stays
in <style> (it cannot be inlined, and clients that ignore it keep the light colours,
which are set on every block: no text is left on a background it was not chosen for).
Table layout, 600 px at most, links absolute: the publisher pastes or imports it into
its mailing service, which sends it and adds the unsubscribe link.
"""
from __future__ import annotations

import datetime as dt
import html as html_lib
import posixpath
import re
import textwrap
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit
from xml.sax.saxutils import escape, quoteattr

import css_inline

from . import edition, routes
from .catalogue import Catalogue
from .dates import long_date
from .model import Bouquet, Experience, Letter

FEED = routes.LETTERS_FEED
INDEX_URL = routes.LETTERS
WIDTH = 600  # px: the usual width of an e-mail that every client shows whole
IMAGE_WIDTH = WIDTH - 2 * 24  # the content cell's padding


@dataclass(frozen=True)
class Issue:
    letter: Letter
    start: dt.date | None  # the period starts after this day (None: from the beginning)
    experiences: tuple[Experience, ...]  # newest first
    bouquets: tuple[Bouquet, ...]
    previous: Letter | None

    @property
    def dateline(self) -> str:
        """« Lettre du 21 novembre 2026 » under the title, on the page, in the e-mail and in
        the archive; empty when the title says it already (the usual title: « Lettre du 21
        novembre 2026 : … »), or the header would say it twice."""
        day = long_date(self.letter.date)
        return "" if day in self.letter.title else f"Lettre du {day}"


def between(catalogue: Catalogue, start: dt.date | None, end: dt.date) -> tuple[tuple[Experience, ...], tuple[Bouquet, ...]]:
    """What was put online after `start` (None: ever) and on or before `end`, newest first."""
    def within(day: dt.date) -> bool:
        return (start is None or day > start) and day <= end

    return (tuple(e for e in catalogue.experiences if within(e.date)),
            tuple(b for b in catalogue.bouquets if within(b.date)))


def issue(catalogue: Catalogue, letter: Letter) -> Issue:
    earlier = [other for other in catalogue.letters if other.date < letter.date]
    previous = max(earlier, key=lambda other: other.date) if earlier else None
    start = letter.since or (previous.date if previous else None)
    experiences, bouquets = between(catalogue, start, letter.date)
    return Issue(letter, start, experiences, bouquets, previous)


def period_label(item: Issue) -> str:
    if item.start is None:
        return f"Tout ce qui a été mis en ligne jusqu'au {long_date(item.letter.date)}"
    return f"Mis en ligne du {long_date(item.start + dt.timedelta(days=1))} au {long_date(item.letter.date)}"


# -- links -------------------------------------------------------------------

def site_link(href: str, src_uri: str, base: str) -> str:
    """A link of the editorial text as an absolute URL: `../experiences/x.md` (as
    editors write them, relative to the letter's file) becomes the page's address."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("#") or href.startswith("//"):
        return href
    path = parts.path
    if path.endswith(".md"):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        path = "" if path == "index.md" else (path[: -len("index.md")] if path.endswith("/index.md") else path[:-3] + "/")
        return base + path + (f"#{parts.fragment}" if parts.fragment else "")
    return urljoin(base + src_uri[: -3] + "/", href)


_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


def absolute_links(html: str, src_uri: str, base: str) -> str:
    return _URL_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{html_lib.escape(site_link(html_lib.unescape(m.group(2)), src_uri, base), quote=True)}"', html)


def editorial_html(letter: Letter, base: str) -> str:
    return absolute_links(edition.markdown_html(letter.body), letter.src_uri, base)


def share_mailto(title: str, teaser: str, url: str) -> str:
    """« Envoyer à un(e) ami(e) »: a mailto with the title as subject, the teaser and the link."""
    body = f"{teaser}\n\n{url}"
    return f"mailto:?subject={quote(title, safe='')}&body={quote(body, safe='')}"


# -- the HTML e-mail -----------------------------------------------------------

def _image_size(content_dir: Path, file: str) -> tuple[int, int] | None:
    from PIL import Image as PILImage

    path = content_dir / file
    if not path.is_file():
        return None
    with PILImage.open(path) as image:
        width, height = image.size
    scale = min(1.0, IMAGE_WIDTH / width)
    return round(width * scale), round(height * scale)


def email_html(item: Issue, *, site_url: str, site_name: str, content_dir: Path, subscribe_url: str = "") -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    images = {}
    for experience in item.experiences:
        if experience.image and (size := _image_size(content_dir, experience.image.file)):
            images[experience.slug] = size
    source = edition.environment().get_template("letter-email.html").render(
        issue=item, letter=item.letter, base=base, site_name=site_name, editorial=editorial_html(item.letter, base),
        period=period_label(item), images=images, subscribe_url=subscribe_url, width=WIDTH, letters_url=INDEX_URL,
    )
    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    return _style_after_title(inliner.inline(source))


_KEPT_STYLE = re.compile(r"<style>(.*?)</style>\s*", re.S)


def _style_after_title(html: str) -> str:
    """css-inline puts the at-rules it keeps at the top of <head>; the charset and the
    colour-scheme declarations come first, so the style block goes back before </head>."""
    kept = _KEPT_STYLE.findall(html)
    if not kept:
        return html
    html = _KEPT_STYLE.sub("", html)
    return html.replace("</head>", "<style>" + "".join(kept).strip() + "</style>\n</head>", 1)


# -- the plain-text part ---------------------------------------------------------

class _Text(HTMLParser):
    """HTML of the editorial text → plain text: paragraphs, list items, links as
    « texte (adresse) »."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "dt", "dd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current = ""
        self.href: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.flush()
            if tag == "li":
                self.current = "- "
        if tag == "a":
            self.href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag == "a" and self.href:
            href = self.href.pop()
            if href and not href.startswith("#"):
                self.current += f" ({href})"
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        self.current += data

    def flush(self):
        text = " ".join(self.current.split())
        if text and text != "-":
            self.blocks.append(text)
        self.current = ""


def html_to_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.blocks


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=72, initial_indent=indent, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def email_text(item: Issue, *, site_url: str, site_name: str, subscribe_url: str = "") -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    letter = item.letter
    lines = [f"{site_name} – lettre d'information", letter.title, *([item.dateline] if item.dateline else []), ""]
    lines += [_wrap(block) + "\n" for block in html_to_text(editorial_html(letter, base))]
    if item.bouquets:
        lines += [_heading("Bouquets" if len(item.bouquets) > 1 else "Bouquet"), ""]
        for bouquet in item.bouquets:
            lines += [_wrap(bouquet.title), f"Actualisé le {long_date(bouquet.date)} · {len(bouquet.experience_slugs)} expériences",
                      _wrap(bouquet.description), base + bouquet.url, f"Version à imprimer (PDF) : {base + bouquet.pdf_url}", ""]
    lines += [_heading(f"Expériences mises en ligne ({len(item.experiences)})"), period_label(item), ""]
    for experience in item.experiences:
        place = experience.territory.label
        lines += [_wrap(experience.title)]
        lines += [place] if place else []
        lines += [_wrap(experience.description), base + experience.url, ""]
    lines += ["--", f"Cette lettre en ligne : {base + letter.url}", f"Les lettres précédentes : {base + INDEX_URL}"]
    if subscribe_url:
        lines.append(f"S'abonner à la lettre : {subscribe_url}")
    return "\n".join(lines).rstrip() + "\n"


def _heading(text: str) -> str:
    return f"{text}\n{'=' * len(text)}"


# -- the site's pages and settings ------------------------------------------------

def index_page(catalogue: Catalogue):
    from .listings import GeneratedPage

    return GeneratedPage(routes.source(INDEX_URL), "Lettres d'information", "letters-index.html",
                         {"letters": tuple((item, issue(catalogue, item)) for item in catalogue.letters), "letters_feed": FEED},
                         "Les lettres d'information du site, de la plus récente à la plus ancienne : ce qui a été mis en ligne entre deux lettres.")


def subscribe_url(extra) -> tuple[str, list[str]]:
    """`letter: subscribe_url:` of the bouquet plugin's settings in mkdocs.yml: the page of the publisher's mailing
    service where readers subscribe ("" when not set: no link anywhere)."""
    value = ((extra or {}).get("letter") or {}).get("subscribe_url") or ""
    if not isinstance(value, str) or (value and not re.fullmatch(r"https://[^\s\"<>]+", value)):
        return "", [f"mkdocs.yml, plugins: bouquet: letter: subscribe_url : « {value} » n'est pas une adresse en https:// ; "
                    "donnez l'adresse de la page d'inscription de votre service d'envoi, ou laissez \"\"."]
    return value, []


# -- the feed of letters -----------------------------------------------------------

def feed(letters: tuple[Letter, ...], site_url: str, site_name: str) -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    updated = max((item.date for item in letters), default=dt.date(2000, 1, 1))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        f"  <title>{escape(site_name)} – lettres d'information</title>",
        f"  <id>{escape(base + FEED)}</id>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + FEED)}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + INDEX_URL)}/>",
        f"  <updated>{updated.isoformat()}T00:00:00Z</updated>",
        f"  <author><name>{escape(site_name)}</name></author>",
    ]
    for letter in letters:
        url = base + letter.url
        lines += [
            "  <entry>",
            f"    <title>{escape(letter.title)}</title>",
            f"    <id>{escape(url)}</id>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>",
            f"    <published>{letter.date.isoformat()}T00:00:00Z</published>",
            f"    <updated>{letter.date.isoformat()}T00:00:00Z</updated>",
            f"    <summary>{escape(letter.description or letter.title)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def write(catalogue: Catalogue, site_dir: Path, *, site_url: str, site_name: str, content_dir: Path, subscribe_url: str = "") -> list[Path]:
    """The e-mail parts of every letter beside its archive page, and the feed."""
    written = []
    for letter in catalogue.letters:
        item = issue(catalogue, letter)
        folder = site_dir / letter.url
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "lettre.html").write_text(email_html(item, site_url=site_url, site_name=site_name, content_dir=content_dir, subscribe_url=subscribe_url), encoding="utf-8")
        (folder / "lettre.txt").write_text(email_text(item, site_url=site_url, site_name=site_name, subscribe_url=subscribe_url), encoding="utf-8")
        written += [folder / "lettre.html", folder / "lettre.txt"]
    (site_dir / FEED).write_text(feed(catalogue.letters, site_url, site_name), encoding="utf-8")
    written.append(site_dir / FEED)
    return written
