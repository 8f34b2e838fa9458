"""Site search in headless Chromium against nginx on 127.0.0.1.

The table CASES is the contract: a reader types the query into the box in the page header
and the page or task it names must come first (rank 1) or among the first three (rank 3). Each expected place was
read from source_texts/ (the outline of vi.txt gives the anchor: "III.6.c" -> "#iii-6-c", the
n-th "-" bullet of an item -> "-n", "đ)" -> "dd", an inline "(2)" sub-task -> "-2") or from
agencies.yml (an agency's page is agencies/<id>/). To add a case, add a row with the line of
the source it comes from; docs-dev/SEARCH.md says more.
"""
from __future__ import annotations

import contextlib
import json
import re

import pytest

from build_scripts.search import terms as TM

TOP = 3

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

# Queries people type (issue 10): the first result, or one of the first three, named by the source.
RANKED = [
    # --- 1. agencies: name without diacritics, abbreviation (rank 1) ---------------------------
    ("vi", "bo noi vu", "agencies/bo-noi-vu/", 1, "source_texts/agencies.yml:166 vi 'Bộ Nội vụ'"),
    ("vi", "BNV", "agencies/bo-noi-vu/", 1, "source_texts/agencies.yml:168 abbr [BNV]"),
    ("vi", "ban to chuc trung uong", "agencies/ban-to-chuc-trung-uong/", 1, "source_texts/agencies.yml:33 vi 'Ban Tổ chức Trung ương'"),
    ("vi", "BTCTW", "agencies/ban-to-chuc-trung-uong/", 1, "source_texts/agencies.yml:35 abbr [BTCTW]"),
    ("vi", "ngan hang nha nuoc viet nam", "agencies/ngan-hang-nha-nuoc-viet-nam/", 1, "source_texts/agencies.yml:506 vi 'Ngân hàng Nhà nước Việt Nam'"),
    ("vi", "MTTQVN", "agencies/mat-tran-to-quoc-viet-nam/", 1, "source_texts/agencies.yml:314 abbr [MTTQVN]"),
    ("vi", "EVN", "agencies/tap-doan-dien-luc-viet-nam/", 1, "source_texts/agencies.yml:325 abbr [EVN]"),
    ("en", "Ministry of Home Affairs", "en/agencies/bo-noi-vu/", 1, "source_texts/agencies.yml:167 en 'Ministry of Home Affairs'"),
    ("en", "State Bank of Vietnam", "en/agencies/ngan-hang-nha-nuoc-viet-nam/", 1, "source_texts/agencies.yml:507 en 'State Bank of Vietnam'"),
    ("en", "VPCP", "en/agencies/van-phong-chinh-phu/", 1, "source_texts/agencies.yml:268 abbr [VPCP], English site"),
    ("en", "bo quoc phong", "en/agencies/bo-quoc-phong/", 1, "source_texts/agencies.yml:161 vi 'Bộ Quốc phòng' typed without diacritics on the English site"),

    # --- 2. document numbers and cited documents ----------------------------------------------
    ("vi", "02 kh bcdtw", "plans/02-kh-bcdtw/", 1, "source_texts/02-kh-bcdtw/meta.yml number '02-KH/BCĐTW'"),
    ("vi", "46-TB/TGV", "plans/46-tb-tgv/", 1, "source_texts/46-tb-tgv/meta.yml number '46-TB/TGV'"),
    ("vi", "qd 350", "plans/350-qd-ttg/", 1, "source_texts/350-qd-ttg/meta.yml number '350/QĐ-TTg', kind decision"),
    ("vi", "Kế hoạch 17", "plans/17-kh-bcd/", 1, "source_texts/17-kh-bcd/meta.yml number '17-KH/BCĐ', kind plan (Kế hoạch)"),
    ("en", "decision 350", "en/plans/350-qd-ttg/", 1, "source_texts/350-qd-ttg/meta.yml number '350/QĐ-TTg', kind decision"),
    ("vi", "57-NQ/TW", "citations/#57-nq-tw", 1, "source_texts/17-kh-bcd/vi.txt:7 'Nghị quyết số 57-NQ/TW' (cited, not in corpus)"),
    ("vi", "Nghị quyết 42", "citations/#42-nq-tw", 1, "source_texts/350-qd-ttg/vi.txt:13 'Nghị quyết số 42-NQ/TW'"),
    ("vi", "Kết luận 130", "citations/#130-kl-tw", 1, "source_texts/02-kh-bcdtw/vi.txt:14 'Kết luận số 130-KL/TW'"),
    ("en", "Conclusion 195-KL/TW", "en/citations/#195-kl-tw", 1, "source_texts/46-tb-tgv/en.txt:7 'Conclusion No. 195-KL/TW'"),
    ("en", "Decree 179/2025/ND-CP", "en/citations/#179-2025-ndd-cp", 1, "source_texts/17-kh-bcd/en.txt:224 'Decree 179/2025/NĐ-CP' typed with D"),

    # --- 3. dates -------------------------------------------------------------------------------
    ("vi", "30/6/2026", "deadlines/2026-06/", 1, "site/data/tasks.json: 12 tasks due 2026-06-30, e.g. source_texts/17-kh-bcd/vi.txt:105"),
    ("vi", "05/10/2025", "deadlines/2025-10/", 1, "site/data/tasks.json: 46-tb-tgv I.2.b and IV.3.b due 2025-10-05 (source_texts/46-tb-tgv/vi.txt:77, :211)"),
    ("vi", "20/9/2026", "plans/17-kh-bcd/#iii-4-a-4-10", 3, "source_texts/17-kh-bcd/vi.txt:151 '(10) ... Hoàn thành trước ngày 20/9/2026' (only task due that day in tasks.json)"),
    ("vi", "8/2025", "deadlines/2025-08/", 1, "site/data/tasks.json: 8 tasks 'trong tháng 8/2025', e.g. source_texts/02-kh-bcdtw/vi.txt:162"),
    ("vi", "tháng 11/2025", "deadlines/2025-11/", 1, "site/data/tasks.json: 7 tasks in 2025-11, e.g. source_texts/46-tb-tgv/vi.txt:101 'Hoàn thành trong tháng 11/2025'"),
    ("en", "June 2026", "en/deadlines/2026-06/", 1, "site/data/tasks.json: tasks due 2026-06-15/20/30 and month 2026-06 (source_texts/17-kh-bcd/vi.txt:223)"),
    ("en", "30 June 2026", "en/deadlines/2026-06/", 1, "site/data/tasks.json: 12 tasks due 2026-06-30, e.g. source_texts/17-kh-bcd/en.txt:104"),
    ("en", "31 August 2026", "en/plans/17-kh-bcd/#iii-4-b", 3, "source_texts/17-kh-bcd/en.txt:154 'To be completed before 31 August 2026' (only task due that day in tasks.json)"),

    # --- 4. glossary abbreviations: block uses only the expansion (or only the abbreviation) ----
    ("vi", "NDOP", "plans/17-kh-bcd/#iii-4-a-4-1", 3, "glossary.yml:125 NDOP = 'Nền tảng chia sẻ, điều phối dữ liệu'; source_texts/17-kh-bcd/vi.txt:133 'nền tảng chia sẻ, điều phối dữ liệu' without (NDOP)"),
    ("vi", "PPP", "plans/46-tb-tgv/#iv-7-b", 3, "glossary.yml:292 PPP = 'hợp tác công tư'; source_texts/46-tb-tgv/vi.txt:248-249 'hợp tác công - tư' without (PPP)"),
    ("vi", "cơ sở dữ liệu văn bằng, học bạ số", "plans/46-tb-tgv/#iv-10-a", 3, "glossary.yml:78 CSDL = 'cơ sở dữ liệu'; source_texts/46-tb-tgv/vi.txt:278-279 'CSDL văn bằng, học bạ số' (abbreviation only)"),
    ("vi", "hạ tầng CNTT xuống cấp", "plans/46-tb-tgv/#ii-2", 3, "glossary.yml:54 CNTT = 'công nghệ thông tin'; source_texts/46-tb-tgv/vi.txt:116-117 'hạ tầng công nghệ thông tin, khắc phục tình trạng xuống cấp'"),
    ("en", "NDXP", "en/plans/17-kh-bcd/#iii-4-a-4-1", 3, "glossary.yml:122 abbr_en NDXP = 'National Data Exchange Platform'; source_texts/17-kh-bcd/en.txt:132 uses only the expansion"),
    ("en", "PPP", "en/plans/46-tb-tgv/#iv-7-b", 3, "glossary.yml:293 abbr_en PPP; source_texts/46-tb-tgv/en.txt:93 'public–private partnership' without (PPP)"),
    ("en", "WAN security solution", "en/plans/46-tb-tgv/#v-7", 3, "glossary.yml:261 abbr_en WAN = 'wide area network'; source_texts/46-tb-tgv/en.txt:135 'security solution for the wide area network'"),

    # --- 5. task phrases typed without diacritics (rank 1) ---------------------------------------
    ("vi", "cap giay khai sinh cho nguoi Viet Nam tai nuoc ngoai", "plans/46-tb-tgv/#iv-8-b", 1, "source_texts/46-tb-tgv/vi.txt:259-261 'cấp giấy khai sinh cho người Việt Nam tại nước ngoài'"),
    ("vi", "chien dich 90 ngay dem lam giau", "plans/46-tb-tgv/#iv-9-b", 1, "source_texts/46-tb-tgv/vi.txt:268 'chiến dịch 90 ngày đêm làm giàu'"),
    ("vi", "thu nop dang phi dien tu toan trinh", "plans/17-kh-bcd/#iii-2-d", 1, "source_texts/17-kh-bcd/vi.txt:93 'thu nộp Đảng phí điện tử toàn trình'"),
    ("vi", "danh muc ma so cac don vi hanh chinh", "plans/02-kh-bcdtw/#iv-2-1-p1-a", 1, "source_texts/02-kh-bcdtw/vi.txt:148 'danh mục mã số các đơn vị hành chính Việt Nam sau sáp nhập'"),
    ("vi", "thu nghiem cong nghe chuoi khoi", "plans/350-qd-ttg/#pl-viii-4", 1, "source_texts/350-qd-ttg/appendix.yml:443 group VIII row 4 'thử nghiệm công nghệ Chuỗi khối (Blockchain)'"),
    ("vi", "chi tra khong dung tien mat", "plans/350-qd-ttg/#art1-ii-2-h", 1, "source_texts/350-qd-ttg/vi.txt:104-106 Điều 1 II.2.h 'chi trả không dùng tiền mặt'"),
    ("en", "90-day-and-night campaign to enrich and clean", "en/plans/46-tb-tgv/#iv-9-b", 1, "source_texts/46-tb-tgv/en.txt:105"),
    ("en", "collecting and paying Party dues", "en/plans/17-kh-bcd/#iii-2-d", 1, "source_texts/17-kh-bcd/en.txt:92"),
    ("en", "list of codes of Vietnam's administrative units", "en/plans/02-kh-bcdtw/#iv-2-1-p1-a", 1, "source_texts/02-kh-bcdtw/en.txt:139"),
    ("en", "pilot blockchain technology in storing and authenticating diplomas", "en/plans/350-qd-ttg/#pl-viii-4", 1, "source_texts/350-qd-ttg/appendix.en.yml:390 group VIII row 4"),
    ("en", "draft Law on Artificial Intelligence", "en/plans/46-tb-tgv/#iv-3-a", 1, "source_texts/46-tb-tgv/en.txt:75"),

    # --- 6. English plurals / singulars (rank 3) -------------------------------------------------
    ("en", "residential land and housing databases", "en/plans/46-tb-tgv/#iv-9-a", 3, "source_texts/46-tb-tgv/en.txt:103 'the residential land and housing database' (singular)"),
    ("en", "birth certificate", "en/plans/46-tb-tgv/#iv-8-b", 3, "source_texts/46-tb-tgv/en.txt:99 'birth certificates' (plural)"),
    ("en", "divorce judgment", "en/plans/46-tb-tgv/#iv-8-a", 3, "source_texts/46-tb-tgv/en.txt:97 'divorce judgments' (plural)"),
    ("en", "electronic health record", "en/plans/17-kh-bcd/#iii-4-b", 3, "source_texts/17-kh-bcd/en.txt:154 'centralised electronic health records' (plural)"),
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


# A place of a document, whichever of its pages has it: a long document is cut into pages
# (build_scripts/pages/parts.py; tests/test_parts.py checks each task's page), so a result at
# 'plans/17-kh-bcd/iii/#iii-3-c-4' is the place 'plans/17-kh-bcd/#iii-3-c-4' of the tables.
_PART = re.compile(r"^((?:en/)?plans/[^/#]+/)[^/#]+/#")


def place(url: str) -> str:
    return _PART.sub(r"\1#", url)


def type_query(pg, query: str, places: bool = True) -> list[str]:
    """Type ``query`` into the header box; return the result links relative to the site root,
    as places of documents (:func:`place`) unless ``places`` is false."""
    box = pg.locator("#site-search-input")
    box.fill("")
    box.press_sequentially(query)
    pg.wait_for_function(
        "q => { const l = document.getElementById('site-search-results'); return l && l.dataset.query === q; }",
        arg=query)
    root = pg.evaluate("() => new URL('../../', document.querySelector('script[src$=\"search.js\"]').src).href")
    hrefs = pg.eval_on_selector_all("#site-search-results [role=option] a", "els => els.map(a => a.href)")
    urls = [h[len(root):] if h.startswith(root) else h for h in hrefs]
    return [place(u) for u in urls] if places else urls


# (language, query, expected place, rank it must reach: 1 first, 3 among the first three, source)
ROWS = [(c[0], c[1], c[2], TOP, c[3]) if len(c) == 4 else c for c in CASES + RANKED]


@pytest.mark.parametrize("lang,query,expected,rank,source", ROWS, ids=[f"{c[0]}:{c[1]}" for c in ROWS])
def test_query_finds_the_place(search_tab, lang, query, expected, rank, source):
    urls = type_query(search_tab(lang), query)
    assert any(_matches(u, expected) for u in urls[:rank]), (
        f"{query!r} should find {expected} ({source}) in the first {rank}; got {urls[:rank]}")
    assert search_tab.outside == []


def test_table_is_big_enough():
    assert len(ROWS) >= 80
    assert {c[0] for c in ROWS} == {"vi", "en"}
    assert sum(c[3] == 1 for c in ROWS) >= 25


def test_browser_words_are_the_index_words(search_tab):
    """search.js tokenises, folds and stems a query as build_scripts/search/terms.py does the
    pages (tables of tests/test_search_index.py)."""
    from tests.test_search_index import STEMS
    texts = ["Đảng uỷ Công an Trung ương", "ĐẢNG ỦY CÔNG AN", "Tòa án", "số hoá", "57NQ/TW", "1A Hùng Vương",
             "ứng trực 24/7 (SOC)", "Bộ KH&CN", "Kế hoạch số 02-KH/BCĐTW"]
    for lang in ("vi", "en"):
        got = search_tab(lang).evaluate("""ts => ts.map(t => [siteSearch.tokenize(t),
            siteSearch.tokenize(t).map(siteSearch.foldTerm), siteSearch.tokenize(t).map(siteSearch.exactForm)])""", texts)
        for t, (toks, folded, exact) in zip(texts, got):
            assert toks == TM.tokenize(t), t
            assert folded == [TM.fold_term(x, lang) for x in toks], (lang, t)
            assert exact == [TM.exact_form(x) for x in toks], t
    got = search_tab("en").evaluate("ws => ws.map(siteSearch.stemEn)", [w for w, _ in STEMS])
    assert got == [stem for _, stem in STEMS]
    from tests.test_search_index import SPELLINGS
    words = [w for pair in SPELLINGS for w in pair]
    got = search_tab("en").evaluate("ws => ws.map(siteSearch.foldTerm)", words)
    assert got == [TM.fold_term(w, "en") for w in words]


def test_a_result_on_a_later_page_of_a_long_document_opens_there(search_tab, browser, server):
    # 17-KH/BCĐ III.3.c, 4th bullet ('lõm sóng') is in section III, past the plan's first page
    (url,) = [u for u in type_query(search_tab("vi"), "lom song", places=False) if u.endswith("#iii-3-c-4")]
    assert url.startswith("plans/17-kh-bcd/") and not url.startswith("plans/17-kh-bcd/#"), url
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.goto(server + "/" + url)
        assert pg.locator("#iii-3-c-4").is_visible()
        assert "lõm sóng" in pg.locator("#iii-3-c-4").inner_text()
    finally:
        context.close()


def test_every_word_must_match(search_tab):
    pg = search_tab("vi")
    # 17-KH/BCĐ III.2.b, fifth bullet, "(Deepfake)"; the second word is nowhere
    assert type_query(pg, "Deepfake")[:1] == ["plans/17-kh-bcd/#iii-2-b-5"]
    assert type_query(pg, "Deepfake zzzqqq") == []
    assert "zzzqqq" in pg.locator(".site-search__status").inner_text()


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
    assert "zzzqqqxxy" in pg.locator(".site-search__status").inner_text()
    assert pg.locator("#site-search-results [role=option]").count() == 0


def test_keyboard_enter_arrows_escape(page, server):
    page.goto(server + "/plans/17-kh-bcd/")
    page.keyboard.press("/")                       # "/" focuses the box
    assert page.evaluate("document.activeElement.id") == "site-search-input"
    type_query(page, "VPTW")
    page.keyboard.press("Enter")                   # Enter opens the first result
    page.wait_for_url(re.compile(r"/agencies/van-phong-trung-uong-dang/$"))

    urls = type_query(page, "dang uy cong an", places=False)
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


# --- the results page (search/?q=...) --------------------------------------------------------

def _page_results(pg) -> list[str]:
    pg.wait_for_function("() => { const l = document.getElementById('search-page-results');"
                         " return l && l.dataset.query !== undefined; }")
    root = pg.evaluate("() => new URL('../../', document.querySelector('script[src$=\"search.js\"]').src).href")
    hrefs = pg.eval_on_selector_all("#search-page-results a", "els => els.map(a => a.href)")
    return [place(h[len(root):]) for h in hrefs]


@pytest.mark.parametrize("lang,prefix,query", [("vi", "", "bo noi vu"), ("en", "en/", "ministry of home affairs")])
def test_box_leads_to_all_results(search_tab, server, lang, prefix, query):
    pg = search_tab(lang)
    # "Bộ Nội vụ" leads many tasks of 350/QĐ-TTg (appendix.yml "Cơ quan chủ trì"): more than the box shows
    type_query(pg, query)
    link = pg.locator(".site-search__all")
    n = int(re.search(r"\d+", link.inner_text()).group())
    assert n > 8 and pg.locator("#site-search-results [role=option]").count() == 8
    link.click()
    pg.wait_for_url(re.compile(re.escape(prefix) + r"search/\?q=" + query.replace(" ", r"\+") + "$"))
    urls = _page_results(pg)
    assert urls[0] == prefix + "agencies/bo-noi-vu/"
    status = pg.locator("#search-page-status").inner_text()
    assert str(n) in status
    if n > 50:
        assert len(urls) == 50
        pg.locator(".search-page__more").click()
        pg.wait_for_function("n => document.querySelectorAll('#search-page-results li').length > n", arg=50)
    pg.goto(server + "/" + prefix + "plans/")          # leave the tab as the other tests expect it
    pg.wait_for_selector("#site-search-input")


def test_results_page_filters_live_in_the_url(page, server):
    # 17-KH/BCĐ III.3.a.2 and III.3.c.1 are due 30/6/2026 (tasks.json), and so are tasks of other documents
    page.goto(server + "/search/?q=30%2F6%2F2026")
    all_urls = _page_results(page)
    assert "deadlines/2026-06/" in all_urls[:1]
    page.select_option("#search-filter-kind", "task")
    page.wait_for_function("() => document.getElementById('search-page-results').dataset.query.includes('|task|')")
    tasks = _page_results(page)
    assert tasks and all(u.startswith("plans/") for u in tasks) and len(tasks) < len(all_urls)
    assert "kind=task" in page.url
    page.select_option("#search-filter-doc", "17-kh-bcd")
    page.wait_for_function("() => document.getElementById('search-page-results').dataset.query.includes('17-kh-bcd')")
    only17 = _page_results(page)
    assert only17 and all(u.startswith("plans/17-kh-bcd/#") for u in only17)
    assert "plans/17-kh-bcd/#iii-3-a-2" in only17
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)                                   # the URL reproduces the view
    assert _page_results(page) == only17
    assert page.locator("#search-filter-kind").input_value() == "task"
    assert page.outside_requests == []


