"""The index pages (bouquets, letters, sources, themes, territories, open data, site map)
share one layout, overrides/index-page.html: the breadcrumbs, the title and the lead are
written there once, each page fills its `index` block."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "overrides").glob("*.html"))}
INDEXES = ("bouquets-index.html", "letters-index.html", "sources-index.html", "themes-index.html",
           "territories-index.html", "opendata.html", "sitemap-page.html")


def test_every_index_page_extends_the_one_layout():
    for name in INDEXES:
        assert TEMPLATES[name].startswith('{% extends "index-page.html" %}'), name
        assert "{% block index %}" in TEMPLATES[name], name


def test_the_index_header_is_written_once():
    writers = sorted(name for name, text in TEMPLATES.items() if re.search(r'class="bq-index(?![\w-])', text))
    assert writers == ["index-page.html"]
