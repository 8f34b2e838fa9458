"""Deadline phrases: real lines from the seeds, one expected reading each.

Each case: (line as printed, expected [(kind, value)], why it is here).
"""
import datetime as dt

import pytest

from build_scripts.extract.deadlines import find_deadlines, parse_deadline_override
from build_scripts.i18n import deadline_text, status_of
from build_scripts.models import Deadline

CASES = [
    ("xếp loại thi đua và đánh giá thực chất công tác thông tin, tuyên truyền hàng năm. Hoàn thành trước ngày 30/4/2026.",
     [("date", "2026-04-30")], "17-KH III.1: the common form"),
    ("bảo mật và an ninh thông tin. Hoàn thành trước ngày 31/3/2026.", [("date", "2026-03-31")], "17-KH III.2.c"),
    ("Đảng, Mặt trận Tổ quốc và các đoàn thể chính trị. Hoàn thành trước 31/3/2026.",
     [("date", "2026-03-31")], "17-KH III.7.a: no 'ngày'"),
    ("sử dụng công nghệ cao (Deepfake),… Hoàn thành trong trước ngày 15/6/2026.",
     [("date", "2026-06-15")], "17-KH III.2.b: 'trong trước' as printed"),
    ("Mô hình chuyển đổi số cấp xã do Bộ Khoa học và Công nghệ hướng dẫn và các quy định, hướng dẫn khác có liên quan. Hoàn thành chậm nhất trước ngày 15/6/2026.",
     [("date", "2026-06-15")], "17-KH III.3.c: 'chậm nhất trước ngày'"),
    ("theo dõi tiến độ giải quyết hồ sơ theo thời gian thực và nhận kết quả nhanh chóng. Hoàn thành trong tháng 4/2026.",
     [("month", "2026-04")], "a month stays a month, never a made-up day"),
    ("cung cấp bản tin điện tử ... tuyệt đối không sử dụng bản giấy, thực hiện từ tháng 02/2026. Nhiệm vụ thường xuyên.",
     [("period", "2026-02/.."), ("ongoing", None)], "17-KH III.4.d: a start and an ongoing task"),
    ("chữ ký số chuyên dùng công vụ cho 100% Đảng viên. Hoàn thành trong năm 2026. Đồng thời, ... Báo cáo kết quả về Ban Chỉ đạo trước ngày 30/6/2026.",
     [("year", "2026"), ("date", "2026-06-30")], "17-KH III.3.a: two phrases in one item"),
    ("sẵn sàng cho việc cung cấp dịch vụ công trực tuyến. Hoàn thành trước ngày 30/8/2026 và tiếp tục thực hiện trong các năm tiếp theo.",
     [("date", "2026-08-30"), ("ongoing", None)], "17-KH III.5.a: date, then continues"),
    ("nghiên cứu và tuyên truyền trên môi trường số. Hoàn thành theo lộ trình của Đề án chuyển đổi số.",
     [("roadmap", None)], "roadmap of the Scheme"),
    ("phục vụ công tác phân tích, dự báo và xử lý chuyên môn trên môi trường số. Hoàn thành theo lộ trình Dự án.",
     [("roadmap", None)], "roadmap without 'của'"),
    ("do Thủ tướng Chính phủ giao tại Quyết định số 2660/QĐ-TTg, ngày 05/12/2025 Thực hiện theo lộ trình của Dự án.",
     [("roadmap", None)], "17-KH III.8.a: a document's date is not a deadline"),
    ("Nhiệm vụ thường xuyên đến năm 2030", [("ongoing", None)], "350/QĐ-TTg appendix: ongoing until 2030"),
    ("Quý IV/2026", [("quarter", "2026-Q4")], "350/QĐ-TTg appendix"),
    ("Hoàn thành trong quý İ/2026", [("quarter", "2026-Q1")],
     "a dotted capital İ typed for I (a keyboard with a Turkish layout): read as I, not an internal error"),
    ("(3) Nghị định quy định về danh mục cơ sở dữ liệu quốc gia. Hoàn thành tháng 9/2025.",
     [("month", "2025-09")], "02-KH IV.2.1.d: 'Hoàn thành tháng' without 'trong' (was not read)"),
    ("Báo cáo tháng 9/2025 của Bộ Công an", [], "a month in prose, without 'hoàn thành', is not a deadline"),
    ("Giai đoạn 2026 - 2030", [("period", "2026/2030")], "350/QĐ-TTg appendix"),
    ("Theo lộ trình được cấp có thẩm quyền giao", [("roadmap", None)], "350/QĐ-TTg appendix"),
    ("rà soát các chương trình, kế hoạch, đề án, dự án về công nghệ thông tin, chuyển đổi số để bảo đảm thống nhất, tránh trùng lặp, lãng phí, hoàn thành trong tháng 01/2026; rà soát, ban hành",
     [("month", "2026-01")], "17-KH IV.7.b: lower case, mid-sentence"),
    ("Bộ Tài chính chủ trì, ... ban hành văn bản công bố danh mục mã số các đơn vị hành chính Việt Nam sau sáp nhập. Hoàn thành trong ngày 25/6/2025.",
     [("date", "2025-06-25")], "02-KH IV.2.1: 'trong ngày'"),
    # Not deadlines:
    ("- Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học", [],
     "a cited document's date"),
    ("a) Kinh phí thực hiện Kế hoạch năm 2026 ở các cơ quan đảng Trung ương được bố trí", [],
     "'Kế hoạch năm 2026' is a title, not 'trong năm 2026'"),
    ("phối hợp với các doanh nghiệp viễn thông ... mở rộng cung cấp chữ ký số miễn phí cho các nhóm Đảng viên còn lại theo lộ trình phù hợp, bảo đảm tính thiết thực",
     [], "'theo lộ trình phù hợp' in prose is not a roadmap deadline"),
    ("(1) Hoàn thành xây dựng Trung tâm dữ liệu của cơ quan đảng đặt tại Trung tâm Dữ liệu Quốc gia.", [],
     "'Hoàn thành' as a verb, with no time"),
]


