"""Pieces of source text with the (line, col) of every character, and their folded tokens.

The pieces come from the model (paragraphs, footnotes, appendix cells, meta fields); the
positions come from the raw lines the reader kept, so no file is read a second time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import repeat

from ..models import Document, Source
from ..source.reader import DIRECTIVE
from ..text import fold, nfc
from .settings import APPENDIX_CELLS, FORM_HEADERS, KIND_NAMES, TOKEN
from .syllables import EDITOR_MARK, FOOTNOTE_REF, blank

# --- text pieces with positions -----------------------------------------------------------

class Positions:
    """The (line, col) of each character of a piece, as two lists of ints.

    It reads like a list of (line, col) pairs, without a tuple per character: a document
    has some hundred thousand characters, and as many tuples kept the garbage collector busy.
    """

    __slots__ = ("lines", "cols")

    def __init__(self, lines: list[int] | None = None, cols: list[int] | None = None):
        self.lines = [] if lines is None else lines
        self.cols = [] if cols is None else cols

    @classmethod
    def of(cls, pairs) -> Positions:
        pairs = list(pairs)
        return cls([line for line, _ in pairs], [col for _, col in pairs])

    def run(self, line: int, col: int, n: int) -> None:
        """n characters of ``line`` from column ``col`` on."""
        self.lines.extend(repeat(line, n))
        self.cols.extend(range(col, col + n))

    def append(self, place: tuple[int, int]) -> None:
        self.lines.append(place[0])
        self.cols.append(place[1])

    def extend(self, other: Positions) -> None:
        self.lines.extend(other.lines)
        self.cols.extend(other.cols)

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return Positions(self.lines[k], self.cols[k])
        return self.lines[k], self.cols[k]

    def __iter__(self):
        return zip(self.lines, self.cols)

    def __eq__(self, other) -> bool:
        return list(self) == list(other)


@dataclass
class Piece:
    """A stretch of source text and the (line, col) of each of its characters (a list of
    pairs is taken as Positions)."""

    text: str
    file: str
    pos: Positions
    kind: str     # "text": must match the OCR | "meta": may match it (header, signature ...)
    label: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.pos, Positions):
            self.pos = Positions.of(self.pos)

    def source(self, k: int) -> Source:
        line, col = self.pos[min(k, len(self.pos) - 1)] if self.pos else (1, 1)
        return Source(self.file, line, col)


class Places:
    """Where each token came from: file, line and column in parallel lists, a Source made
    only when one is asked for (a document has tens of thousands of tokens, its report
    names a few dozen)."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.lines: list[int] = []
        self.cols: list[int] = []

    def extend(self, file: str, lines, cols: list[int]) -> None:
        """Tokens of ``file`` at ``lines`` (a list, or one line for all) and ``cols``."""
        self.files.extend(repeat(file, len(cols)))
        self.lines.extend(repeat(lines, len(cols)) if isinstance(lines, int) else lines)
        self.cols.extend(cols)

    def __getitem__(self, k: int) -> Source:
        return Source(self.files[k], self.lines[k], self.cols[k])

    def __len__(self) -> int:
        return len(self.lines)


@dataclass
class Tokens:
    """Folded tokens with where each came from; parallel lists.

    ``at_mark`` tells whether an editor's mark ([?: ...], [ed: ...], [?]) stands right
    before or after the token: the editor's reading next to a mark is declared uncertain,
    so a restored-only passage touching a mark is listed apart, not as invented text.
    """

    folded: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    where: Places = field(default_factory=Places)
    at_mark: list[bool] = field(default_factory=list)

    def add_piece(self, piece: Piece) -> None:
        text = blank(FOOTNOTE_REF, blank(EDITOR_MARK, piece.text))
        marks = list(EDITOR_MARK.finditer(piece.text))
        starts = {m.start() for m in marks}
        ends = {m.end() for m in marks}
        folded = _fold_same_length(text)
        spans = [m.span() for m in TOKEN.finditer(folded)]
        self.folded.extend(folded[a:e] for a, e in spans)
        self.shown.extend(piece.text[a:e] for a, e in spans)
        if piece.pos:                   # where each token starts, as piece.source() gives it
            last, lines, cols = len(piece.pos) - 1, piece.pos.lines, piece.pos.cols
            self.where.extend(piece.file, [lines[min(a, last)] for a, _ in spans],
                              [cols[min(a, last)] for a, _ in spans])
        else:
            self.where.extend(piece.file, 1, [1] * len(spans))
        if not marks:                   # most pieces: no mark for a token to touch
            self.at_mark.extend(repeat(False, len(spans)))
            return
        for left, right in spans:
            while right < len(text) and text[right] in _MARK_GLUE and right not in starts:
                right += 1
            while left > 0 and text[left - 1] in _MARK_GLUE and left not in ends:
                left -= 1
            self.at_mark.append(right in starts or left in ends)

    def __len__(self) -> int:
        return len(self.folded)


