"""A long document on several pages (build_scripts/pages/parts.py): every page light, every
task on exactly one page, and every address of a task, old or new, leading to it."""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest

from build_scripts.pages.parts import Block, Unit, pack
from tests.conftest import document_pages

LIMIT = 150_000         # the largest HTML page allowed at any size of archive (issue 12)
DOCS = ("02-kh-bcdtw", "17-kh-bcd", "350-qd-ttg", "46-tb-tgv")


def _u(anchor: str, w: float, kind: str = "node") -> Unit:
    return Unit(kind, (anchor,), anchor, (w, w, w))


def _b(anchor: str, w: float, *children: Block) -> Block:
    return Block((_u(anchor, w),), tuple(children))


# (blocks, budget, pages as anchors): the packing rules, one case each
PACK_CASES = [
    # everything fits: one page
    ([_b("head", 10), _b("i", 20), _b("ii", 30)], 100, [["head", "i", "ii"]]),
    # a block that does not fit the current page starts the next one, whole
    ([_b("head", 10), _b("i", 60), _b("ii", 50)], 100, [["head", "i"], ["ii"]]),
    # a block too long for any page: cut at its children, from a page of its own
    ([_b("head", 10), _b("i", 10, _b("i-1", 60), _b("i-2", 60)), _b("ii", 20)], 100,
     [["head"], ["i", "i-1"], ["i-2", "ii"]]),
    # cut further down when a child is too long as well
    ([_b("i", 5, _b("i-1", 5, _b("i-1-a", 70), _b("i-1-b", 70)))], 100, [["i", "i-1", "i-1-a"], ["i-1-b"]]),
    # a heading is not left alone at the foot of a page: the next page starts with it
    ([_b("i", 5, _b("i-1", 5, _b("i-1-a", 90), _b("i-1-b", 50)))], 100, [["i", "i-1", "i-1-a"], ["i-1-b"]]),
    ([_b("head", 30), _b("i", 5, _b("i-1", 5, _b("i-1-a", 90), _b("i-1-b", 50)))], 100,
     [["head"], ["i", "i-1", "i-1-a"], ["i-1-b"]]),
    # a single unit over the budget has a page to itself: nothing to cut it at
    ([_b("head", 10), _b("i", 250), _b("ii", 10)], 100, [["head"], ["i"], ["ii"]]),
]


@pytest.mark.parametrize("blocks,budget,expected", PACK_CASES)
def test_pack(blocks, budget, expected):
    assert [[u.anchor for u in p] for p in pack(blocks, budget)] == expected


def test_pack_keeps_every_view_under_the_budget():
    # the bilingual view is the heaviest here: it alone decides the cut
    blocks = [Block((Unit("node", ("I",), "i", (10, 10, 60)),)), Block((Unit("node", ("II",), "ii", (10, 10, 60)),))]
    assert [[u.anchor for u in p] for p in pack(blocks, 100)] == [["i"], ["ii"]]


@pytest.fixture(scope="module")
def site(built):
    return built / "site"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_page_of_the_site_is_over_the_limit(site, lang):
    root = site if lang == "vi" else site / "en"
    pages = [f for f in root.rglob("index.html") if lang == "en" or "en" not in f.relative_to(site).parts[:1]]
    big = sorted((f.stat().st_size, str(f.relative_to(site))) for f in pages if f.stat().st_size > LIMIT)
    assert len(pages) > 100 and not big, big


def test_the_long_plans_are_cut_and_the_short_one_is_not(site):
    # 350/QĐ-TTg (a 62-row appendix), 02-KH/BCĐTW (section IV: 105 items), 17-KH/BCĐ
    # (section III: 97 items) made pages of 180-280 KB; 46-TB/TGV made one of 100 KB
    for doc in ("350-qd-ttg", "02-kh-bcdtw", "17-kh-bcd"):
        assert len(document_pages(site, doc)) > 1, doc
    assert len(document_pages(site, "46-tb-tgv")) == 1
    assert not (site / "plans" / "46-tb-tgv" / "parts.json").exists()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_task_is_on_exactly_one_page_of_its_document_and_its_address_leads_there(site, lang):
    tasks = json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    for doc in DOCS:
        pages = document_pages(site, doc, lang=lang)
        for t in (t for t in tasks if t["plan"] == doc):
            anchor = t["url"][lang].split("#", 1)[1]
            on = [url for url, html in pages if f'id="{anchor}"' in html]
            assert len(on) == 1, (t["id"], on)
            assert t["url"][lang] == "/" + on[0] + "#" + anchor, t["id"]


@pytest.mark.parametrize("folder", ["plans", "parallel"])
def test_the_pages_of_a_document_hold_its_text_once_in_order(site, folder):
    # the first and last words of 17-KH/BCĐ III and of 350/QĐ-TTg's appendix, from the sources
    cases = {"17-kh-bcd": ["NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM 2026", "TỔ CHỨC THỰC HIỆN"],
             "350-qd-ttg": ["Phụ lục I" if folder == "parallel" else "Phụ lục", "MOOCs"]}
    for doc, words in cases.items():
        html = "\n".join(h for _, h in document_pages(site, doc, folder))
        ids = re.findall(r'<div class="(?:item|parallel-row)[^"]*" id="([^"]+)"', html)
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
        for w in words:
            assert w in html, (doc, folder, w)


def test_each_page_lists_the_document_s_pages_and_leads_to_the_next(site):
    pages = document_pages(site, "350-qd-ttg")
    for i, (url, html) in enumerate(pages):
        nav = re.search(r'<nav class="doc-parts".*?</nav>', html, re.S)
        assert nav, url
        assert nav.group(0).count("<li") == len(pages)
        assert nav.group(0).count('aria-current="page"') == 1
        nxt = re.search(r'<a href="([^"]+)" rel="next"', html)
        if i + 1 < len(pages):
            assert nxt and urljoin("http://x/" + url, nxt.group(1)) == "http://x/" + pages[i + 1][0]
        else:
            assert nxt is None
    # the first page has the header; the others say where it is
    assert "doc-meta" in pages[0][1] and all("doc-meta" not in h for _, h in pages[1:])
    assert all("part-provenance" in h for _, h in pages[1:])


# the ids of the things a document's page holds: its items, headings, sub-tasks, rows
_IDS = re.compile(r'<(?:div class="(?:item|parallel-row|preamble|closing)[^"]*"|h[23]|span class="subtask") id="([^"]+)"')


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_map_of_anchors_names_the_page_of_each(site, lang):
    prefix = "" if lang == "vi" else "en/"
    for doc in ("350-qd-ttg", "02-kh-bcdtw", "17-kh-bcd"):
        m = json.loads((site / prefix / "plans" / doc / "parts.json").read_text(encoding="utf-8"))
        pages = document_pages(site, doc, lang=lang)
        assert [prefix + f"plans/{doc}/" + p for p in m["pages"]] == [u for u, _ in pages]
        for folder in ("plans", "parallel"):
            wrong, n = [], 0
            for i, (url, html) in enumerate(document_pages(site, doc, folder, lang)):
                for a in _IDS.findall(html):
                    if a.endswith("-cont") or a == "notes-title":
                        continue        # a heading repeated on the next page, "continued"
                    n += 1
                    if m["anchors"].get(a, 0) != i:
                        wrong.append((folder, a, i, m["anchors"].get(a, 0)))
            assert n > 50 and not wrong, wrong[:5]