def test_results_page_without_the_header_box(browser, server):
    """The page is its own search: with no header (no box), a query in the URL and a query
    typed into the page's own field both give results."""
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.add_init_script("document.addEventListener('DOMContentLoaded', () => "
                           "document.querySelectorAll('header').forEach(h => h.remove()), true)")
        pg.goto(server + "/en/search/?q=databases")
        urls = _page_results(pg)
        # 350/QĐ-TTg appendix group III (en): "Building national databases and sectoral databases"
        assert "en/plans/350-qd-ttg/#pl-iii" in urls[:5]
        assert pg.locator("header").count() == 0
        box = pg.locator("#search-page-input")
        box.fill("Ministry of Home Affairs")
        box.press("Enter")
        pg.wait_for_function("() => document.getElementById('search-page-results').dataset.query.startsWith('Ministry')")
        assert _page_results(pg)[0] == "en/agencies/bo-noi-vu/"
        assert "q=Ministry+of+Home+Affairs" in pg.url
    finally:
        context.close()


def test_results_page_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        pg = context.new_page()
        pg.goto(server + "/search/?q=du+lieu+dan+cu")
        assert _page_results(pg)
        width = pg.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, width
        for sel in ("#search-filter-kind", "#search-filter-doc", "#search-filter-status", "#search-page-input"):
            bb = pg.locator(sel).bounding_box()
            assert bb["x"] >= 0 and bb["x"] + bb["width"] <= 390, sel
    finally:
        context.close()


