"""Derived views: separate passes over the model, keyed by stable ids (no rendering here)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..extract.citations import Citation, find_citations
from ..i18n import status_of
from ..models import Deadline, Task
from ..pipeline import Corpus
from ..text import vi_sort_key
from .listing import AGENCY_ROWS, PAGE_ROWS, ListPage, paginate, section_pages
from .parts import BUDGET, Paging, document_parts

FAR = dt.date(9999, 12, 31)
KIND_ORDER = {k: i for i, k in enumerate(("date", "month", "quarter", "year", "period", "ongoing", "roadmap", "none"))}


def deadline_sort_key(d: Deadline):
    return (d.last_day() or FAR, KIND_ORDER[d.kind], d.value or "")


def task_sort_key(t: Task):
    return (deadline_sort_key(t.effective_deadline), t.plan, t.id)


@dataclass(frozen=True, slots=True)
class Via:
    """A task that reaches an agency through a group it belongs to ("Các bộ, ngành, địa phương")."""

    task: Task
    groups: tuple[str, ...]     # the groups the task names that contain the agency
    role: str                   # 'lead' | 'coordinate': the groups' role in the task


class ViaGroups:
    """``{agency: [Via]}``, the tasks that reach each agency through a group it belongs to,
    each once, in task order: a task's groups are those of its lead that contain the agency,
    then those of its coordinators; its role is "lead" if a lead group contains it. A task
    that names the agency itself is left out (it is listed as lead or coordinator already).

    Made for one agency when asked, not kept: at 1,000 documents there are millions of them
    (a task given to "Các bộ, ngành, địa phương" reaches some 60 agencies), a third of the
    memory of the views. The counts are kept."""

    def __init__(self, registry, by_lead: dict[str, list[Task]], by_coord: dict[str, list[Task]], order: dict):
        self._reg, self._lead, self._coord, self._order = registry, by_lead, by_coord, order
        self._members: dict[str, frozenset[str]] = {}
        self._counts: dict[str, int] = {}

    def _in(self, group: str, agency: str) -> bool:
        ms = self._members.get(group)
        if ms is None:
            ms = self._members[group] = frozenset(self._reg.members(group))
        return agency in ms

    def get(self, agency: str, default=None) -> list[Via]:
        """The agency's list (empty if none; ``default`` is there for the dict's signature)."""
        tasks: dict[str, Task] = {}
        for g in self._reg.member_of(agency):
            for t in self._lead.get(g, ()):
                tasks.setdefault(t.id, t)
            for t in self._coord.get(g, ()):
                tasks.setdefault(t.id, t)
        out = []
        for t in tasks.values():
            if agency in t.lead or agency in t.coordinators:
                continue
            lead = [g for g in t.lead if self._in(g, agency)]
            groups = list(dict.fromkeys(lead + [g for g in t.coordinators if self._in(g, agency)]))
            out.append(Via(t, tuple(groups), "lead" if lead else "coordinate"))
        out.sort(key=lambda x: self._order[x.task.id])
        self._counts[agency] = len(out)
        return out

    def count(self, agency: str) -> int:
        n = self._counts.get(agency)
        return n if n is not None else len(self.get(agency, []))


@dataclass(frozen=True, slots=True)
class Entry:
    """A task listed on a derived page, under one of its deadlines."""

    task: Task
    deadline: Deadline
    status: str


@dataclass
class Views:
    as_of: dt.date
    corpus: Corpus
    by_lead: dict[str, list[Task]] = field(default_factory=dict)
    by_coord: dict[str, list[Task]] = field(default_factory=dict)
    by_group: "ViaGroups | dict[str, list[Via]]" = field(default_factory=dict)
    by_month: dict[str, list[Entry]] = field(default_factory=dict)
    by_kind: dict[str, list[Entry]] = field(default_factory=dict)
    tasks_by_plan: dict[str, list[Task]] = field(default_factory=dict)
    upcoming: list[Entry] = field(default_factory=list)
    passed: list[Entry] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    citations_at: dict[tuple[str, int], list[Citation]] = field(default_factory=dict)
    # listings cut into pages (pages/listing.py): every page of the site stays under a size
    # that does not grow with the archive
    month_pages: dict[str, list[ListPage]] = field(default_factory=dict)
    kind_pages: dict[str, list[ListPage]] = field(default_factory=dict)
    without_lead_pages: list[ListPage] = field(default_factory=list)
    plan_years: dict[str, list[ListPage]] = field(default_factory=dict)     # year -> pages ('' = all, small archive)
    citation_pages: list[ListPage] = field(default_factory=list)
    agency_years: dict[str, dict[str, list[ListPage]]] = field(default_factory=dict)   # split agencies only
    _section_page: dict[tuple[str, str], str] = field(default_factory=dict)
    page_rows: int = PAGE_ROWS          # rows per page of a listing
    # a document's own pages (pages/parts.py): where each long document is cut, and on which
    # of its pages each anchor is; a document that fits on one page is not in it
    paging: dict[str, Paging] = field(default_factory=dict)
    part_budget: float = BUDGET
    _month_entries: dict | None = None
    _month_order: dict | None = None
    _citations_of: dict | None = None

    def paging_of(self, doc_id: str) -> Paging:
        """Where the document's pages are (one page unless it is in :attr:`paging`)."""
        p = self.paging.get(doc_id)
        return p if p is not None else Paging(doc_id)

    def doc_page(self, doc_id: str, anchor: str = "", folder: str = "plans") -> str:
        """The Markdown path of the page of document ``doc_id`` that has ``anchor`` (its text
        under ``plans/``, or its bilingual view under ``parallel/``)."""
        p = self.paging.get(doc_id)
        return p.page(anchor, folder) if p is not None else f"{folder}/{doc_id}.md"

    def section_page(self, listing: str, key: str) -> str:
        """The page of a listing where a section starts ('year', 'y2026' -> 'deadlines/year/2.md')."""
        return self._section_page.get((listing, key), "")

    def agency_split(self, agency_id: str) -> bool:
        """Whether the tasks the agency leads or coordinates are too many for one page: its
        page then sums them up by year, each year a page of its own."""
        return agency_id in self.agency_years

    def via_named(self, agency_id: str) -> bool:
        """Whether the agency's page names the groups it belongs to instead of listing their
        tasks again (each is then listed once, on the group's page): when its page is split,
        or when its own tasks and its groups' together would not fit on one page."""
        n = (len(self.by_lead.get(agency_id, [])) + len(self.by_coord.get(agency_id, []))
             + self.by_group.count(agency_id))
        return self.agency_split(agency_id) or n > self.page_rows * AGENCY_ROWS // PAGE_ROWS

    def via_groups(self, agency_id: str) -> list[tuple[str, int, int]]:
        """``[(group, tasks it leads, tasks it coordinates)]`` for the groups an agency belongs to
        that have tasks, in the registry's order."""
        reg = self.corpus.registry
        return [(g, len(self.by_lead.get(g, [])), len(self.by_coord.get(g, []))) for g in reg.member_of(agency_id)
                if self.by_lead.get(g) or self.by_coord.get(g)]

    def citations_of(self, doc_id: str) -> list[Citation]:
        """The citations a document makes, in text order (an index made once)."""
        if self._citations_of is None:
            by: dict[str, list[Citation]] = {}
            for c in self.citations:
                by.setdefault(c.citing_doc, []).append(c)
            self._citations_of = by
        return self._citations_of.get(doc_id, [])

    def cited_documents(self) -> list[tuple[str, list[Citation]]]:
        """(number, citations) for every cited document, in-corpus ones first, then by number."""
        groups: dict[str, list[Citation]] = {}
        for c in self.citations:
            groups.setdefault(c.number, []).append(c)
        return sorted(groups.items(), key=lambda kv: (kv[1][0].target_doc is None, _number_key(kv[0])))

    @staticmethod
    def cited_about(cs: list[Citation]):
        """What the citing texts say of a cited document: the first date and issuer they give,
        and the longest subject (one citation may give the date, another the subject)."""
        from ..extract.citations import CitedAbout
        abouts = [c.about for c in cs if c.about]
        if not abouts:
            return None
        first = lambda attr: next((getattr(a, attr) for a in abouts if getattr(a, attr)), "")
        return CitedAbout(first("date"), first("issuer"), max((a.subject for a in abouts), key=len))

    def month_entries(self) -> dict[str, list[Entry]]:
        """``{task id: its entries on the month pages}`` (computed once)."""
        if self._month_entries is None:
            out: dict[str, list[Entry]] = {}
            for es in self.by_month.values():
                for e in es:
                    out.setdefault(e.task.id, []).append(e)
            self._month_entries = out
        return self._month_entries

    def month_order(self) -> dict[int, int]:
        """``{id(entry): its place in by_month}``, to keep an agency's entries in that order."""
        if self._month_order is None:
            self._month_order = {id(e): i for i, e in enumerate(e for es in self.by_month.values() for e in es)}
        return self._month_order

    def status(self, d: Deadline) -> str:
        return status_of(d, self.as_of)

    def has_page(self, agency_id: str) -> bool:
        return agency_id in self._with_page

    def agencies_sorted(self, lang: str):
        """Agencies with a page: those that lead, coordinate, issue or are reached by a task
        through a group, and every provincial-level unit; in the language's order."""
        ags = [a for a in self.corpus.registry if a.id in self._with_page]
        key = (lambda a: vi_sort_key(a.vi)) if lang == "vi" else (lambda a: a.en.lower())
        return sorted(ags, key=key)

    def provinces(self, lang: str):
        """The provincial-level units: centrally run cities first, then provinces, each A–Z."""
        ps = [a for a in self.agencies_sorted(lang) if a.kind == "province"]
        return ([a for a in ps if a.vi.startswith("Thành phố")], [a for a in ps if not a.vi.startswith("Thành phố")])

    def task_count(self, agency_id: str) -> dict[str, int]:
        return {"lead": len(self.by_lead.get(agency_id, [])), "coordinate": len(self.by_coord.get(agency_id, [])),
                "via_group": self.by_group.count(agency_id)}

    _with_page: frozenset = frozenset()


