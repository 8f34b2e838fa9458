"""Diacritics: a paragraph whose syllables mostly lack diacritics is still OCR."""
from __future__ import annotations

from .pieces import Piece
from .report import DocumentReport, LowDiacritics
from .settings import LOW_DIACRITIC_SHARE, MIN_SYLLABLES
from .syllables import AllowList, is_marked, word_spans


def check_diacritics(pieces: list[Piece], allow: AllowList, rep: DocumentReport) -> None:
    """The share of marked syllables of every paragraph of ``MIN_SYLLABLES`` or more."""
    for p in pieces:
        syl = marked = 0
        for word, _, kind in word_spans(p.text, allow):
            if kind in ("syllable", "unknown"):
                syl += 1
                marked += kind == "syllable" and is_marked(word)
        if syl >= MIN_SYLLABLES:
            rep.diacritic_shares.append(marked / syl)
            if marked / syl < LOW_DIACRITIC_SHARE:
                rep.low_diacritics.append(LowDiacritics(p.source(0), syl, marked, p.text[:80]))
