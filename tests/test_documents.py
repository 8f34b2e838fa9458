"""The three restored documents in the site: appendix rows, phases, citations, calendars.

Expected values are read from the documents (source_texts/*/vi.txt, appendix.yml, the OCR).
"""
import json
import re

import icalendar
import pytest

from tests.conftest import document_html


@pytest.fixture(scope="module")
def tasks(built):
    data = json.loads((built / "site" / "data" / "tasks.json").read_text(encoding="utf-8"))
    return {t["id"]: t for t in data["tasks"]}


def test_all_four_documents_are_built(built):
    plans = json.loads((built / "site" / "data" / "plans.json").read_text(encoding="utf-8"))["plans"]
    assert {(p["id"], p["number"], p["date"]) for p in plans} == {
        ("17-kh-bcd", "17-KH/BCĐ", "2026-01-31"), ("02-kh-bcdtw", "02-KH/BCĐTW", "2025-06-19"),
        ("46-tb-tgv", "46-TB/TGV", "2025-09-30"), ("350-qd-ttg", "350/QĐ-TTg", "2026-02-26")}


def test_appendix_rows_are_tasks(tasks):
    rows = {k: v for k, v in tasks.items() if k.startswith("350-qd-ttg/PL.")}
    # ten groups I-X with 4, 6, 6, 12, 10, 5, 4, 4, 7, 4 rows (counted in the OCR table)
    counts = {}
    for k in rows:
        counts[k.split(".")[1]] = counts.get(k.split(".")[1], 0) + 1
    assert counts == {"I": 4, "II": 6, "III": 6, "IV": 12, "V": 10, "VI": 5, "VII": 4, "VIII": 4, "IX": 7, "X": 4}
    first = rows["350-qd-ttg/PL.I.1"]
    assert first["lead"] == ["bo-noi-vu"]
    assert first["coordinators"][:2] == ["bo-khoa-hoc-va-cong-nghe", "bo-cong-an"]
    assert first["deadline"]["kind"] == "ongoing" and first["deadline"]["until"] == "2030"
    assert all(r["lead"] for r in rows.values()), [k for k, r in rows.items() if not r["lead"]]
    kinds = {r["deadline"]["kind"] for r in rows.values()}
    assert {"ongoing", "year", "roadmap", "period", "quarter"} <= kinds


def test_appendix_is_rendered_as_cards(built):
    html = document_html(built / "site", "350-qd-ttg")
    assert 'id="pl-iv-3"' in html and 'id="pl-x-4"' in html
    assert "Sản phẩm đầu ra" in html
    en = document_html(built / "site", "350-qd-ttg", lang="en")
    assert "Lead agency" in en and "Output" in en


def test_phases_of_02_kh_are_structure(tasks):
    # 02-KH/BCĐTW IV.2.1 (Về thể chế): "d) Bộ Tư pháp và Bộ Công an phối hợp ..." in the first
    # phase, "a) Bộ Công an: (1) ..." in the second.
    d = tasks["02-kh-bcdtw/IV.2.1.p1.d"]
    assert d["phase"].startswith("Giai đoạn từ nay đến ngày 30/6/2025")
    assert d["lead"] == ["bo-tu-phap", "bo-cong-an"]
    a1 = tasks["02-kh-bcdtw/IV.2.1.p2.a.1"]
    assert a1["phase"].startswith("Giai đoạn từ ngày 01/7/2025 đến ngày 31/12/2025")
    assert a1["lead"] == ["bo-cong-an"] and a1["deadline"]["value"] == "2025-08"


def test_phase_is_shown_with_the_task(built):
    html = (built / "site" / "agencies" / "bo-tu-phap" / "index.html").read_text(encoding="utf-8")
    assert "IV.2.1.d (Giai đoạn từ nay đến ngày 30/6/2025)" in html


def test_in_corpus_citations_are_links(built):
    html = (built / "site" / "plans" / "46-tb-tgv" / "index.html").read_text(encoding="utf-8")
    # 46-TB/TGV cites "Kế hoạch số 02-KH/BCĐTW" six times (preamble, IV.1, IV.2.b, IV.2.d, V.1, VI.1)
    links = re.findall(r'<a class="citation" href="\.\./02-kh-bcdtw/">02-KH/BCĐTW</a>', html)
    assert len(links) == 6, len(links)
    index = (built / "site" / "citations" / "index.html").read_text(encoding="utf-8")
    for number in ("57-NQ/TW", "2439/QĐ-TTg", "195-KL/TW", "179/2025/NĐ-CP"):
        assert number in index, number
    row = re.search(r"<tr>\s*<td>(?:<span [^>]*></span>)?<a href=\"\.\./plans/02-kh-bcdtw/\">Kế hoạch 02-KH/BCĐTW</a>(?:<br><span class=\"cited-about\"[^>]*>[^<]*</span>)?</td>(.*?)</tr>", index, re.S)
    assert row and row.group(1).count("46-tb-tgv/#") == 6


