"""The catalogue: validated documents turned into the model, with the indexes every
page needs (by theme, by territory, bouquets of an experience, related experiences)."""
from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable
from itertools import combinations, islice
from dataclasses import dataclass, field

from . import geography
from . import related as related_module
from .load import CheckResult, Document
from .rules import images
from .model import Bouquet, Experience, Image, Lead, Letter, Link, StaticPage, Territory, Theme

RELATED_MAX = related_module.RELATED_MAX
SMALL_TIER = 256
NEARBY_MAX = 5  # « Près de chez vous » on a sheet


@dataclass
class Catalogue:
    experiences: tuple[Experience, ...]  # published only, newest first
    bouquets: tuple[Bouquet, ...]  # published only, newest first
    themes: tuple[Theme, ...]  # vocabulary order
    pages: tuple[StaticPage, ...]
    drafts: tuple[str, ...]  # src_uris of drafts, kept out of everything published
    # Image files no published page uses (those of drafts, those of nobody): never
    # published, so a draft's picture does not appear on the site before its text.
    unused_images: tuple[str, ...] = ()
    letters: tuple[Letter, ...] = ()  # published only, newest first
    audiences: tuple[Theme, ...] = ()  # content/publics.yml, vocabulary order
    by_slug: dict[str, Experience] = field(default_factory=dict)
    by_theme: dict[str, tuple[Experience, ...]] = field(default_factory=dict)
    by_region: dict[str, tuple[Experience, ...]] = field(default_factory=dict)
    by_departement: dict[str, tuple[Experience, ...]] = field(default_factory=dict)
    by_epci: dict[str, tuple[Experience, ...]] = field(default_factory=dict)  # by SIREN
    by_source: dict[str, tuple[Experience, ...]] = field(default_factory=dict)  # by source.name (« sourceur »)
    # Essaimage, both ways: the experiences one was inspired by, and those that took it up.
    inspired_by: dict[str, tuple[Experience, ...]] = field(default_factory=dict)
    spread_to: dict[str, tuple[Experience, ...]] = field(default_factory=dict)
    bouquets_of: dict[str, tuple[Bouquet, ...]] = field(default_factory=dict)
    # The words of an experience for « Expériences proches » (related.words of its title
    # and description): a ModelMemo's in the live preview, else worked out here.
    words_of: Callable[[Experience], set[str]] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        self.by_slug = {e.slug: e for e in self.experiences}
        themes, regions, departements, epcis, sources, bouquets_of = (defaultdict(list) for _ in range(6))
        for experience in self.experiences:
            for theme in experience.themes:
                themes[theme.slug].append(experience)
            if experience.territory.region:
                regions[experience.territory.region.code].append(experience)
            if experience.territory.departement:
                departements[experience.territory.departement.code].append(experience)
            if experience.territory.epci:
                epcis[experience.territory.epci.code].append(experience)
            if experience.source.get("name"):
                sources[experience.source["name"]].append(experience)
        for bouquet in self.bouquets:
            for slug in bouquet.experience_slugs:
                bouquets_of[slug].append(bouquet)
        self.by_theme = {k: tuple(v) for k, v in themes.items()}
        self.by_region = {k: tuple(v) for k, v in regions.items()}
        self.by_departement = {k: tuple(v) for k, v in departements.items()}
        self.by_epci = {k: tuple(v) for k, v in epcis.items()}
        self.by_source = {k: tuple(v) for k, v in sources.items()}
        spread = defaultdict(list)
        for experience in self.experiences:  # newest first: each list keeps that order
            origins = tuple(self.by_slug[s] for s in experience.inspired_by if s in self.by_slug)
            if origins:
                self.inspired_by[experience.slug] = origins
            for origin in origins:
                spread[origin.slug].append(experience)
        self.spread_to = {k: tuple(v) for k, v in spread.items()}
        self.bouquets_of = {k: tuple(v) for k, v in bouquets_of.items()}
        self._sets_by_theme = {k: frozenset(v) for k, v in self.by_theme.items()}
        self._sets_by_region = {k: frozenset(v) for k, v in self.by_region.items()}
        self._sets_by_departement = {k: frozenset(v) for k, v in self.by_departement.items()}
        self._word_index: related_module.WordIndex | None = None  # built on first use

    def nearby(self, experience: Experience, limit: int = NEARBY_MAX) -> tuple[tuple[Experience, str], ...]:
        """« Près de chez vous »: other experiences of the same intercommunalité, then of
        the same département, each list newest first; with the place they share
        (« même intercommunalité », « même département »)."""
        place = experience.territory
        found: list[tuple[Experience, str]] = []
        seen = {experience}
        groups = []
        if place.epci:
            groups.append((self.by_epci.get(place.epci.code, ()), "même intercommunalité"))
        if place.departement:
            groups.append((self.by_departement.get(place.departement.code, ()), "même département"))
        for members, why in groups:
            for other in members:
                if len(found) == limit:
                    return tuple(found)
                if other not in seen:
                    seen.add(other)
                    found.append((other, why))
        return tuple(found)

    def experiences_of(self, bouquet: Bouquet) -> tuple[Experience, ...]:
        return tuple(sorted((self.by_slug[s] for s in bouquet.experience_slugs), key=lambda e: e.sort_key))

    def related(self, experience: Experience) -> tuple[Experience, ...]:
        return tuple(r.experience for r in self.related_entries(experience))

    def related_entries(self, experience: Experience) -> tuple[related_module.Related, ...]:
        """« Expériences proches », ranked as related.rank() defines it: shared themes,
        then same département, then same région, then shared rare words, then newest
        and slug. Only experiences with something in common qualify.

        Exact, and cheap at 10,000 experiences: the candidates sharing at least t
        themes are set intersections; within a tier the same-département and
        same-région members and those sharing words (small sets) are sorted, the rest
        is read in listing order until enough are found.
        """
        if self._word_index is None:
            self._word_index = related_module.WordIndex(self.experiences, self.words_of)
        own = [t.slug for t in experience.themes]
        own_set = set(own)
        place = experience.territory
        same_departement = self._sets_by_departement.get(place.departement.code, frozenset()) if place.departement else frozenset()
        same_region = self._sets_by_region.get(place.region.code, frozenset()) if place.region else frozenset()
        worded = self._word_index.shared(experience)
        word_set = frozenset(worded)

        def key(e: Experience) -> tuple:
            return (-worded.get(e, 0),) + e.sort_key

        chosen: list[Experience] = []
        seen = {experience}
        for shared in range(len(own), -1, -1):
            need = RELATED_MAX - len(chosen)
            if need <= 0:
                break
            if shared:
                tier = set().union(*(frozenset.intersection(*(self._sets_by_theme[s] for s in subset))
                                     for subset in combinations(own, shared))) - seen
            else:  # no theme in common: a territory or words
                tier = {e for e in (same_departement | same_region | word_set) - seen
                        if not own_set & {t.slug for t in e.themes}}
            if not tier:
                continue
            near = sorted(tier & same_departement, key=key) + sorted((tier & same_region) - same_departement, key=key)
            picked = near[:need]
            rest = tier - same_region - same_departement
            if len(picked) < need:
                picked += sorted(rest & word_set, key=key)[: need - len(picked)]
            if len(picked) < need and shared:
                rest -= word_set
                if len(rest) <= SMALL_TIER:  # sparse tier: sorting it beats scanning the lists
                    picked += sorted(rest, key=_sort_key)[: need - len(picked)]
                else:  # dense tier: the newest members come within the first few items
                    others = (e for e in heapq.merge(*(self.by_theme[s] for s in own), key=_sort_key) if e in rest)
                    picked += list(islice(_unique(others), need - len(picked)))
            chosen += picked
            seen.update(picked)
        return tuple(related_module.relation(experience, e, worded.get(e, 0)) for e in chosen)


