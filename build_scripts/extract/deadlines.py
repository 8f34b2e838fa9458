"""Deadline phrases: find every completion phrase in a task's text and keep its precision.

Each pattern is a named constant with the real line it was written for and the false
positive it avoids. ``find_deadlines`` returns them in text order; a month stays a month.
"""
from __future__ import annotations

import calendar
import re
from functools import lru_cache

from ..models import Deadline

_D = r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})"
_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4}

PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    # "Hoàn thành trước ngày 30/4/2026", "Hoàn thành trong trước ngày 15/6/2026" (sic),
    # "Hoàn thành chậm nhất trước ngày 15/6/2026", "Hoàn thành trước 31/3/2026",
    # "Báo cáo kết quả về Ban Chỉ đạo trước ngày 30/6/2026", "hoàn thành trong ngày 25/6/2025".
    # Requires a full d/m/yyyy, so "trước ngày" in prose without a date is not a deadline.
    ("date", re.compile(
        r"(?:(?:hoàn\s+thành|thực\s+hiện)\s+)?(?P<q>(?:trong\s+)?(?:chậm\s+nhất\s+)?(?:trước|trong|chậm\s+nhất|đến|xong\s+trước)\s+(?:ngày\s+)?)"
        + _D, re.I)),
    # "Hoàn thành trong tháng 4/2026", "hoàn thành trong tháng 01/2026";
    # "trong tháng" alone (without "hoàn thành") also counts: "Ban hành trong tháng 8/2025".
    ("month", re.compile(
        r"(?:(?:hoàn\s+thành|thực\s+hiện|ban\s+hành)\s+)?(?P<q>trong|trước|đến|chậm\s+nhất\s+trong|chậm\s+nhất)\s+tháng\s+(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})", re.I)),
    # "Hoàn thành tháng 9/2025." (02-KH/BCĐTW IV.2.1, IV.3: without "trong"); "hoàn thành"
    # must come first, so "tháng 9/2025" alone in prose ("báo cáo tháng 9/2025") is not one.
    ("month_done", re.compile(r"hoàn\s+thành\s+tháng\s+(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})", re.I)),
    # "thực hiện từ tháng 02/2026" — a start, not an end: a period open at the end.
    ("from_month", re.compile(r"(?:thực\s+hiện\s+)?từ\s+tháng\s+(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})", re.I)),
    # "Quý IV/2026", "Quý IV năm 2026", "trong quý II/2025"; Roman quarter only, so
    # "Quý I hằng năm" (recurring, no year) does not match.
    ("quarter", re.compile(r"(?:(?:hoàn\s+thành|trong|trước)\s+)*quý\s+(?P<q>IV|III|II|I)\s*(?:/|năm)\s*(?P<y>\d{4})", re.I)),
    # "Thời gian thực hiện trong năm 2026 và năm 2027" (350/QĐ-TTg appendix): two years.
    ("two_years", re.compile(r"trong\s+năm\s+(?P<a>\d{4})\s+và\s+năm\s+(?P<b>\d{4})", re.I)),
    # "từ năm 2026 đến năm 2028", "2026 đến năm 2028": a period of years.
    ("year_range", re.compile(r"(?:từ\s+(?:năm\s+)?)?(?P<a>\d{4})\s+đến\s+năm\s+(?P<b>\d{4})", re.I)),
    # "bắt đầu triển khai từ 2026", "Bắt đầu triển khai từ năm 2026": a start year.
    ("from_year", re.compile(r"bắt\s+đầu\s+triển\s+khai\s+từ\s+(?:năm\s+)?(?P<y>\d{4})", re.I)),
    # "Giai đoạn 2026 - 2030", "giai đoạn 2026-2030"; a period of years.
    ("period", re.compile(r"giai\s+đoạn\s+(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})", re.I)),
    # "Hoàn thành trong năm 2026", "trong năm 2025"; "Năm 2027" alone as a table cell.
    # Not "năm 2026" after "Kế hoạch ..." (a title): requires "trong"/"hoàn thành"/cell start.
    # "Thời gian hoàn thành năm 2027" (a table cell) too.
    ("year", re.compile(r"(?:(?:hoàn\s+thành\s+)?(?:trong|trước|đến\s+hết)\s+năm|hoàn\s+thành\s+năm|^năm)\s+(?P<y>\d{4})(?!\s*/)", re.I)),
    # "Nhiệm vụ thường xuyên", "Nhiệm vụ thường xuyên đến năm 2030", "Thường xuyên".
    ("ongoing", re.compile(r"(?:nhiệm\s+vụ\s+thường\s+xuyên|^thường\s+xuyên)(?:[^.;]{0,60}?đến\s+năm\s+(?P<y>\d{4}))?", re.I)),
    # "... và tiếp tục thực hiện trong các năm tiếp theo" — work goes on after the date.
    ("continues", re.compile(r"tiếp\s+tục\s+thực\s+hiện\s+trong\s+các\s+năm\s+tiếp\s+theo", re.I)),
    # "Hoàn thành theo lộ trình của Đề án chuyển đổi số", "Hoàn thành theo lộ trình Dự án",
    # "Thực hiện theo lộ trình của Dự án", "Theo lộ trình được cấp có thẩm quyền giao".
    # Requires "hoàn thành/thực hiện" before, or the phrase to open a sentence, so
    # "cung cấp ... theo lộ trình phù hợp" in prose is not a deadline.
    ("roadmap", re.compile(
        r"(?:(?:hoàn\s+thành|thực\s+hiện)\s+theo\s+lộ\s+trình|(?:^|(?<=[.;]\s))theo\s+lộ\s+trình)"
        r"(?P<of>\s+(?:của\s+)?(?:Đề\s+án|Dự\s+án|được\s+cấp\s+có\s+thẩm\s+quyền\s+giao)[^.;,]*)?", re.I)),
)


