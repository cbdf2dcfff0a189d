"""Every date printed in the seed site means what its words say.

Each <time> of every page sits in a `span.bq-date` whose data-bq-date names the item
and the field it comes from ("experience <slug> source.date"). The sheets are parsed
again here and each printed date is checked against that field, with the words the
field must be printed with: a date put online never reads as the source's, and a
source that gives no date is said to give none.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bouquet.load import check_content
from sitebuild import ROOT

pytestmark = pytest.mark.build


class Dates(HTMLParser):
    """(data-bq-date, words before the date, datetime or None) of every labelled date,
    and the datetimes of <time> elements outside any label."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.labelled, self.unlabelled = [], []
        self._open = None  # [key, text, datetime, depth]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._open is not None:
            self._open[3] += 1
            if tag == "time":
                self._open[2] = attrs.get("datetime")
        elif tag == "span" and "data-bq-date" in attrs:
            self._open = [attrs["data-bq-date"], "", None, 0]
        elif tag == "time":
            self.unlabelled.append(attrs.get("datetime"))

    def handle_endtag(self, tag):
        if self._open is None:
            return
        if self._open[3] == 0:
            key, text, datetime, _ = self._open
            self.labelled.append((key, " ".join(text.split()), datetime))
            self._open = None
        else:
            self._open[3] -= 1

    def handle_data(self, data):
        if self._open is not None and self._open[2] is None:
            self._open[1] += data


def expected_words(kind: str, field: str, values: dict, dated: bool) -> str:
    name = (values.get("source") or {}).get("name", "")
    words = {
        ("experience", "date"): "Mise en ligne le",
        ("experience", "updated"): "mise à jour le",
        ("experience", "source.date"): f"Publiée par {name} le" if dated else f"Publiée par {name} à une date que la source ne précise pas",
        ("experience", "source.updated"): f"mise à jour par {name} le",
        ("bouquet", "date"): "actualisé le",
        ("bouquet", "source.date"): f"Édition d'origine : {name}, actualisée le",
        ("letter", "date"): "Lettre du",
    }
    return words[(kind, field)]


def value_of(values: dict, field: str):
    found: object = values
    for part in field.split("."):
        found = found.get(part) if isinstance(found, dict) else None
    return found


@pytest.fixture(scope="module")
def sheets() -> dict[tuple[str, str], dict]:
    result = check_content(ROOT / "content", ROOT)
    assert result.problems == []
    return {(d.kind, d.slug): d.front.values for d in result.documents if d.kind in ("experience", "bouquet", "letter")}


def test_every_printed_date_matches_the_field_its_words_name(seed_site: Path, sheets):
    checked = set()
    for page in sorted(seed_site.rglob("*.html")):
        parser = Dates()
        parser.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(seed_site).as_posix()
        assert parser.unlabelled == [], f"{where}: a date without words saying what it is"
        for key, words, datetime in parser.labelled:
            kind, slug, field = key.split(" ")
            values = sheets[(kind, slug)]
            value = value_of(values, field)
            assert words.lower() == expected_words(kind, field, values, value is not None).lower(), (where, key, words)
            assert datetime == (value.isoformat() if value else None), (where, key)
            checked.add((kind, field, value is not None))
    # Every kind of date was seen, a source without a date included.
    assert checked >= {("experience", "date", True), ("experience", "source.date", True), ("experience", "source.date", False),
                       ("experience", "source.updated", True), ("bouquet", "date", True),
                       ("bouquet", "source.date", True)}  # the seed letter's title says its date: no date line


def test_every_experience_page_prints_its_site_date_and_its_source_dates(seed_site: Path, sheets):
    for (kind, slug), values in sheets.items():
        if kind != "experience" or values.get("draft"):
            continue
        parser = Dates()
        parser.feed((seed_site / "experiences" / slug / "index.html").read_text(encoding="utf-8"))
        own = {key.split(" ")[2] for key, _, _ in parser.labelled if key.split(" ")[1] == slug}
        assert "date" in own, slug
        if values.get("source"):
            assert "source.date" in own, slug  # printed, or said to be unknown


def test_the_old_ambiguous_label_is_gone(seed_site: Path):
    for page in seed_site.rglob("*.html"):
        assert not re.search(r"Publiée le\b", page.read_text(encoding="utf-8")), page
