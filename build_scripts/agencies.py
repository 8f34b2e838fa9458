"""Agency registry and the rules that find who leads and who coordinates a task.

Mentions are found on a normalised copy of the text of the same length (see text.py), so
every mention keeps its position. Names are matched longest first: "Đảng uỷ Ban Cơ yếu
Chính phủ" is not read as "Ban Cơ yếu Chính phủ".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Agency, Source
from .problems import Problems
from .text import match_key

KINDS = ("party-body", "party-committee", "steering-committee", "legislature", "government",
         "ministry", "government-agency", "court", "procuracy", "audit", "front",
         "mass-organisation", "media", "enterprise", "locality", "locality-group", "group")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

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


@dataclass(frozen=True)
class Mention:
    agency: str
    start: int
    end: int


class Registry:
    """The agencies of agencies.yml and a matcher over their names."""

    def __init__(self, agencies: list[Agency], local: dict[str, dict[str, str]] | None = None):
        self.by_id = {a.id: a for a in agencies}
        names: dict[str, str] = {}
        for a in agencies:
            for n in (a.vi, *a.aliases, *a.abbr):
                names.setdefault(match_key(n), a.id)
        self._names = names
        # Names that mean one agency in one document only ("Ban Chỉ đạo" is a different
        # committee in each plan): document id -> {name key: agency id}.
        self._local = local or {}
        self._patterns: dict[str | None, tuple[dict, re.Pattern | None]] = {}

    def _matcher(self, doc: str | None):
        if doc not in self._patterns:
            names = dict(self._names)
            names.update(self._local.get(doc, {}))
            alts = sorted(names, key=len, reverse=True)
            pat = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in alts) + r")(?!\w)") if alts else None
            self._patterns[doc] = (names, pat)
        return self._patterns[doc]

    def __contains__(self, agency_id: str) -> bool:
        return agency_id in self.by_id

    def __getitem__(self, agency_id: str) -> Agency:
        return self.by_id[agency_id]

    def __iter__(self):
        return iter(self.by_id.values())

    def mentions(self, text: str, doc: str | None = None) -> list[Mention]:
        """``'Phối hợp với Bộ Công an, Ban Cơ yếu Chính phủ'`` -> two mentions, in order."""
        names, pat = self._matcher(doc)
        if not pat:
            return []
        key = match_key(text)
        return [Mention(names[m.group(0)], m.start(), m.end()) for m in pat.finditer(key)]

    def resolve(self, name: str) -> str | None:
        """A printed name -> agency id, or None."""
        return self._names.get(match_key(name.strip()))

    def suggest(self, name: str) -> str | None:
        import difflib

        close = difflib.get_close_matches(match_key(name), list(self._names), n=1, cutoff=0.75)
        return self.by_id[self._names[close[0]]].vi if close else None


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


def load_registry(data, rel: str, problems: Problems) -> Registry:
    agencies: list[Agency] = []
    if not isinstance(data, list):
        if data is not None:  # None: the YAML error is already reported
            problems.error(Source(rel, 1), "agencies", "expected a list of agencies (source_texts/README.md)")
        return Registry([])
    seen: dict[str, Source] = {}
    names: dict[str, tuple[str, Source]] = {}
    local: dict[str, dict[str, str]] = {}
    for entry in data:
        if not isinstance(entry, dict):
            problems.error(Source(rel, 1), "agencies", f"expected a mapping with id, vi, en, kind; found {entry!r}")
            continue
        src = Source(rel, entry.get("__line__", 1))
        missing = [k for k in ("id", "vi", "en", "kind") if not entry.get(k)]
        if missing:
            problems.error(src, "agencies", f"agency is missing {', '.join(missing)}; every agency needs id, vi, en and kind")
            continue
        aid = str(entry["id"])
        if not ID.match(aid):
            problems.error(src, "agencies", f"id '{aid}' is not lowercase letters, digits and hyphens")
        if aid in seen:
            problems.error(src, "agencies", f"id '{aid}' is already used at line {seen[aid].line}")
            continue
        seen[aid] = src
        if entry["kind"] not in KINDS:
            problems.error(src, "agencies", f"kind '{entry['kind']}' of '{aid}' is unknown; expected one of: {', '.join(KINDS)}")
        def strs(v):
            return tuple(str(x) for x in (v or []))
        a = Agency(aid, str(entry["vi"]), str(entry["en"]), str(entry["kind"]), strs(entry.get("abbr")),
                   strs(entry.get("aliases")), src, str(entry.get("note", "")))
        for n in (a.vi, *a.aliases, *a.abbr):
            k = match_key(n)
            if k in names and names[k][0] != aid:
                problems.error(src, "agencies", f"name '{n}' of '{aid}' is also a name of '{names[k][0]}' (line {names[k][1].line}); a name must point to one agency")
            names.setdefault(k, (aid, src))
        scoped = entry.get("local_aliases") or {}
        if not isinstance(scoped, dict):
            problems.error(src, "agencies", f"local_aliases of '{aid}' must map a document id to a list of names")
            scoped = {}
        for doc_id, doc_names in scoped.items():
            if doc_id == "__line__" or doc_id == "__lines__":
                continue
            for n in doc_names or []:
                k = match_key(str(n))
                other = local.setdefault(str(doc_id), {}).get(k)
                if other and other != aid:
                    problems.error(src, "agencies", f"local alias '{n}' in {doc_id} of '{aid}' is also one of '{other}'")
                local[str(doc_id)][k] = aid
        agencies.append(a)
    return Registry(agencies, local)
