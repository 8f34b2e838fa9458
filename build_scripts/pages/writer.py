"""Writer: the only stage that touches disk.

``build_site`` works in a fresh temporary folder and replaces ``site/`` (and the generated
``docs/vi``, ``docs/en``) only when all of it succeeded, so a bad edit never leaves a
half-built site. The languages are built side by side, one process each (forked, so they
share the model without copying it), which uses both cores of the build machine:

    parent                              child per language (vi, en)
    ------                              ---------------------------
    the open data as objects; then      render its pages (pages/render.py), write the Markdown
    the children are forked             wait for the other language's Markdown (the language
                                        switch links pages that exist in both)
    write the open data, calendars,     mkdocs build --strict (pages/mkdocs_build.py: pages
    source files                        stored and reused by content, memory flat); its 404
                                        search index of its pages (search/, the open data
                                        objects shared)
    merge: site-vi + site-en/en + data; sitemap of both languages
    switch: site/ and docs/<lang> replaced by renames; the old ones deleted in the background

Results that a build can reuse are kept in ``.build-cache/`` (build_scripts/cache.py).

A *quick* build (``quick=True``; the preview's first answer to an edit of a document's texts,
publish/serve.py) renders only the pages ``render`` returns (the edited documents' own pages)
over the Markdown of the last build (``docs/<lang>``), and keeps the last build's open data
and search index: the edited page is served within seconds, the lists that show the document
and the search catch up with the full build that follows it.
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

import yaml

from .. import i18n
from ..cache import CACHE_DIR, Store
from .export import export_calendars, export_explorer, open_data, serialize
from .render import Page
from .postbuild import not_found_pages
from ..stages import CACHE, TIMES, stage

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


def write_pages(docs: Path, pages: dict) -> list[str]:
    """Write ``{lang: pages}`` (lists or iterators of Page) under ``docs``; returns the paths
    written (``vi/plans/x.md``), in order."""
    written = []
    made: set[Path] = set()
    for lang, ps in pages.items():
        for p in ps:
            f = docs / lang / p.path
            if f.parent not in made:
                f.parent.mkdir(parents=True, exist_ok=True)
                made.add(f.parent)
            f.write_text(p.content, encoding="utf-8")
            written.append(f"{lang}/{p.path}")
    return written


def nav(documents=None) -> list:
    """The navigation: the site's sections, never one link per document or agency, so every
    page's frame is the same size however large the archive (documents are listed on
    ``plans/``, by year once they are many)."""
    return [{i18n.t(key, "vi"): path} for key, path in NAV]


def can_build_quickly(root: Path) -> bool:
    """Whether a quick build has a last build to start from (see the module's docstring)."""
    site = root / "site"
    return ((site / "data").is_dir() and all((root / "docs" / lang).is_dir() for lang in i18n.LANGS)
            and all((site / "search-index" / lang).is_dir() for lang in i18n.LANGS))


def build_site(root: Path, corpus, views, render, out=None, quick: bool = False, gate=None) -> bool:
    """Build ``root/site`` from ``views``; ``render(lang, store)`` returns the pages of a
    language (a document's own pages reused from ``store``, a cache.Store); with ``quick``,
    only the pages that changed, over the last build (see the module's docstring). ``gate()``,
    when given, is asked before site/ is replaced (the checks, run beside the build).
    Prints why and returns False when anything fails (site/ is then as it was)."""
    out = out if out is not None else sys.stderr
    quick = quick and can_build_quickly(root)
    tmp_parent = root / ".build-tmp"
    tmp_parent.mkdir(exist_ok=True)
    _empty_trash(tmp_parent)
    tmp = Path(tempfile.mkdtemp(prefix="build-", dir=tmp_parent))
    try:
        base = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
        docs = tmp / "docs"
        shutil.copytree(root / "docs" / "assets", docs / "assets")
        langs = list(i18n.LANGS)
        # MkDocs dates the sitemap by SOURCE_DATE_EPOCH: the build's "as of" date (restored below)
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(views.as_of, dt.time(), dt.timezone.utc).timestamp()))
        for lang in langs:
            _write_config(root, tmp, docs, base, lang)
        with stage("open data"):
            data = None if quick else open_data(views)     # the children's search index reads it too
        ctx = multiprocessing.get_context("fork")
        barrier = ctx.Barrier(len(langs), timeout=3600)
        children = {}
        for lang in langs:
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_language, args=(root, tmp, docs, lang, render, data, barrier, send, quick),
                               name=f"build-{lang}")
            proc.start()
            send.close()
            children[lang] = (proc, recv)
        with stage("write open data"):
            if quick:       # the last build's, as they were (hard links: a release is never written over)
                shutil.copytree(root / "site" / "data", tmp / "data", copy_function=os.link)
            else:
                _write_data(tmp / "data", views, data, str(base.get("site_url") or ""))
        with stage("source files"):
            # The source files, published as they are ("Tệp nguồn" on plan pages; "Sửa văn bản này"
            # on every page leads here when the repository's editor URL is not configured).
            for rel, lines in corpus.files.items():
                if rel.startswith("source_texts/") and rel.count("/") in (1, 2) and rel.rsplit("/", 1)[-1] != "ocr-header.txt":
                    f = tmp / "published" / rel
                    f.parent.mkdir(parents=True, exist_ok=True)
                    f.write_text("\n".join(lines), encoding="utf-8")
        results = {}
        with stage("languages (wait)"):
            for lang, (proc, recv) in children.items():
                try:
                    results[lang] = recv.recv()
                except EOFError:
                    results[lang] = {"ok": False, "output": f"the build of the {lang} pages stopped without a word "
                                                           f"(exit code {proc.join() or proc.exitcode})\n", "times": {}}
                proc.join()
        for lang, r in results.items():
            for name, secs in r.get("times", {}).items():
                TIMES[f"{name} ({lang})"] = TIMES.get(f"{name} ({lang})", 0.0) + secs
        failed = [lang for lang, r in results.items() if not r["ok"]]
        if failed:
            if any(r.get("mkdocs_failed") for r in results.values()):
                print("mkdocs build --strict failed; site/ left as it was:", file=out)
            for lang in failed:
                print(results[lang]["output"], file=out, end="")
            return False
        if gate is not None:
            with stage("checks (wait)"):
                if not gate():
                    return False
        with stage("merge"):
            site = _merge(tmp, langs, tmp / "data")
        with stage("replace site"):
            _replace(site, root / "site", tmp_parent)
            for lang in langs:
                _replace(docs / lang, root / "docs" / lang, tmp_parent)
        for lang in langs:
            if quick:       # a part of the pages was built: the cache keeps what the others use
                continue
            Store(root / CACHE_DIR / f"pages-{lang}").prune(results[lang]["keys"])
            CACHE[f"pages-{lang}"] = results[lang]["cache"]
            Store(root / CACHE_DIR / f"render-{lang}").prune(results[lang]["render_keys"])
            CACHE[f"render-{lang}"] = results[lang]["render_cache"]
        return True
    finally:
        if "epoch" in locals():
            if epoch is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = epoch
        _discard(tmp, tmp_parent)


