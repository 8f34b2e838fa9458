"""Work done once: results kept on disk between builds, keyed by a hash of their inputs.

A build stores what costs time and depends only on inputs it can name: the text checks of
a document (checks/), the HTML of a page (pages/mkdocs_build.py), the search records of a
page (search/). The key is a SHA-256 of every input and of :func:`code_version`, so a change
of the build's own code starts from scratch, and a cached result is always the one a clean
build would compute: ``make build`` with a warm cache gives the same bytes as without
(tests/test_scale.py).

The cache lives in ``.build-cache/`` (not in git; ``make clean`` removes it). After a
successful build, entries that the build did not use are removed (:meth:`Store.prune`), so
it holds one build's worth of results.

    >>> s = Store(Path(tempfile.mkdtemp()) / "x")
    >>> key = digest("some", "inputs")
    >>> s.get(key) is None
    True
    >>> s.put(key, {"a": 1}); s.get(key)
    {'a': 1}
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

CACHE_DIR = ".build-cache"
_PACKAGE = Path(__file__).resolve().parent


def digest(*parts) -> str:
    """SHA-256 of ``parts`` (str or bytes), each length-prefixed so that ('ab', 'c') and
    ('a', 'bc') differ."""
    h = hashlib.sha256()
    for p in parts:
        b = p if isinstance(p, bytes) else str(p).encode("utf-8")
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the build's code and templates and of the versions of the packages that
    shape its output: any change to them invalidates every cached result."""
    from importlib import metadata

    h = hashlib.sha256()
    for f in sorted(_PACKAGE.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".j2", ".html") and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(_PACKAGE)).encode() + b"\0" + f.read_bytes())
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "Markdown", "pymdown-extensions", "Jinja2",
                 "icalendar", "PyYAML"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(dist.encode())
    return h.hexdigest()


class Store:
    """Pickled values in ``folder/<key[:2]>/<key>``; a file is written under a temporary name
    and renamed, so a build killed half-way leaves no torn entry. Remembers the keys it was
    asked for or given, for :meth:`prune`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str):
        self.used.add(key)
        try:
            with open(self._path(key), "rb") as f:
                value = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value) -> None:
        self.used.add(key)
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass        # a cache that cannot be written only costs time

    def prune(self, keep: set[str] | None = None) -> int:
        """Remove the entries not in ``keep`` (default: those this store used); return how many."""
        keep = self.used if keep is None else keep
        n = 0
        if not self.folder.is_dir():
            return 0
        for sub in self.folder.iterdir():
            if not sub.is_dir():
                continue
            for f in sub.iterdir():
                if f.name not in keep:
                    try:
                        f.unlink()
                        n += 1
                    except OSError:
                        pass
        return n
