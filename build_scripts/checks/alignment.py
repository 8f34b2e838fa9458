"""Alignment: the English text has the Vietnamese text's blocks, one for one, and says the
same numbers.

Blocks are paired by their place in the outline (the task ids), so a missing or extra block
names both files and lines. A paired English block that is identical to the Vietnamese, or
that still has Vietnamese words (other than names, quotes and document numbers), or whose
numbers and document numbers differ from the Vietnamese, is a warning. ``coverage`` gives
the share of Vietnamese blocks that have an English block of their own, per document.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..models import Document, Paragraph, Source
from ..problems import Problems

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
# Numbers an English sentence writes as words ("two-tier", "the four blocks", "once a week").
NUMBER_WORDS = {"one": "1", "once": "1", "two": "2", "twice": "2", "three": "3", "four": "4", "five": "5",
                "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "first": "1", "second": "2",
                "third": "3", "fourth": "4"}
# Vietnamese letters: a word of the English text that has one is Vietnamese (or a name).
VI_LETTER = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
# A document number: 57-NQ/TW, 350/QĐ-TTg, 02-KH/BCĐTW, 73/2019/NĐ-CP.
DOC_NUMBER = re.compile(r"\b\d+[A-Za-z]?(?:/\d{4})?(?:[-/][A-ZĐ&]+[A-ZĐ0-9&]*)+(?:-[A-ZĐ]+)*")
MARK = re.compile(r"\[(?:\?|ed:)[^\]]*\]|\[\^\w+\]")
QUOTED = re.compile(r'"[^"]*"|“[^”]*”')


@dataclass
class Coverage:
    doc: str
    blocks: int = 0          # Vietnamese blocks
    translated: int = 0      # with an English block of their own, not a copy of the Vietnamese
    words_vi: int = 0
    words_en: int = 0
    rows: int = 0            # rows of a task table (appendix.yml)
    rows_translated: int = 0

    @property
    def share(self) -> float:
        total = self.blocks + self.rows
        return (self.translated + self.rows_translated) / total if total else 1.0

    def __str__(self) -> str:
        rows = f", {self.rows_translated}/{self.rows} table rows" if self.rows else ""
        return (f"{self.doc}: {self.share:.0%} translated ({self.translated}/{self.blocks} blocks{rows}; "
                f"{self.words_vi} Vietnamese words, {self.words_en} English)")


# Compiled once: every block of every document goes through them.
_VI_DATE = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")
_VI_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+\d{1,2}\s+năm\s+(\d{4})", re.I)
_VI_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})\s*/\s*(\d{4})", re.I)
_VI_MONTH = re.compile(r"tháng\s+\d{1,2}\b", re.I)
_VI_QUARTER = re.compile(r"quý\s+[IV]+\s*/\s*(\d{4})", re.I)
_VI_TERM = re.compile(r"(khoá|khóa)\s+([IVXL]+)\b")
_EN_QUARTER = re.compile(r"\bQ[1-4]\b")
_EN_HOUR = re.compile(r"\b(\d{1,2}):00\b")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_THOUSANDS_SEP = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_]+")


def _numbers_vi(s: str) -> Counter:
    s = MARK.sub(" ", s)
    s = _VI_DATE.sub(r"\1 \3", s)                 # 30/6/2026 -> 30 2026
    s = _VI_LONG_DATE.sub(r"\1 \2", s)
    s = _VI_MONTH_YEAR.sub(r"\2", s)               # tháng 4/2026 -> 2026
    s = _VI_MONTH.sub(" ", s)
    s = _VI_QUARTER.sub(r"\1", s)
    # "khoá XIII", "Hội nghị lần thứ tám": a term written in Roman numerals is a number in English ("13th")
    s = _VI_TERM.sub(lambda m: f"{m.group(1)} {_roman(m.group(2))}", s)
    return _numbers(s)


def _roman(r: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(r):
        v = vals[ch]
        total += -v if i + 1 < len(r) and vals[r[i + 1]] > v else v
    return total


def _numbers_en(s: str) -> Counter:
    s = MARK.sub(" ", s)
    s = _EN_QUARTER.sub(" ", s)
    s = _EN_HOUR.sub(r"\1", s)               # "10 giờ" -> "10:00"
    return _numbers(s)


def _number_words(s: str) -> Counter:
    """Numbers the English writes as words: they may stand for a Vietnamese digit."""
    return Counter(NUMBER_WORDS[w.lower()] for w in _LATIN_WORD.findall(MARK.sub(" ", s)) if w.lower() in NUMBER_WORDS)


def _numbers(s: str) -> Counter:
    s = _THOUSANDS_SEP.sub("", s)            # 1.000 / 1,000 -> 1000
    return Counter(str(int(n)) if n.isdigit() else n for n in _NUMBER.findall(s))


def _vietnamese_words(s: str) -> list[str]:
    """Lower-case words with Vietnamese letters, outside marks, quotes and document numbers
    (names are capitalised: Tô Lâm, Cao Bằng)."""
    s = DOC_NUMBER.sub(" ", QUOTED.sub(" ", MARK.sub(" ", s)))
    return [w for w in _WORD.findall(s) if VI_LETTER.search(w) and w[0].islower()]


def _pairs(doc: Document, problems: Problems) -> list[tuple[Paragraph, Paragraph]]:
    vi, en = doc.vi, doc.en
    out: list[tuple[Paragraph, Paragraph]] = []

    def pair_lists(a, b, what: str, where_vi: Source, where_en: Source):
        for k in range(max(len(a), len(b))):
            if k >= len(b):
                problems.error(a[k].source, "translation", f"{what}: block {k + 1} ({a[k].source}) has no English "
                               f"block in {en.file} (near {where_en}); expected one English block for each")
            elif k >= len(a):
                problems.error(b[k].source, "translation", f"{what}: English block {k + 1} ({b[k].source}) has no "
                               f"Vietnamese block in {vi.file} (near {where_vi}); remove it or split the Vietnamese")
            else:
                out.append((a[k], b[k]))

    first = lambda ps, text: ps[0].source if ps else Source(text.file, 1)
    vi_nodes = {n.path: n for n in vi.walk()}
    en_nodes = {n.path: n for n in en.walk()}
    for path, n in vi_nodes.items():
        if path not in en_nodes:
            near = next((en_nodes[path[:k]].source for k in range(len(path) - 1, 0, -1) if path[:k] in en_nodes), Source(en.file, 1))
            problems.error(n.source, "outline", f"item {n.label} ('{n.marker}') has no English in {en.file} (its parent "
                           f"is at {near}); the English text must have the same outline: same markers, same order")
    for path, e in en_nodes.items():
        if path not in vi_nodes:
            near = next((vi_nodes[path[:k]].source for k in range(len(path) - 1, 0, -1) if path[:k] in vi_nodes), Source(vi.file, 1))
            problems.error(e.source, "outline", f"item {e.label} ('{e.marker}') of the English is not in {vi.file} (its "
                           f"parent is at {near}); remove it, or check its marker against the Vietnamese")
    pair_lists(vi.preamble, en.preamble, "preamble", first(vi.preamble, vi), first(en.preamble, en))
    for n in vi.walk():
        e = en_nodes.get(n.path)
        if e is not None:          # a missing item is an outline error (pipeline)
            pair_lists(n.paragraphs, e.paragraphs, f"item {n.label}", n.source, e.source)
    pair_lists(vi.closing, en.closing, "closing", first(vi.closing, vi), first(en.closing, en))
    fe = {f.key: f for f in en.footnotes}
    for f in vi.footnotes:
        if f.key in fe:
            out.append((f, fe[f.key]))
        else:
            problems.error(f.source, "translation", f"footnote [^{f.key}] has no English in {en.file}")
    return out


def check_alignment(doc: Document, problems: Problems) -> Coverage:
    """Compare ``doc.vi`` with ``doc.en`` block by block; return the translation coverage."""
    cov = Coverage(doc.id)
    vi_blocks = list(doc.vi.preamble) + [p for n in doc.vi.walk() for p in n.paragraphs] + list(doc.vi.closing) + list(doc.vi.footnotes)
    cov.blocks = len(vi_blocks)
    cov.words_vi = sum(len(MARK.sub(" ", p.text).split()) for p in vi_blocks)
    cells = ("task", "lead", "coordinators", "output", "deadline")
    if doc.appendix:
        en_rows = {(g["number"], r["stt"]): r for g in (doc.appendix_en or {}).get("groups", []) for r in g["rows"]}
        for g in doc.appendix["groups"]:
            for r in g["rows"]:
                cov.rows += 1
                cov.words_vi += sum(len(MARK.sub(" ", r[c]).split()) for c in cells)
                er = en_rows.get((g["number"], r["stt"]))
                if er is not None and MARK.sub("", er["task"]).strip() != MARK.sub("", r["task"]).strip():
                    cov.rows_translated += 1
                    cov.words_en += sum(len(MARK.sub(" ", er[c]).split()) for c in cells)
    if doc.en is None:
        return cov
    for a, b in _pairs(doc, problems):
        cov.words_en += len(MARK.sub(" ", b.text).split())
        if MARK.sub("", a.text).strip() == MARK.sub("", b.text).strip() and len(_vietnamese_words(a.text)) > 0:
            problems.warning(b.source, "translation", f"this English block is the Vietnamese of {a.source} copied; translate it")
            continue
        cov.translated += 1
        left = _vietnamese_words(b.text)
        if left:
            problems.warning(b.source, "translation", f"Vietnamese words left in the English: {' '.join(dict.fromkeys(left[:8]))} "
                             f"(block of {a.source}); translate them (names are capitalised, quotes and marks are left alone)")
        na, nb = _numbers_vi(a.text), _numbers_en(b.text)
        missing, extra = na - nb, nb - na
        if missing:                  # a number the English may write as a word
            missing -= _number_words(b.text)
        if missing or extra:
            only_vi = ", ".join(sorted(missing.elements())) or "-"
            only_en = ", ".join(sorted(extra.elements())) or "-"
            problems.warning(b.source, "translation", f"numbers differ from {a.source}: only in the Vietnamese {only_vi}; "
                             f"only in the English {only_en}; every number, date and percentage is kept")
        for d in dict.fromkeys(DOC_NUMBER.findall(MARK.sub(" ", a.text))):
            if d not in b.text:
                problems.warning(b.source, "translation", f"document number '{d}' of {a.source} is not in the English; "
                                 "document numbers are copied exactly")
    return cov
