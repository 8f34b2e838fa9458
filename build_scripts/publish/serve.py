"""Live preview: serve site/ on 127.0.0.1, rebuild when a source, template or the config
changes, and reload the pages open in a browser.

An edit of a document's texts is shown in two steps: a quick build of that document's own
pages (over the last build; pages/writer.py), which the browser reloads within seconds, then
the full build, the same as ``make build``, which brings the lists, search and open data up to
date and reloads the pages again.

The pages of the preview carry one extra line of script (added by this server only, never
written to site/) that asks ``/__build`` for the build's number every second and reloads the
page when it changes. A failed rebuild leaves site/ as it was and prints why; the pages stay.
"""
from __future__ import annotations

import errno
import http.server
import sys
import threading
import time
from pathlib import Path

WATCHED = ("source_texts", "build_scripts/pages/templates", "docs/assets", "overrides", "mkdocs.yml")
RELOAD = (b"<script>(function(){var v=null;setInterval(function(){fetch('/__build',{cache:'no-store'})"
          b".then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v)location.reload();v=t})"
          b".catch(function(){})},1000)})()</script>")


class _State:
    build = 0


def _handler(site: Path):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(site), **kw)

        def log_message(self, fmt, *args):      # quiet: the build's messages are what matter
            pass

        def do_GET(self):
            if self.path == "/__build":
                body = str(_State.build).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes().replace(b"</body>", RELOAD + b"</body>", 1)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def guess_type(self, path):
            t = super().guess_type(path)
            return t + "; charset=utf-8" if t.startswith("text/") and "charset" not in t else t
    return Handler


def _snapshot(root: Path) -> dict[str, float]:
    out = {}
    for name in WATCHED:
        p = root / name
        files = [p] if p.is_file() else (f for f in p.rglob("*") if f.is_file()) if p.exists() else []
        for f in files:
            try:
                out[str(f)] = f.stat().st_mtime
            except OSError:
                pass
    return out


def edited_documents(root: Path, changed: list[str]) -> frozenset[str]:
    """The documents whose folders hold every changed file (``source_texts/<doc>/...``), or
    nothing when anything else changed (the registry, a template, the configuration)."""
    docs = set()
    for c in changed:
        parts = Path(c).relative_to(root).parts
        if len(parts) < 3 or parts[0] != "source_texts":
            return frozenset()
        docs.add(parts[1])
    return frozenset(docs)


def _watch(root: Path, rebuild, quick=None, interval: float = 0.3) -> None:
    """Poll the watched files (no extra dependency, works on every filesystem) and rebuild
    once the edits have settled."""
    last = _snapshot(root)
    while True:
        time.sleep(interval)
        now = _snapshot(root)
        if now == last:
            continue
        time.sleep(interval)                    # let an editor finish writing
        before, last = last, _snapshot(root)
        changed = sorted(set(before) ^ set(last) | {f for f in last if before.get(f) != last.get(f)})
        print(f"changed: {', '.join(Path(c).name for c in changed[:5])}; rebuilding ...", file=sys.stderr)
        docs = edited_documents(root, changed) if quick is not None else frozenset()
        if docs:
            if quick(docs) != 0:
                print("the site was not rebuilt (see above); the preview shows the last good build", file=sys.stderr)
                continue
            _State.build += 1
            print("the edited pages are shown; building the rest ...", file=sys.stderr)
        if rebuild() == 0:
            _State.build += 1
            print("rebuilt; open pages reload", file=sys.stderr)
        else:
            print("the site was not rebuilt (see above); the preview shows the last good build", file=sys.stderr)


def serve(root: Path, port: int, rebuild=None, quick=None) -> int:
    """Serve ``root/site`` on 127.0.0.1:``port``; watch and rebuild when ``rebuild`` is given
    (first ``quick(documents)`` when only documents' texts changed)."""
    try:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(root / "site"))
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            print(f"error: port {port} on 127.0.0.1 is already in use (another preview?); the site was built, "
                  f"serve it on another port with: make serve PORT={port + 1}", file=sys.stderr)
            return 1
        raise
    if rebuild is not None:
        threading.Thread(target=_watch, args=(root, rebuild, quick), daemon=True).start()
    print(f"serving on http://127.0.0.1:{port}/ (edits to source_texts/ rebuild it; Ctrl+C to stop)", file=sys.stderr)
    with httpd:
        httpd.serve_forever()
    return 0