def test_month_deadline_is_a_month_in_the_calendar(built):
    cal = icalendar.Calendar.from_ical((built / "site" / "data" / "calendar" / "van-phong-trung-uong-dang.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    # 17-KH III.4.a.(9): "Hoàn thành trong tháng 4/2026" -> the whole of April
    ev = events["17-kh-bcd/III.4.a.4.9#month-2026-04@chuyendoiso"]
    assert (str(ev.decoded("dtstart")), str(ev.decoded("dtend"))) == ("2026-04-01", "2026-05-01")
    # 17-KH III.2.b.1: "Hoàn thành trước ngày 31/3/2026" -> that day
    ev = events["17-kh-bcd/III.2.b.1#date-2026-03-31@chuyendoiso"]
    assert (str(ev.decoded("dtstart")), str(ev.decoded("dtend"))) == ("2026-03-31", "2026-04-01")
    # a calendar is read outside the site: its link is absolute, from site_url in mkdocs.yml
    import yaml
    site_url = yaml.safe_load((built / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"].rstrip("/")
    url = str(ev["url"])
    assert url.startswith(site_url + "/plans/17-kh-bcd/") and url.endswith("/#iii-2-b-1")
    assert str(ev["description"]).endswith("\n" + url)
    # the page it names (the part of the plan that has the task: pages/parts.py) has the task
    page = built / "site" / url[len(site_url) + 1:].split("#")[0] / "index.html"
    assert 'id="iii-2-b-1"' in page.read_text(encoding="utf-8")


# What a citing text says of a cited document right after its number (real lines of the sources)
ABOUT_CASES = [
    # 02-KH/BCĐTW preamble
    ("Căn cứ Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, "
     "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;", "57-NQ/TW",
     ("22/12/2024", "Bộ Chính trị", "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia")),
    # 02-KH/BCĐTW preamble: two issuers, and an editor's [?: ...] mark inside the subject
    ('Căn cứ Kết luận số 130-KL/TW ngày 14/3/2025 của Bộ Chính trị, Ban Bí thư về khẩn trương[?: bản OCR đọc là '
     '"khin truong"] sắp xếp, tổ chức lại đơn vị hành chính các cấp;', "130-KL/TW",
     ("14/3/2025", "Bộ Chính trị, Ban Bí thư", "khẩn trương sắp xếp, tổ chức lại đơn vị hành chính các cấp")),
    # 17-KH/BCĐ I.4: "ban hành", and a "." inside "3.0"
    ("Quyết định số 333-QĐ/TW, ngày 24/6/2025 của Ban Bí thư ban hành Kiến trúc chuyển đổi số trong các cơ quan "
     "đảng, phiên bản 3.0;", "333-QĐ/TW",
     ("24/6/2025", "Ban Bí thư", "Kiến trúc chuyển đổi số trong các cơ quan đảng, phiên bản 3.0")),
    # 350/QĐ-TTg preamble: the date in words
    ("Căn cứ Nghị quyết số 42-NQ/TW ngày 24 tháng 11 năm 2023, Hội nghị lần thứ tám", "42-NQ/TW",
     ("24 tháng 11 năm 2023", "", "")),
    # 02-KH/BCĐTW IV.2.1: a list of decisions; the issuer comes after the last one only
    ("Quyết định số 06/QĐ-TTg, ngày 06/01/2022, Quyết định số 206/QĐ-TTg, ngày 28/02/2024", "06/QĐ-TTg",
     ("06/01/2022", "", "")),
    # 46-TB/TGV: "về việc triển khai Quy định số 05-QĐ/BCĐTW": what is left is not a subject
    ("Công văn số 1215/VPCP-KSTT, ngày 24/9/2025 của Văn phòng Chính phủ về việc triển khai Quy định số "
     "05-QĐ/BCĐTW, ngày 27/8/2025", "1215/VPCP-KSTT", ("24/9/2025", "Văn phòng Chính phủ", "")),
    # 350/QĐ-TTg preamble: the link words before the next citation are not the subject's
    ("Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá phát triển khoa học, "
     "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia ban hành kèm theo Quyết định số 1", "57-NQ/TW",
     ("22 tháng 12 năm 2024", "Bộ Chính trị",
      "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia")),
    # an issuer that is not an agency of the registry is not read as one
    ("Nghị định số 179/2025/NĐ-CP ngày 01/7/2025 của Chính phủ cho các cơ quan Đảng", "179/2025/NĐ-CP",
     ("01/7/2025", "Chính phủ", "")),
]


@pytest.mark.parametrize("text,number,expected", ABOUT_CASES, ids=[c[1] for c in ABOUT_CASES])
def test_what_the_text_says_of_a_cited_document(text, number, expected):
    from build_scripts.extract.citations import CITATION, _about_pattern, about_after, normalise_number
    issuers = ["Bộ Chính trị", "Ban Bí thư", "Ban Bí thư Trung ương Đảng", "Văn phòng Chính phủ", "Chính phủ",
               "Thủ tướng Chính phủ"]
    m = next(m for m in CITATION.finditer(text) if normalise_number(m["number"]) == number)
    about = about_after(text, m.end("number"), _about_pattern(issuers))
    assert (about.date, about.issuer, about.subject) == expected


def test_citations_page_gives_what_the_texts_say(built):
    html = (built / "site" / "citations" / "index.html").read_text(encoding="utf-8")
    row = re.search(r'id="57-nq-tw".*?</tr>', html, re.S).group(0)
    assert "ngày 22/12/2024, của Bộ Chính trị: đột phá phát triển khoa học" in row
    en = (built / "site" / "en" / "citations" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'id="57-nq-tw".*?<span class="cited-about" lang="vi">ngày 22/12/2024', en, re.S)
