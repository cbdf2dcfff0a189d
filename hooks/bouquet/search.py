"""The Pagefind search index, fed page by page while MkDocs renders.

Records are built from the model (title, teaser, place, date as metadata; thème,
région, département, année, bouquet and type as filters; the date as sort key) and
the page's cleaned HTML as text. Pagefind's indexer is a separate process; a
background thread feeds it in strict submission order, so indexing overlaps the
rendering of the next pages and the index is the same from build to build.
"""
from __future__ import annotations

import asyncio
import html
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .dates import long_date
from .model import Bouquet, Experience

LANGUAGE = "fr"
TYPE_EXPERIENCE, TYPE_BOUQUET = "Expérience", "Bouquet"
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchRecord:
    url: str  # root-relative, e.g. /experiences/slug/; the UI prefixes the site's base
    content: str
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def html_text(markup: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def experience_record(experience: Experience, body_html: str, bouquets: tuple[Bouquet, ...]) -> SearchRecord:
    place = experience.territory
    parts = [experience.title, experience.description, place.commune, place.departement.name if place.departement else "",
             place.region.name if place.region else "", " ".join(t.name for t in experience.themes),
             " ".join(experience.leads), " ".join(experience.partners), " ".join(experience.impacts),
             experience.quote.get("text", ""), html_text(body_html)]
    filters = {"type": [TYPE_EXPERIENCE], "thème": [t.name for t in experience.themes], "année": [str(experience.date.year)]}
    if place.region:
        filters["région"] = [place.region.name]
    if place.departement:
        filters["département"] = [f"{place.departement.name} ({place.departement.code})"]
    if bouquets:
        filters["bouquet"] = [b.title for b in bouquets]
    meta = {"title": experience.title, "teaser": experience.description, "date": long_date(experience.date),
            "type": TYPE_EXPERIENCE}
    if place.label:
        meta["place"] = place.label
    if experience.image:
        meta["image"] = "/" + experience.image.file
        meta["image_alt"] = experience.image.alt
    return SearchRecord(f"/{experience.url}", " ".join(p for p in parts if p), meta, filters, {"date": experience.date.isoformat()})


def bouquet_record(bouquet: Bouquet, body_html: str) -> SearchRecord:
    return SearchRecord(
        f"/{bouquet.url}",
        " ".join((bouquet.title, bouquet.description, html_text(body_html))),
        {"title": bouquet.title, "teaser": bouquet.description, "date": long_date(bouquet.date), "type": TYPE_BOUQUET},
        {"type": [TYPE_BOUQUET], "année": [str(bouquet.date.year)], "bouquet": [bouquet.title]},
        {"date": bouquet.date.isoformat()},
    )


class SearchIndexer:
    """Owns one Pagefind service for one build. add() never blocks on indexing."""

    def __init__(self):
        from pagefind.index import PagefindIndex  # starts a subprocess: only when used

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._queue: asyncio.Queue | None = None
        self._index = PagefindIndex(config={"force_language": LANGUAGE})
        self._run(self._start()).result()
        self._consumer = self._run(self._consume())
        self.count = 0

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _start(self):
        self._queue = asyncio.Queue()
        await self._index.__aenter__()

    async def _consume(self):
        while (record := await self._queue.get()) is not None:
            await self._index.add_custom_record(url=record.url, content=record.content, language=LANGUAGE,
                                                meta=record.meta, filters=record.filters, sort=record.sort)

    def add(self, record: SearchRecord) -> None:
        self.count += 1
        self._loop.call_soon_threadsafe(self._queue.put_nowait, record)

    def write(self, output_dir: Path) -> None:
        """Waits for every record, writes the bundle to output_dir, stops the service."""
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, None)
            self._consumer.result()
            self._run(self._index.write_files(output_path=str(Path(output_dir).resolve()))).result()
        finally:
            self.close()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            self._run(self._index.__aexit__(RuntimeError, None, None)).result(timeout=30)
        except Exception:  # noqa: BLE001 - the service may already be gone
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()
