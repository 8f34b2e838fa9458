"""A document's own pages: its text cut, in reading order, into parts that each stay light.

A document is shown on one page while it fits. A longer one is cut, in text order, where a
top-level section starts (I, II, Điều 1, ...), where the closing starts, and where the
appendix and each of its groups start; a section or group too long for a page by itself is
cut where its items (or rows) start, and so on down. Parts are filled in order (a short
section joins the page before it): so the first page has the document's header, its
preamble and as many sections as fit, and no page is much shorter than it must be.

The first part is the document's page (``plans/17-kh-bcd.md``); each other part is named by
the anchor of the first thing on it (``plans/17-kh-bcd/iii.md``), and so is each part of
the bilingual view (``parallel/17-kh-bcd/iii.md``): a part's name says where it starts. An
edit that moves a section to another part moves its address; the old address still leads
there, through the document's map of anchors (``plans/17-kh-bcd/parts.json``, read by
site.js when a page lacks the anchor it was opened at).

The size of a part is estimated before anything is rendered, from what makes a page's
HTML: the bytes of its text (in Vietnamese and English), its editor's marks (each is shown
in the text and again in the notes list), and its tasks (a task's line of agencies and
deadlines is some 800 bytes of links). Three estimates are kept, for the Vietnamese page, the
English page and the bilingual view, and a part stays under ``BUDGET`` in all three. The
theme's frame (about 20 KB) comes on top, so a page stays under 150 KB, the limit for any
page of the site; tests/test_parts.py measures the pages built.

    >>> from build_scripts.pages.parts import pack, Unit, Block
    >>> blocks = [Block((Unit("head", "", "", (10, 10, 10)),)),
    ...           Block((Unit("node", ("I",), "i", (50, 50, 50)),)),
    ...           Block((Unit("node", ("II",), "ii", (60, 10, 10)),))]
    >>> [[u.anchor for u in p] for p in pack(blocks, 100)]
    [['', 'i'], ['ii']]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..text import ED_NOTE, FOOTREF, UNREADABLE, slug_label

BUDGET = 100_000    # estimated bytes of a part's content, in each of its three views

# Bytes of HTML per thing shown, fitted on the built pages of the four plans (each section's
# HTML against its text, items and tasks; within 15%): per byte of text (the Vietnamese page,
# the English page, the bilingual view, which shows both texts), per editor's mark besides
# its text twice (the marker with the note as its title, and the notes list), per row of the
# bilingual view, per task's line of agencies and deadlines (and the appendix row's table).
TEXT = (1.4, 1.66, 0.96)
MARK = 430
ROW = 275
TASK = (800, 750, 0)
APPENDIX_ROW = (1_500, 1_250, 0)
HEAD = 7_000                # the header: number, date, issuer, provenance, links


def _bytes(texts) -> tuple[int, float]:
    """(bytes of the texts, HTML bytes their editor's marks add)."""
    n, marks = 0, 0.0
    for s in texts:
        if not s:
            continue
        n += len(s.encode())
        for rx in (ED_NOTE, UNREADABLE):
            for m in rx.finditer(s):
                marks += MARK + 2 * len(m[0].encode())
    return n, marks


def weight(vi_texts, en_texts, rows: int) -> tuple[float, float, float]:
    """Estimated HTML bytes of texts shown in the three views (``rows`` of the bilingual
    view); without an English text, the English page shows the Vietnamese."""
    v, vm = _bytes(vi_texts)
    e, em = _bytes(en_texts) if en_texts else (v, vm)
    return (TEXT[0] * v + vm, TEXT[1] * e + em, TEXT[2] * (v + (e if en_texts else 0)) + vm + em + ROW * rows)


@dataclass(frozen=True, slots=True)
class Unit:
    """The smallest thing a part holds: the header ("head"), an item's own paragraphs ("node",
    its path), the paragraphs an item has after its sub-items ("after"), the closing and
    recipients ("closing"), the appendix's title ("appendix"), a group's title ("group", its
    number) or an appendix row ("row", the task's anchor)."""

    kind: str
    key: object
    anchor: str                          # the id of its first element ('' for the header)
    weight: tuple[float, float, float]   # Vietnamese page, English page, bilingual view


@dataclass(frozen=True, slots=True)
class Block:
    """What may go to a page whole: its own units, its sub-blocks, its trailing units."""

    own: tuple[Unit, ...]
    children: tuple["Block", ...] = ()
    tail: tuple[Unit, ...] = ()

    def units(self):
        yield from self.own
        for c in self.children:
            yield from c.units()
        yield from self.tail

    def weight(self) -> tuple[float, float, float]:
        w = [0.0, 0.0, 0.0]
        for u in self.units():
            for i in range(3):
                w[i] += u.weight[i]
        return (w[0], w[1], w[2])


def pack(blocks, budget: float = BUDGET) -> list[list[Unit]]:
    """The units of ``blocks``, in order, cut into pages of at most ``budget`` in each view:
    a block goes whole on the current page if it fits, else whole on a new page if it fits
    there, else its own units (its heading) start a new page and its sub-blocks are placed
    one by one after them. A heading is never left alone at the foot of a page: a page that
    holds only the headings of the blocks being cut takes the next sub-block whole if it
    fits an empty page (over the budget by the headings' weight at most). A unit over the
    budget by itself gets a page (there is nothing to cut it at)."""
    pages: list[list[Unit]] = [[]]
    load = [0.0, 0.0, 0.0]
    heads = [0]         # units at the end of the page that are headings with nothing after yet

    def fits(w) -> bool:
        return all(load[i] + w[i] <= budget for i in range(3))

    def only_heads() -> bool:
        return bool(pages[-1]) and len(pages[-1]) == heads[0]

    def new_page() -> None:
        if pages[-1]:
            pages.append([])
            load[:] = [0.0, 0.0, 0.0]
            heads[0] = 0

    def add(units, heading: bool = False) -> None:
        for u in units:
            pages[-1].append(u)
            for i in range(3):
                load[i] += u.weight[i]
        heads[0] = heads[0] + 1 if heading else 0

    def place(b: Block) -> None:
        w = b.weight()
        if fits(w) or (only_heads() and all(x <= budget for x in w)):
            add(b.units())
            return
        if not only_heads():
            new_page()
        if fits(w):
            add(b.units())
            return
        for u in b.own:
            if not fits(u.weight) and not only_heads():
                new_page()
            add([u], heading=bool(b.children))     # a heading, its items to follow
        for c in b.children:
            place(c)
        for u in b.tail:
            if not fits(u.weight):
                new_page()
            add([u])

    for b in blocks:
        place(b)
    return [p for p in pages if p]


@dataclass(frozen=True)
class Part:
    """One page of a document (and of its bilingual view)."""

    index: int                      # 0: the document's own page
    slug: str                       # '' for the first; else the anchor of its first unit
    units: tuple[Unit, ...]
    nodes: frozenset = frozenset()  # paths of the items whose own paragraphs are here
    after: frozenset = frozenset()  # paths of the items whose trailing paragraphs are here
    reach: frozenset = frozenset()  # those paths and every item above them
    groups: frozenset = frozenset()     # appendix groups whose title is here
    rows: frozenset = frozenset()       # anchors of the appendix rows here
    groups_reached: frozenset = frozenset()     # groups with a title or a row here
    head: bool = False
    closing: bool = False
    appendix: bool = False          # the appendix's title
    footnotes: frozenset = frozenset()  # keys of the footnotes shown here (footnote_parts)

    @property
    def first(self) -> Unit:
        return self.units[0]


@dataclass(frozen=True)
class Paging:
    """Where a document's pages are and on which one each of its anchors is: what links to a
    document need (views.Views.paging, for every document cut into parts); its parts
    (:class:`Part`) are made again where its pages are rendered, and not kept."""

    doc_id: str
    slugs: tuple[str, ...] = ("",)      # of each part ('' for the first)
    anchors: dict | None = None         # anchor -> part index, for the anchors past the first part

    @property
    def split(self) -> bool:
        return len(self.slugs) > 1

    def path(self, index: int, folder: str = "plans") -> str:
        """The Markdown path of part ``index`` (under ``folder``: plans or parallel)."""
        if index == 0:
            return f"{folder}/{self.doc_id}.md"
        return f"{folder}/{self.doc_id}/{self.slugs[index]}.md"

    def part_of(self, anchor: str) -> int:
        return self.anchors.get(anchor, 0) if self.anchors and anchor else 0

    def slug_of(self, anchor: str) -> str:
        """The name of the part that has ``anchor`` ('' for the first)."""
        return self.slugs[self.part_of(anchor)]

    def page(self, anchor: str = "", folder: str = "plans") -> str:
        """The Markdown path of the part that has ``anchor``."""
        return self.path(self.part_of(anchor), folder)


PARTS_MAP = "parts.json"    # plans/<id>/parts.json: on which page each anchor of a long document is


def parts_map(paging: Paging) -> str:
    """The map of a document cut into parts, for site.js: an address that names an anchor
    the page lacks (a section that an edit moved to the next page, a link made before the
    document was cut) is sent on to the page that has it. ``pages``: each part's folder
    relative to the first's, in order; ``anchors``: anchor -> index of its part, for those
    past the first."""
    import json

    pages = [""] + [f"{slug}/" for slug in paging.slugs[1:]]
    return json.dumps({"pages": pages, "anchors": dict(sorted((paging.anchors or {}).items()))},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


def blocks_of(doc, tasks) -> list[Block]:
    """The document as blocks in reading order (see the module's docstring); ``tasks``: the
    document's tasks (views.tasks_by_plan)."""
    en = doc.en
    task_count: dict[tuple, int] = {}
    rows = {}
    for t in tasks:
        if t.extra and "row" in t.extra:
            rows[(t.extra["group"]["number"], t.extra["row"]["stt"])] = t
        else:
            node = doc.vi.node(t.path)
            key = t.path if node is not None else t.path[:-1]      # an inline sub-item: its item's
            task_count[key] = task_count.get(key, 0) + 1

    def node_block(n, depth: int = 0) -> Block:
        e = en.node(n.path) if en else None
        after = [i for i in range(1, len(n.paragraphs)) if n.paragraphs[i].directive("after-list")]
        own_i = [i for i in range(len(n.paragraphs)) if i not in after]
        ep = e.paragraphs if e else ()
        k = task_count.get(n.path, 0)
        v, w, p = weight([n.paragraphs[i].text for i in own_i], [ep[i].text for i in own_i if i < len(ep)],
                               len(own_i))
        own = Unit("node", n.path, n.anchor, (v + TASK[0] * k, w + TASK[1] * k, p + TASK[2] * k))
        tail = ()
        if after:
            tv, tw, tp = weight([n.paragraphs[i].text for i in after], [ep[i].text for i in after if i < len(ep)],
                                      len(after))
            tail = (Unit("after", n.path, n.anchor + "-after", (tv, tw, tp)),)
        return Block((own,), tuple(node_block(c, depth + 1) for c in n.children), tail)

    blocks = []
    pre_en = [p.text for p in en.preamble] if en else []
    v, w, p = weight([p.text for p in doc.vi.preamble], pre_en, len(doc.vi.preamble))
    blocks.append(Block((Unit("head", "", "", (v + HEAD, w + HEAD, p + HEAD)),)))
    blocks += [node_block(n) for n in doc.vi.items]
    closing_vi = [p.text for p in doc.vi.closing] + [str(r) for r in (doc.meta.get("recipients") or [])]
    closing_en = [p.text for p in en.closing] if en else []
    if closing_vi:
        v, w, p = weight(closing_vi, closing_en, len(doc.vi.closing))
        blocks.append(Block((Unit("closing", "", "closing-1" if doc.vi.closing else "recipients", (v, w, p)),)))
    if doc.appendix:
        en_groups = {g["number"]: g for g in (doc.appendix_en or {}).get("groups", [])}
        groups = []
        for g in doc.appendix["groups"]:
            eg = en_groups.get(g["number"]) or {}
            en_rows = {r["stt"]: r for r in eg.get("rows", [])}
            v, w, p = weight([g.get("title", ""), g.get("note") or ""], [eg.get("title", "")] if eg else [], 1)
            gu = Unit("group", g["number"], f"pl-{_slug(g['number'])}", (v, w, p))
            row_blocks = []
            for r in g["rows"]:
                er = en_rows.get(r["stt"])
                cells = [str(r.get(c) or "") for c in ("task", "lead", "coordinators", "output", "deadline", "note")]
                ecells = [str(er.get(c) or "") for c in ("task", "lead", "coordinators", "output", "deadline")] if er else []
                v, w, p = weight(cells, ecells, sum(1 for c in cells[:5] if c.strip()))
                t = rows.get((g["number"], r["stt"]))
                anchor = t.anchor if t is not None else f"pl-{_slug(g['number'])}-{r['stt']}"
                row_blocks.append(Block((Unit("row", anchor, anchor,
                                              (v + APPENDIX_ROW[0], w + APPENDIX_ROW[1], p + APPENDIX_ROW[2])),)))
            groups.append(Block((gu,), tuple(row_blocks)))
        a = doc.appendix
        v, w, p = weight([a.get("title", ""), a.get("caption", "")], [], 1)
        blocks.append(Block((Unit("appendix", "", "pl", (v, w, p)),), tuple(groups)))
    return blocks


def _slug(number: str) -> str:
    """As render.slug_of: ``'I'`` -> ``'i'``."""
    return re.sub(r"[^a-z0-9]+", "-", slug_label(str(number))).strip("-")


def document_parts(doc, tasks, budget: float = BUDGET) -> tuple[Paging, list[Part]]:
    """The parts of ``doc`` (see the module's docstring) and their :class:`Paging`."""
    pages = pack(blocks_of(doc, tasks), budget)
    sub_anchor: dict[tuple, list[str]] = {}
    for t in tasks:
        if not (t.extra and "row" in t.extra) and doc.vi.node(t.path) is None:
            sub_anchor.setdefault(t.path[:-1], []).append(t.anchor)
    row_group = {}
    if doc.appendix:
        for t in tasks:
            if t.extra and "row" in t.extra:
                row_group[t.anchor] = t.extra["group"]["number"]
    parts = []
    anchors: dict[str, int] = {}
    for i, units in enumerate(pages):
        nodes = frozenset(u.key for u in units if u.kind == "node")
        after = frozenset(u.key for u in units if u.kind == "after")
        reach = frozenset(path[:k] for path in nodes | after for k in range(1, len(path) + 1))
        groups = frozenset(u.key for u in units if u.kind == "group")
        rows = frozenset(u.key for u in units if u.kind == "row")
        parts.append(Part(i, units[0].anchor if i else "", tuple(units), nodes, after, reach, groups, rows,
                          groups | frozenset(row_group.get(r, "") for r in rows) - {""},
                          head=any(u.kind == "head" for u in units), closing=any(u.kind == "closing" for u in units),
                          appendix=any(u.kind == "appendix" for u in units)))
        if not i:
            continue
        for u in units:
            if u.anchor:
                anchors[u.anchor] = i
            if u.kind == "node":
                for a in sub_anchor.get(u.key, ()):
                    anchors[a] = i
            elif u.kind == "closing":
                anchors.update({f"closing-{k + 1}": i for k in range(len(doc.vi.closing))})
                anchors["recipients"] = i
    fn_part = footnote_parts(doc, parts)
    for key, i in fn_part.items():
        if i:
            anchors[f"fn-{key}"] = i
    parts = [replace(p, footnotes=frozenset(k for k, i in fn_part.items() if i == p.index)) for p in parts]
    return Paging(doc.id, tuple(p.slug for p in parts), anchors or None), parts


def footnote_parts(doc, parts: list[Part]) -> dict[str, int]:
    """On which part each footnote is shown: the first that refers to it (the first part
    when none does)."""
    out: dict[str, int] = {}
    for p in parts:
        texts = []
        if p.head:
            texts += [q.text for q in doc.vi.preamble]
        if p.closing:
            texts += [q.text for q in doc.vi.closing]
        for path in p.nodes | p.after:
            n = doc.vi.node(path)
            if n is not None:
                texts += [q.text for q in n.paragraphs]
        for s in texts:
            for m in FOOTREF.finditer(s):
                out.setdefault(m["k"], p.index)
    for f in (*doc.vi.footnotes, *(doc.en.footnotes if doc.en else ())):
        out.setdefault(f.key, 0)
    return out
