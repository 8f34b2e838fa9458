"""Words as search compares them: tokens, folded forms, exact forms, English stems, dates.

The browser's ``docs/assets/javascripts/search.js`` applies the same rules to the query;
``tests/test_search_index.py`` holds both to one table of cases.

    >>> tokenize("Đảng uỷ Công an (17-KH/BCĐ, 57NQ/TW)")
    ['Đảng', 'uỷ', 'Công', 'an', '17', 'KH', 'BCĐ', '57', 'NQ', 'TW']
    >>> fold_term("Databases", "en"), fold_term("Đảng", "vi")
    ('database', 'dang')
"""
from __future__ import annotations

import calendar
import re
import unicodedata

from ..text import fold, match_key, nfc

# Prefixes of terms that no page prints: a query for a date asks for them (see date_terms).
# They cannot collide with a word: a token never holds "~".
DUE_DAY = "~d"        # ~d2026-06-30: a task due that day
DUE_MONTH = "~m"      # ~m2026-06: a task due that month (a day in it, or the month itself)
MONTH_END = "~e"      # ~e2026-06-30: a task due "in June 2026", that is by its last day
MONTH_PAGE = "~p"     # ~p2026-06: the page of that month's deadlines


def tokenize(text: str) -> list[str]:
    """Runs of letters (with their marks) and runs of digits, NFC first: ``'57NQ'`` is two
    words, as ``'57-NQ'`` is. The browser uses ``/[\\p{L}\\p{M}]+|\\p{N}+/gu``."""
    out: list[str] = []
    cur: list[str] = []
    kind = ""
    for ch in nfc(text):
        cat = unicodedata.category(ch)[0]
        k = "N" if cat == "N" else "L" if cat in "LM" else ""
        if k and (k == kind or not cur):
            cur.append(ch)
            kind = k
            continue
        if cur:
            out.append("".join(cur))
            cur = []
        if k:
            cur, kind = [ch], k
        else:
            kind = ""
    if cur:
        out.append("".join(cur))
    return out


_ES_KEEP = ("aes", "ees", "oes")


def stem_en(w: str) -> str:
    """Plurals to singular, the S-stemmer (Harman 1991): ``databases`` -> ``database``,
    ``agencies`` -> ``agency``, ``processes`` -> ``processe`` (the same for ``process``'s
    plural and singular would be nicer; what matters is that the query gets the same stem).
    Words of three letters or fewer, and words in ``-ss`` or ``-us``, are kept."""
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us")):
        return w
    if w.endswith("ies") and not w.endswith(("eies", "aies")):
        return w[:-3] + "y"
    if w.endswith("es") and not w.endswith(_ES_KEEP):
        return w[:-1]
    return w[:-1]


# The site writes British English; a reader may type American: both spell one term.
US_WORDS = {"center": "centre", "defense": "defence", "program": "programme", "catalog": "catalogue",
            "license": "licence", "offense": "offence", "labor": "labour", "behavior": "behaviour",
            "enrollment": "enrolment", "fulfill": "fulfil"}
US_ENDINGS = (("ization", "isation"), ("izing", "ising"), ("ized", "ised"), ("ize", "ise"))


def british(w: str) -> str:
    """``'digitization'`` -> ``'digitisation'``, ``'center'`` -> ``'centre'`` (after the stem)."""
    if w in US_WORDS:
        return US_WORDS[w]
    for us, uk in US_ENDINGS:
        if w.endswith(us) and len(w) > len(us) + 2:
            return w[:-len(us)] + uk
    return w


def fold_term(token: str, lang: str) -> str:
    """What matching compares: ``text.fold`` (case, every diacritic, đ), then, on the
    English site, the plural stem and the British spelling."""
    f = fold(token)
    return british(stem_en(f)) if lang == "en" else f


def exact_form(token: str) -> str:
    """The form kept for exact-diacritic ranking: ``'Uỷ'`` -> ``'ủy'``, ``'HOÁ'`` -> ``'hóa'``."""
    return match_key(token)


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def date_terms(values) -> list[tuple[str, int]]:
    """Terms for a task's deadline values (``YYYY-MM-DD`` or ``YYYY-MM``; others give none),
    each with its weight rank (2: the exact day or month; 1: the last day of a month that is
    the deadline)."""
    out: list[tuple[str, int]] = []
    for v in values:
        if not isinstance(v, str):
            continue
        m = _DAY.match(v)
        if m:
            out += [(DUE_DAY + v, 2), (DUE_MONTH + v[:7], 2)]
            continue
        m = _MONTH.match(v)
        if m:
            last = calendar.monthrange(int(m.group(1)), int(m.group(2)))[1]
            out += [(DUE_MONTH + v, 2), (MONTH_END + f"{v}-{last:02d}", 1)]
    seen, uniq = set(), []
    for t in out:
        if t[0] not in seen:
            seen.add(t[0])
            uniq.append(t)
    return uniq