def _write_config(root: Path, tmp: Path, docs: Path, base: dict, lang: str) -> Path:
    """The MkDocs configuration of one language's build: mkdocs.yml, with absolute paths
    (MkDocs resolves them relative to the config file, which lives in the temporary folder)
    and the navigation."""
    cfg = {"INHERIT": str(root / "mkdocs.yml"), "docs_dir": str(docs), "site_dir": str(tmp / f"site-{lang}"),
           "nav": nav()}
    custom_dir = (base.get("theme") or {}).get("custom_dir")
    if custom_dir:
        cfg["theme"] = {"custom_dir": str(root / custom_dir)}
    path = tmp / f"mkdocs-{lang}.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return path


def _language(root: Path, tmp: Path, docs: Path, lang: str, render, data: dict | None, barrier, send,
              quick: bool = False) -> None:
    """The build of one language, in a forked process (see the module's docstring); sends
    ``{ok, output, times, keys}`` to the parent."""
    from .mkdocs_build import build_language, fingerprint
    from ..search import build_search_index

    TIMES.clear()
    out = io.StringIO()
    result = {"ok": False, "output": "", "times": TIMES, "keys": set()}
    try:
        try:
            with stage("render and write docs"):
                # each page written as soon as it is rendered, never all of them in memory
                rstore = Store(root / CACHE_DIR / f"render-{lang}")
                if quick:   # the last build's Markdown, the changed pages written over it
                    shutil.copytree(root / "docs" / lang, docs / lang)
                paths = write_pages(docs, {lang: render(lang, rstore)})
                if quick:
                    paths = [f"{lang}/{f.relative_to(docs / lang).as_posix()}" for f in (docs / lang).rglob("*.md")]
        except BaseException:
            barrier.abort()
            raise
        try:
            barrier.wait()          # the other languages' Markdown is there
        except threading.BrokenBarrierError:
            return                  # the other language failed and says why
        with stage("mkdocs"):
            config = tmp / f"mkdocs-{lang}.yml"
            store = Store(root / CACHE_DIR / f"pages-{lang}")
            fp = fingerprint(root, (root / "mkdocs.yml").read_text(encoding="utf-8") + repr(nav()), lang, paths)
            keep = frozenset(f"{lang}/{path}" for _, path in NAV)
            ok, figures = build_language(str(config), lang, store, fp, tmp / f"stash-{lang}", keep, out)
        if not ok:
            result.update(ok=False, mkdocs_failed=True)
            return
        not_found_pages(tmp / f"site-{lang}", [lang])
        with stage("search index"):
            if quick:       # the last build's (hard links), until the full build that follows
                shutil.copytree(root / "site" / "search-index" / lang, tmp / f"site-{lang}" / "search-index" / lang,
                                copy_function=os.link)
            else:
                build_search_index(tmp / f"site-{lang}", [lang], cache_dir=root / CACHE_DIR / "search", data=data)
        result.update(ok=True, keys=store.used, render_keys=rstore.used, figures=figures,
                      cache={"hits": store.hits, "misses": store.misses}, render_cache={"hits": rstore.hits, "misses": rstore.misses})
    except Exception as e:   # noqa: BLE001 - reported to the parent, which says it is a bug
        if os.environ.get("BUILD_DEBUG"):
            traceback.print_exc(file=out)
        print(f"error: internal error in build_scripts while building the {lang} pages "
              f"({type(e).__name__}: {e}); site/ was left as it was. This is a bug in the build scripts, "
              "not in your edit: run again with BUILD_DEBUG=1 and report it.", file=out)
        result["ok"] = False
    finally:
        result["output"] = out.getvalue()
        try:
            send.send(result)
        finally:
            send.close()
            os._exit(0)


