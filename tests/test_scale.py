"""The archive can grow: pages that do not grow with it, and work done once.

- Listings are cut into pages (pages/listing.py): a table of real cases for the cutting and
  the pager's window.
- Between a synthetic archive of 10 documents and one of 40 (bench/corpus.py: the real
  documents renumbered, re-dated, agencies exchanged), the navigation does not change and
  the largest page that lists things does not grow with the archive.
- A build that reuses the results of an earlier one (.build-cache/: checks, pages) gives
  the same bytes as a clean build of the same sources, after an editor's edit of a text,
  of the agency registry and of a deadline.

Timings are not tested here: ``python -m build_scripts bench`` prints them.
"""
from __future__ import annotations

import datetime as dt
import filecmp
import json
import re
import shutil
from pathlib import Path

import pytest

from build_scripts.pages.listing import AGENCY_ROWS, PAGE_ROWS, ListPage, paginate, section_pages, window
from tests.conftest import copy_repo, document_pages, run_build

# -- cutting listings into pages -----------------------------------------------------------

PAGINATE_CASES = [
    # (rows per section, rows per page, expected (path, first, last, [(section, start, n)]) per page, why)
    ([("", 0)], 100, [("m.md", 0, 0, [])], "an empty listing still has its first page"),
    ([("", 100)], 100, [("m.md", 1, 100, [("", 0, 100)])], "exactly one page"),
    ([("", 101)], 100, [("m.md", 1, 100, [("", 0, 100)]), ("m/2.md", 101, 101, [("", 100, 1)])],
     "one row more makes a second page, below the first page's address"),
    ([("lead", 3), ("coordinate", 4)], 5,
     [("m.md", 1, 5, [("lead", 0, 3), ("coordinate", 0, 2)]), ("m/2.md", 6, 7, [("coordinate", 2, 2)])],
     "a section runs over the page break and is continued on the next page"),
    ([("y2025", 2), ("y2026", 2), ("y2027", 2)], 2,
     [("m.md", 1, 2, [("y2025", 0, 2)]), ("m/2.md", 3, 4, [("y2026", 0, 2)]), ("m/3.md", 5, 6, [("y2027", 0, 2)])],
     "sections that fill pages exactly start each on their own page"),
]


@pytest.mark.parametrize("sections,per_page,expected,why", PAGINATE_CASES, ids=[c[-1] for c in PAGINATE_CASES])
def test_paginate(sections, per_page, expected, why):
    rows = [(key, [f"{key}{i}" for i in range(n)]) for key, n in sections]
    pages = paginate("m.md", "m", rows, per_page)
    got = [(p.path, p.first, p.last, [(c.key, c.start, len(c.rows)) for c in p.chunks]) for p in pages]
    assert got == expected, why
    assert [r for p in pages for r in p.rows] == [r for _, rs in rows for r in rs], "every row once, in order"
    assert all(p.count == len(pages) and p.total == sum(n for _, n in sections) for p in pages)


def test_a_section_is_linked_on_the_page_where_it_starts():
    pages = paginate("deadlines/year.md", "deadlines/year", [("y2025", list(range(3))), ("y2026", list(range(3)))], 4)
    assert section_pages(pages) == {"y2025": "deadlines/year.md", "y2026": "deadlines/year.md"}
    pages = paginate("deadlines/year.md", "deadlines/year", [("y2025", list(range(5))), ("y2026", list(range(3)))], 4)
    assert section_pages(pages) == {"y2025": "deadlines/year.md", "y2026": "deadlines/year/2.md"}


WINDOW_CASES = [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (1, 40, [1, 2, 3, None, 40]),
    (7, 40, [1, None, 5, 6, 7, 8, 9, None, 40]),
    (40, 40, [1, None, 38, 39, 40]),
    (4, 7, [1, 2, 3, 4, 5, 6, 7]),
]


@pytest.mark.parametrize("number,count,expected", WINDOW_CASES)
def test_pager_shows_a_bounded_window(number, count, expected):
    assert window(ListPage("", number, count, 0, 0, 0, (), ())) == expected


# -- pages that do not grow with the archive -----------------------------------------------

