"""The catalogue: validated documents turned into the model, with the indexes every
page needs (by theme, by territory, bouquets of an experience, related experiences)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import geography
from .load import CheckResult, Document
from .model import Bouquet, Experience, Image, Link, StaticPage, Territory, Theme

RELATED_MIN, RELATED_MAX = 3, 5


@dataclass
class Catalogue:
    experiences: tuple[Experience, ...]  # published only, newest first
    bouquets: tuple[Bouquet, ...]  # published only, newest first
    themes: tuple[Theme, ...]  # vocabulary order
    pages: tuple[StaticPage, ...]
    drafts: tuple[str, ...]  # src_uris of drafts, kept out of everything published
    by_slug: dict[str, Experience] = field(default_factory=dict)
    by_theme: dict[str, tuple[Experience, ...]] = field(default_factory=dict)
    by_region: dict[str, tuple[Experience, ...]] = field(default_factory=dict)
    by_departement: dict[str, tuple[Experience, ...]] = field(default_factory=dict)
    bouquets_of: dict[str, tuple[Bouquet, ...]] = field(default_factory=dict)

    def __post_init__(self):
        self.by_slug = {e.slug: e for e in self.experiences}
        themes, regions, departements, bouquets_of = (defaultdict(list) for _ in range(4))
        for experience in self.experiences:
            for theme in experience.themes:
                themes[theme.slug].append(experience)
            if experience.territory.region:
                regions[experience.territory.region.code].append(experience)
            if experience.territory.departement:
                departements[experience.territory.departement.code].append(experience)
        for bouquet in self.bouquets:
            for slug in bouquet.experience_slugs:
                bouquets_of[slug].append(bouquet)
        self.by_theme = {k: tuple(v) for k, v in themes.items()}
        self.by_region = {k: tuple(v) for k, v in regions.items()}
        self.by_departement = {k: tuple(v) for k, v in departements.items()}
        self.bouquets_of = {k: tuple(v) for k, v in bouquets_of.items()}

    def experiences_of(self, bouquet: Bouquet) -> tuple[Experience, ...]:
        return tuple(sorted((self.by_slug[s] for s in bouquet.experience_slugs), key=lambda e: e.sort_key))

    def related(self, experience: Experience) -> tuple[Experience, ...]:
        """Ranked by shared themes, then same département, then same région, then
        newest and slug: deterministic. Only candidates sharing something qualify,
        topped up to RELATED_MIN with the newest when too few do."""
        own = {t.slug for t in experience.themes}
        place = experience.territory
        candidates = set()
        for slug in own:
            candidates.update(self.by_theme.get(slug, ()))
        if place.region:
            candidates.update(self.by_region.get(place.region.code, ()))
        candidates.discard(experience)

        def score(other: Experience) -> tuple:
            shared = len(own & {t.slug for t in other.themes})
            same_departement = bool(place.departement and other.territory.departement == place.departement)
            same_region = bool(place.region and other.territory.region == place.region)
            return (-shared, not same_departement, not same_region) + other.sort_key

        ranked = sorted(candidates, key=score)[:RELATED_MAX]
        if len(ranked) < RELATED_MIN:
            extra = [e for e in self.experiences if e is not experience and e not in ranked]
            ranked += extra[: RELATED_MIN - len(ranked)]
        return tuple(ranked)


def build_catalogue(result: CheckResult) -> Catalogue:
    """Only called on content without problems: every value is known to be valid."""
    vocabulary = result.vocabulary
    experiences, bouquets, pages, drafts = [], [], [], []
    for document in result.documents:
        values = document.front.values
        if values.get("draft"):
            drafts.append(document.source_path)
            continue
        if document.kind == "experience":
            experiences.append(_experience(document, vocabulary))
        elif document.kind == "bouquet":
            bouquets.append(_bouquet(document))
        else:
            pages.append(StaticPage(document.source_path, document.path, values["title"], values.get("description", ""), document.source.body))
    return Catalogue(
        experiences=tuple(sorted(experiences, key=lambda e: e.sort_key)),
        bouquets=tuple(sorted(bouquets, key=lambda b: b.sort_key)),
        themes=vocabulary.themes,
        pages=tuple(sorted(pages, key=lambda p: p.src_uri)),
        drafts=tuple(sorted(drafts)),
    )


def _image(values: dict) -> Image | None:
    image = values.get("image")
    return Image(image["file"], image["alt"], image.get("credit", "")) if image else None


def territory_of(values: dict) -> Territory:
    departement = geography.departement(values["departement"]) if "departement" in values else None
    region = departement.region if departement else (geography.region_named(values["region"]) if "region" in values else None)
    return Territory(values.get("commune", ""), departement, region)


def _experience(document: Document, vocabulary) -> Experience:
    values = document.front.values
    return Experience(
        slug=document.slug,
        path=document.path,
        title=values["title"],
        date=values["date"],
        updated=values.get("updated"),
        description=values["description"],
        themes=tuple(vocabulary.get(tag) for tag in values["tags"]),
        territory=territory_of(values),
        body=document.source.body,
        leads=tuple(values.get("leads", ())),
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
    )
