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
from .stages import CACHE, TIMES, stage, write


def run(root: Path, cmd: str, serve_port: int | None = None, out=None, quick: frozenset[str] = frozenset()) -> int:
    """Run the stages for ``cmd`` (check, build, serve); messages to ``out`` (default: the
    standard error at the time of the call). ``quick``: the documents whose texts alone
    changed since the last build, whose pages the preview shows first (pages/writer.py)."""
    try:
        return _stages(root, cmd, serve_port, out if out is not None else sys.stderr, quick)
    finally:
        gc.unfreeze()       # a long-lived preview collects the model of the last build
        write()


def _stages(root: Path, cmd: str, serve_port: int | None, out, quick: frozenset[str] = frozenset(),
            prepared: dict | None = None) -> int:
    """The stages; with ``prepared`` (a dict), only up to the Markdown and the open data
    written (SiteBuild.prepare), in the model's process: what the rest needs goes there."""
    if prepared is None and cmd in ("build", "serve") and not quick:
        return _in_two_processes(root, cmd, serve_port, out)
    from .pipeline import load

    with stage("load"):
        corpus = load(root)
    # The model lives until the build ends: Python's cycle collector need not walk it again and
    # again while the later stages allocate (about a tenth of the checks' time went to it).
    gc.freeze()
    if quick and cmd == "build" and not corpus.problems.errors:
        # The preview's quick build: the checks run beside the pages, which replace site/ only
        # if the checks find no error (build_site's gate).
        pending = _in_background(lambda: _checks(root, corpus, workers=1)[0])

        def gate() -> bool:
            try:
                corpus.problems.items.extend(pending())
            except RuntimeError as e:
                print(f"error: internal error in build_scripts while checking ({e}); site/ was left as it was. "
                      "This is a bug in the build scripts, not in your edit: run `make build` and report it.", file=out)
                return False
            return _verdict(corpus, out)
    else:
        quick, gate = frozenset(), None
        _, coverage, report = _checks(root, corpus, workers=os.cpu_count() or 1)
        if not _verdict(corpus, out):
            return 1
        if cmd != "check":
            coverage = report = None    # reported; the build holds no more than it needs
    if cmd == "check":
        from .checks.marks import unreadable_marks
        from .checks import format_report

        for line in unreadable_marks(corpus.files):
            print(line, file=out)
        print(format_report(report, top=3), file=out)
        for c in coverage:
            print(f"translation {c}", file=out)
        print(f"OK: {len(corpus.documents)} documents, {len(corpus.tasks)} tasks; 0 errors, "
              f"{corpus.problems.report()[2]} warning(s).",
              file=out)
        return 0
    # The checks were the last to need the files' lines (the largest part of the model at scale)
    corpus.files.release()
    from .pages.views import build_views
    from .pages.writer import SiteBuild, as_of_date, can_build_quickly

    with stage("views"):
        views = build_views(corpus, as_of_date(root))
    as_of = views.as_of
    ids = {d.id for d in corpus.documents}
    quick = frozenset(quick) if quick and quick <= ids and can_build_quickly(root) and all(
        (root / "docs" / "vi" / "plans" / f"{d}.md").is_file() for d in quick) else frozenset()
    with SiteBuild(root, quick, out) as site:
        if not site.prepare(corpus, views, site_config(root)):
            return 1
        if prepared is not None:
            # in the model's process (see run): the rest is done by the process that forked it
            prepared.update(tmp=str(site.tmp), as_of=as_of, rendered=site.rendered)
            site.keep()
            return 0
        if not site.finish(gate):
            return 1
    if quick:
        print(f"built the pages of {', '.join(sorted(quick))} (as of {as_of.isoformat()}); "
              "the lists and the search follow", file=out)
    else:
        print(f"built site/ (as of {as_of.isoformat()})", file=out)
    return 0        # a quick build (the preview's), or a full one that had to run here


