"""The shape of every YAML file in source_texts/, checked before anything uses a value.

A spec is one of:

- ``LINE``: text on one line (a name, a number, a title); ``TEXT``: text, line ends allowed;
- ``DATE``: a real day, ``2026-01-31`` (or ``31/1/2026``);
- ``[spec]``: a list of that spec;
- ``Fields``: a mapping with known keys, each required or optional.

:func:`validate` reports every mismatch at the line of the value, in words an editor
understands ("'title' must have 'vi' and 'en'"), and returns the value cleaned of what it
could not use, so later stages never meet a list where they expect text.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from ..models import Source
from ..problems import Problems

LINE, TEXT, DATE = "line", "text", "date"


@dataclass(frozen=True)
class Fields:
    required: dict
    optional: dict
    open: bool = False          # other keys allowed (kept as they are)
    allow_empty: bool = False   # a required key may hold "" (an empty table cell)

    def spec(self, key):
        return self.required.get(key, self.optional.get(key))


def _what(spec) -> str:
    if spec == LINE:
        return "text on one line"
    if spec == TEXT:
        return "text"
    if spec == DATE:
        return "a date YYYY-MM-DD"
    if isinstance(spec, list):
        return f"a list (each item {_what(spec[0])})"
    keys = list(spec.required) + list(spec.optional)
    return "a mapping with " + ", ".join(f"'{k}'" for k in keys)


def _kind(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (yes/no)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def validate(value, spec, name: str, where: Source, problems: Problems, rel: str):
    """``value`` checked against ``spec``; returns it (cleaned) or None when it is unusable."""
    from .reader import BadDate, as_date

    if spec in (LINE, TEXT):
        if isinstance(value, BadDate):
            return str(value)
        if isinstance(value, int) and not isinstance(value, bool) and spec == LINE:
            return str(value)             # stt: 3, a number without quotes
        if not isinstance(value, str) or isinstance(value, bool):
            problems.error(where, "type", f"'{name}' is {_kind(value)}; expected {_what(spec)}"
                           + (" (put it in quotes)" if isinstance(value, (int, float, dt.date)) else ""))
            return None
        if spec == LINE and "\n" in value.strip():
            problems.error(where, "type", f"'{name}' has a line break; expected {_what(spec)} (join the lines)")
            return value.replace("\n", " ")
        return value
    if spec == DATE:
        return as_date(value, where, name, problems)
    if isinstance(spec, list):
        if not isinstance(value, list):
            problems.error(where, "type", f"'{name}' is {_kind(value)}; expected {_what(spec)}, one '- ' line per item")
            return None
        out = []
        for i, item in enumerate(value, 1):
            iw = Source(rel, item.get("__line__", where.line)) if isinstance(item, dict) else where
            v = validate(item, spec[0], f"{name}[{i}]", iw, problems, rel)
            if v is not None:
                out.append(v)
        return out
    if not isinstance(value, dict):
        problems.error(where, "type", f"'{name}' is {_kind(value)}; expected {_what(spec)}")
        return None
    lines = value.get("__lines__", {})
    at = lambda k: Source(rel, lines.get(k, where.line))
    out = {"__line__": value.get("__line__", where.line), "__lines__": lines}
    ok = True
    keys = list(spec.required) + list(spec.optional)
    unknown = [] if spec.open else [k for k in value if not k.startswith("__") and spec.spec(k) is None]
    misspelt: dict[str, str] = {}       # unknown key -> the required key it is meant to be
    for k in spec.required:
        if k not in value or (not spec.allow_empty and (value[k] is None or value[k] == "")):
            close = difflib.get_close_matches(k, [u for u in unknown if u not in misspelt], n=1, cutoff=0.6)
            if close and k not in value:
                misspelt[close[0]] = k
            else:
                problems.error(where, "missing-field", f"'{name or 'the file'}' has no '{k}'; expected {_what(spec)}")
            ok = False
    for k, v in value.items():
        if k.startswith("__"):
            continue
        s = spec.spec(k)
        if s is None:
            if spec.open:
                out[k] = v
                continue
            hint = misspelt.get(k) or next(iter(difflib.get_close_matches(k, keys, n=1, cutoff=0.6)), "")
            problems.error(at(k), "unknown-field", f"unknown field '{k}'" + (f" in '{name}'" if name else "")
                           + (f"; did you mean '{hint}'?" if hint else f"; expected one of: {', '.join(keys)}"))
            continue
        if v is None and (k not in spec.required or spec.allow_empty):
            if k in spec.required:
                out[k] = ""
            continue
        cleaned = validate(v, s, f"{name}.{k}" if name else k, at(k), problems, rel)
        if cleaned is None and k in spec.required:
            ok = False
        elif cleaned is not None:
            out[k] = cleaned
    return out if ok else None


PAIR = Fields({"vi": LINE, "en": LINE}, {})
PAIR_TEXT = Fields({"vi": TEXT, "en": TEXT}, {})
SIGNER = Fields({}, {"name": LINE, "title": PAIR})
STAMP = Fields({}, {"kind": LINE, "issuer": LINE, "number": LINE, "date": DATE, "place": LINE,
                    "signer": Fields({}, {"name": LINE, "title": LINE}), "recipients": [LINE], "text": TEXT})
META = Fields(
    {"id": LINE, "number": LINE, "kind": LINE, "date": DATE, "issuer": LINE, "title": PAIR, "seed": LINE,
     "task_sections": [LINE]},
    {"place": LINE, "parent_issuer": PAIR, "signer": SIGNER, "header_seed": LINE, "recipients": [LINE],
     "copy_stamp": STAMP, "published": PAIR_TEXT})
# meta.en.yml: the English of meta.yml's Vietnamese-only values, same keys.
META_EN = Fields({}, {"place": LINE, "recipients": [LINE], "signer": Fields({}, {"name": LINE, "title": LINE}),
                      "copy_stamp": Fields({}, {"kind": LINE, "issuer": LINE, "place": LINE,
                                                "signer": Fields({}, {"name": LINE, "title": LINE}),
                                                "recipients": [LINE], "text": TEXT})})
# agencies.yml: one entry per agency (local_aliases: document id -> names, checked in registry.py).
AGENCY = Fields({"id": LINE, "vi": LINE, "en": LINE, "kind": LINE},
                {"abbr": [LINE], "aliases": [LINE], "note": TEXT, "why": TEXT, "formed_from": TEXT,
                 "members": Fields({}, {"kinds": [LINE], "agencies": [LINE]}), "local_aliases": Fields({}, {}, open=True)})
# glossary.yml
TERM = Fields({"vi": LINE, "en": LINE}, {"abbr": [LINE], "abbr_en": [LINE], "note": TEXT})
# appendix.yml / appendix.en.yml: a task table in groups of rows.
ROW = Fields({"stt": LINE, "task": TEXT, "lead": TEXT, "coordinators": TEXT, "output": TEXT, "deadline": TEXT},
             {"note": TEXT, "ocr_lines": LINE}, allow_empty=True)
GROUP = Fields({"number": LINE, "rows": [ROW]}, {"title": TEXT, "note": TEXT})
APPENDIX = Fields({"groups": [GROUP]}, {"title": TEXT, "caption": TEXT})


def with_defaults(value, spec):
    """Every optional field of ``spec`` present (None when not given), nested mappings too: the
    templates can then ask for ``meta.signer`` without knowing which fields a file has."""
    if isinstance(spec, Fields) and isinstance(value, dict):
        out = dict(value)
        for k, s in {**spec.required, **spec.optional}.items():
            if k in out:
                out[k] = with_defaults(out[k], s)
            elif not spec.allow_empty:
                out[k] = with_defaults({}, s) if isinstance(s, Fields) and k in spec.required else None
        return out
    return value