# a table row linking a task: a Markdown row, or a row of the HTML tables of _macros.md.j2
TASK_ROW = re.compile(r"^\| .*\[[^\]]+\]\([^)]*plans/[^)]*#[^)]+\)"
                      r"|^<tr>\n(?:<td[^\n]*\n)*?<td[^\n]*href=\"[^\"]*plans/[^\"#]*#[^\"]+\"", re.M)


def _listing_pages(n_docs: int, tmp: Path):
    """The Vietnamese pages of a synthetic archive, without the documents' own pages."""
    from build_scripts.bench.corpus import make_corpus
    from build_scripts.pages.render import Renderer
    from build_scripts.pages.views import build_views
    from build_scripts.pipeline import load

    ids = make_corpus(tmp / f"c{n_docs}", n_docs)
    corpus = load(tmp / f"c{n_docs}")
    assert not corpus.problems.errors, [str(p) for p in corpus.problems.errors[:5]]
    views = build_views(corpus, dt.date(2026, 4, 10))
    own = {f"{kind}/{i}.md" for i in ids for kind in ("plans", "parallel")}
    return [p for p in Renderer(views, "vi", {}).pages() if p.path not in own], views


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("archives")
    return {n: _listing_pages(n, tmp) for n in (10, 40)}


def test_navigation_holds_sections_only(archives):
    from build_scripts.pages.writer import NAV, nav

    assert nav() == [{k: v} for d in nav() for k, v in d.items()]
    assert [next(iter(d.values())) for d in nav()] == [path for _, path in NAV], \
        "the navigation is the site's sections, never a link per document"
    for n, (_, views) in archives.items():
        assert nav(views.corpus.documents) == nav()


def test_no_listing_page_has_more_rows_than_a_page_holds(archives):
    for n, (pages, _) in archives.items():
        rows = {p.path: len(TASK_ROW.findall(p.content)) for p in pages}
        worst = max(rows, key=rows.get)
        assert rows[worst] >= PAGE_ROWS // 2, f"{n} documents: the row pattern finds too few rows ({worst})"
        for path, k in rows.items():
            # an agency's page: its own tasks (at most a page) and, while they fit, its groups'
            limit = AGENCY_ROWS if path.startswith("agencies/") and path.count("/") == 1 else PAGE_ROWS
            assert k <= limit, f"{n} documents: {path} lists {k} tasks"


def test_the_largest_listing_page_does_not_grow_with_the_archive(archives):
    size = {n: max((len(p.content.encode()), p.path) for p in pages) for n, (pages, _) in archives.items()}
    # 4 times the documents; a page that listed every task would be about 4 times larger
    assert size[40][0] <= 1.5 * size[10][0], f"{size[10]} at 10 documents, {size[40]} at 40"
    assert size[40][0] <= 150_000, size[40]


def test_big_agencies_and_busy_months_are_split(archives):
    pages, views = archives[40]
    paths = {p.path for p in pages}
    assert views.agency_split("bo-cong-an")
    years = views.agency_years["bo-cong-an"]
    assert all(p.path in paths for ps in years.values() for p in ps)
    counts = views.task_count("bo-cong-an")
    assert sum(p.last - p.first + 1 for ps in years.values() for p in ps if p.total) == counts["lead"] + counts["coordinate"]
    busiest = max(views.by_month, key=lambda k: len(views.by_month[k]))
    assert len(views.by_month[busiest]) > PAGE_ROWS
    assert f"deadlines/{busiest}/2.md" in paths


# -- work done once: a warm build equals a clean one -----------------------------------------

def _edit_texts(root: Path) -> None:
    """An editor's changes to two documents: a tone mark moved, a deadline changed."""
    vi = root / "source_texts" / "17-kh-bcd" / "vi.txt"
    text = vi.read_text(encoding="utf-8")
    assert " hoá " in text
    vi.write_text(text.replace(" hoá ", " hóa ", 1), encoding="utf-8")
    vi = root / "source_texts" / "46-tb-tgv" / "vi.txt"
    text = vi.read_text(encoding="utf-8")
    assert "tháng 12/2025" in text
    vi.write_text(text.replace("tháng 12/2025", "tháng 11/2025", 1), encoding="utf-8")


