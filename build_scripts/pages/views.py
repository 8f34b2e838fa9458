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

FAR = dt.date(9999, 12, 31)
KIND_ORDER = {k: i for i, k in enumerate(("date", "month", "quarter", "year", "period", "ongoing", "roadmap", "none"))}


def deadline_sort_key(d: Deadline):
    return (d.last_day() or FAR, KIND_ORDER[d.kind], d.value or "")


def task_sort_key(t: Task):
    return (deadline_sort_key(t.effective_deadline), t.plan, t.id)


@dataclass(frozen=True)
class Via:
    """A task that reaches an agency through a group it belongs to ("Các bộ, ngành, địa phương")."""

    task: Task
    groups: tuple[str, ...]     # the groups the task names that contain the agency
    role: str                   # 'lead' | 'coordinate': the groups' role in the task


@dataclass(frozen=True)
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
    by_group: dict[str, list[Via]] = field(default_factory=dict)
    by_month: dict[str, list[Entry]] = field(default_factory=dict)
    by_kind: dict[str, list[Entry]] = field(default_factory=dict)
    tasks_by_plan: dict[str, list[Task]] = field(default_factory=dict)
    upcoming: list[Entry] = field(default_factory=list)
    passed: list[Entry] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    citations_at: dict[tuple[str, int], list[Citation]] = field(default_factory=dict)

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
                "via_group": len(self.by_group.get(agency_id, []))}

    _with_page: frozenset = frozenset()


def build_views(corpus: Corpus, as_of: dt.date) -> Views:
    v = Views(as_of, corpus)
    lead, coord = defaultdict(list), defaultdict(list)
    month, kind = defaultdict(list), defaultdict(list)
    plan = defaultdict(list)
    reg = corpus.registry
    via: dict[str, dict[str, tuple[list[str], str]]] = defaultdict(dict)
    for t in corpus.tasks:
        plan[t.plan].append(t)
        for a in t.lead:
            lead[a].append(t)
        for a in t.coordinators:
            coord[a].append(t)
        named = set(t.lead) | set(t.coordinators)
        for role, ids in (("lead", t.lead), ("coordinate", t.coordinators)):
            for g in ids:
                for m in reg.members(g):
                    if m in named:
                        continue        # named on its own: listed as lead or coordinator already
                    groups, r = via[m].setdefault(t.id, ([], role))
                    if g not in groups:
                        groups.append(g)
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
    v.by_lead = {k: sorted(x, key=task_sort_key) for k, x in lead.items()}
    v.by_coord = {k: sorted(x, key=task_sort_key) for k, x in coord.items()}
    tasks_by_id = {t.id: t for t in corpus.tasks}
    v.by_group = {m: sorted((Via(tasks_by_id[tid], tuple(gs), role) for tid, (gs, role) in ts.items()),
                            key=lambda x: task_sort_key(x.task)) for m, ts in via.items()}
    issuers = {d.meta["issuer"] for d in corpus.documents}
    v._with_page = frozenset(a.id for a in reg if lead.get(a.id) or coord.get(a.id) or v.by_group.get(a.id)
                             or a.id in issuers or a.kind == "province" or (a.is_group and reg.members(a.id)))
    v.by_month = {k: sorted(x, key=lambda e: (deadline_sort_key(e.deadline), e.task.id)) for k, x in sorted(month.items())}
    v.by_kind = {k: sorted(x, key=lambda e: (deadline_sort_key(e.deadline), e.task.id)) for k, x in kind.items()}
    v.tasks_by_plan = dict(plan)
    v.citations = find_citations(corpus.documents, [n for a in corpus.registry for n in (a.vi, *a.aliases)])
    for c in v.citations:
        v.citations_at.setdefault((c.source.file, c.source.line), []).append(c)
    v.upcoming.sort(key=lambda e: (deadline_sort_key(e.deadline), e.task.id))
    v.passed.sort(key=lambda e: (deadline_sort_key(e.deadline), e.task.id), reverse=True)
    return v


def _number_key(number: str):
    """'57-NQ/TW' sorts by its kind and issuer, then numerically."""
    import re

    m = re.match(r"(\d+)", number)
    return (re.sub(r"^\d+", "", number), int(m.group(1)) if m else 0)
