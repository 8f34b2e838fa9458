"""Tasks: which outline items are tasks, and their lead, coordinators and deadlines.

One pass over a document's outline; the result is a list of :class:`Task` keyed by id.
"""
from __future__ import annotations

import re

from ..source.registry import Registry
from .roles import Roles, roles_in
from .deadlines import find_deadlines, parse_deadline_override
from ..models import Deadline, Document, Node, Task
from ..problems import Problems
from ..text import slug_label

# "(1) ", "(2) " inside a paragraph: numbered sub-items printed inline. Must follow the
# start, a space, ':' or '.', so "(SSO)" or "(2b)" in prose are not items.
INLINE_ITEM = re.compile(r"(?:(?<=^)|(?<=[\s:.;]))\((?P<n>\d{1,2})\)\s+")


def _split_inline(text: str):
    """Split 'intro (1) a (2) b' into [('', intro), ('1', a), ('2', b)] or None."""
    if text.count("(") < 2:         # fewer than two items: most texts, without a search
        return None
    hits = list(INLINE_ITEM.finditer(text))
    nums = [int(h["n"]) for h in hits]
    if len(hits) < 2 or nums[0] != 1:
        return None
    parts = [("", text[: hits[0].start()].strip(), 0)]
    for i, h in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        parts.append((h["n"], text[h.start(): end].strip(), h.start()))
    return parts


def _is_task(node: Node, in_task_section: bool) -> bool:
    if any(p.directive("not-task") for p in node.paragraphs):
        return False
    if any(p.directive("task") for p in node.paragraphs):
        return True
    return in_task_section and not node.children and node.kind != "phase"


def _override(node: Node, name: str):
    for p in node.paragraphs:
        d = p.directive(name)
        if d:
            return d
    return None


def extract_tasks(doc: Document, registry: Registry, problems: Problems) -> list[Task]:
    """All tasks of a document.

    Leads come from the item's own words, else from the nearest heading above that names
    one ("b) Văn phòng Trung ương Đảng chủ trì, phối hợp với ...:" over its bullets).
    """
    sections = [str(s) for s in doc.meta.get("task_sections", [])]
    tasks: list[Task] = []
    inherited: dict = {}    # what the headings above a task say: the same for every task below them

    def visit(node: Node, ancestors: list[Node]):
        in_section = any(".".join(node.path[:k]) in sections for k in range(1, len(node.path) + 1))
        if _is_task(node, in_section):
            tasks.extend(_tasks_of(doc, node, ancestors, registry, problems, inherited))
        for c in node.children:
            visit(c, ancestors + [node])

    for item in doc.vi.items:
        visit(item, [])
    if doc.appendix:
        tasks.extend(_appendix_tasks(doc, registry, problems))
    return tasks


APPENDIX_LABEL = "PL"   # "Phụ lục": task ids 350-qd-ttg/PL.IV.3


def _cell_agencies(registry: Registry, doc: Document, cell: str, where, what: str, problems: Problems) -> tuple[str, ...]:
    """Agencies named in a table cell ("Bộ Tư pháp, Bộ Công an và các bộ, ngành liên quan")."""
    from .deadlines import strip_marks

    text = strip_marks(cell)
    found = tuple(dict.fromkeys(m.agency for m in registry.mentions(text, doc.id)))
    if text.strip() and not found and what == "lead":
        problems.error(where, "appendix", f"lead '{cell}' names no agency of source_texts/agencies.yml; add it (or an alias) there",
                       caused_by=registry.broken)
    return found


def _appendix_tasks(doc: Document, registry: Registry, problems: Problems) -> list[Task]:
    tasks = []
    for g in doc.appendix["groups"]:
        for r in g["rows"]:
            path = (APPENDIX_LABEL, g["number"], r["stt"])
            lead = _cell_agencies(registry, doc, r["lead"], r["lines"].get("lead", r["source"]), "lead", problems)
            coords = _cell_agencies(registry, doc, r["coordinators"], r["lines"].get("coordinators", r["source"]), "coordinators", problems)
            deadlines = find_deadlines(r["deadline"])
            if r["deadline"].strip() and not deadlines:
                problems.warning(r["lines"].get("deadline", r["source"]), "deadline",
                                 f"cannot read the deadline cell '{r['deadline']}'; the task is listed without a deadline")
            tasks.append(Task(
                id=f"{doc.id}/{'.'.join(path)}", plan=doc.id, path=path,
                anchor="-".join(slug_label(p) for p in path), section=path[:2], text=r["task"], source=r["source"],
                lead=lead, coordinators=tuple(c for c in coords if c not in lead), deadlines=tuple(deadlines),
                lead_from="own" if lead else "", extra={"intro": "", "row": r, "group": g},
            ))
    return tasks


# A heading that names whose tasks follow: "V- MỘT SỐ NHIỆM VỤ CHUNG CỦA CÁC BỘ, CƠ QUAN TRUNG
# ƯƠNG VÀ ĐỊA PHƯƠNG". Only headings: in a task's own sentence "của X" is rarely the doer.
TASKS_OF = re.compile(r"nhiệm\s+vụ(?:\s+\w+){0,3}?\s+của\s+", re.I)


