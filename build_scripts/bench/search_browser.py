"""Search, measured the way a reader meets it: in headless Chromium, with an empty cache.

For each sample query, a fresh browser context opens a page, types the query into the box in
the header and waits for the results; the script prints the index files the page fetched,
their bytes raw and gzip-compressed (level 6, as nginx serves JSON), the time from the last
key to the painted results (the box waits DEBOUNCE_MS after the last key), and the time from
the data's arrival to the paint. It also prints the size of each language's index.

``--docs N`` measures a synthetic archive of N documents instead: the built site's document
pages, documents and tasks are copied N/4 times under new numbers and addresses (17-KH/BCĐ
becomes 117-KH/BCĐ at plans/117-kh-bcd/, as bench/corpus.py does, so the copies of the four
documents alternate in the archive's order), and the index is rebuilt from that copy.

    .venv/bin/python -m build_scripts.bench.search_browser [--site site] [--docs 100]

The figures of November/December 2026 are in docs-dev/SEARCH.md. Not a test: nothing here
passes or fails.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import re
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from ..search import INDEX_DIR, build_search_index, load_data
from ..search.records import page_files
from .corpus import STEP

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

QUERIES = {
    "vi": ["du lieu dan cu", "bo noi vu", "Đảng uỷ Công an Trung ương", "30/6/2026", "6/2026", "57-NQ/TW",
           "350 qđ ttg", "CSDL", "chuyen doi so", "an ninh mạng bảo mật thông tin", "VPTW", "Deepf"],
    "en": ["Ministry of Home Affairs", "databases", "June 2026", "administrative procedures",
           "open-source artificial intelligence platform", "VPTW"],
}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def index_size(site: Path, lang: str) -> tuple[int, int, int]:
    files = [f for f in (site / INDEX_DIR / lang).rglob("*.json")]
    return len(files), sum(f.stat().st_size for f in files), sum(gz(f.read_bytes()) for f in files)


def synthetic(site: Path, n_docs: int, dest: Path) -> Path:
    """A copy of ``site`` whose document pages, documents and tasks are repeated to make
    ``n_docs`` (plans.json and tasks.json list the copies, as the build's would)."""
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns(INDEX_DIR))
    plans_json = json.loads((site / "data" / "plans.json").read_text(encoding="utf-8"))
    plans = plans_json["plans"]
    tasks = json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))
    copies = max(1, n_docs // len(plans))
    new_tasks, new_plans = list(tasks["tasks"]), list(plans)
    for k in range(1, copies):
        for p in plans:
            num = p["number"]
            lead = re.match(r"\d+", num).group()
            new_num = str(int(lead) + STEP * k) + num[len(lead):]
            # the folder follows the number, as the site's own (17-KH/BCĐ: 17-kh-bcd; bench/corpus.py)
            new_id = re.sub(r"^\d+", str(int(re.match(r"\d+", p["id"]).group()) + STEP * k), p["id"])
            new_plans.append(dict(p, id=new_id, number=new_num, url={
                lg: u.replace(f"/plans/{p['id']}/", f"/plans/{new_id}/") for lg, u in p["url"].items()}))
            for pre in ("", "en/"):
                src = site / pre / "plans" / p["id"] / "index.html"
                if src.exists():
                    out = dest / pre / "plans" / new_id / "index.html"
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_text(src.read_text(encoding="utf-8").replace(num, new_num), encoding="utf-8")
            for t in tasks["tasks"]:
                if t["plan"] == p["id"]:
                    c = dict(t, plan=new_id, url={lg: u.replace(f"/plans/{p['id']}/", f"/plans/{new_id}/")
                                                  for lg, u in t["url"].items()})
                    new_tasks.append(c)
    (dest / "data" / "tasks.json").write_text(json.dumps(dict(tasks, tasks=new_tasks), ensure_ascii=False),
                                              encoding="utf-8")
    (dest / "data" / "plans.json").write_text(json.dumps(dict(plans_json, plans=new_plans), ensure_ascii=False),
                                              encoding="utf-8")
    print(f"synthetic archive: {copies * len(plans)} documents, {len(new_tasks)} tasks")
    build_timed(dest)
    return dest


def build_timed(site: Path) -> None:
    """Build the index of each language in turn (the build runs them side by side), printing
    the time of each: wall, and CPU of this process."""
    data = load_data(site)
    for lang in sorted(page_files(site)):
        t0, c0 = time.perf_counter(), time.process_time()
        fig = build_search_index(site, [lang], data=data)[lang]
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"[{lang}] index built in {wall:.1f} s ({cpu:.1f} s CPU): {fig['pages']} pages, "
              f"{fig['records']} records, {fig['terms']} terms, {fig['blocked_terms']} in {fig['blocks']} blocks")