@pytest.mark.parametrize("line,expected,why", CASES, ids=[c[2] for c in CASES])
def test_deadline_phrases(line, expected, why):
    assert [(d.kind, d.value) for d in find_deadlines(line)] == expected


def test_phrase_positions_point_into_the_text():
    line = "Hoàn thành trước ngày 30/6/2026 và tiếp tục thực hiện trong các năm tiếp theo."
    for d in find_deadlines(line):
        assert line[d.start:d.end] == d.phrase


def test_until_year_is_kept():
    (d,) = find_deadlines("Nhiệm vụ thường xuyên đến năm 2030")
    assert d.until == "2030"
    assert d.last_day() == dt.date(2030, 12, 31)


@pytest.mark.parametrize("value,kind,last", [
    ("2026-04-30", "date", dt.date(2026, 4, 30)),
    ("2026-02", "month", dt.date(2026, 2, 28)),
    ("2024-02", "month", dt.date(2024, 2, 29)),
    ("2026-12", "month", dt.date(2026, 12, 31)),
    ("2026-Q4", "quarter", dt.date(2026, 12, 31)),
    ("2026-Q1", "quarter", dt.date(2026, 3, 31)),
    ("2026", "year", dt.date(2026, 12, 31)),
    ("2026/2030", "period", dt.date(2030, 12, 31)),
    ("2026-02/..", "period", None),
])
def test_last_day(value, kind, last):
    assert Deadline(kind, value, "").last_day() == last


TEXTS = [
    (Deadline("date", "2026-04-30", ""), "Hạn: 30/4/2026", "Due 30 April 2026"),
    (Deadline("month", "2026-04", ""), "Hạn: tháng 4/2026", "Due in April 2026"),
    (Deadline("quarter", "2026-Q4", ""), "Hạn: Quý IV/2026", "Due in Q4 2026"),
    (Deadline("year", "2026", ""), "Hạn: năm 2026", "Due in 2026"),
    (Deadline("period", "2026/2030", ""), "Giai đoạn 2026–2030", "Period 2026–2030"),
    (Deadline("period", "2026-02/..", ""), "Thực hiện từ tháng 2/2026", "From February 2026"),
    (Deadline("ongoing", None, "Nhiệm vụ thường xuyên"), "Nhiệm vụ thường xuyên", "Ongoing task"),
    (Deadline("ongoing", None, "Nhiệm vụ thường xuyên đến năm 2030", until="2030"), "Thường xuyên, đến năm 2030", "Ongoing, until 2030"),
    (Deadline("roadmap", None, "Hoàn thành theo lộ trình của Đề án chuyển đổi số"), "Theo lộ trình của Đề án", "As the Scheme's roadmap sets"),
]


@pytest.mark.parametrize("d,vi,en", TEXTS, ids=[x[2] for x in TEXTS])
def test_deadline_text_is_localised(d, vi, en):
    assert deadline_text(d, "vi") == vi
    assert deadline_text(d, "en") == en


AS_OF = dt.date(2026, 4, 10)


@pytest.mark.parametrize("d,status", [
    (Deadline("date", "2026-03-31", ""), "passed"),
    (Deadline("date", "2026-04-10", ""), "due-soon"),
    (Deadline("date", "2026-05-10", ""), "due-soon"),
    (Deadline("date", "2026-05-11", ""), "upcoming"),
    (Deadline("month", "2026-04", ""), "due-soon"),       # ends 30 April: within 30 days
    (Deadline("month", "2026-03", ""), "passed"),
    (Deadline("year", "2026", ""), "upcoming"),
    (Deadline("ongoing", None, ""), "ongoing"),
    (Deadline("period", "2026-02/..", ""), "ongoing"),
    (Deadline("period", "2027/2030", ""), "upcoming"),
    (Deadline("roadmap", None, ""), "undated"),
])
def test_status_against_as_of(d, status):
    assert status_of(d, AS_OF) == status


@pytest.mark.parametrize("value,expected", [
    ("30/6/2026", [("date", "2026-06-30")]),
    ("4/2026", [("month", "2026-04")]),
    ("2026", [("year", "2026")]),
    ("Quý IV/2026", [("quarter", "2026-Q4")]),
    ("Nhiệm vụ thường xuyên; 30/6/2026", [("ongoing", None), ("date", "2026-06-30")]),
    ("sometime soon", []),
])
def test_override_values(value, expected):
    assert [(d.kind, d.value) for d in parse_deadline_override(value)] == expected
