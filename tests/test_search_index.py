"""Search index (build_scripts/search/__init__.py): folding, tokens, records, shards and ranking.

Inputs are real lines of source_texts/; every expected value is read from those texts (or
from agencies.yml), never copied from the code's output. The browser side, which must agree
with these rules, is tested in tests/test_search_browser.py.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_scripts import search as S
from build_scripts.text import fold


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
    assert S.exact_form(a) == S.exact_form(b)


@pytest.mark.parametrize("a,b", [
    ("đường", "dương"),   # different words that fold alike: exact forms keep them apart
    ("Đảng", "đang"),
    ("hoàn", "hoan"),
])
def test_exact_form_keeps_diacritics(a, b):
    assert fold(a) == fold(b)
    assert S.exact_form(a) != S.exact_form(b)


def test_exact_form_keeps_oa_inside_a_syllable():
    # "hoàn" (17-KH/BCĐ: "Hoàn thành trước ngày 30/4/2026") is not an old-style "hoà" + "n"
    assert S.exact_form("Hoàn") == "hoàn"


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
    assert S.tokenize(line) == tokens


def test_tokenize_decomposed_input_gives_the_composed_word():
    import unicodedata
    assert S.tokenize(unicodedata.normalize("NFD", "Đảng uỷ")) == ["Đảng", "uỷ"]


@pytest.mark.parametrize("folded,key", [("dang", "da"), ("uy", "uy"), ("a", "a"), ("2026", "20"),
                                        ("ø", "_f8_")])
def test_shard_key_is_the_first_two_folded_letters(folded, key):
    assert S.shard_key(folded) == key


def test_parse_query_last_word_is_a_prefix_while_typing():
    words = S.parse_query("dang uy cong a")
    assert [w.folded for w in words] == ["dang", "uy", "cong", "a"]
    assert [w.prefix for w in words] == [False, False, False, False]   # one letter: whole word only
    assert S.parse_query("Đảng uỷ Cô")[-1].prefix is True
    assert S.parse_query("Đảng uỷ Cô")[-1].exact == "cô"
    assert S.parse_query("Đảng uỷ ")[-1].prefix is False               # a space ends the word


def test_postings_round_trip_through_differences():
    ps = [35, 50, 212, 213]
    assert S.undeltas(S.deltas(ps)) == ps


# --- records from the built HTML --------------------------------------------------------------

@pytest.fixture(scope="module")
def plan17_records(built):
    html = (built / "site" / "plans" / "17-kh-bcd" / "index.html").read_text(encoding="utf-8")
    lang, recs = S.split_records(html, "plans/17-kh-bcd/")
    assert lang == "vi"
    by_url: dict[str, list] = {}
    for r in recs:
        by_url.setdefault(r.url, []).append(r)
    return by_url


def test_task_record_is_the_task_block(plan17_records):
    # 17-KH/BCĐ III.6.c: "c) Đảng uỷ Công an Trung ương: Chỉ đạo các cơ quan, ..."
    (rec,) = plan17_records["plans/17-kh-bcd/#iii-6-c"]
    assert rec.text.startswith("c) Đảng uỷ Công an Trung ương: Chỉ đạo các cơ quan")
    assert rec.section == "6. Bảo đảm an ninh mạng, bảo mật thông tin, an toàn dữ liệu"
    assert rec.page.startswith("Kế hoạch 17-KH/BCĐ")
    assert "¶" not in rec.text


def test_inline_subtasks_are_records_of_their_own(plan17_records):
    # 17-KH/BCĐ III.2.b, second bullet: "Xây dựng và trình cấp có thẩm quyền ban hành: (1) Hướng
    # dẫn về nghiệp vụ - kỹ thuật ... (2) Hướng dẫn về việc lập, giao nộp hồ sơ ... (4) Quy định
    # về định danh và xác thực điện tử; quy định về Cổng Ứng dụng nội bộ ..."
    (lead,) = plan17_records["plans/17-kh-bcd/#iii-2-b-2"]
    assert lead.text.startswith("- Xây dựng và trình cấp có thẩm quyền ban hành:")
    assert "Hướng dẫn về nghiệp vụ" not in lead.text
    (one,) = plan17_records["plans/17-kh-bcd/#iii-2-b-2-1"]
    assert one.text.startswith("(1) Hướng dẫn về nghiệp vụ - kỹ thuật")
    assert "(2)" not in one.text
    (two,) = plan17_records["plans/17-kh-bcd/#iii-2-b-2-2"]
    assert "giao nộp hồ sơ công việc điện tử" in two.text
    (four,) = plan17_records["plans/17-kh-bcd/#iii-2-b-2-4"]
    assert "Cổng Ứng dụng nội bộ" in four.text


def test_heading_and_page_records(plan17_records):
    (sec,) = plan17_records["plans/17-kh-bcd/#iii-6"]
    assert sec.title == "6. Bảo đảm an ninh mạng, bảo mật thông tin, an toàn dữ liệu"
    assert sec.section == "III- NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM 2026"
    top = plan17_records["plans/17-kh-bcd/"][0]       # the h1 links to the page itself
    assert top.title.startswith("Kế hoạch 17-KH/BCĐ")
    # footnote 1: "Trung tâm dự phòng tại 1A Hùng Vương ..."
    (fn,) = plan17_records["plans/17-kh-bcd/#fn:1"]
    assert "Hùng Vương" in fn.text


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
    assert S.tokenize(recs[0].text) == ["X", "Loại", "Đảng", "uỷ"]


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
        assert max(shards.values()) < 0.05 * total, (lang, max(shards.items(), key=lambda kv: kv[1]))
        assert max(chunks.values()) < 0.05 * total
        assert len(files["manifest.json"]) < 0.01 * total


def test_a_query_reads_a_small_fraction_of_the_index(index_root):
    total = sum(len(b) for b in _tree(index_root / "vi").values())
    results, fetched = S.search(index_root / "vi", "dang uy cong an")
    assert results
    assert sum(fetched.values()) < 0.10 * total, (sum(fetched.values()), total)


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


# --- ranking (the reference the browser follows) ----------------------------------------------

def _urls(index_root, lang, q, n=5):
    return [r["u"] for r in S.search(index_root / lang, q)[0][:n]]


def test_unaccented_query_finds_the_agency_first(index_root):
    # agencies.yml: dang-uy-cong-an-trung-uong, "Đảng uỷ Công an Trung ương"
    assert _urls(index_root, "vi", "dang uy cong an")[0] == "agencies/dang-uy-cong-an-trung-uong/"


def test_typed_diacritics_rank_exact_matches_first(index_root):
    # "đường truyền" (17-KH/BCĐ III.3.c, 02-KH/BCĐTW) and "biểu dương" (17-KH/BCĐ III.1.3)
    # fold alike; with the diacritics typed, the exact word wins.
    res, _ = S.search(index_root / "vi", "đường")
    assert res[0]["exact"] == 1 and "đường" in res[0]["x"]
    flags = [r["exact"] for r in res]
    assert flags == sorted(flags, reverse=True)
    res, _ = S.search(index_root / "vi", "dương")
    assert "dương" in res[0]["x"]
    assert "biểu dương" in res[0]["x"]


def test_both_tone_placements_give_the_same_results(index_root):
    assert _urls(index_root, "vi", "Toà án nhân dân tối cao", 10) == _urls(index_root, "vi", "Tòa án nhân dân tối cao", 10)
    assert _urls(index_root, "vi", "số hoá", 10) == _urls(index_root, "vi", "số hóa", 10)
    assert _urls(index_root, "vi", "Quân uỷ", 10) == _urls(index_root, "vi", "QUÂN ỦY", 10)


def test_more_matched_words_rank_first(index_root):
    res, _ = S.search(index_root / "vi", "Deepfake zzzqqq")
    # 17-KH/BCĐ III.2.b, fifth bullet, "(Deepfake)"; the second word is nowhere
    assert res and res[0]["u"] == "plans/17-kh-bcd/#iii-2-b-5"
    assert res[0]["matched"] == 1


def test_prefix_of_the_last_word(index_root):
    # "Kiểm toán Nhà nước" (agencies.yml dang-uy-kiem-toan-nha-nuoc) typed up to "nu"
    assert "agencies/dang-uy-kiem-toan-nha-nuoc/" in _urls(index_root, "vi", "dang uy kiem toan nha nu")


def test_abbreviations_from_the_registry(index_root):
    # agencies.yml: van-phong-trung-uong-dang abbr [VPTW]; bo-cong-an abbr [BCA]
    assert _urls(index_root, "vi", "VPTW")[0] == "agencies/van-phong-trung-uong-dang/"
    assert _urls(index_root, "en", "bca")[0] == "en/agencies/bo-cong-an/"