def _qualifier(q: str) -> str:
    q = (q or "").lower()
    if "trước" in q or "chậm nhất" in q:
        return "before"
    if "đến" in q:
        return "by"
    if "trong" in q:
        return "within"
    return ""


_MARK = re.compile(r"\s*\[(?:\?|ed:)[^\]]*\]")


def strip_marks(text: str) -> str:
    """Drop editor's marks ([?], [?: ...], [ed: ...]) so they do not split a phrase.

    >>> strip_marks("Hoàn thành [?: one word lost] năm 2026")
    'Hoàn thành năm 2026'
    """
    return _MARK.sub("", text)


# A word every match of a pattern contains (in lower case): a text without it is not searched
# with that pattern, which finds nothing there anyway. The patterns ignore case, and each letter
# of these words matches only itself and its capital (not so 'i', which matches the Turkish
# dotless 'ı': 'giai đoạn' and 'tiếp tục' are always searched).
_NEEDS = {"date": "/", "month": "tháng", "month_done": "tháng", "from_month": "tháng", "quarter": "quý",
          "two_years": "năm", "year_range": "năm", "from_year": "bắt", "year": "năm", "ongoing": "thường",
          "roadmap": "lộ"}


def find_deadlines(text: str) -> list[Deadline]:
    """All deadline phrases in ``text``, in order, overlapping matches removed.

    >>> [d.value for d in find_deadlines("Hoàn thành trong trước ngày 15/6/2026.")]
    ['2026-06-15']
    """
    return list(_find_deadlines(text))


@lru_cache(maxsize=8192)
def _find_deadlines(text: str) -> tuple[Deadline, ...]:
    """find_deadlines, remembered: a task's phase heading and its parents' words are read once
    per task below them (the Deadlines are immutable; callers get a list of their own)."""
    text = strip_marks(text)
    low = text.lower()
    found: list[Deadline] = []
    for name, pat in PATTERNS:
        need = _NEEDS.get(name)
        if need is not None and need not in low:
            continue
        for m in pat.finditer(text):
            d = _build(name, m)
            if d is not None:
                found.append(d)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    result: list[Deadline] = []
    for d in found:
        if result and d.start < result[-1].end:
            continue  # overlaps a longer phrase that starts earlier
        result.append(d)
    return tuple(result)


def _build(name: str, m: re.Match) -> Deadline | None:
    phrase = m.group(0).strip()
    s, e = m.start(), m.end()
    if name == "date":
        d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
        if not (1 <= mo <= 12 and 1 <= d <= 31 and 1 <= y <= 9999):
            return None
        # A day the month does not have ("31/6/2025", as printed) is read as the month's last
        # day; check_deadline_phrases warns, so an editor adds an [ed: ...] note.
        d = min(d, calendar.monthrange(y, mo)[1])
        return Deadline("date", f"{y:04d}-{mo:02d}-{d:02d}", phrase, s, e, qualifier=_qualifier(m["q"]))
    if name == "month_done":
        mo, y = int(m["m"]), int(m["y"])
        if not 1 <= mo <= 12:
            return None
        return Deadline("month", f"{y:04d}-{mo:02d}", phrase, s, e, qualifier="within")
    if name == "month":
        mo, y = int(m["m"]), int(m["y"])
        if not 1 <= mo <= 12:
            return None
        return Deadline("month", f"{y:04d}-{mo:02d}", phrase, s, e, qualifier=_qualifier(m["q"]))
    if name == "from_month":
        mo, y = int(m["m"]), int(m["y"])
        return Deadline("period", f"{y:04d}-{mo:02d}/..", phrase, s, e, qualifier="from")
    if name == "quarter":
        # ignoring case, the pattern's "I" also matches the dotted "İ" (U+0130): read as "I"
        q = _ROMAN_Q.get(m["q"].upper().replace("İ", "I"))
        if q is None:
            return None
        return Deadline("quarter", f"{m['y']}-Q{q}", phrase, s, e)
    if name in ("period", "two_years", "year_range"):
        return Deadline("period", f"{m['a']}/{m['b']}", phrase, s, e)
    if name == "from_year":
        return Deadline("period", f"{m['y']}/..", phrase, s, e, qualifier="from")
    if name == "year":
        return Deadline("year", m["y"], phrase, s, e, qualifier="within")
    if name == "ongoing":
        return Deadline("ongoing", None, phrase, s, e, until=m["y"])
    if name == "continues":
        return Deadline("ongoing", None, phrase, s, e)
    if name == "roadmap":
        return Deadline("roadmap", None, phrase, s, e)
    return None


def parse_deadline_override(value: str) -> list[Deadline]:
    """``@deadline: 30/6/2026`` -> the deadlines it names (may be several, ';'-separated)."""
    out = []
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", part):
            d, mo, y = map(int, part.split("/"))
            if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]):
                return []                  # an editor's own date must be a real day
            part = "trước ngày " + part
        elif re.fullmatch(r"\d{1,2}/\d{4}", part):
            part = "trong tháng " + part
        elif re.fullmatch(r"\d{4}", part):
            part = "trong năm " + part
        elif part.lower() in ("none", "không"):
            out.append(Deadline("none", None, ""))
            continue
        found = find_deadlines(part)
        if len(found) != 1:
            return []
        out.append(found[0])
    return out
