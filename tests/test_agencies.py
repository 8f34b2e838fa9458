"""Lead and coordinating agencies: real lines from the seeds, one expected reading each."""
from pathlib import Path

import pytest

from build_scripts.extract.roles import roles_in
from build_scripts.source.registry import load_registry
from build_scripts.problems import Problems
from build_scripts.source.reader import load_yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def registry():
    problems = Problems()
    reg = load_registry(load_yaml(ROOT / "source_texts/agencies.yml", "source_texts/agencies.yml", problems),
                        "source_texts/agencies.yml", problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    return reg


CASES = [
    ("Ban Tuyên giáo và Dân vận Trung ương chủ trì, phối hợp với Văn phòng Trung ương Đảng và các đơn vị có liên quan:",
     ["ban-tuyen-giao-va-dan-van-trung-uong"], ["van-phong-trung-uong-dang"], "X chủ trì, phối hợp với Y và (generic)"),
    ("b) Văn phòng Trung ương Đảng chủ trì, phối hợp với các cơ quan liên quan:"[3:],
     ["van-phong-trung-uong-dang"], [], "generic coordinators name nobody"),
    ("Phối hợp với Bộ Công an, Bộ Khoa học và Công nghệ và các cơ quan đơn vị liên quan nghiên cứu, bổ sung",
     [], ["bo-cong-an", "bo-khoa-hoc-va-cong-nghe"], "a bullet: coordinators only, lead from the heading"),
    ("Phối hợp với Bộ Công an, Ban Cơ yếu Chính phủ hướng dẫn về đăng ký chữ ký số, xác thực thông tin qua VneID.",
     [], ["bo-cong-an", "ban-co-yeu-chinh-phu"], "comma-separated list"),
    ("Uỷ ban Kiểm tra Trung ương phối hợp với Văn phòng Trung ương Đảng và các cơ quan liên quan:",
     ["uy-ban-kiem-tra-trung-uong"], ["van-phong-trung-uong-dang"], "subject that coordinates is the lead"),
    ("Ủy ban Kiểm tra Trung ương phối hợp với Văn phòng Trung ương Đảng",
     ["uy-ban-kiem-tra-trung-uong"], ["van-phong-trung-uong-dang"], "the other tone placement (Ủy)"),
    ("Đảng uỷ Công an Trung ương: Chỉ đạo các cơ quan, đơn vị liên quan phối hợp với Văn phòng Trung ương Đảng kiểm tra",
     ["dang-uy-cong-an-trung-uong"], ["van-phong-trung-uong-dang"], "'X:' item addressed to X"),
    ("Ban Tuyên giáo và Dân vân Trung ương:", ["ban-tuyen-giao-va-dan-van-trung-uong"], [],
     "17-KH III.4.d prints 'Dân vân': an alias"),
    ("Chỉ đạo Ban Cơ yếu Chính phủ chủ trì, phối hợp với Văn phòng Trung ương Đảng, Bộ Khoa học và Công nghệ triển khai",
     ["ban-co-yeu-chinh-phu"], ["van-phong-trung-uong-dang", "bo-khoa-hoc-va-cong-nghe"],
     "'Đảng uỷ Ban Cơ yếu' heading is longer; here the plain name leads"),
    ("Đảng uỷ Ban Cơ yếu Chính phủ", ["dang-uy-ban-co-yeu-chinh-phu"], [], "longest name wins"),
    ("Các cơ quan đảng Trung ương và địa phương khẩn trương rà soát, tham mưu ban hành",
     ["cac-co-quan-dang-trung-uong-va-dia-phuong"], [], "a collective group is an agency"),
    ("Các tỉnh uỷ, thành uỷ", ["cac-tinh-uy-thanh-uy"], [], "a group whose name has a comma"),
    ("Phối hợp với Đảng bộ Chính phủ, Đảng uỷ Bộ Ngoại giao và các cơ quan liên quan nghiên cứu",
     [], ["dang-uy-chinh-phu", "dang-uy-bo-ngoai-giao"], "'Đảng bộ Chính phủ' is an alias"),
    ("Các cơ quan đảng ở Trung ương và Đảng uỷ các cơ quan đảng Trung ương",
     ["cac-co-quan-dang-trung-uong", "dang-uy-cac-co-quan-dang-trung-uong"], [], "a heading naming two addressees"),
    ("Bộ Tư pháp và Bộ Công an phối hợp, hoàn thành việc thống nhất kỹ thuật kết nối cơ sở dữ liệu Hộ tịch.",
     ["bo-tu-phap", "bo-cong-an"], [], "02-KH: two subjects joined by 'và'"),
    ("Kinh phí thực hiện Kế hoạch năm 2026 ở các cơ quan đảng Trung ương được bố trí từ dự toán",
     [], [], "17-KH III.8.a names no lead: an agency mid-sentence is not a subject"),
    ("Tham mưu kiện toàn thành viên Ban Chỉ đạo bảo đảm sự chỉ đạo thống nhất", [], [],
     "nothing named"),
    ("b) Bộ Quốc phòng (Ban Cơ yếu Chính phủ): (1) Triển khai đồng bộ các giải pháp bảo mật cơ yếu"[3:],
     ["ban-co-yeu-chinh-phu"], [], "02-KH IV.8.b: the committee named under its ministry"),
    ("Tòa án nhân dân tối cao khẩn trương xây dựng, hoàn thành Hệ thống", ["toa-an-nhan-dan-toi-cao"], [],
     "350/QĐ-TTg spells Tòa; the registry Toà"),
    ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương: (1) Xây dựng, ban hành", ["ubnd-cac-tinh-thanh-pho"], [],
     "Ủy/Uỷ"),
]


