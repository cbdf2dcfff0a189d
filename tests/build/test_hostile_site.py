"""The accepted hostile cases (tests/hostile/inert/) built over the seed content: the
whole site, and the seed site alone, hold nothing that runs but our own scripts."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from markupsafe import escape
from xml.sax.saxutils import escape as xml_escape

from bouquet.catalogue import build_catalogue
from linkcheck import check_site, report
from bouquet.load import check_content
from hostile.site_scan import scan_site
from sitebuild import ROOT, build

pytestmark = pytest.mark.build

INERT = ROOT / "tests" / "hostile" / "inert"
SITE_URL = "https://bouquet.example/"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, dict]:
    """(built site, {slug: document, "_feed": the inert bouquet's feed}) of the seed
    content plus the inert cases."""
    tmp = tmp_path_factory.mktemp("hostile-site")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(INERT, content, dirs_exist_ok=True)
    completed = build(content, tmp / "site", tmp, site_url=SITE_URL)
    assert completed.returncode == 0, completed.stderr
    result = check_content(content, tmp)
    documents = {d.slug: d for d in result.documents}
    bouquet = next(b for b in build_catalogue(result).bouquets if b.slug == "inerte-bouquet")
    return tmp / "site", {**documents, "_feed": bouquet.feed_url}


def inert_documents(documents: dict, drafts: bool = False) -> list:
    """The inert cases that are published (or, with drafts=True, the drafts)."""
    names = {p.stem for p in INERT.rglob("*.md")}
    found = [d for slug, d in sorted(documents.items()) if slug in names]
    assert len(found) == len(names)
    return [d for d in found if bool(d.front.values.get("draft")) == drafts]


def _assert_clean(site: Path):
    findings, scanned = scan_site(site)
    assert scanned > 100
    assert [str(f) for f in findings] == []


def test_the_whole_hostile_site_holds_no_script_handler_or_dangerous_address(hostile):
    site, _ = hostile
    _assert_clean(site)


def test_the_whole_seed_site_holds_no_script_handler_or_dangerous_address(seed_site):
    _assert_clean(seed_site)


def test_every_inert_case_is_published(hostile):
    site, documents = hostile
    for document in inert_documents(documents):
        url = {"experience": f"experiences/{document.slug}/", "bouquet": f"bouquets/{document.slug}/"}.get(document.kind, f"{document.slug}/")
        assert (site / url / "index.html").is_file(), url


def test_titles_and_descriptions_are_text_in_pages_feeds_and_data(hostile):
    site, documents = hostile
    feed = (site / documents["_feed"]).read_text(encoding="utf-8")
    records = {r["slug"]: r for r in json.loads((site / "donnees" / "experiences.json").read_text(encoding="utf-8"))["experiences"]}
    experiences = [d for d in inert_documents(documents) if d.kind == "experience"]
    assert len(experiences) >= 5
    for document in experiences:
        values = document.front.values
        page = (site / "experiences" / document.slug / "index.html").read_text(encoding="utf-8")
        title = str(escape(values["title"]))
        assert f"<h1>{title}</h1>" in page
        assert f"<title>{title} - " in page
        assert f'<meta property="og:title" content="{title}">' in page
        assert str(escape(values["description"])) in page
        assert f"<title>{xml_escape(values['title'])}</title>" in feed
        assert f"<summary>{xml_escape(values['description'])}</summary>" in feed
        assert records[document.slug]["title"] == values["title"]


def test_template_syntax_in_content_is_printed_not_evaluated(hostile):
    site, _ = hostile
    page = (site / "experiences" / "inerte-jinja" / "index.html").read_text(encoding="utf-8")
    for literal in ("{{ config.site_name }}", "{% raw %}", "{{ config }}", "{% raw %}{{ 7*7 }}{% endraw %}",
                    "{% for x in range(3) %}boucle{% endfor %}", "{{ page.meta }}", "{# commentaire Jinja #}"):
        assert literal in page, literal
    assert "bouclebouclebouc" not in page and "uid=" not in page
    bouquet = (site / "bouquets" / "inerte-bouquet" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Bouquet {{ config.site_name }} : 1 &lt; 2</h1>" in bouquet


def test_entities_stay_entities_and_attributes_stay_closed(hostile):
    site, _ = hostile
    page = (site / "experiences" / "inerte-entites" / "index.html").read_text(encoding="utf-8")
    assert "<h1>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; n&#39;est que du texte</h1>" in page
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in page
    permitted = (site / "experiences" / "inerte-balises-permises" / "index.html").read_text(encoding="utf-8")
    assert '<img alt="Un pixel&quot; onerror=&quot;alert(1)" src="../../images/pixel-hostile.png"' in permitted
    assert '<abbr title="Hypertext Markup Language">HTML</abbr>' in permitted


def test_comments_and_code_never_reach_the_page_as_markup(hostile):
    site, _ = hostile
    page = (site / "experiences" / "inerte-commentaires-et-code" / "index.html").read_text(encoding="utf-8")
    assert "commentaire conditionnel" not in page and "alert('commentaire')" not in page
    assert "&lt;script&gt;alert(&#39;bloc de code&#39;)&lt;/script&gt;" in page or "&lt;script&gt;alert('bloc de code')&lt;/script&gt;" in page


def test_the_hostile_site_has_no_broken_internal_link(hostile):
    site, _ = hostile
    problems = check_site(site, SITE_URL)
    assert problems == [], report(problems)


def test_open_data_csv_cannot_start_a_formula(hostile):
    site, _ = hostile
    text = (site / "donnees" / "experiences.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    formula_row = next(r for r in rows if any("HYPERLINK" in cell for cell in r))
    assert [cell for cell in formula_row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")] == []


def test_a_draft_and_the_images_only_it_uses_are_not_published(hostile):
    site, documents = hostile
    drafts = inert_documents(documents, drafts=True)
    assert [d.slug for d in drafts] == ["inerte-brouillon-a-image"]
    assert not (site / "experiences" / "inerte-brouillon-a-image").exists()
    assert (site / "images" / "pixel-hostile.png").is_file()  # used by a published page
    assert not (site / "images" / "pixel-du-brouillon.png").exists()
    assert not (site / "images" / "pixel-du-brouillon-corps.png").exists()
    published = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json", ".csv")]
    assert [p for p in published if "pixel-du-brouillon" in p.read_text(encoding="utf-8", errors="replace")] == []
