"""Search index: built HTML -> records -> folded tokens -> small JSON shards.

Runs after ``mkdocs build`` on the finished ``site/`` (see :mod:`build_scripts.writer`), so
it indexes exactly what readers see, in every language, whatever produced the HTML.

Stages, one function each (eyecite's habit: small named verbs):

    pages_by_lang   site/**/index.html -> (lang, url, html), grouped by <html lang>
    split_records   one page's HTML -> Records, one per anchored block (id=)
    tokenize        text -> word tokens (runs of letters, digits and marks)
    index_records   Records -> folded token -> exact form -> postings
    write_index     postings + records -> site/search-index/<lang>/ (JSON, deterministic)

Matching rules (the browser's ``docs/assets/javascripts/search.js`` does the same; both are
described in ``docs-dev/SEARCH.md``):

* a word matches when its *folded* form is equal (or, for the last word typed, a prefix):
  ``text.fold`` removes case and every diacritic, đ included: ``'Đảng uỷ'`` -> ``'dang uy'``;
* each folded token keeps its *exact* forms (``text.match_key``: lower case, NFC, one tone
  placement), so a query typed with diacritics ranks exact matches first
  (``'đường'`` before ``'dương'``; ``'hoá'`` equals ``'hóa'``).

Example::

    >>> tokenize("Đảng uỷ Công an Trung ương (17-KH/BCĐ)")
    ['Đảng', 'uỷ', 'Công', 'an', 'Trung', 'ương', '17', 'KH', 'BCĐ']
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..text import fold, match_key, nfc

INDEX_DIR = "search-index"
FORMAT = 1

# Shards are keyed by the first PREFIX_LEN characters of the folded token: a query word of
# at least that many characters needs one shard; a shorter word is matched as a whole word
# in the shard named after it (tokens shorter than PREFIX_LEN are keyed by themselves).
PREFIX_LEN = 2

# Record chunks: records in document order, cut when a chunk's JSON passes this many bytes
# (a single longer record makes a chunk of its own). A query fetches only the chunks that
# hold the results it shows.
CHUNK_BYTES = 4_000

# A posting is the integer ``record_id * 32 + flags``; each list of postings is sorted and
# stored as differences from the previous one (small numbers, short JSON).
LENGTH_BUCKETS = (30, 100, 300)   # record length in tokens -> bucket 0..3, the low two bits
FLAG_TITLE = 4          # the word is in the record's heading (or an agency's other names)
FLAG_COLLECTED = 8      # the record is text collected under a heading, not an anchored block
FLAG_EARLY = 16         # the word is among the record's first EARLY_TOKENS words: a task
EARLY_TOKENS = 12       # names its lead agency first ("c) Đảng uỷ Công an Trung ương: ...")
FLAG_BITS = 5

# Where a page's content is: the first of these elements found. Generic HTML, no theme class.
CONTENT_TAGS = ("article", "main", "body")

# Elements whose text is not content. Tags are generic; each class is named with its origin.
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "nav", "form"})
SKIP_CLASSES = frozenset({
    "headerlink",         # Python-Markdown toc: the "¶" after each heading
    "footnote-backref",   # Python-Markdown footnotes: the "↩" back-link
    "permalink",          # build_scripts/pages/templates: the "¶" link after each task
    "as-of",              # build_scripts/pages/templates: "status as of <date>", on every page
    "note-ref",           # pages/render.py Notes: the numbered marker of an editor's note
    "heading-notes",      # pages/templates/plan.md.j2: the markers of a heading's notes
    "page-notes",         # pages/templates/_macros.md.j2: the editor's notes list at the end
    "task-ref",           # pages/templates/_macros.md.j2: "(điểm b khoản 2 Mục III)", generated
    "provenance",         # pages/templates/plan.md.j2: the source and status of the page
    "agency-summary",     # pages/templates/agency.md.j2: generated counts
    "edit-source",        # pages/templates/_macros.md.j2: "Sửa văn bản này", on every page
})

# Records longer than this many characters (a month's table of tasks) are stored and matched
# as passages of about this size: words must occur near each other, and a result's excerpt
# costs a small download.
PASSAGE_CHARS = 1000
# Stands for the edge of a block element in a record's collected text, where passages may be cut.
BREAK = "\ue000"

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements after which words do not run on ("<dt>Loại</dt><dd>Đảng uỷ</dd>" is two words);
# an id on one of them makes it a record of its own.
INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em",
                         "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong",
                         "sub", "sup", "time", "u", "var", "wbr"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "source", "track", "wbr"})

# The site's own export of the agency registry (build_scripts/pages/export.py): an agency's
# "aliases" (abbreviations and other spellings, e.g. "VPTW") and its names in the other
# languages are indexed as title words of its page's first record, so "VPTW", or the
# Vietnamese name typed on the English site, finds the agency page first.
AGENCIES_JSON = Path("data") / "agencies.json"


# --- tokens -------------------------------------------------------------------------------

def tokenize(text: str) -> list[str]:
    """Words of ``text``: maximal runs of letters, digits and combining marks (NFC first).

    The browser uses ``/[\\p{L}\\p{N}\\p{M}]+/gu`` on NFC text, which is the same rule.
    """
    out: list[str] = []
    cur: list[str] = []
    for ch in nfc(text):
        if unicodedata.category(ch)[0] in "LNM":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def exact_form(token: str) -> str:
    """The form kept for exact-diacritic ranking: ``'Uỷ'`` -> ``'ủy'``, ``'HOÁ'`` -> ``'hóa'``."""
    return match_key(token)


def shard_key(folded: str) -> str:
    """Shard file stem for a folded token: ``'dang'`` -> ``'da'``; other characters are
    spelled as ``_<hex>_`` so names stay ASCII: ``'ø'`` -> ``'_f8_'``."""
    return "".join(c if c in _ASCII_KEY else f"_{ord(c):x}_" for c in folded[:PREFIX_LEN])


_ASCII_KEY = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


# --- HTML -> records ------------------------------------------------------------------------

@dataclass
class _Node:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)   # _Node or str

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str):
        for c in self.children:
            if isinstance(c, _Node):
                if c.tag == tag:
                    return c
                hit = c.find(tag)
                if hit is not None:
                    return hit
        return None


class _TreeBuilder(HTMLParser):
    """A forgiving DOM: void elements never open, a stray end tag closes up to its match."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, {k: (v or "") for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, {k: (v or "") for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(html: str) -> _Node:
    b = _TreeBuilder()
    b.feed(html)
    b.close()
    return b.root