def _sizes(site: Path, base: str, urls) -> tuple[int, int, int, int]:
    """Files, raw bytes, gzip bytes, raw bytes of posting blocks (p/) of the fetched URLs."""
    files = [site / u.split(base + "/", 1)[1].split("?")[0] for u in sorted(set(urls))]
    blocks = sum(f.stat().st_size for f in files if f.parent.name == "p")
    return len(files), sum(f.stat().st_size for f in files), sum(gz(f.read_bytes()) for f in files), blocks


def measure(site: Path, rounds: int = 3, page: bool = True) -> None:
    """Each query typed into the box (fresh context each round); then, with ``page``, the
    first page of its results page (search/?q=...) in another fresh context."""
    from playwright.sync_api import sync_playwright
    srv, base = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=CHROMIUM_ARGS)
            for lang, queries in QUERIES.items():
                n, raw, z = index_size(site, lang)
                print(f"\n[{lang}] index: {n} files, {raw / 1e6:.2f} MB raw, {z / 1e6:.2f} MB gzip")
                print(f"{'query':44} {'files':>5} {'raw KB':>7} {'gzip KB':>7} {'blocks KB':>9} {'key→results ms':>14} "
                      f"{'data→paint ms':>13} {'results':>7}" + (f" | {'page raw KB':>11} {'gzip KB':>7} {'blocks KB':>9}  count" if page else ""))
                for q in queries:
                    urls: list[str] = []
                    totals, paints, counts = [], [], []
                    for _ in range(rounds):
                        ctx = browser.new_context()
                        urls = []
                        ctx.on("request", lambda r: urls.append(r.url) if f"/{INDEX_DIR}/" in r.url else None)
                        pg = ctx.new_page()
                        pg.goto(base + ("/en/plans/" if lang == "en" else "/plans/"))
                        box = pg.locator("#site-search-input")
                        box.press_sequentially(q, delay=30)
                        pg.wait_for_function("q => window.siteSearch.timing().query === q", arg=q, timeout=60_000)
                        t = pg.evaluate("window.siteSearch.timing()")
                        totals.append(t["paintedAt"] - t["keyAt"])
                        paints.append(t["paintedAt"] - t["dataAt"])
                        counts.append(pg.locator("#site-search-results [role=option]").count())
                        ctx.close()
                    nf, raw, z, blk = _sizes(site, base, urls)
                    line = (f"{q[:44]:44} {nf:5d} {raw / 1e3:7.1f} {z / 1e3:7.1f} {blk / 1e3:9.1f} "
                            f"{statistics.median(totals):14.0f} {statistics.median(paints):13.1f} {counts[-1]:7d}")
                    if page:
                        ctx = browser.new_context()
                        purls: list[str] = []
                        ctx.on("request", lambda r: purls.append(r.url) if f"/{INDEX_DIR}/" in r.url else None)
                        pg = ctx.new_page()
                        from urllib.parse import quote
                        pg.goto(base + ("/en/search/" if lang == "en" else "/search/") + "?q=" + quote(q))
                        pg.wait_for_function("() => { const l = document.getElementById('search-page-results');"
                                             " return l && l.dataset.query !== undefined; }", timeout=60_000)
                        status = pg.locator("#search-page-status").inner_text().split(" · ")[0]
                        ctx.close()
                        _, praw, pz, pblk = _sizes(site, base, purls)
                        line += f" | {praw / 1e3:11.1f} {pz / 1e3:7.1f} {pblk / 1e3:9.1f}  {status}"
                    print(line, flush=True)
            browser.close()
    finally:
        srv.shutdown()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", default="site", type=Path)
    ap.add_argument("--docs", type=int, default=0, help="measure a synthetic archive of this many documents")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-page", action="store_true", help="measure the box only, not the results page")
    ap.add_argument("--keep", type=Path, help="write the synthetic site here (and measure it again with --site)")
    args = ap.parse_args(argv)
    if not (args.site / INDEX_DIR).is_dir():
        print(f"{args.site}/{INDEX_DIR} not found: run `make build` first")
        return 2
    if args.docs and args.keep:
        measure(synthetic(args.site, args.docs, args.keep), args.rounds, not args.no_page)
    elif args.docs:
        with tempfile.TemporaryDirectory() as tmp:
            measure(synthetic(args.site, args.docs, Path(tmp) / "site"), args.rounds, not args.no_page)
    else:
        measure(args.site, args.rounds, not args.no_page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
