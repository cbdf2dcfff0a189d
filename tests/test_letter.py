"""The letter (bouquet.letter): the period it covers, its HTML e-mail (styles inline,
links absolute, images with sizes and alt), its plain-text part, its feed, and the
rules for content/lettres/."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image as PILImage

from bouquet import letter as letters
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from bouquet.model import Letter
from sitebuild import ROOT

SITE = "https://bouquet.example/"
SEED_LETTER = "2026-11-21"


@pytest.fixture(scope="module")
def catalogue():
    result = check_content(ROOT / "content", ROOT)
    assert result.problems == []
    return build_catalogue(result)


@pytest.fixture(scope="module")
def seed_issue(catalogue):
    letter = next(item for item in catalogue.letters if item.slug == SEED_LETTER)
    return letters.issue(catalogue, letter)


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def test_the_seed_letter_presents_everything_put_online_up_to_its_date(catalogue, seed_issue):
    assert seed_issue.start is None and seed_issue.previous is None
    assert seed_issue.experiences == catalogue.experiences
    assert seed_issue.bouquets == catalogue.bouquets


def test_a_letter_presents_what_came_after_the_previous_one(catalogue):
    first = Letter("2026-11-20", "content/lettres/2026-11-20.md", "Avant", dt.date(2026, 11, 20), "")
    second = Letter("2026-12-01", "content/lettres/2026-12-01.md", "Après", dt.date(2026, 12, 1), "")
    import dataclasses

    with_two = dataclasses.replace(catalogue, letters=(second, first))
    assert letters.issue(with_two, first).experiences == ()  # nothing online before 2026-11-21
    later = letters.issue(with_two, second)
    assert later.previous is first and later.start == dt.date(2026, 11, 20)
    assert later.experiences == catalogue.experiences
    assert letters.issue(with_two, dataclasses.replace(second, since=dt.date(2026, 11, 21))).experiences == ()
    assert letters.between(catalogue, dt.date(2026, 11, 20), dt.date(2026, 11, 21))[0] == catalogue.experiences


def test_every_style_of_the_e_mail_is_inline_and_only_the_dark_mode_query_stays_in_a_style_block(seed_issue):
    html = letters.email_html(seed_issue, site_url=SITE, site_name="Bouquet d'expériences", content_dir=ROOT / "content")
    doc = parse(html)
    assert not any(tag == "link" for tag, _ in doc.elements)
    kept = "".join(doc.styles).strip()
    assert kept.startswith("@media (prefers-color-scheme: dark)") and kept.count("@media") == 1
    assert kept.count("{") == kept.count("}") and re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*\s*\}", "", kept).strip() == ""
    body_started = False
    for tag, attrs in doc.elements:
        body_started = body_started or tag == "body"
        if body_started and attrs.get("class") and tag != "img":
            assert attrs.get("style"), (tag, attrs)  # every class's rules were inlined
    assert '<meta name="color-scheme" content="light dark">' in html


def test_every_link_of_the_e_mail_is_absolute_and_every_sheet_is_linked(catalogue, seed_issue):
    html = letters.email_html(seed_issue, site_url=SITE, site_name="Bouquet d'expériences", content_dir=ROOT / "content")
    hrefs = [attrs["href"] for tag, attrs in parse(html).elements if tag == "a"]
    assert hrefs and all(urlsplit(h).scheme in ("https", "mailto") and urlsplit(h).netloc for h in hrefs), hrefs
    for experience in catalogue.experiences:
        assert SITE + experience.url in hrefs, experience.slug
    assert SITE + "bouquets/cooperations-associations-collectivites/" in hrefs  # the editorial's .md link, resolved


def test_the_e_mail_is_600_px_wide_at_most_and_laid_out_in_tables(seed_issue):
    html = letters.email_html(seed_issue, site_url=SITE, site_name="Bouquet d'expériences", content_dir=ROOT / "content")
    doc = parse(html)
    tables = [attrs for tag, attrs in doc.elements if tag == "table"]
    assert len(tables) >= 2 and all(t.get("role") == "presentation" for t in tables)
    widths = [int(w) for w in re.findall(r"max-width:\s*(\d+)px", html)]
    assert 600 in widths and max(widths) <= 600


def test_images_have_their_size_and_alt(catalogue, seed_issue, tmp_path):
    import dataclasses
    from bouquet.model import Image

    (tmp_path / "images").mkdir()
    PILImage.new("RGB", (1200, 800)).save(tmp_path / "images" / "photo.png")
    experience = dataclasses.replace(seed_issue.experiences[0], image=Image("images/photo.png", "Des habitants autour d'une table"))
    item = dataclasses.replace(seed_issue, experiences=(experience,))
    html = letters.email_html(item, site_url=SITE, site_name="Bouquet", content_dir=tmp_path)
    images = [attrs for tag, attrs in parse(html).elements if tag == "img"]
    assert images == [{"class": "figure", "src": SITE + "images/photo.png", "alt": "Des habitants autour d'une table",
                       "width": "552", "height": "368", "style": images[0]["style"]}]


def test_the_text_part_has_the_editorial_every_sheet_with_its_link_and_no_markup(catalogue, seed_issue):
    text = letters.email_text(seed_issue, site_url=SITE, site_name="Bouquet d'expériences", subscribe_url="https://lettres.example/inscription")
    assert "<" not in text and "](" not in text
    assert "Cette première lettre présente tout ce que le site contient" in text
    for experience in catalogue.experiences:
        assert f"\n{SITE}{experience.url}\n" in text
    assert f"Cette lettre en ligne : {SITE}lettres/{SEED_LETTER}/" in text
    assert "S'abonner à la lettre : https://lettres.example/inscription" in text
    assert max(len(line) for line in text.splitlines() if "https://" not in line) <= 72  # addresses are never cut


def _header_text(html: str) -> str:
    """The text of the e-mail's header cell: kicker, title, date line."""
    header = re.search(r'<td class="header"[^>]*>(.*?)</td>', html, re.S)
    assert header is not None
    return re.sub(r"<[^>]+>", " ", header[1])


