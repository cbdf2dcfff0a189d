"""The helper's two processes really order a set of strings differently."""
from hashseed import outputs_under_hash_seeds


def _set_order() -> bytes:
    return " ".join({"Alpes", "Bretagne", "Corse", "Drôme", "Essonne", "Finistère", "Gard", "Hérault"}).encode()


def test_two_hash_seeds_iterate_a_set_of_strings_in_different_orders():
    first, second = outputs_under_hash_seeds(_set_order)
    assert sorted(first.split()) == sorted(second.split())
    assert first != second
