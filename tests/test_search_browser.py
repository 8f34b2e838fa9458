"""Site search in headless Chromium against nginx on 127.0.0.1.

The table CASES is the contract: a reader types the query into the box in the page header
and the page or task it names must be among the first TOP results. Each expected place was
read from source_texts/ (the outline of vi.txt gives the anchor: "III.6.c" -> "#iii-6-c", the
n-th "-" bullet of an item -> "-n", "đ)" -> "dd", an inline "(2)" sub-task -> "-2") or from
agencies.yml (an agency's page is agencies/<id>/). To add a case, add a row with the line of
the source it comes from; docs-dev/SEARCH.md says more.
"""
from __future__ import annotations

import re

import pytest

from build_scripts import search as S

TOP = 5

# (language of the site, query as typed, page or page#anchor, where the answer comes from)
CASES = [
    # --- without diacritics, and đ typed as d -------------------------------------------------
    ("vi", "dang uy cong an", "agencies/dang-uy-cong-an-trung-uong/", "agencies.yml: Đảng uỷ Công an Trung ương"),
    ("vi", "dai truyen hinh", "agencies/dai-truyen-hinh-viet-nam/", "agencies.yml: Đài Truyền hình Việt Nam"),
    ("vi", "toa an dien tu", "plans/46-tb-tgv/#i-2-c-2", "46-TB/TGV I.2.c, 2nd bullet: '... xây dựng Toà án điện tử'"),
    ("vi", "duong truyen ket noi mang", "plans/17-kh-bcd/#iii-3-c-3",
     "17-KH/BCĐ III.3.c, 3rd bullet: 'hạ tầng kỹ thuật với đường truyền kết nối mạng'"),
    ("vi", "dinh danh va xac thuc dien tu tap trung", "plans/17-kh-bcd/#iii-4-a-4-2",
     "17-KH/BCĐ III.4.a, 4th bullet, (2): 'nền tảng định danh và xác thực điện tử tập trung'"),
    ("vi", "giao nop ho so cong viec dien tu", "plans/17-kh-bcd/#iii-2-b-2-2",
     "17-KH/BCĐ III.2.b, 2nd bullet, inline (2): 'giao nộp hồ sơ công việc điện tử'"),
    ("vi", "hanh lang phap ly chuan hoa", "plans/17-kh-bcd/#iii-2-dd",
     "17-KH/BCĐ III.2.đ: 'tạo hành lang pháp lý chuẩn hoá'"),
    ("vi", "lom song", "plans/17-kh-bcd/#iii-3-c-4", "17-KH/BCĐ III.3.c, 4th bullet: 'lõm sóng'"),
    ("vi", "nghi quyet cua hoi dong tham phan", "plans/46-tb-tgv/#i-2-c-1",
     "46-TB/TGV I.2.c, 1st bullet: 'Nghị quyết của Hội đồng Thẩm phán'"),
    # --- with diacritics, and the two tone placements -------------------------------------------
    ("vi", "Đảng uỷ Công an Trung ương", "plans/17-kh-bcd/#iii-6-c", "17-KH/BCĐ III.6.c"),
    ("vi", "Quân ủy Trung ương chỉ đạo", "plans/17-kh-bcd/#iii-6-b",
     "17-KH/BCĐ III.6.b prints 'Quân uỷ' (old placement), typed new"),
    ("vi", "Tòa án nhân dân tối cao", "agencies/toa-an-nhan-dan-toi-cao/", "agencies.yml: Toà án nhân dân tối cao"),
    ("vi", "Toà án điện tử", "plans/46-tb-tgv/#i-2-c-2", "46-TB/TGV I.2.c, 2nd bullet"),
    ("vi", "sức khỏe cán bộ", "plans/17-kh-bcd/#iii-4-b", "17-KH/BCĐ III.4.b prints 'sức khoẻ cán bộ'"),
    ("vi", "lan tỏa nội dung", "plans/17-kh-bcd/#iii-1-3", "17-KH/BCĐ III.1, 3rd bullet prints 'lan toả nội dung'"),
    ("vi", "xóa lõm sóng", "plans/17-kh-bcd/#iii-3-c-4", "17-KH/BCĐ III.3.c, 4th bullet prints 'xoá ... lõm sóng'"),
    ("vi", "số hoá hồ sơ cán bộ", "plans/350-qd-ttg/#art1-ii-2-g",
     "350/QĐ-TTg Điều 1 II.2.g prints 'số hóa hồ sơ cán bộ' (new placement), typed old"),
    ("vi", "Uỷ ban nhân dân các tỉnh", "plans/350-qd-ttg/#art1-iv-6",
     "350/QĐ-TTg Điều 1 IV.6 prints 'Ủy ban nhân dân các tỉnh'"),
    ("vi", "đường truyền kết nối mạng", "plans/17-kh-bcd/#iii-3-c-3", "17-KH/BCĐ III.3.c, 3rd bullet"),
    ("vi", "biểu dương các mô hình", "plans/17-kh-bcd/#iii-1-3", "17-KH/BCĐ III.1, 3rd bullet: 'dương', not 'đường'"),
    ("vi", "Cổng Ứng dụng nội bộ", "plans/17-kh-bcd/#iii-2-b-2-4", "17-KH/BCĐ III.2.b, 2nd bullet, inline (4)"),
    ("vi", "Hùng Vương", "plans/17-kh-bcd/#fn:1", "17-KH/BCĐ footnote 1: 'tại 1A Hùng Vương'"),
    ("vi", "Trung tâm dữ liệu Quốc hội", "plans/46-tb-tgv/#ii-2", "46-TB/TGV II.2"),
    ("vi", "MOOCs", "plans/350-qd-ttg/#pl-i-3", "350/QĐ-TTg appendix, group I, row 3: '(MOOCs)'"),
    # --- upper case ---------------------------------------------------------------------------------
    ("vi", "ĐẢNG ỦY CÔNG AN", "agencies/dang-uy-cong-an-trung-uong/", "agencies.yml, typed in capitals"),
    ("vi", "BINH DAN HOC VU SO", "plans/17-kh-bcd/#iii-1-1", "17-KH/BCĐ III.1, 1st bullet: 'Bình dân học vụ số'"),
    ("vi", "CHỮ KÝ SỐ VNEID", "plans/17-kh-bcd/#iii-2-b-7", "17-KH/BCĐ III.2.b, 7th bullet: 'chữ ký số ... VneID'"),
    # --- prefixes while typing ----------------------------------------------------------------------
    ("vi", "Deepf", "plans/17-kh-bcd/#iii-2-b-5", "17-KH/BCĐ III.2.b, 5th bullet: '(Deepfake)'"),
    ("vi", "kiem toan nha nu", "agencies/dang-uy-kiem-toan-nha-nuoc/", "agencies.yml: Đảng uỷ Kiểm toán Nhà nước"),
    ("vi", "SSO", "plans/17-kh-bcd/#iii-4-a-4-2", "17-KH/BCĐ III.4.a, 4th bullet, (2): '(SSO)'"),
    # --- document numbers and agency abbreviations (agencies.yml abbr) -----------------------------
    ("vi", "17-kh/bcd", "plans/17-kh-bcd/", "17-KH/BCĐ, typed with d"),
    ("vi", "350/QĐ-TTg", "plans/350-qd-ttg/", "350/QĐ-TTg"),
    ("vi", "VPTW", "agencies/van-phong-trung-uong-dang/", "agencies.yml abbr of Văn phòng Trung ương Đảng"),
    ("vi", "BCA", "agencies/bo-cong-an/", "agencies.yml abbr of Bộ Công an"),
    ("vi", "tandtc", "agencies/toa-an-nhan-dan-toi-cao/", "agencies.yml abbr, typed in lower case"),
    ("vi", "BKHCN", "agencies/bo-khoa-hoc-va-cong-nghe/", "agencies.yml abbr of Bộ Khoa học và Công nghệ"),
    ("vi", "Bộ KH&CN", "agencies/bo-khoa-hoc-va-cong-nghe/", "agencies.yml abbr 'Bộ KH&CN'"),
    ("vi", "VKSNDTC", "agencies/vien-kiem-sat-nhan-dan-toi-cao/", "agencies.yml abbr of Viện Kiểm sát nhân dân tối cao"),
    # --- the English site: official English names (agencies.yml en), and the Vietnamese text ---------
    ("en", "Ministry of Public Security", "en/agencies/bo-cong-an/", "agencies.yml en of bo-cong-an"),
    ("en", "office of the party central committee", "en/agencies/van-phong-trung-uong-dang/", "agencies.yml en"),
    ("en", "Supreme People's Court", "en/agencies/toa-an-nhan-dan-toi-cao/", "agencies.yml en"),
    ("en", "CENTRAL INSPECTION COMMISSION", "en/agencies/uy-ban-kiem-tra-trung-uong/", "agencies.yml en, capitals"),
    ("en", "Government Cipher Comm", "en/agencies/ban-co-yeu-chinh-phu/", "agencies.yml en, typed halfway"),
    ("en", "Central Public Security Party Committee", "en/agencies/dang-uy-cong-an-trung-uong/", "agencies.yml en"),
    ("en", "dang uy cong an", "en/agencies/dang-uy-cong-an-trung-uong/", "agencies.yml vi name, shown on the English page"),
    ("en", "VPTW", "en/agencies/van-phong-trung-uong-dang/", "agencies.yml abbr on the English site"),
    ("en", "Deepfake", "en/plans/17-kh-bcd/#iii-2-b-5", "17-KH/BCĐ III.2.b, 5th bullet (English page)"),
    # --- the English texts (en.txt): found by their English words ------------------------------
    ("en", "open-source artificial intelligence platform", "en/plans/17-kh-bcd/#ii-2-4",
     "17-KH/BCĐ II.2, 4th bullet (en.txt): 'an open-source artificial intelligence (AI) platform'"),
    ("en", "free digital signatures remaining groups", "en/plans/17-kh-bcd/#iii-3-a-2",
     "17-KH/BCĐ III.3.a, 2nd bullet (en.txt): 'free digital signatures to the remaining groups of Party members'"),
    ("en", "building the e-Court", "en/plans/46-tb-tgv/#i-2-c-2", "46-TB/TGV I.2.c, 2nd bullet (en.txt)"),
]


