"""The model: small immutable objects that remember where they came from.

A document is a tree of :class:`Node`; each node has a label path (``('III', '2', 'b', '1')``)
that is its stable id, its anchor and the key that pairs the Vietnamese and English texts.
Facts about nodes (tasks, leads, deadlines, citations) live in separate layers keyed by id.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from functools import cached_property

from .text import slug_label


@dataclass(frozen=True, slots=True)
class Source:
    """A position in a source file (1-based line and column)."""

    file: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Directive:
    """An ``@name: value`` line inside a paragraph (see source_texts/README.md)."""

    name: str
    value: str
    source: Source


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a source text: its lines joined by spaces."""

    text: str
    source: Source
    directives: tuple[Directive, ...] = ()

    def directive(self, name: str) -> Directive | None:
        for d in self.directives:
            if d.name == name:
                return d
        return None


@dataclass(frozen=True, slots=True)
class Node:
    """An outline item: marker as printed, label, its paragraphs and children."""

    path: tuple[str, ...]          # ('III', '2', 'b', '1'); bullets get their ordinal
    kind: str                      # roman | article | decimal2 | number | phase | letter | dash | paren | paren_roman
    marker: str                    # as printed: 'III-', 'b)', '-', '(1)'
    paragraphs: tuple[Paragraph, ...]
    children: tuple["Node", ...] = ()

    @property
    def source(self) -> Source:
        return self.paragraphs[0].source

    @property
    def text(self) -> str:
        """Text of the item without its marker, paragraphs joined by a blank line."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def label(self) -> str:
        return ".".join(self.path)

    @property
    def anchor(self) -> str:
        return "-".join(slug_label(p) for p in self.path)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(frozen=True, slots=True)
class Footnote:
    key: str
    text: str
    source: Source


@dataclass(frozen=True)
class Text:
    """One language's text of a document."""

    lang: str
    file: str
    preamble: tuple[Paragraph, ...]
    items: tuple[Node, ...]
    closing: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]

    def walk(self):
        for n in self.items:
            yield from n.walk()

    def node(self, path: tuple[str, ...]) -> Node | None:
        return self._by_path.get(tuple(path))

    @cached_property
    def _by_path(self) -> dict[tuple[str, ...], Node]:
        out: dict[tuple[str, ...], Node] = {}
        for n in self.walk():
            out.setdefault(n.path, n)    # the first item with a path, as a walk would find
        return out


