"""A text readers can trust (issue 7): no markup, directive or editor's note in visible text,
headings or the table of contents; notes as markers with a list at the end; every task
with its label, its legal reference and a copy-link button; provenance on every document.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import document_pages

SKIP = {"script", "style", "noscript", "template"}
# What must never be seen as text: raw tags and attributes, directives, editor's marks,
# Markdown attribute lists, comments, and escapes shown literally.
LEAKS = [
    (re.compile(r"<\s*/?\s*(?:span|div|sup|a|p|script|style|iframe)\b", re.I), "an HTML tag"),
    (re.compile(r"\b(?:class|title|href|onerror|onclick)\s*=\s*[\"']"), "an HTML attribute"),
    (re.compile(r"(?:^|\s)@(?:lead|coord|deadline|why|task|not-task|after-list|closing)\b"), "a directive"),
    (re.compile(r"\[(?:\?|ed):"), "an editor's mark as text"),
    (re.compile(r"\{\s*[.#:][^}]*\}"), "a Markdown attribute list"),
    (re.compile(r"(?:^|\s)%%"), "a comment"),
    (re.compile(r"&(?:lt|gt|quot|amp|#\d+);"), "an escaped entity shown literally"),
    (re.compile(r"\\[*_\[\]`#|]"), "a Markdown escape shown literally"),
    (re.compile(r"\bmarkdown\b\s*>"), "md_in_html syntax"),
]


class _Text(HTMLParser):
    """Visible text of a page, with the text of headings and of the table of contents apart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip = 0
        self.text: list[str] = []
        self.headings: list[str] = []
        self._h: list[str] | None = None
        self.toc: list[str] = []
        self._toc_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in SKIP:
            self.skip += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._h = []
        if tag == "nav" and ("toc" in (a.get("class") or "") or "toc" in (a.get("aria-label") or "").lower()):
            self._toc_depth = 1
        elif self._toc_depth and tag == "nav":
            self._toc_depth += 1
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._h is not None:
            self.headings.append("".join(self._h))
            self._h = None
        if tag == "nav" and self._toc_depth:
            self._toc_depth -= 1

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        if self._h is not None:
            self._h.append(data)
        if self._toc_depth:
            self.toc.append(data)


def _pages(site: Path):
    return sorted(p for p in site.rglob("*.html") if "search-index" not in p.parts)


@pytest.fixture(scope="module")
def parsed(built):
    out = {}
    for f in _pages(built / "site"):
        p = _Text()
        p.feed(f.read_text(encoding="utf-8"))
        out[f] = p
    return out


def test_no_markup_or_note_leaks_into_any_page(parsed):
    assert len(parsed) > 300
    bad = []
    for f, p in parsed.items():
        text = " ".join(p.text)
        for pat, what in LEAKS:
            m = pat.search(text)
            if m:
                bad.append(f"{f}: {what}: ...{text[max(0, m.start() - 60): m.end() + 40]}...")
    assert not bad, "\n".join(bad[:15])


def test_headings_and_contents_carry_no_note(parsed):
    for f, p in parsed.items():
        for h in p.headings + p.toc:
            assert not re.search(r"\[|OCR|\?\d", h), (f, h)


def test_notes_are_markers_with_a_list_at_the_end(built):
    # the page of 350/QĐ-TTg with the most notes (each page of a long document has its own)
    html = max((h for _, h in document_pages(built / "site", "350-qd-ttg")), key=lambda h: h.count("note-ref-"))
    refs = re.findall(r'<sup class="note-ref note-([a-z_]+)" id="note-ref-(\d+)"><a href="#note-(\d+)" title="([^"]+)"', html)
    assert len(refs) >= 10
    for kind, n, target, title in refs:
        assert n == target
        assert f'id="note-{n}"' in html and f'href="#note-ref-{n}"' in html
    # the notes of the Vietnamese page are in Vietnamese, those of the English page in English
    notes_vi = html.split('id="notes"', 1)[1]
    assert "Chỗ đọc chưa chắc chắn" in notes_vi and "the OCR" not in notes_vi
    en = (built / "site" / "en" / "plans" / "02-kh-bcdtw" / "index.html").read_text(encoding="utf-8")
    assert "Uncertain reading" in en.split('id="notes"', 1)[1]
    # the override reasons are notes too (02-KH/BCĐTW's), never a title attribute broken by their quotes
    pages = [h for _, h in document_pages(built / "site", "02-kh-bcdtw")]
    assert sum(h.count("note-ref note-why") for h in pages) >= 3
    assert all(h.count('<sup class="note-ref') == h.count('class="note-back"') for h in pages)


