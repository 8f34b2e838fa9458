"""Render: views -> Markdown pages, one set per language, from Jinja2 templates.

Python prepares data and the language; templates hold all presentation. Only these
helpers produce markup, and they are registered as template filters.
"""
from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass

import jinja2

from .. import i18n
from ..extract.tasks import INLINE_ITEM
from ..extract.translation import en_group, en_row, task_intro, task_text
from ..models import Deadline, Document, Node, Task
from ..text import ED_NOTE, FOOTREF, UNREADABLE, slug_label, vi_sort_key
from . import timeline
from . import rawhtml
from .listing import paginate, window
from .parts import PARTS_MAP, document_parts, parts_map
from .views import Views, task_sort_key

# A cited document with more citing places than this gets a page of its own (citations/<n>/).
CITING_INLINE = 10
# The newest documents on the documents index, once the documents are listed by year.
PLANS_NEWEST = 20
# The tasks due next at the top of a big agency's page (its tasks are by year below).
NEXT_DUE = 10

TEMPLATES = __import__("pathlib").Path(__file__).parent / "templates"

# Editor's marks in restored texts (source_texts/README.md).
_ESC = str.maketrans({"\\": "\\\\", "*": "\\*", "_": "\\_", "`": "\\`", "<": "&lt;", ">": "&gt;",
                      "[": "\\[", "]": "\\]", "|": "\\|", "#": "\\#", "&": "&amp;",
                      # attribute lists ({ onclick=... }) and Jinja delimiters come out as text
                      "{": "&#123;", "}": "&#125;"})


@functools.lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
    return posixpath.relpath(target, start)


def served_dir(page: str) -> str:
    """The folder a page is served as, with directory URLs: 'agencies/bo-cong-an.md' ->
    'agencies/bo-cong-an', 'deadlines/index.md' -> 'deadlines', 'index.md' -> ''."""
    p = page[:-3]
    return posixpath.dirname(p) if posixpath.basename(p) == "index" else p


def page_url(current: str, target: str) -> str:
    """The URL of the page ``target`` ('deadlines/2026-03.md') relative to the page
    ``current`` ('agencies/bo-cong-an.md'), as served with directory URLs: for raw HTML,
    whose links MkDocs does not rewrite ('../../deadlines/2026-03/')."""
    rel = _relative(served_dir(target), served_dir(current))
    return "./" if rel == "." else rel + "/"


def _relative(target: str, start: str) -> str:
    """``posixpath.relpath(target or ".", start or ".")`` for two folders of the site
    ('agencies/bo-cong-an', '' for the root), without its two abspath() calls: a page's links
    ask it some 800,000 times at 1,000 documents."""
    t = target.split("/") if target and target != "." else []
    b = start.split("/") if start and start != "." else []
    if any(p in ("", ".", "..") for p in t) or any(p in ("", ".", "..") for p in b):
        return posixpath.relpath(target or ".", start or ".")      # not a plain folder: as posixpath says
    i, n = 0, min(len(t), len(b))
    while i < n and t[i] == b[i]:
        i += 1
    return "/".join([".."] * (len(b) - i) + t[i:]) or "."


# The Markdown extensions of mkdocs.yml that a block of a page can need, without those that
# work on the whole page (toc: headings; footnotes: the page's notes; rawhtml). Kept equal to
# mkdocs.yml's by tests/test_scale.py.
FRAGMENT_EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition", "build_scripts.pages.captions")
_MARKDOWN = []
_FRAGMENT_MARK = "\x00fragment:"
_FRAGMENT = re.compile(re.escape(_FRAGMENT_MARK) + r"(\d+)" + re.escape(_FRAGMENT_MARK))
# Between the fragments of a page, converted as one document: an HTML comment, which
# Markdown passes through on a line of its own.
_SEPARATOR = "<!--fragment-->"


def convert_fragments(texts: list[str]) -> list[str]:
    """The HTML of each Markdown block of ``texts``, with :data:`FRAGMENT_EXTENSIONS`, in one
    conversion (blocks do not run into each other: each is a whole block, ended by a blank line).

    >>> convert_fragments(["Một *đoạn*", "- a list"])
    ['<p>Một <em>đoạn</em></p>', '<ul>\\n<li>a list</li>\\n</ul>']
    """
    if not _MARKDOWN:
        import markdown

        _MARKDOWN.append(markdown.Markdown(extensions=list(FRAGMENT_EXTENSIONS)))
    md = _MARKDOWN[0]
    md.reset()
    html = md.convert("".join(f"{t}\n\n{_SEPARATOR}\n\n" for t in texts))
    parts = [p.strip("\n") for p in html.split(_SEPARATOR)]
    if len(parts) != len(texts) + 1 or parts[-1]:
        raise RuntimeError("a fragment of the page did not convert on its own (its Markdown runs into the next)")
    return parts[:-1]


