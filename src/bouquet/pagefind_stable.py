"""Makes Pagefind's bundle reproducible.

Pagefind 1.5 writes the values of each filter in hash-map order, which changes from
run to run (Pagefind issue #638: fragments are stable since 1.3, filter indexes are
not). This pass sorts each filter's values, names each filter file after its
content, and rewrites the references in the language's meta file and in
pagefind-entry.json. The data itself is untouched: the same pages under the same
values, encoded in the same CBOR form Pagefind reads.

It works on the bundle in memory (file path → bytes, as Pagefind's `get_files`
returns it), so nothing is read back from a disk that Pagefind may still be writing.
"""
from __future__ import annotations

import gzip
import hashlib
import json

import cbor2

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # position of [[filter name, file hash], …] in the meta record
ENTRY = "pagefind-entry.json"


def _decode(path: str, data: bytes):
    data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE):])


def _encode(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _name(language: str, payload: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(payload).hexdigest()[:length]}"


def stabilise(bundle: dict[str, bytes]) -> dict[str, bytes]:
    """The same bundle with its filter indexes in a canonical order and named after
    their content; every other file is returned as it is."""
    files = dict(bundle)
    entry = json.loads(files[ENTRY].decode("utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = f"pagefind.{info['hash']}.pf_meta"
        meta = _decode(meta_path, files.pop(meta_path))
        meta[META_FILTERS].sort(key=lambda reference: reference[0])
        for reference in meta[META_FILTERS]:
            old = f"filter/{reference[1]}.pf_filter"
            name, values = _decode(old, files.pop(old))
            values.sort(key=lambda value: value[0])
            payload = _encode([name, values])
            reference[1] = _name(language, payload, 7)
            files[f"filter/{reference[1]}.pf_filter"] = payload
        payload = _encode(meta)
        info["hash"] = _name(language, payload, 10)
        files[f"pagefind.{info['hash']}.pf_meta"] = payload
    files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files
