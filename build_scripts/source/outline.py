"""Outline: decide the nesting of a document's own markers (I-, 1., a), -, (1)).

Like the eRegs parser, depth is decided here and nowhere else: a marker kind seen for the
first time below the current item goes one level deeper; a kind already open closes the
items below it and opens a sibling.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Node, Paragraph, Text
from ..problems import Problems

# Each pattern matches the marker at the start of a paragraph and captures its label.
MARKERS: tuple[tuple[str, re.Pattern], ...] = (
    # 'Điều 1.' ('Article 1.' in English) — articles of a decision; before 'number'.
    ("article", re.compile(r"^(?P<m>(?:Điều|Article)\s+(?P<label>\d+)\.)\s*")),
    # 'III-' or 'III.' — Roman parts; capitals only, so the word 'I' in prose cannot match,
    # and a space must follow so '1.5' or 'IV/2026' are not markers.
    ("roman", re.compile(r"^(?P<m>(?P<label>[IVXL]+)[-.])\s+")),
    # '2.1.' — decimal sub-sections (02-KH/BCĐTW); before 'number'.
    ("decimal2", re.compile(r"^(?P<m>\d+\.(?P<label>\d+)\.)\s+")),
    # '1.' — numbered sections; the space after the dot keeps '30/4/2026.' out.
    ("number", re.compile(r"^(?P<m>(?P<label>\d{1,2})\.)\s+")),
    # '*' — phases ('* Giai đoạn từ nay đến ngày 30/6/2025').
    ("phase", re.compile(r"^(?P<m>\*)\s*")),
    # 'a)' 'đ)' — lettered items; one letter only, so 'VNeID)' cannot match.
    ("letter", re.compile(r"^(?P<m>(?P<label>[a-zđ])\))\s+")),
    # '(i)' '(ii)' — Roman sub-items; before 'paren'.
    ("paren_roman", re.compile(r"^(?P<m>\((?P<label>i{1,3}|iv|v|vi{1,3}|ix|x)\))\s+")),
    # '(1)' — numbered sub-items on their own paragraph.
    ("paren", re.compile(r"^(?P<m>\((?P<label>\d{1,2})\))\s+")),
    # '-' or '+' — bullets; an en dash too, which OCR sometimes gives.
    ("dash", re.compile(r"^(?P<m>[-+–])\s*(?=\S)")),
)
ORDINAL_KINDS = {"dash", "phase"}


def _one_pattern(markers) -> re.Pattern:
    """MARKERS as one alternation, each marker's groups renamed after its place (``m3``,
    ``label3``) inside a group named after it (``k3``). Alternatives are tried in order and
    nothing follows them, so it matches what the first pattern that matches would match."""
    alts = []
    for i, (_kind, pat) in enumerate(markers):
        assert pat.flags == re.UNICODE and pat.pattern.startswith("^") and "(?P=" not in pat.pattern
        body = pat.pattern[1:].replace("(?P<m>", f"(?P<m{i}>").replace("(?P<label>", f"(?P<label{i}>")
        alts.append(f"(?P<k{i}>{body})")
    return re.compile("^(?:" + "|".join(alts) + ")")


_ANY_MARKER = _one_pattern(MARKERS)
_KINDS = {f"k{i}": (kind, f"m{i}", f"label{i}" if "label" in pat.groupindex else None)
          for i, (kind, pat) in enumerate(MARKERS)}


def match_marker(text: str):
    """``'b) Văn phòng ...'`` -> ``('letter', 'b)', 'b', 'Văn phòng ...')`` or None."""
    m = _ANY_MARKER.match(text)      # one match instead of one per kind of marker
    if not m:
        return None
    kind, marker, label = _KINDS[m.lastgroup]
    return kind, m[marker], m[label] if label else None, text[m.end():]


@dataclass
class _Open:
    kind: str
    marker: str
    label: str
    paragraphs: list = field(default_factory=list)
    children: list = field(default_factory=list)

    def freeze(self, parent_path: tuple[str, ...]) -> Node:
        path = parent_path + (self.label,)
        kids = tuple(c.freeze(path) for c in _dedupe(self.children))
        return Node(path, self.kind, self.marker, tuple(self.paragraphs), kids)


def _dedupe(children: list["_Open"]) -> list["_Open"]:
    seen: dict[str, int] = {}
    for c in children:
        n = seen.get(c.label, 0)
        seen[c.label] = n + 1
        if n:
            c.label = f"{c.label}{chr(ord('a') + n)}"  # '1', then '1b'
    return children


def parse_outline(lang: str, file: str, paragraphs: list[Paragraph], footnotes, problems: Problems) -> Text:
    """Build the outline of one text.

    Example: paragraphs ``'III- NHIỆM VỤ'``, ``'1. Tuyên truyền'``, ``'- Nâng cao ...'``
    give items III > 1 > 1 (the bullet's ordinal), i.e. task id ``III.1.1``.
    """
    preamble: list[Paragraph] = []
    closing: list[Paragraph] = []
    roots: list[_Open] = []
    stack: list[_Open] = []
    ordinals: dict[int, dict[str, int]] = {}

    # Before the first part (I-) or article (Điều 1.), marked paragraphs such as the
    # "- Căn cứ ..." list are the preamble, not outline items.
    first_part = next((i for i, p in enumerate(paragraphs)
                       if (h := match_marker(p.text)) and h[0] in ("roman", "article")), 0)
    preamble.extend(paragraphs[:first_part])
    for p in paragraphs[first_part:]:
        if p.directive("closing") or closing:
            closing.append(p)
            continue
        hit = match_marker(p.text)
        if hit is None:
            if not stack:
                preamble.append(p)
            elif p.directive("after-list") and len(stack) > 1:
                stack.pop()
                stack[-1].paragraphs.append(p)
            else:
                stack[-1].paragraphs.append(p)
            continue
        kind, marker, label, rest = hit
        kinds = [o.kind for o in stack]
        if kind == "article":
            del stack[:]            # articles are always top level
        elif kind == "roman" and "roman" not in kinds:
            # a part closes everything up to the enclosing article (if any)
            del stack[kinds.index("article") + 1 if "article" in kinds else 0:]
        elif kind in kinds:
            del stack[kinds.index(kind):]
        parent_children = stack[-1].children if stack else roots
        if kind in ORDINAL_KINDS or label is None:
            key = id(parent_children)
            count = ordinals.setdefault(key, {}).get(kind, 0) + 1
            ordinals[key][kind] = count
            label = f"p{count}" if kind == "phase" else str(count)
        elif kind == "article":
            label = f"art{label}"
        node = _Open(kind, marker, label, [Paragraph(rest, p.source, p.directives)])
        parent_children.append(node)
        stack.append(node)

    items = tuple(r.freeze(()) for r in _dedupe(roots))
    return Text(lang, file, tuple(preamble), items, tuple(closing), tuple(footnotes))