def build_views(corpus: Corpus, as_of: dt.date, page_rows: int = PAGE_ROWS, part_budget: float = BUDGET) -> Views:
    """The views of ``corpus`` as of a date; listings cut into pages of ``page_rows`` rows,
    long documents into parts of ``part_budget`` (pages/parts.py)."""
    v = Views(as_of, corpus)
    v.part_budget = part_budget
    lead, coord = defaultdict(list), defaultdict(list)
    month, kind = defaultdict(list), defaultdict(list)
    plan = defaultdict(list)
    reg = corpus.registry
    for t in corpus.tasks:
        plan[t.plan].append(t)
        for a in t.lead:
            lead[a].append(t)
        for a in t.coordinators:
            coord[a].append(t)
        if not t.effective_deadlines:
            kind["none"].append(Entry(t, Deadline("none", None, ""), "undated"))
        for d in t.effective_deadlines:
            e = Entry(t, d, status_of(d, as_of))
            mk = d.month_key()
            if mk:
                month[mk].append(e)
            else:
                kind[d.kind].append(e)
            if d.kind in ("date", "month", "quarter", "year"):
                (v.passed if e.status == "passed" else v.upcoming).append(e)
    order = {t.id: task_sort_key(t) for t in corpus.tasks}     # once per task, not once per list
    v.by_lead = {k: sorted(x, key=lambda t: order[t.id]) for k, x in lead.items()}
    v.by_coord = {k: sorted(x, key=lambda t: order[t.id]) for k, x in coord.items()}
    v.by_group = ViaGroups(reg, v.by_lead, v.by_coord, order)
    issuers = {d.meta["issuer"] for d in corpus.documents}
    v._with_page = frozenset(a.id for a in reg if lead.get(a.id) or coord.get(a.id) or v.by_group.count(a.id)
                             or a.id in issuers or a.kind == "province" or (a.is_group and reg.members(a.id)))
    v.by_month = {k: sorted(x, key=lambda e: (deadline_sort_key(e.deadline), e.task.id)) for k, x in sorted(month.items())}
    v.by_kind = {k: sorted(x, key=lambda e: (deadline_sort_key(e.deadline), e.task.id)) for k, x in kind.items()}
    v.tasks_by_plan = dict(plan)
    for doc in corpus.documents:
        paging, _ = document_parts(doc, v.tasks_by_plan.get(doc.id, []), part_budget)
        if paging.split:
            v.paging[doc.id] = paging
    v.citations = find_citations(corpus.documents, [n for a in corpus.registry for n in (a.vi, *a.aliases)])
    for c in v.citations:
        v.citations_at.setdefault((c.source.file, c.source.line), []).append(c)
    v.upcoming.sort(key=lambda e: (deadline_sort_key(e.deadline), e.task.id))
    v.passed.sort(key=lambda e: (deadline_sort_key(e.deadline), e.task.id), reverse=True)
    v.page_rows = page_rows
    _paginate(v, page_rows)
    return v


