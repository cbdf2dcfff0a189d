"""The seed site publishes every bouquet's PDF edition beside its page, and the page
links to it with its size in French."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bouquet import edition
from bouquet.load import check_content
from sitebuild import ROOT

pytestmark = pytest.mark.build


def bouquets() -> list[str]:
    result = check_content(ROOT / "content", ROOT)
    return sorted(d.slug for d in result.documents if d.kind == "bouquet" and not d.front.values.get("draft"))


@pytest.mark.parametrize("slug", bouquets())
def test_every_bouquet_has_its_pdf_and_its_page_links_to_it_with_its_size(seed_site: Path, slug: str):
    pdf = seed_site / "bouquets" / slug / f"{slug}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-1.7")
    page = (seed_site / "bouquets" / slug / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a class="md-button bq-button" href="([^"]+)" type="application/pdf" download>(.*?)</a>', page, re.S)
    assert link, slug
    assert link.group(1) == f"{slug}.pdf"
    assert f"({edition.size_label(pdf.stat().st_size)})" in link.group(2)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext introuvable : apt-get install -y poppler-utils")
def test_the_published_pdf_carries_the_site_address_and_the_source_edition(seed_site: Path):
    slug = "cooperations-associations-collectivites"
    text = " ".join(subprocess.run(["pdftotext", str(seed_site / "bouquets" / slug / f"{slug}.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "actualisée le mardi 19 mai 2015" in text
    assert f"https://bouquet.example/bouquets/{slug}/" in text
    assert "Fiche 15 sur 15" in text


def test_the_bouquet_page_prints_the_source_edition(seed_site: Path):
    page = (seed_site / "bouquets" / "cooperations-associations-collectivites" / "index.html").read_text(encoding="utf-8")
    assert "Édition d'origine : Mairie-conseils, actualisée le <time datetime=\"2015-05-19\">19 mai 2015</time>" in page
