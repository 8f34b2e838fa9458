"""Deadline phrases: every completion phrase of a task is read, or reported.

A task's words that announce a deadline ("Hoàn thành ...", "trước ngày ...", "chậm nhất
...", "trong tháng/quý/năm ...") followed closely by a date, a month, a quarter or a year,
and that no deadline pattern (extract/deadlines.py) consumed, are a warning at their
file:line:col: the editor fixes the pattern or sets ``@deadline:`` with ``@why:``. Deadlines
that fall before the document's own date are warned about too (a year misprinted, or a
task carried over from an earlier plan: an ``[ed: ...]`` note then tells readers).
"""
from __future__ import annotations

import calendar

import re

from ..extract.deadlines import find_deadlines, strip_marks
from ..problems import Problems
from .pieces import _Files, _paragraph_piece

# The words that announce a deadline, then (within a few words) what it would be. The
# second part keeps "hoàn thành việc xây dựng ..." (the verb, no date) out.
ANNOUNCES = re.compile(
    r"(?P<w>hoàn\s+thành|trước\s+ngày|chậm\s+nhất|trong\s+(?:tháng|quý|năm)|thời\s+(?:gian|hạn)\s+(?:thực\s+hiện|hoàn\s+thành))"
    r"(?P<gap>[^.;:()]{0,40}?)"
    r"(?P<when>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s*/\s*\d{4}|quý\s+[IV]+|(?:19|20)\d\d)", re.I)


# A date as written in a deadline phrase: 30/6/2026.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def unread_phrases(text: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of each announced deadline of ``text`` that no pattern read.

    >>> unread_phrases("Xây dựng quy chế. Hoàn thành tháng 9/2025.")     # before the fix
    [(18, 40, 'Hoàn thành tháng 9/2025')]
    """
    plain = strip_marks(text)
    announced = list(ANNOUNCES.finditer(plain))
    if not announced:        # most task texts: nothing to check, no need to read their deadlines
        return []
    read = [(d.start, d.end) for d in find_deadlines(plain)]
    out = []
    for m in announced:
        a, b = m.start("w"), m.end("when")
        if any(s <= a < e or s < b <= e or (a <= s and e <= b) for s, e in read):
            continue
        out.append((_orig(text, plain, a), _orig(text, plain, b), plain[a:b]))
    return out


def _orig(text: str, plain: str, i: int) -> int:
    """An offset of the mark-stripped text back in the text (marks only ever removed)."""
    if text == plain:
        return i
    j = k = 0
    mark = re.compile(r"\s*\[(?:\?|ed:)[^\]]*\]")
    while j < len(text) and k < i:
        m = mark.match(text, j)
        if m:
            j = m.end()
            continue
        j += 1
        k += 1
    return j


def check_deadline_phrases(corpus, problems: Problems) -> None:
    files = _Files(corpus.files)
    for t in corpus.tasks:
        doc = corpus.document(t.plan)
        if t.extra and "row" in t.extra:
            texts = []          # appendix: the deadline cell is read on its own (pipeline warns)
        else:
            texts = [t.text]
        for text in texts:
            hits = unread_phrases(text)
            if not hits:
                continue
            node = doc.vi.node(t.path) or doc.vi.node(t.path[:-1])
            para = next((p for p in (node.paragraphs if node else ()) if text[:40] in p.text), None)
            piece = _paragraph_piece(files, t.source.file, para.source.line, para.text) if para else None
            for a, b, phrase in hits:
                where = t.source
                if piece is not None:
                    off = para.text.find(text)
                    where = piece.source(max(off, 0) + a)
                if any(d.name == "deadline" for p in (node.paragraphs if node else ()) for d in p.directives):
                    continue            # the editor set the deadline and said why
                problems.warning(where, "deadline-unread",
                                 f"task {t.id}: \"{phrase}\" looks like a deadline that no rule read; fix the "
                                 f"pattern in build_scripts/extract/deadlines.py, or add '@deadline: ...' and "
                                 f"'@why: ...' under the paragraph (source_texts/README.md)")
        for d in t.deadlines:
            for m in _DAY_MONTH_YEAR.finditer(d.phrase):
                day, mo, y = map(int, m.groups())
                if 1 <= mo <= 12 and day > calendar.monthrange(y, mo)[1] and "[ed:" not in t.text[d.end:d.end + 8]:
                    problems.warning(t.source, "deadline-impossible",
                                     f"task {t.id}: \"{m.group(0)}\" is not a day (the month has "
                                     f"{calendar.monthrange(y, mo)[1]}); it is read as the month's last day. Check the "
                                     f"scan; if it is printed so, say it with an [ed: ...] note right after the date")
            last = d.last_day()
            if last is not None and d.kind in ("date", "month", "quarter", "year") and last < doc.date:
                problems.warning(t.source, "deadline-early",
                                 f"task {t.id}: deadline \"{d.phrase}\" ends {last.isoformat()}, before the "
                                 f"document's own date {doc.date.isoformat()}; check the year against the scan, "
                                 f"and tell readers with an [ed: ...] note if it is printed so")
