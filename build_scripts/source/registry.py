"""Agency registry: every agency of agencies.yml and a matcher over their names.

Mentions are found on a normalised copy of the text of the same length (see text.py), so
every mention keeps its position. Names are matched longest first: "Đảng uỷ Ban Cơ yếu
Chính phủ" is not read as "Ban Cơ yếu Chính phủ".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..models import Agency, Source
from ..problems import Problems
from ..text import match_key
from .ids import RESERVED_AGENCY_IDS, id_problem

KINDS = ("party-body", "party-committee", "steering-committee", "legislature", "government",
         "ministry", "ministerial-agency", "government-agency", "ministry-unit", "state-body", "court",
         "procuracy", "audit", "front", "mass-organisation", "media", "enterprise", "province", "locality",
         "locality-group", "group")
MEMBER_KEYS = ("kinds", "agencies")


@dataclass(frozen=True)
class Mention:
    agency: str
    start: int
    end: int


def _by_first_letter(alts: list[str]) -> str:
    """The alternation of ``alts`` (names, longest first), grouped by first letter:
    ``['bộ công an', 'ban cơ yếu', 'bộ y tế']`` -> ``b(?:ộ công an|an cơ yếu|ộ y tế)`` (escaped).

    It matches exactly what the flat ``bộ công an|ban cơ yếu|bộ y tế`` matches: at a position
    only the names that start with its letter can match, and they are tried in the same order
    (longest first); but the regex engine no longer tries every name at every word.
    """
    groups: dict[str, list[str]] = {}
    empty = False
    for n in alts:
        if n:
            groups.setdefault(n[0], []).append(n[1:])
        else:
            empty = True            # tried last, as in the flat alternation (it is the shortest)
    out = [re.escape(first) + "(?:" + "|".join(re.escape(rest) for rest in rests) + ")"
           for first, rests in groups.items()]
    return "|".join(out + ([""] if empty else []))


def _names_pattern(keys) -> re.Pattern | None:
    """Name keys as whole words (not inside a longer word), longest first; None for no name."""
    alts = sorted(keys, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + _by_first_letter(alts) + r")(?!\w)") if alts else None


def _scan(key: str, patterns: tuple[re.Pattern, ...]):
    """(name, start, end) of the names in ``key``, as one alternation of every pattern's names
    would find them: at the first position where a name matches, the longest there, and on
    after it. Two patterns are read side by side: a match of one that starts inside a match
    taken from the other is looked for again after it."""
    if len(patterns) == 1:
        for m in patterns[0].finditer(key):
            yield m.group(0), m.start(), m.end()
        return
    found = [p.search(key) for p in patterns]
    while True:
        live = [m for m in found if m is not None]
        if not live:
            return
        m = min(live, key=lambda m: (m.start(), -m.end()))   # the first; where two start, the longer
        yield m.group(0), m.start(), m.end()
        end = m.end()
        found = [p.search(key, end) if f is not None and f.start() < end else f for p, f in zip(patterns, found)]


class Registry:
    """The agencies of agencies.yml and a matcher over their names."""

    def __init__(self, agencies: list[Agency], local: dict[str, dict[str, str]] | None = None, broken: str = ""):
        # The file that could not be read: an unknown id is then a consequence, not a mistake.
        self.broken = broken
        self.by_id = {a.id: a for a in agencies}
        names: dict[str, str] = {}
        for a in agencies:
            for n in (a.vi, *a.aliases, *a.abbr):
                names.setdefault(match_key(n), a.id)
        self._names = names
        # Names that mean one agency in one document only ("Ban Chỉ đạo" is a different
        # committee in each plan): document id -> {name key: agency id}.
        self._local = local or {}
        self._patterns: dict[str | None, tuple[dict, tuple[re.Pattern, ...]]] = {}
        # The mentions found in the texts of the document read last (see mentions()).
        self._seen_doc: str | None = None
        self._seen: dict[str, tuple[Mention, ...]] = {}
        self._members: dict[str, tuple[str, ...]] = {}
        self._member_of: dict[str, tuple[str, ...]] = {}
        self._resolve_membership()

    def _resolve_membership(self) -> None:
        """Every group's members, transitively (a member group brings its own members).

        Unknown ids and cycles are reported by :func:`load_registry`; here they are skipped.
        """
        def expand(gid: str, seen: tuple[str, ...]) -> list[str]:
            g = self.by_id[gid]
            out = [a.id for a in self.by_id.values() if a.kind in g.member_kinds and a.id != gid]
            for m in g.members:
                if m not in self.by_id or m in seen or m == gid:
                    continue
                out.append(m)
                out.extend(expand(m, seen + (m,)))
            return out

        for a in self.by_id.values():
            if a.is_group:
                self._members[a.id] = tuple(dict.fromkeys(expand(a.id, (a.id,))))
        member_of: dict[str, list[str]] = {}
        for gid, ms in self._members.items():
            for m in ms:
                member_of.setdefault(m, []).append(gid)
        self._member_of = {k: tuple(v) for k, v in member_of.items()}

    def members(self, group_id: str) -> tuple[str, ...]:
        """``'cac-bo-nganh-dia-phuong'`` -> every agency it stands for, member groups included."""
        return self._members.get(group_id, ())

    def member_of(self, agency_id: str) -> tuple[str, ...]:
        """The groups an agency belongs to, directly or through another group."""
        return self._member_of.get(agency_id, ())

    def _matcher(self, doc: str | None):
        """(the document's local names, the patterns that find its names). The registry's names
        are one pattern, compiled once; a document's local names that are not among them are a
        second, small one, read side by side (_scan): a document does not compile ~300 names."""
        if doc not in self._patterns:
            local = self._local.get(doc, {})
            if "" in self._names or "" in local:    # an empty name matches nothing but itself: one pattern
                patterns = (_names_pattern({**self._names, **local}),)
            else:
                patterns = (self._registry_pattern, _names_pattern([k for k in local if k not in self._names]))
            self._patterns[doc] = (local, tuple(p for p in patterns if p is not None))
        return self._patterns[doc]

    @cached_property
    def _registry_pattern(self) -> re.Pattern | None:
        return _names_pattern(self._names)

    def __contains__(self, agency_id: str) -> bool:
        return agency_id in self.by_id

    def __getitem__(self, agency_id: str) -> Agency:
        return self.by_id[agency_id]

    def __iter__(self):
        return iter(self.by_id.values())

    def mentions(self, text: str, doc: str | None = None) -> list[Mention]:
        """``'Phối hợp với Bộ Công an, Ban Cơ yếu Chính phủ'`` -> two mentions, in order.

        The words of a heading are read again for every task below it: the mentions of one
        document's texts are remembered while that document is read (documents are read one
        after the other, so what is kept is one document's worth)."""
        if doc != self._seen_doc:
            self._seen_doc, self._seen = doc, {}
        found = self._seen.get(text)
        if found is None:
            local, patterns = self._matcher(doc)
            found = tuple(Mention(local[name] if name in local else self._names[name], start, end)
                          for name, start, end in _scan(match_key(text), patterns)) if patterns else ()
            self._seen[text] = found
        return list(found)

    def resolve(self, name: str) -> str | None:
        """A printed name -> agency id, or None."""
        return self._names.get(match_key(name.strip()))

    def suggest(self, name: str) -> str | None:
        import difflib

        close = difflib.get_close_matches(match_key(name), list(self._names), n=1, cutoff=0.75)
        return self.by_id[self._names[close[0]]].vi if close else None


def load_registry(data, rel: str, problems: Problems) -> Registry:
    agencies: list[Agency] = []
    if not isinstance(data, list):
        if data is not None:  # None: the YAML error is already reported
            problems.error(Source(rel, 1), "agencies", "expected a list of agencies (source_texts/README.md)")
        return Registry([])
    seen: dict[str, Source] = {}
    names: dict[str, tuple[str, Source]] = {}
    local: dict[str, dict[str, str]] = {}
    from .schema import AGENCY, validate

    for entry in data:
        src = Source(rel, entry.get("__line__", 1) if isinstance(entry, dict) else 1)
        if not isinstance(entry, dict):
            problems.error(src, "agencies", f"expected a mapping with id, vi, en, kind; found {str(entry)[:60]!r}")
            continue
        entry = validate(entry, AGENCY, str(entry.get("id") or "agency"), src, problems, rel)
        if entry is None:
            continue
        aid = entry["id"]
        why = id_problem(aid, RESERVED_AGENCY_IDS)
        if why:
            problems.error(Source(rel, entry["__lines__"].get("id", src.line)), "agency-id",
                           f"id '{aid}' cannot be an agency id: {why}")
            continue
        if aid in seen:
            problems.error(src, "agencies", f"id '{aid}' is already used at line {seen[aid].line}")
            continue
        seen[aid] = src
        if entry["kind"] not in KINDS:
            problems.error(src, "agencies", f"kind '{entry['kind']}' of '{aid}' is unknown; expected one of: {', '.join(KINDS)}")
        def strs(v):
            return tuple(v or ())
        kinds, members = _members(entry, src, rel, problems)
        a = Agency(aid, str(entry["vi"]), str(entry["en"]), str(entry["kind"]), strs(entry.get("abbr")),
                   strs(entry.get("aliases")), src, str(entry.get("note", "")), kinds, members,
                   str(entry.get("why") or ""), str(entry.get("formed_from") or ""))
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
            if not isinstance(doc_names, list) or not all(isinstance(n, str) for n in doc_names):
                problems.error(src, "agencies", f"local_aliases of '{aid}': '{doc_id}' must map to a list of names")
                continue
            for n in doc_names:
                k = match_key(str(n))
                other = local.setdefault(str(doc_id), {}).get(k)
                if other and other != aid:
                    problems.error(src, "agencies", f"local alias '{n}' in {doc_id} of '{aid}' is also one of '{other}'")
                local[str(doc_id)][k] = aid
        agencies.append(a)
    _check_membership(agencies, rel, problems)
    return Registry(agencies, local)


def _members(entry: dict, src: Source, rel: str, problems: Problems) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``members: {kinds: [ministry], agencies: [bo-noi-vu]}`` -> (kinds, ids), checked."""
    m = entry.get("members")
    if m is None:
        return (), ()
    lines = entry.get("__lines__", {})
    where = Source(rel, lines.get("members", src.line))
    if not isinstance(m, dict):
        problems.error(where, "members", f"members of '{entry['id']}' must be a mapping with 'kinds' and/or "
                                         "'agencies' (lists); see source_texts/README.md")
        return (), ()
    out = []
    for key in MEMBER_KEYS:
        v = m.get(key) or []
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            problems.error(Source(rel, m.get("__lines__", {}).get(key, where.line)), "members",
                           f"members.{key} of '{entry['id']}' must be a list of {'kinds' if key == 'kinds' else 'agency ids'}")
            v = []
        out.append(tuple(v))
    kinds, ids = out
    for k in kinds:
        if k not in KINDS:
            problems.error(Source(rel, m.get("__lines__", {}).get("kinds", where.line)), "members",
                           f"'{k}' in members.kinds of '{entry['id']}' is not a kind; expected one of: {', '.join(KINDS)}")
    if not (entry.get("why") or "").strip():
        problems.error(where, "members", f"members of '{entry['id']}' without 'why: ...'; say how the documents' words "
                                         "mean these members, for readers")
    return tuple(k for k in kinds if k in KINDS), ids


def _check_membership(agencies: list[Agency], rel: str, problems: Problems) -> None:
    """Unknown member ids and cycles (a group that contains itself through others)."""
    by_id = {a.id: a for a in agencies}
    for a in agencies:
        for m in a.members:
            if m not in by_id:
                problems.error(a.source, "members", f"member '{m}' of '{a.id}' is not an agency id in {rel}")

    state: dict[str, int] = {}      # 1: on the path, 2: done

    def visit(aid: str, path: list[str]) -> None:
        state[aid] = 1
        for m in by_id[aid].members:
            if m not in by_id:
                continue
            if state.get(m) == 1:
                cycle = path[path.index(m):] + [m]
                problems.error(by_id[m].source, "members", "groups contain each other: " + " -> ".join(cycle)
                               + f"; a group cannot contain itself (lines {', '.join(str(by_id[c].source.line) for c in cycle[:-1])})")
            elif state.get(m) is None:
                visit(m, path + [m])
        state[aid] = 2

    for a in agencies:
        if state.get(a.id) is None:
            visit(a.id, [a.id])
