"""The build's stages, in order: read -> check -> views -> pages -> site.

``python -m build_scripts check | build | serve`` (``__main__.py``) calls :func:`run`:

    load            source/, extract/ (pipeline.load): the model, every problem collected
    check model     checks/ (deadline phrases read, English aligned with the Vietnamese)
    check texts     checks/ (fidelity to the OCR, syllables, diacritics): per document, on
                    both cores, cached by the content of its sources (.build-cache/)
    views           pages/views.py: tasks by agency, month, kind; listings cut into pages
    site            pages/writer.py: each language rendered and built side by side, the
                    open data, the search index; site/ replaced only on success

Stage times go to the file named by ``BUILD_TIMINGS`` (stages.py), for the benchmark.
"""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from .cache import CACHE_DIR, Store
from .stages import CACHE, stage, write


def run(root: Path, cmd: str, serve_port: int | None = None, out=None) -> int:
    """Run the stages for ``cmd`` (check, build, serve); messages to ``out`` (default: the
    standard error at the time of the call)."""
    try:
        return _stages(root, cmd, serve_port, out if out is not None else sys.stderr)
    finally:
        gc.unfreeze()       # a long-lived preview collects the model of the last build
        write()


def _stages(root: Path, cmd: str, serve_port: int | None, out) -> int:
    from .pipeline import load

    with stage("load"):
        corpus = load(root)
    # The model lives until the build ends: Python's cycle collector need not walk it again and
    # again while the later stages allocate (about a tenth of the checks' time went to it).
    gc.freeze()
    from .checks import check_model, report_problems, run_checks

    with stage("check model"):
        coverage = check_model(corpus)   # deadline phrases read or reported; English aligned
    with stage("check texts"):
        # fidelity, syllables, diacritics (docs-dev/CHECKS.md): a document whose sources did not
        # change since the last build is not checked again
        store = Store(root / CACHE_DIR / "checks")
        report = run_checks(corpus, store=store, workers=os.cpu_count() or 1)
        store.prune()
        CACHE["checks"] = {"hits": store.hits, "misses": store.misses}
    report_problems(report, corpus.problems)
    lines, n_err, n_warn, n_caused = corpus.problems.report()
    for line in lines:
        print(line, file=out)
    if n_err:
        caused = f" (and {n_caused} more caused by them)" if n_caused else ""
        print(f"FAILED: {n_err} error(s){caused} and {n_warn} warning(s); nothing was built, site/ is as it was.",
              file=out)
        return 1
    for t in corpus.without_lead:
        print(f"{t.source}: note[no-lead]: task {t.id} names no lead agency", file=out)
    print(f"{len(corpus.documents)} documents, {len(corpus.tasks)} tasks, "
          f"{len(corpus.without_lead)} without a lead agency", file=out)
    if cmd == "check":
        from .checks.marks import unreadable_marks
        from .checks import format_report

        for line in unreadable_marks(corpus.files):
            print(line, file=out)
        print(format_report(report, top=3), file=out)
        for c in coverage:
            print(f"translation {c}", file=out)
        print(f"OK: {len(corpus.documents)} documents, {len(corpus.tasks)} tasks; 0 errors, {n_warn} warning(s).",
              file=out)
        return 0
    from .pages.render import render_language
    from .pages.views import build_views
    from .pages.writer import as_of_date, build_site

    with stage("views"):
        views = build_views(corpus, as_of_date(root))
    site = site_config(root)
    if not build_site(root, corpus, views, lambda lang, store: render_language(views, lang, site, store), out=out):
        return 1
    print(f"built site/ (as of {views.as_of.isoformat()})", file=out)
    if cmd == "serve":
        from .publish.serve import serve

        return serve(root, serve_port, rebuild=lambda: run(root, "build", out=out))
    return 0


def site_config(root: Path) -> dict:
    """``extra`` of mkdocs.yml, the settings the pages need (source_edit_url), and its
    ``site_url`` (the address printed on paper: print footer, printed link URLs)."""
    import yaml

    try:
        cfg = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    extra = cfg.get("extra") if isinstance(cfg, dict) else None
    extra = extra if isinstance(extra, dict) else {}
    return {**extra, "site_url": str((cfg.get("site_url") if isinstance(cfg, dict) else "") or "")}
