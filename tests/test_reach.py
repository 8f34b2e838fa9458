"""What each agency must do: groups and their members, the 34 provincial-level units,
phases that give a deadline, and every completion phrase read (issue 7).

Expected values come from the documents and the law, written out here, not from the code:
the groups that mean "every ministry", the list of Nghị quyết 202/2025/QH15, the phase
headings of 02-KH/BCĐTW.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from build_scripts.problems import Problems
from build_scripts.source.reader import load_yaml
from build_scripts.source.registry import load_registry
from tests.conftest import ROOT, copy_repo, document_html, run_build

# Groups whose words mean every ministry ("các bộ, ngành", "các bộ, cơ quan ngang bộ, cơ
# quan thuộc Chính phủ", "các bộ, ngành, địa phương", ...): a task given to one of them is a
# task of every ministry.
MINISTRY_WIDE = {"cac-bo-nganh", "cac-bo-nganh-dia-phuong", "cac-bo-co-quan-ngang-bo",
                 "cac-bo-co-quan-ngang-bo-co-quan-thuoc-chinh-phu", "cac-bo-co-quan-trung-uong-va-dia-phuong"}
# Groups whose words mean every provincial-level unit.
PROVINCE_WIDE = {"cac-tinh-thanh-pho-truc-thuoc-trung-uong", "cac-dia-phuong", "ubnd-cac-tinh-thanh-pho",
                 "cac-tinh-uy-thanh-uy", "hdnd-ubnd-cac-tinh-thanh-pho", "cac-bo-nganh-dia-phuong"}

# Nghị quyết 202/2025/QH15: 6 centrally run cities and 28 provinces from 1 July 2025.
CITIES = ["Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"]
PROVINCES = ["Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hoá", "Nghệ An", "Hà Tĩnh",
             "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình",
             "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hoà", "Lâm Đồng", "Đắk Lắk", "Đồng Nai", "Tây Ninh",
             "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang"]


@pytest.fixture(scope="module")
def data(built):
    d = built / "site" / "data"
    return {k: json.loads((d / f"{k}.json").read_text(encoding="utf-8"))[k] for k in ("agencies", "tasks", "plans")}


def _via_anchors(html: str) -> set[str]:
    """Task links in the "through a group" part of an agency page."""
    part = html.split('id="via-group"', 1)[1].split("<h2", 1)[0]
    return set(re.findall(r'href="[^"]*plans/([^/"#]+)/(?:[^/"#]+/)?#([^"]+)"', part))     # a document's page, or a part of it


def _task_key(t: dict) -> tuple[str, str]:
    return (t["plan"], t["url"]["vi"].split("#", 1)[1])


def test_every_ministry_page_lists_the_ministry_wide_tasks(built, data):
    ministries = [a for a in data["agencies"] if a["kind"] in ("ministry", "ministerial-agency")]
    assert len(ministries) >= 17, [a["id"] for a in ministries]     # 14 ministries + 3 (Nghị quyết 176/2025/QH15)
    for a in ministries:
        expected = {_task_key(t) for t in data["tasks"]
                    if MINISTRY_WIDE & set(t["lead"] + t["coordinators"]) and a["id"] not in t["lead"] + t["coordinators"]}
        assert len(expected) > 40
        for lang in ("", "en/"):
            html = (built / "site" / lang / "agencies" / a["id"] / "index.html").read_text(encoding="utf-8")
            assert expected <= _via_anchors(html), (a["id"], lang, sorted(expected - _via_anchors(html))[:5])
        assert a["tasks"]["via_group"] >= len(expected)


def test_via_rows_name_the_group(built):
    html = (built / "site" / "agencies" / "bo-y-te" / "index.html").read_text(encoding="utf-8")
    part = html.split('id="via-group"', 1)[1].split("<h2", 1)[0]
    assert "Các bộ, ngành, địa phương" in part and "(chủ trì)" in part and "(phối hợp)" in part
    en = (built / "site" / "en" / "agencies" / "bo-y-te" / "index.html").read_text(encoding="utf-8")
    assert "Ministries, sectors and localities" in en.split('id="via-group"', 1)[1] and "As one of" in en


def test_the_34_provincial_level_units(built, data):
    units = [a for a in data["agencies"] if a["kind"] == "province"]
    names = sorted(a["name"]["vi"] for a in units)
    assert names == sorted([f"Thành phố {c}" for c in CITIES] + [f"Tỉnh {p}" for p in PROVINCES])
    en = {a["name"]["en"] for a in units}
    assert {"Hanoi", "Ho Chi Minh City", "Gia Lai Province", "Hue City"} <= en
    for a in units:
        for lang in ("", "en/"):
            page = built / "site" / lang / "agencies" / a["id"] / "index.html"
            assert page.exists(), page
        assert set(a["member_of"]) >= {"cac-tinh-thanh-pho-truc-thuoc-trung-uong", "cac-dia-phuong", "cac-tinh-uy-thanh-uy"}
        expected = {_task_key(t) for t in data["tasks"]
                    if PROVINCE_WIDE & set(t["lead"] + t["coordinators"]) and a["id"] not in t["lead"] + t["coordinators"]}
        html = (built / "site" / "agencies" / a["id"] / "index.html").read_text(encoding="utf-8")
        assert expected and expected <= _via_anchors(html), a["id"]
    index = (built / "site" / "agencies" / "provinces" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="../{a["id"]}/"' in index for a in units)
    assert (built / "site" / "en" / "agencies" / "provinces" / "index.html").exists()


def test_a_province_named_in_a_text_is_the_same_agency(data):
    # 46-TB/TGV names pilot provinces by their bare names ("Tuyên Quang, Lạng Sơn, ...")
    named = {a for t in data["tasks"] for a in t["lead"] + t["coordinators"]}
    ids = {a["id"] for a in data["agencies"] if a["kind"] == "province"}
    assert not {a for a in named if a not in ids and a.replace("-", "") in {i.replace("-", "") for i in ids}}


def test_group_pages_list_members_and_open_data_has_them(built, data):
    by_id = {a["id"]: a for a in data["agencies"]}
    g = by_id["cac-bo-nganh-dia-phuong"]
    assert {"bo-y-te", "bo-cong-an", "van-phong-chinh-phu", "gia-lai", "ha-noi"} <= set(g["members"])
    assert "cac-bo-nganh-dia-phuong" in by_id["bo-y-te"]["member_of"]
    html = (built / "site" / "agencies" / "cac-bo-nganh-dia-phuong" / "index.html").read_text(encoding="utf-8")
    assert 'id="members"' in html and "Bộ Y tế" in html.split('id="members"', 1)[1]


MEMBERSHIP_ERRORS = [
    ("""- {id: a, vi: A, en: A, kind: group, members: {agencies: [b]}, why: x}