def _merge(tmp: Path, langs: list[str], data: Path) -> Path:
    """One site from the languages' folders: the default language at the root, the others
    under their prefix, with their inline scripts, search index and sitemap entries; the
    open data and the source files."""
    default = langs[0]
    site = tmp / f"site-{default}"
    for lang in langs[1:]:
        other = tmp / f"site-{lang}"
        (other / lang).rename(site / lang)
        inline = other / "assets" / "javascripts" / "inline"
        if inline.is_dir():
            (site / "assets" / "javascripts" / "inline").mkdir(parents=True, exist_ok=True)
            for f in inline.iterdir():
                target = site / "assets" / "javascripts" / "inline" / f.name
                if not target.exists():
                    f.rename(target)
        index = other / "search-index" / lang
        if index.is_dir():
            (site / "search-index").mkdir(exist_ok=True)
            index.rename(site / "search-index" / lang)
        _merge_sitemap(site / "sitemap.xml", other / "sitemap.xml")
    data.rename(site / "data")
    published = tmp / "published" / "source_texts"
    if published.is_dir():
        published.rename(site / "source_texts")
    return site


def _write_data(data: Path, views, objects: dict, site_url: str) -> None:
    """The open data and the calendars (pages/export.py), published at /data/."""
    data.mkdir(parents=True, exist_ok=True)
    for name, content in serialize(objects).items():
        (data / name).write_text(content, encoding="utf-8")
    for name, content in {**export_calendars(views, site_url), **export_explorer(views)}.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes(content)


def _merge_sitemap(into: Path, other: Path) -> None:
    """Append the ``<url>`` entries of another language's sitemap (one build per language;
    the i18n plugin's single build listed the default language's pages, then the others')."""
    import re

    xml = into.read_text(encoding="utf-8")
    more = re.findall(r"\n    <url>.*?</url>", other.read_text(encoding="utf-8"), flags=re.S)
    xml = xml.replace("\n</urlset>", "".join(more) + "\n</urlset>", 1)
    into.write_text(xml, encoding="utf-8")
    (into.parent / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))


def _replace(new: Path, old: Path, tmp_parent: Path) -> None:
    """Swap ``new`` into the place of ``old`` with renames: ``old`` goes to the trash first
    (deleted in the background, :func:`_discard`), so readers of ``old`` never meet a
    half-written folder and no copy or recursive delete holds the build up."""
    if old.exists():
        trash = Path(tempfile.mkdtemp(prefix="trash-", dir=tmp_parent))
        old.rename(trash / old.name)
    new.rename(old)


def _discard(path: Path, tmp_parent: Path) -> None:
    """Delete ``path`` in the background: renamed into the trash, then ``rm -rf`` by a
    process of its own; the next build empties what is left (:func:`_empty_trash`)."""
    if not path.exists():
        return
    trash = Path(tempfile.mkdtemp(prefix="trash-", dir=tmp_parent))
    path.rename(trash / path.name)
    _empty_trash(tmp_parent)


_DELETING: list = []     # the rm processes started, reaped once done (a preview runs for hours)


def _empty_trash(tmp_parent: Path) -> None:
    _DELETING[:] = [p for p in _DELETING if p.poll() is None]
    for t in tmp_parent.glob("trash-*"):
        try:
            _DELETING.append(subprocess.Popen(["rm", "-rf", str(t)], stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL, start_new_session=True))
        except OSError:
            shutil.rmtree(t, ignore_errors=True)
