"""The glossary (source_texts/glossary.yml): Vietnamese term, English term, abbreviations.

One list for the whole corpus, so a term has one English everywhere; the site shows it as a
page in both languages and explains each abbreviation where the texts use it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..models import Source
from ..problems import Problems


@dataclass(frozen=True)
class Term:
    vi: str
    en: str
    abbr: tuple[str, ...]          # abbreviations the Vietnamese texts use (CSDL, TTHC)
    abbr_en: tuple[str, ...]       # abbreviations the English uses (SOC, VNeID)
    note: str
    source: Source


def load_glossary(data, rel: str, problems: Problems) -> list[Term]:
    """``{terms: [{vi, en, abbr?, abbr_en?, note?}]}`` -> terms, every problem with its line."""
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        problems.error(Source(rel, 1), "glossary", "expected 'terms:', a list of {vi, en, abbr, abbr_en, note} (source_texts/README.md)")
        return []
    out: list[Term] = []
    seen_vi: dict[str, Source] = {}
    seen_en: dict[str, Source] = {}
    from .schema import TERM, validate

    for e in data["terms"]:
        src = Source(rel, e.get("__line__", 1) if isinstance(e, dict) else 1)
        e = validate(e, TERM, "term", src, problems, rel)
        if e is None:
            continue
        if not e["vi"].strip() or not e["en"].strip():
            problems.error(src, "glossary", "a term needs 'vi' and 'en' (text)")
            continue
        lists = [tuple(e.get("abbr") or ()), tuple(e.get("abbr_en") or ())]
        for key, seen in (("vi", seen_vi), ("en", seen_en)):
            k = e[key].strip().lower()
            if k in seen:
                problems.error(src, "glossary", f"{key} term '{e[key]}' is already an entry at line {seen[k].line}; "
                                                "one entry per term, so it has one translation")
            seen.setdefault(k, src)
        out.append(Term(e["vi"].strip(), e["en"].strip(), lists[0], lists[1], str(e.get("note") or ""), src))
    return out


def abbreviations(terms: list[Term], lang: str) -> dict[str, Term]:
    """Abbreviation -> its term, for one language; an abbreviation of two terms (KH: kế
    hoạch, khoa học) explains neither."""
    out: dict[str, Term] = {}
    clash: set[str] = set()
    for t in terms:
        for a in (t.abbr if lang == "vi" else t.abbr_en or t.abbr):
            if len(a) < 2 or " " in a or "/" in a:
                continue
            if a in out and out[a] is not t:
                clash.add(a)
            out[a] = t
    return {a: t for a, t in out.items() if a not in clash}
