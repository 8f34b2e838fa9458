"""Diacritics: a paragraph whose syllables mostly lack diacritics is still OCR."""
from __future__ import annotations

from .pieces import Piece
from .report import DocumentReport, LowDiacritics
from .settings import LOW_DIACRITIC_SHARE, MIN_SYLLABLES
from .syllables import AllowList, is_marked, words


def check_diacritics(pieces: list[Piece], allow: AllowList, rep: DocumentReport) -> None:
    """The share of marked syllables of every paragraph of ``MIN_SYLLABLES`` or more."""
    for p in pieces:
        syl = marked = 0
        for w in words(p.text, allow):
            if w.kind in ("syllable", "unknown"):
                syl += 1
                marked += w.kind == "syllable" and is_marked(w.text)
        if syl >= MIN_SYLLABLES:
            rep.diacritic_shares.append(marked / syl)
            if marked / syl < LOW_DIACRITIC_SHARE:
                rep.low_diacritics.append(LowDiacritics(p.source(0), syl, marked, p.text[:80]))
