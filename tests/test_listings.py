import datetime as dt

from bouquet import listings
from bouquet.model import Experience, Territory


def make(n):
    return tuple(Experience(f"e{i:03}", "p", f"T{i}", dt.date(2020, 1, 1) - dt.timedelta(days=i), "d", (), Territory(), "") for i in range(n))


def test_pagination_cuts_30_per_page_with_numbered_links():
    pages = listings.paginate("theme", "Jeunesse", "", "themes/jeunesse/", make(61))
    assert [p.src_uri for p in pages] == ["themes/jeunesse/index.md", "themes/jeunesse/page/2/index.md", "themes/jeunesse/page/3/index.md"]
    second = pages[1].context["listing"]
    assert [e.slug for e in second.items][0] == "e030" and len(second.items) == 30
    assert [(link.number, link.current) for link in second.pages] == [(1, False), (2, True), (3, False)]
    assert second.previous.url == "themes/jeunesse/" and second.next.url == "themes/jeunesse/page/3/"
    assert pages[1].title == "Jeunesse – page 2 sur 3"


def test_an_empty_listing_still_has_its_first_page():
    [page] = listings.paginate("theme", "Vide", "", "themes/vide/", ())
    assert page.context["listing"].total == 0


def test_french_counts():
    assert [listings.experiences_count(n) for n in (0, 1, 2)] == ["0 expérience", "1 expérience", "2 expériences"]
