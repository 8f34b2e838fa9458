"""Citations: every mention of a document number, as a layer keyed by the citing paragraph.

Vietnamese document numbers come in two shapes; both are named patterns below. A citation
of a document in the corpus becomes a link to its page (and to the cited item when the
text names one: "mục IV.2 của Kế hoạch số 02-KH/BCĐTW"); every citation, in the corpus or
not, is listed on the citations index with links back to each citing paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Document, Source

# Party style: "57-NQ/TW", "02-KH/BCĐTW", "17-TB/CQTTBCĐ", "01-QC/BCĐTW" (number-KIND/ISSUER).
# OCR left spaces ("229- QĐ/TW"); they are allowed around the hyphen.
PARTY_NUMBER = r"\d{1,5}\s?-\s?[A-ZĐ]{2,4}/[A-ZĐ][A-ZĐa-z]{1,12}"
# State style: "350/QĐ-TTg", "179/2025/NĐ-CP", "1215/VPCP-KSTT", "21/2023/TT-BTTTT".
# Requires letters after the slash, so dates such as "30/6/2026" never match.
STATE_NUMBER = r"\d{1,5}(?:/\d{4})?/[A-ZĐ]{2,6}-[A-ZĐ][A-ZĐa-z]{1,10}"
# The kind of document, when printed before the number ("Nghị quyết số 57-NQ/TW").
KIND_WORDS = (r"Nghị\s+quyết|Quyết\s+định|Kế\s+hoạch|Kết\s+luận|Thông\s+báo\s+kết\s+luận|Thông\s+báo|Nghị\s+định|"
              r"Thông\s+tư|Quy\s+định|Quy\s+chế\s+làm\s+việc|Quy\s+chế|Chỉ\s+thị|Công\s+văn|Hướng\s+dẫn|Chương\s+trình|Đề\s+án")
CITATION = re.compile(
    r"(?:(?P<item>(?:mục|tiểu\s+mục|điểm|khoản)\s+(?P<label>[IVX]+(?:\.\d+)*|\d+(?:\.\d+)*)|(?P<appendix>Phụ\s+lục))\s+(?:của\s+|tại\s+)?)?"
    r"(?:(?P<kind>" + KIND_WORDS + r")\s+(?:số\s+)?)?"
    r"(?P<number>" + PARTY_NUMBER + "|" + STATE_NUMBER + r")(?![\w/-])",
    re.I)


# A document number alone, as CITATION reads it. CITATION tries the words that may come before a
# number (mục, Phụ lục, Nghị quyết, ...) at every letter of a text; a text in which this finds no
# number (most paragraphs), or which has no '/' (both shapes have one), has no citation.
_NUMBER = re.compile(r"(?:" + PARTY_NUMBER + "|" + STATE_NUMBER + r")(?![\w/-])", re.I)


def normalise_number(n: str) -> str:
    """``'229- QĐ/TW'`` -> ``'229-QĐ/TW'`` (the key of a cited document)."""
    return re.sub(r"\s+", "", n)


@dataclass(frozen=True)
class Citation:
    number: str             # normalised, e.g. '02-KH/BCĐTW'
    kind: str               # as printed, e.g. 'Kế hoạch', or ''
    start: int              # of the number in the paragraph text
    end: int
    source: Source          # the citing paragraph
    citing_doc: str
    anchor: str             # anchor of the citing paragraph on its document's page
    label: str              # human label of the citing place: 'IV.1', 'preamble', 'PL.I.3', 'fn 1'
    target_doc: str | None  # id of the cited document when it is in the corpus
    target_anchor: str      # the cited item's anchor, when the text names one
    about: "CitedAbout | None" = None   # date, issuer and subject, when the text gives them


@dataclass(frozen=True)
class CitedAbout:
    """What the citing text says of a document right after its number:
    "57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển ...;" ->
    date '22/12/2024', issuer 'Bộ Chính trị', subject 'đột phá phát triển ...'."""
    date: str
    issuer: str
    subject: str


# After the number: ", ngày 22/12/2024" (or " ngày 24 tháng 11 năm 2023"), "của <issuer>" where
# the issuer is an agency of the registry (several: "Bộ Chính trị, Ban Bí thư"), then "về (việc)
# <subject>" or "ban hành <subject>"; each part optional, in this order. The subject runs to
# ";" or "." (not inside "3.0"), to the next cited document, or to the end.
_DATE = r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
_MARK = re.compile(r"\[(?:\?|ed)(?::[^\]]*)?\]")
_NEXT = re.compile(r"\s(?:và\s+|,\s*)?(?:" + KIND_WORDS + r")\s+(?:số\s+)?\d", re.I)


def _about_pattern(names) -> re.Pattern:
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(set(names), key=len, reverse=True) if n)
    issuer = rf"(?:{alt})(?:\s*(?:,|và)\s*(?:{alt}))*" if alt else r"(?!)"
    return re.compile(
        r"^\s*,?\s*(?:ngày\s+(?P<date>" + _DATE + r"))?\s*,?\s*"
        r"(?:của\s+(?P<issuer>" + issuer + r")(?![\wÀ-ỹ]))?\s*"
        r"(?:(?:về(?:\s+việc)?|ban\s+hành)\s+(?P<subject>(?:[^;.]|\.(?=\d))+))?", re.I)


def about_after(text: str, end: int, pattern: re.Pattern) -> CitedAbout | None:
    """Date, issuer and subject printed right after a citation's number, if any.

    >>> p = _about_pattern(["Bộ Chính trị"])
    >>> about_after("Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển; ...", 22, p)
    CitedAbout(date='22/12/2024', issuer='Bộ Chính trị', subject='đột phá phát triển')
    """
    rest = _MARK.sub("", text[end:end + 400])
    m = pattern.match(rest)
    if not m or not (m["date"] or m["issuer"] or m["subject"]):
        return None
    subject = re.sub(r"\s+", " ", m["subject"] or "").strip()
    cut = _NEXT.search(" " + subject)
    if cut:
        subject = subject[:max(cut.start() - 1, 0)].strip()
        # "... quốc gia ban hành kèm theo [Quyết định số ...]": the link words are not the subject's
        subject = re.sub(r"(?:\s+(?:ban\s+hành|kèm\s+theo|tại|và|của|theo|thực\s+hiện))+$", "", subject)
        if len(subject.split()) < 3:            # "về việc triển khai [Quy định số ...]": not a subject
            subject = ""
    return CitedAbout(re.sub(r"\s+", " ", m["date"] or ""), re.sub(r"\s+", " ", (m["issuer"] or "").strip()),
                      subject.rstrip(" ,"))


def paragraphs_of(doc: Document):
    """(paragraph text, source, anchor, label) for every citable paragraph of a document."""
    text = doc.vi
    for i, p in enumerate(text.preamble, 1):
        yield p.text, p.source, f"preamble-{i}", "preamble"
    for node in text.walk():
        for p in node.paragraphs:
            yield p.text, p.source, node.anchor, node.label
    for i, p in enumerate(text.closing, 1):
        yield p.text, p.source, f"closing-{i}", "closing"
    for f in text.footnotes:
        yield f.text, f.source, f"fn:{f.key}", f"fn {f.key}"
    if doc.appendix:
        for g in doc.appendix["groups"]:
            for r in g["rows"]:
                anchor = f"pl-{g['number'].lower()}-{r['stt'].lower()}"
                for key in ("task", "output", "deadline"):
                    yield r[key], r["lines"].get(key, r["source"]), anchor, f"PL.{g['number']}.{r['stt']}"


def find_citations(documents: list[Document], issuers=()) -> list[Citation]:
    """Every citation of every document; ``issuers``: names of the registry's agencies, which
    a citation's "của <issuer>" is read against (none: no issuer is read)."""
    by_number = {normalise_number(d.number): d for d in documents}
    about = _about_pattern(issuers)
    out = []
    for doc in documents:
        for text, source, anchor, label in paragraphs_of(doc):
            if "/" not in text or not _NUMBER.search(text):
                continue
            for m in CITATION.finditer(text):
                number = normalise_number(m["number"])
                target = by_number.get(number)
                target_anchor = ""
                if target is not None:
                    if m["appendix"] and target.appendix:
                        target_anchor = "pl"
                    elif m["label"]:
                        path = tuple(m["label"].split("."))
                        node = target.vi.node(path)
                        target_anchor = node.anchor if node else ""
                if target is not None and target.id == doc.id:
                    continue  # a document naming itself ("Kèm theo Quyết định số 350/QĐ-TTg")
                out.append(Citation(number, re.sub(r"\s+", " ", m["kind"] or ""), m.start("number"), m.end("number"),
                                    source, doc.id, anchor, label, target.id if target else None, target_anchor,
                                    about_after(text, m.end("number"), about)))
    return out