@dataclass
class Record:
    """One search result: an anchored block of a page.

    ``url`` is relative to the site root (``'plans/17-kh-bcd/#iii-2-b-1'``); ``title`` is the
    heading's text for heading records; ``section`` the nearest heading above (the page's
    h1 excepted: that is ``page``); ``also`` other names indexed as title words.
    """
    url: str
    page: str
    section: str
    title: str = ""
    parts: list = field(default_factory=list)
    also: list = field(default_factory=list)
    collected: bool = False

    @property
    def text(self) -> str:
        return _clean("".join(self.parts).replace(BREAK, " "))

    def passages(self) -> list["Record"]:
        """This record, or, if its text is longer than PASSAGE_CHARS, consecutive pieces of
        it cut between block elements (table rows, paragraphs), each at most that long unless
        one block is longer. They share the URL; a search shows the best one per URL."""
        if len(self.text) <= PASSAGE_CHARS:
            return [self]
        blocks = [b for b in (_clean(x) for x in "".join(self.parts).split(BREAK)) if b]
        out: list[Record] = []
        cur = ""
        for b in blocks:
            if cur and len(cur) + 1 + len(b) > PASSAGE_CHARS:
                out.append(cur)
                cur = b
            else:
                cur = (cur + " " + b) if cur else b
        if cur:
            out.append(cur)
        return [Record(self.url, self.page, self.section, self.title if i == 0 else "", [t],
                       self.also if i == 0 else [], self.collected)
                for i, t in enumerate(out)]


def _classes(node: _Node) -> set:
    return set(node.attrs.get("class", "").split())


def _clean(s: str) -> str:
    return " ".join(s.split())


