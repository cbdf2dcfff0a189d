"""Makes Pagefind's bundle reproducible.

Pagefind 1.5 writes the values of each filter in hash-map order, which changes from
run to run (Pagefind issue #638: fragments are stable since 1.3, filter indexes are
not). This pass sorts each filter's values, names each filter file after its
content, and rewrites the references in the language's meta file and in
pagefind-entry.json. The data itself is untouched: the same pages under the same
values, encoded in the same CBOR form Pagefind reads.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # position of [[filter name, file hash], …] in the meta record


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor2.loads(data[len(SIGNATURE):])


def _encode(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _name(language: str, payload: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(payload).hexdigest()[:length]}"


def stabilise(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        meta[META_FILTERS].sort(key=lambda reference: reference[0])
        for reference in meta[META_FILTERS]:
            old = bundle / "filter" / f"{reference[1]}.pf_filter"
            name, values = _read(old)
            values.sort(key=lambda value: value[0])
            payload = _encode([name, values])
            reference[1] = _name(language, payload, 7)
            old.unlink()
            (bundle / "filter" / f"{reference[1]}.pf_filter").write_bytes(payload)
        payload = _encode(meta)
        meta_path.unlink()
        info["hash"] = _name(language, payload, 10)
        (bundle / f"pagefind.{info['hash']}.pf_meta").write_bytes(payload)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
