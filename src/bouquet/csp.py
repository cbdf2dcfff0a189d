"""Content-Security-Policy: every page says that scripts come from the site itself.

`with_policy(html)` inserts, right after `<meta charset>` (or `<head>`), a
`<meta http-equiv="Content-Security-Policy">` built for that page:

    default-src 'self';
    script-src 'self' 'wasm-unsafe-eval' 'sha256-…' …;
    style-src 'self'; [style-src-attr 'unsafe-inline';]
    img-src 'self' data:;
    object-src 'none'; base-uri 'self'; form-action 'self'

Why each part:
- script-src: files of the site ('self': Material's bundle, assets/bouquet.js,
  assets/search.js, Pagefind) and the page's inline scripts by their SHA-256, computed
  here from the page itself: Material writes three small inline scripts (the storage
  scope, whose text holds the page's relative base address; the colour palette; the
  tab restore). An inline script inside the page's <article class="md-content__inner">,
  where contributed content lands, is never hashed: if one ever got through
  validation and sanitising, the browser would still refuse to run it.
  `type="application/json"` blocks (Material's __config) are data, never run, never
  hashed. 'wasm-unsafe-eval' lets Pagefind compile its WebAssembly search engine; it
  allows no JavaScript eval.
- style-src 'self': stylesheets from the site only, no <style> elements.
  style-src-attr 'unsafe-inline' only on pages that carry style attributes: our
  charts (partials/bq-dynamics.html: `style="--bq-bar-size: 33%"`) and table
  alignment in contributed content (nh3 keeps only text-align). A style attribute
  cannot run script, and with img-src/font-src/connect-src limited to the site it
  cannot send anything elsewhere either. (Hashes with 'unsafe-hashes' would be
  stricter, but not every browser in use understands them; style-src-attr is
  supported by Chrome 75+, Firefox 108+, Safari 15.4+; older browsers fall back to
  style-src and only draw the bars without their length.)
- img-src data: Material's stylesheet draws its icons from data: SVG (as images,
  SVG cannot run script). Contributed content cannot use data: (validator and nh3).
- object-src 'none', base-uri 'self', form-action 'self': no plugins, no <base>
  hijack, forms (the search box) only to the site.
- frame-ancestors, report-uri and sandbox are ignored in a <meta> policy: not set.
  A host that can send headers should add `frame-ancestors 'self'` there.

The web editor (/admin/, Decap CMS) needs more: its bundle compiles code with
`new Function` (ajv), injects <style> elements (emotion), talks to the GitHub API and
shows avatars from GitHub. Its page is written by cms.write() at on_post_build and
never passes through on_post_page: cms.index_html() writes ADMIN_POLICY into its
<head>, and with_policy() leaves a page that carries it as it is (the preview server
passes every page it serves through with_policy()).

Fast (a few regular expressions over the page, no HTML parse) and deterministic
(hashes sorted, same page → same bytes); applying it twice changes nothing.
"""
from __future__ import annotations

import base64
import hashlib
import re

#: The policy of the web editor at /admin/ (Decap CMS 3, GitHub backend): eval for
#: its form validation (ajv compiles with new Function), inline <style> (emotion),
#: the GitHub API and avatars, and, because cms.py sets local_backend, the local
#: decap-server proxy that Decap probes when the editor is opened on localhost.
ADMIN_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://avatars.githubusercontent.com https://raw.githubusercontent.com",
    "connect-src 'self' https://api.github.com https://raw.githubusercontent.com http://localhost:8081",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
))

