"""Runs a function in fresh Python processes, one per hash seed, and returns its bytes.

Rendering twice in one process cannot catch output that follows the iteration order
of a set of strings: that order depends on PYTHONHASHSEED, fixed for the whole
process. Two processes with different seeds can, every time (no random seed).
"""
from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path
from collections.abc import Callable

from sitebuild import ROOT

SEEDS = ("1", "2")


def outputs_under_hash_seeds(function: Callable[[], bytes]) -> list[bytes]:
    """What the module-level `function()` returns, once per PYTHONHASHSEED of SEEDS."""
    folder = Path(inspect.getfile(function)).parent
    path = os.pathsep.join(dict.fromkeys(map(str, (folder, ROOT / "tests", ROOT / "src"))))
    code = f"import sys\nfrom {function.__module__} import {function.__name__}\nsys.stdout.buffer.write({function.__name__}())"
    outputs = []
    for seed in SEEDS:
        completed = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT,
                                   env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": path})
        assert completed.returncode == 0, completed.stderr.decode("utf-8", "replace")
        outputs.append(completed.stdout)
    return outputs
