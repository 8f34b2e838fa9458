"""Text-quality checks the project owns: fidelity to the OCR, syllables, diacritics, [?] marks.

Three documents exist only as OCR that lost its diacritics; their restored text
(``source_texts/<id>/vi.txt``, and ``appendix.yml`` for a table) must say every sentence of
the OCR and nothing more. Plan 17 has a clean seed instead (``seed.txt``). Four checks,
each a small pass over the Corpus (docs-dev/CHECKS.md explains how to read the report):

fidelity
    The restored text and the OCR are folded (lower case, no diacritics, đ -> d) and cut
    into word tokens, then aligned: exact runs of at least ``ANCHOR`` tokens are chained
    into the heaviest in-order alignment (so a phrase repeated in the title cannot pull the
    first paragraph out of place), and the stretches between anchors are aligned token by
    token with OCR-tolerant similarity (``s6`` ~ ``so``, ``Pang`` ~ ``dang``) and an
    opening cost for each gap, so an omitted or added sentence stays in one piece. A run of
    consecutive restored tokens with no counterpart is possible invented text; a run of OCR
    tokens with no counterpart is a possible omission. The footnotes, the appendix rows
    (within their ``ocr_lines``), the header, signature and "Nơi nhận" in meta.yml are
    placed afterwards on what is left of the OCR; so is what an editor declared dropped in a
    comment that says "dropped" (quoted passages, "OCR line(s) N-M").
syllables
    Every word is a Vietnamese syllable (build_scripts/syllables.py), a number or document
    number, or on the allow-list ``source_texts/allowlist.yml``.
diacritics
    A paragraph of at least ``MIN_SYLLABLES`` syllables in which fewer than
    ``LOW_DIACRITIC_SHARE`` of the syllables carry a diacritic is an unrestored passage.
marks
    ``[?]`` (unnoted), ``[?: note]`` and ``[ed: note]`` are counted per document.

    python -m build_scripts.checks [--root PATH]
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .models import Document, Source
from .problems import Problems
from .reader import DIRECTIVE, load_yaml
from .syllables import EDITOR_MARK, FOOTNOTE_REF, AllowList, blank, is_folded_syllable, is_marked, words
from .text import fold, nfc

# --- thresholds ---------------------------------------------------------------------------
# Measured on the real texts (docs-dev/CHECKS.md has the tables; tests/test_checks.py
# measures them again and fails if they drift past a threshold). OCR noise alone, after the
# alignment below, leaves in running text restored-only runs of at most 4 tokens and OCR-only
# runs of at most 4 words: Plan 17's clean seed against its own OCR (seed 000, ~9,900 tokens
# each way) 4 and 2; 02-KH/BCĐTW, the noisiest OCR, 4 and 4; 46-TB/TGV 4 and 3; 350/QĐ-TTg
# 2 and 4. The appendix table of 350/QĐ-TTg is noisier: 5-token restored-only runs, and up
# to 11 words of a row's OCR lines unused. A passage of n words added to Plan 17's clean
# text at random is flagged in 40 of 40 trials for each n = 6, 7, 8, 10 (as a run of n
# tokens or more in all but one, which came out as 7 of 8); 10 words deleted
# leave an OCR-only run of 6 words or more in 36 of 40 (the OCR garbles some of them into
# non-words such as "ngudi", which do not count).

#: A run of this many restored tokens absent from the OCR is an error (possible invented text).
INVENTED_RUN = 6
#: The same in an appendix table, whose OCR is noisier (columns interleaved, stamps).
INVENTED_RUN_TABLE = 8
#: A run of OCR tokens absent from the restored text with this many words is a warning
#: (possible omission).
OMITTED_RUN = 6
#: In a table the OCR of a cell is cut by the other columns line by line, so an omitted
#: sentence leaves several short runs: a row whose OCR lines leave this many words
#: unaccounted for, in all, is a warning too.
OMITTED_ROW = 16
#: Paragraphs with at least this many syllables are judged for diacritics.
MIN_SYLLABLES = 8
#: A judged paragraph whose share of marked syllables is below this is an error. Plan 17's
#: clean text: lowest paragraph 69%, 5th percentile 75%, median 88% (154 paragraphs); the
#: four restored texts: lowest 60% (a 10-syllable heading). OCR paragraphs: median 5-8%,
#: 95th percentile 11-18%, highest 44% (a 9-syllable heading of 02-KH, "2.1. Vé thé ché").
LOW_DIACRITIC_SHARE = 0.40
#: Up to this many unknown words in a document are warnings; more is an error. The restored
#: texts have none once the allow-list holds their acronyms; OCR has 14 to 60 per 100 words
#: (median 31-40), so one unrestored paragraph of 40 words brings 6 to 24.
MAX_UNKNOWN_WORDS = 10

ALLOWLIST = "source_texts/allowlist.yml"
KIND_NAMES = {"plan": "Kế hoạch", "conclusion": "Thông báo kết luận", "decision": "Quyết định"}
# The fixed headers printed above every party / state document; not part of any meta field.
FORM_HEADERS = ("ĐẢNG CỘNG SẢN VIỆT NAM",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc")
APPENDIX_CELLS = ("task", "lead", "coordinators", "output", "deadline")

# Word tokens of folded text: letters and digits ("57-NQ/TW" -> 57 nq tw).
TOKEN = re.compile(r"[^\W_]+")
# In a comment that says "dropped": a quoted passage, or OCR line numbers.
QUOTED = re.compile(r'"([^"\n]+)"|“([^”\n]+)”')
# Sentences of a comment: split after . ! ? before a capital ("IV.3" stays whole).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐ\"“(])")
OCR_LINES = re.compile(r"OCR lines?\s+((?:\d+(?:\s*[-–]\s*\d+)?)(?:\s*(?:,|and|&)\s*\d+(?:\s*[-–]\s*\d+)?)*)")


# --- report -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Passage:
    """Consecutive tokens present on one side only."""

    side: str            # "restored" (possible invented text) | "ocr" (possible omission)
    length: int          # in tokens
    where: Source        # first token
    end_line: int        # line of the last token
    text: str            # the tokens as printed
    near: Source | None = None   # for an OCR passage: the restored token just before it
    words: int = 0       # tokens that are words: could be a syllable, or a number of 2+ digits
    at_mark: bool = False        # touches an editor's mark ([?: ...], [ed: ...])
    threshold: int = 0   # restored side: the run length that makes it an error here

    def span(self) -> str:
        end = f"-{self.end_line}" if self.end_line != self.where.line else ""
        return f"{self.where.file}:{self.where.line}{end}"


@dataclass(frozen=True)
class UnknownWord:
    word: str
    where: Source


@dataclass(frozen=True)
class LowDiacritics:
    where: Source
    syllables: int
    marked: int
    excerpt: str

    @property
    def share(self) -> float:
        return self.marked / self.syllables


@dataclass
class Coverage:
    matched: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.share:6.1%} ({self.matched}/{self.total})"


@dataclass
class DocumentReport:
    id: str
    reference: str | None                 # the OCR (or seed) the text is compared with
    restored: dict[str, Coverage] = field(default_factory=dict)   # file -> tokens found in the OCR
    ocr: Coverage = field(default_factory=Coverage)               # OCR tokens found in the text
    ocr_accounted: dict[str, int] = field(default_factory=dict)   # meta / dropped -> tokens
    restored_passages: list[Passage] = field(default_factory=list)
    ocr_passages: list[Passage] = field(default_factory=list)
    row_leftovers: list[Passage] = field(default_factory=list)    # per table row: OCR words left
    unknown: list[UnknownWord] = field(default_factory=list)
    low_diacritics: list[LowDiacritics] = field(default_factory=list)
    diacritic_shares: list[float] = field(default_factory=list)   # every judged paragraph
    marks_noted: int = 0
    marks_bare: list[Source] = field(default_factory=list)
    marks_ed: int = 0
    seconds: float = 0.0

    @property
    def restored_coverage(self) -> Coverage:
        return Coverage(sum(c.matched for c in self.restored.values()), sum(c.total for c in self.restored.values()))

    def invented(self) -> list[Passage]:
        """Restored-only passages over the threshold, except at an editor's mark."""
        return [p for p in self.restored_passages if p.length >= p.threshold and not p.at_mark]

    def at_marks(self) -> list[Passage]:
        """Restored-only passages over the threshold that an editor's mark flags as uncertain."""
        return [p for p in self.restored_passages if p.length >= p.threshold and p.at_mark]

    def omitted(self) -> list[Passage]:
        """OCR-only runs over the threshold, and table rows that leave too much OCR unused."""
        return ([p for p in self.ocr_passages if p.words >= OMITTED_RUN]
                + [p for p in self.row_leftovers if p.words >= OMITTED_ROW])