_META_START = '<meta http-equiv="Content-Security-Policy" content="'
_META = re.compile(re.escape(_META_START) + r'[^"]*">')
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[A-Za-z0-9_-]+[\"']?\s*/?>", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_SRC = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
_STYLE = re.compile(r"style\s*=")
_CONTENT_START = re.compile(r'<article\s+class="md-content__inner\b')
_CONTENT_END = "</article>"
#: Script types a browser runs (HTML's JavaScript MIME type essence list, and modules).
_JAVASCRIPT_TYPES = {
    "", "module", "text/javascript", "application/javascript", "application/ecmascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
}


def script_hash(source: str) -> str:
    """The CSP source expression of an inline script: 'sha256-<base64>' of its UTF-8 text.

    Browsers hash the text as the HTML parser delivers it: line breaks normalised to LF.
    """
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _without_policy(html: str) -> str:
    """The page without the policy element an earlier call inserted (and its line)."""
    if _META_START not in html:
        return html
    parts, position = [], 0
    for match in _META.finditer(html):
        start = match.start()
        while start > position and html[start - 1] in " \t":
            start -= 1
        if start > position and html[start - 1] == "\n":
            start -= 1
        parts.append(html[position:start])
        position = match.end()
    parts.append(html[position:])
    return "".join(parts)


def _has_style_attribute(html: str) -> bool:
    """True when a tag carries style=: the nearest '<' before it is after the nearest '>'."""
    for match in _STYLE.finditer(html):
        start = match.start()
        if html[start - 1:start].isspace() and html.rfind("<", 0, start) > html.rfind(">", 0, start):
            return True
    return False


def _runs(attributes: str) -> bool:
    if _SRC.search(attributes):
        return False  # an external script: its inline text is ignored, 'self' decides
    match = _TYPE.search(attributes)
    kind = next((g for g in match.groups() if g is not None), "") if match else ""
    return kind.strip().lower() in _JAVASCRIPT_TYPES


def _content_span(html: str) -> tuple[int, int]:
    """Where contributed content may be: Material's article, up to the last </article>."""
    start = _CONTENT_START.search(html)
    if not start:
        return (0, 0)
    end = html.rfind(_CONTENT_END)
    return (start.start(), end if end > start.start() else len(html))


def inline_script_hashes(html: str) -> list[str]:
    """Sorted, distinct hashes of the inline scripts the page runs, outside its content."""
    html = _without_policy(html)
    start, end = _content_span(html)
    hashes = set()
    for match in _SCRIPT.finditer(html):
        if start <= match.start() < end:
            continue
        if _runs(match.group(1)):
            hashes.add(script_hash(match.group(2)))
    return sorted(hashes)


def policy(html: str) -> str:
    """The policy for one page (the content of the meta element, unescaped)."""
    html = _without_policy(html)
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *inline_script_hashes(html)])
    directives = ["default-src 'self'", f"script-src {scripts}", "style-src 'self'"]
    if _has_style_attribute(html):
        directives.append("style-src-attr 'unsafe-inline'")
    directives += ["img-src 'self' data:", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]
    return "; ".join(directives)


def meta_element(value: str) -> str:
    # Policies hold no '"', '<' or '&': base64 is A–Z a–z 0–9 + / =.
    return f'<meta http-equiv="Content-Security-Policy" content="{value}">'


def with_policy(html: str) -> str:
    """The page with its policy as the first element after <meta charset> (or <head>).

    A page without <head> is returned as it is, and so is the web editor's page, which
    carries ADMIN_POLICY. A policy written by an earlier call is replaced, never
    duplicated.
    """
    if meta_element(ADMIN_POLICY) in html:
        return html
    html = _without_policy(html)
    head = _HEAD.search(html)
    if head is None:
        return html
    element = meta_element(policy(html))
    head_end = html.find("</head>", head.end())
    charset = _CHARSET.search(html, head.end(), head_end if head_end >= 0 else len(html))
    anchor = charset if charset and not _SCRIPT.search(html, head.end(), charset.start()) else head
    position = anchor.end()
    newline = "\n" if html[position:position + 1] == "\n" else ""
    rest = html[position + len(newline):] if newline else ""
    indent = rest[: len(rest) - len(rest.lstrip(" \t"))]
    return html[:position] + newline + indent + element + html[position:]
