"""Offline link check (tests/linkcheck.py): a tiny fake site, then the seed site."""
from __future__ import annotations

from pathlib import Path

import pytest

from linkcheck import LinkProblem, check_site, read_html, report
from sitebuild import ROOT, build

SITE_URL = "https://exemple.org/bouquet/"

PAGES = {
    "index.html": """<!doctype html><html><head>
      <link rel="stylesheet" href="assets/style.css">
      <link rel="canonical" href="https://exemple.org/bouquet/">
      <link rel="alternate" href="https://exemple.org/bouquet/absent/">
      <script src="assets/app.js"></script>
      <script>var x = '<a href="dans-un-script/">';</script>
      </head><body>
      <a href="a/">a</a> <a href="a/#section">section</a> <a href='a/#nom'>nom</a>
      <a href="b/">b</a> <a href="a/#absente">absente</a> <a href="#haut">haut</a> <a href="#top">top</a> <a href="#">#</a>
      <a href="/bouquet/a/">racine</a> <a href="/ailleurs/">hors du site</a> <a href="../../../etc/">remonte</a>
      <a href="mailto:x@exemple.fr">courriel</a> <a href="https://autre.example/x/">autre</a> <a href="tel:+33100000000">tel</a>
      <a href="a/index.html?q=1#section">requête</a> <a href="a">dossier sans barre</a> <a href="a/%C3%A9t%C3%A9.html">encodé</a>
      <img src="images/absente.png" alt=""> <img srcset="images/x.png 1x, images/y.png 2x" src="images/x.png" alt="">
      <span title='un href="faux/" dans un attribut'>t</span>
      <!-- <a href="dans-un-commentaire/">c</a> -->
      <form action="recherche/"></form>
      <h2 id="haut">Haut</h2>
      </body></html>""",
    "a/index.html": """<html><body><h2 id="section">S</h2><a name="nom"></a><a href="../">retour</a>
      <a href="../index.html#haut">haut</a><a href="../a/#section">ici</a></body></html>""",
    "a/été.html": "<html><body>été</body></html>",
    "recherche/index.html": "<html><body></body></html>",
    "feed.xml": """<?xml version="1.0"?><feed><link rel="alternate" href="https://exemple.org/bouquet/a/"/>
      <link rel="alternate" href="https://exemple.org/bouquet/disparue/"/></feed>""",
    "sitemap.xml": "<urlset><url><loc>https://exemple.org/bouquet/a/</loc></url><url><loc>https://exemple.org/bouquet/zz/</loc></url></urlset>",
}
FILES = {"assets/style.css": "", "assets/app.js": "", "images/x.png": "", "images/y.png": ""}


@pytest.fixture
def fake_site(tmp_path: Path) -> Path:
    for relative, text in {**PAGES, **FILES}.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_every_broken_link_and_anchor_of_a_fake_site_and_nothing_else(fake_site):
    assert check_site(fake_site, SITE_URL) == [
        LinkProblem("feed.xml", "https://exemple.org/bouquet/disparue/", "fichier introuvable"),
        LinkProblem("index.html", "../../../etc/", "remonte au-dessus de la racine du site"),
        LinkProblem("index.html", "/ailleurs/", "hors du site (le site est servi sous /bouquet/)"),
        LinkProblem("index.html", "a/#absente", "ancre #absente absente de a/index.html"),
        LinkProblem("index.html", "b/", "fichier introuvable"),
        LinkProblem("index.html", "https://exemple.org/bouquet/absent/", "fichier introuvable"),
        LinkProblem("index.html", "images/absente.png", "fichier introuvable"),
        LinkProblem("sitemap.xml", "https://exemple.org/bouquet/zz/", "fichier introuvable"),
    ]


def test_a_missing_script_is_found_on_every_page_that_loads_it(fake_site):
    (fake_site / "assets" / "app.js").unlink()
    assert LinkProblem("index.html", "assets/app.js", "fichier introuvable") in check_site(fake_site, SITE_URL)


def test_a_broken_anchor_on_the_same_page(fake_site):
    page = fake_site / "a" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('id="section"', 'id="autre"'), encoding="utf-8")
    problems = check_site(fake_site, SITE_URL)
    assert LinkProblem("a/index.html", "../a/#section", "ancre #section absente de a/index.html") in problems
    assert LinkProblem("index.html", "a/#section", "ancre #section absente de a/index.html") in problems


def test_links_are_read_from_attributes_only():
    page = read_html("""<p title='href="non/"'>x</p><!-- <img src="non.png"> --><script>document.write('<a href="non/">')</script>
                        <a href="oui/" id="ici">x</a><img srcset="a.png 1x, b.png 2x" alt=""><a href="&#x2e;&#x2e;/oui/">y</a>""")
    assert page.links == ["oui/", "a.png", "b.png", "../oui/"]
    assert page.anchors == {"ici"}


def test_at_the_root_of_a_domain_root_relative_links_are_internal(fake_site):
    (fake_site / "racine.html").write_text('<a href="/a/">a</a><a href="/b/">b</a>', encoding="utf-8")
    problems = [p for p in check_site(fake_site, "https://exemple.org/") if p.page == "racine.html"]
    assert problems == [LinkProblem("racine.html", "/b/", "fichier introuvable")]


def test_the_report_counts_the_problems(fake_site):
    problems = check_site(fake_site, SITE_URL)
    assert report(problems).endswith(f"{len(problems)} lien(s) interne(s) cassé(s).")
    assert report([]) == "Liens : aucun lien interne cassé."


@pytest.mark.build
def test_the_seed_site_has_no_broken_internal_link(seed_site):
    problems = check_site(seed_site, "https://bouquet.example/")
    assert problems == [], report(problems)


@pytest.mark.build
def test_the_seed_site_deployed_under_a_sub_path_has_no_broken_internal_link(tmp_path):
    # 404.html uses root-relative addresses: they must carry the sub-path.
    completed = build(ROOT / "content", tmp_path / "site", tmp_path, site_url=SITE_URL)
    assert completed.returncode == 0, completed.stderr
    problems = check_site(tmp_path / "site", SITE_URL)
    assert problems == [], report(problems)
    assert 'href="/bouquet/assets/' in (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