def rank_related(catalogue: Catalogue, experience: Experience) -> tuple[Experience, ...]:
    """The ranking by definition (related.rank), scoring every candidate: the reference for tests."""
    return tuple(r.experience for r in related_module.rank(catalogue.experiences, experience))


def _unique(items):
    """Drops repeats lazily: an experience appears once per shared theme list."""
    seen = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def _sort_key(experience: Experience) -> tuple:
    return experience.sort_key


class ModelMemo:
    """The model object of each document and the files it uses, kept between the
    builds of one process. The live preview builds the catalogue again after every
    save: at 5,000 experiences, making every Experience again (territory, themes,
    leads) and reading the words of every title again cost 0.5 s of the editor's
    wait, for the one file that changed.

    The check gives back the same Document object for a file that did not change
    (load.CheckMemo), so a document's model is made again only when its file was read
    again or the vocabularies changed; a document the last build did not have is
    forgotten. The catalogue is the one build_catalogue makes without a memo
    (tests/test_catalogue.py)."""

    def __init__(self):
        self._made: dict[int, tuple[Document, str, object, frozenset[str]]] = {}
        self._words: dict[int, tuple[Experience, set[str]]] = {}

    def made(self, document: Document, vocabularies: str, make: Callable[[Document], object]) -> tuple[object, frozenset[str]]:
        kept = self._made.get(id(document))
        if kept is not None and kept[0] is document and kept[1] == vocabularies:
            return kept[2], kept[3]
        made, used = make(document), frozenset(images.used_files(document))
        self._made[id(document)] = (document, vocabularies, made, used)  # the document kept: its id stays its own
        return made, used

    def keep_only(self, documents: list[Document]) -> None:
        """Forgets the documents of earlier builds, and the words of their experiences."""
        seen = {id(document) for document in documents}
        self._made = {key: kept for key, kept in self._made.items() if key in seen}
        models = {id(kept[2]) for kept in self._made.values()}
        self._words = {key: kept for key, kept in self._words.items() if key in models}

    def words(self, experience: Experience) -> set[str]:
        kept = self._words.get(id(experience))
        if kept is None or kept[0] is not experience:
            kept = self._words[id(experience)] = (experience, related_module.experience_words(experience))
        return kept[1]