@dataclass
class CheckReport:
    documents: list[DocumentReport]
    problems: Problems = field(default_factory=Problems)   # problems of allowlist.yml itself

    def document(self, doc_id: str) -> DocumentReport:
        return next(d for d in self.documents if d.id == doc_id)


# --- text pieces with positions -----------------------------------------------------------

@dataclass
class Piece:
    """A stretch of source text and the (line, col) of each of its characters."""

    text: str
    file: str
    pos: list[tuple[int, int]]
    kind: str     # "text": must match the OCR | "meta": may match it (header, signature ...)
    label: str = ""

    def source(self, k: int) -> Source:
        line, col = self.pos[min(k, len(self.pos) - 1)] if self.pos else (1, 1)
        return Source(self.file, line, col)


@dataclass
class Tokens:
    """Folded tokens with where each came from; parallel lists.

    ``at_mark`` tells whether an editor's mark ([?: ...], [ed: ...], [?]) stands right
    before or after the token: the editor's reading next to a mark is declared uncertain,
    so a restored-only passage touching a mark is listed apart, not as invented text.
    """

    folded: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    where: list[Source] = field(default_factory=list)
    at_mark: list[bool] = field(default_factory=list)

    def add_piece(self, piece: Piece) -> None:
        text = blank(FOOTNOTE_REF, blank(EDITOR_MARK, piece.text))
        starts = {m.start() for m in EDITOR_MARK.finditer(piece.text)}
        ends = {m.end() for m in EDITOR_MARK.finditer(piece.text)}
        folded = _fold_same_length(text)
        for m in TOKEN.finditer(folded):
            self.folded.append(m.group(0))
            self.shown.append(piece.text[m.start():m.end()])
            self.where.append(piece.source(m.start()))
            right, left = m.end(), m.start()
            while right < len(text) and text[right] in _MARK_GLUE and right not in starts:
                right += 1
            while left > 0 and text[left - 1] in _MARK_GLUE and left not in ends:
                left -= 1
            self.at_mark.append(right in starts or left in ends)

    def __len__(self) -> int:
        return len(self.folded)


# What may stand between a word and the editor's mark it belongs to.
_MARK_GLUE = " .,;:"


@lru_cache(maxsize=None)
def _fold_char(ch: str) -> str:
    f = fold(ch)
    return f if len(f) == 1 else " "


def _fold_same_length(s: str) -> str:
    return "".join(_fold_char(ch) for ch in s)


class _Files:
    """Raw lines of source files, read once."""

    def __init__(self, root: Path):
        self.root = root
        self._lines: dict[str, list[str]] = {}

    def lines(self, rel: str) -> list[str]:
        if rel not in self._lines:
            path = self.root / rel
            self._lines[rel] = nfc(path.read_text(encoding="utf-8")).split("\n") if path.exists() else []
        return self._lines[rel]


def _paragraph_piece(files: _Files, rel: str, line: int, text: str, kind: str = "text", label: str = "") -> Piece:
    """The piece of a paragraph read by reader.read_paragraphs, with the position of each
    character: the paragraph's lines (without %% comments and @directives) joined by spaces."""
    raw = files.lines(rel)
    chars: list[str] = []
    pos: list[tuple[int, int]] = []
    i = line - 1
    while i < len(raw) and raw[i].strip():
        s = raw[i]
        if not (s.strip().startswith("%%") or DIRECTIVE.match(s)):
            lead = len(s) - len(s.lstrip())
            if chars:
                chars.append(" ")
                pos.append(pos[-1])
            for k, ch in enumerate(s.strip()):
                chars.append(ch)
                pos.append((i + 1, lead + k + 1))
        i += 1
    joined = "".join(chars)
    # whitespace runs collapse to one space, as in the reader
    out_c: list[str] = []
    out_p: list[tuple[int, int]] = []
    for ch, p in zip(joined, pos):
        if ch.isspace():
            if out_c and out_c[-1] == " ":
                continue
            ch = " "
        out_c.append(ch)
        out_p.append(p)
    joined = "".join(out_c)
    at = joined.find(text) if text else -1
    if at < 0:   # the file changed under us; positions fall back to the paragraph's line
        return Piece(text, rel, [(line, 1)] * len(text), kind, label)
    return Piece(text, rel, out_p[at:at + len(text)], kind, label)