def year_of(t: Task) -> str:
    """The year an agency's year pages list a task under: the year of the last day its
    (effective) deadline allows; 'undated' when it has none (ongoing, roadmap, none)."""
    last = t.effective_deadline.last_day()
    return str(last.year) if last else "undated"


def _paginate(v: Views, rows: int) -> None:
    """Cut every listing that grows with the archive into pages (pages/listing.py)."""
    for key, entries in v.by_month.items():
        v.month_pages[key] = paginate(f"deadlines/{key}.md", f"deadlines/{key}", [("", entries)], rows)
    for kind in ("quarter", "year", "period", "ongoing", "roadmap", "none"):
        entries = v.by_kind.get(kind, [])
        if kind in ("quarter", "year"):
            groups: dict[str, list[Entry]] = {}
            for e in entries:
                groups.setdefault(e.deadline.value or "", []).append(e)
            sections = [(("y" + value) if kind == "year" else value.lower(), es) for value, es in sorted(groups.items())]
        else:
            sections = [("", entries)]
        v.kind_pages[kind] = pages = paginate(f"deadlines/{kind}.md", f"deadlines/{kind}", sections, rows)
        for key, path in section_pages(pages).items():
            v._section_page[(kind, key)] = path
    v.without_lead_pages = paginate("plans/without-lead.md", "plans/without-lead", [("", v.corpus.without_lead)], rows)
    docs = v.corpus.documents
    if len(docs) <= rows:
        v.plan_years = {"": paginate("plans/index.md", "plans/index", [("", docs)], rows)}
    else:
        by_year: dict[str, list] = {}
        for d in sorted(docs, key=lambda d: (d.date, d.id), reverse=True):
            by_year.setdefault(str(d.date.year), []).append(d)
        v.plan_years = {y: paginate(f"plans/by-year/{y}.md", f"plans/by-year/{y}", [("", ds)], rows)
                        for y, ds in sorted(by_year.items(), reverse=True)}
    v.citation_pages = paginate("citations/index.md", "citations/page", [("", v.cited_documents())], rows)
    for p in v.citation_pages:
        for number, _ in p.rows:
            v._section_page[("citations", number)] = p.path
    for aid in v._with_page:
        lead, coord = v.by_lead.get(aid, []), v.by_coord.get(aid, [])
        if len(lead) + len(coord) <= rows:
            continue
        years: dict[str, tuple[list, list]] = {}
        for role, tasks in ((0, lead), (1, coord)):
            for t in tasks:
                years.setdefault(year_of(t), ([], []))[role].append(t)
        order = sorted(years, key=lambda y: (y == "undated", y))
        v.agency_years[aid] = {y: paginate(f"agencies/{aid}/{y}.md", f"agencies/{aid}/{y}",
                                           [("lead", years[y][0]), ("coordinate", years[y][1])], rows) for y in order}


def _number_key(number: str):
    """'57-NQ/TW' sorts by its kind and issuer, then numerically."""
    import re

    m = re.match(r"(\d+)", number)
    return (re.sub(r"^\d+", "", number), int(m.group(1)) if m else 0)