def test_abbreviation_finds_the_tasks_that_spell_the_name(search_tab):
    pg = search_tab("vi")
    # agencies.yml abbr BCA of "Bộ Công an"; 350/QĐ-TTg Điều 1 IV.2 is headed "2. Bộ Công an"
    urls = type_query(pg, "BCA")
    assert urls[0] == "agencies/bo-cong-an/" and "plans/350-qd-ttg/#art1-iv-2" in urls
    n = int(re.search(r"\d+", pg.locator(".site-search__all").inner_text()).group())
    assert n > 20


def test_typing_on_does_not_empty_the_list(search_tab):
    pg = search_tab("vi")
    type_query(pg, "chuyen doi so")
    full = int(re.search(r"\d+", pg.locator(".site-search__all").inner_text()).group())
    type_query(pg, "chuyen doi s")              # the last letter not typed yet: the list stays
    # (not exactly: "chuyển đổi số" also finds its abbreviation CĐS, glossary.yml)
    assert int(re.search(r"\d+", pg.locator(".site-search__all").inner_text()).group()) >= 0.9 * full


def test_the_word_for_number_is_not_needed(search_tab):
    # "Nghị quyết số 57-NQ/TW" is how the texts cite it (17-KH/BCĐ vi.txt:7); en.txt "Resolution No. 57-NQ/TW"
    assert type_query(search_tab("vi"), "Nghị quyết số 57")[0] == "citations/#57-nq-tw"
    assert type_query(search_tab("en"), "Resolution No. 57")[0] == "en/citations/#57-nq-tw"


