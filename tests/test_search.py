import datetime as dt
import pytest

from bouquet import geography
from bouquet.model import Bouquet, Experience, Lead, Territory, Theme
from bouquet.search import bouquet_record, experience_record, html_text

JEUNESSE = Theme("Jeunesse", "jeunesse", "")


def test_experience_record_carries_filters_meta_and_sort():
    dep = geography.departement("47")
    experience = Experience("cafe", "p", "Partenaires, un Café !", dt.date(2026, 11, 21), "Un café mensuel.", (JEUNESSE,),
                            Territory(geography.official_commune("Agen", "47"), dep, dep.region), "", leads=(Lead("Centre social Nord-Est", "association"),),
                            source={"name": "Apriles", "date": dt.date(2010, 1, 15), "updated": dt.date(2018, 9, 25)})
    bouquet = Bouquet("b", "p", "Co-construction", dt.date(2026, 11, 21), "d", ("cafe",), "")
    record = experience_record(experience, "<p>Un <em>petit-déjeuner</em> &amp; des partenaires</p>", (bouquet,))
    assert record.url == "/experiences/cafe/"
    assert record.filters == {"type": ["Expérience"], "thème": ["Jeunesse"], "année": ["2010"], "région": ["Nouvelle-Aquitaine"],
                              "département": ["Lot-et-Garonne (47)"], "source": ["Apriles"], "bouquet": ["Co-construction"],
                              "structure porteuse": ["Association"]}
    assert record.meta["place"] == "Agen (47)" and record.meta["date"] == "Mise en ligne le 21 novembre 2026"
    assert record.sort == {"date": "2026-11-21"}  # newest first means newest on this site
    assert "petit-déjeuner & des partenaires" in record.content and "Centre social Nord-Est" in record.content


def test_unplaced_experience_has_no_territory_filters():
    experience = Experience("x", "p", "T", dt.date(2015, 1, 1), "d", (JEUNESSE,), Territory(), "")
    record = experience_record(experience, "", ())
    assert "région" not in record.filters and "place" not in record.meta


def test_the_year_filter_is_the_source_year_or_undated_never_the_site_date():
    dated = Experience("a", "p", "T", dt.date(2026, 11, 21), "d", (JEUNESSE,), Territory(), "",
                       source={"name": "Mairie-conseils", "date": dt.date(2015, 5, 18)})
    undated = Experience("b", "p", "T", dt.date(2026, 11, 21), "d", (JEUNESSE,), Territory(), "", source={"name": "Recueil"})
    assert experience_record(dated, "", ()).filters["année"] == ["2015"]
    assert experience_record(undated, "", ()).filters["année"] == ["Non datée"]


def test_bouquet_record_is_marked_as_a_bouquet():
    bouquet = Bouquet("b", "p", "Titre", dt.date(2015, 5, 19), "Résumé", ("a",), "")
    record = bouquet_record(bouquet, "<p>Intro</p>")
    assert record.filters["type"] == ["Bouquet"] and record.url == "/bouquets/b/"
    assert "année" not in record.filters  # a bouquet has no source year: the filter keeps one meaning
    assert record.meta["date"] == "Actualisé le 19 mai 2015"


def test_html_text():
    assert html_text("<h2>Origine</h2>\n<p>a &lt;b&gt;</p>") == "Origine a <b>"


def test_a_dead_indexer_fails_the_build_instead_of_hanging(tmp_path):
    import pytest

    from bouquet.search import SearchIndexer

    indexer = SearchIndexer()
    indexer._process.kill()
    indexer._process.join()
    with pytest.raises(RuntimeError, match="processus d'indexation"):
        indexer.write(tmp_path / "pagefind")


def test_the_place_is_searchable_metadata_and_weighs_more_than_the_body():
    dep = geography.departement("35")
    experience = Experience("cjs", "p", "Une coopérative jeunesse", dt.date(2026, 11, 21), "Des jeunes.", (JEUNESSE,),
                            Territory(geography.official_commune("Rennes", "35"), dep, dep.region), "")
    record = experience_record(experience, "<p>35 organisations</p>", ())
    assert record.meta["lieu"] == "Rennes. Ille-et-Vilaine (35). Bretagne"
    weights = dict((text, weight) for weight, text in record.weighted)
    assert weights["Rennes. Ille-et-Vilaine (35). Bretagne"] == 10 and weights["Une coopérative jeunesse"] == 7
    assert "35 organisations" in record.content and "Rennes" not in record.content