@dataclass(frozen=True)
class Agency:
    id: str
    vi: str
    en: str
    kind: str
    abbr: tuple[str, ...]
    aliases: tuple[str, ...]
    source: Source
    note: str = ""
    # A group says what it is made of: every agency of some kinds, and/or named agencies
    # (which may be groups); ``why`` tells readers how the documents' words mean that.
    member_kinds: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    why: str = ""
    formed_from: str = ""           # a provincial-level unit: the units merged into it (2025)

    def name(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en

    @property
    def is_group(self) -> bool:
        return bool(self.member_kinds or self.members)


DEADLINE_KINDS = ("date", "month", "quarter", "year", "period", "ongoing", "roadmap", "none")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A completion phrase, parsed; never more precise than the text.

    ``value`` follows the open-data format: ``2026-04-30`` (date), ``2026-04`` (month),
    ``2026-Q4`` (quarter), ``2026`` (year), ``2026/2030`` or ``2026-02/..`` (period),
    ``None`` otherwise. ``until`` is the end year of an ongoing task ("... đến năm 2030").
    """

    kind: str
    value: str | None
    phrase: str                     # as printed in the source
    start: int = 0                  # position in the task text
    end: int = 0
    until: str | None = None
    qualifier: str = ""             # 'before' | 'within' | 'by' | 'from' | ''

    def last_day(self) -> dt.date | None:
        """The last day the deadline allows, or None when it has no end."""
        return _last_day(self.kind, self.value, self.until)

    def _last_day(self) -> dt.date | None:
        v = self.value
        if self.kind == "date":
            return dt.date.fromisoformat(v)
        if self.kind == "month":
            y, m = map(int, v.split("-"))
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        if self.kind == "quarter":
            y, q = v.split("-Q")
            m = int(q) * 3
            return Deadline("month", f"{y}-{m:02d}", "").last_day()
        if self.kind == "year":
            return dt.date(int(v), 12, 31)
        if self.kind == "period":
            end = v.split("/")[1]
            if end == "..":
                return None
            return Deadline("year" if len(end) == 4 else "month", end, "").last_day()
        if self.kind == "ongoing" and self.until:
            return dt.date(int(self.until), 12, 31)
        return None

    def first_day(self) -> dt.date | None:
        if self.kind == "period":
            start = self.value.split("/")[0]
            if len(start) == 4:
                return dt.date(int(start), 1, 1)
            y, m = map(int, start.split("-"))
            return dt.date(y, m, 1)
        return None

    def month_key(self) -> str | None:
        """The deadline month page this phrase belongs on (date and month deadlines)."""
        if self.kind == "date":
            return self.value[:7]
        if self.kind == "month":
            return self.value
        return None


@dataclass(frozen=True, slots=True)
class Task:
    """A unit of work: an outline item (or a numbered sub-item) in a task section."""

    id: str                          # '17-kh-bcd/III.2.b.1'
    plan: str                        # plan id
    path: tuple[str, ...]
    anchor: str
    section: tuple[str, ...]         # path of the numbered section it belongs to
    text: str                        # Vietnamese text of the task (sub-item: its segment)
    source: Source
    lead: tuple[str, ...]
    coordinators: tuple[str, ...]
    deadlines: tuple[Deadline, ...]
    lead_from: str = ""              # 'own' | 'heading' | 'editor' | ''
    override_why: str = ""
    phase: str = ""                  # text of the phase heading ('* Giai đoạn ...'), if any
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    # The end of a dated phase ("* Giai đoạn từ nay đến ngày 30/6/2025"), qualifier 'phase':
    # the deadline of a task in that phase whose own words set none.
    phase_deadline: Deadline | None = None

    @property
    def deadline(self) -> Deadline:
        """The primary deadline: the earliest dated phrase, else the first phrase."""
        dated = [d for d in self.deadlines if d.last_day() is not None and d.kind != "ongoing"]
        if dated:
            return min(dated, key=lambda d: d.last_day())
        if self.deadlines:
            return self.deadlines[0]
        return Deadline("none", None, "")

    @property
    def effective_deadlines(self) -> tuple[Deadline, ...]:
        """The task's own deadlines, else the end of the dated phase it sits in."""
        if self.deadlines:
            return self.deadlines
        return (self.phase_deadline,) if self.phase_deadline else ()

    @property
    def effective_deadline(self) -> Deadline:
        """What status, month pages and sorting use: own primary deadline, else the phase's."""
        if not self.deadlines and self.phase_deadline:
            return self.phase_deadline
        return self.deadline

    @property
    def deadline_from(self) -> str:
        """'own' | 'phase' | '' (no deadline at all)."""
        if self.deadlines:
            return "own"
        return "phase" if self.phase_deadline else ""


@dataclass(frozen=True)
class Document:
    id: str
    meta: dict
    meta_source: Source
    vi: Text
    en: Text | None
    appendix: dict | None = None
    appendix_en: dict | None = None   # appendix.en.yml: the same groups and rows, in English
    meta_en: dict = field(default_factory=dict)   # meta.en.yml: English of meta.yml's Vietnamese-only values

    @property
    def number(self) -> str:
        return self.meta["number"]

    @property
    def date(self) -> dt.date:
        return self.meta["date"]


@functools.lru_cache(maxsize=65536)
def _last_day(kind: str, value: str | None, until: str | None) -> dt.date | None:
    """Deadline.last_day, computed once per (kind, value, until): views sort tens of
    thousands of tasks by it."""
    return Deadline(kind, value, "", until=until)._last_day()