def _matches(url: str, expected: str) -> bool:
    """A page expectation matches that page; an anchor expectation matches exactly."""
    if "#" in expected:
        return url == expected
    return url.split("#", 1)[0] == expected


@pytest.fixture(scope="module")
def search_tab(browser, server):
    """One browser context, one page per language, reused by every case (fast); records every
    request that leaves 127.0.0.1 in ``outside`` (there must be none)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    context.on("request", lambda req: None if req.url.startswith(
        ("http://127.0.0.1", "data:", "blob:", "about:")) else outside.append(req.url))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("http://127.0.0.1", "data:", "blob:")) else route.abort())
    pages = {}

    def tab(lang: str):
        if lang not in pages:
            pg = context.new_page()
            pg.goto(server + ("/en/plans/" if lang == "en" else "/plans/"))
            pg.wait_for_selector("#site-search-input")
            pages[lang] = pg
        return pages[lang]

    tab.outside = outside
    yield tab
    context.close()


def type_query(pg, query: str) -> list[str]:
    """Type ``query`` into the header box; return the result links relative to the site root."""
    box = pg.locator("#site-search-input")
    box.fill("")
    box.press_sequentially(query)
    pg.wait_for_function(
        "q => { const l = document.getElementById('site-search-results'); return l && l.dataset.query === q; }",
        arg=query)
    root = pg.evaluate("() => new URL('../../', document.querySelector('script[src$=\"search.js\"]').src).href")
    hrefs = pg.eval_on_selector_all("#site-search-results [role=option] a", "els => els.map(a => a.href)")
    return [h[len(root):] if h.startswith(root) else h for h in hrefs]


@pytest.mark.parametrize("lang,query,expected,source", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_query_finds_the_place(search_tab, lang, query, expected, source):
    urls = type_query(search_tab(lang), query)
    assert any(_matches(u, expected) for u in urls[:TOP]), (
        f"{query!r} should find {expected} ({source}) in the first {TOP}; got {urls[:TOP]}")
    assert search_tab.outside == []


def test_table_is_big_enough():
    assert len(CASES) >= 30
    assert {c[0] for c in CASES} == {"vi", "en"}


def test_browser_ranks_exactly_like_the_python_reference(search_tab, built):
    """search.js and build_scripts/search/__init__.py give the same results in the same order."""
    for lang in ("vi", "en"):
        pg = search_tab(lang)
        queries = [c[1] for c in CASES if c[0] == lang] + ["đường", "dương", "a", "đ", "hoá", "hóa"]
        js = pg.evaluate("""async qs => { const out = [];
            for (const q of qs) { const r = await window.siteSearch.search(q);
              out.push(r.results.map(x => [x.record.u, x.matched, x.exact])); }
            return out; }""", queries)
        for q, got in zip(queries, js):
            ref = [[r["u"], r["matched"], r["exact"]] for r in S.search(built / "site" / S.INDEX_DIR / lang, q)[0]]
            assert got == ref, (lang, q)


def test_excerpt_highlights_the_words(search_tab):
    pg = search_tab("vi")
    type_query(pg, "dang uy cong an")
    first = pg.locator("#site-search-results [role=option]").first
    marks = [m.lower() for m in first.locator(".site-search__excerpt mark, .site-search__where mark").all_inner_texts()]
    # agencies.yml: "Đảng uỷ Công an Trung ương"
    assert {"đảng", "uỷ", "công", "an"} <= set(marks)


def test_typed_diacritics_come_first_in_the_browser(search_tab):
    pg = search_tab("vi")
    type_query(pg, "đường")
    excerpts = pg.locator("#site-search-results .site-search__excerpt").all_inner_texts()
    assert excerpts and "đường" in excerpts[0]
    type_query(pg, "dương")
    excerpts = pg.locator("#site-search-results .site-search__excerpt").all_inner_texts()
    assert "dương" in excerpts[0] and "đường" not in excerpts[0]


def test_no_result_message(search_tab):
    pg = search_tab("en")
    type_query(pg, "zzzqqqxxy")
    assert "No results" in pg.locator(".site-search__status").inner_text()
    assert pg.locator("#site-search-results [role=option]").count() == 0


def test_keyboard_enter_arrows_escape(page, server):
    page.goto(server + "/plans/17-kh-bcd/")
    page.keyboard.press("/")                       # "/" focuses the box
    assert page.evaluate("document.activeElement.id") == "site-search-input"
    type_query(page, "VPTW")
    page.keyboard.press("Enter")                   # Enter opens the first result
    page.wait_for_url(re.compile(r"/agencies/van-phong-trung-uong-dang/$"))

    urls = type_query(page, "dang uy cong an")
    box = page.locator("#site-search-input")
    box.press("ArrowDown")
    box.press("ArrowDown")                         # the second result
    assert page.locator("#site-search-opt-1").get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == "site-search-opt-1"
    box.press("Escape")                            # Esc closes the results
    assert page.locator(".site-search__panel").is_hidden()
    box.press("ArrowDown")                         # and arrows open them again
    assert page.locator(".site-search__panel").is_visible()
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(urls[1]) + "$"))
    assert page.outside_requests == []


def test_box_on_every_kind_of_page(page, server):
    for path in ("/", "/plans/", "/agencies/bo-cong-an/", "/deadlines/", "/en/", "/en/plans/17-kh-bcd/"):
        page.goto(server + path)
        assert page.locator("header #site-search-input").is_visible(), path
    assert page.locator(".md-search").count() == 0          # Material's own search is gone
    assert page.outside_requests == []


def test_phone_viewport(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        pg = context.new_page()
        pg.goto(server + "/")
        box = pg.locator("#site-search-input")
        bb = box.bounding_box()
        assert box.is_visible() and bb["x"] >= 0 and bb["x"] + bb["width"] <= 390 and bb["width"] >= 100
        box.tap()
        type_query(pg, "dang uy cong an")
        first = pg.locator("#site-search-results [role=option] a").first
        fb = first.bounding_box()
        assert fb["x"] >= 0 and fb["x"] + fb["width"] <= 390
        first.tap()
        pg.wait_for_url(re.compile(r"/agencies/dang-uy-cong-an-trung-uong/$"))
    finally:
        context.close()


def test_without_javascript_a_message_says_why(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(server + "/plans/17-kh-bcd/")
        msg = pg.locator(".search-noscript")
        assert msg.is_visible()
        assert "Tìm kiếm cần JavaScript" in msg.inner_text()
        assert pg.locator("#site-search-input").count() == 0
        pg.goto(server + "/en/plans/17-kh-bcd/")
        assert "Search needs JavaScript" in pg.locator(".search-noscript").inner_text()
    finally:
        context.close()


def test_noscript_message_is_hidden_when_javascript_runs(page, server):
    page.goto(server + "/")
    assert page.locator(".search-noscript").count() == 0 or page.locator(".search-noscript").is_hidden()
