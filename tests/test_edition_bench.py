"""scripts/edition_bench.py: what it lays out and what it prints, on the seed content."""
from __future__ import annotations

import json
import shutil
import sys

import pytest

from bouquet import edition
from bouquet.buildconfig import ROOT
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content

sys.path.insert(0, str(ROOT / "scripts"))
import edition_bench  # noqa: E402


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo introuvable : apt-get install -y poppler-utils")
def test_it_lays_out_the_first_bouquet_by_slug_and_saves_the_bytes_of_render_pdf(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["edition_bench.py", "--corpus", str(ROOT / "content"), "--bouquets", "1", "--runs", "1",
                                      "--save", str(tmp_path)])
    assert edition_bench.main() == 0
    line, summary = (json.loads(text) for text in capsys.readouterr().out.splitlines())
    catalogue = build_catalogue(check_content(ROOT / "content"))
    first = min(catalogue.bouquets, key=lambda b: b.slug)
    assert line["bouquet"] == first.slug and line["sheets"] == len(first.experience_slugs) == summary["sheets"]
    html = edition.edition_html(first, tuple(catalogue.by_slug[s] for s in first.experience_slugs), site_url=edition_bench.SITE_URL,
                                site_name="Bouquet d'expériences", created=edition_bench.CREATED)
    saved = (tmp_path / f"{first.slug}.pdf").read_bytes()
    assert saved == edition.render_pdf(html, site_url=edition_bench.SITE_URL, content_dir=ROOT / "content")
    assert line["pdf_bytes"] == len(saved) and line["pages"] >= 1 + len(first.experience_slugs)
    assert len(line["cpu_s"]) == 1 and summary["bouquets"] == 1
    assert line["rss_mib"] > 0
