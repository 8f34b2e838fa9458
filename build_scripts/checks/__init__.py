"""Text-quality checks the project owns: fidelity to the OCR, syllables, diacritics, [?] marks.

One module per check (fidelity.py, unknown_words.py, diacritics.py, marks.py), over pieces of
the model with their positions (pieces.py); the alignment (align.py), thresholds
(settings.py), the report (report.py) and the allow-list (allowlist.py) are shared.

Three documents exist only as OCR that lost its diacritics; their restored text
(``source_texts/<id>/vi.txt``, and ``appendix.yml`` for a table) must say every sentence of
the OCR and nothing more. Plan 17 has a clean seed instead (``seed.txt``). Four checks,
each a small pass over the Corpus (docs-dev/CHECKS.md explains how to read the report):

fidelity
    The restored text and the OCR are folded (lower case, no diacritics, đ -> d) and cut
    into word tokens, then aligned: exact runs of at least ``ANCHOR`` tokens are chained
    into the heaviest in-order alignment (so a phrase repeated in the title cannot pull the
    first paragraph out of place), and the stretches between anchors are aligned token by
    token with OCR-tolerant similarity (``s6`` ~ ``so``, ``Pang`` ~ ``dang``) and an
    opening cost for each gap, so an omitted or added sentence stays in one piece. A run of
    consecutive restored tokens with no counterpart is possible invented text; a run of OCR
    tokens with no counterpart is a possible omission. The footnotes, the appendix rows
    (within their ``ocr_lines``), the header, signature and "Nơi nhận" in meta.yml are
    placed afterwards on what is left of the OCR; so is what an editor declared dropped in a
    comment that says "dropped" (quoted passages, "OCR line(s) N-M").
syllables
    Every word is a Vietnamese syllable (build_scripts/checks/syllables.py), a number or document
    number, or on the allow-list ``source_texts/allowlist.yml``.
diacritics
    A paragraph of at least ``MIN_SYLLABLES`` syllables in which fewer than
    ``LOW_DIACRITIC_SHARE`` of the syllables carry a diacritic is an unrestored passage.
marks
    ``[?]`` (unnoted), ``[?: note]`` and ``[ed: note]`` are counted per document.

    python -m build_scripts.checks [--root PATH]
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

from ..problems import Problems
from .align import align, similarity
from .alignment import check_alignment
from .allowlist import load_allowlist
from .deadline_phrases import check_deadline_phrases
from .diacritics import check_diacritics
from .fidelity import _fidelity, compare_texts
from .marks import count_marks
from .pieces import _appendix, _appendix_pieces, _Files, _syllable_pieces, _text_pieces
from .report import CheckReport, DocumentReport, LowDiacritics, Passage, UnknownWord, _short, format_report
from .settings import (ALLOWLIST, INVENTED_RUN, INVENTED_RUN_TABLE, LOW_DIACRITIC_SHARE, MAX_UNKNOWN_WORDS,
                       MIN_SYLLABLES, OMITTED_ROW, OMITTED_RUN)
from .unknown_words import check_unknown_words

__all__ = ["run_checks", "report_problems", "format_report", "compare_texts", "align", "similarity",
           "CheckReport", "DocumentReport", "Passage", "UnknownWord", "LowDiacritics", "load_allowlist", "INVENTED_RUN", "INVENTED_RUN_TABLE", "OMITTED_RUN", "OMITTED_ROW",
           "MIN_SYLLABLES", "LOW_DIACRITIC_SHARE", "MAX_UNKNOWN_WORDS"]


# --- entry points -------------------------------------------------------------------------

# A document's report, by the content of everything it was computed from: a long-lived
# process (make serve, the damage test) re-checks only the documents whose sources changed;
# with a Store (build_scripts/cache.py), so does the next build.
_CACHE: dict[str, DocumentReport] = {}
_CACHE_SIZE = 64


def _inputs_key(corpus, doc) -> str:
    from ..cache import code_version

    h = hashlib.sha256(code_version().encode())
    files = corpus.files
    for rel in sorted([*files.under(f"source_texts/{doc.id}/"),
                       *(r for r in (ALLOWLIST, "source_texts/agencies.yml") if r in files)]):
        h.update(rel.encode() + b"\0" + files.digest(rel).encode() + b"\1")
    return h.hexdigest()


def run_checks(corpus, store=None, workers: int = 1) -> CheckReport:
    """Run every check on a loaded Corpus (``build_scripts.pipeline.load(root)``).

    ``store`` (a cache.Store) keeps each document's report between builds; the documents to
    check are shared out among ``workers`` processes (forked: they read the corpus as it is)."""
    report = CheckReport([])
    keys = [_inputs_key(corpus, doc) for doc in corpus.documents]
    reps: list[DocumentReport | None] = []
    for key in keys:
        rep = _CACHE.get(key)
        if rep is None and store is not None:
            rep = store.get(key)
        reps.append(rep)
    todo = [i for i, rep in enumerate(reps) if rep is None]
    for i, rep in zip(todo, _check_all(corpus, todo, workers)):
        reps[i] = rep
        if store is not None:
            store.put(keys[i], rep)
    for key, rep in zip(keys, reps):
        if len(_CACHE) >= _CACHE_SIZE and key not in _CACHE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = rep
        report.documents.append(rep)
    return report


_POOL_CORPUS = None
DOCS_PER_WORKER = 25


def _check_index(i: int) -> DocumentReport:
    return _check_document(_POOL_CORPUS, _POOL_CORPUS.documents[i])


def _check_all(corpus, indices: list[int], workers: int) -> list[DocumentReport]:
    """The reports of the documents at ``indices``, in that order."""
    global _POOL_CORPUS
    if workers <= 1 or len(indices) <= 1:
        return [_check_document(corpus, corpus.documents[i]) for i in indices]
    import multiprocessing

    _POOL_CORPUS = corpus
    try:
        # A worker is replaced after DOCS_PER_WORKER documents: what it copied of the model by
        # reading it (reference counts) and its memos go back, so memory stays flat however
        # many documents there are.
        with multiprocessing.get_context("fork").Pool(min(workers, len(indices)),
                                                      maxtasksperchild=DOCS_PER_WORKER) as pool:
            return pool.map(_check_index, indices, chunksize=1)
    finally:
        _POOL_CORPUS = None


def _check_document(corpus, doc) -> DocumentReport:
    """The report of one document. It only reads the corpus and returns a report that
    pickles, so a build may check documents in forked workers and keep the reports on disk
    by _inputs_key(). The module-level memos (similarity, gap alignments, syllables, the
    words of a text) are caches: a worker fills its own, nothing needs to come back."""
    files = _Files(corpus.files)
    allow = corpus.allowlist
    t0 = time.perf_counter()
    rep = DocumentReport(doc.id, None)
    body, notes = _text_pieces(files, doc)
    app_rel, app = _appendix(files, doc)
    app_heads, app_rows = _appendix_pieces(files, app_rel, app) if app else ([], [])
    _fidelity(files, corpus, doc, rep, body, notes, app_rel, app_heads, app_rows)
    text_pieces = body + notes + app_heads + [c for r in app_rows for c in r.cells]
    meta_pieces = _syllable_pieces(files, doc)
    check_unknown_words(text_pieces + meta_pieces, allow, rep)
    check_diacritics(text_pieces + meta_pieces, allow, rep)
    count_marks(text_pieces + meta_pieces, rep)
    rep.seconds = time.perf_counter() - t0
    return rep


def check_model(corpus) -> list:
    """The checks of the model itself (deadline phrases read; English aligned with the
    Vietnamese), into the corpus's problems. Returns the translation coverage per document."""
    check_deadline_phrases(corpus, corpus.problems)
    return [check_alignment(d, corpus.problems) for d in corpus.documents]