def test_the_html_record_carries_weights_metadata_filters_and_sort_escaped():
    import html.parser

    dep = geography.departement("47")
    experience = Experience("cafe", "p", "« Partenaires » <un> café & co", dt.date(2026, 11, 21), "Un café.", (JEUNESSE,),
                            Territory(geography.official_commune("Agen", "47"), dep, dep.region), "")
    markup = experience_record(experience, "<p>Corps</p>", ()).html()

    found = {"meta": {}, "filter": [], "sort": {}, "weights": [], "text": []}

    class Reader(html.parser.HTMLParser):
        weight = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            for kind in ("meta", "filter", "sort"):
                name = attrs.get(f"data-pagefind-{kind}")
                if name:
                    assert name.endswith("[content]")
                    if kind == "filter":
                        found[kind].append((name[:-9], attrs["content"]))
                    else:
                        found[kind][name[:-9]] = attrs["content"]
            self.weight = attrs.get("data-pagefind-weight")

        def handle_data(self, data):
            if self.weight:
                found["weights"].append((self.weight, data))

    Reader().feed(markup)
    assert markup.startswith('<!DOCTYPE html><html lang="fr">')
    assert found["meta"]["title"] == "« Partenaires » <un> café & co"
    assert found["meta"]["lieu"] == "Agen. Lot-et-Garonne (47). Nouvelle-Aquitaine"
    assert ("département", "Lot-et-Garonne (47)") in found["filter"] and ("thème", "Jeunesse") in found["filter"]
    assert found["sort"] == {"date": "2026-11-21"}
    assert ("10", "Agen. Lot-et-Garonne (47). Nouvelle-Aquitaine.") in found["weights"]
    assert ("7", "« Partenaires » <un> café & co.") in found["weights"]


def test_intercommunalite_and_population_band_filters_come_from_the_commune():
    from bouquet.catalogue import territory_of

    experience = Experience("m", "p", "Médiathèque", dt.date(2026, 11, 21), "d", (JEUNESSE,),
                            territory_of({"commune": "Saint-Aubin-du-Pavail", "departement": "35"}), "")
    record = experience_record(experience, "", ())
    assert record.filters["intercommunalité"] == ["Pays de Châteaugiron Communauté (communauté de communes)"]
    assert record.filters["taille de la commune"] == ["De 10\u202f000 à 14\u202f999 habitants"]
    assert "Pays de Châteaugiron Communauté" in record.html()


def test_the_shard_size_can_be_set_for_one_build():
    """scripts/search_budget.py compares a sharded site with one built as one index."""
    from bouquet import search

    assert search.default_shard_size({}) == search.SHARD_SIZE
    assert search.default_shard_size({search.SHARD_VARIABLE: " 100000 "}) == 100000
    for wrong in ("0", "-5", "beaucoup", "1.5"):
        with pytest.raises(ValueError, match=search.SHARD_VARIABLE):
            search.default_shard_size({search.SHARD_VARIABLE: wrong})


def test_a_process_whose_indexing_was_stopped_with_records_still_queued_exits():
    # The records the indexer had not read were left in this process's queue thread,
    # which blocked on a pipe no one read any more: the interpreter waited for it at
    # exit, and `make serve` stopped after a save, while indexing, never exited (seen
    # with py-spy: Queue._finalize_join waiting on QueueFeederThread).
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import threading
        from bouquet.search import SearchIndexer, SearchRecord
        indexer = SearchIndexer(expected=10)
        indexer._process.terminate()  # the reader gone first: the backlog stays, whatever the machine's speed
        indexer._process.join()
        for n in range(40):
            indexer.add(SearchRecord(f"/experiences/e{n}/", "mot " * 20_000))
        indexer._flush()
        indexer.close()
        for _ in range(200):  # the records are dropped in the background: up to 20 s on a loaded machine
            feeders = sum(t.name == "QueueFeederThread" and t.is_alive() for t in threading.enumerate())
            if not feeders:
                break
            threading.Event().wait(0.1)
        print(feeders)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"  # the queued records were dropped, not left to a blocked thread