def _in_two_processes(root: Path, cmd: str, serve_port: int | None, out) -> int:
    """A full build, its model in a process of its own: the model's process (forked) reads,
    checks and renders, writes the Markdown and the open data (SiteBuild.prepare) and ends;
    then this process builds the HTML and the search index (SiteBuild.finish). The memory of
    1,000 documents' model is over a GB, and a process gives back all of its memory only by
    ending (Python keeps freed memory for itself): MkDocs and the search index, forked from
    here, start without it."""
    from .pages.writer import SiteBuild

    result = _in_background(lambda: _model_process(root, cmd, serve_port))()
    print(result["output"], file=out, end="")
    for name, secs in result["times"].items():
        TIMES[name] = TIMES.get(name, 0.0) + secs
    CACHE.update(result["cache"])
    if result["code"] != 0 or result["prepared"] is None:
        return result["code"]
    p = result["prepared"]
    site = SiteBuild.resume(root, p["tmp"], p["as_of"], p["rendered"], out)
    with site:
        if not site.finish():
            return 1
    print(f"built site/ (as of {p['as_of'].isoformat()})", file=out)
    return _serve(root, serve_port, out) if cmd == "serve" else 0


def _serve(root: Path, serve_port: int | None, out) -> int:
    """After the first build of ``serve``: the preview, which rebuilds on every edit."""
    from .publish.serve import serve

    return serve(root, serve_port, rebuild=lambda: run(root, "build", out=out),
                 quick=lambda docs: run(root, "build", out=out, quick=docs))


def _model_process(root: Path, cmd: str, serve_port: int | None) -> dict:
    """The first process of :func:`_in_two_processes`: ``{code, output, times, cache, prepared}``."""
    import io

    TIMES.clear()
    CACHE.clear()
    out = io.StringIO()
    prepared: dict = {}
    code = _stages(root, "build", serve_port, out, prepared=prepared)
    return {"code": code, "output": out.getvalue(), "times": dict(TIMES), "cache": dict(CACHE),
            "prepared": prepared or None}


def _checks(root: Path, corpus, workers: int) -> tuple[list, list, object]:
    """The checks of the model and of the texts (docs-dev/CHECKS.md), their problems added to
    the corpus's; returns (the problems they added, translation coverage, the texts' report)."""
    from .checks import check_model, report_problems, run_checks

    n = len(corpus.problems.items)
    with stage("check model"):
        coverage = check_model(corpus)   # deadline phrases read or reported; English aligned
    with stage("check texts"):
        # fidelity, syllables, diacritics: a document whose sources did not change since the
        # last build is not checked again
        store = Store(root / CACHE_DIR / "checks")
        report = run_checks(corpus, store=store, workers=workers)
        store.prune()
        CACHE["checks"] = {"hits": store.hits, "misses": store.misses}
    report_problems(report, corpus.problems)
    return corpus.problems.items[n:], coverage, report


def _verdict(corpus, out) -> bool:
    """Print the corpus's problems, root causes first; False when there is an error."""
    lines, n_err, n_warn, n_caused = corpus.problems.report()
    for line in lines:
        print(line, file=out)
    if n_err:
        caused = f" (and {n_caused} more caused by them)" if n_caused else ""
        print(f"FAILED: {n_err} error(s){caused} and {n_warn} warning(s); nothing was built, site/ is as it was.",
              file=out)
        return False
    for t in corpus.without_lead:
        print(f"{t.source}: note[no-lead]: task {t.id} names no lead agency", file=out)
    print(f"{len(corpus.documents)} documents, {len(corpus.tasks)} tasks, "
          f"{len(corpus.without_lead)} without a lead agency", file=out)
    return True


def _in_background(work):
    """Run ``work()`` in a forked process; returns a function that waits for its result."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child():
        try:
            send.send(("ok", work()))
        except BaseException as e:      # noqa: BLE001 - the parent says it is a bug
            send.send(("error", f"{type(e).__name__}: {e}"))
        finally:
            send.close()

    proc = ctx.Process(target=child, name="checks")
    proc.start()
    send.close()

    def result():
        try:
            kind, value = recv.recv()
        except EOFError:
            kind, value = "error", f"the checks stopped without a word (exit code {proc.join() or proc.exitcode})"
        proc.join()
        if kind != "ok":
            raise RuntimeError(value)
        return value
    return result


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
