"""The PDF edition of a bouquet (bouquet.edition), rendered with WeasyPrint and read
back with poppler's pdftotext / pdfinfo, as a reader's viewer would."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image as PILImage

from bouquet import edition
from markupsafe import escape
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from bouquet.model import Bouquet, Image
from bouquet.site import SiteBuild
from sitebuild import ROOT

SITE_URL = "https://bouquet.example/"
SEED_BOUQUET = "cooperations-associations-collectivites"
CREATED = "2026-11-21T10:00:00Z"

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext introuvable : apt-get install -y poppler-utils")


@pytest.fixture(scope="module")
def catalogue():
    result = check_content(ROOT / "content", ROOT)
    assert result.problems == []
    return build_catalogue(result)


def _seed(catalogue) -> tuple[Bouquet, tuple]:
    bouquet = next(b for b in catalogue.bouquets if b.slug == SEED_BOUQUET)
    return bouquet, tuple(catalogue.by_slug[s] for s in bouquet.experience_slugs)


@pytest.fixture(scope="module")
def seed_pdf(catalogue, tmp_path_factory) -> Path:
    bouquet, experiences = _seed(catalogue)
    html = edition.edition_html(bouquet, experiences, site_url=SITE_URL, site_name="Bouquet d'expériences", created=CREATED)
    path = tmp_path_factory.mktemp("edition") / f"{SEED_BOUQUET}.pdf"
    path.write_bytes(edition.render_pdf(html, site_url=SITE_URL, content_dir=ROOT / "content"))
    return path


def pdf_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def pdf_info(path: Path, *args: str) -> str:
    return subprocess.run(["pdfinfo", *args, str(path)], capture_output=True, text=True, check=True).stdout


def test_the_seed_bouquet_prints_its_15_experiences_in_order_with_its_dates_in_french(catalogue, seed_pdf):
    bouquet, experiences = _seed(catalogue)
    assert len(experiences) == 15
    text = pdf_text(seed_pdf)
    assert "Édition du samedi 21 novembre 2026" in text
    # The source edition of seed 000: « Actualisé le mardi 19 mai 2015 », by Mairie-conseils.
    assert "Édition d'origine : Mairie-conseils, actualisée le mardi 19 mai 2015" in text
    sheets = text[text.index("Fiche 1 sur 15"):]
    position = 0
    for number, experience in enumerate(experiences, start=1):
        found = sheets.find(f"Fiche {number} sur 15 {' '.join(experience.title.split())}", position)
        assert found >= position, (number, experience.slug)
        position = found
        # Each sheet says where its text comes from and under which licence.
        tail = sheets[found:]
        assert "Source : Mairie-conseils. Licence : Licence Ouverte / Etalab 2.0." in tail
    toc = text[text.index("Sommaire"):text.index("Fiche 1 sur 15")]
    assert [t for t in (" ".join(e.title.split()) for e in experiences) if t in toc] == [" ".join(e.title.split()) for e in experiences]


def test_the_edition_is_dated_by_its_content_not_by_the_build(catalogue, monkeypatch):
    """deploy.yml sets SOURCE_DATE_EPOCH to the last commit's time: if the edition's
    HTML carried it, every deploy would change every PDF's digest and the PDF store
    kept between deploys (actions/cache) would never be hit."""
    bouquet, experiences = _seed(catalogue)
    build = SiteBuild(catalogue, SITE_URL)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build.edition_html(bouquet)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert build.edition_html(bouquet) == first
    latest = max([bouquet.date, *(e.updated or e.date for e in experiences)])
    assert edition.created_at(bouquet, experiences) == f"{latest.isoformat()}T00:00:00Z"
    assert f'<meta name="dcterms.created" content="{latest.isoformat()}T00:00:00Z">' in first
    # A sheet updated later than everything else dates the edition.
    later = dataclasses.replace(experiences[3], updated=latest + dt.timedelta(days=40))
    changed = experiences[:3] + (later,) + experiences[4:]
    assert edition.created_at(bouquet, changed) == f"{(latest + dt.timedelta(days=40)).isoformat()}T00:00:00Z"


def test_the_pdf_is_a4_tagged_titled_with_page_numbers_a_running_header_and_working_links(catalogue, seed_pdf):
    info = pdf_info(seed_pdf)
    assert "Tagged:          yes" in info
    assert "Title:           Coopérations entre associations et collectivités" in info
    assert "595.276 x 841.89 pts (A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = pdf_text(seed_pdf)
    assert f"Page 2 sur {pages}" in text and f"Page {pages} sur {pages}" in text
    assert text.count("Coopérations entre associations et collectivités") >= pages - 1  # the header, cover aside
    links = pdf_info(seed_pdf, "-url")
    assert f"{SITE_URL}experiences/relais-benevolat-villefranche-sur-saone/" in links
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in links


def test_each_page_of_a_sheet_says_its_number_once(seed_pdf):
    """Its first page above the title, the next ones in the running header (first-except)."""
    pages = int(re.search(r"Pages:\s+(\d+)", pdf_info(seed_pdf)).group(1))
    numbers = [re.findall(r"Fiche \d+ sur 15", subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(seed_pdf), "-"],
                                                               capture_output=True, text=True, check=True).stdout)
               for n in range(1, pages + 1)]
    first = next(n for n, found in enumerate(numbers) if found)
    assert all(len(found) == 1 for found in numbers[first:]), numbers
    assert sorted({found[0] for found in numbers[first:]}, key=lambda t: int(t.split()[1])) == [f"Fiche {n} sur 15" for n in range(1, 16)]


def pdf_objects(path: Path) -> bytes:
    """The PDF's bytes with every Flate stream decompressed (the catalogue sits in a
    compressed object stream)."""
    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end():]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_the_document_language_is_french(seed_pdf):
    objects = pdf_objects(seed_pdf)
    assert b"/Lang (fr)" in objects
    assert b"/MarkInfo" in objects and b"/StructTreeRoot" in objects  # tagged: a structure tree


def test_two_renders_give_the_same_bytes_and_the_dates_come_from_the_build(catalogue, seed_pdf):
    bouquet, experiences = _seed(catalogue)
    html = edition.edition_html(bouquet, experiences, site_url=SITE_URL, site_name="Bouquet d'expériences", created=CREATED)
    again = edition.render_pdf(html, site_url=SITE_URL, content_dir=ROOT / "content")
    assert again == seed_pdf.read_bytes()
    assert "CreationDate:    Sat Nov 21 10:00:00 2026 UTC" in pdf_info(seed_pdf)


def test_the_cover_prints_the_image_and_its_credit(catalogue, tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    PILImage.new("RGB", (40, 30), (0, 0, 145)).save(content / "images" / "couverture.png")
    _, experiences = _seed(catalogue)
    bouquet = Bouquet(slug="essai", path="content/bouquets/essai.md", title="Un bouquet d'essai", date=dt.date(2026, 11, 1),
                      description="Pour voir la couverture.", experience_slugs=(experiences[0].slug,), body="Introduction.",
                      image=Image("images/couverture.png", "Un aplat bleu", "© Dreaming Andy / Fotolia"))
    html = edition.edition_html(bouquet, experiences[:1], site_url=SITE_URL, site_name="Bouquet d'expériences", created=CREATED)
    path = tmp_path / "essai.pdf"
    path.write_bytes(edition.render_pdf(html, site_url=SITE_URL, content_dir=content))
    text = pdf_text(path)
    assert "Édition du dimanche 1er novembre 2026" in text
    assert "© Dreaming Andy / Fotolia" in text
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^\s+1\s+\d+\s+image\s+40\s+30\b", images, re.M), images


def test_nothing_is_fetched_from_outside_the_site(catalogue, tmp_path):
    html = '<!DOCTYPE html><html lang="fr"><title>x</title><img src="https://ailleurs.example/traceur.png" alt=""></html>'
    with pytest.raises(BaseException, match="ailleurs.example"):
        edition.render_pdf(html, site_url=SITE_URL, content_dir=tmp_path)


def test_relative_links_of_a_body_become_absolute_and_headings_go_one_level_down():
    body = '<h2 id="o">Origine</h2><p><a href="../autre/">x</a> <a href="#o">y</a> <img src="../../images/a.jpg" alt=""></p>'
    out = edition.sheet_body(body, "https://bouquet.example/experiences/une/")
    assert '<h3 id="o">Origine</h3>' in out
    assert 'href="https://bouquet.example/experiences/autre/"' in out and 'href="#o"' in out
    assert 'src="https://bouquet.example/images/a.jpg"' in out


@pytest.mark.parametrize(("size", "label"), [(1_234_567, "PDF, 1,2 Mo"), (149_901, "PDF, 150 ko"), (2_000_000, "PDF, 2 Mo"), (400, "PDF, 1 ko")])
def test_size_label_in_french(size, label):
    assert edition.size_label(size).replace("\u202f", " ").replace("\xa0", " ") == label


def test_full_date_says_the_weekday_and_1er():
    assert edition.full_date(dt.date(2015, 5, 19)) == "mardi 19 mai 2015"
    assert edition.full_date(dt.date(2026, 11, 1)) == "dimanche 1er novembre 2026"


def test_the_cache_gives_back_the_same_bytes_and_renders_once(catalogue, tmp_path, monkeypatch):
    html = '<!DOCTYPE html><html lang="fr"><title>x</title><p>Bonjour</p></html>'
    first = edition.cached_render(html, site_url=SITE_URL, content_dir=tmp_path, cache_dir=tmp_path / "cache")
    assert edition.cached(html, site_url=SITE_URL, content_dir=tmp_path, cache_dir=tmp_path / "cache") == first
    monkeypatch.setattr(edition, "render_pdf", lambda *a, **k: pytest.fail("rendered again"))
    assert edition.cached_render(html, site_url=SITE_URL, content_dir=tmp_path, cache_dir=tmp_path / "cache") == first
    assert edition.cached(html.replace("Bonjour", "Bonsoir"), site_url=SITE_URL, content_dir=tmp_path, cache_dir=tmp_path / "cache") is None


def test_an_edition_is_laid_out_in_a_worker_and_its_page_gets_the_size_of_the_same_bytes(catalogue, seed_pdf, tmp_path):
    # The build submits the PDFs missing from the cache and renders the pages meanwhile:
    # the bouquet page waits with a placeholder, then gets the size of exactly the
    # bytes a serial render gives (seed_pdf), as before the pool.
    bouquet, experiences = _seed(catalogue)
    html = edition.edition_html(bouquet, experiences, site_url=SITE_URL, site_name="Bouquet d'expériences", created=CREATED)
    editions = edition.Editions()
    editions.submit(SEED_BOUQUET, html, site_url=SITE_URL, content_dir=ROOT / "content", cache_dir=tmp_path / "cache")
    editions.submit("copie", html, site_url=SITE_URL, content_dir=ROOT / "content", cache_dir=tmp_path / "cache")
    assert editions.label("absent") is None
    page = f"<a download>Télécharger ({editions.label(SEED_BOUQUET)})</a>"
    assert editions.awaited_in(page) and "\x00" in page
    done = editions.wait()
    assert done[SEED_BOUQUET] == done["copie"] == seed_pdf.read_bytes()
    assert edition.cached(html, site_url=SITE_URL, content_dir=ROOT / "content", cache_dir=tmp_path / "cache") == done[SEED_BOUQUET]
    assert not editions.awaited_in(page)
    assert editions.fill(page) == f"<a download>Télécharger ({edition.size_label(len(done[SEED_BOUQUET]))})</a>"
    assert editions.label(SEED_BOUQUET) == edition.size_label(len(done[SEED_BOUQUET]))


def test_each_lead_is_printed_with_its_kind_where_the_sheet_gives_it(catalogue):
    bouquet, experiences = _seed(catalogue)
    html = edition.edition_html(bouquet, experiences, site_url="https://bouquet.example/", site_name="Bouquet", created="2026-12-02")
    for experience in experiences:
        if experience.leads:
            labels = " ; ".join(lead.label for lead in experience.leads)
            assert f"<dt>Porteurs de l'action</dt><dd>{escape(labels)}</dd>" in html, experience.slug
    assert any(lead.kind for e in experiences for lead in e.leads), "the seed bouquet shows at least one kind"


def test_the_workers_get_the_longest_editions_first(catalogue, monkeypatch):
    # The pool hands out jobs in the order they are submitted: with the longest
    # last (the seed's catalogue order puts its 5-sheet bouquet first), one worker
    # lays it out alone at the end of the build while the other cores idle.
    from bouquet.site import SiteBuild

    build = SiteBuild(catalogue, SITE_URL)
    build.content_dir, build.edition_cache = ROOT / "content", None
    submitted: list[str] = []
    monkeypatch.setattr(build.editions, "submit", lambda slug, html, **_: submitted.append(slug))
    assert build.render_editions() == []
    lengths = {b.slug: len(build.edition_html(b)) for b in catalogue.bouquets}
    assert sorted(submitted) == sorted(lengths)
    assert [lengths[s] for s in submitted] == sorted(lengths.values(), reverse=True)
    assert submitted != [b.slug for b in catalogue.bouquets]  # the seed's catalogue order is not already that one


def test_the_print_stylesheet_uses_no_grid_or_flex_layout():
    # WeasyPrint's grid and flex layouts are its slow paths (its maintainers call the
    # grid algorithm naive; nested flex boxes are Kozea/WeasyPrint#1166): the sheets'
    # facts in a grid cost more layout than the floats that draw the same two columns.
    import tinycss2

    found = []
    for rule in tinycss2.parse_stylesheet(edition.STYLESHEET.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
            if declaration.type == "declaration" and declaration.lower_name == "display":
                value = tinycss2.serialize(declaration.value).strip()
                if "grid" in value or "flex" in value:
                    found.append(f"{tinycss2.serialize(rule.prelude).strip()} {{ display: {value} }}")
    assert found == []


def test_the_layout_runs_with_the_cyclic_collector_relaxed_and_gives_the_same_bytes(catalogue, seed_pdf, monkeypatch):
    # Fewer collections, not fewer objects: the thresholds hold only while WeasyPrint
    # lays out, and a render with Python's defaults gives the same bytes.
    import contextlib
    import gc

    import weasyprint

    before = gc.get_threshold()
    seen = []
    real = weasyprint.HTML.write_pdf
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, **kw: seen.append(gc.get_threshold()) or real(self, **kw))
    bouquet, experiences = _seed(catalogue)
    html = edition.edition_html(bouquet, experiences, site_url=SITE_URL, site_name="Bouquet d'expériences", created=CREATED)
    assert edition.render_pdf(html, site_url=SITE_URL, content_dir=ROOT / "content") == seed_pdf.read_bytes()
    assert seen == [edition.LAYOUT_GC_THRESHOLDS] != [before] and gc.get_threshold() == before
    monkeypatch.setattr(edition, "_layout_gc", contextlib.nullcontext)
    assert edition.render_pdf(html, site_url=SITE_URL, content_dir=ROOT / "content") == seed_pdf.read_bytes()
    assert seen[-1] == before


def test_a_layout_leaves_no_garbage_for_the_next_one(catalogue, seed_pdf):
    # Issue 14 (memory): a laid-out document is a graph of cycles, and at the relaxed
    # thresholds the collector almost never runs a full collection, so a PDF worker
    # kept each layout's garbage (50 editions: 799 MiB). render_pdf collects it once
    # the layout is over, and the bytes are the same.
    import gc

    bouquet, experiences = _seed(catalogue)
    html = edition.edition_html(bouquet, experiences, site_url=SITE_URL, site_name="Bouquet d'expériences", created=CREATED)
    gc.collect()
    assert edition.render_pdf(html, site_url=SITE_URL, content_dir=ROOT / "content") == seed_pdf.read_bytes()
    assert gc.collect() < 1_000  # without the collection: the layout's cycles, 66,000 objects for this one
