"""Text normalisation shared by matching, search and checks.

Vietnamese is written with two tone placements (``hoá``/``hóa``, ``uỷ``/``ủy``,
``toà``/``tòa``); both are correct. For matching we bring both to one form without changing
the string's length, so a match position in the normalised string is a position in the
original (eyecite's habit of keeping positions in the source text).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old style (tone on the first vowel) -> new style (tone on the second), for the pairs
# that differ. Applied only at the end of a syllable: "hoàn" keeps its "oà".
_OLD_TO_NEW = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# The pairs of _OLD_TO_NEW, 'o' or 'u' then a toned vowel: "oà|oá|...|uỵ" as two classes, which
# match the same (ignoring case, a class and its letters match the same characters) without the
# engine trying fifteen alternatives at every letter.
_TONE_PAIR = re.compile("(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?![a-zà-ỹđ])", re.IGNORECASE)
assert sorted(_OLD_TO_NEW) == sorted(f + v for f, vs in (("o", "àáảãạèéẻẽẹ"), ("u", "ỳýỷỹỵ")) for v in vs)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def canonical_tones(s: str) -> str:
    """``'Đảng uỷ Công an'`` -> ``'Đảng ủy Công an'`` (same length)."""

    def repl(m: re.Match) -> str:
        old = m.group(0)
        new = _OLD_TO_NEW[old.lower()]
        return new.upper() if old.isupper() else (new[0].upper() + new[1:] if old[0].isupper() else new)

    return _TONE_PAIR.sub(repl, nfc(s))


@lru_cache(maxsize=16384)
def match_key(s: str) -> str:
    """Key for agency matching: NFC, canonical tone placement, lower case, same length.

    Remembered: the words of a heading are matched once for every task below it."""
    return canonical_tones(s).lower()


def fold(s: str) -> str:
    """Fold for diacritic-insensitive comparison: ``'Đảng uỷ'`` -> ``'dang uy'``."""
    s = nfc(s).replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return s.lower()


def slug_label(label: str) -> str:
    """Outline label -> anchor part: ``'đ'`` -> ``'dd'``, ``'III'`` -> ``'iii'``."""
    return label.lower().replace("đ", "dd")


_VI_ORDER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
_RANK = {ch: i for i, ch in enumerate(_VI_ORDER)}


@lru_cache(maxsize=65536)
def vi_sort_key(s: str) -> tuple:
    """Vietnamese alphabetical order: base letters first (a < ă < â < b ... d < đ), tones last."""
    low = canonical_tones(s).lower()
    base = []
    tones = []
    for ch in low:
        d = unicodedata.normalize("NFD", ch)
        letter = d[0]
        marks = d[1:]
        # keep the vowel-shape marks (breve, circumflex, horn) as part of the letter
        shape = "".join(m for m in marks if m in "\u0306\u0302\u031b")
        tone = "".join(m for m in marks if m not in "\u0306\u0302\u031b")
        comp = unicodedata.normalize("NFC", letter + shape)
        base.append(_RANK.get(comp, 1000 + ord(comp)))
        tones.append(tone)
    return (tuple(base), tuple(tones))


# The editor's marks in a source text (source_texts/README.md): a note "[ed: ...]", a spot
# not read for sure "[?]" or "[?: what the OCR printed]", and a footnote reference "[^1]".
ED_NOTE = re.compile(r"\[ed:\s*(?P<t>[^\]]*)\]")
UNREADABLE = re.compile(r"\[\?(?::\s*(?P<t>[^\]]*))?\]")
FOOTREF = re.compile(r"\[\^(?P<k>[0-9A-Za-z]+)\](?!:)")
