"""Command line: ``python -m build_scripts check | build | serve | publish | bench``.

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
    sub.add_parser("bench", add_help=False, help="measure builds of synthetic archives: bench --docs 10,100,1000 "
                                                  "(build_scripts/bench/build.py; --help for its options)")
    ap.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:
        from .bench.build import main as bench

        return bench(argv[1:])
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
    from .build import run

    return run(args.root, args.cmd, serve_port=getattr(args, "port", None))


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


if __name__ == "__main__":
    sys.exit(main())
