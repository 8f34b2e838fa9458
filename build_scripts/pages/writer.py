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
from ..search import build_search_indexes
from .postbuild import drop_alternates, externalize_scripts, not_found_pages
from ..stages import stage

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
        with stage("write docs"):
            docs = tmp / "docs"
            shutil.copytree(root / "docs" / "assets", docs / "assets")
            write_pages(docs, pages)
            base = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
            _write_data(docs / "data", views, str(base.get("site_url") or ""))
            # The source files, published as they are ("Tệp nguồn" on plan pages; "Sửa văn bản này"
            # on every page leads here when the repository's editor URL is not configured).
            for rel, lines in corpus.files.items():
                if rel.startswith("source_texts/") and rel.count("/") in (1, 2) and rel.rsplit("/", 1)[-1] != "ocr-header.txt":
                    f = docs / rel
                    f.parent.mkdir(parents=True, exist_ok=True)
                    f.write_text("\n".join(lines), encoding="utf-8")
        with stage("mkdocs"):
            if not _mkdocs(root, tmp, docs, base, corpus, views, list(pages), out):
                return False
        site = tmp / "site"
        # stages on the built HTML (pages/postbuild.py, then the search index)
        with stage("postbuild"):
            not_found_pages(site)
            externalize_scripts(site)
            drop_alternates(site)
        with stage("search index"):
            # one process per language; pages unchanged since the last build are not read again
            build_search_indexes(site, cache_dir=tmp_parent / "search-cache")
        with stage("replace site"):
            _replace(site, root / "site")
            for lang in pages:
                _replace(docs / lang, root / "docs" / lang)
        return True
    finally:
        with stage("clean up"):
            shutil.rmtree(tmp, ignore_errors=True)


def _write_data(data: Path, views, site_url: str) -> None:
    """Open data into docs/data; MkDocs copies it to site/data like any other file."""
    data.mkdir(parents=True, exist_ok=True)
    for name, content in export_data(views).items():
        (data / name).write_text(content, encoding="utf-8")
    for name, content in export_calendars(views, site_url).items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes(content)


def _mkdocs(root: Path, tmp: Path, docs: Path, base: dict, corpus, views, langs: list[str], out) -> bool:
    """``mkdocs build --strict``, one process per language side by side (pages/mkdocs_lang.py),
    each into its own folder; the other languages' pages are then moved under the default's."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(dt.datetime.combine(views.as_of, dt.time(), dt.timezone.utc).timestamp())))
    # mkdocs.yml names our Markdown extension (build_scripts.pages.captions): importable
    # from any --root, not only from the repository's own folder.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH")]))
    default = i18n.LANGS[0]
    procs = {}
    for lang in langs:
        # The generated config inherits mkdocs.yml; paths are made absolute because MkDocs
        # resolves them relative to the config file, which lives in the temporary folder.
        cfg = {"INHERIT": str(root / "mkdocs.yml"), "docs_dir": str(docs), "site_dir": str(tmp / f"site-{lang}"),
               "nav": nav(corpus.documents)}
        custom_dir = (base.get("theme") or {}).get("custom_dir")
        if custom_dir:
            cfg["theme"] = {"custom_dir": str(root / custom_dir)}
        (tmp / f"mkdocs-{lang}.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
        procs[lang] = subprocess.Popen([sys.executable, "-m", "build_scripts.pages.mkdocs_lang",
                                        str(tmp / f"mkdocs-{lang}.yml"), lang], cwd=root, env=env,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    failed = False
    for lang, proc in procs.items():
        output, _ = proc.communicate()
        if proc.returncode != 0:
            if not failed:
                print("mkdocs build --strict failed; site/ left as it was:", file=out)
            print(output, file=out)
            failed = True
    if failed:
        return False
    site = tmp / f"site-{default}"
    for lang in langs:
        if lang != default:
            (tmp / f"site-{lang}" / lang).rename(site / lang)
            _merge_sitemap(site / "sitemap.xml", tmp / f"site-{lang}" / "sitemap.xml")
    site.rename(tmp / "site")
    return True


def _merge_sitemap(into: Path, other: Path) -> None:
    """Append the ``<url>`` entries of another language's sitemap (one build per language;
    the i18n plugin's single build listed the default language's pages, then the others')."""
    import re

    xml = into.read_text(encoding="utf-8")
    more = re.findall(r"\n    <url>.*?</url>", other.read_text(encoding="utf-8"), flags=re.S)
    into.write_text(xml.replace("\n</urlset>", "".join(more) + "\n</urlset>", 1), encoding="utf-8")


def _replace(new: Path, old: Path) -> None:
    """Swap ``new`` into place of ``old`` with two renames (old kept until the new is there)."""
    backup = old.with_name(old.name + ".old")
    shutil.rmtree(backup, ignore_errors=True)
    if old.exists():
        old.rename(backup)
    shutil.move(str(new), str(old))
    shutil.rmtree(backup, ignore_errors=True)