def report_problems(report: CheckReport, problems: Problems) -> None:
    """Add the report's findings to ``problems``.

    Errors: restored-only passages over the threshold (invented text), paragraphs with too
    few diacritics, and every unknown word of a document that has more than
    MAX_UNKNOWN_WORDS of them. Warnings: OCR-only passages (omissions), unknown words
    otherwise, bare [?] outside vi.txt (the pipeline warns about those in vi.txt).
    """
    problems.extend(report.problems)
    for rep in report.documents:
        for p in rep.invented():
            problems.error(p.where, "fidelity",
                           f"{p.length} consecutive words (lines {p.where.line}-{p.end_line}) are not in "
                           f"{rep.reference} (\"{_short(p.text)}\"); expected every restored word to be in the "
                           f"OCR ({p.threshold} or more in a row is an error): remove invented text, restore the "
                           f"passage where the OCR has it, or flag an uncertain reading with [?: ...] right after it")
        for p in rep.omitted():
            near = f"; it would follow {p.near}" if p.near else ""
            if p in rep.row_leftovers:
                near = f"; the row starts at {p.near}"
            problems.warning(p.where, "fidelity",
                             f"{p.words} words of the OCR (lines {p.where.line}-{p.end_line}) are not in the "
                             f"restored text (\"{_short(p.text)}\"){near}; restore them, put them in meta.yml if "
                             f"they are header or signature, or say in a %% comment that they were dropped "
                             f"(docs-dev/CHECKS.md)")
        many = len(rep.unknown) > MAX_UNKNOWN_WORDS
        by_line: dict[tuple[str, int], list] = {}
        for u in rep.unknown:                 # one message per line: an unrestored paragraph is one mistake
            by_line.setdefault((u.where.file, u.where.line), []).append(u)
        for same in by_line.values():
            u = same[0]
            others = list(dict.fromkeys(o.word for o in same[1:]))
            also = (f" (and {len(same) - 1} more on this line: {', '.join(others[:5])}{', ...' if len(others) > 5 else ''})"
                    if len(same) > 1 else "")
            msg = (f"'{u.word}' is not a Vietnamese syllable, a number or a word of {ALLOWLIST}{also}; "
                   f"fix the OCR garbage, or add the word to the allow-list with its reason")
            if many:
                problems.error(u.where, "syllable", msg + f" ({len(rep.unknown)} such words in {rep.id}, "
                                                          f"more than {MAX_UNKNOWN_WORDS}: a passage left unrestored?)")
            else:
                problems.warning(u.where, "syllable", msg)
        for low in rep.low_diacritics:
            problems.error(low.where, "diacritics",
                           f"only {low.marked} of {low.syllables} syllables ({low.share:.0%}) carry diacritics; "
                           f"restored Vietnamese has at least {LOW_DIACRITIC_SHARE:.0%}: is this passage still OCR?")
        for where in rep.marks_bare:
            if not where.file.endswith("vi.txt"):   # vi.txt's bare marks are reported by the pipeline
                problems.warning(where, "unreadable", "unreadable spot '[?]' without a note; write '[?: what you can tell]'")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m build_scripts.checks", description="Text-quality checks of source_texts/.")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    ap.add_argument("--top", type=int, default=5, help="passages to list per side and document")
    args = ap.parse_args(argv)
    from ..pipeline import load

    corpus = load(args.root)
    report = run_checks(corpus)
    print(format_report(report, args.top))
    loaded = {d.id for d in corpus.documents}
    for folder in sorted(p.parent.name for p in (args.root / "source_texts").glob("*/meta.yml")):
        if folder not in loaded:
            print(f"== {folder}: not checked, the document does not load (see `python -m build_scripts check`)")
    problems = Problems()
    report_problems(report, problems)
    for p in problems.warnings + problems.errors:
        print(p, file=sys.stderr)
    print(f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s) from the text checks", file=sys.stderr)
    return 1 if problems.errors else 0


if __name__ == "__main__":
    sys.exit(main())
