"""Syllables: every word of the restored Vietnamese is a syllable, a number or allowed."""
from __future__ import annotations

from .pieces import Piece
from .report import DocumentReport, UnknownWord
from .syllables import AllowList, word_spans


def check_unknown_words(pieces: list[Piece], allow: AllowList, rep: DocumentReport) -> None:
    """Every word that is not a Vietnamese syllable, a number or on the allow-list."""
    for p in pieces:
        for word, start, kind in word_spans(p.text, allow):
            if kind == "unknown":
                rep.unknown.append(UnknownWord(word, p.source(start)))
    rep.unknown.sort(key=lambda u: (u.where.file, u.where.line, u.where.col))
