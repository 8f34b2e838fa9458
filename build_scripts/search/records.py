"""Built HTML -> records: what a search result points at, and its words by field.

Runs on the finished ``site/`` (any theme): a page is cut into *records*, one per anchored
block, and every piece of text in a record carries the *field* it belongs to, which ranking
weighs (``docs-dev/SEARCH.md``, "Fields"):

    NAME      an agency's or a document's name and number (the page title of an agency,
              plan or month page; an entry of the citations page; an agency's abbreviations
              and its name in the other language)
    HEADING   headings, task labels ("Phụ lục I.3") and a task's lead agencies
    TASK      the text of a task
    REST      everything else (preambles, footnotes, text of other pages)

Labels the site generates ("Loại", "Tên tiếng Anh", "Chủ trì:", status badges, column
headers), navigation and copies of tasks listed on agency and month pages are not indexed:
a task is found once, on its document's page.

Example::

    >>> recs = split_records('<html lang="vi"><article><h1 id="t">Bộ Nội vụ</h1>'
    ...     '<div class="item task" id="a-1"><p>Xây dựng ...</p></div></article></html>', "agencies/bnv/")[1]
    >>> [(r.url, r.kind, [(t, f) for t, f, _ in r.pieces if t.strip() and t != BREAK]) for r in recs]
    [('agencies/bnv/', 'agency', [('Bộ Nội vụ', 3)]), ('agencies/bnv/#a-1', 'agency', [('Xây dựng ...', 0)])]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

INDEX_DIR = "search-index"

# Fields, weakest first; a posting keeps the strongest field its word has in the record.
REST, TASK, HEADING, NAME = 0, 1, 2, 3
SHOWN_ONLY = -1       # a generated label kept in the excerpt ("Cơ quan chủ trì: ..."), never searched

# Where a page's content is: the first of these elements found. Generic HTML, no theme class.
CONTENT_TAGS = ("article", "main", "body")

# Elements whose text is not content: generic tags, and classes of our own templates (each
# named with the template that writes it). Material's own classes are not needed.
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "nav", "form",
                       "th", "thead", "caption"})
SKIP_CLASSES = frozenset({
    "headerlink",         # Python-Markdown toc: the "¶" after each heading
    "footnote-backref",   # Python-Markdown footnotes: the "↩" back-link
    "permalink",          # _macros.md.j2 task_meta: the "¶" link after each task
    "as-of",              # _macros.md.j2 header: "status as of <date>", on every page
    "continued",          # plan.md.j2: "(tiếp theo)" after a heading repeated on a document's next page
    "note-ref",           # pages/render.py Notes: the numbered marker of an editor's note
    "heading-notes",      # plan.md.j2: the markers of a heading's notes
    "page-notes",         # _macros.md.j2 notes_list: the editor's notes list at the end
    "task-ref",           # _macros.md.j2 task_meta: "(điểm b khoản 2 Mục III)", generated
    "provenance",         # plan.md.j2: the source and status of the page
    "agency-summary",     # agency.md.j2: generated counts
    "edit-source",        # _macros.md.j2 edit_source: "Sửa văn bản này", on every page
    "task-list",          # _macros.md.j2 task_table, role_table, via_table: tasks listed again
    "status",             # _macros.md.j2 badge: "Đã qua thời hạn" and the other status labels
    "calendar-link",      # agency.md.j2: "Lịch (.ics)"
    "phase",              # _macros.md.j2 task_meta: the phase, repeated from the heading above
    "set-by-editor",      # _macros.md.j2 task_meta: "(set by an editor)"
    "pager",              # pages/ listing pager: page numbers
})
# Key/value tables ("| Số | 350/QĐ-TTg |"): the first cell of each row is a generated label.
KV_CLASS = "kv"
# In a task's generated line (task_meta) only the label and the agency links are words of
# the task: "Chủ trì:" / "Phối hợp:" and the deadline's wording are generated.
META_CLASS = "task-meta"
LABEL_CLASS = "task-label"
ROLE_FIELDS = {"role-lead": HEADING, "role-coord": TASK}   # a task's lead weighs as its label
# A marker of this class starts a record that is a name (citations.md.j2: one cited document).
NAME_CLASSES = frozenset({"cited-doc"})

# Records longer than this many characters are stored and matched as passages of about this
# size: words must then occur near each other, and an excerpt costs a small download.
PASSAGE_CHARS = 1000
# Stands for the edge of a block element, where passages may be cut and phrases do not run on.
BREAK = "\ue000"

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em",
                         "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong",
                         "sub", "sup", "time", "u", "var", "wbr"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "source", "track", "wbr"})

# Kinds of record (the results page filters on them), from the page's place in the site.
KINDS = ("task", "agency", "document", "page")
PLAN_URL = re.compile(r"^(?:[a-z]{2}/)?plans/([^/#]+)/")
AGENCY_URL = re.compile(r"^(?:[a-z]{2}/)?agencies/[^/#]+/")
MONTH_URL = re.compile(r"^(?:[a-z]{2}/)?deadlines/(\d{4})-(\d{2})/")
# the first page of an agency or a month: its title is a NAME; the later pages of a long list
# ("Bộ Công an — năm 2026", "tháng 6/2026 (trang 2/3)") have a heading like any other page's
NAMED_URL = re.compile(r"^(?:[a-z]{2}/)?(?:agencies/[^/#]+|deadlines/\d{4}-\d{2})/$")
# a later page of a long document (build_scripts/pages/parts.py): its title repeats the
# document's, whose first page takes the name
PART_URL = re.compile(r"^(?:[a-z]{2}/)?plans/[^/#]+/[^/#]+/$")

# Folders of the built site that are not pages: data exports, assets, the search page and
# index; parallel/ repeats the documents block by block beside their translation.
SKIP_DIRS = frozenset({"data", "assets", "search", INDEX_DIR, "parallel", "source_texts"})


# --- a forgiving DOM -------------------------------------------------------------------------

class Node:
    """An element: its tag, attributes and children (Node or str)."""
    __slots__ = ("tag", "attrs", "children", "_classes", "_kv")

    def __init__(self, tag: str, attrs: dict, children: list | None = None):
        self.tag = tag
        self.attrs = attrs
        self.children = [] if children is None else children
        self._classes = None
        self._kv = False

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str):
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    return c
                hit = c.find(tag)
                if hit is not None:
                    return hit
        return None

    @property
    def classes(self) -> frozenset:
        if self._classes is None:
            cls = self.attrs.get("class")
            self._classes = frozenset(cls.split()) if cls else _NO_CLASSES
        return self._classes


_NO_CLASSES: frozenset = frozenset()


# Our pages are well-formed HTML written by MkDocs and our templates, so a page is read with
# one regular expression instead of html.parser (five times faster), from the content element
# on, and the subtrees that are never indexed are passed over unread (below).
_MARKUP = re.compile(r"""<(?:(/?)([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|!--.*?-->|[!?][^>]*>)""", re.S)
_ATTR = re.compile(r"""([^\s/=>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
RAW_TEXT_TAGS = frozenset({"script", "style"})
# Passed over while reading: elements that walk() would skip and whose text nothing else reads.
# Not <button> (a task line's copy-link names its record), nor <th>/<td> (the label of a
# key/value row is shown), nor an unreadable spot (shown as "[?]").
DROP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "nav", "form", "thead", "caption"})
_KEEP_TAGS = frozenset({"button", "th", "td"})


_SIMPLE_ATTRS = re.compile(r'(?:\s+[a-z][a-z0-9_:.-]*="[^"&]*")*\s*/?\s*')
_SIMPLE_ATTR = re.compile(r'([a-z][a-z0-9_:.-]*)="([^"]*)"')


def _attrs(raw: str) -> dict:
    if _SIMPLE_ATTRS.fullmatch(raw):              # name="value" pairs, nothing to unescape
        return dict(_SIMPLE_ATTR.findall(raw))
    out = {}
    if raw and not raw.isspace():
        for m in _ATTR.finditer(raw):
            name, v1, v2, v3 = m.groups()
            val = v1 if v1 is not None else v2 if v2 is not None else v3
            out[name.lower()] = unescape(val) if val and "&" in val else (val or "")
    return out


def _dropped(tag: str, attrs: dict) -> bool:
    if tag in DROP_TAGS:
        return True
    cls = attrs.get("class")
    if not cls or tag in _KEEP_TAGS:
        return False
    classes = cls.split()
    return "note-unreadable" not in classes and not SKIP_CLASSES.isdisjoint(classes)


def parse_html(html: str, start: int = 0, one: bool = False, drop: bool = False) -> Node:
    """A tree of ``html[start:]`` as html.parser would build it (void elements never open, a
    stray end tag closes up to its match, text unescaped). ``one``: stop where the element
    that begins at ``start`` closes. ``drop``: leave out the subtrees no record reads
    (``_dropped``)."""
    root = Node("#root", {})
    stack = [root]
    top = root.children
    pos, n = start, len(html)
    finditer = _MARKUP.finditer
    while pos < n:
        for m in finditer(html, pos):
            at = m.start()
            if at > pos:
                text = html[pos:at]
                top.append(unescape(text) if "&" in text else text)
            pos = m.end()
            closing, tag, raw = m.groups()
            if tag is None:
                continue                                  # a comment, doctype or processing instruction
            tag = tag.lower()
            if closing:                                   # an end tag
                for i in range(len(stack) - 1, 0, -1):
                    if stack[i].tag == tag:
                        del stack[i:]
                        top = stack[-1].children
                        break
                if one and len(stack) == 1:
                    return root
                continue
            node = Node(tag, _attrs(raw) if raw else {})
            closed = tag in VOID_TAGS or raw.endswith("/") or raw.rstrip().endswith("/")
            if drop and _dropped(tag, node.attrs):
                if closed:
                    continue
                pos = _skip_element(html, pos, tag)
                break                                     # restart the scan at pos
            top.append(node)
            if tag in RAW_TEXT_TAGS and not closed:
                end = re.compile(rf"</{tag}\s*>", re.I).search(html, pos)
                text = html[pos:end.start() if end else n]
                if text:
                    node.children.append(text)
                pos = end.end() if end else n
                break
            if not closed:
                stack.append(node)
                top = node.children
        else:
            if pos < n:
                top.append(unescape(html[pos:]) if "&" in html[pos:] else html[pos:])
            break
    return root


_TAG_EDGES: dict[str, re.Pattern] = {}


def _skip_element(html: str, pos: int, tag: str) -> int:
    """The end of the element ``tag`` whose start tag ends at ``pos`` (elements of the same
    name nest; script and style hold text)."""
    if tag in RAW_TEXT_TAGS:
        end = re.compile(rf"</{tag}\s*>", re.I).search(html, pos)
        return end.end() if end else len(html)
    edges = _TAG_EDGES.get(tag)
    if edges is None:
        edges = _TAG_EDGES[tag] = re.compile(
            rf"""<(/?){tag}(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--.*?-->""", re.I | re.S)
    depth = 1
    for m in edges.finditer(html, pos):
        if m.group(2) is None and m.group(1) is None:
            continue                                      # a comment
        if m.group(1):
            depth -= 1
            if not depth:
                return m.end()
        elif not m.group(2).rstrip().endswith("/"):
            depth += 1
    return len(html)


_CONTENT_START = {tag: re.compile(rf"<{tag}(?=[\s/>])", re.I) for tag in CONTENT_TAGS}
_HTML_LANG = re.compile(r"<html[^>]*\blang=\"([^\"]*)\"", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)


# --- records -----------------------------------------------------------------------------------

@dataclass
class Record:
    """One search result: an anchored block of a page.

    ``pieces`` are ``(text, field, shown)``: ``shown`` pieces make the excerpt (``text``);
    the others (a task's label and agencies, an agency's other names) are only searched.
    ``terms`` are words no page prints that a query can still ask for (deadlines, see
    ``terms.date_terms``), each with its field.
    """
    url: str
    page: str
    section: str
    title: str = ""
    kind: str = "page"
    doc: str = ""
    status: str = ""
    pieces: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    label: str = ""
    names: str = ""

    @property
    def text(self) -> str:
        return _clean("".join(t for t, _, shown in self.pieces if shown).replace(BREAK, " "))

    def add(self, text: str, fld: int, shown: bool = True) -> None:
        self.pieces.append((text, fld, shown))

    def passages(self) -> list["Record"]:
        """This record, or, if its text is longer than PASSAGE_CHARS, consecutive pieces of
        it cut between block elements, each at most that long unless one block is longer.
        They share the URL; a search shows the best one per URL."""
        if len(self.text) <= PASSAGE_CHARS:
            return [self]
        hidden = [p for p in self.pieces if not p[2]]      # names and labels: with the first passage
        out: list[list] = [[]]
        size = 0
        for p in self.pieces:
            if not p[2]:
                continue
            if p[0] == BREAK and size >= PASSAGE_CHARS * 0.6:
                out.append([])
                size = 0
            out[-1].append(p)
            size += len(p[0])
            if p[0] == BREAK and size > PASSAGE_CHARS:
                out.append([])
                size = 0
        out = [ps for ps in out if any(t.strip() and t != BREAK for t, _, _ in ps)]
        if out:
            out[0] += hidden
        return [Record(self.url, self.page, self.section, self.title if i == 0 else "", self.kind, self.doc,
                       self.status, ps, self.terms if i == 0 else [], self.label, self.names)
                for i, ps in enumerate(out)]


def _data_anchor(node: Node) -> str:
    """The first ``data-anchor`` in a subtree (``<button class="copy-link" data-anchor=...>``)."""
    if node.attrs.get("data-anchor"):
        return node.attrs["data-anchor"]
    for c in node.children:
        if isinstance(c, Node):
            hit = _data_anchor(c)
            if hit:
                return hit
    return ""


def _clean(s: str) -> str:
    return " ".join(s.split())


def page_kind(url: str) -> tuple[str, str]:
    """``'plans/17-kh-bcd/'`` -> ``('document', '17-kh-bcd')``; agencies -> agency; else page."""
    m = PLAN_URL.match(url)
    if m:
        return "document", m.group(1)
    if AGENCY_URL.match(url):
        return "agency", ""
    return "page", ""


class _Splitter:
    """Walks the content element in document order, sending text to the current record.

    * a heading with an id starts a new *section record* that collects the text after it
      (paragraphs and tables without ids of their own);
    * a block element with an id (``<div class="item task" id="iii-2-b-1">``, ``<li id=...>``)
      is a record of its own for its whole subtree;
    * an empty element with an id (``<span class="subtask" id="iii-2-b-2-1"></span>``) is a
      *marker*: the rest of its parent element, up to the next marker, is its record.
    """

    def __init__(self, page_url: str, page_title: str, tasks: dict):
        self.page_url = page_url
        self.page_title = page_title
        self.kind, self.doc = page_kind(page_url)
        self.tasks = tasks
        self.records: list[Record] = []
        self.by_anchor: dict[str, Record] = {}
        self.headings: list[tuple[int, str]] = []
        self.section: Record | None = None

    def _section_title(self, below: int = 7) -> str:
        for level, text in reversed(self.headings):
            if 1 < level < below:
                return text
        return ""

    def _new(self, anchor: str, title: str = "", section: str | None = None) -> Record:
        url = self.page_url + ("#" + anchor if anchor else "")
        rec = Record(url, self.page_title, self._section_title() if section is None else section, title,
                     kind=self.kind, doc=self.doc)
        task = self.tasks.get(url)
        if task is not None:
            rec.kind, rec.status = "task", task.get("status", "")
        self.records.append(rec)
        if anchor:
            self.by_anchor[anchor] = rec
        return rec

    def _sink(self, target: Record | None) -> Record:
        if target is not None:
            return target
        if self.section is None:
            self.section = self._new("", section="")
        return self.section

    def walk(self, node: Node, target: Record | None = None, fld: int | None = None, meta: int = -1):
        """``fld``: the field of text here (None: the record's own); ``meta``: inside a task's
        generated line, the field its agency links have (-1: not inside one). Returns the
        record the text ended in (a marker's, when the node held one)."""
        kv_row = node.tag == "tr" and node._kv
        first_cell = True
        for child in node.children:
            if isinstance(child, str):
                if meta >= 0 and fld is None:
                    continue                    # generated wording of task_meta
                if target is not None or self.section is not None or child.strip():
                    rec = self._sink(target)
                    rec.add(child, self._field(rec) if fld is None else fld)
                continue
            classes = child.classes
            if "note-unreadable" in classes:          # an unreadable spot: "[?]" in the excerpt
                self._sink(target).add("[?]", SHOWN_ONLY)
                continue
            if kv_row and child.tag in ("td", "th") and first_cell:
                # the label of a key/value row (a row header, pages/captions.py): shown, not searched
                first_cell = False
                label = _clean(self._text(child))
                if label:
                    self._sink(target).add(BREAK + "· " + label + ": ", SHOWN_ONLY)
                continue
            if child.tag in SKIP_TAGS or classes & SKIP_CLASSES:
                continue
            if KV_CLASS in classes or node._kv and child.tag in ("table", "tbody", "tr"):
                child._kv = True
            if META_CLASS in classes:
                # a sub-task's line follows its paragraph: it belongs to the record its
                # copy-link button names (data-anchor), not to the paragraph's
                own = self.by_anchor.get(_data_anchor(child) or "")
                self.walk(child, own or target, None, REST)
                continue
            if meta >= 0:
                role = next((ROLE_FIELDS[c] for c in classes if c in ROLE_FIELDS), None)
                if role is not None:
                    meta = role
                    continue
                rec = self._sink(target)
                if LABEL_CLASS in classes:
                    label = _clean(self._text(child))
                    rec.label = rec.label or label
                    rec.add(BREAK + label + BREAK, HEADING, False)
                elif child.tag == "a" and "agencies/" in child.attrs.get("href", ""):
                    name = _clean(self._text(child))
                    rec.add(BREAK + name + BREAK, meta, False)
                    if meta == HEADING and name not in rec.names.split(", "):
                        rec.names = (rec.names + ", " if rec.names else "") + name
                else:
                    self.walk(child, target, fld, meta)
                continue
            anchor = child.attrs.get("id", "")
            if child.tag in HEADING_TAGS:
                self._heading(child, anchor, target)
                continue
            if anchor and child.tag not in INLINE_TAGS:
                self.walk(child, self._new(anchor))
                continue
            if anchor and not child.text().strip():
                target = self._new(anchor)         # a marker: the rest of this parent is its record
                if classes & NAME_CLASSES:
                    fld, target.kind = NAME, "document"
                    # the cited document's name, up to the line break before what the texts say of it
                    head = []
                    for c in node.children:
                        if isinstance(c, Node) and c.tag == "br":
                            break
                        head.append(c if isinstance(c, str) else self._text(c))
                    target.title = _clean("".join(head))
                continue
            block = child.tag not in INLINE_TAGS
            if block:
                self._sink(target).add(BREAK, REST)
            ended = self.walk(child, target, fld, meta)
            if block:
                self._sink(ended if child.tag in ("td", "th") else target).add(BREAK, REST)
            if child.tag in ("td", "th") and node.tag == "tr" and ended is not target:
                target = ended       # a marker in a cell: the rest of the row is its record
        return target

    def _field(self, rec: Record) -> int:
        return TASK if rec.kind == "task" else REST

    def _heading(self, node: Node, anchor: str, target: Record | None) -> None:
        level = int(node.tag[1])
        text = _clean(self._text(node))
        self.headings = [(lv, t) for lv, t in self.headings if lv < level] + [(level, text)]
        if anchor.endswith("-cont"):
            anchor = ""         # a heading repeated on a long document's next page: its own page has its record
        if anchor and target is None:
            top = level == 1 and not any(r.title for r in self.records)
            rec = self._new("" if top else anchor, title=text, section=self._section_title(level))
            named = top and ((self.kind == "document" and not PART_URL.match(self.page_url))
                             or bool(NAMED_URL.match(self.page_url)))
            rec.add(text + BREAK, NAME if named else HEADING)
            self.section = rec
        else:
            self._sink(target).add(BREAK + text + BREAK, HEADING)

    def _text(self, node: Node) -> str:
        out = []
        for c in node.children:
            if isinstance(c, str):
                out.append(c)
            elif c.tag not in SKIP_TAGS and not (c.classes & SKIP_CLASSES):
                out.append(self._text(c))
        return "".join(out)


def split_records(html: str, page_url: str, tasks: dict | None = None) -> tuple[str, list[Record]]:
    """One page -> (language, records). ``tasks``: ``{record url: task}`` from the site's
    ``data/tasks.json``, which tells a task's block from other blocks. Records without
    words are dropped.

    >>> lang, recs = split_records('<html lang="vi"><article><h1 id="t">Đảng uỷ</h1>'
    ...     '<div class="item task" id="a-1"><p>Xây dựng ...</p></div></article></html>', "p/")
    >>> lang, [(r.url, r.title, r.text) for r in recs]
    ('vi', [('p/', 'Đảng uỷ', 'Đảng uỷ'), ('p/#a-1', '', 'Xây dựng ...')])
    """
    from .terms import has_word
    m = _HTML_LANG.search(html)
    lang = (m.group(1) if m else "").split("-")[0].lower()
    content = None
    for tag in CONTENT_TAGS:
        m = _CONTENT_START[tag].search(html)
        if m:
            content = parse_html(html, m.start(), one=True, drop=True).children[0]
            break
    if content is None:
        content = parse_html(html, drop=True)
    h1 = content.find("h1")
    if h1 is not None:
        page_title = _clean(h1.text().replace("¶", ""))
    else:
        m = _TITLE.search(html)
        page_title = _clean(unescape(m.group(1))) if m else page_url
    splitter = _Splitter(page_url, page_title, tasks or {})
    splitter.walk(content)
    return lang, [p for r in splitter.records for p in r.passages()
                  if any(has_word(t) for t, _, _ in p.pieces) or p.terms]


def page_files(site_dir: Path, default_lang: str = "vi", langs=None) -> dict[str, list[tuple[str, Path]]]:
    """``{lang: [(url, file), ...]}`` for every ``**/index.html`` (404.html and the data,
    assets and search folders excepted), grouped by the page's ``<html lang>`` (read from the
    file's first bytes), sorted by URL. ``langs``: only these languages."""
    out: dict[str, list[tuple[str, Path]]] = {}
    for f in sorted(site_dir.rglob("index.html")):
        rel = f.relative_to(site_dir)
        parts = rel.parts[1:] if rel.parts[0] == "en" else rel.parts
        if parts and parts[0] in SKIP_DIRS:
            continue
        url = "/".join(rel.parts[:-1]) + ("/" if len(rel.parts) > 1 else "")
        with open(f, "rb") as fh:
            head = fh.read(2000).decode("utf-8", errors="ignore")
        m = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", head)
        lang = (m.group(1).split("-")[0].lower() if m else default_lang)
        if langs is None or lang in langs:
            out.setdefault(lang, []).append((url, f))
    return out


def pages_by_lang(site_dir: Path, default_lang: str = "vi", langs=None) -> dict[str, list[tuple[str, str]]]:
    """``{lang: [(url, html), ...]}``: ``page_files`` with each page's HTML."""
    return {lang: [(url, f.read_text(encoding="utf-8")) for url, f in files]
            for lang, files in page_files(site_dir, default_lang, langs).items()}
