"""Scans a whole built site for anything that could run script.

Used by tests/build/test_hostile_site.py (on the hostile site and on the seed site)
and by tests/test_hostile.py (on single rendered bodies). Every .html, .xml, .svg
and .json file is read; a finding is a (file, what) pair, so a failure names the
file and the offending markup.

What is refused:
- a <script> element that our templates did not put there. The allowlist is exact:
  Material's bundle and our assets/bouquet.js and assets/search.js by address,
  Material's __config JSON block (checked to be JSON), and Material's three small
  inline bootstrap scripts by their exact text (the scope script differs only by
  the relative base address). In admin/index.html only, the pinned Decap bundle.
  An upgrade of Material that changes them makes this test fail: review the new
  text, then update INLINE_SCRIPTS.
- any on*= attribute, found by the parser and, as a second opinion that does not
  depend on Python's parser, by a raw scan of every tag with its quoted values
  blanked out;
- any javascript:, vbscript: (also entity-encoded, with hidden tabs or newlines) or
  data: address in a URL-bearing attribute (href, src, srcset, action, xlink:href…),
  read as a browser reads it, and any such address a <meta http-equiv="refresh">
  would send the reader to;
- <base>, <iframe>, <object>, <embed>, <frame> and <applet> elements (none of our
  templates uses them);
- in JSON: any string that is a javascript:, vbscript: or data: address or holds a
  <script tag.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

SCANNED_SUFFIXES = (".html", ".xml", ".svg", ".json")

#: Material for MkDocs 9.8's inline bootstrap scripts, exactly as its templates
#: write them (partials/javascripts/base.html, palette.html, content.html).
_SCOPE = (
    '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    "__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+\".\"+e)),"
    "__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+\".\"+e,JSON.stringify(_))}catch(e){}}"
)
SCOPE_SCRIPT = re.compile(re.escape(_SCOPE).replace(re.escape("{base}"), r'(?:\.|\.\.(?:/\.\.)*|/(?:[A-Za-z0-9._~-]+/)*)'))
INLINE_SCRIPTS = {
    "palette": (
        'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media)'
        '{var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?'
        "\"[data-md-color-media='(prefers-color-scheme: light)']\":\"[data-md-color-media='(prefers-color-scheme: dark)']\");"
        'palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),'
        'palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}'
        'for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}'
    ),
    "tabbed": 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))',
}
_PREFIX = r"(?:\./|(?:\.\./)+|/(?:[A-Za-z0-9._~-]+/)*)?"
SCRIPT_SOURCES = re.compile(_PREFIX + r"assets/(?:javascripts/bundle\.[0-9a-f]{8}\.min\.js|bouquet\.js|search\.js)")
# /admin/: Decap's bundle, our form rules and preview (cms_editor.js) and the data they
# read (bouquet-cms-data.js), all written by bouquet.cms from the pinned bundle and the schema.
ADMIN_SCRIPT_SOURCES = re.compile(r"(?:decap-cms|cms_editor|bouquet-cms-data)\.js")

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite",
                  "longdesc", "srcset", "manifest", "ping", "codebase", "archive", "lowsrc", "dynsrc", "icon"}
FORBIDDEN_ELEMENTS = {"base", "iframe", "object", "embed", "frame", "frameset", "applet"}
DANGEROUS_SCHEMES = {"javascript", "vbscript"}
_TABS_NEWLINES = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_TAG = re.compile(r"<[A-Za-z][^>]*>")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_RAW_HANDLER = re.compile(r"[\s/\"']on[a-z]+\s*=", re.IGNORECASE)
_RAW_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SCRIPT_BLOCK = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, order=True)
class Finding:
    file: str  # relative to the scanned site, posix
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


def url_scheme(value: str) -> str | None:
    """The scheme a browser acts on, for an attribute value the parser already decoded.

    As the URL standard reads it: C0 controls and spaces trimmed at both ends, tabs
    and newlines removed anywhere, case folded. A second decoding would be wrong
    here: `&amp;#106;avascript:` reaches the browser as the relative `&#106;avascript:`.
    """
    cleaned = _TABS_NEWLINES.sub("", value).strip(_C0_AND_SPACE).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Scanner(HTMLParser):
    def __init__(self, admin: bool):
        super().__init__(convert_charrefs=True)
        self.admin = admin
        self.findings: list[str] = []
        self.scripts = 0  # <script> start tags seen by the parser
        self._script: tuple[dict, list[str]] | None = None

    # -- elements and attributes -------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"attribut {name}= sur <{tag}> : {_short(value)}")
            if name in URL_ATTRIBUTES:
                if name == "srcset":
                    schemes = {url_scheme(part.strip()) for part in value.split(",")}
                else:
                    schemes = {url_scheme(value)}
                bad = schemes & (DANGEROUS_SCHEMES | {"data"})
                if bad:
                    self.findings.append(f"adresse {sorted(bad)[0]}: dans {name}= de <{tag}> : {_short(value)}")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            target = attributes.get("content", "").partition(";")[2].strip()
            target = re.sub(r"^url\s*=\s*", "", target, flags=re.IGNORECASE).strip("'\" ")
            if url_scheme(target) in DANGEROUS_SCHEMES | {"data"}:
                self.findings.append(f"redirection <meta refresh> vers {_short(target)}")
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(f"élément <{tag}> : {_short(str(attributes))}")
        if tag == "script":
            self.scripts += 1
            self._script = (attributes, [])

    def handle_startendtag(self, tag, attrs):
        # <script/> still opens a script in HTML: its text runs to </script>.
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            attributes, parts = self._script
            self._script = None
            self._check_script(attributes, "".join(parts))

    def close(self):
        super().close()
        if self._script is not None:  # a script never closed runs to the end of the file
            attributes, parts = self._script
            self._script = None
            self._check_script(attributes, "".join(parts))

    # -- scripts ---------------------------------------------------------------------
    def _check_script(self, attributes: dict, body: str) -> None:
        allowed_sources = ADMIN_SCRIPT_SOURCES if self.admin else SCRIPT_SOURCES
        kind = attributes.get("type", "").strip().lower()
        if "src" in attributes:
            if allowed_sources.fullmatch(attributes["src"]) and not body.strip():
                return
            self.findings.append(f"<script src> hors liste : {_short(attributes['src'])} {_short(body)}")
            return
        if kind == "application/json" and attributes.get("id") == "__config" and not self.admin:
            try:
                json.loads(body)
            except ValueError:
                self.findings.append(f"bloc __config qui n'est pas du JSON : {_short(body)}")
            return
        if kind in ("", "text/javascript", "module", "application/javascript") and not self.admin:
            if SCOPE_SCRIPT.fullmatch(body) or body in INLINE_SCRIPTS.values():
                return
        self.findings.append(f"<script> en ligne hors liste ({kind or 'js'}) : {_short(body)}")


def _raw_checks(text: str) -> list[str]:
    """A second opinion that does not rely on html.parser's reading of the markup."""
    findings = []
    without_scripts = _SCRIPT_BLOCK.sub("", _COMMENT.sub("", text))
    for tag in _TAG.findall(without_scripts):
        if _RAW_HANDLER.search(_QUOTED.sub('""', tag)):
            findings.append(f"gestionnaire on*= dans la balise {_short(tag)}")
    return findings