def build_catalogue(result: CheckResult, memo: ModelMemo | None = None) -> Catalogue:
    """Only called on content without problems: every value is known to be valid.
    `memo`: the live preview's models, kept between its rebuilds."""
    vocabulary, audiences = result.vocabulary, result.audiences
    vocabularies = repr((vocabulary.themes, audiences.themes)) if memo else ""
    experiences: list[Experience] = []
    bouquets: list[Bouquet] = []
    letters: list[Letter] = []
    pages: list[StaticPage] = []
    drafts: list[str] = []
    used_files: set[str] = set()
    by_kind: dict[str, list] = {"experience": experiences, "bouquet": bouquets, "letter": letters}

    def make(document: Document):
        return _model(document, vocabulary, audiences)

    for document in result.documents:
        if document.front.values.get("draft"):
            drafts.append(document.source_path)
            continue
        model, used = memo.made(document, vocabularies, make) if memo else (make(document), images.used_files(document))
        used_files |= used
        by_kind.get(document.kind, pages).append(model)
    if memo:
        memo.keep_only(result.documents)
    return Catalogue(
        experiences=tuple(sorted(experiences, key=lambda e: e.sort_key)),
        bouquets=tuple(sorted(bouquets, key=lambda b: b.sort_key)),
        themes=vocabulary.themes,
        pages=tuple(sorted(pages, key=lambda p: p.src_uri)),
        drafts=tuple(sorted(drafts)),
        unused_images=tuple(sorted(set(result.images) - used_files)),
        letters=tuple(sorted(letters, key=lambda item: item.sort_key)),
        audiences=result.audiences.themes,
        words_of=memo.words if memo else None,
    )


def _model(document: Document, vocabulary, audiences):
    """The model object of a published document, by its kind."""
    values = document.front.values
    if document.kind == "experience":
        return _experience(document, vocabulary, audiences)
    if document.kind == "bouquet":
        return _bouquet(document)
    if document.kind == "letter":
        return Letter(document.slug, document.path, values["title"], values["date"], document.source.body,
                      values.get("description", ""), values.get("since"))
    return StaticPage(document.source_path, document.path, values["title"], values.get("description", ""), document.source.body)


def _lead(value: str | dict) -> Lead:
    """A lead as the front matter gives it: its name alone, or a mapping with its kind."""
    if isinstance(value, str):
        return Lead(value)
    return Lead(value["name"], value.get("kind", ""))


def _image(values: dict) -> Image | None:
    image = values.get("image")
    return Image(image["file"], image["alt"], image.get("credit", "")) if image else None


def territory_of(values: dict) -> Territory:
    departement = geography.departement(values["departement"]) if "departement" in values else None
    region = departement.region if departement else (geography.region_named(values["region"]) if "region" in values else None)
    # The commune as the official geography names it (« BLANQUEFORT » → Blanquefort);
    # the territory rule has refused, before this, a commune it cannot find.
    commune = geography.official_commune(values["commune"], departement.code) if departement and "commune" in values else None
    if commune is None:
        return Territory(commune, departement, region)
    return Territory(commune, departement, region, geography.epci_of(commune), geography.population_of(commune))


def _experience(document: Document, vocabulary, audiences=None) -> Experience:
    values = document.front.values
    return Experience(
        slug=document.slug,
        path=document.path,
        title=values["title"],
        date=values["date"],
        updated=values.get("updated"),
        description=values["description"],
        themes=tuple(vocabulary.get(tag) for tag in values["tags"]),
        audiences=tuple(audiences.get(name) for name in values.get("audiences", ())) if audiences else (),
        inspired_by=tuple(values.get("inspired_by", ())),
        territory=territory_of(values),
        body=document.source.body,
        leads=tuple(_lead(lead) for lead in values.get("leads", ())),
        partners=tuple(values.get("partners", ())),
        impacts=tuple(values.get("impacts", ())),
        resources=dict(values.get("resources", {})),
        quote=dict(values.get("quote", {})),
        contact=dict(values.get("contact", {})),
        source=dict(values.get("source", {})),
        links=tuple(Link(link["label"], link["url"]) for link in values.get("links", ())),
        image=_image(values),
    )


def _bouquet(document: Document) -> Bouquet:
    values = document.front.values
    return Bouquet(
        slug=document.slug,
        path=document.path,
        title=values["title"],
        date=values["date"],
        description=values["description"],
        experience_slugs=tuple(values["experiences"]),
        body=document.source.body,
        image=_image(values),
        source=dict(values.get("source", {})),
    )