def _edit_registry(root: Path) -> None:
    """An agency's English name changed: every page that names it changes."""
    reg = root / "source_texts" / "agencies.yml"
    text = reg.read_text(encoding="utf-8")
    assert "Ministry of Home Affairs" in text
    reg.write_text(text.replace("Ministry of Home Affairs", "Ministry of Home Affairs (MOHA)", 1), encoding="utf-8")


def _same_tree(a: Path, b: Path) -> list[str]:
    diff = []

    def walk(c: filecmp.dircmp, rel: str):
        diff.extend(f"{rel}{x}" for x in c.left_only + c.right_only + c.funny_files)
        for f in c.common_files:
            if (Path(c.left) / f).read_bytes() != (Path(c.right) / f).read_bytes():
                diff.append(f"{rel}{f}")
        for name, sub in c.subdirs.items():
            walk(sub, f"{rel}{name}/")
    walk(filecmp.dircmp(a, b), "")
    return diff


def _differs_from_a_clean_build(root: Path, clean: Path) -> list[str]:
    """The files of root/site that a clean build of the same sources (in ``clean``) writes otherwise."""
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns(".build-cache", ".build-tmp", "site"))
    proc = run_build(clean)
    assert proc.returncode == 0, proc.stderr
    return _same_tree(root / "site", clean / "site")


def test_a_build_from_the_cache_equals_a_clean_build(tmp_path):
    warm = copy_repo(tmp_path / "warm")
    proc = run_build(warm)
    assert proc.returncode == 0, proc.stderr
    timings = tmp_path / "timings.json"
    _edit_texts(warm)
    proc = run_build(warm, env={"BUILD_TIMINGS": str(timings)})
    assert proc.returncode == 0, proc.stderr
    cache = json.loads(timings.read_text())["cache"]
    assert (cache["checks"]["hits"], cache["checks"]["misses"]) == (2, 2), "the two edited documents are checked again"
    assert cache["pages-vi"]["hits"] > 0 and cache["pages-vi"]["misses"] > 0, cache
    _edit_registry(warm)
    proc = run_build(warm, env={"BUILD_TIMINGS": str(timings)})
    assert proc.returncode == 0, proc.stderr
    diff = _differs_from_a_clean_build(warm, tmp_path / "clean")
    assert not diff, f"a build from the cache differs from a clean one: {diff[:10]}"
    assert "Ministry of Home Affairs (MOHA)" in (warm / "site" / "en" / "agencies" / "bo-noi-vu" / "index.html").read_text()


# -- blocks converted apart from MkDocs ----------------------------------------------------

