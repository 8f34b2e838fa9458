"""Fidelity: every restored word is in the OCR, every OCR word is in the restoration."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress, count, repeat

from ..models import Document, Source
from ..text import nfc
from .align import RunIndex, _align_cells, _place, _runs, align, resembling, similarity
from .pieces import Piece, Places, Tokens, _Files, _fold_same_length, _meta_pieces
from .report import Coverage, DocumentReport, Passage
from .settings import (
    INVENTED_RUN,
    INVENTED_RUN_TABLE,
    OCR_LINES,
    QUOTED,
    SENTENCE_END,
    TOKEN,
)
from .syllables import is_folded_syllable

# --- fidelity -----------------------------------------------------------------------------

def _reference(files: _Files, doc_id: str) -> str | None:
    """The text the restoration is compared with: the OCR, or the seed copied beside it."""
    for name in ("ocr.txt", "seed.txt"):
        if f"source_texts/{doc_id}/{name}" in files:
            return f"source_texts/{doc_id}/{name}"
    return None


def _dropped(files: _Files, rels: list[str]) -> tuple[list[str], set[int]]:
    """Quoted passages and OCR line numbers in comment sentences that say "dropped".

    Only the sentence that says "dropped" counts, so "Restored from OCR lines 400-941." in
    the same comment does not drop the whole table.
    """
    quotes: list[str] = []
    lines: set[int] = set()
    for rel in rels:
        raw = files.lines(rel)
        marker = "%%" if rel.endswith(".txt") else "#"
        block: list[str] = []
        for s in raw + [""]:
            st = s.strip()
            if st.startswith(marker):
                block.append(st[len(marker):].strip())
                continue
            for sentence in SENTENCE_END.split(" ".join(block)):
                if "dropped" not in sentence.lower():
                    continue
                quotes.extend(a or b for a, b in QUOTED.findall(sentence))
                for m in OCR_LINES.finditer(sentence):
                    for part in re.split(r"\s*(?:,|and|&)\s*", m.group(1)):
                        ends = [int(x) for x in re.split(r"\s*[-–]\s*", part) if x.strip()]
                        if ends:
                            lines.update(range(ends[0], ends[-1] + 1))
            block = []
    return quotes, lines


class Fidelity:
    """One comparison of a restored text with its OCR, built up pass by pass.

    >>> f = Fidelity("ocr.txt", ["Ke hoach nay dugc ban hanh 13 dé thuc hién."])
    >>> f.main([Piece("Kế hoạch này được ban hành là để thực hiện.", "vi.txt", [(1, k + 1) for k in range(43)], "text")])
    >>> rep = DocumentReport("x", "ocr.txt"); f.finish(rep); rep.restored_passages, rep.ocr_passages
    ([], [])
    """

    def __init__(self, ref: str, lines: list[str]):
        self.ref = ref
        self.ocr = Tokens()
        # the whole OCR at once (no token crosses a line break), each token's line found by
        # bisection on where the lines start
        text = "\n".join(lines)
        folded = _fold_same_length(text)
        starts = [m.start() for m in TOKEN.finditer(folded)]
        self.ocr.folded = TOKEN.findall(folded)
        self.ocr.shown = [text[a:a + len(t)] for a, t in zip(starts, self.ocr.folded)]
        line_starts = [0, *accumulate(len(line) + 1 for line in lines)]
        line_of = list(map(bisect_right, repeat(line_starts), starts))
        self.ocr.where.extend(ref, line_of, [a - line_starts[n - 1] + 1 for a, n in zip(starts, line_of)])
        n = len(self.ocr)
        self.free: list[str | None] = list(self.ocr.folded)   # OCR tokens not yet accounted for
        self.runs = RunIndex(self.ocr.folded)                # where each token of self.free was
        self.owner: list[str | None] = [None] * n            # "text" | "meta" | "dropped"
        self.partner: list[Places | None] = [None] * n       # the restored token it stands for:
        self.partner_at: list[int] = [0] * n                 # its tokens' Places and index there
        self.line_of = list(self.ocr.where.lines)
        self.segments: list[tuple[Tokens, list[bool], str, int]] = []   # tokens, found, file, threshold
        self.rows: list[tuple[str, tuple[int, int], Source]] = []         # label, OCR lines, first cell

    def _take(self, seg: Tokens, pairs, kind: str, hit: list[bool] | None, offset_map=None) -> None:
        for i, j in pairs:
            j = offset_map[j] if offset_map else j
            if self.free[j] is None:
                continue
            self.free[j] = None
            self.owner[j] = kind
            if hit is not None:
                hit[i] = True
                self.partner[j], self.partner_at[j] = seg.where, i

    def _segment(self, pieces: list[Piece], threshold: int = 0) -> tuple[Tokens, list[bool]]:
        t = Tokens()
        for p in pieces:
            t.add_piece(p)
        hit = [False] * len(t)
        file = pieces[0].file if pieces else ""
        self.segments.append((t, hit, file, threshold or INVENTED_RUN))
        return t, hit

    def main(self, pieces: list[Piece]) -> None:
        """The running text, in order, against the whole OCR."""
        t, hit = self._segment(pieces)
        self._take(t, align(t.folded, self.free), "text", hit)

    def placed(self, piece: Piece, threshold: int = 0) -> None:
        """Text printed apart from the running text (a footnote, a table heading)."""
        t, hit = self._segment([piece], threshold)
        self._take(t, _place(t.folded, self.free, 0.3, runs=self.runs), "text", hit)

    def row(self, label: str, cells: list[Piece], ocr_lines: tuple[int, int] | None, threshold: int) -> None:
        """A table row: its cells within the row's OCR lines (see _align_cells)."""
        segs = [self._segment([c], threshold) for c in cells]
        if ocr_lines and cells:
            self.rows.append((label, ocr_lines, cells[0].source(0)))
        if ocr_lines:
            window = list(range(*self._span(ocr_lines)))
            for (t, hit), pairs in zip(segs, _align_cells([t.folded for t, _ in segs], [self.free[j] for j in window])):
                self._take(t, pairs, "text", hit, offset_map=window)
        else:
            for t, hit in segs:
                self._take(t, _place(t.folded, self.free, 0.3, affine=False, runs=self.runs), "text", hit)

    def _span(self, lines: tuple[int, int]) -> tuple[int, int]:
        """The OCR tokens of lines first..last, as a range (tokens are in line order)."""
        return bisect_left(self.line_of, lines[0]), bisect_right(self.line_of, lines[1])

    def meta(self, pieces: list[Piece]) -> None:
        """meta.yml's share of the printed page: placed if found, never required."""
        toks = []
        for p in pieces:
            t = Tokens()
            t.add_piece(p)
            toks.append(t)
        for t in sorted(toks, key=lambda t: -len(t)):   # a title before the issuer inside it
            if len(t) >= 2:
                self._take(t, _place(t.folded, self.free, 0.5, runs=self.runs), "meta", None)

    def dropped(self, quotes: list[str], lines: set[int]) -> None:
        """What an editor declared dropped; it only absorbs OCR nothing else accounts for."""
        free, owner = self.free, self.owner
        vocabulary = set(free)      # a quote's first token can only resemble one of these
        vocabulary.discard(None)
        for q in quotes:
            qt = [m.group(0) for m in TOKEN.finditer(_fold_same_length(nfc(q)))]
            if not qt:
                continue
            # the first place where every token of the quote resembles a free OCR token:
            # only where its first token does (found in C) is the rest compared
            first = resembling(qt[0], vocabulary)
            for j in compress(count(), map(first.__contains__, free)):
                if j > len(free) - len(qt):
                    break
                if all(free[j + k] is not None and similarity(qt[k], free[j + k]) for k in range(1, len(qt))):
                    for k in range(len(qt)):
                        free[j + k], owner[j + k] = None, "dropped"
                    break
        for j in range(len(free)):
            if free[j] is not None and self.line_of[j] in lines:
                free[j], owner[j] = None, "dropped"

    def finish(self, rep: DocumentReport) -> None:
        """Coverage both ways and the one-side-only passages, into ``rep``."""
        for seg, hit, rel, threshold in self.segments:
            cov = rep.restored.setdefault(rel, Coverage())
            cov.matched += sum(hit)
            cov.total += len(hit)
            for start, n in _runs(hit):
                end = start + n - 1
                rep.restored_passages.append(Passage(
                    "restored", n, seg.where[start], seg.where[end].line, " ".join(seg.shown[start:end + 1]),
                    words=n, at_mark=any(seg.at_mark[start:end + 1]), threshold=threshold))
        rep.ocr = Coverage(sum(1 for o in self.owner if o == "text"), len(self.ocr))
        for o in self.owner:
            if o in ("meta", "dropped"):
                rep.ocr_accounted[o] = rep.ocr_accounted.get(o, 0) + 1
        last = -1
        near_at: list[int] = []                # the last OCR token before with a partner (or -1)
        for j in range(len(self.ocr)):
            near_at.append(last)
            if self.partner[j] is not None:
                last = j
        for start, n in _runs([o is not None for o in self.owner]):
            end = start + n - 1
            folded = self.ocr.folded[start:end + 1]
            k = near_at[start]
            rep.ocr_passages.append(Passage(
                "ocr", n, self.ocr.where[start], self.ocr.where[end].line, " ".join(self.ocr.shown[start:end + 1]),
                self.partner[k][self.partner_at[k]] if k >= 0 else None, _count_words(folded)))
        for label, (first, last), cell in self.rows:
            left = [j for j in range(*self._span((first, last))) if self.owner[j] is None]
            if left:
                rep.row_leftovers.append(Passage(
                    "ocr", len(left), Source(self.ref, first), last, " ".join(self.ocr.shown[j] for j in left),
                    cell, _count_words([self.ocr.folded[j] for j in left])))
        rep.row_leftovers.sort(key=lambda p: (-p.words, p.where.line))
        rep.restored_passages.sort(key=lambda p: (-p.length, p.where.file, p.where.line, p.where.col))
        rep.ocr_passages.sort(key=lambda p: (-p.words, -p.length, p.where.line, p.where.col))


