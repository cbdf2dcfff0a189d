"""The vocabulary of « Vouliez-vous dire … », built from the seed content."""
import json

from bouquet import geography, suggest
from bouquet.catalogue import build_catalogue
from bouquet.load import check_content
from sitebuild import ROOT


def seed_catalogue():
    return build_catalogue(check_content(ROOT / "content", ROOT))


def page_for(vocabulary, name):
    return vocabulary["pages"][vocabulary["keys"][geography.fold(name)]]


def test_places_and_themes_lead_to_their_pages_whatever_the_accents_case_and_hyphens():
    vocabulary = suggest.page_keys(seed_catalogue())
    assert page_for(vocabulary, "35") == ["Ille-et-Vilaine (35)", "territoires/bretagne/35-ille-et-vilaine/"]
    assert page_for(vocabulary, "ille et vilaine") == page_for(vocabulary, "ILLE-ET-VILAINE")
    assert page_for(vocabulary, "ile de france") == ["Île-de-France", "territoires/ile-de-france/"]
    assert page_for(vocabulary, "lot et garonne") == ["Lot-et-Garonne (47)", "territoires/nouvelle-aquitaine/47-lot-et-garonne/"]
    assert geography.fold("Agen") not in vocabulary["keys"]  # communes: through the results' place, see search.js
    assert page_for(vocabulary, "personnes agees") == ["Personnes âgées", "themes/personnes-agees/"]


def test_words_come_from_titles_places_and_themes_with_their_accents():
    words = suggest.words(seed_catalogue())
    assert words["coopérative"] == 2  # two sheets' titles (Quintin, Rennes)
    assert "bretagne" in words and "jeunesse" in words
    assert "pour" not in words and "les" not in words and "l'emploi" not in words and "emploi" in words


def test_the_vocabulary_is_deterministic_and_small(tmp_path):
    catalogue = seed_catalogue()
    first = [path.read_bytes() for path in suggest.write(catalogue, tmp_path / "a")]
    second = [path.read_bytes() for path in suggest.write(catalogue, tmp_path / "b")]
    assert first == second
    assert [len(data) < 16_000 for data in first] == [True, True]
    keys = json.loads(first[0])["keys"]
    assert list(keys) == sorted(keys)


def test_the_word_list_is_capped_to_the_most_used(monkeypatch):
    every = suggest.words(seed_catalogue())
    monkeypatch.setattr(suggest, "MAX_WORDS", 3)
    kept = suggest.words(seed_catalogue())
    assert len(kept) == 3 and set(kept) < set(every)
    assert min(kept.values()) >= max(count for word, count in every.items() if word not in kept)
