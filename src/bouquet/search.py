"""The Pagefind search index, fed page by page while MkDocs renders.

Records are built from the model (title, teaser, place, date put online as
metadata; thème, région, département, année, bouquet and type as filters; the date
put online as sort key) and the page's cleaned HTML as text. « année » is the year
the source published the experience (« Non datée » without one), one meaning for
every experience; bouquets have no such year and stay out of that filter. Pagefind's indexer is a separate process; a
background thread feeds it in strict submission order, so indexing overlaps the
rendering of the next pages and the index is the same from build to build.

Each record goes to Pagefind as a small HTML document (`add_html_file`), not as a
custom record: only HTML carries weights (`data-pagefind-weight`), and the sheet's
place must weigh more than a word of its body. A query that is a département code,
a département, région or commune name then puts that territory's sheets first
(« 35 » brings the Ille-et-Vilaine sheets, not a sheet whose text says « 35
organisations »). Weights are quadratic in Pagefind's ranking: 10 is about a
hundred words of body text.

The bundle is taken from Pagefind in memory (`get_files`) and written here, never
with Pagefind's own `write_files`: in service mode Pagefind acknowledges WriteFiles
while its writes may still sit in tokio's buffers, and exits at once when its input
closes, so a prompt close left empty or truncated files now and then (Pagefind
issue #1271; an empty pagefind-entry.json about one build in seventy here).
"""
from __future__ import annotations

import asyncio
import base64
import html
import json
import re
import multiprocessing
import queue
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import pagefind_stable
from .dates import long_date
from .french import capitalised
from .model import Bouquet, Experience

LANGUAGE = "fr"
BATCH = 64
CLOSE_TIMEOUT_S = 120
TYPE_EXPERIENCE, TYPE_BOUQUET = "Expérience", "Bouquet"
# Pagefind filter names, the one definition (the search page lists them from
# FILTERS, in this order, the order it shows them in).
THEME, REGION, DEPARTEMENT, YEAR, BOUQUET, TYPE = "thème", "région", "département", "année", "bouquet", "type"
EPCI, SIZE, AUDIENCE, SOURCE = "intercommunalité", "taille de la commune", "public", "source"
LEAD_KIND = "structure porteuse"  # the kinds of the leads (schema.LEAD_KINDS) a sheet gives
FILTERS = (THEME, REGION, DEPARTEMENT, EPCI, SIZE, AUDIENCE, LEAD_KIND, SOURCE, YEAR, BOUQUET, TYPE)
# What a facet's legend says when its name alone would leave the meaning open: the
# year is the source's (Experience.source_year), not the day the sheet was put online;
# the size is the commune's groupe démographique (population.py).
FILTER_LABELS = {YEAR: "Année de publication par la source", SIZE: "Taille de la commune (population municipale)",
                 AUDIENCE: "Public visé", SOURCE: "Source (qui a recueilli l'expérience)",
                 LEAD_KIND: "Structure porteuse (type)"}
# Facets whose values are ordered by the first number they contain (search.js), not
# alphabetically: « De 500 à 999 habitants » before « De 1 000 à 1 999 habitants ».
FILTER_ORDERS = {SIZE: "nombre"}
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")

# Pagefind's weights (0 to 10, quadratic): the place first, then what names the
# sheet; the body and the lists of actors count as plain text (1).
WEIGHT_PLACE = 10.0
WEIGHT_TITLE = 7.0
WEIGHT_TEASER = 2.0
WEIGHT_THEMES = 2.0
META_PLACE = "lieu"  # every word naming the place; search.js gives it its weight


@dataclass(frozen=True)
class SearchRecord:
    url: str  # root-relative, e.g. /experiences/slug/; the UI prefixes the site's base
    content: str
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    # (weight, text) indexed before `content`, which has the plain weight 1.
    weighted: tuple[tuple[float, str], ...] = ()

    def html(self) -> str:
        """The record as the HTML document Pagefind indexes: metadata, filters and
        sort keys in <head> (not indexed as words), weighted parts then the text in
        <body>. Deterministic: attributes in a fixed order, filters as given."""
        def attr(value: str) -> str:
            return html.escape(value, quote=True)

        head = [f'<meta data-pagefind-meta="{attr(key)}[content]" content="{attr(value)}">' for key, value in self.meta.items()]
        head += [f'<meta data-pagefind-filter="{attr(name)}[content]" content="{attr(value)}">'
                 for name, values in self.filters.items() for value in values]
        head += [f'<meta data-pagefind-sort="{attr(key)}[content]" content="{attr(value)}">' for key, value in self.sort.items()]
        # Each part ends as a sentence, so that an excerpt running across parts reads.
        body = [f'<p data-pagefind-weight="{weight:g}">{html.escape(sentence(text), quote=False)}</p>' for weight, text in self.weighted if text]
        if self.content:
            body.append(f"<p>{html.escape(self.content, quote=False)}</p>")
        return (f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{html.escape(self.meta.get("title", ""))}</title>'
                + "".join(head) + "</head><body>" + "".join(body) + "</body></html>")


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def place_words(place) -> str:
    """What names a sheet's place, for the search index: commune, département name
    and code, région (« Agen. Lot-et-Garonne (47). Nouvelle-Aquitaine »)."""
    parts = [place.commune.name if place.commune else ""]
    if place.departement:
        parts.append(f"{place.departement.name} ({place.departement.code})")
    if place.region:
        parts.append(place.region.name)
    return ". ".join(p for p in parts if p)


