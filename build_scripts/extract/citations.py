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


def find_citations(documents: list[Document]) -> list[Citation]:
    by_number = {normalise_number(d.number): d for d in documents}
    out = []
    for doc in documents:
        for text, source, anchor, label in paragraphs_of(doc):
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
                                    source, doc.id, anchor, label, target.id if target else None, target_anchor))
    return out