def _yaml_piece(files: _Files, rel: str, line: int, value: str, kind: str, label: str) -> Piece:
    """The piece of a YAML string whose key is on ``line``; quoted one-line values get exact
    columns, block scalars one line per line of the value."""
    raw = files.lines(rel)
    value = nfc(str(value))
    pos: list[tuple[int, int]] = []
    parts = value.split("\n")
    ln = line - 1
    for n, part in enumerate(parts):
        col = 1
        probe = part[:24]
        for cand in range(ln, min(ln + 3, len(raw))):
            at = raw[cand].find(probe) if probe else -1
            if at >= 0:
                ln, col = cand, at + 1
                break
        pos.extend((ln + 1, col + k) for k in range(len(part)))
        if n < len(parts) - 1:
            pos.append((ln + 1, col + len(part)))
            ln += 1
    return Piece(value, rel, pos, kind, label)


def _text_pieces(files: _Files, doc: Document) -> tuple[list[Piece], list[Piece]]:
    """Paragraphs of vi.txt in file order, and its footnotes."""
    text = doc.vi
    paras = list(text.preamble) + [p for n in text.walk() for p in n.paragraphs] + list(text.closing)
    paras.sort(key=lambda p: p.source.line)
    body = [_paragraph_piece(files, text.file, p.source.line, p.text, "text", "paragraph") for p in paras]
    notes = [_paragraph_piece(files, text.file, f.source.line, f.text, "text", f"footnote [^{f.key}]") for f in text.footnotes]
    return body, notes


def _appendix(files: _Files, root: Path, doc: Document) -> tuple[str | None, dict | None]:
    """appendix.yml as written (with the line of every key), whatever form the pipeline keeps."""
    rel = f"source_texts/{doc.id}/appendix.yml"
    if isinstance(doc.appendix, dict) and isinstance(doc.appendix.get("file"), str):
        rel = doc.appendix["file"]
    if (root / rel).exists():
        data = load_yaml(root / rel, rel, Problems())   # the pipeline reports its problems
        return rel, data if isinstance(data, dict) else None
    return None, None


def _lines_of(d: dict, key: str) -> int:
    return (d.get("__lines__") or {}).get(key, d.get("__line__", 1))


@dataclass
class AppendixRow:
    label: str
    cells: list[Piece]
    ocr_lines: tuple[int, int] | None


