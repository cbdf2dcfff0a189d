import datetime as dt
import xml.etree.ElementTree as ET

from bouquet import feeds, geography, routes
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from bouquet.model import Experience, Territory, Theme
from hashseed import outputs_under_hash_seeds
from sitebuild import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_is_well_formed_escaped_and_dated_from_content():
    theme = Theme("Santé & consommation", "sante-et-consommation", "d")
    entry = Experience("a-b", "p", 'Titre <avec> "guillemets" & co', dt.date(2015, 5, 18), "Résumé & suite", (theme,), Territory(), "", updated=dt.date(2018, 9, 25))
    xml = feeds.render(feeds.Feed("feed.xml", "Flux", "", (entry,)), "https://example.org/bouquet")
    root = ET.fromstring(xml)
    assert root.find(f"{ATOM}updated").text == "2018-09-25T00:00:00Z"
    item = root.find(f"{ATOM}entry")
    assert item.find(f"{ATOM}title").text == 'Titre <avec> "guillemets" & co'
    assert item.find(f"{ATOM}link").get("href") == "https://example.org/bouquet/experiences/a-b/"
    assert item.find(f"{ATOM}published").text == "2015-05-18T00:00:00Z"
    assert item.find(f"{ATOM}category").get("label") == "Santé & consommation"


def _seed_feeds() -> bytes:
    catalogue = build_catalogue(check_content(ROOT / "content"))
    return "".join(f"{feed.path}\n{feeds.render(feed, 'https://e.org/')}" for feed in feeds.plan(catalogue)).encode()


def test_the_seed_feeds_are_the_same_bytes_under_any_hash_seed():
    first, second = outputs_under_hash_seeds(_seed_feeds)
    assert first.count(b"<entry>") > 50
    assert first == second


def test_feeds_date_entries_by_this_site_never_by_the_source():
    entry = Experience("x", "p", "T", dt.date(2026, 11, 21), "d", (), Territory(), "",
                       source={"name": "Mairie-conseils", "date": dt.date(2015, 5, 18), "updated": dt.date(2015, 6, 1)})
    item = ET.fromstring(feeds.render(feeds.Feed("feed.xml", "Flux", "", (entry,)), "https://e.org/")).find(f"{ATOM}entry")
    assert item.find(f"{ATOM}published").text == "2026-11-21T00:00:00Z"
    assert item.find(f"{ATOM}updated").text == "2026-11-21T00:00:00Z"


def test_each_territory_with_experiences_has_a_feed_of_its_listing():
    """Régions, départements and intercommunalités: one feed each, of the same
    experiences as their listing, newest first, at the address routes.py gives."""
    catalogue = build_catalogue(check_content(ROOT / "content"))
    by_path = {feed.path: feed for feed in feeds.plan(catalogue, "Bouquet")}
    assert catalogue.by_epci and catalogue.by_departement
    for code, members in catalogue.by_epci.items():
        epci = geography.epci(code)
        feed = by_path[routes.epci_feed(epci)]
        assert feed.page_url == routes.epci(epci) and feed.entries == members[:feeds.FEED_SIZE]
        assert feed.title == f"Intercommunalité « {epci.title} » – Bouquet"
    for code, members in catalogue.by_departement.items():
        departement = geography.departement(code)
        feed = by_path[routes.departement_feed(departement)]
        assert feed.page_url == routes.departement(departement) and feed.entries == members[:feeds.FEED_SIZE]
    for code, members in catalogue.by_region.items():
        assert by_path[routes.region_feed(geography.region(code))].entries == members[:feeds.FEED_SIZE]
    territory_feeds = [p for p in by_path if p.startswith(("feed-region-", "feed-departement-", "feed-epci-"))]
    assert len(territory_feeds) == len(catalogue.by_epci) + len(catalogue.by_departement) + len(catalogue.by_region)
    quintin = next(e for e in catalogue.experiences if e.slug == "cooperative-jeunesse-services-quintin")
    entries = ET.fromstring(feeds.render(by_path[routes.epci_feed(quintin.territory.epci)], "https://e.org/")).findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}id").text for entry in entries] == [f"https://e.org/{quintin.url}"]
