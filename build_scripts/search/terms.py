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
import functools
import itertools
import re
import unicodedata

from ..text import fold, match_key, nfc

# Prefixes of terms that no page prints: a query for a date asks for them (see date_terms).
# They cannot collide with a word: a token never holds "~".
DUE_DAY = "~d"        # ~d2026-06-30: a task due that day
DUE_MONTH = "~m"      # ~m2026-06: a task due that month (a day in it, or the month itself)
MONTH_END = "~e"      # ~e2026-06-30: a task due "in June 2026", that is by its last day
MONTH_PAGE = "~p"     # ~p2026-06: the page of that month's deadlines


def _ranges(cats: str, planes: bool) -> str:
    """A regular-expression class body of every code point whose Unicode category begins with
    one of ``cats`` (``"LM"``: letters and marks); ``planes``: beyond the first 65,536 too."""
    out, lo = [], None
    # planes 4-13 are unassigned and 15-16 private use: no letter, mark or number there
    end = 0xE1000 if planes else 0x10000
    for cp in itertools.chain(range(0x40000), range(0xE0000, 0xE1001)) if planes else range(0x10001):
        inside = cp != end and unicodedata.category(chr(cp))[0] in cats
        if inside and lo is None:
            lo = cp
        elif not inside and lo is not None:
            out.append(re.escape(chr(lo)) + ("-" + re.escape(chr(cp - 1)) if cp - 1 > lo else ""))
            lo = None
    return "".join(out)


@functools.lru_cache(maxsize=None)
def _word_re(planes: bool) -> re.Pattern:
    # built once per process (0.1 s): the same classes as the browser's \p{L}\p{M} and \p{N};
    # the one of the first plane only is ten times faster, the other is for the rare text
    # beyond it
    return re.compile(f"[{_ranges('LM', planes)}]+|[{_ranges('N', planes)}]+")


_BEYOND_FIRST_PLANE = re.compile("[\U00010000-\U0010ffff]")


def words(text: str) -> list[str]:
    """``tokenize`` of a text already in NFC."""
    return _word_re(bool(_BEYOND_FIRST_PLANE.search(text))).findall(text)


def has_word(text: str) -> bool:
    """Does ``text`` hold a token?"""
    return _word_re(bool(_BEYOND_FIRST_PLANE.search(text))).search(text) is not None


def tokenize(text: str) -> list[str]:
    """Runs of letters (with their marks) and runs of digits, NFC first: ``'57NQ'`` is two
    words, as ``'57-NQ'`` is. The browser uses ``/[\\p{L}\\p{M}]+|\\p{N}+/gu``."""
    return words(nfc(text))


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


@functools.lru_cache(maxsize=1 << 18)
def fold_term(token: str, lang: str) -> str:
    """What matching compares: ``text.fold`` (case, every diacritic, đ), then, on the
    English site, the plural stem and the British spelling."""
    f = fold(token)
    return british(stem_en(f)) if lang == "en" else f


@functools.lru_cache(maxsize=1 << 18)
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