- {id: b, vi: B, en: B, kind: group, members: {agencies: [a]}, why: x}
""", r"groups contain each other: a -> b -> a|groups contain each other: b -> a -> b", "a cycle"),
    ("""- {id: a, vi: A, en: A, kind: group, members: {agencies: [bo-khong-co]}, why: x}
""", r"member 'bo-khong-co' of 'a' is not an agency id", "an unknown member"),
    ("""- {id: a, vi: A, en: A, kind: group, members: {kinds: [ministy]}, why: x}
""", r"'ministy' in members.kinds of 'a' is not a kind", "a misspelt kind"),
    ("""- {id: a, vi: A, en: A, kind: group, members: {kinds: [ministry]}}
""", r"members of 'a' without 'why", "members without a reason"),
]


@pytest.mark.parametrize("yml, message, why", MEMBERSHIP_ERRORS, ids=[c[2] for c in MEMBERSHIP_ERRORS])
def test_membership_errors_name_file_and_line(tmp_path, yml, message, why):
    f = tmp_path / "agencies.yml"
    f.write_text(yml, encoding="utf-8")
    problems = Problems()
    load_registry(load_yaml(f, "source_texts/agencies.yml", problems), "source_texts/agencies.yml", problems)
    msgs = [str(p) for p in problems.errors]
    assert any(re.search(r"^source_texts/agencies\.yml:[12]:\d+: error\[members\]: .*(" + message + ")", m) for m in msgs), msgs


# "* Giai đoạn từ nay đến ngày 30/6/2025" / "* Giai đoạn từ ngày 01/7/2025 đến ngày 31/12/2025"
PHASE_END = re.compile(r"đến ngày (\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def test_tasks_in_a_dated_phase_get_its_end(built, data):
    in_phase = [t for t in data["tasks"] if t["phase"] and PHASE_END.search(t["phase"])]
    undated = [t for t in in_phase if not t["deadlines"]]
    assert len(undated) >= 15
    for t in undated:
        d, m, y = PHASE_END.search(t["phase"]).groups()
        iso = f"{y}-{int(m):02d}-{int(d):02d}"
        eff = t["effective_deadline"]
        assert {k: eff[k] for k in ("kind", "value", "from")} == {"kind": "date", "value": iso, "from": "phase"}, t["id"]
        assert eff["first"] is None and eff["last"] == iso       # the days it spans: the phase's last day
        assert eff["text"]["vi"] == f"Trong giai đoạn, hạn {int(d)}/{int(m)}/{y}", t["id"]
        assert t["deadline"]["kind"] == "none"          # the task's own words set none
        month = (built / "site" / "deadlines" / iso[:7] / "index.html").read_text(encoding="utf-8")
        assert _task_key(t)[1] in month and "Trong giai đoạn, hạn" in month
    for t in in_phase:
        if t["deadlines"]:
            assert t["effective_deadline"]["from"] == "own"
    en = document_html(built / "site", "02-kh-bcdtw", lang="en")
    assert "Within the phase ending 30 June 2025" in en


def test_status_words_are_neutral(built):
    site = built / "site"
    for f in list(site.rglob("index.html"))[:400]:
        html = f.read_text(encoding="utf-8")
        assert "Đã quá hạn" not in html and "Overdue" not in html, f
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Đã qua thời hạn" in home
    assert re.search(r'class="status status-passed" data-kind="date" data-last="\d{4}-\d\d-\d\d"', home)


def test_check_reads_every_completion_phrase_of_the_corpus():
    proc = subprocess.run([sys.executable, "-m", "build_scripts", "check"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "deadline-unread" not in proc.stderr, [l for l in proc.stderr.splitlines() if "deadline-unread" in l]


UNREAD = [
    ("Hoàn thành trước ngày 30/4/2026.", "Hoàn thành trong quý 3/2026.", "quý 3/2026", "an Arabic quarter"),
    ("Hoàn thành trước ngày 30/4/2026.", "Hoàn thành vào ngày 30/4/2026.", "30/4/2026", "'vào ngày'"),
]


@pytest.mark.parametrize("old, new, shown, why", UNREAD, ids=[c[3] for c in UNREAD])
def test_an_unread_completion_phrase_is_a_warning_with_its_place(tmp_path, old, new, shown, why):
    root = copy_repo(tmp_path)
    f = root / "source_texts" / "17-kh-bcd" / "vi.txt"
    lines = f.read_text(encoding="utf-8").split("\n")
    n = next(i for i, l in enumerate(lines) if old in l)
    lines[n] = lines[n].replace(old, new, 1)
    f.write_text("\n".join(lines), encoding="utf-8")
    proc = run_build(root, "check")
    col = lines[n].index(new) + 1
    assert re.search(rf"source_texts/17-kh-bcd/vi\.txt:{n + 1}:{col}: warning\[deadline-unread\]: .*{re.escape(shown)}",
                     proc.stderr), proc.stderr[-1500:]