@pytest.mark.parametrize("text,lead,coord,why", CASES, ids=[c[3] for c in CASES])
def test_roles(registry, text, lead, coord, why):
    r = roles_in(registry, text)
    assert list(r.lead) == lead
    assert list(r.coordinators) == coord


def test_local_alias_only_in_its_document(registry):
    text = "Tổ Giúp việc Ban Chỉ đạo"
    assert roles_in(registry, text, "17-kh-bcd").lead == ("to-giup-viec-bcd-cds",)
    assert roles_in(registry, text, "46-tb-tgv").lead == ("to-giup-viec-bcd-tw",)


def test_every_agency_has_official_english_name(registry):
    for a in registry:
        assert a.en and a.en != a.vi, a.id
        assert not any(ch in a.en for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), (a.id, a.en)


def test_registry_errors_name_file_and_line():
    problems = Problems()
    data = [{"id": "bo-cong-an", "vi": "Bộ Công an", "en": "Ministry of Public Security", "kind": "ministry", "__line__": 3},
            {"id": "bo-cong-an", "vi": "Bộ CA", "en": "x", "kind": "ministry", "__line__": 8},
            {"id": "Bad Id", "vi": "X", "en": "Y", "kind": "planet", "__line__": 12},
            {"id": "thieu", "vi": "Thiếu", "__line__": 15},
            {"id": "hanh-tinh", "vi": "Hành tinh", "en": "Planet", "kind": "planet", "__line__": 20},
            {"id": "index", "vi": "Mục lục", "en": "Index", "kind": "ministry", "__line__": 25}]
    load_registry(data, "source_texts/agencies.yml", problems)
    msgs = [str(p) for p in problems.errors]
    assert any(m.startswith("source_texts/agencies.yml:8:") and "already used at line 3" in m for m in msgs), msgs
    assert any(m.startswith("source_texts/agencies.yml:12:") and "cannot be an agency id: lower-case" in m for m in msgs), msgs
    assert any(m.startswith("source_texts/agencies.yml:15:") and "has no 'en'" in m for m in msgs), msgs
    assert any(m.startswith("source_texts/agencies.yml:15:") and "has no 'kind'" in m for m in msgs), msgs
    assert any(m.startswith("source_texts/agencies.yml:20:") and "kind 'planet'" in m and "expected one of" in m for m in msgs), msgs
    assert any(m.startswith("source_texts/agencies.yml:25:") and "page the build makes itself" in m for m in msgs), msgs


def test_agencies_index_is_grouped_by_kind(built):
    """agencies/: one section per kind (agencies.yml `kind`), and the agencies no document gives a
    task, not even through a group, apart at the end."""
    import json
    import re as _re
    site = built / "site"
    html = (site / "agencies" / "index.html").read_text(encoding="utf-8")
    data = json.loads((site / "data" / "agencies.json").read_text(encoding="utf-8"))["agencies"]
    sections = _re.split(r'<h2 id="', html)[1:]
    by_section = {s.split('"', 1)[0]: set(_re.findall(r'href="(?:\.\./)?([a-z0-9-]+)/"', s)) for s in sections}
    # agencies.yml: bo-cong-an kind ministry; ha-noi kind province
    assert "bo-cong-an" in by_section["kind-ministry"]
    assert "ha-noi" in by_section["kind-province"]
    idle = {a["id"] for a in data if not any(a["tasks"].values())}
    assert idle and by_section["without-tasks"] >= idle
    for key, ids in by_section.items():
        if key.startswith("kind-"):
            kind = key[5:]
            listed = {a["id"]: a for a in data if a["id"] in ids}
            assert listed and all(a["kind"] == kind and any(a["tasks"].values()) for a in listed.values()), key
