"""The deadline timeline: tasks per month, split by status (data and geometry, no markup).

    timeline(entries)   Entry list (views.by_month's) -> Timeline: months in order, counts
    layout(timeline)    Timeline -> Chart: the bars' coordinates in SVG user units
    entries_of(views)   the entries of the whole corpus, or of one agency's tasks

The SVG itself is written by templates/_timeline.md.j2 from a Chart; its colours and print
styles are in docs/assets/stylesheets/timeline.css.

Counting. The entries are those of ``Views.by_month``, which already files every date and
month deadline under its month (Deadline.month_key); nothing is re-derived here. A task
counts once in a month even when two of its deadlines fall in it (Plan 02, IV.4.p1.g.2 has
two in June 2025), under the status of the later one: a task is "passed" in a month only when
all its work due that month is. An agency's tasks are those it leads, coordinates, and
receives through a group (views.by_lead, by_coord, by_group), each once.

Months. The chart runs from the first to the last month with a task, every month in between
included, so that empty months show as gaps and the width of the chart is time. The corpus
spans about two years (21 months in 2025-2026), which fits one row of bars legible at the
page's width. Over ``MAX_MONTHS`` (36) months one row would need bars too thin to carry a
count or a label, so the chart becomes one row per calendar year, January to December (the
same month under the same month, years with no task left out), still one bar per month: a
bar per year would lose the month pages the bars link to.

Statuses stack from the bottom up in ``STATUS_ORDER`` (the order of the legend and of the
table's columns); each status has its own fill pattern as well as its colour, so the bars
read in black and white.
"""
from __future__ import annotations

from dataclasses import dataclass

from .views import Entry, Views

STATUS_ORDER = ("passed", "due-soon", "upcoming", "ongoing", "undated")
MAX_MONTHS = 36

# Geometry, in SVG user units (the SVG scales to the page's width; timeline.css keeps one
# unit between 0.9 and 1.25 CSS pixels, so that 12-unit labels stay between 11 and 15 px).
SLOT = 34           # one month
BAR = 24            # the bar's width within its slot
PAD = 8             # left and right margins
TOP = 22            # room above the tallest bar for its count
PLOT = 130          # the tallest bar
AXIS = 36           # month labels, then year labels, below the baseline
ROW_GAP = 12        # between the rows of a long chart
MIN_SLOTS = 8       # a chart of one or two months is not stretched into giant bars


@dataclass(frozen=True)
class Month:
    key: str                                    # 'YYYY-MM'
    counts: tuple[tuple[str, int], ...]         # (status, tasks), statuses with tasks, STATUS_ORDER

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def count(self, status: str) -> int:
        return dict(self.counts).get(status, 0)


@dataclass(frozen=True)
class Timeline:
    rows: tuple[tuple[Month, ...], ...]         # one row; or one per year past MAX_MONTHS
    statuses: tuple[str, ...]                   # the statuses that occur, STATUS_ORDER

    @property
    def months(self) -> tuple[Month, ...]:
        return tuple(m for row in self.rows for m in row)

    @property
    def dated(self) -> tuple[Month, ...]:
        """The months with at least one task."""
        return tuple(m for m in self.months if m.total)

    @property
    def max(self) -> int:
        return max((m.total for m in self.months), default=0)

    def __bool__(self) -> bool:
        return self.max > 0


@dataclass(frozen=True)
class Segment:
    status: str
    count: int
    y: float
    height: float


@dataclass(frozen=True)
class Bar:
    month: Month
    slot_x: float           # left edge of the month's slot
    x: float                # left edge of the bar
    width: float
    top: float              # y of the top of the bar (the baseline when empty)
    baseline: float
    segments: tuple[Segment, ...]   # bottom up
    first_of_year: bool     # January, or the first month of a row: the year is printed below
    center: float           # x of the count and the month's label
    count_y: float          # baselines of the count, the month's and the year's labels
    month_y: float
    year_y: float
    year_x: float
    hit: tuple[float, float, float, float]  # x, y, width, height of the link's area: the slot


@dataclass(frozen=True)
class Chart:
    timeline: Timeline
    width: float
    height: float
    bars: tuple[Bar, ...]
    baselines: tuple[tuple[float, float, float], ...]     # (y, x1, x2) of each row
    rules: tuple[tuple[float, float, float], ...]         # (x, y1, y2) between years