def test_not_found_page_offers_the_address_as_a_search(page, server):
    page.goto(server + "/plans/17-kh-bcdd/")
    field = page.locator("article input[name=q]")
    assert field.input_value() == "plans 17 kh bcdd"
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=plans\+17\+kh\+bcdd$"))


# --- a common word in a big archive: blocks, best first --------------------------------------

ALPHA_PAGES, ALPHA_PER_PAGE = 30, 40
ALPHA_INDEX = {"BLOCK_BYTES": 2000, "RANGE_BYTES": 2000, "BOX_BUDGET": 3000, "PAGE_BUDGET": 6000}


def _alpha_site(site) -> list[str]:
    """A site whose every record holds the word "alpha": 30 pages of 40 records, every tenth a
    heading that begins with it, the others a paragraph that holds it; the paragraphs of the
    last ten pages hold "beta" too, and those of the last page "omega". Returns the URLs in the
    order search must list them for "alpha": the headings (a query that begins a heading,
    field HEADING) in document order, then the paragraphs (field REST) in document order."""
    import shutil as sh
    from tests.conftest import ROOT
    (site / "assets" / "javascripts").mkdir(parents=True)
    sh.copy(ROOT / "docs" / "assets" / "javascripts" / "search.js", site / "assets" / "javascripts" / "search.js")
    heads, rest = [], []
    for k in range(ALPHA_PAGES):
        body = []
        for j in range(ALPHA_PER_PAGE):
            i = k * ALPHA_PER_PAGE + j
            if i % 10 == 0:
                body.append(f'<h2 id="r-{i}">alpha mục {i}</h2><p>nội dung {i}</p>')
                heads.append(f"notes/p{k:02d}/#r-{i}")
            else:
                more = (" beta" if k >= ALPHA_PAGES - 10 else "") + (" omega" if k == ALPHA_PAGES - 1 else "")
                body.append(f'<div id="r-{i}"><p>ghi chú alpha số {i}{more}</p></div>')
                rest.append(f"notes/p{k:02d}/#r-{i}")
        page = site / "notes" / f"p{k:02d}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Ghi chép</title></head>'
                        f'<body><header></header><article><h1 id="top">Ghi chép {k}</h1>{"".join(body)}</article>'
                        '<script src="../../assets/javascripts/search.js"></script></body></html>', encoding="utf-8")
    (site / "search").mkdir()
    (site / "search" / "index.html").write_text(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tìm kiếm</title></head><body>'
        '<header></header><article><h1>Tìm kiếm</h1><div id="search-page"></div></article>'
        '<script src="../assets/javascripts/search.js"></script></body></html>', encoding="utf-8")
    return heads + rest


