"""Editor's marks: [?] (unnoted), [?: note] and [ed: note], counted per document and listed."""
from __future__ import annotations

import re

from .pieces import Piece
from .report import DocumentReport
from .syllables import EDITOR_MARK


def count_marks(pieces: list[Piece], rep: DocumentReport) -> None:
    for p in pieces:
        for m in EDITOR_MARK.finditer(p.text):
            tag = m.group(0)
            if tag == "[?]":
                rep.marks_bare.append(p.source(m.start()))
            elif tag.startswith("[?"):
                rep.marks_noted += 1
            else:
                rep.marks_ed += 1


_NOTED = re.compile(r"\[\?:[^\]]*\]")


def unreadable_marks(files: dict[str, list[str]]):
    """Every noted unreadable spot '[?: ...]' of the texts and tables the reader read, so an
    editor can work through them (``file:line:col: note[unreadable]: ...``)."""
    for rel in sorted(files):
        name = rel.rsplit("/", 1)[-1]
        if not rel.startswith("source_texts/") or rel.count("/") != 2:
            continue
        if not name.endswith((".txt", ".yml")) or name.startswith(("ocr", "seed")):
            continue
        for i, line in enumerate(files[rel], 1):
            if line.lstrip().startswith(("%%", "#")):
                continue
            for m in _NOTED.finditer(line):
                yield f"{rel}:{i}:{m.start() + 1}: note[unreadable]: {m.group(0)[:140]}"
