"""Writer: the only stage that touches disk.

A :class:`SiteBuild` works in a fresh temporary folder and replaces ``site/`` (and the
generated ``docs/vi``, ``docs/en``) only when all of it succeeded, so a bad edit never leaves
a half-built site. It goes in two steps, and uses both cores of the build machine in each:

    prepare (the model's process)           finish (a process without the model, build.py)
    -----------------------------           ------------------------------------------------
    jobs, each a forked process that        a process per language, side by side:
    ends with its job, at most one per        mkdocs build --strict (pages/mkdocs_build.py:
    core (_render_markdown):                  pages stored and reused by content, memory
      the lists of one language               flat); its 404
      the own pages of 20 documents,          the search index of its pages (search/, what
      both languages                          it needs of the open data from a file)
    meanwhile, here: the open data,         merge: site-vi + site-en/en + data; sitemap of
      calendars, explorer (pages/export.py),  both languages
      each file written as it is made       switch: site/ and docs/<lang> replaced by renames;
    the source files                          the old ones deleted in the background

Memory: a forked process shares the model with its parent, but Python's reference counts
copy each page of memory it reads. A job that ends gives its copies back; the jobs that read
the whole model (a language's lists) run one at a time, and the open data is written by the
model's process itself. A full build's two steps run in two processes (build.py): the
model's process ends before the languages' processes start, so they do not inherit it. The
build's memory does not grow with the archive times the number of processes (README, "At
scale").

Results that a build can reuse are kept in ``.build-cache/`` (build_scripts/cache.py).

A *quick* build (``quick``: document ids; the preview's first answer to an edit of a
document's texts, publish/serve.py) renders only those documents' own pages over the
Markdown of the last build (``docs/<lang>``), and keeps the last build's open data and search
index: the edited page is served within seconds, the lists that show the document and the
search catch up with the full build that follows it.
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import itertools
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import yaml

from .. import i18n
from ..cache import CACHE_DIR, Store
from .export import calendar_files, explorer_files, open_data, write_open_data
from .postbuild import not_found_pages
from .render import Renderer
from ..search import search_data
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


def _epoch_of(as_of: dt.date) -> str:
    return str(int(dt.datetime.combine(as_of, dt.time(), dt.timezone.utc).timestamp()))


class SiteBuild:
    """One build of ``root/site``, in two steps, so that the model's memory can be given back
    between them (build.py):

    - :meth:`prepare` (needs the model): the Markdown of both languages, the open data and the
      source files, in a fresh temporary folder; with ``quick`` (document ids), only those
      documents' own pages, over the last build (see the module's docstring);
    - :meth:`finish` (needs no model): the HTML and search index of each language, side by
      side; ``gate()``, when given, is asked before site/ is replaced (the checks, run beside
      the build); then site/ and docs/<lang> are replaced.

    Each prints why and returns False when anything fails (site/ is then as it was);
    :meth:`close` removes the temporary folder. Use as a context manager."""

    def __init__(self, root: Path, quick: frozenset[str] = frozenset(), out=None, tmp: Path | None = None):
        self.root, self.out = root, out if out is not None else sys.stderr
        self.quick = frozenset(quick) if quick and can_build_quickly(root) else frozenset()
        self.langs = list(i18n.LANGS)
        self.tmp_parent = root / ".build-tmp"
        if tmp is None:
            self.tmp_parent.mkdir(exist_ok=True)
            _empty_trash(self.tmp_parent)
            tmp = Path(tempfile.mkdtemp(prefix="build-", dir=self.tmp_parent))
        self.tmp = tmp
        self.docs = self.tmp / "docs"
        self.rendered: dict = {}
        self._kept = False
        self._epoch = os.environ.get("SOURCE_DATE_EPOCH")

    @classmethod
    def resume(cls, root: Path, tmp: str, as_of: dt.date, rendered: dict, out=None) -> "SiteBuild":
        """The build that another process prepared in ``tmp`` (build.py: the model's process),
        to finish here."""
        self = cls(root, out=out, tmp=Path(tmp))
        self.rendered = rendered
        os.environ["SOURCE_DATE_EPOCH"] = _epoch_of(as_of)
        return self

    def keep(self) -> None:
        """Leave the temporary folder for the process that finishes the build (:meth:`resume`)."""
        self._kept = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self._epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self._epoch
        if not self._kept:
            _discard(self.tmp, self.tmp_parent)

    def prepare(self, corpus, views, site_cfg: dict) -> bool:
        root, tmp, docs, out, quick = self.root, self.tmp, self.docs, self.out, self.quick
        base = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
        shutil.copytree(root / "docs" / "assets", docs / "assets")
        # MkDocs dates the sitemap by SOURCE_DATE_EPOCH: the build's "as of" date (restored by close)
        os.environ["SOURCE_DATE_EPOCH"] = _epoch_of(views.as_of)
        for lang in self.langs:
            _write_config(root, tmp, docs, base, lang)
        with stage("render and write docs"):
            # the Markdown of both languages, and the open data (pages/export.py) at /data/
            try:
                self.rendered = _render_markdown(root, views, site_cfg, docs, quick, str(base.get("site_url") or ""),
                                                 tmp / "data")
            except RuntimeError as e:
                print(f"error: internal error in build_scripts while rendering the pages ({e}); site/ was left as "
                      "it was. This is a bug in the build scripts, not in your edit: run again with BUILD_DEBUG=1 "
                      "and report it.", file=out)
                return False
        with stage("source files"):
            # The source files, published as they are ("Tệp nguồn" on plan pages; "Sửa văn bản này"
            # on every page leads here when the repository's editor URL is not configured).
            for rel in corpus.files:
                if rel.startswith("source_texts/") and rel.count("/") in (1, 2) and rel.rsplit("/", 1)[-1] != "ocr-header.txt":
                    f = tmp / "published" / rel
                    f.parent.mkdir(parents=True, exist_ok=True)
                    f.write_text(corpus.files.text(rel), encoding="utf-8")
        return True

    def finish(self, gate=None) -> bool:
        root, tmp, docs, out, quick, langs = self.root, self.tmp, self.docs, self.out, self.quick, self.langs
        ctx = multiprocessing.get_context("fork")
        children = {}
        for lang in langs:
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_language, args=(root, tmp, docs, lang, self.rendered[lang]["paths"], send, bool(quick)),
                               name=f"build-{lang}")
            proc.start()
            send.close()
            children[lang] = (proc, recv)
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
            _replace(site, root / "site", self.tmp_parent)
            for lang in langs:
                _replace(docs / lang, root / "docs" / lang, self.tmp_parent)
        for lang in langs:
            CACHE[f"pages-{lang}"] = results[lang]["cache"]
            CACHE[f"render-{lang}"] = {"hits": self.rendered[lang]["hits"], "misses": self.rendered[lang]["misses"]}
            if quick:       # a part of the pages was built: the cache keeps what the others use
                continue
            Store(root / CACHE_DIR / f"pages-{lang}").prune(results[lang]["keys"])
            Store(root / CACHE_DIR / f"render-{lang}").prune(self.rendered[lang]["keys"])
        return True


# -- the Markdown of both languages ---------------------------------------------------------

SEARCH_DATA = "search-data.json"    # in the build's temporary folder, not published
HEAVY_ALONE_MB = 400    # the model's process's size past which heavy jobs run one at a time
DOCS_PER_JOB = 20       # a job renders this many documents' own pages, in both languages


def _render_markdown(root: Path, views, site_cfg: dict, docs: Path, quick: frozenset[str], site_url: str,
                     data_dir: Path) -> dict:
    """Render and write the Markdown of every language under ``docs``, and the open data
    under ``data_dir``; returns ``{lang: {paths, keys, hits, misses}}``. Raises RuntimeError
    (a bug) when a job fails.

    A full build shares the work out among forked processes, at most one per core, each job
    in a process of its own that ends with it: the lists of each language (agencies, months,
    kinds...), one at a time, and the own pages of DOCS_PER_JOB documents at a time; the open
    data is written here meanwhile. A job reads the model it inherited, and Python's reference
    counts copy each page of memory it reads: a job that ends gives its copies back, so the
    build's memory does not grow with the archive times the number of processes. A quick
    build renders its few pages here, over the last build's Markdown, and keeps the last
    build's open data."""
    langs = list(i18n.LANGS)
    state = (views, site_cfg, root, docs)
    if quick:
        for lang in langs:
            shutil.copytree(root / "docs" / lang, docs / lang)
        result = _render_job(("documents", sorted(quick)), state)
        shutil.copytree(root / "site" / "data", data_dir, copy_function=os.link)   # hard links: never written over
        for lang in langs:      # the paths: every file of the last build (pages, maps of anchors), with the new ones
            result[lang]["paths"] = [f"{lang}/{f.relative_to(docs / lang).as_posix()}"
                                     for f in (docs / lang).rglob("*") if f.is_file()]
        return result
    ids = [d.id for d in views.corpus.documents]
    jobs = [("lists", lang) for lang in langs] + [("documents", ids[i:i + DOCS_PER_JOB])
                                                  for i in range(0, len(ids), DOCS_PER_JOB)]
    merged = {lang: {"paths": [], "keys": set(), "hits": 0, "misses": 0} for lang in langs}
    # The open data is written here, between the jobs, not in a job: a process of its own
    # would copy the whole model by reading it. No heavy job runs beside it.
    # A small model (under HEAVY_ALONE_MB) is copied cheaply: its heavy jobs may run side by side.
    alone = _resident_mb() > HEAVY_ALONE_MB
    for part in _run_jobs(jobs, lambda job: _render_job(job, state), os.cpu_count() or 1,
                          heavy=lambda job: alone and job[0] != "documents",
                          inline=_write_data(data_dir, views, site_url)):
        for lang, r in part.items():
            m = merged[lang]
            m["paths"] += r["paths"]
            m["keys"] |= r["keys"]
            m["hits"] += r["hits"]
            m["misses"] += r["misses"]
    return merged


def _resident_mb() -> float:
    """This process's resident memory, in MB (0 where /proc is not there)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _run_jobs(jobs: list, work, workers: int, heavy=lambda job: False, inline=None) -> list:
    """``[work(job) for job in jobs]``, each in a forked process of its own, at most
    ``workers`` at a time, and at most one job for which ``heavy(job)`` (one that reads the
    whole model, and so copies most of it); their times are added to this process's. A job
    that fails or stops raises RuntimeError (the others are stopped). ``inline``, a
    generator, is run here step by step meanwhile, as a heavy job (stage "write open data")
    and as one of the ``workers``."""
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("fork")
    todo = list(enumerate(jobs))
    running: dict = {}
    results: list = [None] * len(jobs)

    def child(job, send):
        TIMES.clear()
        try:
            send.send(("ok", work(job), dict(TIMES)))
        except BaseException as e:      # noqa: BLE001 - the parent says it is a bug
            if os.environ.get("BUILD_DEBUG"):
                traceback.print_exc()
            send.send(("error", f"{type(e).__name__}: {e}", {}))
        finally:
            send.close()
            os._exit(0)

    try:
        while todo or running or inline is not None:
            # while this process writes the open data it is one of the workers: one job fewer
            # (on 2 cores, one documents job beside it: not a third process, nor its memory)
            while todo and len(running) < max(1, workers - (inline is not None)):
                busy = inline is not None or any(heavy(jobs[k]) for _, k in running.values())
                pick = next((n for n, (_, job) in enumerate(todo) if not (busy and heavy(job))), None)
                if pick is None:
                    break       # only heavy jobs left, and one is running
                i, job = todo.pop(pick)
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=child, args=(job, send), name=f"job-{i}")
                proc.start()
                send.close()
                running[recv] = (proc, i)
            if inline is not None:
                with stage("write open data"):
                    inline = None if next(inline, StopIteration) is StopIteration else inline
            if not running:
                continue        # nothing to wait for (the open data may just have been written)
            for conn in wait(list(running), timeout=0 if inline is not None else None):
                proc, i = running.pop(conn)
                try:
                    kind, value, times = conn.recv()
                except EOFError:
                    kind, value, times = "error", f"job {jobs[i][0]} stopped without a word (exit code {proc.join() or proc.exitcode})", {}
                conn.close()
                proc.join()
                if kind != "ok":
                    raise RuntimeError(value)
                results[i] = value
                for name, secs in times.items():
                    TIMES[f"{name} (jobs)"] = TIMES.get(f"{name} (jobs)", 0.0) + secs
    finally:
        for proc, _ in running.values():
            proc.terminate()
            proc.join()
    return results


def _render_job(job, state) -> dict:
    """One job of :func:`_render_markdown`: ``("lists", lang)`` or ``("documents", ids)``;
    returns ``{lang: {paths, keys, hits, misses}}``."""
    views, site_cfg, root, docs = state
    kind, what = job
    out = {}
    for lang in [what] if kind == "lists" else list(i18n.LANGS):
        store = Store(root / CACHE_DIR / f"render-{lang}")
        r = Renderer(views, lang, site_cfg, store)
        if kind == "lists":
            pages = r.pages(documents=False)
        else:
            wanted = set(what)
            pages = (p for d in views.corpus.documents if d.id in wanted for p in r.document_pages(d))
        with stage(f"render {kind}"):
            paths = write_pages(docs, {lang: pages})     # each page written as soon as it is rendered
        out[lang] = {"paths": paths, "keys": store.used, "hits": store.hits, "misses": store.misses}
    return out


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


def _language(root: Path, tmp: Path, docs: Path, lang: str, paths: list[str], send, quick: bool = False) -> None:
    """The build of one language's HTML from its Markdown, in a forked process (see the
    module's docstring); sends ``{ok, output, times, keys}`` to the parent."""
    from .mkdocs_build import build_language, fingerprint
    from ..search import build_search_index

    TIMES.clear()
    out = io.StringIO()
    result = {"ok": False, "output": "", "times": TIMES, "keys": set()}
    try:
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
                # the open data as written (the model is not in this process)
                data = json.loads((tmp / SEARCH_DATA).read_text(encoding="utf-8"))
                build_search_index(tmp / f"site-{lang}", [lang], cache_dir=root / CACHE_DIR / "search", data=data)
        result.update(ok=True, keys=store.used, figures=figures, cache={"hits": store.hits, "misses": store.misses})
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


def _write_data(data: Path, views, site_url: str):
    """The open data, the calendars and the explorer's files (pages/export.py), published at
    /data/, and what the search index reads of them (SEARCH_DATA, beside ``data``): a
    generator that writes one file per step (_run_jobs runs it between its jobs)."""
    data.mkdir(parents=True, exist_ok=True)
    objects = open_data(views)
    write_open_data(objects, data)
    (data.parent / SEARCH_DATA).write_text(json.dumps(search_data(objects), ensure_ascii=False), encoding="utf-8")
    del objects
    _trim()
    yield
    made: set[Path] = set()
    for name, content in itertools.chain(calendar_files(views, site_url), explorer_files(views)):
        f = data / name
        if f.parent not in made:
            f.parent.mkdir(parents=True, exist_ok=True)
            made.add(f.parent)
        f.write_bytes(content)
        yield
    _trim()


def _trim() -> None:
    """Give the memory the open data used back to the system (glibc keeps freed memory for
    the process otherwise): the render jobs forked after it do not start from a larger model's
    process. Nothing where the C library has no malloc_trim."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


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
