"""Offline link check of a built site (a test helper: tests/test_linkcheck.py and
tests/build/test_hostile_site.py use it): every internal link leads to a file, every
#anchor to an element of the target page.

    problems = check_site(Path("site"), "https://example.org/bouquet/")

Internal means: relative (`../x/`), root-relative inside the site's path
(`/bouquet/x/` for a site_url ending in /bouquet/), or absolute under site_url
(canonical links, feeds). A root-relative link outside the site's path is a problem:
deployed under a sub-path, it would leave the site. Other hosts, mailto:, tel: and
data: are not followed.

Read from every .html page: href, src, srcset, action, poster and xlink:href of any
element (<a>, <link>, <img>, <script>, <form>, <use>…), ignoring scripts' text and
comments. From every .xml file (feeds, sitemap): href attributes and <loc> texts.
A path ending in / (or naming a folder) resolves to its index.html, as on a static
host. An anchor exists when the target page has an element with that id= or an
<a name=>; "#" and "#top" always exist (HTML scrolls to the top).

Regular expressions, not an HTML parser: a site of 5,000 pages is checked in seconds.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_RAW_TEXT = re.compile(r"(<(script|style|template)\b[^>]*>).*?</\2\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
# One attribute, its value consumed whole: no match can start inside a quoted value.
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_LINK_ATTRIBUTES = {"href", "src", "srcset", "action", "poster", "xlink:href"}
_ID_ATTRIBUTES = {"id"}
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
_ALWAYS_THERE = {"", "top"}
_NOT_FOLLOWED = {"mailto", "tel", "data", "javascript", "sms", "geo", "blob", "about"}


@dataclass(frozen=True, order=True)
class LinkProblem:
    page: str  # the file holding the link, relative to the site, posix
    link: str  # the link as written (entities decoded)
    reason: str  # French, for the report

    def __str__(self) -> str:
        return f"{self.page}: {self.link} → {self.reason}"


@dataclass
class _Page:
    links: list[str]
    anchors: set[str]


def _attributes(attributes: str):
    for match in _ATTRIBUTE.finditer(attributes):
        value = next((g for g in match.groups()[1:] if g is not None), None)
        if value is not None:
            yield match.group(1).lower(), html.unescape(value)


def read_html(text: str) -> _Page:
    """The links and anchor names of one HTML page."""
    text = _RAW_TEXT.sub(r"\1", _COMMENT.sub("", text))  # the start tag stays: its src= counts
    links, anchors = [], set()
    for tag_name, attributes in _TAG.findall(text):
        is_anchor = tag_name.lower() == "a"
        for name, value in _attributes(attributes):
            if name in _LINK_ATTRIBUTES:
                if name == "srcset":
                    links += [part.split()[0] for part in value.split(",") if part.strip()]
                else:
                    links.append(value)
            elif name in _ID_ATTRIBUTES or (name == "name" and is_anchor):
                anchors.add(value)
    return _Page(links, anchors)


def read_xml(text: str) -> _Page:
    text = _COMMENT.sub("", text)
    links = [value for _, attributes in _TAG.findall(text) for name, value in _attributes(attributes) if name == "href"]
    links += [html.unescape(loc) for loc in _LOC.findall(text)]
    return _Page(links, set())


class _Site:
    def __init__(self, root: Path):
        self.root = root
        self._pages: dict[Path, _Page] = {}
        self._targets: dict[str, Path | None] = {}

    def page(self, path: Path) -> _Page:
        if path not in self._pages:
            text = path.read_text(encoding="utf-8", errors="replace")
            self._pages[path] = read_xml(text) if path.suffix == ".xml" else read_html(text)
        return self._pages[path]

    def target(self, relative: str) -> Path | None:
        """The file a normalised site path (relative to the root) is served from."""
        if relative not in self._targets:
            candidate = self.root / relative if relative else self.root
            if relative.endswith("/") or relative == "" or candidate.is_dir():
                candidate = candidate / "index.html"
            self._targets[relative] = candidate if candidate.is_file() else None
        return self._targets[relative]


def _normalise(parts: list[str]) -> list[str] | None:
    out: list[str] = []
    for part in parts:
        if part == "..":
            if not out:
                return None
            out.pop()
        elif part not in (".", ""):
            out.append(part)
    return out


def _site_path(link: str, page: str, base: str, site_url: str) -> tuple[str | None, str | None, str]:
    """(path relative to the site root or None if external, fragment, reason if broken)."""
    link = link.strip()
    if site_url and link.startswith(site_url):
        link = base + link[len(site_url):]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None, None, ""
    fragment = unquote(parts.fragment) if "#" in link else None
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base):
            return "", fragment, f"hors du site (le site est servi sous {base})"
        joined = path[len(base):]
        trailing = path.endswith("/")
    elif path == "":
        return page, fragment, ""  # same page (#anchor or ?query)
    else:
        folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
        joined = folder + path
        trailing = path.endswith("/") or path.endswith("/.") or path.endswith("/..") or path in (".", "..")
    segments = _normalise(joined.split("/"))
    if segments is None:
        return "", fragment, "remonte au-dessus de la racine du site"
    relative = "/".join(segments) + ("/" if trailing and segments else "")
    return relative, fragment, ""


def check_site(site: Path, site_url: str = "") -> list[LinkProblem]:
    """Every broken internal link and anchor of the built site, sorted."""
    site = Path(site)
    base = urlsplit(site_url).path if site_url else "/"
    base = base if base.endswith("/") else base + "/"
    index = _Site(site)
    problems: set[LinkProblem] = set()
    for file in sorted(site.rglob("*")):
        if file.suffix not in (".html", ".xml") or not file.is_file():
            continue
        page = file.relative_to(site).as_posix()
        for link in index.page(file).links:
            scheme = urlsplit(link.strip()).scheme.lower()
            if scheme in _NOT_FOLLOWED:
                continue
            relative, fragment, reason = _site_path(link, page, base, site_url)
            if reason:
                problems.add(LinkProblem(page, link, reason))
                continue
            if relative is None:
                continue  # another host
            target = file if relative == page else index.target(relative)
            if target is None:
                problems.add(LinkProblem(page, link, "fichier introuvable"))
                continue
            if fragment is None or fragment in _ALWAYS_THERE or fragment.startswith(":~:") or target.suffix != ".html":
                continue
            if fragment not in index.page(target).anchors:
                problems.add(LinkProblem(page, link, f"ancre #{fragment} absente de {target.relative_to(site).as_posix()}"))
    return sorted(problems)


def report(problems: list[LinkProblem]) -> str:
    if not problems:
        return "Liens : aucun lien interne cassé."
    return "\n".join(str(p) for p in problems) + f"\n{len(problems)} lien(s) interne(s) cassé(s)."