@pytest.fixture(scope="module")
def alpha(tmp_path_factory):
    """The alpha site, its index cut into small blocks, served by nginx; yields (base URL,
    the expected order, the site folder)."""
    from build_scripts import search as S
    from build_scripts.search import index as I
    from tests.conftest import _free_port, server_conf, start_nginx
    site = tmp_path_factory.mktemp("alpha") / "site"
    expected = _alpha_site(site)
    with pytest.MonkeyPatch.context() as mp:
        for k, v in ALPHA_INDEX.items():
            mp.setattr(I, k, v)
        fig = S.build_search_index(site)
    assert fig["vi"]["records"] == len(expected) + ALPHA_PAGES and fig["vi"]["blocks"] >= 5
    port = _free_port()
    proc = start_nginx(server_conf(tmp_path_factory.mktemp("alpha-nginx"), port, site), port)
    yield f"http://127.0.0.1:{port}", expected, site
    proc.terminate()
    proc.wait(timeout=10)


def _fetched(pg_requests, base, site) -> tuple[int, int]:
    """Bytes of the index files fetched, and of the posting blocks (p/) among them."""
    files = {site / u.split(base + "/", 1)[1].split("?")[0] for u in pg_requests if "/search-index/" in u}
    return sum(f.stat().st_size for f in files), sum(f.stat().st_size for f in files if f.parent.name == "p")


