"""Outline nesting and task extraction on real excerpts of Plan 17 (and the editor's marks)."""
import textwrap

from build_scripts.source.outline import match_marker, parse_outline
from build_scripts.problems import Problems
from build_scripts.source.reader import read_paragraphs

EXCERPT = textwrap.dedent("""\
    I- CĂN CỨ LẬP KẾ HOẠCH

    - Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá
    phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;

    Ban Chỉ đạo ... ban hành Kế hoạch ... như sau:
    @after-list

    III- NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM 2026

    %% an editor's comment, not text
    1. Tuyên truyền, nâng cao nhận thức

    Ban Tuyên giáo và Dân vận Trung ương chủ trì, phối hợp với Văn phòng
    Trung ương Đảng và các đơn vị có liên quan:

    - Nâng cao nhận thức ... Nhiệm vụ thường xuyên.

    - Xây dựng và ban hành Bộ chỉ số ... Hoàn thành trước ngày 30/4/2026.

    2. Công tác lãnh đạo, chỉ đạo và hoàn thiện thể chế

    b) Văn phòng Trung ương Đảng chủ trì, phối hợp với các cơ quan liên quan:

    - Phối hợp với các cơ quan liên quan:

    (1) Nâng cấp, mở rộng nền tảng ... Hoàn thành trước ngày 20/6/2026.

    (2) Triển khai nền tảng định danh ... Hoàn thành trước ngày 31/3/2026.

    đ) Các cơ quan đảng Trung ương và địa phương khẩn trương rà soát ... hiệu quả[^1].

    Căn cứ Kế hoạch này, các cơ quan, đơn vị tập trung triển khai thực hiện.
    @closing

    [^1]: Trung tâm dự phòng tại 1A Hùng Vương.
    """)


def parse(tmp_path, text):
    f = tmp_path / "vi.txt"
    f.write_text(text, encoding="utf-8")
    problems = Problems()
    paras, notes = read_paragraphs(f, "vi.txt", problems)
    return parse_outline("vi", "vi.txt", paras, notes, problems), problems


def test_nesting_and_labels(tmp_path):
    text, problems = parse(tmp_path, EXCERPT)
    assert not problems.items
    labels = [n.label for n in text.walk()]
    assert labels == ["I", "I.1", "III", "III.1", "III.1.1", "III.1.2", "III.2", "III.2.b", "III.2.b.1",
                      "III.2.b.1.1", "III.2.b.1.2", "III.2.đ"]
    assert text.node(("III", "2", "đ")).anchor == "iii-2-dd"


def test_paragraphs_keep_their_first_line(tmp_path):
    text, _ = parse(tmp_path, EXCERPT)
    assert text.node(("I", "1")).source.line == 3        # wrapped over lines 3-4
    assert text.node(("III", "1")).source.line == 12      # the %% line on 11 is not text but counts
    assert text.node(("III", "1")).paragraphs[1].text.startswith("Ban Tuyên giáo và Dân vận Trung ương chủ trì, phối hợp với Văn phòng Trung ương Đảng")


def test_after_list_closing_and_footnotes(tmp_path):
    text, _ = parse(tmp_path, EXCERPT)
    section_i = text.node(("I",))
    assert section_i.paragraphs[-1].text.startswith("Ban Chỉ đạo")
    assert section_i.paragraphs[-1].directive("after-list")
    assert [p.text for p in text.closing] == ["Căn cứ Kế hoạch này, các cơ quan, đơn vị tập trung triển khai thực hiện."]
    assert [(f.key, f.text) for f in text.footnotes] == [("1", "Trung tâm dự phòng tại 1A Hùng Vương.")]


def test_preamble_before_first_part(tmp_path):
    text, _ = parse(tmp_path, "- Căn cứ Nghị quyết số 57-NQ/TW;\n\nBan Chỉ đạo ban hành:\n\nI- QUAN ĐIỂM\n\n1. Quan điểm chỉ đạo\n")
    assert [p.text for p in text.preamble] == ["- Căn cứ Nghị quyết số 57-NQ/TW;", "Ban Chỉ đạo ban hành:"]
    assert [n.label for n in text.walk()] == ["I", "I.1"]


def test_articles_are_top_level(tmp_path):
    text, _ = parse(tmp_path, "Điều 1. Phê duyệt Đề án\n\nI. QUAN ĐIỂM\n\n1. Thực hiện\n\nIV. TỔ CHỨC\n\n1. Bộ Nội vụ\n\n- Chủ trì\n\nĐiều 2. Quyết định này có hiệu lực.\n")
    assert [n.label for n in text.walk()] == ["art1", "art1.I", "art1.I.1", "art1.IV", "art1.IV.1", "art1.IV.1.1", "art2"]


def test_markers():
    assert match_marker("III- NHIỆM VỤ")[:3] == ("roman", "III-", "III")
    assert match_marker("2.1. Về thể chế")[:3] == ("decimal2", "2.1.", "1")
    assert match_marker("đ) Các cơ quan")[:3] == ("letter", "đ)", "đ")
    assert match_marker("(iii) đầu tư")[:3] == ("paren_roman", "(iii)", "iii")
    assert match_marker("* Giai đoạn từ nay đến ngày 30/6/2025")[0] == "phase"
    assert match_marker("30/4/2026. Hoàn thành") is None
    assert match_marker("100% hồ sơ") is None


def test_unknown_directive_is_reported_with_position(tmp_path):
    _, problems = parse(tmp_path, "I- A\n\n- Làm việc.\n  @lead-agency: bo-cong-an\n")
    (p,) = problems.errors
    assert (p.file, p.line, p.col) == ("vi.txt", 4, 3)
    assert "unknown directive '@lead-agency'" in p.message and "@lead" in p.message