def test_fragments_are_converted_with_the_site_s_extensions():
    """render.fragment converts a page's blocks before MkDocs does: with the extensions the
    site's own Markdown has (mkdocs.yml), or a block would come out differently on its own."""
    import yaml

    from build_scripts.pages.render import FRAGMENT_EXTENSIONS, convert_fragments

    config = yaml.safe_load((Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    site = {e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]}
    assert set(FRAGMENT_EXTENSIONS) <= site, set(FRAGMENT_EXTENSIONS) - site
    assert "build_scripts.pages.rawhtml" in site        # the templates' raw HTML passes through
    # a table gets its caption on its own, as in a page (captions.py)
    (html,) = convert_fragments(['<div data-caption="Lịch" markdown>\n\n| Năm | Số |\n|---|---|\n| 2026 | 3 |\n\n</div>'])
    assert "<caption>Lịch</caption>" in html and "<td>2026</td>" in html, html


# -- the preview's quick build ---------------------------------------------------------------

def test_the_preview_shows_an_edit_quickly_and_the_full_build_still_equals_a_clean_one(tmp_path, monkeypatch):
    """After an edit of a document's text, ``make serve`` first builds that document's pages
    over the last build (build.run quick=...), then the full build; a quick build with an
    error in the edit replaces nothing."""
    import io

    from build_scripts.build import run
    from tests.conftest import AS_OF_EPOCH

    monkeypatch.setenv("SOURCE_DATE_EPOCH", AS_OF_EPOCH)
    root = copy_repo(tmp_path / "warm")
    assert run(root, "build", out=io.StringIO()) == 0
    # the page of the plan with III.2.b.1 (a part of it: pages/parts.py), text and bilingual view
    (url,) = [u for u, h in document_pages(root / "site", "17-kh-bcd") if 'id="iii-2-b-1"' in h]
    page = root / "site" / url / "index.html"
    (par,) = [u for u, h in document_pages(root / "site", "17-kh-bcd", "parallel", "en") if 'id="iii-2-b-1"' in h]
    data = (root / "site" / "data" / "tasks.json").read_bytes()
    vi = root / "source_texts" / "17-kh-bcd" / "vi.txt"
    text = vi.read_text(encoding="utf-8")
    assert "Tham mưu kiện toàn thành viên" in text and "(sửa thử)" not in page.read_text(encoding="utf-8")
    vi.write_text(text.replace("Tham mưu kiện toàn thành viên", "Tham mưu kiện toàn (sửa thử) thành viên", 1), encoding="utf-8")
    out = io.StringIO()
    from build_scripts.stages import CACHE
    CACHE.clear()
    assert run(root, "build", out=out, quick=frozenset({"17-kh-bcd"})) == 0, out.getvalue()
    assert "built the pages of 17-kh-bcd" in out.getvalue()
    # MkDocs reused the stored HTML of every page but the edited document's (the list of the
    # build's files is part of the key: a quick build must list them as a full build does)
    assert CACHE["pages-vi"]["hits"] > 100 and CACHE["pages-vi"]["misses"] <= 8, CACHE["pages-vi"]
    assert "(sửa thử)" in page.read_text(encoding="utf-8")
    assert "(sửa thử)" in (root / "site" / par / "index.html").read_text(encoding="utf-8")
    assert (root / "site" / "data" / "tasks.json").read_bytes() == data, "the open data follow with the full build"
    shown = page.read_bytes()

    # an edit the checks refuse (a sentence the scan does not have): nothing is replaced
    edited = vi.read_text(encoding="utf-8")
    vi.write_text(edited.replace("Tham mưu kiện toàn (sửa thử) thành viên",
                                 "Tham mưu kiện toàn (sửa thử) thành viên theo một quy trình hoàn toàn mới do người soạn "
                                 "thảo tự nghĩ ra và không hề có trong bản quét gốc", 1), encoding="utf-8")
    out = io.StringIO()
    assert run(root, "build", out=out, quick=frozenset({"17-kh-bcd"})) == 1
    assert "error[fidelity]" in out.getvalue() and "site/ is as it was" in out.getvalue(), out.getvalue()[-2000:]
    assert page.read_bytes() == shown
    vi.write_text(edited, encoding="utf-8")

    out = io.StringIO()
    assert run(root, "build", out=out) == 0, out.getvalue()
    diff = _differs_from_a_clean_build(root, tmp_path / "clean")
    assert not diff, f"the full build after a quick one differs from a clean build: {diff[:10]}"


def test_a_document_cited_only_by_its_number_is_listed(tmp_path):
    """"số 57-NQ/TW" with no kind before it, everywhere it is cited: the citations pages name
    it by its number alone (at 1,000 synthetic documents this stopped the build)."""
    import dataclasses

    from build_scripts.pages.render import Renderer
    from build_scripts.pages.views import build_views
    from build_scripts.pipeline import load

    corpus = load(Path(__file__).parent.parent)
    views = build_views(corpus, dt.date(2026, 4, 10), page_rows=5)
    number, cs = max(views.cited_documents(), key=lambda kv: len(kv[1]))
    assert len(cs) > 10 and any(c.kind for c in cs)       # it gets a page of its own too (cited.md.j2)
    views.citations = [dataclasses.replace(c, kind="") if c.number == number else c for c in views.citations]
    pages = {p.path: p.content for p in Renderer(views, "vi", {}).pages() if p.path.startswith("citations/")}
    own = pages[f"citations/{number.split('/')[0].lower()}-{number.split('/')[1].lower()}.md"]
    assert re.search(rf"^# Nơi trích dẫn {re.escape(number)}$", own, re.M), own[:200]   # no kind, no "None"
    assert any(number in c for path, c in pages.items() if path == "citations/index.md" or "/page/" in path)


# -- memory: what the model keeps, and the processes of the build ------------------------------

def _via_eagerly(corpus) -> dict[str, list[tuple[str, tuple[str, ...], str]]]:
    """The tasks that reach each agency through a group, as the views once built them for every
    agency at once (kept here as the reference for the lazy ViaGroups): ``{agency: [(task id,
    groups, role)]}``, unsorted."""
    reg = corpus.registry
    via: dict[str, dict[str, tuple[list[str], str]]] = {}
    for t in corpus.tasks:
        named = set(t.lead) | set(t.coordinators)
        for role, ids in (("lead", t.lead), ("coordinate", t.coordinators)):
            for g in ids:
                for m in reg.members(g):
                    if m in named:
                        continue
                    groups, _ = via.setdefault(m, {}).setdefault(t.id, ([], role))
                    if g not in groups:
                        groups.append(g)
    return {m: [(tid, tuple(gs), role) for tid, (gs, role) in ts.items()] for m, ts in via.items()}


@pytest.mark.parametrize("size", [0, 10], ids=["the real documents", "a synthetic archive of 10"])
def test_the_tasks_an_agency_gets_through_a_group_are_those_of_the_eager_views(size, tmp_path):
    """ViaGroups makes an agency's list when asked (at 1,000 documents there are millions of
    them): the same tasks, groups and roles as building them all at once, in task order."""
    from build_scripts.bench.corpus import make_corpus
    from build_scripts.pages.views import build_views, task_sort_key
    from build_scripts.pipeline import load

    root = Path(__file__).parent.parent
    if size:
        root = tmp_path / "archive"
        make_corpus(root, size)
    corpus = load(root)
    views = build_views(corpus, dt.date(2026, 4, 10))
    expected = _via_eagerly(corpus)
    assert sum(map(len, expected.values())) > 100        # the case is not empty
    for a in corpus.registry:
        got = [(x.task.id, x.groups, x.role) for x in views.by_group.get(a.id, [])]
        by_id = {t.id: t for t in corpus.tasks}
        want = sorted(expected.get(a.id, []), key=lambda e: task_sort_key(by_id[e[0]]))
        assert got == want, a.id
        assert views.task_count(a.id)["via_group"] == len(want)


FOLDERS = ["", "plans", "plans/17-kh-bcd", "agencies/bo-cong-an", "agencies/bo-cong-an/2026", "deadlines/2026-03",
           "en", "en/plans/350-qd-ttg", "en/agencies/bo-cong-an/2026/2", "deadlines/year/2"]


def test_relative_addresses_are_those_posixpath_gives():
    """render._relative, asked 800,000 times at 1,000 documents, answers as posixpath.relpath,
    for every pair of the site's folders and for paths that are not plain folders."""
    import posixpath

    from build_scripts.pages.render import _relative

    pairs = [(a, b) for a in FOLDERS for b in FOLDERS] + [("a/./b", "a"), ("b", "b/."), ("../x", "y"), ("x", "y/..")]
    for target, start in pairs:
        assert _relative(target, start) == posixpath.relpath(target or ".", start or "."), (target, start)


def test_released_files_keep_their_text_and_refuse_their_lines():
    """After the checks the files' lines are released (SourceFiles.release): the published
    source and the caches' keys still come from the text as read, and a later reader of the
    lines is told that it is a bug instead of reading nothing."""
    from build_scripts.pipeline import load

    corpus = load(Path(__file__).parent.parent)
    files = corpus.files
    rel = "source_texts/17-kh-bcd/vi.txt"
    text, digest, names = "\n".join(files[rel]), files.digest(rel), set(files)
    assert files.under("source_texts/17-kh-bcd/") == sorted(r for r in names if r.startswith("source_texts/17-kh-bcd/"))
    files.release()
    assert files.text(rel) == text and files.digest(rel) == digest and set(files) == names
    with pytest.raises(RuntimeError, match="released"):
        files[rel][0]
    with pytest.raises(RuntimeError, match="released"):
        list(files[rel])


def _job(job):
    """A job of the test below: sleeps, records when it ran, returns its name."""
    import os
    import time

    name, heavy, log, seconds = job
    if name == "fails":
        raise ValueError("a bug in a job")
    if name == "dies":
        os._exit(3)
    t0 = time.time()
    time.sleep(seconds)
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"{name} {int(heavy)} {t0} {time.time()}\n")
    return name