def _inherited(registry: Registry, ancestors: list[Node], doc_id: str) -> tuple[Roles, str]:
    for a in reversed(ancestors):
        # the paragraph nearest the list first: "1. Tuyên truyền" / "Ban Tuyên giáo ... chủ trì:"
        for p in reversed(a.paragraphs):
            r = roles_in(registry, p.text, doc_id)
            if r.lead:
                return r, "heading"
            m = TASKS_OF.search(p.text)
            if m:
                r = roles_in(registry, p.text[m.end():], doc_id)
                if r.lead:
                    return Roles(r.lead, ()), "heading"
    return Roles(), ""


def _phase_end(phase: str) -> Deadline | None:
    """``'Giai đoạn từ ngày 01/7/2025 đến ngày 31/12/2025'`` -> the date 2025-12-31, qualifier
    'phase'; a phase without an end date (or none) gives None."""
    dated = [d for d in find_deadlines(phase) if d.kind in ("date", "month", "quarter", "year")]
    if not dated:
        return None
    end = max(dated, key=lambda d: d.last_day())
    return Deadline(end.kind, end.value, phase.rstrip(":").strip(), qualifier="phase")


def _tasks_of(doc: Document, node: Node, ancestors: list[Node], registry: Registry, problems: Problems,
              seen: dict | None = None) -> list[Task]:
    text = node.text
    own = roles_in(registry, text, doc.id)
    seen = {} if seen is None else seen     # _inherited by ancestors (nodes alive while the document is read)
    key = tuple(map(id, ancestors))
    if key not in seen:
        seen[key] = _inherited(registry, ancestors, doc.id)
    inherited, inherited_from = seen[key]
    phase = next((a.text for a in reversed(ancestors) if a.kind == "phase"), "")
    phase_deadline = _phase_end(phase)
    section = node.path[:2] if len(node.path) >= 2 else node.path

    lead_o, coord_o, deadline_o, why = (_override(node, n) for n in ("lead", "coord", "deadline", "why"))
    if (lead_o or coord_o or deadline_o) and not why:
        d = lead_o or coord_o or deadline_o
        problems.error(d.source, "override", f"'@{d.name}' without '@why: ...'; say why the rules are overridden, for readers")

    def ids(d):
        out = []
        for raw in d.value.split(","):
            raw = raw.strip()
            if not raw:
                continue
            if raw not in registry:
                hint = registry.resolve(raw)
                sugg = f"; did you mean '{hint}'?" if hint else ""
                problems.error(d.source, "override", f"'{raw}' is not an agency id in source_texts/agencies.yml{sugg}",
                               caused_by=registry.broken)
            else:
                out.append(raw)
        return tuple(out)

    def make(path, seg_text, seg_roles: Roles, deadlines, intro=""):
        lead, lead_from = seg_roles.lead, "own"
        coords = seg_roles.coordinators
        if not lead:
            r = roles_in(registry, intro, doc.id) if intro else Roles()
            if r.lead:
                lead, lead_from = r.lead, "own"
                coords = coords or r.coordinators
            else:
                lead, lead_from = inherited.lead, inherited_from
                coords = tuple(dict.fromkeys(coords + inherited.coordinators))
        if lead_o:
            lead, lead_from = ids(lead_o), "editor"
        if coord_o:
            coords = ids(coord_o)
        coords = tuple(c for c in coords if c not in lead)
        if deadline_o:
            parsed = parse_deadline_override(deadline_o.value)
            if not parsed:
                problems.error(deadline_o.source, "override",
                               f"cannot read deadline '{deadline_o.value}'; expected e.g. '30/6/2026', '4/2026', '2026', 'Quý IV/2026', 'Nhiệm vụ thường xuyên', 'theo lộ trình của Đề án' or 'none'")
            deadlines = [d for d in parsed if d.kind != "none"]
        anchor = "-".join(slug_label(p) for p in path)
        return Task(
            id=f"{doc.id}/{'.'.join(path)}", plan=doc.id, path=path, anchor=anchor, section=section,
            text=seg_text, source=node.source, lead=lead, coordinators=coords, deadlines=tuple(deadlines),
            lead_from=lead_from if lead else "", override_why=why.value if why else "", phase=phase,
            extra={"intro": intro}, phase_deadline=phase_deadline,
        )

    all_deadlines = find_deadlines(text)
    parts = _split_inline(node.paragraphs[0].text) if len(node.paragraphs) == 1 else None
    dated = [d for d in all_deadlines]
    if parts and len(dated) >= 2 and not deadline_o:
        intro = parts[0][1]
        out = []
        used_labels = set()
        for i, (n, seg, _pos) in enumerate(parts[1:], 1):
            ds = find_deadlines(seg)
            if not ds:  # a sub-item shares the phrase that closes its group
                for _, later, _p in parts[i + 1:]:
                    ds = find_deadlines(later)[:1]
                    if ds:
                        break
            label = n if n not in used_labels else f"{n}{chr(ord('a') + len([u for u in used_labels if u.startswith(n)]))}"
            used_labels.add(label)
            out.append(make(node.path + (label,), seg, roles_in(registry, seg, doc.id), ds, intro))
        return out
    return [make(node.path, text, own, all_deadlines)]