class _Splitter:
    """Walks the content element in document order, sending text to the current record.

    * a heading with an id starts a new *section record* that collects the text after it
      (paragraphs and tables without ids of their own);
    * a block element with an id (``<div class="item task" id="iii-2-b-1">``, ``<li id=...>``)
      is a record of its own for its whole subtree;
    * an empty element with an id (``<span class="subtask" id="iii-2-b-2-1"></span>``) is a
      *marker*: the rest of its parent element, up to the next marker, is its record.
    """

    def __init__(self, page_url: str, page_title: str):
        self.page_url = page_url
        self.page_title = page_title
        self.records: list[Record] = []
        self.headings: list[tuple[int, str]] = []    # open heading levels, outermost first
        self.section: Record | None = None

    def _section_title(self, below: int = 7) -> str:
        for level, text in reversed(self.headings):
            if level < below and level > 1:
                return text
        return ""

    def _new(self, anchor: str, title: str = "", section: str | None = None, collected=False) -> Record:
        url = self.page_url + ("#" + anchor if anchor else "")
        rec = Record(url, self.page_title, self._section_title() if section is None else section, title,
                     collected=collected)
        self.records.append(rec)
        return rec

    def _sink(self, target: Record | None) -> Record:
        if target is not None:
            return target
        if self.section is None:
            self.section = self._new("", section="", collected=True)
        return self.section

    def walk(self, node: _Node, target: Record | None = None) -> None:
        for child in node.children:
            if isinstance(child, str):
                if target is not None or self.section is not None or child.strip():
                    self._sink(target).parts.append(child)
                continue
            if child.tag in SKIP_TAGS or _classes(child) & SKIP_CLASSES:
                continue
            anchor = child.attrs.get("id", "")
            if child.tag in HEADING_TAGS:
                level = int(child.tag[1])
                text = _clean(self._text(child))
                self.headings = [(lv, t) for lv, t in self.headings if lv < level] + [(level, text)]
                if anchor and target is None:
                    top = level == 1 and not any(r.title for r in self.records)
                    rec = self._new("" if top else anchor, title=text, section=self._section_title(level),
                                    collected=True)
                    rec.parts.append(text + BREAK)
                    self.section = rec
                else:
                    self._sink(target).parts.append(BREAK + text + BREAK)
                continue
            if anchor and child.tag not in INLINE_TAGS:
                self.walk(child, self._new(anchor))
                continue
            if anchor and not child.text().strip():
                target = self._new(anchor)         # a marker: the rest of this parent is its record
                continue
            block = child.tag not in INLINE_TAGS
            if block:
                self._sink(target).parts.append(BREAK)
            self.walk(child, target)
            if block:
                self._sink(target).parts.append(BREAK)

    def _text(self, node: _Node) -> str:
        out = []
        for c in node.children:
            if isinstance(c, str):
                out.append(c)
            elif c.tag not in SKIP_TAGS and not (_classes(c) & SKIP_CLASSES):
                out.append(self._text(c))
        return "".join(out)


def split_records(html: str, page_url: str) -> tuple[str, list[Record]]:
    """One page -> (language, records with text). Records without words are dropped.

    >>> lang, recs = split_records('<html lang="vi"><article><h1 id="t">Đảng uỷ</h1>'
    ...     '<div class="item task" id="a-1"><p>Xây dựng ...</p></div></article></html>', "p/")
    >>> lang, [(r.url, r.title, r.text) for r in recs]
    ('vi', [('p/', 'Đảng uỷ', 'Đảng uỷ'), ('p/#a-1', '', 'Xây dựng ...')])
    """
    root = parse_html(html)
    html_el = root.find("html")
    lang = ((html_el.attrs.get("lang") if html_el is not None else "") or "").split("-")[0].lower()
    content = None
    for tag in CONTENT_TAGS:
        content = root.find(tag)
        if content is not None:
            break
    content = content or root
    h1 = content.find("h1")
    title_el = root.find("title")
    page_title = _clean(h1.text().replace("¶", "")) if h1 is not None else (
        _clean(title_el.text()) if title_el is not None else page_url)
    splitter = _Splitter(page_url, page_title)
    splitter.walk(content)
    return lang, [p for r in splitter.records for p in r.passages() if tokenize(p.text)]


# --- pages -----------------------------------------------------------------------------------

# Folders of the built site that are not pages: data exports, assets, and search indexes.
# parallel/: the documents again, block by block beside their translation; a result there
# would only repeat the document page's.
SKIP_DIRS = frozenset({"data", "assets", "search", INDEX_DIR, "parallel", "source_texts"})


