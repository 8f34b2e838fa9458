"""Roles: who leads and who coordinates a task, read from the words of one text.

The rules work on the registry's mentions (source/registry.py), which keep their positions
in the text, so a list "A, B và C" is read from where it starts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..source.registry import Mention, Registry

# "X chủ trì" — X leads. Also "X chủ trì về mặt nghiệp vụ".
LEADS_AFTER = re.compile(r"^\s*,?\s*(?:chủ\s+trì|là\s+cơ\s+quan\s+chủ\s+trì)", re.I)
# "phối hợp với A, B và C" / "phối hợp chặt chẽ với A" — A, B, C coordinate.
COORD_INTRO = re.compile(r"phối\s+hợp(?:\s+chặt\s+chẽ)?\s+với\s+", re.I)
# Separators inside a list of agencies: ", " / " và " / ", và ".
LIST_SEP = re.compile(r"^\s*(?:,\s*(?:và\s+)?|và\s+|;\s*)", re.I)
# Vague groups that name nobody: "các cơ quan, đơn vị liên quan", "các đơn vị có liên quan".
GENERIC = re.compile(
    r"^(?:các\s+)?(?:cơ\s+quan|đơn\s+vị|bộ,?\s+ngành|ngành|địa\s+phương|tổ\s+chức)"
    r"(?:\s*,?\s*(?:và\s+)?(?:cơ\s+quan|đơn\s+vị|ngành|địa\s+phương|tổ\s+chức|chức\s+năng))*"
    r"\s+(?:có\s+)?liên\s+quan", re.I)


def _list_at(registry: Registry, text: str, pos: int, mentions: list[Mention]) -> list[str]:
    """The agencies of a list starting at ``pos`` ("A, B và các cơ quan liên quan")."""
    out: list[str] = []
    by_start = {m.start: m for m in mentions}
    while True:
        m = by_start.get(pos)
        if m is not None:
            out.append(m.agency)
            pos = m.end
        else:
            g = GENERIC.match(text[pos:])
            if not g:
                break
            pos += g.end()
        sep = LIST_SEP.match(text[pos:])
        if not sep:
            break
        pos += sep.end()
    return out


@dataclass(frozen=True)
class Roles:
    lead: tuple[str, ...] = ()
    coordinators: tuple[str, ...] = ()


def roles_in(registry: Registry, text: str, doc: str | None = None) -> Roles:
    """Lead and coordinators named by one text.

    Rules, in order: "X chủ trì" (X leads); a text that opens with agencies ("Uỷ ban Kiểm
    tra Trung ương phối hợp với ...", "Đảng uỷ Công an Trung ương: Chỉ đạo ...", a heading
    "5. Đảng uỷ Chính phủ") is addressed to them; "phối hợp với A, B" lists coordinators.

    >>> # roles_in(reg, "Văn phòng Trung ương Đảng chủ trì, phối hợp với Bộ Công an:")
    >>> # Roles(lead=('van-phong-trung-uong-dang',), coordinators=('bo-cong-an',))
    """
    mentions = registry.mentions(text, doc)
    lead: list[str] = []
    for m in mentions:
        if LEADS_AFTER.match(text[m.end:]):
            lead = [m.agency]
            break
    if not lead:
        start = len(text) - len(text.lstrip())
        lead = _list_at(registry, text, start, mentions) if any(m.start == start for m in mentions) else []
    coords: list[str] = []
    for c in COORD_INTRO.finditer(text):
        for a in _list_at(registry, text, c.end(), mentions):
            if a not in coords:
                coords.append(a)
    return Roles(tuple(dict.fromkeys(lead)), tuple(a for a in coords if a not in lead))
