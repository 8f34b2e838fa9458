"""How much of the search index does a query download?

Reads site/search-index/<lang>/ (or builds the site first with --build) and prints, per
language, the size of the whole index and, for each sample query, the files a browser with
an empty cache fetches (manifest + the shards of the query's words + the record chunks of
the results shown) and their bytes, raw and gzip-compressed (nginx serves JSON gzipped).
The fetch list comes from build_scripts.search.search, the reference that
docs/assets/javascripts/search.js follows (tests/test_search_browser.py checks they agree).

For comparison, Material for MkDocs' built-in search downloads one JSON of the whole site:
its size is printed if site/search/search_index.json exists, or measured on a throw-away
build with Material's search plugin switched back on if you pass --material.

    .venv/bin/python build_scripts/bench/search_payload.py [--build] [--material] [--site DIR]
"""
from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from build_scripts.search import INDEX_DIR, search  # noqa: E402

SAMPLE_QUERIES = {
    "vi": ["dang uy cong an", "Đảng uỷ Công an Trung ương", "đường truyền", "hoá", "Tòa án",
           "chuyen doi so", "VPTW", "Deepf", "17-kh/bcd", "an ninh mạng bảo mật thông tin"],
    "en": ["Ministry of Public Security", "office of the party", "deadline", "VPTW", "Deepfake"],
}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def kb(n: int) -> str:
    return f"{n / 1024:8.1f} KB"


def build(root: Path, material: bool = False) -> Path:
    """Build the site of ``root`` (a copy, if ``material``: with Material's search plugin on)."""
    env = dict(os.environ)
    if material:
        tmp = Path(tempfile.mkdtemp(prefix="search-bench-"))
        for name in ("build_scripts", "source_texts", "overrides"):
            shutil.copytree(root / name, tmp / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(root / "docs" / "assets", tmp / "docs" / "assets")
        cfg = (root / "mkdocs.yml").read_text(encoding="utf-8")
        (tmp / "mkdocs.yml").write_text(cfg.replace("\nplugins:\n", "\nplugins:\n  - search\n", 1), encoding="utf-8")
        root = tmp
    proc = subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), "build"],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit("build failed:\n" + proc.stdout + proc.stderr)
    return root / "site"


def report_material(site: Path) -> None:
    f = site / "search" / "search_index.json"
    if f.exists():
        data = f.read_bytes()
        print(f"Material built-in search: {f.relative_to(site)} = {kb(len(data))} raw, {kb(gz(data))} gzip "
              "(downloaded whole by every visitor who searches, all languages)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", type=Path, default=ROOT / "site")
    ap.add_argument("--build", action="store_true", help="build the site first")
    ap.add_argument("--material", action="store_true",
                    help="also measure Material's search_index.json on a throw-away build")
    args = ap.parse_args(argv)
    site = build(ROOT) if args.build else args.site
    if not (site / INDEX_DIR).exists():
        sys.exit(f"{site / INDEX_DIR} not found: build the site first (--build)")
    for lang in sorted(p.name for p in (site / INDEX_DIR).iterdir() if p.is_dir()):
        d = site / INDEX_DIR / lang
        files = {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*.json"))}
        total, total_gz = sum(map(len, files.values())), sum(gz(b) for b in files.values())
        n_t = sum(k.startswith("t/") for k in files)
        n_r = sum(k.startswith("r/") for k in files)
        print(f"\n[{lang}] index: {len(files)} files ({n_t} token shards, {n_r} record chunks, manifest "
              f"{len(files['manifest.json'])} B) = {kb(total)} raw, {kb(total_gz)} gzip")
        print(f"  {'query':38} {'files':>5} {'fetched raw':>12} {'fetched gzip':>12} {'% of index':>10}")
        for q in SAMPLE_QUERIES.get(lang, []):
            results, fetched = search(d, q)
            raw = sum(fetched.values())
            zipped = sum(gz(files[k]) for k in fetched)
            print(f"  {q[:38]:38} {len(fetched):5} {kb(raw):>12} {kb(zipped):>12} {100 * raw / total:9.1f}%")
    report_material(site)
    if args.material:
        msite = build(ROOT, material=True)
        try:
            report_material(msite)
        finally:
            shutil.rmtree(msite.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
