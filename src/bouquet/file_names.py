"""The file name of a new experience or bouquet: its title as the web editor slugs it.

Editors create files by two paths, the web editor (Decap CMS) and `make new` /
`make import`; both must give the same name, or one experience could be saved twice
under two addresses. Decap's slug is not ours to choose: its settings (`SETTINGS`,
written into the editor's config.yml by cms.py) leave the ASCII apostrophe out of reach,
since `prepareSlug` drops it before any setting applies (« d'Agen » → `dagen`). So the
scripts take Decap's rule, ported here from decap-cms-core 3.x (`prepareSlug` in
lib/formatters.ts, `sanitizeSlug` in lib/urlHelper.ts, with the `diacritics` and
`sanitize-filename` packages); tests/test_file_names.py runs the pinned Decap code on
titles and on every character of the Latin blocks, punctuation, currency signs,
ligatures and full-width forms, and finds the same names. Beyond those, Decap's table
also turns a few look-alike letters of other scripts into Latin ones (Cyrillic л → n),
which this port leaves as hyphens.
"""
from __future__ import annotations

import re
import unicodedata

#: Decap's `slug` settings: ASCII only, accents removed, every other character a hyphen.
SETTINGS = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
_REPLACEMENT = "-"

# What `diacritics.remove` spells out that Unicode does not decompose into a letter and
# its marks (the rest of its table is the canonical decomposition, `_without_accent`),
# for the lowercase letters prepareSlug leaves; its quirks kept (ſ → l, ɛ → E).
_LETTERS = str.maketrans({char: base for base, chars in {
    "a": "ⱥẚ", "ae": "æǽǣ", "b": "ƀɓƃ", "c": "ƈȼ", "d": "đɗɖƌ", "dh": "ð", "dz": "ǆǳ", "e": "ǝɇ", "E": "ɛ",
    "f": "ƒ", "ff": "ﬀ", "ffi": "ﬃ", "ffl": "ﬄ", "fi": "ﬁ", "fl": "ﬂ", "g": "ɠǥ", "h": "ħ", "hv": "ƕ",
    "i": "ıɨ", "j": "ɉ", "J": "ȷ", "k": "ƙ", "l": "ŀłſƚ", "lj": "ǉ", "m": "ɯ", "n": "ŉɲƞ", "nj": "ǌ",
    "o": "øǿɔɵ", "oe": "œ", "oi": "ƣ", "ou": "ȣ", "p": "ƥ", "q": "ɋ", "r": "ɍ", "s": "ȿẛ", "ss": "ß",
    "t": "ŧƭʈⱦ", "th": "þ", "u": "ʉ", "v": "ʋʌ", "y": "ƴɏỿ", "z": "ƶȥɀ",
}.items() for char in chars})
_WIDE_OR_CIRCLED = re.compile(r"[\uff41-\uff5a\u24d0-\u24e9]")
# sanitizeURI with encoding "ascii": letters, digits, `_ - . ~` (the dots are gone already).
_NOT_URI = re.compile(r"[^A-Za-z0-9_.~-]")
_WINDOWS_RESERVED = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?", re.IGNORECASE)
_RUNS = re.compile(f"{re.escape(_REPLACEMENT)}+")
_MAX_BYTES = 255  # sanitize-filename's limit


def slug_from_title(title: str) -> str:
    """The slug Decap gives a new entry of this title (`slug: "{{slug}}"`); may be empty.

    >>> slug_from_title("Un café-réparation dans un quartier d'Agen")
    'un-cafe-reparation-dans-un-quartier-dagen'
    >>> slug_from_title("L’œuvre collective n°2")
    'l-oeuvre-collective-n-2'
    """
    # prepareSlug: trimmed, lowercase, ' dropped, . as a hyphen.
    text = title.strip().lower().replace("'", "").replace(".", "-")
    # diacritics.remove (clean_accents), then sanitizeURI.
    text = _NOT_URI.sub(_REPLACEMENT, "".join(_without_accent(c) for c in text))
    # sanitize-filename: Windows' reserved names, 255 bytes (all ASCII by now).
    if _WINDOWS_RESERVED.fullmatch(text):
        text = _REPLACEMENT
    text = text[:_MAX_BYTES]
    # Runs of hyphens as one, none at either end.
    return _RUNS.sub(_REPLACEMENT, text).removeprefix(_REPLACEMENT).removesuffix(_REPLACEMENT)


def _without_accent(char: str) -> str:
    if char.isascii():
        return char
    spelled = char.translate(_LETTERS)
    if spelled != char:
        return spelled
    if _WIDE_OR_CIRCLED.fullmatch(char):  # ａ, ⓐ: their letter, as in Decap's table
        return unicodedata.normalize("NFKC", char)
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if base.isascii() and base.isalpha() and marks and all(unicodedata.combining(m) for m in marks):
        return base
    return char