def html_escape(s: str) -> str:
    """Text for HTML content (``&``, ``<``, ``>``), as Python-Markdown writes text."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_escape(s: str) -> str:
    return s.translate(_ESC)


def attr_escape(s: str) -> str:
    """A value for an HTML attribute or a double-quoted YAML scalar: no quote, tag or
    backslash can end it (``Bộ "X" <b>`` -> ``Bộ &quot;X&quot; &lt;b&gt;``)."""
    return (s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\\", "&#92;").replace("\n", " "))


def front_matter_str(s) -> str:
    """A value for the front matter (``title:``, ``description:``): one line, a JSON string
    (valid YAML), HTML-escaped, because themes put these values into ``<title>``,
    ``<meta content="...">`` and the navigation without escaping them."""
    import html
    import json

    return json.dumps(html.escape(" ".join(str(s).split()), quote=False).replace('"', "&quot;"), ensure_ascii=False)


class Abbreviations:
    """Abbreviations of the glossary where the texts use them: ``CSDL`` becomes a link to
    its glossary entry, with the expansion on hover. Only whole words: not inside a document
    number ("57-NQ/TW"), not a longer word."""

    def __init__(self, renderer, terms, lang: str):
        from ..source.glossary import abbreviations

        self.r = renderer
        self.lang = lang
        self.by_abbr = abbreviations(terms, lang)
        alts = sorted(self.by_abbr, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w/&.-])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w/&-])") if alts \
            else re.compile(r"(?!x)x")

    def markup(self, a: str, html: bool = False) -> str:
        t = self.by_abbr[a]
        title = t.vi if self.lang == "vi" else t.en
        url = self.r.link("glossary/index.md", glossary_anchor(a))
        if html:
            return f'<a class="abbr-link" href="{attr_escape(url)}"><abbr title="{attr_escape(title)}">{text_html(a)}</abbr></a>'
        return f'[<abbr title="{attr_escape(title)}">{md_escape(a)}</abbr>]({url}){{ .abbr-link }}'


def slug_of(number: str) -> str:
    """The anchor and page name of a cited document: ``'57-NQ/TW'`` -> ``'57-nq-tw'``."""
    return re.sub(r"[^a-z0-9]+", "-", slug_label(str(number))).strip("-")


def glossary_anchor(abbr_or_term: str) -> str:
    """``'CSDL'`` -> ``'g-csdl'``; ``'cơ sở dữ liệu'`` -> ``'g-co-so-du-lieu'``."""
    from ..text import fold

    return "g-" + re.sub(r"[^a-z0-9]+", "-", fold(abbr_or_term)).strip("-")


class Notes:
    """The editor's notes of one page: each ``[?: ...]``, ``[ed: ...]``, table note and
    override reason becomes a small numbered marker in the text (the note on hover, and a
    link to it) and an entry of the notes list at the end of the page."""

    KINDS = ("unreadable", "editor_note", "why")

    def __init__(self, lang: str):
        self.lang = lang
        self.items: list[tuple[int, str, str]] = []     # (number, kind, note as Markdown)

    def marker(self, kind: str, note: str) -> str:
        n = len(self.items) + 1
        self.items.append((n, kind, md_escape(note) if note else ""))
        label = i18n.t(kind, self.lang)
        tip = f"{label}: {note}" if note else label
        return (f'<sup class="note-ref note-{kind}" id="note-ref-{n}"><a href="#note-{n}" title="{attr_escape(tip)}" '
                f'aria-label="{attr_escape(label)} {n}">{"?" if kind == "unreadable" else ""}{n}</a></sup>')


def md_text(s: str, lang: str, footnotes: bool = True, anchors: dict[int, str] | None = None,
            links: list[tuple[int, int, str]] | None = None, notes: Notes | None = None,
            abbrs=None, html: bool = False) -> str:
    """Source text -> safe Markdown: escapes, editor's marks as note markers, footnote refs kept.

    ``anchors`` maps a character offset to an id: an empty anchor is inserted there (inline
    sub-items "(1) ... (2) ..." that are tasks of their own). Without ``notes`` (a title, a
    table cell of an index) the editor's marks are left out. ``html``: the HTML Markdown
    makes of that, written directly (the inline content of a paragraph: see :func:`plain`).
    """
    esc = text_html if html else md_escape
    tokens: list[tuple[int, int, str]] = []
    for m in ED_NOTE.finditer(s):
        tokens.append((_mark_start(s, m.start()), m.end(), notes.marker("editor_note", m["t"].strip()) if notes else ""))
    for m in UNREADABLE.finditer(s):
        tokens.append((_mark_start(s, m.start()), m.end(), notes.marker("unreadable", (m["t"] or "").strip()) if notes else ""))
    for m in FOOTREF.finditer(s):
        tokens.append((m.start(), m.end(), f"[^{m['k']}]" if footnotes else ""))
    for pos, aid in (anchors or {}).items():
        tokens.append((pos, pos, f'<span class="subtask" id="{aid}"></span>'))
    for a, b, url in links or []:
        tokens.append((a, b, f'<a class="citation" href="{attr_escape(url)}">{esc(s[a:b])}</a>' if html
                       else f"[{md_escape(s[a:b])}]({url}){{ .citation }}"))
    if abbrs is not None:
        for m in abbrs.pattern.finditer(s):
            tokens.append((m.start(), m.end(), abbrs.markup(m.group(0), html)))
    tokens.sort(key=lambda x: (x[0], x[1]))
    out, i = [], 0
    for a, b, rep in tokens:
        if a < i:
            continue
        out.append(esc(s[i:a]))
        out.append(rep)
        i = b
    out.append(esc(s[i:]))
    return "".join(out)


# What Markdown would make something else than a paragraph of, at the start of a text: a
# list ("- ", "+ ", "1. "), a rule ("---"), a code block (indent); a footnote reference is the
# page's (MkDocs makes the footnotes). Such a text goes through Markdown (render.fragment).
_NOT_PLAIN = re.compile(r"^(?:\s|[-+*]\s|\d+[.)]\s|[-_*=]{3,}|[#>])|\[\^|\n")


def plain(text: str, prefixed: bool = False) -> bool:
    """Whether Markdown makes one plain paragraph of ``text`` (``prefixed``: a marker is
    written before it, so its start cannot open a list)."""
    m = _NOT_PLAIN.search(text)
    return m is None or (prefixed and m.start() == 0 and "[^" not in text and "\n" not in text)


def text_html(s: str) -> str:
    """Text as Python-Markdown writes the Markdown of :func:`md_escape`."""
    return html_escape(s).replace("{", "&#123;").replace("}", "&#125;")


def _mark_start(s: str, i: int) -> int:
    """A mark takes the space before it along ("đa số [?: ...]" -> "đa số?1")."""
    while i > 0 and s[i - 1] == " ":
        i -= 1
    return i


VI_LETTERS = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ"
_QUOTED_VI = re.compile(r"'([^'\n]*[" + VI_LETTERS + r"][^'\n]*)'", re.I)


def quoted_vi(s: str) -> str:
    """Escaped Markdown of an English note, its quoted Vietnamese words marked as such
    (``'kho lưu trữ số' = 'digital archive'``: the first in ``<span lang="vi">``), so a
    screen reader reads them in Vietnamese (WCAG 3.1.2)."""
    out, i = [], 0
    for m in _QUOTED_VI.finditer(s):
        out.append(md_escape(s[i:m.start()]))
        out.append(f"'<span lang=\"vi\">{md_escape(m[1])}</span>'")
        i = m.end()
    out.append(md_escape(s[i:]))
    return "".join(out)


def css_string(s: str) -> str:
    """A CSS string literal, for the page's print footer (``@page`` margin box): quotes,
    backslashes and line breaks escaped, and ``<`` too, so no value can end the ``<style>``."""
    out = []
    for c in str(s):
        if c in '"\\' or c == "<" or ord(c) < 0x20 or ord(c) == 0x7f:
            out.append(f"\\{ord(c):x} ")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def strip_marks(s: str) -> str:
    """Text without its editor's marks and footnote references (titles, headings' plain text)."""
    return re.sub(r"\s*(?:\[(?:\?|ed:)[^\]]*\]|\[\^[0-9A-Za-z]+\](?!:))", "", s)


def summary(task, n: int = 260) -> str:
    """A task's words for lists: a numbered sub-item keeps the sentence that introduces it."""
    intro = task.extra.get("intro", "") if task.extra else ""
    if intro:
        return excerpt(intro, 90) + " " + excerpt(task.text, n)
    return excerpt(task.text, n)


def excerpt(s: str, n: int = 260) -> str:
    """The first ``n`` characters at a word boundary, on one line: a task's text can hold
    paragraphs ("... Lộ trình thực hiện: ..."), and a line break would end a table row."""
    s = " ".join(strip_marks(s).split())
    if len(s) <= n:
        return s
    cut = s[:n].rsplit(" ", 1)[0]
    return cut + " …"


@dataclass
class Page:
    path: str       # relative to the language folder, e.g. 'plans/17-kh-bcd.md'
    content: str