def test_jobs_run_in_processes_of_their_own_with_one_heavy_job_at_a_time(tmp_path):
    """writer._run_jobs: results in the jobs' order, never two heavy jobs at once (each copies
    most of the model), both cores used; a job that raises or dies is an error, not a hang."""
    import os

    from build_scripts.pages.writer import _run_jobs

    log = tmp_path / "log"
    jobs = [("h1", True, log, 0.4), ("h2", True, log, 0.4), ("l1", False, log, 0.2), ("l2", False, log, 0.2),
            ("l3", False, log, 0.2), ("h3", True, log, 0.3)]
    parent = os.getpid()
    assert _run_jobs(jobs, _job, 2, heavy=lambda j: j[1]) == ["h1", "h2", "l1", "l2", "l3", "h3"]
    assert os.getpid() == parent
    runs = [line.split() for line in log.read_text().splitlines()]
    heavy = sorted((float(a), float(b)) for _, h, a, b in runs if h == "1")
    assert len(heavy) == 3 and all(b1 <= a2 for (_, b1), (a2, _) in zip(heavy, heavy[1:])), heavy
    spans = sorted((float(a), float(b)) for *_, a, b in runs)
    assert any(a2 < b1 for (_, b1), (a2, _) in zip(spans, spans[1:])), "two jobs never ran side by side"
    with pytest.raises(RuntimeError, match="ValueError: a bug in a job"):
        _run_jobs([("fails", False, log, 0)], _job, 2)
    with pytest.raises(RuntimeError, match="stopped without a word"):
        _run_jobs([("dies", False, log, 0)], _job, 2)