def scan_markup(text: str, admin: bool = False) -> list[str]:
    """Findings in one HTML, XML or SVG document."""
    scanner = _Scanner(admin)
    scanner.feed(text)
    scanner.close()
    findings = scanner.findings + _raw_checks(text)
    raw_scripts = len(_RAW_SCRIPT.findall(_COMMENT.sub("", text)))
    if raw_scripts != scanner.scripts:
        findings.append(f"{raw_scripts} « <script » dans le texte brut, {scanner.scripts} vus par l'analyseur")
    return findings


def scan_json(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return ["fichier JSON illisible"]
    findings = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            if url_scheme(html.unescape(item)) in DANGEROUS_SCHEMES | {"data"}:
                findings.append(f"adresse dangereuse dans le JSON : {_short(item)}")
            if _RAW_SCRIPT.search(item):
                findings.append(f"<script dans le JSON : {_short(item)}")
    return findings


def scan_file(path: Path, site: Path) -> list[Finding]:
    relative = path.relative_to(site).as_posix()
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        found = scan_json(text)
    else:
        found = scan_markup(text, admin=relative == "admin/index.html")
    return [Finding(relative, what) for what in found]


def scan_site(site: Path) -> tuple[list[Finding], int]:
    """(findings, number of files scanned) over every scanned file of `site`."""
    findings: list[Finding] = []
    count = 0
    for path in sorted(site.rglob("*")):
        if path.suffix in SCANNED_SUFFIXES and path.is_file():
            count += 1
            findings += scan_file(path, site)
    return sorted(findings), count
