"""Serve site/ on 127.0.0.1 for a local preview."""
from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path


def serve(site: Path, port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)", file=sys.stderr)
        httpd.serve_forever()
