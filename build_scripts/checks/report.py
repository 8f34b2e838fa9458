"""What the text checks found, per document, and the report an editor reads."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..models import Source
from ..problems import Problems
from .settings import (
    INVENTED_RUN,
    INVENTED_RUN_TABLE,
    MAX_UNKNOWN_WORDS,
    OMITTED_ROW,
    OMITTED_RUN,
)

# --- report -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Passage:
    """Consecutive tokens present on one side only."""

    side: str            # "restored" (possible invented text) | "ocr" (possible omission)
    length: int          # in tokens
    where: Source        # first token
    end_line: int        # line of the last token
    text: str            # the tokens as printed
    near: Source | None = None   # for an OCR passage: the restored token just before it
    words: int = 0       # tokens that are words: could be a syllable, or a number of 2+ digits
    at_mark: bool = False        # touches an editor's mark ([?: ...], [ed: ...])
    threshold: int = 0   # restored side: the run length that makes it an error here

    def span(self) -> str:
        end = f"-{self.end_line}" if self.end_line != self.where.line else ""
        return f"{self.where.file}:{self.where.line}{end}"


@dataclass(frozen=True)
class UnknownWord:
    word: str
    where: Source


@dataclass(frozen=True)
class LowDiacritics:
    where: Source
    syllables: int
    marked: int
    excerpt: str

    @property
    def share(self) -> float:
        return self.marked / self.syllables


@dataclass
class Coverage:
    matched: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.share:6.1%} ({self.matched}/{self.total})"


@dataclass
class DocumentReport:
    id: str
    reference: str | None                 # the OCR (or seed) the text is compared with
    restored: dict[str, Coverage] = field(default_factory=dict)   # file -> tokens found in the OCR
    ocr: Coverage = field(default_factory=Coverage)               # OCR tokens found in the text
    ocr_accounted: dict[str, int] = field(default_factory=dict)   # meta / dropped -> tokens
    restored_passages: list[Passage] = field(default_factory=list)
    ocr_passages: list[Passage] = field(default_factory=list)
    row_leftovers: list[Passage] = field(default_factory=list)    # per table row: OCR words left
    unknown: list[UnknownWord] = field(default_factory=list)
    low_diacritics: list[LowDiacritics] = field(default_factory=list)
    diacritic_shares: list[float] = field(default_factory=list)   # every judged paragraph
    marks_noted: int = 0
    marks_bare: list[Source] = field(default_factory=list)
    marks_ed: int = 0
    seconds: float = 0.0

    @property
    def restored_coverage(self) -> Coverage:
        return Coverage(sum(c.matched for c in self.restored.values()), sum(c.total for c in self.restored.values()))

    def invented(self) -> list[Passage]:
        """Restored-only passages over the threshold, except at an editor's mark."""
        return [p for p in self.restored_passages if p.length >= p.threshold and not p.at_mark]

    def at_marks(self) -> list[Passage]:
        """Restored-only passages over the threshold that an editor's mark flags as uncertain."""
        return [p for p in self.restored_passages if p.length >= p.threshold and p.at_mark]

    def omitted(self) -> list[Passage]:
        """OCR-only runs over the threshold, and table rows that leave too much OCR unused."""
        return ([p for p in self.ocr_passages if p.words >= OMITTED_RUN]
                + [p for p in self.row_leftovers if p.words >= OMITTED_ROW])


@dataclass
class CheckReport:
    documents: list[DocumentReport]
    problems: Problems = field(default_factory=Problems)   # problems of allowlist.yml itself

    def document(self, doc_id: str) -> DocumentReport:
        return next(d for d in self.documents if d.id == doc_id)


def _short(s: str, n: int = 70) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


def format_report(report: CheckReport, top: int = 5) -> str:
    """The report as an editor reads it (docs-dev/CHECKS.md explains each line)."""
    out: list[str] = []
    for rep in report.documents:
        out.append(f"== {rep.id}  (compared with {rep.reference or 'nothing: no ocr.txt or seed.txt'}; {rep.seconds:.2f}s)")
        if rep.reference:
            for rel, cov in rep.restored.items():
                out.append(f"  restored words found in the OCR  {cov}  {rel}")
            acc = ", ".join(f"{v} {k}" for k, v in sorted(rep.ocr_accounted.items()))
            out.append(f"  OCR words found in the text      {rep.ocr}  (+ {acc or 'nothing'} accounted for)")
            out.append(f"  longest restored-only passages (error from {INVENTED_RUN} words, {INVENTED_RUN_TABLE} in "
                       f"the appendix, unless at an editor's mark):")
            for p in rep.restored_passages[:top]:
                mark = "  [at an editor's mark]" if p.at_mark else ""
                out.append(f"    {p.length:4d}  {p.span()}  {_short(p.text, 90)}{mark}")
            flagged = rep.at_marks()
            if flagged:
                out.append(f"  ({len(flagged)} restored-only passage(s) over the threshold stand at an editor's "
                           f"mark and are not errors: " + ", ".join(p.span() for p in flagged) + ")")
            out.append(f"  longest OCR-only passages (words/tokens; warning from {OMITTED_RUN} words):")
            for p in rep.ocr_passages[:top]:
                near = f"  (after {p.near})" if p.near else ""
                out.append(f"    {p.words:3d}/{p.length:<3d} {p.span()}  {_short(p.text, 90)}{near}")
            if rep.row_leftovers:
                out.append(f"  appendix rows leaving the most OCR words unused (warning from {OMITTED_ROW} words):")
                for p in rep.row_leftovers[:top]:
                    out.append(f"    {p.words:3d}/{p.length:<3d} {p.span()}  row at {p.near}  {_short(p.text, 70)}")
        counts: dict[str, int] = defaultdict(int)
        for u in rep.unknown:
            counts[u.word] += 1
        out.append(f"  unknown words: {len(rep.unknown)}" + (" (error: more than %d)" % MAX_UNKNOWN_WORDS
                                                            if len(rep.unknown) > MAX_UNKNOWN_WORDS else ""))
        for w, c in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
            first = next(u.where for u in rep.unknown if u.word == w)
            out.append(f"    {c:3d}  {w}  (first at {first})")
        if rep.diacritic_shares:
            s = sorted(rep.diacritic_shares)
            out.append(f"  diacritics: {len(s)} paragraphs judged, lowest share {s[0]:.0%}, median {s[len(s) // 2]:.0%}")
        for low in rep.low_diacritics:
            out.append(f"    LOW {low.share:.0%} ({low.marked}/{low.syllables})  {low.where}  {_short(low.excerpt, 60)}")
        out.append(f"  marks: {rep.marks_noted} [?: note], {len(rep.marks_bare)} bare [?], {rep.marks_ed} [ed: ...]")
        for where in rep.marks_bare:
            out.append(f"    bare [?] at {where}")
    return "\n".join(out)