# What may stand between a word and the editor's mark it belongs to.
_MARK_GLUE = " .,;:"


class _FoldTable(dict):
    """A str.translate() table folding each character on its own, filled as characters are
    met: a character whose fold is not one character (none, or two) becomes a space, so
    positions in the folded string are positions in the original."""

    def __missing__(self, code: int) -> str:
        f = fold(chr(code))
        self[code] = f = f if len(f) == 1 else " "
        return f


_FOLD_TABLE = _FoldTable()


def _fold_same_length(s: str) -> str:
    return s.translate(_FOLD_TABLE)


class _Files:
    """Raw lines of the source files, as the reader read them (Corpus.files)."""

    def __init__(self, files: dict[str, list[str]]):
        self._files = files

    def lines(self, rel: str) -> list[str]:
        return self._files.get(rel, [])

    def __contains__(self, rel: str) -> bool:
        return rel in self._files


def _paragraph_piece(files: _Files, rel: str, line: int, text: str, kind: str = "text", label: str = "") -> Piece:
    """The piece of a paragraph read by reader.read_paragraphs, with the position of each
    character: the paragraph's lines (without %% comments and @directives) joined by spaces."""
    raw = files.lines(rel)
    parts: list[str] = []
    pos = Positions()
    i = line - 1
    while i < len(raw) and raw[i].strip():
        s = raw[i]
        stripped = s.strip()
        if not (stripped.startswith("%%") or DIRECTIVE.match(s)):
            lead = len(s) - len(s.lstrip())
            if parts:
                parts.append(" ")
                pos.append(pos[-1])
            parts.append(stripped)
            pos.run(i + 1, lead + 1, len(stripped))
        i += 1
    joined = "".join(parts)
    if _LOOSE_SPACE.search(joined):   # whitespace runs collapse to one space, as in the reader
        joined, pos = _collapse_spaces(joined, pos)
    at = joined.find(text) if text else -1
    if at < 0:   # the file changed under us; positions fall back to the paragraph's line
        return Piece(text, rel, [(line, 1)] * len(text), kind, label)
    return Piece(text, rel, pos[at:at + len(text)], kind, label)


# Whitespace that the reader changes: two in a row, or any but a plain space (a tab).
_LOOSE_SPACE = re.compile(r"\s\s|[^\S ]")
_SPACES = re.compile(r"\s+")


def _collapse_spaces(text: str, pos: Positions) -> tuple[str, Positions]:
    """Each run of whitespace as one space, at the position of its first character."""
    out: list[str] = []
    out_pos = Positions()
    last = 0
    for m in _SPACES.finditer(text):
        out.append(text[last:m.start()])
        out_pos.extend(pos[last:m.start()])
        out.append(" ")
        out_pos.append(pos[m.start()])
        last = m.end()
    out.append(text[last:])
    out_pos.extend(pos[last:])
    return "".join(out), out_pos


def _yaml_piece(files: _Files, rel: str, line: int, value: str, kind: str, label: str) -> Piece:
    """The piece of a YAML string whose key is on ``line``; quoted one-line values get exact
    columns, block scalars one line per line of the value."""
    raw = files.lines(rel)
    value = nfc(str(value))
    pos = Positions()
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
        pos.run(ln + 1, col, len(part))
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


def _appendix(files: _Files, doc: Document) -> tuple[str | None, dict | None]:
    """appendix.yml as written (with the line of every key), as the pipeline read it."""
    app = doc.appendix if isinstance(doc.appendix, dict) else None
    if app and isinstance(app.get("raw"), dict):
        return app["file"], app["raw"]
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
