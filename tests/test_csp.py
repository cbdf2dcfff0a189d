"""The Content-Security-Policy of each page (bouquet.csp)."""
from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from bouquet import csp
from hashseed import outputs_under_hash_seeds

SCOPE = '__md_scope=new URL("..",location)'
PALETTE = 'var palette=__md_get("__palette")'
PAGE = f"""<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width,initial-scale=1">
    <title>Page</title>
    <script>{SCOPE}</script>
  </head>
  <body>
    <script>{PALETTE}</script>
    <div class="md-content"><article class="md-content__inner md-typeset">
      <h1>Titre</h1><p>Texte</p>
    </article></div>
    <script id="__config" type="application/json">{{"base": ".."}}</script>
    <script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>
    <script type="module" src="../assets/search.js"></script>
  </body>
</html>
"""


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def directives(html: str) -> dict[str, list[str]]:
    metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert len(metas) == 1, metas
    return {d.split()[0]: d.split()[1:] for d in metas[0].split("; ")}


class InlineScripts(HTMLParser):
    """An independent reading of the inline scripts a browser runs."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts, self._current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type", "") in ("", "module", "text/javascript"):
            self._current = []

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def test_hashes_are_sha256_base64_of_the_script_text():
    assert csp.script_hash(SCOPE) == sha256(SCOPE)
    assert csp.script_hash("alert('é')") == sha256("alert('é')")
    assert csp.script_hash("a\r\nb\rc") == sha256("a\nb\nc")  # the HTML parser normalises line breaks


def test_the_policy_allows_the_site_and_the_inline_scripts_present_only():
    d = directives(csp.with_policy(PAGE))
    assert d["default-src"] == ["'self'"]
    assert d["script-src"] == ["'self'", "'wasm-unsafe-eval'", *sorted([sha256(SCOPE), sha256(PALETTE)])]
    assert d["style-src"] == ["'self'"]
    assert "style-src-attr" not in d
    assert d["img-src"] == ["'self'", "data:"]
    assert d["object-src"] == ["'none'"] and d["base-uri"] == ["'self'"] and d["form-action"] == ["'self'"]
    policy = csp.policy(PAGE)
    assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy and "*" not in policy and "http" not in policy


def test_the_meta_element_comes_right_after_meta_charset():
    out = csp.with_policy(PAGE)
    assert out.index('<meta charset="utf-8">') < out.index("Content-Security-Policy") < out.index('<meta name="viewport"')
    assert '<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy"' in out


def test_without_meta_charset_it_comes_right_after_head():
    page = "<html><head><title>x</title><script>a()</script></head><body></body></html>"
    out = csp.with_policy(page)
    assert out.startswith('<html><head><meta http-equiv="Content-Security-Policy" content="')
    assert sha256("a()") in directives(out)["script-src"]


def test_a_page_without_head_is_left_as_it_is():
    assert csp.with_policy("<p>fragment</p>") == "<p>fragment</p>"


def test_idempotent_and_never_duplicated():
    once = csp.with_policy(PAGE)
    assert csp.with_policy(once) == once
    assert once.count("Content-Security-Policy") == 1
    assert csp._without_policy(once) == PAGE


def test_a_changed_script_gets_a_new_policy_in_place_of_the_old_one():
    once = csp.with_policy(PAGE)
    changed = csp.with_policy(once.replace(PALETTE, PALETTE + ";x()"))
    assert changed.count("Content-Security-Policy") == 1
    assert sha256(PALETTE + ";x()") in directives(changed)["script-src"]
    assert sha256(PALETTE) not in directives(changed)["script-src"]


def test_data_blocks_and_external_scripts_are_not_hashed():
    page = PAGE.replace("</body>", '<script type="text/plain">x</script><script src="a.js">ignored()</script>'
                                   '<script type="application/ld+json">{}</script></body>')
    hashes = [h for h in directives(csp.with_policy(page))["script-src"] if h.startswith("'sha256-")]
    assert sorted(hashes) == sorted([sha256(SCOPE), sha256(PALETTE)])
    assert sha256('{"base": ".."}') not in hashes


@pytest.mark.parametrize("kind", ['type="module"', 'type="text/javascript"', "type='application/javascript'", "type=module", 'TYPE="Module"'])
def test_executable_script_types_are_hashed(kind):
    page = PAGE.replace("</body>", f"<script {kind}>run()</script></body>")
    assert sha256("run()") in directives(csp.with_policy(page))["script-src"]


def test_a_script_inside_the_content_is_never_allowed():
    # Contributed content lands in Material's <article>: whatever got there is not hashed.
    page = PAGE.replace("<p>Texte</p>", "<p>Texte</p><script>alert(1)</script><div><script>steal()</script></div>")
    hashes = directives(csp.with_policy(page))["script-src"]
    assert sha256("alert(1)") not in hashes and sha256("steal()") not in hashes
    assert sha256(SCOPE) in hashes and sha256(PALETTE) in hashes


def test_style_attributes_open_style_src_attr_only_where_present():
    assert "style-src-attr" not in directives(csp.with_policy(PAGE))
    with_bars = PAGE.replace("<p>Texte</p>", '<p><span class="bq-bars__bar" style="--bq-bar-size: 33%"></span></p>')
    d = directives(csp.with_policy(with_bars))
    assert d["style-src-attr"] == ["'unsafe-inline'"] and d["style-src"] == ["'self'"]
    # The words in text are not an attribute.
    assert "style-src-attr" not in directives(csp.with_policy(PAGE.replace("Texte", "un style = sobre")))


def _policies() -> bytes:
    scripts = "".join(f"<script>var bq{n} = {n}</script>" for n in range(12))
    pages = (PAGE, PAGE.replace("</head>", scripts + "</head>"), PAGE.replace("<p>Texte</p>", '<p style="a">Texte</p>'))
    return "\n".join(csp.with_policy(page) for page in pages).encode()


def test_deterministic():
    first, second = outputs_under_hash_seeds(_policies)
    assert first.count(b"'sha256-") == 2 + 14 + 2
    assert first == second
    reordered = PAGE.replace(f"<script>{SCOPE}</script>", f"<script>{PALETTE}</script>", 1)
    assert directives(csp.with_policy(reordered))["script-src"][2:] == sorted(directives(csp.with_policy(reordered))["script-src"][2:])


def test_the_admin_policy_is_documented_and_looser_only_where_decap_needs_it():
    d = {x.split()[0]: x.split()[1:] for x in csp.ADMIN_POLICY.split("; ")}
    assert d["default-src"] == ["'self'"] and d["object-src"] == ["'none'"]
    assert "'unsafe-eval'" in d["script-src"] and "'unsafe-inline'" not in d["script-src"]
    assert "https://api.github.com" in d["connect-src"]


@pytest.mark.build
def test_every_page_of_the_seed_site_gets_a_policy_naming_exactly_its_inline_scripts(seed_site):
    pages = [p for p in sorted(seed_site.rglob("*.html")) if p.relative_to(seed_site).parts[0] != "admin"]
    assert len(pages) > 100
    for path in pages:
        html = path.read_text(encoding="utf-8")
        out = csp.with_policy(html)
        assert csp.with_policy(out) == out
        reader = InlineScripts()
        reader.feed(csp._without_policy(out))
        hashes = [h for h in directives(out)["script-src"] if h.startswith("'sha256-")]
        assert sorted(hashes) == sorted({sha256(s) for s in reader.scripts}), path
        assert 3 <= len(hashes) <= 4, path  # Material's scope, palette and tab scripts


@pytest.mark.build
def test_the_built_pages_carry_their_policy_and_the_admin_page_its_own(seed_site):
    # Wired in src/bouquet/plugin.py (on_post_page, on_post_template for 404.html).
    for relative in ("index.html", "404.html", "experiences/index.html", "recherche/index.html", "donnees/index.html"):
        html = (seed_site / relative).read_text(encoding="utf-8")
        assert html.count('http-equiv="Content-Security-Policy"') == 1, relative
        assert csp.with_policy(html) == html, relative
    admin = (seed_site / "admin" / "index.html").read_text(encoding="utf-8")
    assert admin.count('http-equiv="Content-Security-Policy"') == 1 and csp.meta_element(csp.ADMIN_POLICY) in admin
