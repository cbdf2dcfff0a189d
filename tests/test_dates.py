import datetime as dt

from bouquet.dates import long_date


def test_french_long_dates():
    assert long_date(dt.date(2015, 5, 19)) == "19 mai 2015"
    assert long_date(dt.date(2018, 9, 25)) == "25 septembre 2018"
    assert long_date(dt.date(2014, 12, 1)) == "1er décembre 2014"