def test_appendix_cells_read_from_illegible_ocr_are_marked(built):
    """A row whose note says a cell was read from garbled OCR carries a visible [?: ...] mark
    in a cell, in both languages (the English notes of appendix.en.yml are read here)."""
    import yaml

    def rows(name):
        data = yaml.safe_load((built / "source_texts" / "350-qd-ttg" / name).read_text(encoding="utf-8"))
        return {(g["number"], r["stt"]): r for g in data["groups"] for r in g["rows"]}

    vi, en = rows("appendix.yml"), rows("appendix.en.yml")
    garbled = [k for k, r in en.items() if re.search(r"\b(?:garbled|illegible|read as|restored as|probably|likely)\b", r.get("note") or "", re.I)]
    assert len(garbled) >= 10
    cells = ("task", "lead", "coordinators", "output", "deadline")
    for table in (vi, en):
        unmarked = [k for k in garbled if not any("[?" in (table[k].get(c) or "") for c in cells)]
        assert not unmarked, unmarked
    # and the marks are where they are in both languages: same count per row
    for k in vi:
        assert sum((vi[k].get(c) or "").count("[?") for c in cells) == sum((en[k].get(c) or "").count("[?") for c in cells), k


def test_every_task_shows_label_reference_and_copy_button(built):
    import json

    tasks = json.loads((built / "site" / "data" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    pages = {}
    for t in tasks:
        for lang in ("vi", "en"):
            url = t["url"][lang]
            path, anchor = url.split("#")
            if path not in pages:
                pages[path] = (built / "site" / path.strip("/") / "index.html").read_text(encoding="utf-8")
            html = pages[path]
            assert f'class="copy-link" type="button" data-anchor="{anchor}"' in html, (t["id"], lang)
    t = next(t for t in tasks if t["id"] == "17-kh-bcd/III.2.b.1")
    html = pages[t["url"]["vi"].split("#")[0]]
    # III.2.b.1: point b of paragraph 2 of Section III, first indent
    block = html.split('id="iii-2-b-1"', 1)[1].split('class="copy-link"', 1)[0]
    assert "III.2.b.1" in block and "gạch đầu dòng thứ 1 điểm b khoản 2 Mục III" in block
    en = pages[t["url"]["en"].split("#")[0]].split('id="iii-2-b-1"', 1)[1].split('class="copy-link"', 1)[0]
    assert "Section III, paragraph 2, point b, indent 1" in en


@pytest.mark.parametrize("doc, issuer_vi, number", [
    ("17-kh-bcd", "Ban Chỉ đạo Chuyển đổi số trong các cơ quan đảng", "17-KH/BCĐ"),
    ("02-kh-bcdtw", "Ban Chỉ đạo Trung ương về phát triển khoa học", "02-KH/BCĐTW"),
    ("46-tb-tgv", "Tổ Giúp việc Ban Chỉ đạo Trung ương", "46-TB/TGV"),
    ("350-qd-ttg", "Thủ tướng Chính phủ", "350/QĐ-TTg"),
])
def test_each_document_states_its_provenance(built, doc, issuer_vi, number):
    html = (built / "site" / "plans" / doc / "index.html").read_text(encoding="utf-8")
    prov = html.split('class="provenance"', 1)[1].split("</div>", 1)[0]
    assert issuer_vi in prov and number in prov and "không chính thức" in prov
    links = re.findall(r'href="([^"]+\.txt)"', prov)
    assert links
    for href in links:
        target = (built / "site" / "plans" / doc / href).resolve()
        assert target.exists(), href
    assert "source_texts/" not in re.sub(r'href="[^"]+"', "", prov)      # no repository path as text
    en = (built / "site" / "en" / "plans" / doc / "index.html").read_text(encoding="utf-8")
    assert "unofficial consolidation" in en.split('class="provenance"', 1)[1].split("</div>", 1)[0]