@contextlib.contextmanager
def _note_page(browser, base):
    """A page of the alpha archive, and the URLs of every request it makes (appended as made)."""
    context = browser.new_context()
    try:
        urls: list[str] = []
        context.on("request", lambda r: urls.append(r.url))
        pg = context.new_page()
        pg.goto(base + "/notes/p00/")
        yield pg, urls
    finally:
        context.close()


def test_box_reads_a_common_word_within_the_budget(browser, alpha):
    base, expected, site = alpha
    with _note_page(browser, base) as (pg, urls):
        got = type_query(pg, "alpha")
        assert got == expected[:8]
        total, blocks = _fetched(urls, base, site)
        postings = sum(f.stat().st_size for f in (site / "search-index" / "vi" / "p").iterdir())
        # blocks are read in document order, at most the box's budget, far from every posting of the word
        assert 0 < blocks <= ALPHA_INDEX["BOX_BUDGET"] < postings / 2, (blocks, postings)
        assert total <= 25_000, total
        n = int(re.search(r"\d+", pg.locator(".site-search__status").inner_text()).group())
        assert 8 <= n < len(expected)
        assert pg.locator(".site-search__status").inner_text() == f"Ít nhất {n} kết quả"
        assert pg.locator(".site-search__all").inner_text() == f"Xem tất cả kết quả (ít nhất {n})"
        # three common words, a phrase of the paragraphs only: blocks are read, within the budget
        urls.clear()
        assert type_query(pg, "ghi chú alpha") == [u for u in expected if int(u.rsplit("-", 1)[1]) % 10][:8]
        total, blocks = _fetched(urls, base, site)
        assert 0 < blocks <= ALPHA_INDEX["BOX_BUDGET"] < postings / 2
        # the list is not read to its end: the count says so


