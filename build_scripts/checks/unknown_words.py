"""Syllables: every word of the restored Vietnamese is a syllable, a number or allowed."""
from __future__ import annotations

from .pieces import Piece
from .report import DocumentReport, UnknownWord
from .syllables import AllowList, words


def check_unknown_words(pieces: list[Piece], allow: AllowList, rep: DocumentReport) -> None:
    """Every word that is not a Vietnamese syllable, a number or on the allow-list."""
    for p in pieces:
        for w in words(p.text, allow):
            if w.kind == "unknown":
                rep.unknown.append(UnknownWord(w.text, p.source(w.start)))
    rep.unknown.sort(key=lambda u: (u.where.file, u.where.line, u.where.col))
