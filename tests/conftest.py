"""Shared fixtures: a site built from the real sources, served by nginx, and Chromium.

The site is built once per session into a temporary copy of the repository with a fixed
"as of" date (SOURCE_DATE_EPOCH), so statuses in tests do not drift with the calendar.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 4, 10)
AS_OF_EPOCH = str(int(dt.datetime(2026, 4, 10, 12, tzinfo=dt.timezone.utc).timestamp()))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def document_pages(site: Path, doc_id: str, folder: str = "plans", lang: str = "vi") -> list[tuple[str, str]]:
    """``[(url, html)]`` of every page of a built document in reading order: its first page,
    then, for a long document, its other parts in the order of its ``parts.json``
    (build_scripts/pages/parts.py). ``folder``: plans, or parallel for the bilingual view."""
    import json

    prefix = "" if lang == "vi" else f"{lang}/"
    first = f"{prefix}{folder}/{doc_id}/"
    out = [(first, (site / first / "index.html").read_text(encoding="utf-8"))]
    parts = site / prefix / "plans" / doc_id / "parts.json"
    if parts.exists():
        for rel in json.loads(parts.read_text(encoding="utf-8"))["pages"][1:]:
            out.append((first + rel, (site / first / rel / "index.html").read_text(encoding="utf-8")))
    return out


def document_html(site: Path, doc_id: str, folder: str = "plans", lang: str = "vi") -> str:
    """The HTML of every page of a built document, joined (see :func:`document_pages`)."""
    return "\n".join(html for _, html in document_pages(site, doc_id, folder, lang))

def copy_repo(dest: Path) -> Path:
    """A working copy of the parts of the repository a build reads."""
    for name in ("build_scripts", "source_texts", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def run_build(root: Path, cmd: str = "build", epoch: str = AS_OF_EPOCH, env: dict | None = None):
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, **(env or {}))
    return subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), cmd],
                          cwd=ROOT, capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Root of a repository copy whose site/ and docs/ have been built."""
    root = copy_repo(tmp_path_factory.mktemp("repo"))
    proc = run_build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SITE_CONF = ROOT / "deploy" / "nginx" / "site.conf"


def server_conf(prefix: Path, port: int, docroot: Path) -> Path:
    """deploy/nginx/site.conf with its two EDIT lines set, inside a minimal http block."""
    site = SITE_CONF.read_text(encoding="utf-8")
    site, n1 = re.subn(r"^(\s*)listen [^;]+;", rf"\g<1>listen 127.0.0.1:{port};", site, count=1, flags=re.M)
    site, n2 = re.subn(r"^(\s*)root [^;]+;", rf"\g<1>root {docroot};", site, count=1, flags=re.M)
    assert n1 == n2 == 1, "site.conf must have one listen and one root line"
    (prefix / "site.conf").write_text(site, encoding="utf-8")
    main = f"""worker_processes 1;
user root;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/site.conf;
}}
"""
    (prefix / "nginx.conf").write_text(main, encoding="utf-8")
    return prefix / "nginx.conf"


def start_nginx(conf: Path, port: int):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(conf.parent)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                pytest.fail("nginx exited: " + proc.stderr.read().decode())
            time.sleep(0.05)
    pytest.fail("nginx did not start")


@pytest.fixture(scope="session")
def server(built, tmp_path_factory) -> str:
    """nginx on 127.0.0.1 serving the built site with the server's own configuration,
    deploy/nginx/site.conf (its listen and root lines rewritten)."""
    if not Path(shutil.which("nginx") or "/usr/sbin/nginx").exists():
        pytest.fail("nginx is not installed; run `make test`, which installs it")
    prefix = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    proc = start_nginx(server_conf(prefix, port, built / "site"), port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed; run `make test`, which installs it")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request leaving 127.0.0.1 (there must be none)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.outside_requests = []

    def on_request(req):
        if not req.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            pg.outside_requests.append(req.url)

    pg.on("request", on_request)
    # Anything not to 127.0.0.1 is answered locally with an error: tests never touch the network.
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else route.abort())
    yield pg
    context.close()
