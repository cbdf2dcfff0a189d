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
import collections
import html
import json
import re
import multiprocessing
import queue
import os
import pickle
import shutil
import threading
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import memory, pagefind_stable, routes
from .dates import long_date
from .french import capitalised
from .model import Bouquet, Experience

LANGUAGE = "fr"
BATCH = 64
# Requests sent to a Pagefind process and not yet answered, at most (see _index).
IN_FLIGHT = 4 * BATCH
# How long SearchIndexer.close waits for the next unread record of a stopped child.
DRAIN_WAIT = 0.5
# Records per Pagefind index (see SearchIndexer): Pagefind's indexer peaks at about
# 0.33 MiB a record (487 MiB for a shard of 1,500 at 10,000 experiences), beside the
# MkDocs process at its largest. 1,300 keeps 5,000 experiences and their bouquets in
# 4 shards, as 1,500 did, so a reader's first query there fetches as many files.
SHARD_SIZE = 1300
# Another shard size for one build, to measure what sharding costs a reader
# (scripts/search_budget.py on a site built with one index): never set by a deploy.
SHARD_VARIABLE = "BOUQUET_SEARCH_SHARD_SIZE"
# Pagefind cuts its word index into chunks of about this many word positions
# (20,000 by default, in the variable below, which Pagefind 1.5 reads but does not
# document), and a query downloads the chunk of each of its words, in every shard.
CHUNK_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
CHUNK_SIZE = 0
SHARDS_FILE = routes.SEARCH_SHARDS[len(routes.SEARCH_INDEX):]  # the shards' folders, for search.js
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
    staging = stage(output_dir)
    add_files(staging, files)
    swap_in(staging, output_dir)