def _inline(log, steps=3):
    """The open data of the test below: a few steps, logged."""
    import time

    t0 = time.time()
    for _ in range(steps):
        time.sleep(0.1)
        yield
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"inline 1 {t0} {time.time()}\n")


def test_the_open_data_is_written_between_the_jobs_and_no_heavy_job_runs_beside_it(tmp_path):
    """writer._run_jobs with ``inline`` (the open data, written by the model's process): light
    jobs run meanwhile, a heavy one only after it; when it ends with no job running, the jobs
    left still run (this once waited forever)."""
    from build_scripts.pages.writer import _run_jobs

    log = tmp_path / "log"
    jobs = [("l1", False, log, 0.05), ("h1", True, log, 0.1)]
    assert _run_jobs(jobs, _job, 2, heavy=lambda j: j[1], inline=_inline(log)) == ["l1", "h1"]
    runs = {name: (float(a), float(b)) for name, _, a, b in (line.split() for line in log.read_text().splitlines())}
    assert runs["l1"][0] < runs["inline"][1], "the light job waited for the open data"
    assert runs["h1"][0] >= runs["inline"][1], "a heavy job ran beside the open data"


def test_while_the_open_data_is_written_one_job_fewer_runs(tmp_path):
    """The model's process writing the open data counts as a worker: on 2 workers, one job
    beside it (a third process would share the 2 cores, and add its memory to the peak)."""
    from build_scripts.pages.writer import _run_jobs

    log = tmp_path / "log"
    jobs = [("l1", False, log, 0.2), ("l2", False, log, 0.2), ("l3", False, log, 0.2)]
    assert _run_jobs(jobs, _job, 2, inline=_inline(log, steps=8)) == ["l1", "l2", "l3"]
    runs = {name: (float(a), float(b)) for name, _, a, b in (line.split() for line in log.read_text().splitlines())}
    assert runs["l2"][0] >= runs["l1"][1] and runs["l3"][0] >= runs["l2"][1], "two jobs ran beside the open data"
