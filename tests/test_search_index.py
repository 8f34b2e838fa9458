"""Search index (build_scripts/search/): folding, tokens, stems, records and fields, postings,
shards, synonyms and deadline terms.

Inputs are real lines of source_texts/; every expected value is read from those texts (or
from agencies.yml and glossary.yml), never copied from the code's output. Matching and ranking
run in the browser and are tested there (tests/test_search_browser.py), which also holds the
browser's tokens, folds and stems to the tables below.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_scripts import search as S
from build_scripts.search import index as I, records as R, terms as TM
from build_scripts.text import fold
from tests.conftest import document_pages


# --- folding and exact forms ------------------------------------------------------------------

@pytest.mark.parametrize("text,folded", [
    # 17-KH/BCĐ II.2.2: "... Quân uỷ Trung ương, Đảng uỷ Công an Trung ương)."
    ("Đảng uỷ Công an Trung ương", "dang uy cong an trung uong"),
    # đ and Đ fold to d: Pagefind does not do this, and readers type "dang" for "Đảng"
    ("ĐẢNG ỦY CÔNG AN", "dang uy cong an"),
    ("đường truyền", "duong truyen"),
    # 46-TB/TGV I.2.c and 350/QĐ-TTg print the two tone placements
    ("Toà án nhân dân tối cao", "toa an nhan dan toi cao"),
    ("Tòa án nhân dân tối cao", "toa an nhan dan toi cao"),
    ("số hoá", "so hoa"),
    ("số hóa", "so hoa"),
    ("17-KH/BCĐ", "17-kh/bcd"),
])
def test_fold_removes_case_and_every_diacritic_including_d_bar(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("a,b", [
    ("hoá", "hóa"), ("uỷ", "ủy"), ("Toà", "tòa"), ("HOÁ", "hóa"), ("Uỷ", "ỦY"),
    ("khoẻ", "khỏe"),     # 17-KH/BCĐ III.4.b "sức khoẻ"
    ("toả", "tỏa"),       # 17-KH/BCĐ III.1.3 "lan toả"
    ("xoá", "xóa"),       # 17-KH/BCĐ IV.8 "xoá bỏ các thôn, bản lõm sóng"
])
def test_exact_form_merges_the_two_tone_placements(a, b):
    assert TM.exact_form(a) == TM.exact_form(b)


@pytest.mark.parametrize("a,b", [
    ("đường", "dương"),   # different words that fold alike: exact forms keep them apart
    ("Đảng", "đang"),
    ("hoàn", "hoan"),
])
def test_exact_form_keeps_diacritics(a, b):
    assert fold(a) == fold(b)
    assert TM.exact_form(a) != TM.exact_form(b)


def test_exact_form_keeps_oa_inside_a_syllable():
    # "hoàn" (17-KH/BCĐ: "Hoàn thành trước ngày 30/4/2026") is not an old-style "hoà" + "n"
    assert TM.exact_form("Hoàn") == "hoàn"


# --- tokens -------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,tokens", [
    # 17-KH/BCĐ III.2.b.7
    ("Phối hợp với Bộ Công an, Ban Cơ yếu Chính phủ hướng dẫn về đăng ký chữ ký số, xác thực thông tin qua VneID.",
     ["Phối", "hợp", "với", "Bộ", "Công", "an", "Ban", "Cơ", "yếu", "Chính", "phủ", "hướng", "dẫn", "về",
      "đăng", "ký", "chữ", "ký", "số", "xác", "thực", "thông", "tin", "qua", "VneID"]),
    # document numbers split at "-" and "/"
    ("Kế hoạch số 02-KH/BCĐTW", ["Kế", "hoạch", "số", "02", "KH", "BCĐTW"]),
    # 17-KH/BCĐ II.1.3: "ứng trực 24/7"; agencies.yml abbreviation "Bộ KH&CN"
    ("ứng trực 24/7 (SOC)", ["ứng", "trực", "24", "7", "SOC"]),
    ("Bộ KH&CN", ["Bộ", "KH", "CN"]),
])
def test_tokenize_real_lines(line, tokens):
    assert TM.tokenize(line) == tokens


def test_tokenize_decomposed_input_gives_the_composed_word():
    import unicodedata
    assert TM.tokenize(unicodedata.normalize("NFD", "Đảng uỷ")) == ["Đảng", "uỷ"]


# English plurals (the S-stemmer), on folded words; the browser's stemEn is held to this table
STEMS = [
    ("databases", "database"),        # 350/QĐ-TTg en.txt: "national databases"
    ("agencies", "agency"),           # "relevant agencies"
    ("committees", "committee"),      # "People's Committees"
    ("processes", "processe"),        # -es kept as -e: the singular "process" is left alone
    ("process", "process"), ("status", "status"), ("access", "access"),
    ("moocs", "mooc"),                # glossary abbr_en "MOOCs"
    ("its", "its"), ("has", "has"),   # three letters or fewer: kept
    ("ministries", "ministry"), ("localities", "locality"),
]


@pytest.mark.parametrize("word,stem", STEMS)
def test_english_plurals_stem_to_the_singular(word, stem):
    assert TM.stem_en(word) == stem


# American spellings a reader types, and the British ones the site prints (both sides fold to one)
SPELLINGS = [("Center", "Centre"), ("centers", "centres"), ("digitization", "digitisation"),
             ("organizations", "organisations"), ("prioritize", "prioritise"), ("standardized", "standardised"),
             ("program", "programme"), ("defense", "defence")]


@pytest.mark.parametrize("us,uk", SPELLINGS)
def test_american_and_british_spellings_are_one_term(us, uk):
    assert TM.fold_term(us, "en") == TM.fold_term(uk, "en")
    assert TM.fold_term(us, "vi") != TM.fold_term(uk, "vi")


def test_stems_only_on_the_english_site():
    assert TM.fold_term("Databases", "en") == "database"
    assert TM.fold_term("Databases", "vi") == "databases"
    assert TM.fold_term("Đảng", "en") == "dang"


def test_digits_and_letters_are_separate_words():
    # "57NQ/TW" typed without the hyphen is the same words as "57-NQ/TW"
    assert TM.tokenize("57NQ/TW") == TM.tokenize("57-NQ/TW") == ["57", "NQ", "TW"]
    # 17-KH/BCĐ footnote 1: "tại 1A Hùng Vương"
    assert TM.tokenize("1A Hùng Vương") == ["1", "A", "Hùng", "Vương"]


@pytest.mark.parametrize("values,terms", [
    # tasks.json: a day deadline gives its day and its month
    (["2026-06-30"], [("~d2026-06-30", 2), ("~m2026-06", 2)]),
    # "trong tháng 4/2025" (17-KH/BCĐ III.2.b.7): the month, and its last day, weaker
    (["2025-04"], [("~m2025-04", 2), ("~e2025-04-30", 1)]),
    (["2024-02"], [("~m2024-02", 2), ("~e2024-02-29", 1)]),     # a leap year
    (["2025", None, "2026-Q2"], []),                            # years, quarters: no day to ask for
    (["2025-12-20", "2025-12-20"], [("~d2025-12-20", 2), ("~m2025-12", 2)]),   # once each
])
def test_date_terms(values, terms):
    assert TM.date_terms(values) == terms


def test_postings_round_trip():
    by_record = {7: [1, 0, [3, 9]], 12: [3, 2, [0]], 300: [0, 3, [5, 6, 40]]}
    flat = I.encode_postings(by_record)
    assert flat[:4] == [7, 2 * 16 + 1 * 4 + 0, 3, 6]   # delta id, meta, first position, difference       # delta id, meta, first position, difference
    assert I.decode_postings(flat) == {r: (f, b, p) for r, (f, b, p) in by_record.items()}


def test_big_shards_split_by_one_more_letter(monkeypatch):
    monkeypatch.setattr(I, "SHARD_SPLIT_BYTES", 60)
    enc = {t: {t: [1, 16, 0]} for t in ("va", "van", "vao", "vanh", "vu", "a")}
    plan = I.plan_shards(enc)
    assert plan["va"] == {"va": enc["va"]}                # a word as long as the key stays in it
    assert set(plan["van"]) == {"van", "vanh"} and set(plan["vao"]) == {"vao"}
    assert set(plan["vu"]) == {"vu"} and set(plan["a"]) == {"a"}
    # every word is in exactly one shard
    assert sorted(t for sh in plan.values() for t in sh) == sorted(enc)
    assert I.key_name("~d2") == "_7e_d2"


def test_synonyms_from_the_glossary():
    # glossary.yml: "cơ sở dữ liệu" / "database", abbr [CSDL]; "KH" (two letters, Vietnamese only) does not expand
    terms = [{"vi": "cơ sở dữ liệu", "en": "database", "abbr": ["CSDL"], "abbr_en": []},
             {"vi": "khoa học, công nghệ", "en": "science and technology", "abbr": ["KH", "CN", "KHCN"], "abbr_en": []},
             {"vi": "trí tuệ nhân tạo", "en": "artificial intelligence", "abbr": ["AI"], "abbr_en": ["AI"]},
             {"vi": "chính phủ số", "en": "digital government"}]
    groups = S.synonyms(terms, "vi")
    assert [["co", "so", "du", "lieu"], ["database"], ["csdl"]] in groups
    khcn = next(g for g in groups if ["khcn"] in g)
    assert ["kh"] not in khcn and ["cn"] not in khcn
    assert any(["ai"] in g for g in groups)
    assert not any(["digital", "government"] in g for g in groups)      # no abbreviation: no group
    assert [["co", "so", "du", "lieu"], ["database"], ["csdl"]] in S.synonyms(terms, "en")


# --- records from the built HTML --------------------------------------------------------------

def _records(site, doc_id: str, with_data: bool = False) -> list:
    """The records of every page of a document (its parts too: build_scripts/pages/parts.py)."""
    pages = document_pages(site, doc_id)
    if with_data:
        return S.collect_records(site, "vi", pages)
    tasks = S.task_index(json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))["tasks"], "vi")
    out = []
    for url, html in pages:
        lang, recs = S.split_records(html, url, tasks)
        assert lang == "vi"
        out += recs
    return out


def _by_anchor(recs) -> dict[str, list]:
    """Records by the anchor of their address ('' for a page's own record): a task's page is
    the part of its document that has it, which these tests do not pin."""
    by: dict[str, list] = {}
    for r in recs:
        by.setdefault(r.url.split("#", 1)[1] if "#" in r.url else ("" if r.url.count("/") == 2 else r.url), []).append(r)
    return by


@pytest.fixture(scope="module")
def plan17_records(built):
    return _by_anchor(_records(built / "site", "17-kh-bcd"))


def test_task_record_is_the_task_block(plan17_records):
    # 17-KH/BCĐ III.6.c: "c) Đảng uỷ Công an Trung ương: Chỉ đạo các cơ quan, ..."
    (rec,) = plan17_records["iii-6-c"]
    assert rec.text.startswith("c) Đảng uỷ Công an Trung ương: Chỉ đạo các cơ quan")
    assert rec.section == "6. Bảo đảm an ninh mạng, bảo mật thông tin, an toàn dữ liệu"
    assert rec.page.startswith("Kế hoạch 17-KH/BCĐ")
    assert "¶" not in rec.text


def test_inline_subtasks_are_records_of_their_own(plan17_records):
    # 17-KH/BCĐ III.2.b, second bullet: "Xây dựng và trình cấp có thẩm quyền ban hành: (1) Hướng
    # dẫn về nghiệp vụ - kỹ thuật ... (2) Hướng dẫn về việc lập, giao nộp hồ sơ ... (4) Quy định
    # về định danh và xác thực điện tử; quy định về Cổng Ứng dụng nội bộ ..."
    (lead,) = plan17_records["iii-2-b-2"]
    assert lead.text.startswith("- Xây dựng và trình cấp có thẩm quyền ban hành:")
    assert "Hướng dẫn về nghiệp vụ" not in lead.text
    (one,) = plan17_records["iii-2-b-2-1"]
    assert one.text.startswith("(1) Hướng dẫn về nghiệp vụ - kỹ thuật")
    assert "(2)" not in one.text
    (two,) = plan17_records["iii-2-b-2-2"]
    assert "giao nộp hồ sơ công việc điện tử" in two.text
    (four,) = plan17_records["iii-2-b-2-4"]
    assert "Cổng Ứng dụng nội bộ" in four.text


def test_heading_and_page_records(plan17_records):
    (sec,) = plan17_records["iii-6"]
    assert sec.title == "6. Bảo đảm an ninh mạng, bảo mật thông tin, an toàn dữ liệu"
    assert sec.section == "III- NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM 2026"
    top = plan17_records[""][0]       # the h1 links to the page itself
    assert top.title.startswith("Kế hoạch 17-KH/BCĐ")
    # footnote 1: "Trung tâm dự phòng tại 1A Hùng Vương ..."
    (fn,) = plan17_records["fn:1"]
    assert "Hùng Vương" in fn.text


def test_a_heading_repeated_on_a_document_s_next_page_is_no_record(built):
    # 17-KH/BCĐ's section III runs over two pages; the second repeats its heading, "(tiếp theo)"
    recs = _records(built / "site", "17-kh-bcd")
    heads = [r for r in recs if r.title.startswith("III- NHIỆM VỤ")]
    assert len(heads) == 1 and heads[0].url.endswith("#iii")
    assert not [r.url for r in recs if r.url.endswith("-cont") or "(tiếp theo)" in r.section + r.text]
    assert "(tiếp theo)" in "".join(h for _, h in document_pages(built / "site", "17-kh-bcd"))


def test_split_records_needs_no_theme_markup():
    html = ('<html lang="en"><head><title>T</title></head><body><header>menu</header><main>'
            '<h1 id="top">Plan</h1><p>Intro words.</p>'
            '<section id="s-1"><p>First part.</p></section>'
            '<h2 id="later">Later</h2><p>Closing<span id="m1"></span> marked.</p></main></body></html>')
    lang, recs = S.split_records(html, "x/")
    assert lang == "en"
    assert [(r.url, r.text) for r in recs] == [
        ("x/", "Plan Intro words."), ("x/#s-1", "First part."),
        ("x/#later", "Later Closing"), ("x/#m1", "marked.")]


def test_words_do_not_run_together_across_elements():
    html = '<html lang="vi"><article><h1 id="a">X</h1><dl><dt>Loại</dt><dd>Đảng uỷ</dd></dl></article></html>'
    _, recs = S.split_records(html, "a/")
    assert TM.tokenize(recs[0].text) == ["X", "Loại", "Đảng", "uỷ"]


def _searched(rec, lang="vi"):
    """{folded word: strongest field} of a record, as the index stores it."""
    out = {}
    for folded, _, fld, _ in I.record_terms(rec, lang):
        out[folded] = max(out.get(folded, -1), fld)
    return out


def test_task_fields_label_and_lead_agency(plan17_records):
    # 17-KH/BCĐ III.6.c: "c) Đảng uỷ Công an Trung ương: Chỉ đạo ..."; the page names its lead
    (rec,) = plan17_records["iii-6-c"]
    assert rec.kind == "task" and rec.doc == "17-kh-bcd" and rec.status
    words = _searched(rec)
    assert words["chi"] == R.TASK                     # the task's own text
    assert words["iii"] == R.HEADING                  # its label "III.6.c"
    assert words["dang"] == R.HEADING                 # its lead agency, linked in the task's line
    assert rec.label == "III.6.c"
    assert "Chủ trì:" not in rec.text                  # the generated "Lead:" label
    assert not any(st in rec.text for st in ("Đã qua thời hạn", "Đang thực hiện", "Không có ngày cụ thể"))


def test_generated_labels_are_not_searched(built):
    # agency.md.j2 prints "Loại", "Tên tiếng Anh" beside each agency's facts
    html = (built / "site" / "agencies" / "bo-noi-vu" / "index.html").read_text(encoding="utf-8")
    recs = S.collect_records(built / "site", "vi", [("agencies/bo-noi-vu/", html)])
    assert len(recs) == 1                            # the agency page is found by its names only
    words = _searched(recs[0])
    assert "loai" not in words and "tieng" not in words and "anh" not in words
    assert words["moha"] == R.NAME if "moha" in words else words["home"] == R.NAME   # English name (agencies.yml en)
    assert words["noi"] == R.NAME


def test_key_value_labels_are_shown_but_not_searched(built):
    # 350/QĐ-TTg appendix row I.3: "| Cơ quan chủ trì | Bộ Nội vụ |" (the label is col_lead, generated)
    (row,) = _by_anchor(_records(built / "site", "350-qd-ttg"))["pl-i-3"]
    assert "· Cơ quan chủ trì: Bộ Nội vụ ·" in row.text
    assert "Sản phẩm đầu ra:" in row.text and "pham" not in _searched(row)   # col_output, generated
    assert "MOOCs" in row.text and row.kind == "task"


def test_listed_copies_of_tasks_are_not_indexed(built):
    # a month page lists tasks that are found on their documents' pages
    html = (built / "site" / "deadlines" / "2026-06" / "index.html").read_text(encoding="utf-8")
    recs = S.collect_records(built / "site", "vi", [("deadlines/2026-06/", html)])
    text = " ".join(r.text for r in recs)
    assert "Nhiệm vụ" in text and len(text) < 300, text[:300]
    assert ("~p2026-06", R.NAME) in recs[0].terms


def test_cited_documents_are_named_records(built):
    html = (built / "site" / "citations" / "index.html").read_text(encoding="utf-8")
    _, recs = S.split_records(html, "citations/")
    # 17-KH/BCĐ I.3 and 02-KH/BCĐTW cite "Nghị quyết số 57-NQ/TW"
    (nq57,) = [r for r in recs if r.url == "citations/#57-nq-tw"]
    assert nq57.kind == "document" and _searched(nq57)["57"] == R.NAME


def test_task_records_carry_their_deadline_terms(built):
    # 17-KH/BCĐ III.2.b.7: "Hoàn thành trong tháng 4/2025"
    site = built / "site"
    (rec,) = _by_anchor(_records(site, "17-kh-bcd", with_data=True))["iii-2-b-7"]
    assert ("~m2025-04", R.NAME) in rec.terms and ("~e2025-04-30", R.HEADING) in rec.terms


# --- the index on disk --------------------------------------------------------------------------

def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def index_root(built) -> Path:
    return built / "site" / S.INDEX_DIR


def test_one_index_per_language(index_root):
    for lang in ("vi", "en"):
        m = json.loads((index_root / lang / "manifest.json").read_text(encoding="utf-8"))
        assert m["lang"] == lang and m["records"] > 100 and m["shards"]


def test_material_search_index_is_gone(built):
    assert not (built / "site" / "search" / "search_index.json").exists()


def test_shards_are_small_parts_of_the_index(index_root):
    for lang in ("vi", "en"):
        files = _tree(index_root / lang)
        total = sum(len(b) for b in files.values())
        shards = {k: len(b) for k, b in files.items() if k.startswith("t/")}
        chunks = {k: len(b) for k, b in files.items() if k.startswith("r/")}
        assert len(shards) > 100 and len(chunks) > 20
        assert max(shards.values()) < 3 * I.SHARD_SPLIT_BYTES
        assert max(shards.values()) < 0.05 * total, (lang, max(shards.items(), key=lambda kv: kv[1]))
        assert max(chunks.values()) < 0.05 * total
        # every query reads the manifest first: it holds the shard list and the synonyms of the
        # glossary and the registry, which do not grow with the documents; a budget of 20 KB
        assert len(files["manifest.json"]) < 20_000


def test_index_is_deterministic(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    S.build_search_index(site)
    first = _tree(site / S.INDEX_DIR)
    S.build_search_index(site)
    assert _tree(site / S.INDEX_DIR) == first
    assert first == _tree(built / "site" / S.INDEX_DIR)


def test_figures_are_returned(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    fig = S.build_search_index(site)
    assert set(fig) == {"vi", "en"}
    assert fig["vi"]["pages"] > 10 and fig["vi"]["records"] > fig["vi"]["pages"]




def test_sub_tasks_carry_their_own_number_and_lead(built):
    # 02-KH/BCĐTW IV.4 giai đoạn 2 b): "Bộ Khoa học và Công nghệ: (1) Chủ trì, phối hợp với Văn
    # phòng Trung ương Đảng ... (2) ..."; each inline sub-task has its own line on the page
    site = built / "site"
    recs = _by_anchor(_records(site, "02-kh-bcdtw", with_data=True))
    (one,) = recs["iv-4-p2-b-1"]
    assert one.label == "IV.4.b.1" and one.names == "Bộ Khoa học và Công nghệ"
    assert recs["iv-4-p2-b"][0].names == ""        # the lead-in line leads nothing itself


def test_cited_documents_are_headed_by_their_name_and_other_pages_are_not_documents(built):
    site = built / "site"
    html = (site / "citations" / "index.html").read_text(encoding="utf-8")
    recs = {r.url: r for r in S.collect_records(site, "vi", [("citations/", html)])}
    assert recs["citations/#57-nq-tw"].title == "Nghị quyết 57-NQ/TW"
    html = (site / "plans" / "without-lead" / "index.html").read_text(encoding="utf-8")
    recs = S.collect_records(site, "vi", [("plans/without-lead/", html)])
    assert recs and all(r.doc == "" and r.kind != "document" for r in recs)


def test_agency_abbreviations_are_synonyms_of_their_names():
    # agencies.yml: bo-cong-an, vi "Bộ Công an", en "Ministry of Public Security", abbr [BCA];
    # a two-letter alias does not expand
    agencies = [{"name": {"vi": "Bộ Công an", "en": "Ministry of Public Security"}, "aliases": ["BCA", "CA"]},
                {"name": {"vi": "Bộ Tài chính", "en": "Ministry of Finance"}, "aliases": []}]
    groups = S.agency_synonyms(agencies, "vi")
    assert groups == [[["ministry", "of", "public", "security"], ["bo", "cong", "an"], ["bca"]]]


# --- blocks: a common word's postings, best first ----------------------------------------------

def _synthetic_records(n: int) -> list:
    """``n`` records that all hold "dữ liệu": every 50th in a name (NAME), every tenth in a
    heading (HEADING), the others in the text of a task (TASK) or of a page (REST)."""
    recs = []
    for i in range(n):
        r = R.Record(f"p{i // 40}/#r-{i}", f"Trang {i // 40}", "", kind="task" if i % 3 == 0 else "page")
        if i % 50 == 0:
            r.add(f"Cơ sở dữ liệu {i}" + R.BREAK, R.NAME)
        elif i % 10 == 0:
            r.add(f"Dữ liệu dân cư {i}" + R.BREAK, R.HEADING)
        r.add(f"Cập nhật dữ liệu số {i} cho cơ quan", R.TASK if r.kind == "task" else R.REST)
        recs.append(r)
    return recs


def _read_term(out: Path, folded: str) -> tuple[dict | None, list[dict]]:
    """The header of a term and its blocks, the first from its shard."""
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    key = max((k for k in m["shards"] if folded.startswith(k)), key=len)
    entry = dict(json.loads((out / "t" / f"{I.key_name(key)}.json").read_text(encoding="utf-8"))[folded])
    head = entry.pop("~", None)
    blocks = [entry] + [json.loads((out / "p" / f"{b[0]}.json").read_text(encoding="utf-8")) for b in (head or {}).get("b", [])]
    return head, blocks


def _decoded(blocks: list[dict]) -> dict:
    out = {}
    for blk in blocks:
        for exact, flat in blk.items():
            for rid, v in I.decode_postings(flat).items():
                assert (exact, rid) not in out, "a record is in one block only"
                out[(exact, rid)] = v
    return out


def _rids(block: dict) -> list[int]:
    return sorted({rid for flat in block.values() for rid in I.decode_postings(flat)})


def test_big_terms_are_cut_into_blocks_names_first_then_in_document_order(tmp_path, monkeypatch):
    recs = _synthetic_records(3000)
    monkeypatch.setattr(I, "BLOCK_BYTES", 10 ** 9)
    whole = I.write_index(tmp_path / "whole", "vi", recs, {"syn": []})
    monkeypatch.setattr(I, "BLOCK_BYTES", 2000)
    monkeypatch.setattr(I, "RANGE_BYTES", 3000)
    cut = I.write_index(tmp_path / "cut", "vi", recs, {"syn": []})
    assert whole["blocked_terms"] == 0 and cut["blocked_terms"] >= 3
    head_w, blocks_w = _read_term(tmp_path / "whole", "du")
    head, blocks = _read_term(tmp_path / "cut", "du")
    assert head_w is None and len(blocks_w) == 1
    # the same postings, every record in one block
    assert _decoded(blocks) == _decoded(blocks_w)
    assert head["n"] == 3000 == sum(len(_rids(b)) for b in blocks)
    # the first block: the records that have the word in a name (every 50th), as many as fit,
    # then every record up to id "c"; the others in document order, each block a range of ids
    first = _rids(blocks[0])
    named = [r for r in first if r > head["c"]]
    assert named and all(r % 50 == 0 for r in named) and named == list(range(named[0], named[-1] + 1, 50))
    assert [r for r in first if r <= head["c"]] == list(range(head["c"] + 1))
    ranges = [(b[4], b[5]) for b in head["b"]]
    assert ranges[0][0] == head["c"] + 1 and ranges[-1][1] == 2999
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:]))
    for (lo, hi), blk, meta in zip(ranges, blocks[1:], head["b"]):
        assert set(_rids(blk)) == set(range(lo, hi + 1)) - set(named)
        assert meta[1] == len(_rids(blk)) and meta[2] == (R.HEADING if any(r % 10 == 0 for r in _rids(blk)) else R.TASK)
    assert head["f"] == R.NAME
    # sizes: the first block about BLOCK_BYTES, the others about RANGE_BYTES; the header
    # gives each file's size
    assert len(json.dumps(blocks[0], separators=(",", ":"))) < 2 * 2000
    for n, files, fld, size, lo, hi in head["b"]:
        assert (tmp_path / "cut" / "p" / f"{n}.json").stat().st_size == size < 2 * 3000
    # the manifest tells the browser how much of the blocks a search reads
    assert json.loads((tmp_path / "cut" / "manifest.json").read_text())["budget"] == {"box": I.BOX_BUDGET, "page": I.PAGE_BUDGET}


def test_passages_carry_their_place_in_their_block():
    # a record cut into passages: the browser shows the best passage of a block, and needs the
    # first passage's id, which the postings give (meta + passage * 256)
    flat = I.encode_postings({5: [0, 1, [3], 2]})
    assert flat == [5, 2 * 256 + 16 + 1, 3] and I.decode_postings(flat) == {5: (0, 1, [3], 2)}


# --- the build: one language, the cache, the open data given --------------------------------

@pytest.fixture
def site_copy(built, tmp_path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(built / "site", site, ignore=shutil.ignore_patterns(S.INDEX_DIR))
    return site


def test_one_language_at_a_time(built, site_copy):
    full = _tree(built / "site" / S.INDEX_DIR)
    fig = S.build_search_index(site_copy, langs=["en"])
    assert set(fig) == {"en"} and sorted(p.name for p in (site_copy / S.INDEX_DIR).iterdir()) == ["en"]
    S.build_search_index(site_copy, langs=["vi"])          # the English index is left as it is
    assert _tree(site_copy / S.INDEX_DIR) == full
    S.build_search_index(site_copy, langs=["en"])
    assert _tree(site_copy / S.INDEX_DIR) == full


def test_languages_side_by_side_give_the_same_index(built, site_copy):
    fig = S.build_search_indexes(site_copy)
    assert set(fig) == {"vi", "en"}
    assert _tree(site_copy / S.INDEX_DIR) == _tree(built / "site" / S.INDEX_DIR)


def test_open_data_given_is_the_open_data_read(built, site_copy):
    data = S.load_data(site_copy)
    assert set(data) == {"plans", "tasks", "agencies", "glossary"} and data["tasks"]["tasks"]
    shutil.rmtree(site_copy / "data")                      # not read again
    S.build_search_index(site_copy, data=data)
    assert _tree(site_copy / S.INDEX_DIR) == _tree(built / "site" / S.INDEX_DIR)


def test_cache_reads_again_only_the_changed_page(built, site_copy, tmp_path):
    cache = tmp_path / "cache"
    full = _tree(built / "site" / S.INDEX_DIR)
    cold = S.build_search_index(site_copy, cache_dir=cache)
    assert cold["vi"]["cached_pages"] == 0 and _tree(site_copy / S.INDEX_DIR) == full
    warm = S.build_search_index(site_copy, cache_dir=cache)
    assert all(warm[lg]["cached_pages"] == warm[lg]["pages"] for lg in warm)
    assert _tree(site_copy / S.INDEX_DIR) == full            # same bytes from the cache
    # one page changes (17-KH/BCĐ III.3.c, 4th bullet: "lõm sóng"): only it is read again
    (url,) = [u for u, h in document_pages(site_copy, "17-kh-bcd") if 'id="iii-3-c-4"' in h]
    page = site_copy / url / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("lõm sóng", "vùng lõm sóng di động"), encoding="utf-8")
    again = S.build_search_index(site_copy, cache_dir=cache)
    assert again["vi"]["cached_pages"] == again["vi"]["pages"] - 1
    assert again["en"]["cached_pages"] == again["en"]["pages"]
    changed = _tree(site_copy / S.INDEX_DIR)
    assert changed != full
    assert _tree(_fresh_index(site_copy, tmp_path / "fresh")) == changed
    # the open data a page depends on is part of its key: a task's status is shown in its result
    tasks = json.loads((site_copy / "data" / "tasks.json").read_text(encoding="utf-8"))
    t = next(t for t in tasks["tasks"] if t["plan"] == "46-tb-tgv")
    t["status"] = "ongoing" if t["status"] != "ongoing" else "passed"
    (site_copy / "data" / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    again = S.build_search_index(site_copy, cache_dir=cache)
    assert again["vi"]["cached_pages"] == again["vi"]["pages"] - 1
    assert _tree(_fresh_index(site_copy, tmp_path / "fresh2")) == _tree(site_copy / S.INDEX_DIR)
    # entries of pages no longer built are removed
    assert len(list((cache / "vi").iterdir())) == again["vi"]["pages"]


def _fresh_index(site: Path, dest: Path) -> Path:
    """The index of a copy of ``site`` built without a cache."""
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns(S.INDEX_DIR))
    S.build_search_index(dest)
    return dest / S.INDEX_DIR


def test_pages_that_list_tasks_again_and_pagers_are_not_indexed():
    html = ('<html lang="vi"><article><h1 id="t">Tháng 6/2026</h1><p>Nhiệm vụ đến hạn</p>'
            '<div class="task-list"><table><tr><td>Xây dựng kho dữ liệu</td></tr></table></div>'
            '<nav class="pager"><a href="?p=2">2</a> <span class="pager">Trang sau</span></nav>'
            '<p class="pager">Trang 1 trên 3</p></article></html>')
    _, recs = S.split_records(html, "deadlines/2026-06/")
    text = " ".join(r.text for r in recs)
    assert "Nhiệm vụ đến hạn" in text and "kho" not in text and "Trang" not in text.replace("Tháng", "")


@pytest.mark.parametrize("url,field", [
    ("agencies/bo-noi-vu/", R.NAME),                 # the agency's page: its title is its name
    ("en/agencies/bo-noi-vu/", R.NAME),
    ("agencies/bo-noi-vu/2026/", R.HEADING),         # a big agency's year page ranks below it
    ("agencies/bo-noi-vu/2026/2/", R.HEADING),
    ("deadlines/2026-06/", R.NAME),                  # a month's first page
    ("deadlines/2026-06/2/", R.HEADING),             # and its later pages
    ("plans/17-kh-bcd/", R.NAME),
    ("plans/17-kh-bcd/iii/", R.HEADING),             # a later page of a long document
    ("en/plans/17-kh-bcd/iii/", R.HEADING),
    ("deadlines/year/", R.HEADING),
])
def test_a_long_list_s_later_pages_do_not_take_the_name(url, field):
    html = '<html lang="vi"><article><h1 id="t">Bộ Nội vụ</h1><p>x</p></article></html>'
    _, recs = S.split_records(html, url)
    assert [f for t, f, _ in recs[0].pieces if t.replace(R.BREAK, "").strip() == "Bộ Nội vụ"] == [field]
