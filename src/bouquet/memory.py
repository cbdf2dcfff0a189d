"""Giving the memory a phase of the build has freed back to the system.

Python frees its objects, but the C allocator (glibc's malloc, which holds every
block above 512 bytes: page bodies, rendered pages) keeps the freed pages in the
process, so a process's resident size stays at its highest. That matters where a
long-lived process hands over to another one: at 10,000 experiences the MkDocs
process still held 555 MiB while Pagefind indexed its shards beside it, of which
glibc gave back 117 MiB on request (malloc_trim). The build's peak is the sum of
both (README, « Memory »).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _malloc_trim():
    """glibc's malloc_trim, or None (another C library, another system)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release() -> bool:
    """Collects the cycles, then returns the allocator's free pages to the system.
    Same objects before and after: only the resident size changes. Whether the
    allocator could be asked (glibc)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