class Renderer:
    def __init__(self, views: Views, lang: str, site: dict | None = None, store=None):
        self.site = site or {}
        self.store = store              # cache.Store: a document's own pages, reused (document_pages)
        self._documents_fp = None
        self._final = False             # links as final URLs (inside fragment())
        self._fragments: list[str] = []  # the page's fragments, converted together (render)
        self.v = views
        self.lang = lang
        self.corpus = views.corpus
        self.reg = views.corpus.registry
        # templates compiled once, kept next to the store's entries (the templates' hash is the key)
        bcc = jinja2.FileSystemBytecodeCache(str(store.folder.parent / "jinja")) if store is not None else None
        if bcc is not None:
            store.folder.parent.joinpath("jinja").mkdir(parents=True, exist_ok=True)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False, trim_blocks=True,
            lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined, bytecode_cache=bcc)
        self.current = "index.md"
        self.notes = Notes(lang)
        self.abbrs = Abbreviations(self, views.corpus.glossary, lang)
        f = self.env.filters
        f["md"] = lambda s, **kw: md_text(s, self.lang, notes=self.notes, abbrs=self.abbrs, **kw)
        f["plain"] = lambda s: md_escape(strip_marks(s))
        f["esc"] = md_escape
        f["attr"] = attr_escape
        # a double-quoted YAML scalar for the front matter: JSON's string syntax is YAML's
        f["yaml_str"] = front_matter_str
        f["slug"] = slug_of
        f["excerpt"] = excerpt
        f["summary"] = self.summary
        f["first_n"] = lambda s, n: s[:n]
        f["css_str"] = css_string
        f["quoted_vi"] = quoted_vi
        g = self.env.globals
        g.update(t=lambda key, **kw: i18n.t(key, self.lang, **kw), lang=self.lang, link=self.link, data_link=self.data_link,
                 agency_link=self.agency_link, heading=self.heading, note=self.note, why_of=self.why_of,
                 place=self.task_label, reference=self.reference, phase_of=self.phase_of,
                 cited_kind=lambda k: i18n.cited_kind(k, self.lang), source_links=self.source_links,
                 row_l=self.row_l, group_l=self.group_l,
                 agency=self.agency_link, agency_name=self.agency_name, deadline=self.deadline_link,
                 badge=self.badge, task_link=self.task_link, para=self.para, place_label=self.place_label, plan_label=self.plan_label,
                 fmt_date=lambda d: i18n.format_date(d, self.lang), month_name=lambda k: i18n.month_name(k, self.lang),
                 kind_label=lambda k: i18n.pick(i18n.KIND_LABELS[k], self.lang),
                 agency_kind=lambda k: i18n.pick(i18n.AGENCY_KIND_LABELS[k], self.lang),
                 as_of=i18n.t("as_of", self.lang, date=i18n.format_date(views.as_of, self.lang)),
                 as_of_data=self.as_of_data(), public_url=self.public_url,
                 views=views, corpus=self.corpus, deadline_text=lambda d: i18n.deadline_text(d, self.lang),
                 status_label=lambda s: i18n.pick(i18n.STATUS_LABELS[s], self.lang), task_sort_key=task_sort_key,
                 # the deadline timeline (pages/timeline.py, templates/_timeline.md.j2)
                 timeline=lambda agency=None: timeline.chart(views, agency), page_url=lambda p: page_url(self.current, p),
                 month_short=lambda k: i18n.month_short(k, self.lang),
                 status_labels=[(k, i18n.pick(v, self.lang)) for k, v in i18n.STATUS_LABELS.items()],
                 pager_window=window, cited_slug=slug_of, citing_places=self.citing_places,
                 CITING_INLINE=CITING_INLINE, agency_years_table=self.agency_years_table, next_due=self.next_due,
                 year_label=lambda y: i18n.t("undated_year", self.lang) if y == "undated" else y,
                 summary_html=self.summary_html, agency_a=self.agency_a, agencies_a=self.agencies_a,
                 deadline_a=self.deadline_a, task_a=self.task_a, fragment=self.fragment,
                 has_footnote_ref=self.has_footnote_ref, doc_link=self.doc_link, raw=self.raw, plain_node=self.plain_node, plain=plain)
        f["h"] = html_escape

    # -- helpers used by templates ------------------------------------------------------
    def link(self, target: str, anchor: str = "") -> str:
        if self._final:                 # inside a fragment(): the URL readers follow
            return self.href(target, anchor)
        rel = _relpath(target, posixpath.dirname(self.current) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def doc_link(self, doc_id: str, anchor: str = "", folder: str = "plans") -> str:
        """A link to the page of a document that has ``anchor`` (pages/parts.py)."""
        return self.link(self.v.doc_page(doc_id, anchor, folder), anchor)

    def fragment(self, caller) -> str:
        """``{% call fragment() %}Markdown{% endcall %}``: the block converted to HTML here,
        its links written as the URLs readers follow, and passed to MkDocs whole
        (pages/rawhtml.py), so MkDocs does not parse it again. A document's text is most of
        what a build converts: its blocks are converted once, in the language's own process,
        and stored with the document's pages (:meth:`document_pages`). A block with a
        footnote reference stays Markdown: the page's footnotes are made by MkDocs."""
        self._final = True
        try:
            text = caller()
        finally:
            self._final = False
        self._fragments.append(text)
        return f"\n{_FRAGMENT_MARK}{len(self._fragments) - 1}{_FRAGMENT_MARK}\n"

    def has_footnote_ref(self, node) -> bool:
        """Whether a block's paragraphs refer to a footnote ("[^1]"): it is then left to
        MkDocs whole (:meth:`fragment`)."""
        return any(FOOTREF.search(p.text) for p in node.paragraphs)

    def public_url(self) -> str:
        """The page's address for readers: ``site_url`` of mkdocs.yml + the page as served
        ('plans/17-kh-bcd.md' -> 'http://chuyen-doi-so.internal/plans/17-kh-bcd/', English
        under 'en/'); without a site_url, the path from the site's root. Printed in the
        footer of every printed page (print.css) and the base of the links' printed URLs."""
        page = served_dir(self.current)
        path = (f"{self.lang}/" if self.lang != "vi" else "") + (page + "/" if page else "")
        base = str(self.site.get("site_url") or "")
        return (base.rstrip("/") + "/" if base else "/") + path

    def data_link(self, name: str) -> str:
        return self.site_file_link(f"data/{name}")

    def site_file_link(self, path: str) -> str:
        """URL of an open-data file, relative to the page's final URL (used in raw HTML).

        Open data is published once, at /data/, for both languages; it is not a page, so the
        URL is computed here for directory URLs ('agencies/x.md' is served at 'agencies/x/').
        """
        url_dir = served_dir(self.current)
        if self.lang != "vi":
            url_dir = posixpath.join(self.lang, url_dir)
        return posixpath.relpath(path, url_dir or ".")

    def citation_links(self, source) -> list[tuple[int, int, str]]:
        """Links for the in-corpus citations of the paragraph that starts at ``source``."""
        out = []
        for c in self.v.citations_at.get((source.file, source.line), []):
            if c.target_doc:
                out.append((c.start, c.end, self.doc_link(c.target_doc, c.target_anchor)))
        return out

    def as_of_data(self) -> str:
        """Attributes of the "as of" line: the build's date and the status words, for site.js."""
        import json

        labels = {k: i18n.pick(v, self.lang) for k, v in i18n.STATUS_LABELS.items()}
        labels["today"] = i18n.t("as_of_today", self.lang, date="{date}")
        labels["contents"] = i18n.t("page_contents", self.lang)
        return (f' data-as-of="{self.v.as_of.isoformat()}" data-labels="'
                + attr_escape(json.dumps(labels, ensure_ascii=False)) + '"')

    def place_label(self, label: str) -> str:
        words = {"preamble": ("căn cứ", "preamble"), "closing": ("phần cuối", "closing")}
        if label in words:
            return i18n.pick(words[label], self.lang)
        if label.startswith("fn "):
            return i18n.pick(("chú thích ", "note "), self.lang) + label[3:]
        if label.startswith("PL."):
            return i18n.t("appendix", self.lang) + " " + label[3:]
        return re.sub(r"^art(\d+)", ("Điều " if self.lang == "vi" else "Art. ") + r"\1", label)

    def para(self, p, **kw) -> str:
        """A paragraph of a document (preamble, closing, appendix cell) with its citations linked."""
        return md_text(p.text, self.lang, links=self.citation_links(p.source), notes=self.notes, abbrs=self.abbrs, **kw)

    def raw(self, caller) -> str:
        """``{% call raw() %}HTML{% endcall %}``: final HTML the template writes whole, its
        links as the URLs readers follow, passed through Markdown (pages/rawhtml.py)."""
        self._final = True
        try:
            text = caller()
        finally:
            self._final = False
        return f"\n{rawhtml.START}\n{text.strip()}\n{rawhtml.END}\n"

    def plain_node(self, node, prefixed_first: bool = True) -> bool:
        """Whether each paragraph of a block is a plain paragraph for Markdown (:func:`plain`),
        so the block can be written as HTML directly; the first paragraph of an item has its
        marker before it."""
        return all(plain(p.text, prefixed_first and i == 0) for i, p in enumerate(node.paragraphs))

    def summary(self, task: Task, n: int = 260) -> str:
        """A task's words for lists, in the page's language (the Vietnamese, marked as such,
        when the English block is missing), escaped for Markdown."""
        doc = self.corpus.document(task.plan)
        text = task_text(doc, task, self.lang)
        if text is None:
            return f'<span lang="vi">{md_escape(summary(task, n))}</span>'
        intro = task_intro(doc, task, self.lang) if (task.extra and task.extra.get("intro")) else ""
        s = (excerpt(intro, 90) + " " + excerpt(text, n)) if intro else excerpt(text, n)
        return md_escape(s)

    def heading(self, text: str, notes: bool = True) -> tuple[str, str]:
        """A heading's words (no note, so none reaches the table of contents) and the markers
        of its notes, to be put just below it (none when ``notes`` is false: a heading
        repeated on the next page of a document, "continued")."""
        marks = [m.group(0) for m in re.finditer(r"\[(?:\?|ed:)[^\]]*\]", text)] if notes else []
        return md_escape(strip_marks(text)), " ".join(md_text(m, self.lang, notes=self.notes) for m in marks)

    def note(self, kind: str, text: str) -> str:
        return self.notes.marker(kind, text)

    def why_of(self, task: Task) -> str:
        """The reason of an override, in the page's language: the English block's ``@why``
        (en.txt) on the English site, the Vietnamese one otherwise."""
        if self.lang != "vi":
            doc = self.corpus.document(task.plan)
            if doc.en is not None:
                node = doc.en.node(task.path) or doc.en.node(task.path[:-1])
                for p in (node.paragraphs if node else ()):
                    d = p.directive("why")
                    if d and d.value:
                        return d.value
        return task.override_why

    def agency_name(self, aid: str) -> str:
        return self.reg[aid].name(self.lang)

    def agency_link(self, aid: str) -> str:
        """A link to the agency's page; its name alone when it has none (a group's member
        that no document addresses)."""
        if not self.v.has_page(aid):
            return md_escape(self.agency_name(aid))
        return f"[{md_escape(self.agency_name(aid))}]({self.link(f'agencies/{aid}.md')})"

    def deadline_target(self, d: Deadline) -> tuple[str, str]:
        mk = d.month_key()
        if mk:
            return f"deadlines/{mk}.md", ""
        anchor = {"quarter": (d.value or "").lower(), "year": f"y{d.value}"}.get(d.kind, "")
        page = (self.v.section_page(d.kind, anchor) if anchor else "") or f"deadlines/{d.kind}.md"
        return page, anchor

    def deadline_link(self, d: Deadline) -> str:
        page, anchor = self.deadline_target(d)
        return f"[{md_escape(i18n.deadline_text(d, self.lang))}]({self.link(page, anchor)})"

    def badge(self, d: Deadline) -> str:
        """The status as of the build, with the deadline's window for site.js, which
        recomputes it against the reader's today (same rules as i18n.status_of)."""
        s = self.v.status(d)
        last, first = d.last_day(), d.first_day()
        data = f' data-kind="{d.kind}"' + (f' data-last="{last.isoformat()}"' if last else "") + (
            f' data-first="{first.isoformat()}"' if first else "")
        return f'<span class="status status-{s}"{data}>{i18n.pick(i18n.STATUS_LABELS[s], self.lang)}</span>'

    def plan_label(self, plan_id: str) -> str:
        doc = self.corpus.document(plan_id)
        return f"{i18n.pick(i18n.KIND_LABELS[doc.meta['kind']], self.lang)} {doc.number}"

    def task_label(self, task: Task) -> str:
        """'III.2.b.7', 'Điều 1.III.2' / 'Art. 1.III.2', 'Phụ lục IV.3' (phases left out)."""
        return self.place_label(".".join(p for p in task.path if not re.fullmatch(r"p\d+", p)))

    def place(self, task: Task) -> str:
        """Where a task is, for readers: 'IV.2.1.d (Giai đoạn từ nay đến ngày 30/6/2025)'."""
        parts = [p for p in task.path if not re.fullmatch(r"p\d+", p)]
        label = self.place_label(".".join(parts))
        if task.phase:
            label += f" ({excerpt(self.phase_of(task).rstrip(':'), 60)})"
        return label

    def phase_of(self, task: Task) -> str:
        """The heading of the task's phase in the page's language ('Period from now until 30
        June 2025' from en.txt on the English site)."""
        if not task.phase or self.lang == "vi":
            return task.phase
        doc = self.corpus.document(task.plan)
        for k in range(len(task.path) - 1, 0, -1):
            if re.fullmatch(r"p\d+", task.path[k - 1]) and doc.en is not None:
                node = doc.en.node(task.path[:k])
                if node is not None:
                    return strip_marks(node.paragraphs[0].text)
        return task.phase

    # Words for the outline levels, as a Vietnamese legal reference names them ("điểm b
    # khoản 2 Mục III") and in English ("Section III, paragraph 2, point b").
    LEVEL_WORDS = {
        "roman": ("Mục {}", "Section {}"), "article": ("Điều {}", "Article {}"),
        "number": ("khoản {}", "paragraph {}"), "decimal2": ("tiểu mục {}", "sub-section {}"),
        "letter": ("điểm {}", "point {}"), "dash": ("gạch đầu dòng thứ {}", "indent {}"),
        "phase": ("giai đoạn {}", "phase {}"), "paren": ("ý ({})", "item ({})"),
        "paren_roman": ("ý ({})", "item ({})"),
    }

    def reference(self, task: Task, lang: str) -> str:
        """``III.2.b.7`` -> 'gạch đầu dòng thứ 7 điểm b khoản 2 Mục III' / 'Section III,
        paragraph 2, point b, indent 7'; an appendix row -> 'STT 3 nhóm IV Phụ lục'."""
        vi = lang == "vi"
        if task.extra and "row" in task.extra:
            g, stt = task.path[1], task.path[2]
            return f"STT {stt} nhóm {g} Phụ lục" if vi else f"Appendix, group {g}, row {stt}"
        doc = self.corpus.document(task.plan)
        parts = []
        for k in range(1, len(task.path) + 1):
            node = doc.vi.node(task.path[:k])
            kind = node.kind if node else "paren"          # an inline sub-item "(4)"
            label = task.path[k - 1]
            if kind == "article":
                label = label[3:]
            elif kind == "phase":
                label = label[1:]
            elif node is None or kind in ("paren", "paren_roman"):
                label = re.sub(r"[a-z]$", "", label) if node is None else label
            elif node is not None and kind == "letter":
                label = node.marker.rstrip(")")
            parts.append(self.LEVEL_WORDS[kind][0 if vi else 1].format(label))
        if vi:
            # "Điều 1" stays outermost; Vietnamese names the innermost level first
            return " ".join(reversed(parts))
        return ", ".join(parts)

    def source_links(self, doc: Document) -> str:
        """'Tệp nguồn: vi.txt, en.txt, ...': the source files published with the site (the
        edit link is at the end of every page, :meth:`edit_target`)."""
        files = [f"source_texts/{doc.id}/{n}" for n in ("vi.txt", "en.txt", "meta.yml", "appendix.yml", "appendix.en.yml",
                                                           "ocr.txt", "seed.txt") if f"source_texts/{doc.id}/{n}" in self.corpus.files]
        out = [i18n.t("source_files", self.lang) + " " + ", ".join(
            f'<a href="{self.site_file_link(n)}">{n.rsplit("/", 1)[-1]}</a>' for n in files)]
        return " · ".join(out)

    def row_l(self, task: Task) -> dict:
        """An appendix row in the page's language (appendix.en.yml on the English site)."""
        row = task.extra["row"]
        if self.lang == "vi":
            return row
        return en_row(self.corpus.document(task.plan), task.extra["group"]["number"], row["stt"]) or row

    def group_l(self, doc: Document, group: dict) -> dict:
        """An appendix group (title, note) in the page's language."""
        return group if self.lang == "vi" else (en_group(doc, group["number"]) or group)

    # -- the same, as final HTML (for the blocks templates write whole: pages/rawhtml.py) ----
    def summary_html(self, task: Task, n: int = 260) -> str:
        text = task_text(self.corpus.document(task.plan), task, self.lang)
        if text is None:
            return f'<span lang="vi">{html_escape(summary(task, n))}</span>'
        doc = self.corpus.document(task.plan)
        intro = task_intro(doc, task, self.lang) if (task.extra and task.extra.get("intro")) else ""
        return html_escape((excerpt(intro, 90) + " " + excerpt(text, n)) if intro else excerpt(text, n))

    def href(self, target: str, anchor: str = "") -> str:
        """The URL of a page as readers follow it, from the current page (raw HTML)."""
        return page_url(self.current, target) + (f"#{anchor}" if anchor else "")

    def agency_a(self, aid: str) -> str:
        name = html_escape(self.agency_name(aid))
        if not self.v.has_page(aid):
            return name
        return f'<a href="{self.href(f"agencies/{aid}.md")}">{name}</a>'

    def agencies_a(self, ids) -> str:
        return ", ".join(self.agency_a(a) for a in ids)

    def deadline_a(self, d: Deadline) -> str:
        page, anchor = self.deadline_target(d)
        return f'<a href="{self.href(page, anchor)}">{html_escape(i18n.deadline_text(d, self.lang))}</a>'

    def task_a(self, task: Task, text: str | None = None) -> str:
        label = text or f"{self.plan_label(task.plan)}, {self.place(task)}"
        return f'<a href="{self.href(self.v.doc_page(task.plan, task.anchor), task.anchor)}">{html_escape(label)}</a>'

    def task_link(self, task: Task, text: str | None = None) -> str:
        label = text or f"{self.plan_label(task.plan)}, {self.place(task)}"
        return f"[{md_escape(label)}]({self.doc_link(task.plan, task.anchor)})"

    # -- pages ----------------------------------------------------------------------------
    def edit_target(self, template: str, source: tuple[str, int] | None) -> dict:
        """Where "Sửa văn bản này" leads: the page's source file (and line), or, for a page
        generated from every document, its template. A URL only where one exists: the
        repository's editor (``extra.source_edit_url``) or the source copy published here."""
        edit = self.site.get("source_edit_url") or ""
        edit = edit if edit.startswith(("https://", "http://")) else ""
        if source is None:
            rel = f"build_scripts/pages/templates/{template}"
            return {"generated": True, "path": rel, "line": 0, "url": edit + rel if edit else ""}
        rel, line = source
        return {"generated": False, "path": rel, "line": line,
                "url": edit + rel if edit else self.site_file_link(rel)}

    def render(self, template: str, path: str, keep_notes: bool = False, source: tuple[str, int] | None = None,
               **ctx) -> Page:
        self.current = path
        if not keep_notes:
            self.notes = Notes(self.lang)
        content = self.env.get_template(template).render(page_path=path, notes=self.notes,
                                                         edit_target=self.edit_target(template, source), **ctx)
        if self._fragments:
            html = convert_fragments(self._fragments)
            self._fragments = []
            content = _FRAGMENT.sub(lambda m: f"{rawhtml.START}\n{html[int(m[1])]}\n{rawhtml.END}", content)
        content = re.sub(r"\n{3,}", "\n\n", content)
        return Page(path, content)

    def pages(self, documents: bool = True):
        """Every page of the language, one at a time (a caller writes each and lets it go: at
        1,000 documents a language's Markdown is hundreds of MB); without ``documents``, all
        but the documents' own pages (:meth:`document_pages`)."""
        v = self.v
        yield self.render("home.md.j2", "index.md")
        yield self.render("agencies_index.md.j2", "agencies/index.md", **self.agencies_index_context())
        yield self.render("calendar.md.j2", "deadlines/index.md")
        yield from self.plans_index_pages()
        for p in v.without_lead_pages:
            yield self.render("without_lead.md.j2", p.path, page=p)
        for doc in self.corpus.documents if documents else ():
            yield from self.document_pages(doc)
        for a in v.agencies_sorted(self.lang):
            ctx = self.agency_context(a)
            yield self.render("agency.md.j2", f"agencies/{a.id}.md", agency=a,
                              source=(a.source.file, a.source.line), **ctx)
            for year, pages in v.agency_years.get(a.id, {}).items():
                for p in pages:
                    yield self.render("agency_year.md.j2", p.path, agency=a, year=year, page=p,
                                      source=(a.source.file, a.source.line))
        yield self.render("glossary.md.j2", "glossary/index.md", terms=self.glossary_terms(),
                          source=("source_texts/glossary.yml", 0))
        cities, provinces = v.provinces(self.lang)
        yield self.render("provinces.md.j2", "agencies/provinces.md", cities=cities, provinces=provinces,
                          source=("source_texts/agencies.yml", 0))
        for key, pages in v.month_pages.items():
            for p in pages:
                yield self.render("month.md.j2", p.path, key=key, page=p)
        for p in v.citation_pages:
            yield self.render("citations.md.j2", p.path, page=p)
        for number, cs in v.cited_documents():
            places = self.citing_places(cs)
            if len(places) > CITING_INLINE:
                pages = paginate(f"citations/{slug_of(number)}.md", f"citations/{slug_of(number)}", [("", places)], self.v.page_rows)
                for p in pages:
                    yield self.render("cited.md.j2", p.path, number=number, cs=cs, page=p)
        yield self.render("search.md.j2", "search/index.md")
        yield self.render("tasks.md.j2", "tasks/index.md", **self.explorer_context())
        yield self.render("notfound.md.j2", "notfound.md")    # -> 404.html (pages/postbuild.py)
        for kind, pages in v.kind_pages.items():
            for p in pages:
                yield self.render("kind.md.j2", p.path, kind=kind, page=p)

    def document_pages(self, doc: Document) -> list[Page]:
        """A document's own pages: its text (plans/) and its bilingual view (parallel/).

        They are most of the site's volume and depend on little besides the document's own
        files, so they are stored (``self.store``) under a hash of those files and of
        everything else they show (:meth:`documents_fingerprint`), and reused."""
        key = None
        if self.store is not None:
            from ..cache import digest

            files = self.corpus.files
            # a citation's link: the page of the cited document that has the cited place
            cites = [(c.source.file, c.source.line, c.start, c.end, c.target_doc or "", c.target_anchor or "",
                      self.v.doc_page(c.target_doc, c.target_anchor or "") if c.target_doc else "")
                     for c in self.v.citations_of(doc.id)]
            key = digest(self.documents_fingerprint(), doc.id, repr(cites),
                         *(part for rel in files.under(f"source_texts/{doc.id}/") for part in (rel, files.digest(rel))))
            hit = self.store.get(key)
            if hit is not None:
                return [Page(path, content) for path, content in hit]
        text = doc.en if self.lang == "en" and doc.en else doc.vi
        paging, parts = document_parts(doc, self.v.tasks_by_plan.get(doc.id, []), self.v.part_budget)
        ctx = self.plan_context(doc)
        pages = []
        nav = {folder: self.parts_nav(doc, text, paging, parts, folder) for folder in ("plans", "parallel")}
        for part in parts:
            pages.append(self.render(
                "plan.md.j2", paging.path(part.index), doc=doc, source=self.part_source(doc, text, part),
                part=part, paging=paging, parts_nav=nav["plans"],
                footnotes=[f for f in text.footnotes if f.key in part.footnotes], **ctx))
        for part in parts:
            path = paging.path(part.index, "parallel")
            self.current, self.notes = path, Notes(self.lang)
            pages.append(self.render("parallel.md.j2", path, keep_notes=True, doc=doc,
                                     source=self.part_source(doc, doc.en or doc.vi, part), part=part, paging=paging,
                                     parts_nav=nav["parallel"],
                                     rows=self.parallel_rows(doc, part)))
        if paging.split:
            pages.append(Page(f"plans/{doc.id}/{PARTS_MAP}", parts_map(paging)))
        if key is not None:
            self.store.put(key, [(p.path, p.content) for p in pages])
        return pages

    def part_source(self, doc: Document, text, part) -> tuple[str, int]:
        """The file and line a part of a document starts at, for its "edit this text" link."""
        u = part.first
        if u.kind in ("node", "after"):
            n = text.node(u.key) or doc.vi.node(u.key)
            return (text.file if text.node(u.key) else doc.vi.file, n.source.line if n else 0)
        if u.kind in ("appendix", "group", "row"):
            name = "appendix.en.yml" if text.lang == "en" and doc.appendix_en else "appendix.yml"
            return (f"source_texts/{doc.id}/{name}", 0)
        if u.kind == "closing" and text.closing:
            return (text.file, text.closing[0].source.line)
        return (text.file, 0)

    def parts_nav(self, doc: Document, text, paging, parts, folder: str) -> list[dict]:
        """The pages of a document cut into parts, for the list at the top of each and the
        pager at its foot (``_macros.md.j2`` doc_parts): each page's path (in ``folder``:
        plans or parallel), its title (what it starts with) and the sections that start on
        it, as ``(anchor, label)``. Empty for a document on one page."""
        if len(parts) < 2:
            return []
        out = []
        for p in parts:
            entries = []
            for k, u in enumerate(p.units):
                label = self.unit_label(doc, text, u, k == 0)
                if label:
                    anchor = u.anchor
                    if folder == "parallel" and u.kind in ("appendix", "closing") and anchor in ("pl", "recipients"):
                        anchor = ""         # not a row of the bilingual view: its page
                    entries.append((anchor, label))
            out.append({"index": p.index, "path": paging.path(p.index, folder), "entries": entries,
                        "title": entries[0][1] if entries else "", "first": paging.path(0, folder),
                        "map_page": paging.path(0), "map": PARTS_MAP})
        return out

    def unit_label(self, doc: Document, text, u, first: bool) -> str:
        """How the list of a document's pages names a section that starts on a page: a
        top-level item by its number and heading, the closing, the appendix and its groups;
        whatever starts a page (an item, a row) also when it is further down."""
        if u.kind == "node" and (len(u.key) == 1 or first):
            n = text.node(u.key) or doc.vi.node(u.key)
            words = excerpt(n.paragraphs[0].text, 70)
            return (f"{n.marker} {words}" if len(u.key) == 1 else f"{self.place_label(n.label)}: {words}").strip()
        if u.kind == "closing":
            return i18n.t("closing_part", self.lang)
        app = doc.appendix_en if (self.lang != "vi" and doc.appendix_en) else doc.appendix
        if u.kind == "appendix":
            return f"{i18n.t('appendix', self.lang)}: {excerpt(app.get('title', ''), 70)}"
        if u.kind == "group":
            g = self.group_l(doc, next(g for g in doc.appendix["groups"] if g["number"] == u.key))
            return f"{i18n.t('appendix', self.lang)} {u.key}. {excerpt(g.get('title', ''), 60)}"
        if u.kind == "row" and first:
            return f"{i18n.t('appendix', self.lang)} {u.anchor[3:].replace('-', '.', 1).upper()}"
        return ""

    def documents_fingerprint(self) -> str:
        """What a document's own pages show besides the document: the build's code and
        templates, the language, the "as of" date (statuses), the site settings, the agency
        registry and which agencies have a page (links), the glossary (abbreviations), the
        documents of the corpus (labels of citations), and the pages where quarter and year
        deadlines are listed (deadline links)."""
        if self._documents_fp is None:
            import json

            from ..cache import code_version, digest

            files = self.corpus.files
            shared = [rel for rel in sorted(files) if rel.count("/") == 1]      # agencies.yml, glossary.yml, ...
            self._documents_fp = digest(
                code_version(), self.lang, self.v.as_of.isoformat(), json.dumps(self.site, sort_keys=True, default=str),
                *(part for rel in shared for part in (rel, files.digest(rel))),
                " ".join(sorted(self.v._with_page)),
                repr([(d.id, d.number, d.meta.get("kind"), d.date.isoformat()) for d in self.corpus.documents]),
                repr(sorted((k, s, p) for (k, s), p in self.v._section_page.items() if k in ("quarter", "year"))),
                self.v.page_rows, self.v.part_budget)
        return self._documents_fp

    def plans_index_pages(self) -> list[Page]:
        """``plans/index.md``: every document in one table while they fit on a page; beyond,
        the documents by year of issue (a page per year, ``plans/by-year/2026.md``) and the
        newest ones."""
        years = self.v.plan_years
        if "" in years:
            return [self.render("plans_index.md.j2", p.path, page=p, years=None) for p in years[""]]
        newest = sorted(self.corpus.documents, key=lambda d: (d.date, d.id), reverse=True)[:PLANS_NEWEST]
        out = [self.render("plans_index.md.j2", "plans/index.md", page=None, years=years, newest=newest)]
        for year, pages in years.items():
            out += [self.render("plans_index.md.j2", p.path, page=p, years=None, year=year) for p in pages]
        return out

    def citing_places(self, cs) -> list:
        """The places that cite a document, one per anchor, in text order."""
        seen, out = set(), []
        for c in cs:
            if (c.citing_doc, c.anchor) not in seen:
                seen.add((c.citing_doc, c.anchor))
                out.append(c)
        return out

    def parallel_rows(self, doc: Document, part=None) -> list[dict]:
        """The document block by block: (label, anchor, Vietnamese, English) in text order,
        the English missing where there is none. Table rows come cell by cell. With ``part``
        (pages/parts.py), only the blocks of that part (its footnotes: ``part.footnotes``)."""
        rows = []

        def block(label, anchor, vi, en, vm="", em=""):
            def one(text, marker):
                if not text:
                    return ""
                lead = f'<span class="marker">{md_escape(marker)}</span> ' if marker else ""
                return lead + md_text(text, self.lang, notes=self.notes, abbrs=None)

            def one_html(text, marker):
                """The cell as the HTML Markdown makes of :func:`one`, or None when it is not a
                plain paragraph (render.plain)."""
                if not text:
                    return f"<p>{text_html(i18n.t('no_english', self.lang))}</p>"
                if not plain(text, bool(marker)):
                    return None
                lead = f'<span class="marker">{html_escape(marker)}</span> ' if marker else ""
                return f"<p>{lead}{md_text(text, self.lang, notes=self.notes, abbrs=None, html=True)}</p>"
            # the notes of a row are numbered once: as HTML when both cells are plain, else as Markdown
            mark = len(self.notes.items)
            vi_html, en_html = one_html(vi, vm), one_html(en, em)
            if vi_html is not None and en_html is not None:
                rows.append({"label": label, "anchor": anchor, "html": (vi_html, en_html)})
                return
            del self.notes.items[mark:]
            rows.append({"label": label, "anchor": anchor, "vi": one(vi, vm), "en": one(en, em), "html": None})

        en = doc.en
        for i, p in enumerate(doc.vi.preamble if part is None or part.head else ()):
            q = en.preamble[i] if en and i < len(en.preamble) else None
            block(i18n.t("preamble", self.lang) if i == 0 else "", f"preamble-{i + 1}", p.text, q.text if q else "")
        for n in doc.vi.walk():
            if part is not None and n.path not in part.nodes:
                continue
            e = en.node(n.path) if en else None
            for i, p in enumerate(n.paragraphs):
                q = e.paragraphs[i] if e and i < len(e.paragraphs) else None
                block(self.place_label(n.label) if i == 0 else "", n.anchor if i == 0 else "",
                      p.text, q.text if q else "", n.marker if i == 0 else "", (e.marker if e else "") if i == 0 else "")
        for i, p in enumerate(doc.vi.closing if part is None or part.closing else ()):
            q = en.closing[i] if en and i < len(en.closing) else None
            block(i18n.t("closing_part", self.lang) if i == 0 else "", f"closing-{i + 1}", p.text, q.text if q else "")
        fe = {f.key: f for f in en.footnotes} if en else {}
        for f in doc.vi.footnotes:
            if part is not None and f.key not in part.footnotes:
                continue
            block(f"[{f.key}]", f"fn-{f.key}", f.text, fe[f.key].text if f.key in fe else "")
        if doc.appendix:
            for g in doc.appendix["groups"]:
                eg = en_group(doc, g["number"])
                if part is None or g["number"] in part.groups:
                    block(f"{i18n.t('appendix', self.lang)} {g['number']}", f"pl-{g['number'].lower()}", g["title"],
                          eg["title"] if eg else "")
                for r in g["rows"]:
                    if part is not None and f"pl-{g['number'].lower()}-{r['stt']}" not in part.rows:
                        continue
                    er = en_row(doc, g["number"], r["stt"])
                    for cell in ("task", "lead", "coordinators", "output", "deadline"):
                        if r[cell].strip():
                            lab = f"{g['number']}.{r['stt']} · {i18n.t('col_' + {'task': 'task', 'lead': 'lead', 'coordinators': 'coord', 'output': 'output', 'deadline': 'deadline'}[cell], self.lang)}"
                            block(lab, f"pl-{g['number'].lower()}-{r['stt']}" if cell == "task" else "", r[cell], er[cell] if er else "")
        return rows

    def glossary_terms(self) -> list[dict]:
        """Glossary rows in the language's order, each with the anchors its abbreviations link to."""
        key = (lambda t: vi_sort_key(t.vi)) if self.lang == "vi" else (lambda t: t.en.lower())
        used = set(self.abbrs.by_abbr)
        out = []
        for t in sorted(self.corpus.glossary, key=key):
            anchors = [glossary_anchor(a) for a in dict.fromkeys(t.abbr + t.abbr_en) if a in used]
            out.append({"term": t, "id": glossary_anchor(t.vi), "anchors": anchors})
        return out

    def agencies_index_context(self) -> dict:
        """Agencies grouped by kind (in the order of i18n.AGENCY_KIND_LABELS), A-Z within a
        kind; those with no task at all, not even through a group, apart."""
        order = {k: i for i, k in enumerate(i18n.AGENCY_KIND_LABELS)}
        by_kind: dict[str, list] = {}
        without = []
        for a in self.v.agencies_sorted(self.lang):
            c = self.v.task_count(a.id)
            if not (c["lead"] or c["coordinate"] or c["via_group"]):
                without.append(a)
            else:
                by_kind.setdefault(a.kind, []).append(a)
        return {"agencies_by_kind": sorted(by_kind.items(), key=lambda kv: order.get(kv[0], 99)),
                "without_tasks": without}

    def explorer_context(self) -> dict:
        """The explorer's options: agencies that have a task (their own or through a group),
        grouped by kind like the agencies index; statuses, deadline kinds, and the words
        explorer.js needs (from this module's labels: one wording)."""
        import json

        ctx = self.agencies_index_context()
        labels = {k: i18n.t(k, self.lang) for k in ("f_count", "f_count_partial", "f_none", "f_more", "f_via", "lead",
                                                     "coordinators", "deadline", "status", "task", "role_word_lead",
                                                     "role_word_coordinate", "f_no_document",
                                                     "f_search_more", "f_loading", "f_csv_wait", "f_sort_gate", "f_sort_go")}
        labels["statuses"] = {k: i18n.pick(v, self.lang) for k, v in i18n.STATUS_LABELS.items()}
        labels["kinds"] = {k: i18n.pick(v, self.lang) for k, v in i18n.KIND_LABELS.items()}
        labels["lang"] = self.lang
        return {"explorer_agencies": [(k, [a.id for a in ids]) for k, ids in ctx["agencies_by_kind"]],
                "deadline_kinds": list(i18n.DEADLINE_KIND_LABELS),
                "deadline_kind_label": lambda k: i18n.pick(i18n.DEADLINE_KIND_LABELS[k], self.lang),
                "explorer_labels": json.dumps(labels, ensure_ascii=False, sort_keys=True)}

    def agency_years_table(self, aid: str) -> list[dict]:
        """The rows of a big agency's "by year" table: each year with its counts and page."""
        rows = []
        for year, pages in self.v.agency_years.get(aid, {}).items():
            tasks = [t for p in pages for t in p.rows]
            lead = sum(len(c.rows) for p in pages for c in p.chunks if c.key == "lead")
            rows.append({"year": year, "path": pages[0].path, "lead": lead, "coordinate": len(tasks) - lead,
                         "passed": sum(1 for t in tasks if self.v.status(t.effective_deadline) == "passed"),
                         "total": len(tasks)})
        return rows

    def next_due(self, aid: str, n: int = NEXT_DUE) -> list[tuple[Task, str]]:
        """The ``n`` tasks the agency leads or coordinates that fall due next (not yet passed,
        with a dated deadline), with its role, for the top of a big agency's page."""
        out = [(t, role) for role, ts in (("lead", self.v.by_lead.get(aid, [])), ("coordinate", self.v.by_coord.get(aid, [])))
               for t in ts if t.effective_deadline.last_day() and self.v.status(t.effective_deadline) != "passed"]
        out.sort(key=lambda x: (task_sort_key(x[0]), x[1]))
        return out[:n]

    def agency_context(self, a) -> dict:
        v, reg = self.v, self.reg
        members = reg.members(a.id)
        order = {k: i for i, k in enumerate(i18n.AGENCY_KIND_LABELS)}
        by_kind: dict[str, list[str]] = {}
        name_key = (lambda x: vi_sort_key(reg[x].vi)) if self.lang == "vi" else (lambda x: reg[x].en.lower())
        for m in sorted(members, key=name_key):
            by_kind.setdefault(reg[m].kind, []).append(m)
        return {"led": v.by_lead.get(a.id, []), "coordinated": v.by_coord.get(a.id, []),
                "via": v.by_group.get(a.id, []), "members": members,
                "members_by_kind": sorted(by_kind.items(), key=lambda kv: order.get(kv[0], 99)),
                "member_of": sorted(reg.member_of(a.id), key=name_key),
                "split": v.agency_split(a.id), "via_named": v.via_named(a.id)}

    def plan_context(self, doc: Document) -> dict:
        tasks = self.v.tasks_by_plan.get(doc.id, [])
        by_path: dict[tuple, list[Task]] = {}
        for t in tasks:
            by_path.setdefault(t.path, []).append(t)
        sub: dict[tuple, list[Task]] = {}
        for t in tasks:
            node = doc.vi.node(t.path)
            if node is None and not (t.extra and "row" in t.extra):  # an inline sub-item task: its node is the parent
                sub.setdefault(t.path[:-1], []).append(t)
        text = doc.en if (self.lang == "en" and doc.en is not None) else doc.vi
        translated = text.lang == self.lang

        def render_para(node: Node, para_index: int, html: bool = False) -> str:
            para = node.paragraphs[para_index]
            anchors = {}
            if para_index == 0 and node.path in sub:
                hits = list(INLINE_ITEM.finditer(para.text))
                # sub-task labels are the printed numbers, in order ('1', '2', ... or '1', '1b'
                # when a paragraph numbers twice): pair them with the printed "(n)" in order
                for h, t in zip(hits, sub[node.path]):
                    anchors[h.start()] = t.anchor
            return md_text(para.text, self.lang, anchors=anchors, links=self.citation_links(para.source), notes=self.notes,
                           abbrs=self.abbrs, html=html)

        meta = dict(doc.meta)
        if self.lang != "vi":
            for k, v in doc.meta_en.items():
                if k.startswith("__"):
                    continue
                if isinstance(v, dict) and isinstance(meta.get(k), dict):
                    meta[k] = {**meta[k], **{kk: vv for kk, vv in v.items() if not kk.startswith("__")}}
                else:
                    meta[k] = v
        appendix = doc.appendix_en if (self.lang != "vi" and doc.appendix_en) else doc.appendix
        return {
            "meta": meta, "appendix": appendix,
            "restored": f"source_texts/{doc.id}/ocr.txt" in self.corpus.files,
            "text": text, "translated": translated, "task_of": {p: ts for p, ts in by_path.items()},
            "sub_tasks": sub, "render_para": render_para,
            "task_count": len(tasks), "issuer": doc.meta["issuer"],
            "appendix_tasks": _appendix_by_group(tasks),
        }


def _appendix_by_group(tasks) -> dict[str, list[Task]]:
    out: dict[str, list[Task]] = {}
    for t in tasks:
        if t.extra and "row" in t.extra:
            out.setdefault(t.extra["group"]["number"], []).append(t)
    return out


def render_site(views: Views, site: dict | None = None) -> dict[str, list[Page]]:
    """Pages of both languages; ``site`` is the ``extra`` of mkdocs.yml (source_edit_url)
    and its ``site_url``."""
    return {lang: list(Renderer(views, lang, site).pages()) for lang in i18n.LANGS}


def render_language(views: Views, lang: str, site: dict | None = None, store=None):
    """Pages of one language, one at a time, a document's own pages reused from ``store``
    (cache.Store)."""
    return Renderer(views, lang, site, store).pages()


def render_documents(views: Views, lang: str, ids: set[str], site: dict | None = None, store=None) -> list[Page]:
    """The own pages (text, bilingual view) of the documents ``ids``, in one language: what a
    quick build of the preview renders after an edit of their texts (pages/writer.py)."""
    r = Renderer(views, lang, site, store)
    return [p for doc in views.corpus.documents if doc.id in ids for p in r.document_pages(doc)]