def test_index_files_are_asked_for_with_the_manifests_version(browser, alpha):
    """After a release, a browser never mixes cached index files of the earlier one with the new
    manifest: each file's address carries the version the manifest names (revalidated itself)."""
    base, _, site = alpha
    version = json.loads((site / "search-index" / "vi" / "manifest.json").read_text())["v"]
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    with _note_page(browser, base) as (pg, urls):
        type_query(pg, "alpha")
        files = [u.split("/search-index/vi/", 1)[1] for u in urls if "/search-index/" in u]
        assert "manifest.json" in files and len(files) > 2
        assert all(f.endswith(f".json?v={version}") for f in files if f != "manifest.json"), files


def test_show_more_reads_on_in_order(browser, alpha):
    base, expected, site = alpha
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.goto(base + "/search/?q=alpha")
        urls = _page_results(pg)
        assert urls == expected[:50]
        assert pg.locator("#search-page-status").inner_text().startswith("Ít nhất ")
        more = pg.locator(".search-page__more")
        for n in range(100, len(expected) + 50, 50):
            more.click()
            pg.wait_for_function("n => document.querySelectorAll('#search-page-results li').length >= n",
                                 arg=min(n, len(expected)))
            assert _page_results(pg) == expected[:n]
        assert more.is_hidden()                              # read to the end: the exact count
        assert pg.locator("#search-page-status").inner_text() == f"{len(expected)} kết quả"
    finally:
        context.close()


