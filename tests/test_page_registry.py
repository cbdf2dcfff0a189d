"""The page registry: every page built once, knowing what it shows."""
from __future__ import annotations

import os

import pytest

from bouquet import pages, publisher, routes
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from bouquet.site import SiteBuild
from sitebuild import ROOT

IDENTITY = publisher.read_publisher({"publisher": {
    "name": "Association Exemple", "address": "1 rue de l'Exemple, 33000 Bordeaux", "director": "Camille Exemple",
    "email": "contact@exemple.org"}})


@pytest.fixture(scope="module")
def build():
    result = check_content(ROOT / "content")
    assert result.problems == []
    return SiteBuild(build_catalogue(result), "https://bouquet.example/", IDENTITY)


class Recorder:
    def __init__(self):
        self.records = []

    def add(self, record):
        self.records.append(record)


def test_each_page_is_registered_once_with_its_kind(build):
    catalogue, registry = build.catalogue, build.pages
    kinds = {type(page).__name__ for page in registry}
    assert kinds == {"ExperiencePage", "BouquetPage", "LetterPage", "EditorsPage", "HomePage", "BuiltPage"}
    expected = len(catalogue.experiences) + len(catalogue.bouquets) + len(catalogue.letters) + len(catalogue.pages) + len(registry.generated)
    assert len(registry) == expected == len({page.src_uri for page in registry})
    assert type(registry.get(catalogue.experiences[0].src_uri)) is pages.ExperiencePage
    assert type(registry.get(catalogue.bouquets[0].src_uri)) is pages.BouquetPage
    assert type(registry.get(catalogue.letters[0].src_uri)) is pages.LetterPage
    assert [p.src_uri for p in registry if isinstance(p, pages.HomePage)] == [routes.source(routes.HOME)]
    assert registry.get("nulle-part.md") is None


def test_every_page_names_a_template_of_the_overrides(build):
    templates = {page.meta()["template"] for page in build.pages}
    assert sorted(t for t in templates if not (ROOT / "overrides" / t).is_file()) == []
    assert {"experience.html", "bouquet.html", "home.html", "main.html", "listing.html"} <= templates


def test_only_contributed_pages_are_cleaned(build):
    hostile = '<p>x</p><script>alert(1)</script>'
    experience = build.page(build.catalogue.experiences[0].src_uri)
    listing = build.page(routes.source(routes.EXPERIENCES))
    assert "<script>" not in build.clean_content(experience, hostile)
    assert "<script>" not in build.clean_content(None, hostile)  # a page the registry does not know
    assert build.clean_content(listing, hostile) == hostile  # the build's own Markdown


def test_cleaning_feeds_nothing_to_the_search_index_indexing_does(build):
    build.indexer = recorder = Recorder()
    try:
        experience = build.page(build.catalogue.experiences[0].src_uri)
        html = build.clean_content(experience, "<p>Un atelier.</p>")
        assert recorder.records == []
        build.index(experience, html)
        build.index(build.page(routes.source(routes.THEMES)), "<p>Thèmes</p>")
        build.index(build.page(build.catalogue.bouquets[0].src_uri), "<p>Un bouquet.</p>")
        build.index(None, "<p>?</p>")
    finally:
        build.indexer = None
    assert [r.url for r in recorder.records] == [f"/{build.catalogue.experiences[0].url}", f"/{build.catalogue.bouquets[0].url}"]
    assert "Un atelier" in recorder.records[0].content


def test_a_page_announces_its_own_feed_before_the_sites(build):
    bouquet = build.catalogue.bouquets[0]
    theme = build.catalogue.themes[0]
    site_feed = ("Dernières expériences", routes.SITE_FEED)
    assert build.context(bouquet.src_uri)["feed_links"] == [(f"Bouquet « {bouquet.title} »", bouquet.feed_url), site_feed]
    assert build.context(routes.source(theme.url))["feed_links"] == [(f"Thème « {theme.name} »", theme.feed_url), site_feed]
    assert build.context(build.catalogue.experiences[0].src_uri)["feed_links"] == [site_feed]
    # Territories announce theirs, as themes do: an intercommunalité like a département.
    experience = next(e for e in build.catalogue.experiences if e.territory.epci)
    epci, departement = experience.territory.epci, experience.territory.departement
    assert build.context(routes.source(routes.epci(epci)))["feed_links"] == [
        (f"Intercommunalité « {epci.title} »", routes.epci_feed(epci)), site_feed]
    assert build.context(routes.source(routes.departement(departement)))["feed_links"] == [
        (f"Département « {departement.name} ({departement.code}) »", routes.departement_feed(departement)), site_feed]


def test_each_page_gets_the_context_of_what_it_shows(build):
    experience = build.catalogue.experiences[0]
    context = build.context(experience.src_uri)
    assert context["experience"] is experience and context["catalogue"] is build.catalogue
    assert "latest_experiences" in build.context(routes.source(routes.HOME))
    assert "france_map" in build.context(routes.source(routes.HOME))
    bouquet = build.catalogue.bouquets[0]
    assert build.context(bouquet.src_uri)["bouquet_experiences"] == build.catalogue.experiences_of(bouquet)


def test_the_legal_pages_carry_the_publishers_identity(build):
    legal = build.page("mentions-legales.md")
    assert isinstance(legal, pages.EditorsPage)
    assert "Association Exemple" in legal.markdown and "Association Exemple" not in legal.subject.body
    assert legal.markdown.startswith("\n")  # shielded from the engine's second front-matter reader


def test_titles_reach_the_theme_escaped(build):
    page = build.page(build.catalogue.experiences[0].src_uri)
    page_with_markup = pages.ExperiencePage(type("E", (), {"title": "A & <b>", "description": "", "src_uri": "x.md"})())
    assert str(page_with_markup.meta()["title"]) == "A &amp; &lt;b&gt;"
    assert page.meta()["template"] == "experience.html"


def test_the_open_data_files_are_made_once_per_build(build, monkeypatch, tmp_path):
    """The page /donnees/ gives the files' sizes and the build writes them: one pass
    over the catalogue serves both (two cost seconds at 5,000 experiences)."""
    from bouquet import opendata

    calls = []
    made = opendata.contents

    def counted(*args, **kwargs):
        calls.append(args)
        return made(*args, **kwargs)

    monkeypatch.setattr(opendata, "contents", counted)
    fresh = SiteBuild(build.catalogue, "https://bouquet.example/", IDENTITY, "Bouquet d'expériences")
    written = fresh.write_opendata(tmp_path)
    assert len(calls) == 1
    expected = made(build.catalogue, "https://bouquet.example/", opendata.created_at(os.environ), "Bouquet d'expériences")
    assert {p.name: p.read_bytes() for p in written} == expected
    # The sizes the page shows are those of the bytes written.
    files = fresh.pages.context(routes.source(routes.OPEN_DATA))["dataset"].files
    by_name = {p.name: p.stat().st_size for p in written}
    assert [label for _, _, _, label in files] == [f"{label.split(',')[0]}, {opendata.file_size(by_name[name])}"
                                                   for _, name, _, label in files]
