"""Dates as French readers read them, formatted by Babel."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date

# Parsed once: Babel would parse the locale name again on every call.
LOCALE = Locale.parse("fr_FR")


@lru_cache(maxsize=8192)  # a catalogue has a few thousand distinct dates at most
def long_date(value: dt.date) -> str:
    """2015-05-19 → "19 mai 2015"; the first of the month reads "1er"."""
    text = format_date(value, format="d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if value.day == 1 else text


@lru_cache(maxsize=8192)
def short_date(value: dt.date) -> str:
    return format_date(value, format="dd/MM/y", locale=LOCALE)