def test_the_letters_date_is_said_once_when_its_title_says_it(seed_issue, tmp_path):
    day = "21 novembre 2026"
    assert day in seed_issue.letter.title and seed_issue.dateline == ""
    text = letters.email_text(seed_issue, site_url=SITE, site_name="Bouquet")
    assert text.split("\n\n", 1)[0].count(day) == 1
    html = letters.email_html(seed_issue, site_url=SITE, site_name="Bouquet", content_dir=tmp_path)
    assert _header_text(html).count(day) == 1


def test_a_title_without_the_date_gets_the_date_line(catalogue, tmp_path):
    letter = Letter("2026-12-01", "content/lettres/2026-12-01.md", "Des nouvelles de l'hiver", dt.date(2026, 12, 1), "")
    item = letters.issue(catalogue, letter)
    assert item.dateline == "Lettre du 1er décembre 2026"
    assert "Des nouvelles de l'hiver\nLettre du 1er décembre 2026\n" in letters.email_text(item, site_url=SITE, site_name="Bouquet")
    html = letters.email_html(item, site_url=SITE, site_name="Bouquet", content_dir=tmp_path)
    assert "Lettre du 1er décembre 2026" in _header_text(html)


def test_the_feed_lists_the_letters(catalogue):
    feed = letters.feed(catalogue.letters, SITE, "Bouquet d'expériences")
    assert f"<id>{SITE}lettres/{SEED_LETTER}/</id>" in feed and f'href="{SITE}lettres/"' in feed


def test_share_mailto_carries_the_title_the_teaser_and_the_link():
    url = letters.share_mailto("Un titre & plus", "Le résumé.", "https://bouquet.example/experiences/x/")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("mailto:?")
    assert query == {"subject": ["Un titre & plus"], "body": ["Le résumé.\n\nhttps://bouquet.example/experiences/x/"]}


@pytest.mark.parametrize(("value", "ok"), [("", True), ("https://lettres.example/inscription", True), ("http://x.example/", False), ("javascript:alert(1)", False)])
def test_the_subscription_setting_takes_https_addresses_only(value, ok):
    url, errors = letters.subscribe_url({"letter": {"subscribe_url": value}})
    assert (errors == []) is ok and (url == value if ok else url == "")


def test_a_letter_named_after_another_day_or_starting_after_itself_is_reported(tree):
    tree.write("lettres/2026-11-20.md", "---\ntitle: \"Lettre\"\ndate: 2026-11-21\nsince: 2026-11-22\n---\n\nTexte.\n")
    result = check_content(tree.content, tree.root)
    found = {(p.code, p.line) for p in result.problems if p.path.endswith("lettres/2026-11-20.md")}
    assert found == {("lettre-nom-de-fichier", 3), ("lettre-periode-vide", 4)}, result.problems
    assert all("Renommez" in p.hint or "since" in p.hint for p in result.problems if p.code.startswith("lettre-"))


def test_an_unknown_field_in_a_letter_is_reported_in_french(tree):
    tree.write("lettres/2026-11-21.md", "---\ntitle: \"Lettre\"\ndate: 2026-11-21\nsujet: \"x\"\n---\n\nTexte.\n")
    problems = [p for p in check_content(tree.content, tree.root).problems if p.path.endswith("lettres/2026-11-21.md")]
    assert problems and problems[0].line == 4 and "sujet" in problems[0].message


def test_make_lettre_is_a_dry_run_by_default(tmp_path):
    out = tmp_path / "out"
    dry = subprocess.run([sys.executable, str(ROOT / "scripts" / "lettre.py"), "--out", str(out)], capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert "Essai à blanc" in dry.stdout and not out.exists()
    written = subprocess.run([sys.executable, str(ROOT / "scripts" / "lettre.py"), "--out", str(out), "--write"], capture_output=True, text=True)
    assert written.returncode == 0, written.stderr
    assert (out / SEED_LETTER / "lettre.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / SEED_LETTER / "lettre.txt").is_file()
