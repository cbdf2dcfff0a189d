"""Population bands (groupes démographiques, CGCT art. L. 2334-3) and French numbers."""
import pytest

from bouquet import population


@pytest.mark.parametrize(("value", "label"), [
    (0, "De 0 à 499 habitants"),
    (499, "De 0 à 499 habitants"),
    (500, "De 500 à 999 habitants"),
    (755, "De 500 à 999 habitants"),
    (3_499, "De 2\u202f000 à 3\u202f499 habitants"),
    (3_500, "De 3\u202f500 à 4\u202f999 habitants"),
    (10_845, "De 10\u202f000 à 14\u202f999 habitants"),
    (199_999, "De 100\u202f000 à 199\u202f999 habitants"),
    (2_100_000, "200\u202f000 habitants et plus"),
])
def test_band_of_a_population(value, label):
    assert population.band(value).label == label


def test_the_fifteen_groups_of_the_cgct_cover_every_population_once():
    assert len(population.BANDS) == 15
    for lower, upper in zip(population.BANDS, population.BANDS[1:], strict=False):
        assert lower.high + 1 == upper.low
    assert population.BANDS[-1].high is None
    with pytest.raises(ValueError):
        population.band(-1)


def test_inhabitants_in_french():
    assert population.inhabitants(755) == "755 habitants"
    assert population.inhabitants(1) == "1 habitant"
    assert population.inhabitants(10_845) == "10\u202f845 habitants"
