"""Editor's marks: [?] (unnoted), [?: note] and [ed: note], counted per document."""
from __future__ import annotations

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