def _appendix_pieces(files: _Files, rel: str, data: dict) -> tuple[list[Piece], list[AppendixRow]]:
    heads: list[Piece] = []
    rows: list[AppendixRow] = []
    for key in ("title", "caption"):
        if isinstance(data.get(key), str):
            heads.append(_yaml_piece(files, rel, _lines_of(data, key), data[key], "text", f"appendix {key}"))
    for g in data.get("groups") or []:
        if not isinstance(g, dict):
            continue
        gname = str(g.get("number", ""))
        if isinstance(g.get("title"), str):
            heads.append(_yaml_piece(files, rel, _lines_of(g, "title"), g["title"], "text", f"group {gname} title"))
        for r in g.get("rows") or []:
            if not isinstance(r, dict):
                continue
            label = f"{gname}.{r.get('stt', '?')}"
            cells = [_yaml_piece(files, rel, _lines_of(r, c), r[c], "text", f"row {label} {c}")
                     for c in APPENDIX_CELLS if isinstance(r.get(c), str) and r[c].strip()]
            span = None
            m = re.match(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$", str(r.get("ocr_lines") or ""))
            if m:
                span = (int(m.group(1)), int(m.group(2) or m.group(1)))
            rows.append(AppendixRow(label, cells, span))
    return heads, rows


def _meta_pieces(files: _Files, corpus, doc: Document) -> list[Piece]:
    """What meta.yml holds of the printed page: issuer, national header, number, place and
    date, title, signature, "Nơi nhận" and the recipients, the copy stamp. Blocks are given
    whole and line by line: two-column blocks (recipients beside the signature) interleave
    in the OCR line by line, and a garbled line is found more easily on its own."""
    meta = doc.meta
    rel = doc.meta_source.file
    out: list[Piece] = []

    def add(text, line, label):
        if isinstance(text, str) and text.strip():
            text = nfc(text)
            out.append(Piece(text, rel, [(line, 1)] * len(text), "meta", label))

    registry = getattr(corpus.registry, "by_id", {})
    issuer = registry.get(meta.get("issuer"))
    if issuer:
        add(issuer.vi, _lines_of(meta, "issuer"), "issuer")
    parent = meta.get("parent_issuer")
    if isinstance(parent, dict):
        add(parent.get("vi"), _lines_of(meta, "parent_issuer"), "parent issuer")
    for h in FORM_HEADERS:
        add(h, 1, "national header")
    add(f"Số {meta.get('number', '')}", _lines_of(meta, "number"), "number")
    date = meta.get("date")
    if hasattr(date, "day"):
        for d, m in sorted({(str(date.day), str(date.month)), (f"{date.day:02d}", f"{date.month:02d}")}):
            add(f"{meta.get('place', '')}, ngày {d} tháng {m} năm {date.year}", _lines_of(meta, "date"), "place and date")
    title = meta.get("title") if isinstance(meta.get("title"), dict) else {}
    add(f"{KIND_NAMES.get(meta.get('kind'), '')} {title.get('vi') or ''}", _lines_of(meta, "title"), "title")
    signer = meta.get("signer") if isinstance(meta.get("signer"), dict) else {}
    stitle = signer.get("title")
    stitle = stitle.get("vi") if isinstance(stitle, dict) else stitle
    # whole blocks first (placed first, being longest), then their lines for what is left
    add(f"{stitle or ''} {signer.get('name') or ''}", _lines_of(meta, "signer"), "signature")
    for part in re.split(r"\s+/\s+|,\s+", stitle or ""):
        add(part, _lines_of(meta, "signer"), "signer title")
    add(signer.get("name"), _lines_of(meta, "signer"), "signer")
    recipients = [r for r in meta.get("recipients") or [] if isinstance(r, str)]
    if recipients:
        add("Nơi nhận: " + " ".join(f"- {r}" for r in recipients), _lines_of(meta, "recipients"), "recipients")
        add("Nơi nhận:", _lines_of(meta, "recipients"), "recipients")
        for r in recipients:
            add(r, _lines_of(meta, "recipients"), "recipient")
    stamp = meta.get("copy_stamp")
    if isinstance(stamp, dict):
        text = stamp.get("text")
        if not isinstance(text, str):
            text = "\n".join(str(v) for k, v in stamp.items() if not str(k).startswith("__") and isinstance(v, (str, int)))
        add(text, _lines_of(meta, "copy_stamp"), "copy stamp")
        for line in text.split("\n"):
            add(line, _lines_of(meta, "copy_stamp"), "copy stamp")
    return out


def _syllable_pieces(files: _Files, doc: Document) -> list[Piece]:
    """meta.yml strings shown on the site, with their own lines (for the syllable check)."""
    meta, rel = doc.meta, doc.meta_source.file
    out = []
    title = meta.get("title") if isinstance(meta.get("title"), dict) else {}
    if isinstance(title.get("vi"), str):
        out.append(_yaml_piece(files, rel, _lines_of(title, "vi"), title["vi"], "meta", "title"))
    signer = meta.get("signer") if isinstance(meta.get("signer"), dict) else {}
    if isinstance(signer.get("name"), str):
        out.append(_yaml_piece(files, rel, _lines_of(signer, "name"), signer["name"], "meta", "signer"))
    st = signer.get("title")
    if isinstance(st, dict) and isinstance(st.get("vi"), str):
        out.append(_yaml_piece(files, rel, _lines_of(st, "vi"), st["vi"], "meta", "signer title"))
    recipients = meta.get("recipients")
    if isinstance(recipients, list):
        line = _lines_of(meta, "recipients")
        for k, r in enumerate(recipients):
            if isinstance(r, str):
                out.append(_yaml_piece(files, rel, line + 1 + k, r, "meta", "recipient"))
    stamp = meta.get("copy_stamp")
    if isinstance(stamp, dict) and isinstance(stamp.get("text"), str):
        out.append(_yaml_piece(files, rel, _lines_of(stamp, "text"), stamp["text"], "meta", "copy stamp"))
    return out


# --- alignment ----------------------------------------------------------------------------

#: Exact runs of this many tokens seed the alignment.
SEED = 3
#: Seeds at least this long anchor it; shorter matches are left to the gap alignment, which
#: can weigh them against their neighbours (a 3-token "tuc hanh chinh" pulled from its
#: place broke 02-KH/BCĐTW IV.1 when 3-token seeds anchored).
ANCHOR = 4
#: Cost of opening a gap in the gap alignment; above the score of one exact token (3) so a
#: single common word ("va", "cac") cannot split an added or omitted passage in two.
GAP_OPEN = 4.0
GAP_EXTEND = 0.2
#: Gap alignments larger than this many cells are split first (memory and time).
MAX_CELLS = 60_000
_VOWELS = frozenset("aeiouy")
# Digits the OCR reads for letters: "s6" = số, "13" = là, "b9" = bộ, "t8i" = tối, "4n" = án.
_OCR_DIGITS = str.maketrans({"0": "o", "1": "l", "3": "a", "4": "a", "5": "o", "6": "o", "8": "o", "9": "o"})


def _distance(a: str, b: str) -> float:
    """Edit distance; a vowel read as another vowel costs half (the OCR's usual error)."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [float(i)]
        for j, y in enumerate(b, 1):
            c = 0 if x == y else (0.5 if x in _VOWELS and y in _VOWELS else 1)
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c))
        prev = cur
    return prev[-1]


@lru_cache(maxsize=None)
def similarity(clean: str, ocr: str) -> int:
    """3 for the same token, 1 for an OCR misreading of it, 0 otherwise.

    >>> similarity("so", "s6"), similarity("dang", "pang"), similarity("la", "13"), similarity("2026", "2025")
    (1, 1, 1, 0)
    """
    if clean == ocr:
        return 3
    if clean.isdigit():
        return 0   # numbers must be read right
    o = ocr.translate(_OCR_DIGITS)
    if o[:1] == "p" and clean[:1] == "d":
        o = "d" + o[1:]   # the OCR reads Đ as P
    if abs(len(clean) - len(o)) > 2:
        return 0
    limit = 1 if len(clean) <= 4 else (2 if len(clean) <= 7 else 3)
    return 1 if _distance(clean, o) <= limit else 0


def _blocks(a: list[str], b: list[str | None], k: int) -> list[tuple[int, int, int]]:
    """Maximal exact common runs (i, j, n) with n >= k; None in b never matches."""
    index: dict[tuple, list[int]] = defaultdict(list)
    for j in range(len(b) - k + 1):
        g = tuple(b[j:j + k])
        if None not in g:
            index[g].append(j)
    out = []
    for i in range(len(a) - k + 1):
        for j in index.get(tuple(a[i:i + k]), ()):
            if i and j and b[j - 1] is not None and a[i - 1] == b[j - 1]:
                continue   # not the start of a maximal run
            n = k
            while i + n < len(a) and j + n < len(b) and b[j + n] is not None and a[i + n] == b[j + n]:
                n += 1
            out.append((i, j, n))
    return out


def _chain(blocks: list[tuple[int, int, int]], nb: int) -> list[tuple[int, int, int]]:
    """The in-order, non-overlapping subset of blocks with the most tokens."""
    if not blocks:
        return []
    blocks = sorted(blocks)
    size = nb + 2
    tree = [(0, -1)] * (size + 1)   # Fenwick tree of (best score, block) by end in b

    def update(p, v):
        p += 1
        while p <= size:
            if v > tree[p]:
                tree[p] = v
            p += p & -p

    def query(p):
        p += 1
        best = (0, -1)
        while p > 0:
            if tree[p] > best:
                best = tree[p]
            p -= p & -p
        return best

    by_end = sorted(range(len(blocks)), key=lambda x: blocks[x][0] + blocks[x][2])
    ptr = 0
    score = [0] * len(blocks)
    prev = [-1] * len(blocks)
    for x, (i, j, n) in enumerate(blocks):
        while ptr < len(by_end) and blocks[by_end[ptr]][0] + blocks[by_end[ptr]][2] <= i:
            y = by_end[ptr]
            update(blocks[y][1] + blocks[y][2], (score[y], y))
            ptr += 1
        s, p = query(j)
        score[x], prev[x] = s + n, p
    x = max(range(len(blocks)), key=score.__getitem__)
    out = []
    while x != -1:
        out.append(blocks[x])
        x = prev[x]
    return out[::-1]


def _gap_align(a: list[str], b: list[str | None], affine: bool) -> list[tuple[int, int]]:
    """Align two short token lists (Gotoh: substitutions are free, gaps cost GAP_OPEN +
    GAP_EXTEND per token; or, with affine=False, plain weighted LCS). Returns matched pairs."""
    n, m = len(a), len(b)
    go, ge = (GAP_OPEN, GAP_EXTEND) if affine else (0.0, 0.0)
    neg = float("-inf")
    M = [[neg] * (m + 1) for _ in range(n + 1)]
    X = [[neg] * (m + 1) for _ in range(n + 1)]
    Y = [[neg] * (m + 1) for _ in range(n + 1)]
    PM = [[0] * (m + 1) for _ in range(n + 1)]
    PX = [[0] * (m + 1) for _ in range(n + 1)]
    PY = [[0] * (m + 1) for _ in range(n + 1)]
    M[0][0] = 0.0
    for i in range(1, n + 1):
        X[i][0], PX[i][0] = -go - ge * (i - 1), (1 if i > 1 else 0)
    for j in range(1, m + 1):
        Y[0][j], PY[0][j] = -go - ge * (j - 1), (2 if j > 1 else 0)
    for i in range(1, n + 1):
        ai = a[i - 1]
        Mi, Mp, Xi, Xp, Yi, Yp = M[i], M[i - 1], X[i], X[i - 1], Y[i], Y[i - 1]
        PMi, PXi, PYi = PM[i], PX[i], PY[i]
        for j in range(1, m + 1):
            bj = b[j - 1]
            s = (similarity(ai, bj) if affine else (similarity(ai, bj) or -0.001)) if bj is not None else -100.0
            d0, d1, d2 = Mp[j - 1], Xp[j - 1], Yp[j - 1]
            if d0 >= d1 and d0 >= d2:
                Mi[j], PMi[j] = d0 + s, 0
            elif d1 >= d2:
                Mi[j], PMi[j] = d1 + s, 1
            else:
                Mi[j], PMi[j] = d2 + s, 2
            x0, x1, x2 = Mp[j] - go, Xp[j] - ge, Yp[j] - go
            if x0 >= x1 and x0 >= x2:
                Xi[j], PXi[j] = x0, 0
            elif x1 >= x2:
                Xi[j], PXi[j] = x1, 1
            else:
                Xi[j], PXi[j] = x2, 2
            y0, y2, y1 = Mi[j - 1] - go, Yi[j - 1] - ge, Xi[j - 1] - go
            if y0 >= y2 and y0 >= y1:
                Yi[j], PYi[j] = y0, 0
            elif y2 >= y1:
                Yi[j], PYi[j] = y2, 2
            else:
                Yi[j], PYi[j] = y1, 1
    pairs = []
    i, j = n, m
    ends = (M[n][m], X[n][m], Y[n][m])
    state = ends.index(max(ends))
    while i > 0 or j > 0:
        if state == 0:
            nxt = PM[i][j]
            if b[j - 1] is not None and similarity(a[i - 1], b[j - 1]) > 0:
                pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif state == 1:
            nxt = PX[i][j]
            i -= 1
        else:
            nxt = PY[i][j]
            j -= 1
        state = nxt
    return pairs[::-1]


def _fill(a, b, a0, a1, b0, b1, pairs, affine):
    """Align a[a0:a1] with b[b0:b1] (between two anchors) into ``pairs``."""
    ga, gb = a[a0:a1], b[b0:b1]
    if not ga or not gb:
        return
    if len(ga) * len(gb) <= MAX_CELLS:
        pairs.extend((a0 + i, b0 + j) for i, j in _gap_align(ga, gb, affine))
        return
    # One side much longer: one stretch is missing from the other side. Align the shorter
    # side with both ends of the longer one (where its counterpart can be).
    short, long_ = (ga, gb) if len(ga) < len(gb) else (gb, ga)
    w = 2 * len(short) + 20
    if len(long_) > 2 * w and len(short) * 2 * w <= MAX_CELLS:
        idx = list(range(w)) + list(range(len(long_) - w, len(long_)))
        sub = [long_[k] for k in idx]
        if short is ga:
            pairs.extend((a0 + i, b0 + idx[j]) for i, j in _gap_align(ga, sub, affine))
        else:
            pairs.extend((a0 + idx[i], b0 + j) for i, j in _gap_align(sub, gb, affine))
        return
    # Both long: split at exact matches of two or more tokens, then recurse.
    sm = difflib.SequenceMatcher(None, ga, gb, autojunk=False)
    pa = pb = 0
    for blk in sm.get_matching_blocks():
        if blk.size >= 2 or blk.size == 0:
            _fill(a, b, a0 + pa, a0 + blk.a, b0 + pb, b0 + blk.b, pairs, affine)
            pairs.extend((a0 + blk.a + t, b0 + blk.b + t) for t in range(blk.size))
            pa, pb = blk.a + blk.size, blk.b + blk.size


def align(a: list[str], b: list[str | None], affine: bool = True) -> list[tuple[int, int]]:
    """Matched pairs (i, j) of tokens a[i] ~ b[j], in order; None in b never matches.

    >>> align("ke hoach nay duoc ban hanh".split(), "ke hoach n4y dugc ban hanh".split())
    [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
    """
    chain = _chain([x for x in _blocks(a, b, SEED) if x[2] >= ANCHOR], len(b))
    pairs: list[tuple[int, int]] = []
    pa = pb = 0
    for i, j, n in chain + [(len(a), len(b), 0)]:
        _fill(a, b, pa, i, pb, j, pairs, affine)
        pairs.extend((i + t, j + t) for t in range(n))
        pa, pb = i + n, j + n
    return sorted(pairs)


def _place(seg: list[str], b: list[str | None], min_share: float, affine: bool = True) -> list[tuple[int, int]]:
    """Find a passage (moved text, a footnote, a meta field) in what is left of the OCR:
    the densest in-order cluster of exact runs, aligned there; [] when too little matches.
    A short passage with no exact run (a garbled header line) is tried where one of its
    distinctive words (a number, a word of four letters or more) stands."""
    if not seg:
        return []
    k = min(SEED, len(seg))
    chain = _chain(_blocks(seg, b, k), len(b))
    if not chain:
        return _place_short(seg, b, min_share) if len(seg) <= 20 else []
    clusters = [[chain[0]]]
    for blk in chain[1:]:
        last = clusters[-1][-1]
        gap_b = blk[1] - (last[1] + last[2])
        gap_a = blk[0] - (last[0] + last[2])
        if gap_b > max(30, 2 * gap_a + 10):
            clusters.append([blk])
        else:
            clusters[-1].append(blk)
    best = max(clusters, key=lambda c: sum(x[2] for x in c))
    j0 = max(0, best[0][1] - best[0][0] - 5)
    j1 = min(len(b), best[-1][1] + best[-1][2] + (len(seg) - best[-1][0] - best[-1][2]) + 5)
    pairs = [(i, j0 + j) for i, j in align(seg, b[j0:j1], affine)]
    return pairs if len(pairs) >= min_share * len(seg) else []


def _place_short(seg: list[str], b: list[str | None], min_share: float) -> list[tuple[int, int]]:
    distinctive = {t: i for i, t in enumerate(seg) if t.isdigit() or len(t) >= 3}
    best: list[tuple[int, int]] = []
    tried = 0
    for j, t in enumerate(b):
        if t is None or t not in distinctive or tried > 200:
            continue
        tried += 1
        j0 = max(0, j - distinctive[t] - 3)
        j1 = min(len(b), j0 + len(seg) + 6)
        pairs = [(i, j0 + jj) for i, jj in _gap_align(seg, b[j0:j1], True)]
        if len(pairs) > len(best):
            best = pairs
    return best if len(best) >= max(2, min_share * len(seg)) else []


def _align_cells(cells: list[list[str]], window: list[str | None]) -> list[list[tuple[int, int]]]:
    """Align the cells of one table row with the row's OCR lines.

    Each cell is aligned with the whole window; an OCR token claimed by two cells (a task
    that says "Bộ Khoa học và Công nghệ" beside a coordinators cell that says it too) goes
    to the cell whose claim sits in the longer run of consecutive matches, and the losing
    cells are aligned again on what the others have not won (three rounds at most).
    """
    result: list[list[tuple[int, int]]] = [[] for _ in cells]
    owner: dict[int, int] = {}
    todo = list(range(len(cells)))
    for _ in range(3):
        if not todo:
            break
        claims: dict[int, list[tuple[int, int, int]]] = defaultdict(list)   # j -> (support, -cell, i)
        for c in todo:
            for j in [j for j, o in owner.items() if o == c]:
                del owner[j]
            result[c] = []
            sub = [None if j in owner else t for j, t in enumerate(window)]
            pairs = align(cells[c], sub, affine=False)
            support = [1] * len(pairs)
            for k in range(1, len(pairs)):
                if pairs[k - 1] == (pairs[k][0] - 1, pairs[k][1] - 1):
                    support[k] = support[k - 1] + 1
            for k in range(len(pairs) - 2, -1, -1):
                if pairs[k + 1] == (pairs[k][0] + 1, pairs[k][1] + 1):
                    support[k] = support[k + 1]
            for (i, j), n in zip(pairs, support):
                claims[j].append((n, -c, i))
        lost: set[int] = set()
        for j, cl in claims.items():
            _, neg_c, i = max(cl)
            owner[j] = -neg_c
            result[-neg_c].append((i, j))
            lost.update(-x[1] for x in cl if x[1] != neg_c)
        todo = sorted(lost)
    return [sorted(r) for r in result]


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(start, length) of each run of False."""
    out = []
    start = None
    for k, f in enumerate(flags + [True]):
        if not f and start is None:
            start = k
        elif f and start is not None:
            out.append((start, k - start))
            start = None
    return out


# --- fidelity -----------------------------------------------------------------------------

def _reference(root: Path, doc_id: str) -> str | None:
    """The text the restoration is compared with: the OCR, or the seed copied beside it."""
    for name in ("ocr.txt", "seed.txt"):
        if (root / "source_texts" / doc_id / name).exists():
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
        for n, line in enumerate(lines, 1):
            for m in TOKEN.finditer(_fold_same_length(line)):
                self.ocr.folded.append(m.group(0))
                self.ocr.shown.append(line[m.start():m.end()])
                self.ocr.where.append(Source(ref, n, m.start() + 1))
        n = len(self.ocr)
        self.free: list[str | None] = list(self.ocr.folded)   # OCR tokens not yet accounted for
        self.owner: list[str | None] = [None] * n            # "text" | "meta" | "dropped"
        self.partner: list[Source | None] = [None] * n       # the restored token it stands for
        self.line_of = [w.line for w in self.ocr.where]
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
                self.partner[j] = seg.where[i]

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
        self._take(t, _place(t.folded, self.free, 0.3), "text", hit)

    def row(self, label: str, cells: list[Piece], ocr_lines: tuple[int, int] | None, threshold: int) -> None:
        """A table row: its cells within the row's OCR lines (see _align_cells)."""
        segs = [self._segment([c], threshold) for c in cells]
        if ocr_lines and cells:
            self.rows.append((label, ocr_lines, cells[0].source(0)))
        if ocr_lines:
            window = [j for j, ln in enumerate(self.line_of) if ocr_lines[0] <= ln <= ocr_lines[1]]
            for (t, hit), pairs in zip(segs, _align_cells([t.folded for t, _ in segs], [self.free[j] for j in window])):
                self._take(t, pairs, "text", hit, offset_map=window)
        else:
            for t, hit in segs:
                self._take(t, _place(t.folded, self.free, 0.3, affine=False), "text", hit)

    def meta(self, pieces: list[Piece]) -> None:
        """meta.yml's share of the printed page: placed if found, never required."""
        toks = []
        for p in pieces:
            t = Tokens()
            t.add_piece(p)
            toks.append(t)
        for t in sorted(toks, key=lambda t: -len(t)):   # a title before the issuer inside it
            if len(t) >= 2:
                self._take(t, _place(t.folded, self.free, 0.5), "meta", None)

    def dropped(self, quotes: list[str], lines: set[int]) -> None:
        """What an editor declared dropped; it only absorbs OCR nothing else accounts for."""
        free, owner = self.free, self.owner
        for q in quotes:
            qt = [m.group(0) for m in TOKEN.finditer(_fold_same_length(nfc(q)))]
            if not qt:
                continue
            for j in range(len(free) - len(qt) + 1):
                if all(free[j + k] is not None and similarity(qt[k], free[j + k]) for k in range(len(qt))):
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
        near: Source | None = None
        near_at: list[Source | None] = []
        for j in range(len(self.ocr)):
            near_at.append(near)
            near = self.partner[j] or near
        for start, n in _runs([o is not None for o in self.owner]):
            end = start + n - 1
            folded = self.ocr.folded[start:end + 1]
            rep.ocr_passages.append(Passage(
                "ocr", n, self.ocr.where[start], self.ocr.where[end].line,
                " ".join(self.ocr.shown[start:end + 1]), near_at[start], _count_words(folded)))
        for label, (first, last), cell in self.rows:
            left = [j for j, ln in enumerate(self.line_of) if first <= ln <= last and self.owner[j] is None]
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
    rep.reference = _reference(files.root, doc.id)
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


# --- syllables, diacritics, marks ---------------------------------------------------------

def load_allowlist(root: Path, problems: Problems) -> AllowList:
    """source_texts/allowlist.yml: groups, each ``{reason: ..., words: [...]}``; an entry with
    a space is a phrase ("Big Data"), accepted only as a whole."""
    path = root / ALLOWLIST
    if not path.exists():
        return AllowList()
    data = load_yaml(path, ALLOWLIST, problems)
    if not isinstance(data, dict):
        if data is not None:
            problems.error(Source(ALLOWLIST, 1), "allowlist", "expected groups of {reason, words}; see docs-dev/CHECKS.md")
        return AllowList()
    ws, ps = [], []
    for name, group in data.items():
        if name.startswith("__"):
            continue
        where = Source(ALLOWLIST, _lines_of(data, name))
        if not (isinstance(group, dict) and isinstance(group.get("reason"), str) and group["reason"].strip()
                and isinstance(group.get("words"), list)):
            problems.error(where, "allowlist", f"group '{name}' must have 'reason' (why these words are accepted) "
                                                "and 'words' (a list); see docs-dev/CHECKS.md")
            continue
        for w in group["words"]:
            w = nfc(str(w)).strip()
            (ps if " " in w else ws).append(w)
    return AllowList(ws, ps)


def _words_check(pieces: list[Piece], allow: AllowList, rep: DocumentReport) -> None:
    """Unknown words, the diacritic share of each paragraph, and the editor's marks."""
    for p in pieces:
        syl = marked = 0
        for w in words(p.text, allow):
            if w.kind == "unknown":
                rep.unknown.append(UnknownWord(w.text, p.source(w.start)))
            if w.kind in ("syllable", "unknown"):
                syl += 1
                marked += w.kind == "syllable" and is_marked(w.text)
        if syl >= MIN_SYLLABLES:
            rep.diacritic_shares.append(marked / syl)
            if marked / syl < LOW_DIACRITIC_SHARE:
                rep.low_diacritics.append(LowDiacritics(p.source(0), syl, marked, p.text[:80]))
        for m in EDITOR_MARK.finditer(p.text):
            tag = m.group(0)
            if tag == "[?]":
                rep.marks_bare.append(p.source(m.start()))
            elif tag.startswith("[?"):
                rep.marks_noted += 1
            else:
                rep.marks_ed += 1


# --- entry points -------------------------------------------------------------------------

def run_checks(corpus) -> CheckReport:
    """Run every check on a loaded Corpus (``build_scripts.pipeline.load(root)``)."""
    root = Path(corpus.root)
    files = _Files(root)
    report = CheckReport([])
    allow = load_allowlist(root, report.problems)
    for doc in corpus.documents:
        t0 = time.perf_counter()
        rep = DocumentReport(doc.id, None)
        body, notes = _text_pieces(files, doc)
        app_rel, app = _appendix(files, root, doc)
        app_heads, app_rows = _appendix_pieces(files, app_rel, app) if app else ([], [])
        _fidelity(files, corpus, doc, rep, body, notes, app_rel, app_heads, app_rows)
        text_pieces = body + notes + app_heads + [c for r in app_rows for c in r.cells]
        meta_pieces = _syllable_pieces(files, doc)
        _words_check(text_pieces + meta_pieces, allow, rep)
        rep.unknown.sort(key=lambda u: (u.where.file, u.where.line, u.where.col))
        rep.seconds = time.perf_counter() - t0
        report.documents.append(rep)
    return report


def report_problems(report: CheckReport, problems: Problems) -> None:
    """Add the report's findings to ``problems``.

    Errors: restored-only passages over the threshold (invented text), paragraphs with too
    few diacritics, and every unknown word of a document that has more than
    MAX_UNKNOWN_WORDS of them. Warnings: OCR-only passages (omissions), unknown words
    otherwise, bare [?] outside vi.txt (the pipeline warns about those in vi.txt).
    """
    problems.extend(report.problems)
    for rep in report.documents:
        for p in rep.invented():
            problems.error(p.where, "fidelity",
                           f"{p.length} consecutive words (lines {p.where.line}-{p.end_line}) are not in "
                           f"{rep.reference} (\"{_short(p.text)}\"); expected every restored word to be in the "
                           f"OCR ({p.threshold} or more in a row is an error): remove invented text, restore the "
                           f"passage where the OCR has it, or flag an uncertain reading with [?: ...] right after it")
        for p in rep.omitted():
            near = f"; it would follow {p.near}" if p.near else ""
            if p in rep.row_leftovers:
                near = f"; the row starts at {p.near}"
            problems.warning(p.where, "fidelity",
                             f"{p.words} words of the OCR (lines {p.where.line}-{p.end_line}) are not in the "
                             f"restored text (\"{_short(p.text)}\"){near}; restore them, put them in meta.yml if "
                             f"they are header or signature, or say in a %% comment that they were dropped "
                             f"(docs-dev/CHECKS.md)")
        many = len(rep.unknown) > MAX_UNKNOWN_WORDS
        for u in rep.unknown:
            msg = (f"'{u.word}' is not a Vietnamese syllable, a number or a word of {ALLOWLIST}; "
                   f"fix the OCR garbage, or add the word to the allow-list with its reason")
            if many:
                problems.error(u.where, "syllable", msg + f" ({len(rep.unknown)} such words in {rep.id}, "
                                                          f"more than {MAX_UNKNOWN_WORDS}: a passage left unrestored?)")
            else:
                problems.warning(u.where, "syllable", msg)
        for low in rep.low_diacritics:
            problems.error(low.where, "diacritics",
                           f"only {low.marked} of {low.syllables} syllables ({low.share:.0%}) carry diacritics; "
                           f"restored Vietnamese has at least {LOW_DIACRITIC_SHARE:.0%}: is this passage still OCR?")
        for where in rep.marks_bare:
            if not where.file.endswith("vi.txt"):   # vi.txt's bare marks are reported by the pipeline
                problems.warning(where, "unreadable", "unreadable spot '[?]' without a note; write '[?: what you can tell]'")


def _short(s: str, n: int = 70) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


def format_report(report: CheckReport, top: int = 5) -> str:
    """The report as an editor reads it (docs-dev/CHECKS.md explains each line)."""
    out: list[str] = []
    for rep in report.documents:
        out.append(f"== {rep.id}  (compared with {rep.reference or 'nothing: no ocr.txt or seed.txt'}; {rep.seconds:.2f}s)")
        if rep.reference:
            for rel, cov in rep.restored.items():
                out.append(f"  restored words found in the OCR  {cov}  {rel}")
            acc = ", ".join(f"{v} {k}" for k, v in sorted(rep.ocr_accounted.items()))
            out.append(f"  OCR words found in the text      {rep.ocr}  (+ {acc or 'nothing'} accounted for)")
            out.append(f"  longest restored-only passages (error from {INVENTED_RUN} words, {INVENTED_RUN_TABLE} in "
                       f"the appendix, unless at an editor's mark):")
            for p in rep.restored_passages[:top]:
                mark = "  [at an editor's mark]" if p.at_mark else ""
                out.append(f"    {p.length:4d}  {p.span()}  {_short(p.text, 90)}{mark}")
            flagged = rep.at_marks()
            if flagged:
                out.append(f"  ({len(flagged)} restored-only passage(s) over the threshold stand at an editor's "
                           f"mark and are not errors: " + ", ".join(p.span() for p in flagged) + ")")
            out.append(f"  longest OCR-only passages (words/tokens; warning from {OMITTED_RUN} words):")
            for p in rep.ocr_passages[:top]:
                near = f"  (after {p.near})" if p.near else ""
                out.append(f"    {p.words:3d}/{p.length:<3d} {p.span()}  {_short(p.text, 90)}{near}")
            if rep.row_leftovers:
                out.append(f"  appendix rows leaving the most OCR words unused (warning from {OMITTED_ROW} words):")
                for p in rep.row_leftovers[:top]:
                    out.append(f"    {p.words:3d}/{p.length:<3d} {p.span()}  row at {p.near}  {_short(p.text, 70)}")
        counts: dict[str, int] = defaultdict(int)
        for u in rep.unknown:
            counts[u.word] += 1
        out.append(f"  unknown words: {len(rep.unknown)}" + (" (error: more than %d)" % MAX_UNKNOWN_WORDS
                                                            if len(rep.unknown) > MAX_UNKNOWN_WORDS else ""))
        for w, c in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
            first = next(u.where for u in rep.unknown if u.word == w)
            out.append(f"    {c:3d}  {w}  (first at {first})")
        if rep.diacritic_shares:
            s = sorted(rep.diacritic_shares)
            out.append(f"  diacritics: {len(s)} paragraphs judged, lowest share {s[0]:.0%}, median {s[len(s) // 2]:.0%}")
        for low in rep.low_diacritics:
            out.append(f"    LOW {low.share:.0%} ({low.marked}/{low.syllables})  {low.where}  {_short(low.excerpt, 60)}")
        out.append(f"  marks: {rep.marks_noted} [?: note], {len(rep.marks_bare)} bare [?], {rep.marks_ed} [ed: ...]")
        for where in rep.marks_bare:
            out.append(f"    bare [?] at {where}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m build_scripts.checks", description="Text-quality checks of source_texts/.")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    ap.add_argument("--top", type=int, default=5, help="passages to list per side and document")
    args = ap.parse_args(argv)
    from .pipeline import load

    corpus = load(args.root)
    report = run_checks(corpus)
    print(format_report(report, args.top))
    loaded = {d.id for d in corpus.documents}
    for folder in sorted(p.parent.name for p in (args.root / "source_texts").glob("*/meta.yml")):
        if folder not in loaded:
            print(f"== {folder}: not checked, the document does not load (see `python -m build_scripts check`)")
    problems = Problems()
    report_problems(report, problems)
    for p in problems.warnings + problems.errors:
        print(p, file=sys.stderr)
    print(f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s) from the text checks", file=sys.stderr)
    return 1 if problems.errors else 0


if __name__ == "__main__":
    sys.exit(main())
