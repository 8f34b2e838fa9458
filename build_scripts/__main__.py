"""Command line: ``python -m build_scripts check | build | serve | publish``.

Exit status: 0 success, 1 problems in the sources or a failed build, 2 bad usage.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check", help="read and check source_texts/; print every problem")
    sub.add_parser("build", help="check, then build the site into site/ (replaced only on success)")
    s = sub.add_parser("serve", help="build, then serve site/ on 127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    p = sub.add_parser("publish", help="build, check and publish a release to DIR or user@host:DIR "
                                       "(build_scripts/publish/release.py)")
    p.add_argument("--to", required=True, metavar="DIR", help="the release folder: DIR or user@host:DIR")
    p.add_argument("--rollback", action="store_true", help="switch back to the release before the current one")
    p.add_argument("--keep", type=int, default=5, help="releases to keep (default 5)")
    ap.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.cmd == "serve" and not _port_free(args.port):
        print(f"error: port {args.port} on 127.0.0.1 is already in use (another preview?); nothing was built. "
              f"Serve on another port: make serve PORT={args.port + 1}", file=sys.stderr)
        return 1
    try:
        if args.cmd == "publish":
            from .publish import release

            if args.rollback:
                return release.rollback(args.to)
            if args.keep < 1:
                print("error: --keep must be 1 or more (the current release is always kept)", file=sys.stderr)
                return 2
            return release.publish(args.root, args.to, args.keep,
                                   build=lambda root: _run(argparse.Namespace(cmd="build", root=root)) == 0)
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug in build_scripts, not in the sources: say so, briefly
        if os.environ.get("BUILD_DEBUG"):
            raise
        print(f"error: internal error in build_scripts ({type(e).__name__}: {e}); site/ was left as it was. "
              "This is a bug in the build scripts, not in your edit: run again with BUILD_DEBUG=1 and report it.",
              file=sys.stderr)
        return 2


def _run(args) -> int:
    from .stages import stage, write

    try:
        return _stages(args, stage)
    finally:
        write()


def _stages(args, stage) -> int:
    from .pipeline import load

    with stage("load"):
        corpus = load(args.root)
    from .checks import run_checks, report_problems

    from .checks import check_model

    with stage("check model"):
        coverage = check_model(corpus)   # deadline phrases read or reported; English aligned
    with stage("check texts"):
        report = run_checks(corpus)      # fidelity, syllables, diacritics (docs-dev/CHECKS.md)
    report_problems(report, corpus.problems)
    lines, n_err, n_warn, n_caused = corpus.problems.report()
    for line in lines:
        print(line, file=sys.stderr)
    if n_err:
        caused = f" (and {n_caused} more caused by them)" if n_caused else ""
        print(f"FAILED: {n_err} error(s){caused} and {n_warn} warning(s); nothing was built, site/ is as it was.",
              file=sys.stderr)
        return 1
    for t in corpus.without_lead:
        print(f"{t.source}: note[no-lead]: task {t.id} names no lead agency", file=sys.stderr)
    print(f"{len(corpus.documents)} documents, {len(corpus.tasks)} tasks, "
          f"{len(corpus.without_lead)} without a lead agency", file=sys.stderr)
    if args.cmd == "check":
        from .checks.marks import unreadable_marks

        for line in unreadable_marks(corpus.files):
            print(line, file=sys.stderr)
        from .checks import format_report

        print(format_report(report, top=3), file=sys.stderr)
        for c in coverage:
            print(f"translation {c}", file=sys.stderr)
        print(f"OK: {len(corpus.documents)} documents, {len(corpus.tasks)} tasks; 0 errors, {n_warn} warning(s).",
              file=sys.stderr)
        return 0
    from .pages.render import render_site
    from .pages.views import build_views
    from .pages.writer import as_of_date, build_site

    with stage("views"):
        views = build_views(corpus, as_of_date(args.root))
    with stage("render"):
        pages = render_site(views, _site_config(args.root))
    if not build_site(args.root, corpus, views, pages):
        return 1
    print(f"built site/ (as of {views.as_of.isoformat()})", file=sys.stderr)
    if args.cmd == "serve":
        from .publish.serve import serve

        return serve(args.root, args.port, rebuild=lambda: _run(argparse.Namespace(cmd="build", root=args.root)))
    return 0




def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _site_config(root: Path) -> dict:
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


if __name__ == "__main__":
    sys.exit(main())
