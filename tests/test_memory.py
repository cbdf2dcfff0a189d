"""memory.release gives the memory Python freed back to the system."""
from __future__ import annotations

import subprocess
import sys


def test_freed_blocks_leave_the_resident_size_once_released():
    # Blocks of a few KB, like page bodies, among which one in twenty lives on (as
    # a page's title outlives its body): glibc cannot shrink the heap past them by
    # itself and keeps the freed runs in the process, until asked. Measured in a
    # fresh process.
    script = """
import sys
from bouquet import memory

def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

blocks = [bytes(3000 + n % 7) for n in range(60_000)]
kept = blocks[::20]
del blocks
before = rss()
asked = memory.release()
print(asked, before - rss())
"""
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    asked, freed_kib = completed.stdout.split()
    if asked == "False":
        return  # not glibc: nothing to ask, nothing to measure
    assert int(freed_kib) > 100 * 1024  # of the 170 MiB freed (158 MiB here)
