"""Listings that do not grow with the archive: rows cut into pages of at most ``PAGE_ROWS``.

A listing is a sequence of *sections* (a month's tasks; the tasks due in 2026, in 2027, ...;
the tasks an agency leads, then those it coordinates), each a list of rows in reading order.
:func:`paginate` cuts the rows, in order, into pages: the first page at the listing's own
path (``deadlines/2026-06.md``), the others below it (``deadlines/2026-06/2.md``), so the
address of a listing never changes when it grows and its first page stays where links lead.
A section may run over a page break; the next page repeats its heading, marked "continued".

Every page knows its place (page n of N, rows a-b of the total) for the pager
(``_macros.md.j2`` ``pager``), and a listing knows on which page each section starts, so a
link to a section (``deadlines/year.md#y2026``) goes to the page that has its heading.

Why 100 rows: a task row is about 1 KB of HTML, so a page of 100 rows with the theme's frame
stays under 150 KB, the limit set for any page of the site at 1,000 documents.

    >>> pages = paginate("deadlines/2026-06.md", "deadlines/2026-06", [("", list(range(250)))])
    >>> [(p.path, p.first, p.last) for p in pages]
    [('deadlines/2026-06.md', 1, 100), ('deadlines/2026-06/2.md', 101, 200), ('deadlines/2026-06/3.md', 201, 250)]
"""
from __future__ import annotations

from dataclasses import dataclass

PAGE_ROWS = 100
# An agency's page lists its own tasks (at most PAGE_ROWS, or it is split by year) and, while
# they fit, the tasks of the groups it belongs to ("các bộ, ngành", "các tỉnh, thành phố"):
# up to AGENCY_ROWS rows in all (about 135 KB with the frame), past which it names the groups,
# whose pages list their tasks once. A province of the four real plans has 108 such tasks.
AGENCY_ROWS = PAGE_ROWS * 5 // 4


@dataclass(frozen=True)
class Chunk:
    """The rows of one section shown on one page."""

    key: str            # the section's key ('' when the listing has no sections)
    rows: tuple
    start: int          # index of the first of these rows within the section
    total: int          # rows in the whole section

    @property
    def continued(self) -> bool:
        return self.start > 0


@dataclass(frozen=True)
class ListPage:
    """One page of a listing."""

    path: str           # 'deadlines/2026-06/2.md'
    number: int         # 1-based
    count: int          # pages in the listing
    first: int          # 1-based number of the first row on this page, within the listing
    last: int
    total: int          # rows in the listing
    chunks: tuple[Chunk, ...]
    paths: tuple[str, ...]      # every page of the listing, in order (for the pager)

    @property
    def rows(self) -> list:
        return [r for c in self.chunks for r in c.rows]

    def section(self, key: str) -> Chunk | None:
        return next((c for c in self.chunks if c.key == key), None)


def page_path(first: str, more: str, n: int) -> str:
    """The path of page ``n``: ``first`` for 1, ``<more>/<n>.md`` after."""
    return first if n == 1 else f"{more}/{n}.md"


def paginate(first: str, more: str, sections: list[tuple[str, list]], per_page: int = PAGE_ROWS) -> list[ListPage]:
    """Cut ``sections`` (``[(key, rows)]``, rows in order) into pages of ``per_page`` rows.

    An empty listing still has its first page (it says there is nothing to list)."""
    flat = [(key, i, row, len(rows)) for key, rows in sections for i, row in enumerate(rows)]
    total = len(flat)
    count = max(1, -(-total // per_page))
    paths = tuple(page_path(first, more, n) for n in range(1, count + 1))
    pages = []
    for n in range(count):
        part = flat[n * per_page:(n + 1) * per_page]
        chunks: list[Chunk] = []
        for key, i, row, size in part:
            if chunks and chunks[-1].key == key:
                last = chunks[-1]
                chunks[-1] = Chunk(key, last.rows + (row,), last.start, size)
            else:
                chunks.append(Chunk(key, (row,), i, size))
        pages.append(ListPage(paths[n], n + 1, count, n * per_page + 1 if part else 0,
                              n * per_page + len(part), total, tuple(chunks), paths))
    return pages


def section_pages(pages: list[ListPage]) -> dict[str, str]:
    """``{section key: path of the page where it starts}``."""
    out: dict[str, str] = {}
    for p in pages:
        for c in p.chunks:
            out.setdefault(c.key, p.path)
    return out


def window(page: ListPage, around: int = 2) -> list[int | None]:
    """Page numbers the pager shows: the first, the last, and ``around`` on each side of the
    current one; ``None`` stands for a gap ("…"). Bounded, however many pages there are.

    >>> window(ListPage("", 7, 40, 0, 0, 0, (), ()))
    [1, None, 5, 6, 7, 8, 9, None, 40]
    """
    keep = {1, page.count} | set(range(page.number - around, page.number + around + 1))
    out: list[int | None] = []
    for n in range(1, page.count + 1):
        if n in keep:
            if out and out[-1] is not None and out[-1] != n - 1:
                out.append(None)
            out.append(n)
    return out