def _count_words(folded: list[str]) -> int:
    """OCR tokens that are words: could be a syllable once restored, or a number of 2+ digits.
    Stamp and smudge noise ("1en s X e A Ta AR 2R 1 n N 4") is mostly neither."""
    return sum(1 for t in folded if len(t) >= 2 and (t.isdigit() or is_folded_syllable(t)))


def _fidelity(files: _Files, corpus, doc: Document, rep: DocumentReport,
              body: list[Piece], notes: list[Piece], app_rel, app_heads, app_rows) -> None:
    rep.reference = _reference(files, doc.id)
    if rep.reference is None:
        return
    f = Fidelity(rep.reference, files.lines(rep.reference))
    f.main(body)
    for p in notes:                       # footnotes, wherever their page put them
        f.placed(p)
    for row in app_rows:
        f.row(row.label, row.cells, row.ocr_lines, INVENTED_RUN_TABLE)
    for p in app_heads:
        f.placed(p, INVENTED_RUN_TABLE)
    f.meta(_meta_pieces(files, corpus, doc))
    f.dropped(*_dropped(files, [doc.vi.file, doc.meta_source.file] + ([app_rel] if app_rel else [])))
    f.finish(rep)


def compare_texts(restored: str, ocr: str) -> DocumentReport:
    """Fidelity of a restored text (paragraphs separated by blank lines) to an OCR text, for
    tests and experiments: the running-text passes only (no meta, appendix or comments).

    >>> rep = compare_texts("Ban Chỉ đạo họp.\\n\\nCác bộ báo cáo.", "Ban Chi dao hop.\\nCac b6 bao cao.")
    >>> rep.restored_coverage.share, rep.ocr.share
    (1.0, 1.0)
    """
    lines = restored.split("\n")
    pieces: list[Piece] = []
    buf: list[tuple[int, str]] = []
    for n, line in enumerate(lines + [""], 1):
        if line.strip():
            buf.append((n, line))
            continue
        if buf:
            text, pos = "", []
            for ln, l in buf:
                if text:
                    text += " "
                    pos.append(pos[-1])
                text += l
                pos.extend((ln, k + 1) for k in range(len(l)))
            pieces.append(Piece(text, "restored", pos, "text"))
            buf = []
    f = Fidelity("ocr", ocr.split("\n"))
    f.main(pieces)
    rep = DocumentReport("compare", "ocr")
    f.finish(rep)
    return rep