def _page_of(url: str) -> int:
    return int(url.split("/")[1][1:])


def test_a_rare_word_spares_the_blocks_of_a_common_one(browser, alpha):
    base, expected, site = alpha
    with _note_page(browser, base) as (pg, urls):
        # "omega" is on the last page only: of "alpha" only the blocks of that page are read, and
        # the list is complete
        got = type_query(pg, "alpha omega")
        want = [u for u in expected if _page_of(u) == ALPHA_PAGES - 1 and int(u.rsplit("-", 1)[1]) % 10]
        assert got == want[:8]
        assert pg.locator(".site-search__status").inner_text() == f"{len(want)} kết quả"
        _, blocks = _fetched(urls, base, site)
        assert 0 < blocks <= 2 * ALPHA_INDEX["RANGE_BYTES"] + 1000, blocks


def test_box_says_when_it_has_not_read_far_enough(browser, alpha):
    base, expected, site = alpha
    # "alpha beta": both common, together only in the last ten pages, beyond what the box reads
    want = [u for u in expected if _page_of(u) >= ALPHA_PAGES - 10 and int(u.rsplit("-", 1)[1]) % 10]
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.goto(base + "/notes/p00/")
        # pasted, not typed: one search (each search typed so far would read its own budget)
        box = pg.locator("#site-search-input")
        box.fill("alpha beta")
        pg.wait_for_function("() => document.getElementById('site-search-results').dataset.query === 'alpha beta'")
        assert pg.locator("#site-search-results [role=option]").count() == 0
        assert pg.locator(".site-search__status").inner_text() == (
            "Phần đã đọc chưa có trang nào chứa mọi từ của “alpha beta”; trang kết quả tìm tiếp.")
        link = pg.locator(".site-search__all")
        assert link.inner_text() == "Tìm tiếp trên trang kết quả"
        link.click()
        pg.wait_for_url(re.compile(r"/search/\?q=alpha\+beta$"))
        more = pg.locator(".search-page__more")
        got = _page_results(pg)
        for _ in range(20):                       # each "Show more" reads on, in document order
            if more.is_hidden():
                break
            n = pg.evaluate("() => document.querySelectorAll('#search-page-results li').length")
            status = pg.locator("#search-page-status").inner_text()
            more.click()
            pg.wait_for_function("([n, s]) => document.querySelectorAll('#search-page-results li').length > n"
                                 " || document.getElementById('search-page-status').innerText !== s", arg=[n, status])
            got = _page_results(pg)
            assert got == want[:len(got)]
        assert got == want and more.is_hidden()
        assert pg.locator("#search-page-status").inner_text() == f"{len(want)} kết quả"
    finally:
        context.close()