def stage(output_dir: Path) -> Path:
    """A new, empty folder beside output_dir, where its next bundle is written."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-", dir=output_dir.parent)).resolve()


def add_files(staging: Path, files: dict[str, bytes]) -> None:
    for relative, content in sorted(files.items()):
        target = (staging / relative).resolve()
        if not target.is_relative_to(staging):
            raise ValueError(f"Pagefind file outside its bundle: {relative!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def swap_in(staging: Path, output_dir: Path) -> None:
    os.chmod(staging, 0o755)  # mkdtemp's 0700 would hide the bundle from a web server
    if output_dir.exists():
        retired = output_dir.with_name(f".{output_dir.name}-retired-{os.getpid()}")
        output_dir.rename(retired)
        staging.rename(output_dir)
        shutil.rmtree(retired)
    else:
        staging.rename(output_dir)


def default_shard_size(environ: Mapping[str, str] = os.environ) -> int:
    """SHARD_SIZE, or the whole number of records given in SHARD_VARIABLE."""
    value = environ.get(SHARD_VARIABLE, "").strip()
    if not value:
        return SHARD_SIZE
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{SHARD_VARIABLE}={value!r} : donnez un nombre entier d'enregistrements, au moins 1.")
    return int(value)


class SearchIndexer:
    """Owns the Pagefind indexing of one build, in a child process.

    Pagefind's Python client encodes every record (JSON, base64) in Python; in a
    thread of the build it would compete for the GIL with rendering and fall behind.
    In its own process it works on the second core while the build renders the
    next pages. Records keep their order through the queue, so the index is the
    same from build to build. add() never blocks on indexing.

    Memory: Pagefind's indexer holds every page it was given until it writes its
    bundle (about 0.3 MiB a page), which at 50,000 experiences would not fit the
    machine. Beyond `shard_size` records the bundle is split into shards of at most
    `shard_size` records, indexed one after the other by a fresh Pagefind process
    each, so the peak is a shard's, whatever the corpus; the browser merges them
    (search.js, Pagefind's mergeIndex). A shard holds a run of consecutive dates
    (records ordered by their date sort key, ties in arrival order), which lets the
    browser give sorted results in exactly one index's order. Up to `shard_size`
    records there is one bundle, indexed while the pages render, as before.
    """

    def __init__(self, shard_size: int = 0, expected: int | None = None, chunk_size: int | None = None):
        """expected: how many records the build will add, when known; at most
        shard_size of them are indexed as they come, in one bundle. chunk_size:
        Pagefind's index chunk size (CHUNK_SIZE by default; 0: Pagefind's own)."""
        shard_size = shard_size or default_shard_size()
        chunk_size = CHUNK_SIZE if chunk_size is None else chunk_size
        context = multiprocessing.get_context("spawn")
        self._queue = context.Queue()
        self._result = context.Queue()
        streaming = expected is not None and expected <= shard_size
        self._process = context.Process(target=_index_in_child, args=(self._queue, self._result, shard_size, streaming, chunk_size),
                                        name="pagefind", daemon=True)
        # The child imports this module by name: the package is installed (pip
        # install -e .), so the spawned interpreter finds it as every script does.
        self._process.start()
        self._batch: list[SearchRecord] = []
        self._written = False  # the child read every record and wrote its bundle

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
        self._written = outcome == "ok"
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
        if not self._written:
            # The records the child never read are still in this process: the queue's
            # feeder thread writes them into a pipe that no one reads any more, and
            # blocks. multiprocessing joins that thread when the interpreter exits, so
            # `make serve`, stopped while an indexing was under way, never exited. The
            # interpreter no longer waits for it, and the records are read back and
            # dropped in the background (a cancel is on the preview's critical path),
            # which lets the thread end.
            self._queue.cancel_join_thread()
            threading.Thread(target=self._drop_unread, name="pagefind-drop", daemon=True).start()

    def _drop_unread(self) -> None:
        try:
            while True:
                self._queue.get(timeout=DRAIN_WAIT)
        except (queue.Empty, OSError, EOFError, ValueError):
            pass
        self._queue.close()  # the thread, with nothing left to write, ends


def _index_in_child(queue, result, shard_size: int, streaming: bool, chunk_size: int = 0) -> None:
    """The child process: indexes the records, then writes the bundle."""
    if chunk_size:
        os.environ[CHUNK_VARIABLE] = str(chunk_size)  # read by the Pagefind processes this child starts
    try:
        if streaming:
            asyncio.run(_feed(queue))
        else:
            _spool_and_shard(queue, shard_size)
        result.put("ok")
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which fails the build
        result.put(f"{type(error).__name__}: {error}")


async def _index(records) -> dict[str, bytes]:
    """One Pagefind index of `records` (an iterable, consumed as it is indexed), by
    a Pagefind process of its own, as a stabilised bundle in memory."""
    loop = asyncio.get_running_loop()
    service = await _service_class()().launch()
    try:
        index = await service.create_index({"force_language": LANGUAGE})
        pending: collections.deque[asyncio.Task] = collections.deque()
        for record in records:
            # Each task writes its request before its first await and tasks
            # start in creation order: requests reach Pagefind in order.
            pending.append(loop.create_task(index.add_html_file(url=record.url, content=record.html())))
            if len(pending) >= IN_FLIGHT:
                # The spool is read faster than Pagefind indexes: without a bound,
                # the whole shard was read and encoded at once, to wait in a write
                # buffer (tests/test_search_bundle.py: 1,275 of 1,280 requests ahead).
                await pending.popleft()
            elif len(pending) % BATCH == 0:
                await asyncio.sleep(0)
        await asyncio.gather(*pending)
        files = {file["path"]: file["content"] for file in await index.get_files()}
        return pagefind_stable.stabilise(files)
    finally:
        await service.close()


async def _feed(queue) -> None:
    """One bundle, indexed while the records arrive."""
    loop = asyncio.get_running_loop()
    service = await _service_class()().launch()
    try:
        index = await service.create_index({"force_language": LANGUAGE})
        pending = []
        # The queue is read in a thread: the loop meanwhile reads Pagefind's answers.
        while not isinstance(message := await loop.run_in_executor(None, queue.get), str):
            for record in message:
                pending.append(loop.create_task(index.add_html_file(url=record.url, content=record.html())))
            await asyncio.sleep(0)
        await asyncio.gather(*pending)
        bundle = pagefind_stable.stabilise({file["path"]: file["content"] for file in await index.get_files()})
        bundle[SHARDS_FILE] = shard_manifest(1)
        write_bundle(bundle, Path(message))
    finally:
        await service.close()


def shard_order(keys: list[tuple[str, int]], shard_size: int) -> list[list[int]]:
    """The shards, as lists of arrival numbers: records ordered by (date sort key,
    arrival), cut into runs of shard_size. Always at least one shard."""
    ordered = [arrival for _, arrival in sorted(keys)]
    return [ordered[start:start + shard_size] for start in range(0, len(ordered), shard_size)] or [[]]


def _spool_and_shard(queue, shard_size: int) -> None:
    """Records go to a spool file as they come (the child holds only their offsets
    and sort keys), then each shard is indexed by its own Pagefind process, one
    after the other, and written into the bundle's staging folder."""
    with tempfile.TemporaryFile(prefix="bouquet-search-") as spool:
        offsets: list[int] = []
        keys: list[tuple[str, int]] = []
        while not isinstance(message := queue.get(), str):
            for record in message:
                offsets.append(spool.tell())
                keys.append((record.sort.get("date", ""), len(keys)))
                pickle.dump(record, spool, protocol=pickle.HIGHEST_PROTOCOL)
        shards = shard_order(keys, shard_size)

        def read(arrivals):
            for arrival in arrivals:
                spool.seek(offsets[arrival])
                yield pickle.load(spool)

        output_dir = Path(message)
        staging = stage(output_dir)
        try:
            for number, arrivals in enumerate(shards):
                # The records that came through this process, and each shard's
                # bundle once written, are freed but stay resident without this: the
                # child grew from 105 to 164 MiB over the 7 shards of 10,000.
                memory.release()
                bundle = asyncio.run(_index(read(arrivals)))
                prefix = shard_path(number)
                # Written shard by shard: the child never holds more than one.
                add_files(staging, {prefix + path: content for path, content in bundle.items() if number == 0 or shard_file(path)})
            add_files(staging, {SHARDS_FILE: shard_manifest(len(shards))})
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        swap_in(staging, output_dir)


def shard_file(path: str) -> bool:
    """Whether a file of Pagefind's bundle is one a merged shard needs: its entry,
    meta and data, not Pagefind's scripts and WebAssembly (the first shard's serve)."""
    return (path == pagefind_stable.ENTRY or (path.startswith("pagefind.") and path.endswith(".pf_meta"))
            or path.startswith(("index/", "filter/", "fragment/")))


def shard_path(number: int) -> str:
    """Where shard `number` lies in the bundle: the first at its root (with
    Pagefind's scripts and WebAssembly, which the others do not need)."""
    return routes.search_shard(number)[len(routes.SEARCH_INDEX):]


def shard_manifest(count: int) -> bytes:
    """The list search.js reads before it merges the shards: their folders,
    relative to the bundle, from the oldest dates to the most recent."""
    return json.dumps({"shards": [shard_path(n) for n in range(count)]}, separators=(",", ":")).encode("utf-8")
