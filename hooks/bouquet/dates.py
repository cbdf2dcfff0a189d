"""Dates as French readers read them, formatted by Babel."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date

LOCALE = "fr_FR"


def long_date(value: dt.date) -> str:
    """2015-05-19 → "19 mai 2015"; the first of the month reads "1er"."""
    text = format_date(value, format="d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if value.day == 1 else text


def short_date(value: dt.date) -> str:
    return format_date(value, format="dd/MM/y", locale=LOCALE)
