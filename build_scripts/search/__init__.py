"""Search index: built HTML -> records -> folded terms -> small JSON shards.

Runs after ``mkdocs build`` on the finished ``site/`` (see :mod:`build_scripts.pages.writer`),
so it indexes exactly what readers see, in every language, whatever theme produced the HTML.
The site's own open data (``site/data/*.json``) says what the HTML does not: which block is a
task, its status and deadline, an agency's other names, the glossary's abbreviations.

Stages, one module each:

    records   site/**/index.html -> Records (anchored blocks; text by field)
    terms     text -> tokens -> folded terms (English plurals stemmed), deadline terms
    index     Records -> postings (field, positions) -> site/search-index/<lang>/

Queries are answered in the browser by ``docs/assets/javascripts/search.js`` (the only
implementation of matching and ranking; ``docs-dev/SEARCH.md`` describes both sides).
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import multiprocessing
import os
import pickle
import re
import shutil
from pathlib import Path

from .index import FORMAT, IndexBuilder, record_entry
from .records import INDEX_DIR, MONTH_URL, NAME, HEADING, BREAK, Record, page_files, split_records
from .terms import MONTH_PAGE, date_terms, fold_term, tokenize

DATA = Path("data")


def _load(site_dir: Path, name: str, key: str) -> list:
    try:
        data = json.loads((site_dir / DATA / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    rows = data.get(key) if isinstance(data, dict) else None
    return rows if isinstance(rows, list) else []


def agency_names(agencies: list, lang: str) -> dict[str, list[str]]:
    """``{page url: [other names]}``: abbreviations, other spellings, the name in the other
    language. ``{"url": {"en": "/en/agencies/bo-cong-an/"}, "aliases": ["BCA"], "name":
    {"vi": "Bộ Công an", "en": "Ministry of Public Security"}}`` gives, for ``"en"``,
    ``{"en/agencies/bo-cong-an/": ["Bộ Công an", "BCA"]}``: the name first (a query that begins
    an earlier name ranks first)."""
    out: dict[str, list[str]] = {}
    for a in agencies:
        url = ((a.get("url") or {}).get(lang) or "").lstrip("/")
        other = [n for lg, n in sorted((a.get("name") or {}).items()) if lg != lang]
        names = [n for n in other + list(a.get("aliases") or []) if isinstance(n, str)]
        if url and names:
            out[url] = names
    return out


def task_index(tasks: list, lang: str) -> dict[str, dict]:
    """``{record url: task}`` for the tasks of the export, in one language."""
    return {(t.get("url") or {}).get(lang, "").lstrip("/"): t for t in tasks if (t.get("url") or {}).get(lang)}


def deadline_values(task: dict) -> list:
    vals = [(task.get("effective_deadline") or {}).get("value"), (task.get("deadline") or {}).get("value")]
    vals += [d.get("value") for d in task.get("deadlines") or [] if isinstance(d, dict)]
    return vals


# Abbreviations of one or two letters are too often other words ("KH": kế hoạch or khoa học);
# they expand only when the English uses them too ("AI", "QR").
MIN_ABBR = 3


def synonyms(terms: list, lang: str) -> list[list[list[str]]]:
    """Groups of forms that mean the same, each form as folded words:
    ``[[["co", "so", "du", "lieu"], ["csdl"], ["database"]], ...]``, from the glossary's
    abbreviations (``abbr``, ``abbr_en``). A query that contains one form also finds the others."""
    out = []
    for t in terms:
        abbrs = [a for a in list(t.get("abbr") or []) + list(t.get("abbr_en") or [])
                 if isinstance(a, str) and (len(a) >= MIN_ABBR or a in (t.get("abbr_en") or []))]
        if not abbrs:
            continue
        forms, seen = [], set()
        for text in [t.get("vi", ""), t.get("en", "")] + abbrs:
            words = [fold_term(w, lang) for w in tokenize(text or "")]
            key = " ".join(words)
            if words and key not in seen:
                seen.add(key)
                forms.append(words)
        if len(forms) > 1:
            out.append(forms)
    return sorted(out)


def agency_synonyms(agencies: list, lang: str) -> list[list[list[str]]]:
    """An agency's names and abbreviations as one group (``BCA`` = *Bộ Công an* = *Ministry
    of Public Security*), so an abbreviation finds the tasks that spell the name out."""
    out = []
    for a in agencies:
        names = [n for _, n in sorted((a.get("name") or {}).items()) if isinstance(n, str)]
        aliases = [x for x in a.get("aliases") or [] if isinstance(x, str)]
        forms, seen = [], set()
        for text in names + aliases:
            words = [fold_term(w, lang) for w in tokenize(text)]
            key = " ".join(words)
            if not words or key in seen or (len(words) == 1 and len(words[0]) < MIN_ABBR):
                continue
            seen.add(key)
            forms.append(words)
        if len(forms) > 1 and any(len(f) == 1 for f in forms):     # only agencies with an abbreviation
            out.append(forms)
    return sorted(out)


PLAN_PAGE = re.compile(r"^(?:[a-z]{2}/)?plans/([^/#]+)/$")
DATA_FILES = {"plans": ("plans.json", "plans"), "tasks": ("tasks.json", "tasks"),
              "agencies": ("agencies.json", "agencies"), "glossary": ("glossary.json", "terms")}


class SiteData:
    """The site's open data as the index reads it, and what each page's records need of it.

    ``data``: already loaded ``site/data/*.json`` as ``{"plans": {...}, "tasks": {...},
    "agencies": {...}, "glossary": {...}}`` (the dicts of plans.json, tasks.json,
    agencies.json, glossary.json); what it lacks is read from ``site_dir``."""

    def __init__(self, site_dir: Path, data: dict | None = None):
        self.rows = {}
        for key, (name, field) in DATA_FILES.items():
            loaded = (data or {}).get(key)
            if loaded is None:
                self.rows[key] = _load(site_dir, name, field)
            else:
                rows = loaded.get(field) if isinstance(loaded, dict) else None
                self.rows[key] = rows if isinstance(rows, list) else []
        # of a task, the index reads its address, status and deadlines' values (records.py,
        # deadline_values): the rest (texts, agencies) is left, a tenth of the memory at scale
        self.rows["tasks"] = [_slim_task(t) for t in self.rows["tasks"] if isinstance(t, dict)]
        self.numbers = {p["id"]: p["number"] for p in self.rows["plans"]
                        if isinstance(p, dict) and isinstance(p.get("number"), str) and "id" in p}
        self._lang: dict[str, tuple] = {}

    def for_lang(self, lang: str) -> tuple[dict, dict, dict]:
        """``(tasks by record url, tasks by page url, other names by page url)``."""
        if lang not in self._lang:
            tasks = task_index(self.rows["tasks"], lang)
            by_page: dict[str, dict] = {}
            for url, t in tasks.items():
                by_page.setdefault(url.split("#", 1)[0], {})[url] = t
            self._lang[lang] = (tasks, by_page, agency_names(self.rows["agencies"], lang))
        return self._lang[lang]

    def page_data(self, lang: str, url: str) -> dict:
        """All the open data that page ``url``'s records depend on (the cache key hashes it)."""
        _, by_page, also = self.for_lang(lang)
        doc = PAGE_DOC.match(url)
        return {"tasks": by_page.get(url, {}), "also": also.get(url),
                "number": self.numbers.get(doc.group(1)) if doc else None}


def search_data(objects: dict) -> dict:
    """Of the open data as objects (pages/export.open_data), what SiteData keeps: the same
    as ``SiteData(site_dir, objects)`` reads, small enough to hand to another process."""
    out = dict(objects)
    tasks = objects.get("tasks") or {}
    out["tasks"] = {**tasks, "tasks": [_slim_task(t) for t in tasks.get("tasks") or [] if isinstance(t, dict)]}
    return out


def _slim_task(t: dict) -> dict:
    """What the index reads of a task of tasks.json (see SiteData)."""
    out = {k: t[k] for k in ("url", "status") if k in t}
    for k in ("effective_deadline", "deadline"):
        if isinstance(t.get(k), dict):
            out[k] = {"value": t[k].get("value")}
    if isinstance(t.get("deadlines"), list):
        out["deadlines"] = [{"value": d.get("value")} if isinstance(d, dict) else d for d in t["deadlines"]]
    return out


PAGE_DOC = re.compile(r"^(?:[a-z]{2}/)?plans/([^/#]+)/")


def page_records(url: str, html: str, lang: str, site: SiteData) -> list[Record]:
    """The records of one page, with what the open data adds: an agency's other names, a
    document's number, a month page's term, a task's deadline terms."""
    tasks, _, also = site.for_lang(lang)
    numbers = site.numbers
    _, recs = split_records(html, url, tasks)
    if recs and recs[0].kind == "agency":
        # an agency page is found by its names; its sections are generated lists of
        # tasks (found on their documents' pages) and of groups
        recs = recs[:1]
    if recs and url in also:
        for name in also[url]:
            recs[0].add(BREAK + name + BREAK, NAME, False)
    doc = PLAN_PAGE.match(url)
    if recs and doc and doc.group(1) in numbers:
        recs[0].add(numbers[doc.group(1)], NAME, False)      # "02-KH/BCĐTW" begins a name
    m = MONTH_URL.match(url)
    if recs and m:
        recs[0].terms.append((f"{MONTH_PAGE}{m.group(1)}-{m.group(2)}", NAME))
    for r in recs:
        if r.doc and r.doc not in numbers:       # plans/without-lead/ and the like: not a document
            r.doc = ""
            r.kind = "page" if r.kind == "document" else r.kind
        task = tasks.get(r.url)
        if task is not None and not r.terms:
            r.terms += [(t, NAME if rank == 2 else HEADING) for t, rank in date_terms(deadline_values(task))]
    return recs


def collect_records(site_dir: Path, lang: str, pages: list[tuple[str, str]], data: dict | None = None) -> list[Record]:
    site = SiteData(Path(site_dir), data)
    return [r for url, html in pages for r in page_records(url, html, lang, site)]


def code_version() -> str:
    """A hash of the code that turns a page into index entries: a cached page made by other
    code is not used."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for f in sorted(here.glob("*.py")) + [here.parent / "text.py"]:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


class PageCache:
    """Index entries of each page, in ``cache_dir/<lang>/<hash>.pickle``, the hash over the
    page's HTML, the open data its records depend on and the code's version. Entries not
    used by a build of that language are removed after it."""

    def __init__(self, cache_dir: Path | None, lang: str):
        self.dir = Path(cache_dir) / lang if cache_dir else None
        self.version = code_version() if cache_dir else ""
        self.used: set[str] = set()
        self.hits = self.misses = 0
        if self.dir:
            self.dir.mkdir(parents=True, exist_ok=True)

    def key(self, url: str, html: str, page_data: dict) -> str:
        h = hashlib.sha256()
        for part in (self.version, url, json.dumps(page_data, ensure_ascii=False, sort_keys=True), html):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def get(self, key: str):
        if not self.dir:
            return None
        self.used.add(key)
        try:
            with open(self.dir / f"{key}.pickle", "rb") as f:
                entries = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return entries

    def put(self, key: str, entries: list) -> None:
        if not self.dir:
            return
        tmp = self.dir / f"{key}.{os.getpid()}.tmp"
        tmp.write_bytes(pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, self.dir / f"{key}.pickle")

    def prune(self) -> None:
        if not self.dir:
            return
        for f in self.dir.iterdir():
            if f.suffix == ".pickle" and f.stem not in self.used or f.suffix == ".tmp":
                f.unlink(missing_ok=True)


def build_search_index(site_dir: Path, langs=None, cache_dir: Path | None = None, data: dict | None = None) -> dict:
    """Index every page of the built ``site_dir`` into ``site_dir/search-index/<lang>/``.

    ``langs``: only these languages (the others' indexes are left as they are); the build
    runs one process per language (``build_search_indexes``). ``cache_dir``: a
    folder where each page's index entries are kept, so a rebuild reads again only the pages
    whose HTML (or open data, or the search code) changed; the index is the same byte for byte
    with or without it. ``data``: the open data already loaded (``load_data``; ``SiteData``
    says which), so it is not read again from ``site_dir/data``.

    Returns figures per language, e.g. ``{"vi": {"pages": 97, "records": 2400, ...}}``.
    """
    site_dir = Path(site_dir)
    root = site_dir / INDEX_DIR
    if langs is None and root.exists():
        shutil.rmtree(root)
    with _no_cycle_collection():
        return _build(site_dir, root, langs, cache_dir, SiteData(site_dir, data))


@contextlib.contextmanager
def _no_cycle_collection():
    """The index makes millions of small lists and tuples and no reference cycles: Python's
    cycle collector, which walks every live object again and again as they grow, took half the
    time of turning records into postings at 100 documents, and more at 1,000. Reference
    counting frees them as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(site_dir: Path, root: Path, langs, cache_dir: Path | None, site: SiteData) -> dict:
    glossary, agencies, plans = site.rows["glossary"], site.rows["agencies"], site.rows["plans"]
    figures = {}
    for lang, pages in sorted(page_files(site_dir, langs=langs).items()):
        if (root / lang).exists():
            shutil.rmtree(root / lang)
        cache = PageCache(cache_dir, lang)
        builder = IndexBuilder(lang)
        for url, path in pages:
            html = path.read_text(encoding="utf-8")
            key = cache.key(url, html, site.page_data(lang, url)) if cache.dir else ""
            entries = cache.get(key) if key else None
            if entries is None:
                entries = [record_entry(r, lang) for r in page_records(url, html, lang, site)]
                if key:
                    cache.put(key, entries)
            builder.add(entries)
        cache.prune()
        extra = {"syn": synonyms(glossary, lang) + agency_synonyms(agencies, lang),
                 "docs": {p["id"]: p.get("number", p["id"]) for p in plans if isinstance(p, dict) and "id" in p}}
        fig = builder.write(root / lang, extra)
        fig["pages"] = len(pages)
        if cache.dir:
            fig["cached_pages"] = cache.hits
        figures[lang] = fig
    return figures


def load_data(site_dir: Path) -> dict:
    """``site_dir/data/*.json`` as ``build_search_index(data=...)`` takes them."""
    out = {}
    for key, (name, _) in DATA_FILES.items():
        try:
            out[key] = json.loads((Path(site_dir) / DATA / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            out[key] = {}
    return out


_SHARED: dict = {}


def _child(conn, site_dir: Path, lang: str, cache_dir: Path | None) -> None:
    try:
        conn.send(("ok", build_search_index(site_dir, [lang], cache_dir, _SHARED.get("data"))))
    except BaseException as e:                     # report, then exit: the parent raises
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def build_search_indexes(site_dir: Path, cache_dir: Path | None = None) -> dict:
    """``build_search_index`` for every language, each in its own process, side by side. The
    open data is read once, here, and shared with the processes (forked); where processes
    cannot be forked, the languages are indexed one after the other."""
    site_dir = Path(site_dir)
    if (site_dir / INDEX_DIR).exists():
        shutil.rmtree(site_dir / INDEX_DIR)
    data = load_data(site_dir)
    langs = sorted(page_files(site_dir))
    if len(langs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return build_search_index(site_dir, langs, cache_dir, data)
    ctx = multiprocessing.get_context("fork")
    _SHARED["data"] = data
    try:
        procs = []
        for lang in langs:
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(send, site_dir, lang, cache_dir))
            proc.start()
            send.close()
            procs.append((lang, proc, recv))
        figures, errors = {}, []
        for lang, proc, recv in procs:
            try:
                status, value = recv.recv()
            except EOFError:
                status, value = "error", "the process ended without a word"
            proc.join()
            if status == "ok":
                figures.update(value)
            else:
                errors.append(f"{lang}: {value}")
        if errors:
            raise RuntimeError("search index failed: " + "; ".join(errors))
        return figures
    finally:
        _SHARED.clear()


__all__ = ["build_search_index", "build_search_indexes", "split_records", "tokenize", "fold_term", "synonyms",
           "FORMAT", "INDEX_DIR"]
