"""« Expériences proches »: why two experiences are related, and the plain ranking.

An experience is related to another when they share a theme, a territory (the same
département, else the same région) or words of their titles and descriptions. They
rank by shared themes, then same département, then same région, then shared words,
then newest and slug (issue 15). Nothing else qualifies: a sheet with nothing in
common is never shown to fill a slot.

Shared words are the rare ones only: a word in more than a twentieth of the catalogue
(« commune », « association », « les ») says nothing about two sheets. Each
experience keeps its WORDS_PER_DOC rarest words, so finding the sheets that share
words with one costs a few short posting lists, even at 10,000 experiences.

``Catalogue.related`` (catalogue.py) is the fast version, exact against ``rank``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from collections.abc import Callable, Iterable

from .model import Experience

RELATED_MAX = 5
WORD_MIN_LENGTH = 4
WORDS_PER_DOC = 12
DF_FLOOR, DF_SHARE, DF_CAP = 3, 0.05, 30  # a word counts if it is in at most this many sheets

# Runs of letters too short to count are left out by the pattern itself.
_WORD = re.compile(rf"[^\W\d_]{{{WORD_MIN_LENGTH},}}")


def words(text: str) -> set[str]:
    """Lowercase words without accents, of WORD_MIN_LENGTH letters or more, with a
    plural « s » or « x » dropped: « Coopératives » and « coopérative » match."""
    plain = _without_marks(unicodedata.normalize("NFKD", text.casefold()))
    return {word[:-1] if len(word) > WORD_MIN_LENGTH and word[-1] in "sx" else word for word in set(_WORD.findall(plain))}


def _without_marks(text: str) -> str:
    """text without its combining marks (accents once NFKD has split them off): the
    distinct characters are few, so the marks are found among them and removed in one
    str.translate. A character-by-character join took a fifth of the preview's quick
    pass at 5,000 experiences (WordIndex reads every title and description)."""
    marks = [ord(c) for c in set(text) if unicodedata.combining(c)]
    return text.translate(dict.fromkeys(marks)) if marks else text


def experience_words(experience: Experience) -> set[str]:
    """The words an experience is related by: those of its title and description."""
    return words(f"{experience.title} {experience.description}")


class WordIndex:
    """The rare words of each experience and, for each word, the experiences that have it."""

    def __init__(self, experiences: Iterable[Experience], words_of: Callable[[Experience], set[str]] | None = None) -> None:
        experiences = tuple(experiences)
        words_of = words_of or experience_words
        own = {e: words_of(e) for e in experiences}
        df = Counter(w for ws in own.values() for w in ws)
        limit = min(DF_CAP, max(DF_FLOOR, int(len(experiences) * DF_SHARE)))
        self.words: dict[Experience, tuple[str, ...]] = {}
        postings: dict[str, list[Experience]] = defaultdict(list)
        for e in experiences:
            rare = sorted((w for w in own[e] if 2 <= df[w] <= limit), key=lambda w: (df[w], w))[:WORDS_PER_DOC]
            self.words[e] = tuple(rare)
            for w in rare:
                postings[w].append(e)
        self.postings = dict(postings)

    def shared(self, experience: Experience) -> dict[Experience, int]:
        """The other experiences sharing rare words with this one, and how many."""
        counts: Counter[Experience] = Counter()
        for w in self.words.get(experience, ()):
            counts.update(self.postings[w])
        counts.pop(experience, None)
        return dict(counts)


@dataclass(frozen=True)
class Related:
    """One related experience and what it has in common with the page's."""

    experience: Experience
    themes: int
    departement: bool
    region: bool
    words: int

    @property
    def reason(self) -> str:
        """« Même thème · même département », « 2 thèmes en commun · même région »…"""
        parts = []
        if self.themes == 1:
            parts.append("même thème")
        elif self.themes > 1:
            parts.append(f"{self.themes} thèmes en commun")
        if self.departement:
            parts.append("même département")
        elif self.region:
            parts.append("même région")
        if self.words:
            parts.append("sujet voisin")
        text = " · ".join(parts)
        return text[:1].upper() + text[1:]


def relation(experience: Experience, other: Experience, shared_words: int) -> Related:
    own = {t.slug for t in experience.themes}
    place, there = experience.territory, other.territory
    return Related(
        other,
        len(own & {t.slug for t in other.themes}),
        bool(place.departement and there.departement == place.departement),
        bool(place.region and there.region == place.region),
        shared_words,
    )


def qualifies(related: Related) -> bool:
    return bool(related.themes or related.departement or related.region or related.words)


def score(related: Related) -> tuple:
    return (-related.themes, not related.departement, not related.region, -related.words) + related.experience.sort_key


def rank(experiences: Iterable[Experience], experience: Experience, index: WordIndex | None = None) -> tuple[Related, ...]:
    """The ranking by definition, scoring every candidate: the reference for tests."""
    experiences = tuple(experiences)
    index = index or WordIndex(experiences)
    shared = index.shared(experience)
    candidates = (relation(experience, e, shared.get(e, 0)) for e in experiences if e is not experience)
    return tuple(sorted((r for r in candidates if qualifies(r)), key=score)[:RELATED_MAX])