def html_text(markup: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def experience_record(experience: Experience, body_html: str, bouquets: tuple[Bouquet, ...]) -> SearchRecord:
    place = experience.territory
    # The intercommunalité weighs like the teaser: a query naming it finds its sheets
    # before a body that mentions it, after the commune, département and région.
    weighted = ((WEIGHT_PLACE, place_words(place)), (WEIGHT_TITLE, experience.title), (WEIGHT_TEASER, experience.description),
                (WEIGHT_TEASER, place.epci.name if place.epci else ""), (WEIGHT_THEMES, ". ".join(t.name for t in experience.themes)))
    parts = [" ".join(lead.name for lead in experience.leads), " ".join(experience.partners), " ".join(experience.impacts),
             experience.quote.get("text", ""), html_text(body_html)]
    filters = {TYPE: [TYPE_EXPERIENCE], THEME: [t.name for t in experience.themes], YEAR: [experience.source_year]}
    if place.region:
        filters[REGION] = [place.region.name]
    if place.departement:
        filters[DEPARTEMENT] = [f"{place.departement.name} ({place.departement.code})"]
    if place.epci:
        filters[EPCI] = [place.epci.title]
    if place.population_band:
        filters[SIZE] = [place.population_band.label]
    if experience.audiences:
        filters[AUDIENCE] = [a.name for a in experience.audiences]
    if experience.lead_kinds:
        filters[LEAD_KIND] = [capitalised(kind) for kind in experience.lead_kinds]
    if experience.source.get("name"):
        filters[SOURCE] = [experience.source["name"]]
    if bouquets:
        filters[BOUQUET] = [b.title for b in bouquets]
    meta = {"title": experience.title, "teaser": experience.description, "date": f"Mise en ligne le {long_date(experience.date)}",
            "type": TYPE_EXPERIENCE}
    if place.label:
        meta["place"] = place.label
        # Searched by Pagefind as metadata, weighted by the UI (META_WEIGHTS in
        # search.js): a place named in the query outweighs any count of body words.
        meta[META_PLACE] = place_words(place)
    if experience.image:
        meta["image"] = "/" + experience.image.file
        meta["image_alt"] = experience.image.alt
    # Parts end with a full stop so that an excerpt falling on the place or the
    # themes reads as a list, not as a run of names.
    return SearchRecord(f"/{experience.url}", ". ".join(p.rstrip(". ") for p in parts if p), meta, filters, {"date": experience.date.isoformat()},
                        tuple((weight, text) for weight, text in weighted if text))


def bouquet_record(bouquet: Bouquet, body_html: str) -> SearchRecord:
    return SearchRecord(
        f"/{bouquet.url}",
        html_text(body_html),
        {"title": bouquet.title, "teaser": bouquet.description, "date": f"Actualisé le {long_date(bouquet.date)}", "type": TYPE_BOUQUET},
        {TYPE: [TYPE_BOUQUET], BOUQUET: [bouquet.title]},
        {"date": bouquet.date.isoformat()},
        tuple((weight, text) for weight, text in ((WEIGHT_TITLE, bouquet.title), (WEIGHT_TEASER, bouquet.description)) if text),
    )


def _service_class():
    """Pagefind's service, reading answers as they come.

    pagefind 1.5's PagefindService sleeps 0.1 s before reading each answer, which
    caps indexing at ten records a second (500 s for 5,000 experiences), and its
    close() kills the indexer while it may still be writing. This subclass keeps
    the protocol (base64 JSON messages ended by a comma), drops the sleep and
    closes gracefully; the build tests index and read back a real bundle.
    """
    from pagefind.service import PagefindService

    class PromptPagefindService(PagefindService):
        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None  # the service starts Pagefind with stdout=PIPE
            while True:
                output = await read_message(stdout)
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

        async def close(self) -> None:
            # The stock close() sends SIGTERM at once, which can cut off files
            # Pagefind is still writing; closing its input lets it finish and exit.
            await asyncio.gather(*self._responses.values(), return_exceptions=True)
            self._poll_task.cancel()
            if self._backend.stdin is not None:
                self._backend.stdin.close()
            try:
                await asyncio.wait_for(self._backend.wait(), timeout=CLOSE_TIMEOUT_S)
            except TimeoutError:
                self._backend.terminate()
                await self._backend.wait()

    return PromptPagefindService


async def read_message(stream: asyncio.StreamReader) -> bytes:
    """One message of Pagefind's protocol, up to and including its comma, however
    long: the whole bundle comes back as one message, beyond the stream's limit."""
    chunks = []
    while True:
        try:
            chunks.append(await stream.readuntil(b","))
            return b"".join(chunks)
        except asyncio.LimitOverrunError as error:
            chunks.append(await stream.readexactly(error.consumed))


def write_bundle(files: dict[str, bytes], output_dir: Path) -> None:
    """Writes the bundle beside output_dir, then swaps it in: every file is whole
    and closed before the folder takes its name, and no file of an earlier
    bundle stays behind."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-", dir=output_dir.parent)).resolve()
    for relative, content in sorted(files.items()):
        target = (staging / relative).resolve()
        if not target.is_relative_to(staging):
            raise ValueError(f"Pagefind file outside its bundle: {relative!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    os.chmod(staging, 0o755)  # mkdtemp's 0700 would hide the bundle from a web server
    if output_dir.exists():
        retired = output_dir.with_name(f".{output_dir.name}-retired-{os.getpid()}")
        output_dir.rename(retired)
        staging.rename(output_dir)
        shutil.rmtree(retired)
    else:
        staging.rename(output_dir)


class SearchIndexer:
    """Owns one Pagefind indexer for one build, in a child process.

    Pagefind's Python client encodes every record (JSON, base64) in Python; in a
    thread of the build it would compete for the GIL with rendering and fall behind.
    In its own process it indexes on the second core while the build renders the
    next pages. Records keep their order through the queue, so the index is the
    same from build to build. add() never blocks on indexing.
    """

    def __init__(self):
        context = multiprocessing.get_context("spawn")
        self._queue = context.Queue()
        self._result = context.Queue()
        self._process = context.Process(target=_index_in_child, args=(self._queue, self._result), name="pagefind", daemon=True)
        # The child imports this module by name: the package is installed (pip
        # install -e .), so the spawned interpreter finds it as every script does.
        self._process.start()
        self._batch: list[SearchRecord] = []

    def add(self, record: SearchRecord) -> None:
        self._batch.append(record)
        if len(self._batch) >= BATCH:  # fewer, larger messages: less pickling overhead
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._queue.put(self._batch)
            self._batch = []

    def write(self, output_dir: Path) -> None:
        """Waits for every record, writes the bundle to output_dir, stops the indexer."""
        output_dir = Path(output_dir).resolve()
        self._flush()
        self._queue.put(str(output_dir))
        outcome = self._outcome()
        self._process.join(timeout=60)
        if outcome != "ok":
            raise RuntimeError(f"Pagefind n'a pas pu écrire l'index de recherche : {outcome}")

    def _outcome(self) -> str:
        """The child's report; never waits on a child that has died without one."""
        while True:
            try:
                return self._result.get(timeout=1)
            except queue.Empty:
                if not self._process.is_alive():
                    return f"le processus d'indexation s'est arrêté (code {self._process.exitcode})"

    def close(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=10)


def _index_in_child(queue, result) -> None:
    """The child process: feeds Pagefind in submission order, then writes the bundle."""
    try:
        asyncio.run(_feed(queue))
        result.put("ok")
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which fails the build
        result.put(f"{type(error).__name__}: {error}")


async def _feed(queue) -> None:
    loop = asyncio.get_running_loop()
    service = await _service_class()().launch()
    try:
        index = await service.create_index({"force_language": LANGUAGE})
        pending = []
        while not isinstance(message := await loop.run_in_executor(None, queue.get), str):
            for record in message:
                # Each task writes its request before its first await and tasks
                # start in creation order: requests reach Pagefind in order.
                pending.append(loop.create_task(index.add_html_file(url=record.url, content=record.html())))
            await asyncio.sleep(0)
        await asyncio.gather(*pending)
        bundle = {file["path"]: file["content"] for file in await index.get_files()}
        write_bundle(pagefind_stable.stabilise(bundle), Path(message))
    finally:
        await service.close()
