"""Wall time of the build's stages, for the benchmark (``python -m build_scripts bench``).

``with stage("checks"): ...`` adds the block's wall time to that stage. When the environment
names a file in ``BUILD_TIMINGS``, :func:`write` saves the times there as JSON, with the peak
resident memory of this process and of its largest child, in bytes, and the hits and misses of
each cache (``CACHE``).
"""
from __future__ import annotations

import json
import os
import resource
import time
from contextlib import contextmanager
from pathlib import Path

TIMES: dict[str, float] = {}
CACHE: dict[str, dict[str, int]] = {}      # hits and misses of each store (cache.py), by name


@contextmanager
def stage(name: str):
    t0 = time.perf_counter()
    _trace(name, "start")
    try:
        yield
    finally:
        TIMES[name] = TIMES.get(name, 0.0) + time.perf_counter() - t0
        _trace(name, "end")


def _trace(name: str, what: str) -> None:
    """With ``BUILD_TRACE`` naming a file, a line per stage start and end (wall clock, pid):
    the benchmark's memory samples are matched to the stages with it."""
    path = os.environ.get("BUILD_TRACE")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{time.time():.2f} {os.getpid()} {what} {name}\n")


def write() -> None:
    path = os.environ.get("BUILD_TIMINGS")
    if not path:
        return
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    Path(path).write_text(json.dumps({"stages": TIMES, "cache": CACHE, "peak_rss": own, "peak_rss_children": children}),
                          encoding="utf-8")
