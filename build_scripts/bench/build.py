"""The build at scale, measured: ``python -m build_scripts bench --docs 10,100,1000``.

For each size, a synthetic archive is made from the real documents (bench/corpus.py:
renumbered, re-dated, agencies exchanged within their kind), then built in a process of its
own, from a clean state (no site/, no .build-cache/), with a fixed "as of" date. Printed:

- **stages**: the wall time of each stage of the build (build.py, pages/writer.py; the two
  languages run side by side, so their stages overlap), and the whole build's wall time;
- **site**: pages, bytes on disk, the largest page and the largest page that lists things
  (every page but a document's own text and its bilingual view, whose size is the
  document's), the median page;
- **reader**: the bytes a reader downloads to open a plan page (its HTML and every style
  sheet and script it loads, gzip-compressed at the level of deploy/nginx/site.conf), and
  to run a search in the header box (headless Chromium on the built site, gzip);
- **memory**: the peak of the build's processes together (the proportional set size of
  the process and its children, sampled every 0.1 s: forked processes share pages);
- **edit**: a one-word edit of one document (a tone mark moved, as an editor restoring
  diacritics does): the rebuild's wall time with ``build``, and with ``serve`` the time
  from saving the file to the page served with the new word (the preview's quick build of
  the edited document's pages), and to the whole site rebuilt after it.

Not a test: nothing passes or fails. The figures of the README come from here.

    .venv/bin/python -m build_scripts bench --docs 10,100,1000 [--work DIR] [--no-search] [--no-serve]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from .corpus import ROOT, make_corpus

EPOCH = "1764633600"          # 2025-12-02: the "as of" date of every measured build
GZIP_LEVEL = 6                # deploy/nginx/site.conf: gzip_comp_level
SEARCHES = {"vi": ["chuyen doi so", "du lieu dan cu", "Bộ Công an", "30/6/2026"], "en": ["digital transformation"]}
# a document's own pages: its first page and those of its parts (pages/parts.py), text and
# bilingual view; not the lists of documents (plans/index/2/, plans/by-year/, plans/without-lead/)
DOCUMENT_PAGE = re.compile(r"^(?:en/)?(?:plans|parallel)/(?!index/|by-year/|without-lead/)[^/]+/(?:[^/]+/)?index\.html$")
LISTS = ("index.html", "plans/index.html", "plans/without-lead/", "deadlines/", "agencies/", "citations/", "tasks/")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


# -- memory ------------------------------------------------------------------------------

def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(p.name))
    out, todo = [], [pid]
    while todo:
        q = todo.pop()
        out.append(q)
        todo += children.get(q, [])
    return out


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class PeakMemory(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, sum(_pss(p) for p in _tree(self.pid)))
            self.stop.wait(0.1)


def run_build(root: Path, cmd: str = "build") -> dict:
    """Run ``python -m build_scripts --root ROOT build``; wall time, stages, peak memory."""
    timings = root / ".bench-timings.json"
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, BUILD_TIMINGS=str(timings))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "build_scripts", "--root", str(root), cmd], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    mem = PeakMemory(proc.pid)
    mem.start()
    output, _ = proc.communicate()
    wall = time.perf_counter() - t0
    mem.stop.set()
    mem.join()
    if proc.returncode != 0:
        raise SystemExit(f"the build of {root} failed:\n{output[-3000:]}")
    stages = json.loads(timings.read_text())["stages"] if timings.exists() else {}
    return {"wall": wall, "stages": stages, "peak": mem.peak}


# -- the site ----------------------------------------------------------------------------

def site_figures(site: Path) -> dict:
    pages = sorted((f.stat().st_size, f.relative_to(site).as_posix()) for f in site.rglob("*.html"))
    lists = [(s, p) for s, p in pages if not DOCUMENT_PAGE.match(p)]
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return {"pages": len(pages), "bytes": total, "largest": pages[-1], "largest_list": lists[-1],
            "median": statistics.median(s for s, _ in pages)}


_ASSET = re.compile(r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"#?]+)')


def page_download(site: Path, page: str) -> dict:
    """Bytes (gzip) to open ``page``: its HTML and every style sheet and script it loads."""
    f = site / page
    html = f.read_bytes()
    assets = sorted({(f.parent / m.group(1)).resolve() for m in _ASSET.finditer(html.decode("utf-8"))
                     if not m.group(1).startswith(("http:", "https:", "//"))})
    sizes = {str(a.relative_to(site.resolve())): gz(a.read_bytes()) for a in assets if a.is_file()}
    return {"page": page, "html": gz(html), "assets": sum(sizes.values()), "files": 1 + len(sizes),
            "total": gz(html) + sum(sizes.values())}


def search_bytes(site: Path) -> list[tuple[str, str, int, int, int]]:
    """``[(lang, query, files, raw bytes, gzip bytes)]`` fetched by the header box in Chromium."""
    from playwright.sync_api import sync_playwright

    from .search_browser import CHROMIUM_ARGS, serve

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return []
    srv, base = serve(site)
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for lang, queries in SEARCHES.items():
                for q in queries:
                    ctx = browser.new_context()
                    urls: set[str] = set()
                    ctx.on("request", lambda r: urls.add(r.url) if "/search-index/" in r.url else None)
                    pg = ctx.new_page()
                    pg.goto(base + ("/en/" if lang == "en" else "/"))
                    pg.locator("#site-search-input").press_sequentially(q, delay=20)
                    pg.wait_for_function("q => window.siteSearch.timing().query === q", arg=q, timeout=120_000)
                    pg.wait_for_timeout(200)
                    files = [site / u.split(base + "/", 1)[1].split("?")[0] for u in sorted(urls)]
                    out.append((lang, q, len(files), sum(f.stat().st_size for f in files),
                                sum(gz(f.read_bytes()) for f in files)))
                    ctx.close()
            browser.close()
    finally:
        srv.shutdown()
    return out


# -- one-word edit -----------------------------------------------------------------------

# An editor's typical fix: a tone mark moved to the other accepted place ("hoá" -> "hóa").
# The word folds the same, so the restored text still matches its OCR and the build succeeds.
TONE_SWAP = [("hoá", "hóa"), ("hóa", "hoá"), ("Uỷ", "Ủy"), ("Ủy", "Uỷ"), ("uỷ", "ủy"), ("ủy", "uỷ"), ("hoà", "hòa"),
             ("hòa", "hoà")]


def edit_one_word(root: Path, doc: str) -> tuple[Path, str, str]:
    """Move one tone mark of a word of ``doc``'s vi.txt (outside a comment); return
    (file, old word, new word)."""
    f = root / "source_texts" / doc / "vi.txt"
    text = f.read_text(encoding="utf-8")
    for old, new in TONE_SWAP:
        for m in re.finditer(rf"(?<!\w){old}(?!\w)", text):
            line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            if "%%" in line or line.lstrip().startswith("@"):
                continue
            f.write_text(text[:m.start()] + new + text[m.end():], encoding="utf-8")
            return f, old, new
    raise SystemExit(f"no word to edit in {f}")


def document_page_files(site: Path, doc: str) -> list[str]:
    """The Vietnamese pages of a document's text, relative to ``site``: its first page and the
    pages of its parts, listed in its parts.json (pages/parts.py)."""
    out = [f"plans/{doc}/index.html"]
    parts = site / "plans" / doc / "parts.json"
    if parts.exists():
        out += [f"plans/{doc}/{rel}index.html" for rel in json.loads(parts.read_text(encoding="utf-8"))["pages"][1:]]
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_edit(root: Path, doc: str, timeout: float = 1200) -> tuple[float, float]:
    """Seconds from saving a one-word edit under ``serve`` to the edited page served with it
    (the preview's quick build), and to the full build done (lists, search, open data)."""
    port = _free_port()
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    proc = subprocess.Popen([sys.executable, "-m", "build_scripts", "--root", str(root), "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    said: list[tuple[float, str]] = []
    threading.Thread(target=lambda: [said.append((time.perf_counter(), line)) for line in proc.stderr],
                     daemon=True).start()
    base = f"http://127.0.0.1:{port}/"
    # the document's pages (all of them: the edited word may be on any part of a long one)
    urls = [base + p[:-len("index.html")] for p in document_page_files(root / "site", doc)]

    def read_all() -> list[bytes]:
        return [urllib.request.urlopen(u, timeout=5).read() for u in urls]

    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                read_all()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1.0)                     # the watcher has taken its first look
        before = read_all()
        edit_one_word(root, doc)
        t0 = time.perf_counter()
        shown = None
        while time.time() < deadline:
            if shown is None:
                try:
                    if read_all() != before:
                        shown = time.perf_counter() - t0
                except OSError:
                    pass
            done = [t for t, line in said if t > t0 and line.startswith("rebuilt;")]
            if shown is not None and done:
                return shown, done[0] - t0
            time.sleep(0.1)
        raise SystemExit("the edit did not show within the time allowed")
    finally:
        proc.terminate()
        proc.wait()


# -- report ------------------------------------------------------------------------------

def _stages(run: dict) -> str:
    return ", ".join(f"{k} {v:.1f}" for k, v in run["stages"].items() if v >= 0.1)


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def _kb(n: float) -> str:
    return f"{n / 1e3:.0f} KB"


def measure(n: int, work: Path, search: bool, serve: bool) -> dict:
    root = work / f"docs-{n}"
    t0 = time.perf_counter()
    ids = make_corpus(root, n)
    made = time.perf_counter() - t0
    print(f"\n== {len(ids)} documents ({root}; made in {made:.0f} s)", flush=True)
    clean = run_build(root)
    site = root / "site"
    fig = site_figures(site)
    doc = "350-qd-ttg" if "350-qd-ttg" in ids else ids[0]
    # the heaviest page of the plan (the first, or a part of a long one: pages/parts.py)
    plan = max((page_download(site, p) for p in document_page_files(site, doc)), key=lambda d: d["total"])
    print(f"clean build: {clean['wall']:.1f} s ({clean['wall'] / len(ids):.2f} s/document), "
          f"peak memory {_mb(clean['peak'])}", flush=True)
    for name, secs in clean["stages"].items():
        print(f"    {name:28} {secs:8.1f} s")
    print(f"site: {fig['pages']} pages, {_mb(fig['bytes'])}; largest page {_kb(fig['largest'][0])} "
          f"({fig['largest'][1]}); largest listing page {_kb(fig['largest_list'][0])} ({fig['largest_list'][1]}); "
          f"median {_kb(fig['median'])}")
    print(f"open a plan page ({plan['page']}): {_kb(plan['total'])} gzip in {plan['files']} files "
          f"(HTML {_kb(plan['html'])}, styles and scripts {_kb(plan['assets'])})", flush=True)
    searches = search_bytes(site) if search else []
    for lang, q, files, raw, z in searches:
        print(f"search [{lang}] {q!r}: {files} files, {_kb(raw)} raw, {_kb(z)} gzip")
    warm = run_build(root)
    print(f"rebuild, nothing changed: {warm['wall']:.1f} s ({_stages(warm)})", flush=True)
    f, old, new = edit_one_word(root, doc)
    edit = run_build(root)
    print(f"rebuild after a one-word edit ({f.relative_to(root)}: {old} -> {new}): {edit['wall']:.1f} s "
          f"({_stages(edit)})", flush=True)
    served = serve_edit(root, doc) if serve else None
    if served is not None:
        print(f"make serve: a one-word edit shown {served[0]:.1f} s after saving (the edited pages), "
              f"the whole site rebuilt after {served[1]:.1f} s", flush=True)
    return {"docs": len(ids), "clean": clean, "site": fig, "plan": plan, "search": searches, "warm": warm,
            "edit": edit, "serve_edit": served}


def summary(results: list[dict]) -> None:
    print("\n== summary (" + machine() + ")")
    head = ("documents", "build", "s/doc", "largest page", "largest listing", "plan page (gzip)", "search max (gzip)",
            "peak memory", "one-word edit: build / serve")
    print(" | ".join(head))
    for r in results:
        s = max((z for *_, z in r["search"]), default=0)
        print(" | ".join([str(r["docs"]), f"{r['clean']['wall']:.0f} s", f"{r['clean']['wall'] / r['docs']:.2f}",
                          _kb(r["site"]["largest"][0]), _kb(r["site"]["largest_list"][0]), _kb(r["plan"]["total"]),
                          _kb(s) if s else "-", _mb(r["clean"]["peak"]),
                          f"{r['edit']['wall']:.1f} s / " + (f"{r['serve_edit'][0]:.1f} s" if r["serve_edit"] else "-")]))


def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {cpu or platform.machine()}, {mem:.0f} GiB, Python {platform.python_version()}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m build_scripts bench", description=__doc__.split("\n")[0])
    ap.add_argument("--docs", default="10,100,1000", help="sizes, comma-separated (default 10,100,1000)")
    ap.add_argument("--work", type=Path, default=ROOT / ".bench", help="where the archives are made (default .bench/)")
    ap.add_argument("--no-search", action="store_true", help="skip the search measure (Chromium)")
    ap.add_argument("--no-serve", action="store_true", help="skip the edit measured under serve")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.docs.split(",") if x.strip()]
    print(machine())
    results = [measure(n, args.work, not args.no_search, not args.no_serve) for n in sizes]
    summary(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
