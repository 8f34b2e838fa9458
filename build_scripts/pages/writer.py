"""Writer: the only stage that touches disk.

``build`` renders into a fresh temporary folder, runs ``mkdocs build --strict`` there and
replaces ``site/`` (and the generated ``docs/vi``, ``docs/en``) only when all of it
succeeded, so a bad edit never leaves a half-built site.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from .. import i18n
from .export import export_calendars, export_data
from .render import Page
from ..search import build_search_index
from .postbuild import drop_alternates, externalize_scripts, not_found_pages

NAV = [("home", "index.md"), ("plans", "plans/index.md"), ("agencies", "agencies/index.md"),
       ("deadlines", "deadlines/index.md"), ("explorer", "tasks/index.md"), ("citations", "citations/index.md"),
       ("glossary", "glossary/index.md")]


def as_of_date(root: Path) -> dt.date:
    """SOURCE_DATE_EPOCH if set, else the last commit's date: two builds of one commit agree."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                                   text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    if not epoch:
        return dt.datetime.now(dt.timezone.utc).date()
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()


def write_pages(docs: Path, pages: dict[str, list[Page]]) -> None:
    for lang, ps in pages.items():
        for p in ps:
            f = docs / lang / p.path
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(p.content, encoding="utf-8")


def nav(documents) -> list:
    out = []
    for key, path in NAV:
        label = i18n.t(key, "vi")
        if key == "plans":
            out.append({label: [path] + [f"plans/{d.id}.md" for d in documents]})
        else:
            out.append({label: path})
    return out


def build_site(root: Path, corpus, views, pages: dict[str, list[Page]], out=sys.stderr) -> bool:
    tmp_parent = root / ".build-tmp"
    tmp_parent.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="build-", dir=tmp_parent))
    try:
        docs = tmp / "docs"
        shutil.copytree(root / "docs" / "assets", docs / "assets")
        write_pages(docs, pages)
        # Open data goes into docs/data; MkDocs copies it to site/data like any other file.
        data = docs / "data"
        data.mkdir(exist_ok=True)
        for name, content in export_data(views).items():
            (data / name).write_text(content, encoding="utf-8")
        base = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
        for name, content in export_calendars(views, str(base.get("site_url") or "")).items():
            (data / name).parent.mkdir(parents=True, exist_ok=True)
            (data / name).write_bytes(content)
        # The source files, published as they are ("Tệp nguồn" on plan pages; "Sửa văn bản này"
        # on every page leads here when the repository's editor URL is not configured).
        for rel, lines in corpus.files.items():
            if rel.startswith("source_texts/") and rel.count("/") in (1, 2) and rel.rsplit("/", 1)[-1] != "ocr-header.txt":
                f = docs / rel
                f.parent.mkdir(parents=True, exist_ok=True)
                f.write_text("\n".join(lines), encoding="utf-8")
        # The generated config inherits mkdocs.yml; paths are made absolute because MkDocs
        # resolves them relative to the config file, which lives in the temporary folder.
        cfg = {"INHERIT": str(root / "mkdocs.yml"), "docs_dir": str(docs), "site_dir": str(tmp / "site"),
               "nav": nav(corpus.documents)}
        custom_dir = (base.get("theme") or {}).get("custom_dir")
        if custom_dir:
            cfg["theme"] = {"custom_dir": str(root / custom_dir)}
        (tmp / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(dt.datetime.combine(views.as_of, dt.time(), dt.timezone.utc).timestamp())))
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(tmp / "mkdocs.yml")],
                              cwd=root, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            print("mkdocs build --strict failed; site/ left as it was:", file=out)
            print(proc.stdout + proc.stderr, file=out)
            return False
        # stages on the built HTML (pages/postbuild.py, then the search index)
        not_found_pages(tmp / "site")
        externalize_scripts(tmp / "site")
        drop_alternates(tmp / "site")
        build_search_index(tmp / "site")
        _replace(tmp / "site", root / "site")
        for lang in pages:
            _replace(docs / lang, root / "docs" / lang)
        return True
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _replace(new: Path, old: Path) -> None:
    """Swap ``new`` into place of ``old`` with two renames (old kept until the new is there)."""
    backup = old.with_name(old.name + ".old")
    shutil.rmtree(backup, ignore_errors=True)
    if old.exists():
        old.rename(backup)
    shutil.move(str(new), str(old))
    shutil.rmtree(backup, ignore_errors=True)