def _n(x: float) -> float | int:
    """A coordinate as printed: two decimals at most, no '.0'."""
    x = round(x, 2)
    return int(x) if x == int(x) else x


def _month_keys(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline(entries: list[Entry] | tuple[Entry, ...], max_months: int = MAX_MONTHS) -> Timeline:
    """Tasks per month and status, each task once per month (the status of its last
    deadline in that month). Entries without a month (quarter, year, ...) are ignored."""
    last: dict[str, dict[str, Entry]] = {}
    for e in entries:
        key = e.deadline.month_key()
        if not key:
            continue
        tasks = last.setdefault(key, {})
        prev = tasks.get(e.task.id)
        if prev is None or e.deadline.last_day() >= prev.deadline.last_day():
            tasks[e.task.id] = e
    if not last:
        return Timeline((), ())
    counts: dict[str, dict[str, int]] = {}
    for key, tasks in last.items():
        for e in tasks.values():
            c = counts.setdefault(key, {})
            c[e.status] = c.get(e.status, 0) + 1

    def month(key: str) -> Month:
        c = counts.get(key, {})
        return Month(key, tuple((s, c[s]) for s in STATUS_ORDER if c.get(s)))

    keys = _month_keys(min(counts), max(counts))
    if len(keys) <= max_months:
        rows = (tuple(month(k) for k in keys),)
    else:
        years = sorted({k[:4] for k in counts})
        rows = tuple(tuple(month(f"{y}-{m:02d}") for m in range(1, 13)) for y in years)
    statuses = tuple(s for s in STATUS_ORDER if any(s in c for c in counts.values()))
    return Timeline(rows, statuses)


def layout(tl: Timeline) -> Chart:
    """Coordinates of the bars: one slot per month, left to right, rows top down; bar
    heights proportional to the chart's largest month."""
    slots = max([len(r) for r in tl.rows] + [MIN_SLOTS])
    width = PAD * 2 + slots * SLOT
    row_h = TOP + PLOT + AXIS
    scale = PLOT / tl.max if tl.max else 0
    bars, baselines, rules = [], [], []
    for r, row in enumerate(tl.rows):
        row_top = r * (row_h + ROW_GAP)
        base = row_top + TOP + PLOT
        baselines.append((base, PAD, PAD + len(row) * SLOT))
        for i, m in enumerate(row):
            slot_x = PAD + i * SLOT
            y, segs = base, []
            for status, n in m.counts:
                h = _n(n * scale)
                y = _n(y - h)
                segs.append(Segment(status, n, y, h))
            first = i == 0 or m.key.endswith("-01")
            if first and i:
                rules.append((slot_x, row_top + TOP, base + AXIS - 2))
            bars.append(Bar(m, slot_x, _n(slot_x + (SLOT - BAR) / 2), BAR, y, base, tuple(segs), first,
                            _n(slot_x + SLOT / 2), _n(y - 6), base + 15, base + 31, slot_x + 3,
                            (slot_x, row_top, SLOT, base + 20 - row_top)))
    height = len(tl.rows) * row_h + max(len(tl.rows) - 1, 0) * ROW_GAP
    return Chart(tl, width, height, tuple(bars), tuple(baselines), tuple(rules))


def entries_of(views: Views, agency_id: str | None = None) -> list[Entry]:
    """``views.by_month``'s entries: all of them, or those of the tasks an agency leads,
    coordinates or receives through a group."""
    if agency_id is None:
        return [e for es in views.by_month.values() for e in es]
    tasks = views.by_lead.get(agency_id, []) + views.by_coord.get(agency_id, []) + \
        [x.task for x in views.by_group.get(agency_id, [])]
    # the agency's own tasks' month entries, in the order of views.by_month (month, then task),
    # read from the tasks rather than by scanning every month's entries for each agency
    index = views.month_entries()
    seen, out = set(), []
    for t in tasks:
        if t.id not in seen:
            seen.add(t.id)
            out += index.get(t.id, [])
    order = views.month_order()
    return sorted(out, key=lambda e: order[id(e)])


def chart(views: Views, agency_id: str | None = None) -> Chart:
    return layout(timeline(entries_of(views, agency_id)))

