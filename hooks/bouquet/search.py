"""The Pagefind search index, fed page by page while MkDocs renders.

Records are built from the model (title, teaser, place, date as metadata; thème,
région, département, année, bouquet and type as filters; the date as sort key) and
the page's cleaned HTML as text. Pagefind's indexer is a separate process; a
background thread feeds it in strict submission order, so indexing overlaps the
rendering of the next pages and the index is the same from build to build.
"""
from __future__ import annotations

import asyncio
import base64
import html
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from . import pagefind_stable
from .dates import long_date
from .model import Bouquet, Experience

LANGUAGE = "fr"
BATCH = 64
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


def _service_class():
    """Pagefind's service, reading answers as they come.

    pagefind 1.5's PagefindService sleeps 0.1 s before reading each answer, which
    caps indexing at ten records a second (500 s for 5,000 experiences). This
    subclass keeps its protocol (base64 JSON messages ended by a comma) and only
    drops the sleep; tests/test_search.py checks the protocol still round-trips.
    """
    from pagefind.service import PagefindService

    class PromptPagefindService(PagefindService):
        async def _wait_for_responses(self) -> None:
            while True:
                output = await self._backend.stdout.readuntil(b",")
                response = json.loads(base64.b64decode(output[:-1]))
                if response is None:
                    continue
                future = self._responses.get(response.get("message_id"))
                if future is None or future.done():
                    continue
                payload = response["payload"]
                if payload["type"] == "Error":
                    future.set_exception(RuntimeError(payload.get("message"), payload.get("original_message")))
                else:
                    future.set_result(payload)

    return PromptPagefindService


class SearchIndexer:
    """Owns one Pagefind service for one build. add() never blocks on indexing.

    Records are sent in submission order without waiting for each answer, so the
    indexer process works while Python renders the next pages; write() waits for
    all answers.
    """

    def __init__(self):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._pending: list[asyncio.Future] = []
        self._batch: list[SearchRecord] = []
        self._service = None
        self._index = self._run(self._start()).result()
        self.count = 0

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _start(self):
        self._service = await _service_class()().launch()
        return await self._service.create_index({"force_language": LANGUAGE})

    def _send(self, record: SearchRecord) -> None:
        # Runs on the loop's thread: the task writes its request before its first
        # await, and tasks start in creation order, so requests keep their order.
        self._pending.append(self._loop.create_task(self._index.add_custom_record(
            url=record.url, content=record.content, language=LANGUAGE,
            meta=record.meta, filters=record.filters, sort=record.sort)))

    async def _drain(self):
        await asyncio.sleep(0)  # lets the last batch's _send_all run first
        await asyncio.gather(*self._pending)

    def add(self, record: SearchRecord) -> None:
        # Handed over in batches: waking the loop's thread for every record makes
        # the two threads fight over the GIL.
        self.count += 1
        self._batch.append(record)
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if batch:
            self._loop.call_soon_threadsafe(self._send_all, batch)

    def _send_all(self, batch: list[SearchRecord]) -> None:
        for record in batch:
            self._send(record)

    def write(self, output_dir: Path) -> None:
        """Waits for every record, writes the bundle to output_dir, stops the service."""
        try:
            self._flush()
            self._run(self._drain()).result()
            self._run(self._index.write_files(output_path=str(Path(output_dir).resolve()))).result()
        finally:
            self.close()
        pagefind_stable.stabilise(Path(output_dir))

    def close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            if self._service is not None:
                self._run(self._service.close()).result(timeout=30)
        except Exception:  # noqa: BLE001 - the service may already be gone
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()