def pages_by_lang(site_dir: Path, default_lang: str = "vi") -> dict[str, list[tuple[str, str]]]:
    """``{lang: [(url, html), ...]}`` for every ``**/index.html`` (404.html and the data,
    assets and search folders excepted), grouped by the page's ``<html lang>``, sorted by URL."""
    out: dict[str, list[tuple[str, str]]] = {}
    for f in sorted(site_dir.rglob("index.html")):
        rel = f.relative_to(site_dir)
        if rel.parts[0] in SKIP_DIRS:
            continue
        url = "/".join(rel.parts[:-1]) + ("/" if len(rel.parts) > 1 else "")
        html = f.read_text(encoding="utf-8")
        m = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html[:2000])
        lang = (m.group(1).split("-")[0].lower() if m else default_lang)
        out.setdefault(lang, []).append((url, html))
    return out


def _agency_names(site_dir: Path, lang: str) -> dict[str, list[str]]:
    """``{page url: [other names]}`` from the site's agency export; empty if there is none.

    Example: an entry ``{"url": {"en": "/en/agencies/bo-cong-an/"}, "aliases": ["BCA"],
    "name": {"vi": "Bộ Công an", "en": "Ministry of Public Security"}}`` gives, for ``"en"``,
    ``{"en/agencies/bo-cong-an/": ["BCA", "Bộ Công an"]}``.
    """
    try:
        data = json.loads((site_dir / AGENCIES_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, list[str]] = {}
    for a in data.get("agencies", []) if isinstance(data, dict) else []:
        url = ((a.get("url") or {}).get(lang) or "").lstrip("/")
        other = [n for lg, n in sorted((a.get("name") or {}).items()) if lg != lang]
        names = [n for n in list(a.get("aliases") or []) + other if isinstance(n, str)]
        if url and names:
            out[url] = names
    return out


# --- index ----------------------------------------------------------------------------------

def length_bucket(n_tokens: int) -> int:
    return sum(n_tokens > b for b in LENGTH_BUCKETS)


def index_records(records: list[Record]) -> dict[str, dict[str, list[int]]]:
    """``{folded token: {exact form: [posting, ...]}}``, postings sorted (not yet as differences)."""
    postings: dict[str, dict[str, set[int]]] = {}
    for rid, rec in enumerate(records):
        body = tokenize(rec.text + " " + " ".join(rec.also))
        title = {exact_form(t) for t in tokenize(rec.title + " " + " ".join(rec.also))}
        flags = length_bucket(len(body)) | (FLAG_COLLECTED if rec.collected else 0)
        for i, tok in enumerate(body):
            folded = fold(tok)
            if not folded:
                continue
            exact = exact_form(tok)
            postings.setdefault(folded, {}).setdefault(exact, set()).add(
                (rid << FLAG_BITS) | flags | (FLAG_TITLE if exact in title else 0)
                | (FLAG_EARLY if i < EARLY_TOKENS else 0))
    # one posting per record and form: keep the strongest flags (title beats body)
    out: dict[str, dict[str, list[int]]] = {}
    for folded, forms in postings.items():
        out[folded] = {}
        for exact, ps in forms.items():
            best: dict[int, int] = {}       # record -> union of its flags for this form
            for p in ps:
                best[p >> FLAG_BITS] = best.get(p >> FLAG_BITS, 0) | (p & _FLAG_MASK)
            out[folded][exact] = sorted((r << FLAG_BITS) | f for r, f in best.items())
    return out


_FLAG_MASK = (1 << FLAG_BITS) - 1


def deltas(sorted_ints: list[int]) -> list[int]:
    """``[35, 50, 212]`` -> ``[35, 15, 162]`` (the browser adds them up again)."""
    return [b - a for a, b in zip([0] + sorted_ints, sorted_ints)]


def undeltas(ds: list[int]) -> list[int]:
    out, acc = [], 0
    for d in ds:
        acc += d
        out.append(acc)
    return out


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _record_json(rec: Record) -> dict:
    d = {"u": rec.url, "p": rec.page, "x": rec.text}
    if rec.section:
        d["s"] = rec.section
    if rec.title:
        d["t"] = rec.title
    if rec.also:
        d["a"] = rec.also
    return d


def write_index(out_dir: Path, lang: str, records: list[Record], postings: dict) -> dict:
    """Write ``manifest.json``, ``t/<key>.json`` (token shards) and ``r/<n>.json`` (record
    chunks) under ``out_dir``; return figures. Same input, same bytes: keys sorted, no dates."""
    (out_dir / "t").mkdir(parents=True, exist_ok=True)
    (out_dir / "r").mkdir(parents=True, exist_ok=True)
    shards: dict[str, dict] = {}
    for folded, forms in postings.items():
        shards.setdefault(shard_key(folded), {})[folded] = {e: deltas(ps) for e, ps in forms.items()}
    shard_bytes = {}
    for key, content in sorted(shards.items()):
        data = _dump(content).encode("utf-8")
        (out_dir / "t" / f"{key}.json").write_bytes(data)
        shard_bytes[key] = len(data)
    starts, chunk, size = [], [], 0
    chunks: list[list[dict]] = []
    for rid, rec in enumerate(records):
        j = _record_json(rec)
        n = len(_dump(j).encode("utf-8"))
        if chunk and size + n > CHUNK_BYTES:
            chunks.append(chunk)
            chunk, size = [], 0
        if not chunk:
            starts.append(rid)
        chunk.append(j)
        size += n
    if chunk:
        chunks.append(chunk)
    chunk_bytes = []
    for i, c in enumerate(chunks):
        data = _dump(c).encode("utf-8")
        (out_dir / "r" / f"{i}.json").write_bytes(data)
        chunk_bytes.append(len(data))
    # runs of records that are passages of one block: [first id, count]; results show one per run
    groups: list[list[int]] = []
    for rid, rec in enumerate(records):
        if rid and rec.url == records[rid - 1].url:
            if groups and groups[-1][0] + groups[-1][1] == rid:
                groups[-1][1] += 1
            else:
                groups.append([rid - 1, 2])
    manifest = {"format": FORMAT, "lang": lang, "records": len(records), "prefix": PREFIX_LEN,
                "chunks": starts, "groups": groups, "shards": sorted(shards)}
    mdata = _dump(manifest).encode("utf-8")
    (out_dir / "manifest.json").write_bytes(mdata)
    return {"records": len(records), "tokens": len(postings), "shards": len(shards),
            "chunks": len(chunks), "manifest_bytes": len(mdata),
            "shard_bytes": sum(shard_bytes.values()), "largest_shard_bytes": max(shard_bytes.values(), default=0),
            "chunk_bytes": sum(chunk_bytes), "largest_chunk_bytes": max(chunk_bytes, default=0),
            "index_bytes": len(mdata) + sum(shard_bytes.values()) + sum(chunk_bytes)}


def build_search_index(site_dir: Path) -> dict:
    """Index every page of the built ``site_dir`` into ``site_dir/search-index/<lang>/``.

    Returns figures per language, e.g. ``{"vi": {"pages": 97, "records": 2400, ...}}``.
    """
    site_dir = Path(site_dir)
    root = site_dir / INDEX_DIR
    if root.exists():
        import shutil
        shutil.rmtree(root)
    figures = {}
    for lang, pages in sorted(pages_by_lang(site_dir).items()):
        records: list[Record] = []
        also = _agency_names(site_dir, lang)
        for url, html in pages:
            _, recs = split_records(html, url)
            if recs and url in also:
                recs[0].also = also[url]
            records.extend(recs)
        fig = write_index(root / lang, lang, records, index_records(records))
        fig["pages"] = len(pages)
        figures[lang] = fig
    return figures


# --- query (the reference for search.js; used by tests and benchmarks) ----------------------

# Tiers of a word's match, best first. The order of sorting keys is in ``search``.
WHOLE, PREFIX = 2, 1
LENGTH_FACTOR = (1.0, 0.85, 0.7, 0.5)
TITLE_FACTOR = 3
COLLECTED_FACTOR = 0.6
EARLY_FACTOR = 1.5
MAX_RESULTS = 10


@dataclass
class QueryWord:
    folded: str
    exact: str
    prefix: bool


def parse_query(q: str) -> list[QueryWord]:
    """``'Đảng uỷ cong a'`` -> words; the last one is a prefix unless the query ends in a
    space or punctuation, and only when it has at least PREFIX_LEN characters."""
    toks = tokenize(q)
    q = nfc(q)
    out = []
    for i, t in enumerate(toks):
        f = fold(t)
        if not f:
            continue
        last = i == len(toks) - 1 and q.endswith(t)
        out.append(QueryWord(f, exact_form(t), last and len(f) >= PREFIX_LEN))
    return out


class IndexReader:
    """Reads one language's index from disk the way the browser does, counting bytes."""

    def __init__(self, lang_dir: Path):
        self.dir = Path(lang_dir)
        self.fetched: dict[str, int] = {}
        self.manifest = self._load("manifest.json")

    def _load(self, rel: str):
        data = (self.dir / rel).read_bytes()
        self.fetched[rel] = len(data)
        return json.loads(data)

    def shard(self, key: str) -> dict:
        if key not in self.manifest["shards"]:
            return {}
        return self._load(f"t/{key}.json")

    def record(self, rid: int) -> dict:
        starts = self.manifest["chunks"]
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= rid:
                lo = mid
            else:
                hi = mid - 1
        return self._load(f"r/{lo}.json")[rid - starts[lo]]


def match_word(shard: dict, w: QueryWord) -> dict[int, tuple[int, bool, float, int]]:
    """``{record id: (tier, exact, weight, length bucket)}``: one query word's best match in
    each record. ``exact`` only counts when the word was typed with diacritics."""
    hits: dict[int, tuple[int, bool, float, int]] = {}
    typed_marks = w.exact != w.folded
    for folded, forms in shard.items():
        if folded == w.folded:
            tier = WHOLE
        elif w.prefix and folded.startswith(w.folded):
            tier = PREFIX
        else:
            continue
        for exact, postings in forms.items():
            is_exact = typed_marks and (exact == w.exact if tier == WHOLE else exact.startswith(w.exact))
            for p in undeltas(postings):
                rid = p >> FLAG_BITS
                weight = (TITLE_FACTOR if p & FLAG_TITLE else COLLECTED_FACTOR if p & FLAG_COLLECTED else 1)
                weight *= EARLY_FACTOR if p & FLAG_EARLY else 1
                cand = (tier, is_exact, weight, p & 3)
                old = hits.get(rid)
                hits[rid] = cand if old is None else max(old, cand)
    return hits


def rank(word_hits: list[dict[int, tuple[int, bool, float, int]]]) -> list[tuple]:
    """Sort records: more query words matched; then more words matched with the typed
    diacritics; then score (whole word 2, prefix 1; x3 in a heading, x0.6 in text collected
    under a heading, x1.5 among a record's first words; x1 .. x0.5 from short to long
    records); then document order.
    Returns ``[(rid, matched, exact, score), ...]``."""
    recs: dict[int, list] = {}
    for hits in word_hits:
        for rid, (tier, is_exact, weight, bucket) in hits.items():
            r = recs.setdefault(rid, [0, 0, 0, bucket])
            r[0] += 1
            r[1] += is_exact
            r[2] += tier * weight
    out = []
    for rid, (matched, exact, score, bucket) in recs.items():
        out.append((rid, matched, exact, round(score * LENGTH_FACTOR[bucket], 4)))
    out.sort(key=lambda r: (-r[1], -r[2], -r[3], r[0]))
    return out


def collapse(ranked: list[tuple], groups: list[list[int]]) -> list[tuple]:
    """Keep the best-ranked passage of each block (``groups`` as in the manifest)."""
    first = {}
    for start, n in groups:
        for rid in range(start, start + n):
            first[rid] = start
    seen, out = set(), []
    for r in ranked:
        g = first.get(r[0], r[0])
        if g not in seen:
            seen.add(g)
            out.append(r)
    return out


def search(lang_dir: Path, query: str, limit: int = MAX_RESULTS) -> tuple[list[dict], dict[str, int]]:
    """Run ``query`` against ``site/search-index/<lang>``: (results, files fetched -> bytes).

    Each result is its record (``u`` url, ``p`` page, ``s`` section, ``t`` title, ``x`` text)
    plus ``matched`` (query words found) and ``exact`` (found with the typed diacritics).
    Records matching every word come first; those matching fewer follow.
    """
    reader = IndexReader(lang_dir)
    words = parse_query(query)
    if not words:
        return [], reader.fetched
    hits = [match_word(reader.shard(shard_key(w.folded)), w) for w in words]
    ranked = collapse(rank(hits), reader.manifest.get("groups", []))
    results = []
    for rid, matched, exact, score in ranked[:limit]:
        rec = dict(reader.record(rid))
        rec.update(id=rid, matched=matched, exact=exact, score=score)
        results.append(rec)
    return results, reader.fetched


__all__ = ["build_search_index", "split_records", "tokenize", "fold", "exact_form", "shard_key",
           "index_records", "search", "parse_query"]
