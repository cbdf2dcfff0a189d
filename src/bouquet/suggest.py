"""« Vouliez-vous dire … » : the site's own vocabulary for the search page.

Written at build time in two files that search.js fetches when it needs them:

- /recherche/pages.json, with the first query: the territory and theme pages,
  each with the keys that name it (folded as `geography.fold` folds: accents,
  case, hyphens and apostrophes ignored; a département also by its code), so
  that « 35 » or « ille et vilaine » offers the page. A commune leads to its
  département's page through the results' own place (their « lieu »), so that
  thousands of communes cost no download (2 KB gzipped at 5,000 sheets);
- /recherche/vocabulaire.json, only when a query finds nothing or little: the
  words of titles, places and themes with how many sheets use them, from which
  the script picks the nearest spelling of a word it does not know
  (« coperative » → « coopérative »).

Small and deterministic: sorted keys, counts, no dates; at most MAX_WORDS words
(the most frequent first), so that a large corpus keeps the file small.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from . import geography, routes
from .catalogue import Catalogue
from .listings import territories

PAGES_FILE = Path(routes.SEARCH_PAGES)
WORDS_FILE = Path(routes.SEARCH_WORDS)
MAX_WORDS = 4000
MIN_LENGTH = 4  # shorter words are too close to too many others to correct
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
STOP_WORDS = frozenset(
    "avec dans des du elle elles entre est et les leur leurs mais nous par pour que qui sans ses son sont sur une vers "
    "aux ces cet cette comme dont ils tout tous toute toutes plus".split())


def words_of(text: str) -> list[str]:
    """The words of a text worth suggesting, lowercased, accents kept (« Coopérative » → « coopérative »)."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        word = re.split(r"['’]", word)[-1]  # « l'emploi » → « emploi »
        if len(word) >= MIN_LENGTH and word not in STOP_WORDS:
            found.append(word)
    return found


def page_keys(catalogue: Catalogue) -> dict:
    """{"pages": [[label, url], …], "keys": {folded name or code: index in pages}}."""
    pages: list[list[str]] = []
    keys: dict[str, int] = {}

    def add_page(label: str, url: str, *names: str) -> None:
        pages.append([label, url])
        for name in names:
            keys.setdefault(geography.fold(name), len(pages) - 1)

    for region, _, departements in territories(catalogue):
        add_page(region.name, routes.region(region), region.name)
        for departement, _, _ in departements:
            add_page(f"{departement.name} ({departement.code})", routes.departement(departement), departement.name, departement.code)
    for theme in catalogue.themes:
        if catalogue.by_theme.get(theme.slug):
            add_page(theme.name, theme.url, theme.name)
    return {"pages": pages, "keys": dict(sorted(keys.items()))}


def words(catalogue: Catalogue) -> dict[str, int]:
    """{word: how many sheets (or bouquets) use it}, the MAX_WORDS most used."""
    counts: Counter[str] = Counter()
    for experience in catalogue.experiences:
        place = experience.territory
        texts = [experience.title, place.commune.name if place.commune else "", *(t.name for t in experience.themes)]
        if place.departement:
            texts.append(place.departement.name)
        if place.region:
            texts.append(place.region.name)
        counts.update(set(word for text in texts if text for word in words_of(text)))
    for bouquet in catalogue.bouquets:
        counts.update(set(words_of(bouquet.title)))
    # The most used first, then alphabetical: the same list at every build.
    kept = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_WORDS]
    return dict(sorted(kept))


def write(catalogue: Catalogue, site_dir: Path) -> tuple[Path, ...]:
    written = []
    for relative, data in ((PAGES_FILE, page_keys(catalogue)), (WORDS_FILE, words(catalogue))):
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        written.append(target)
    return tuple(written)
