"""A file's size as a French reader reads it on a download link: « 850 octets »,
« 12 Ko », « 1,4 Mo » (DSFR's convention: Ko and Mo, 1 Ko = 1,024 octets), digits
grouped and decimals written by Babel's French locale (narrow no-break space, comma)."""
from __future__ import annotations

from babel.numbers import format_decimal

_NBSP = "\u00a0"  # between the number and its unit


def file_size(size: int) -> str:
    if size < 1024:
        return f"{format_decimal(size, locale='fr_FR')}{_NBSP}{'octet' if size <= 1 else 'octets'}"
    for unit, factor in (("Ko", 1024), ("Mo", 1024 ** 2), ("Go", 1024 ** 3)):
        value = size / factor
        if value < 1024 or unit == "Go":
            # One decimal below 10 (« 1,4 Mo »), none above (« 12 Ko »).
            pattern = "0.#" if value < 10 else "#,##0"
            return f"{format_decimal(value, format=pattern, locale='fr_FR')}{_NBSP}{unit}"
    raise AssertionError("unreachable")
