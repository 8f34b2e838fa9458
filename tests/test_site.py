"""End-to-end: the real sources built into a site, checked as a reader's browser would see it.

Uses the session fixture ``built`` (tests/conftest.py): a copy of the repository built with
the "as of" date 10/4/2026.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import AS_OF, ROOT, copy_repo, run_build


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, dict]] = []     # (tag, attrs) with href/src

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("name") and tag == "a":
            self.ids.add(a["name"])
        if "href" in a or "src" in a:
            self.links.append((tag, a))


def _parse_site(site: Path) -> dict[Path, _Page]:
    pages = {}
    for f in site.rglob("*.html"):
        p = _Page()
        p.feed(f.read_text(encoding="utf-8"))
        pages[f] = p
    return pages


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built / "site"


@pytest.fixture(scope="module")
def pages(site):
    return _parse_site(site)


def _target(site: Path, page: Path, href: str) -> tuple[Path | None, str]:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return page, unquote(parts.fragment)
    base = site if parts.path.startswith("/") else page.parent
    t = (base / unquote(parts.path.lstrip("/"))).resolve()
    if t.is_dir() or parts.path.endswith("/"):
        t = t / "index.html"
    return t, unquote(parts.fragment)


def test_no_broken_internal_link_or_anchor_in_either_language(site, pages):
    broken = []
    checked = 0
    for page, parsed in pages.items():
        for tag, attrs in parsed.links:
            href = attrs.get("href") or attrs.get("src")
            if href.startswith(("mailto:", "javascript:", "data:")):
                continue
            target, frag = _target(site, page, href)
            if target is None:
                continue
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {href} (no such file)")
            elif frag and target.suffix == ".html" and frag not in pages[target].ids and not frag.startswith("__"):
                broken.append(f"{page.relative_to(site)}: {href} (no id '{frag}')")
    assert checked > 5000, checked      # both languages, every page: thousands of links
    assert not broken, "\n".join(broken[:50])


def test_both_languages_have_the_same_pages(site):
    vi = {p.relative_to(site) for p in site.rglob("index.html") if not str(p.relative_to(site)).startswith("en/")}
    en = {p.relative_to(site / "en") for p in (site / "en").rglob("index.html")}
    assert vi == en
    assert Path("plans/17-kh-bcd/index.html") in vi


def test_nothing_is_loaded_from_outside(site, pages):
    outside = []
    for page, parsed in pages.items():
        for tag, attrs in parsed.links:
            url = attrs.get("src") if "src" in attrs else attrs.get("href")
            loads = tag in ("script", "img", "iframe", "source", "video", "audio") or (tag == "link" and attrs.get("rel") not in ("alternate", "canonical"))
            if loads and re.match(r"^(https?:)?//", url or ""):
                outside.append(f"{page.relative_to(site)}: <{tag}> {url}")
    for css in site.rglob("*.css"):
        for m in re.finditer(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8", errors="replace")):
            outside.append(f"{css.relative_to(site)}: url({m.group(1)})")
    assert not outside, "\n".join(outside[:30])


def test_as_of_date_is_printed_on_every_generated_page(site):
    for lang, marker in (("vi", "Tình trạng tính đến ngày 10/4/2026"), ("en", "Status as of 10 April 2026")):
        base = site if lang == "vi" else site / "en"
        for sub in ("plans", "agencies", "deadlines"):
            for f in (base / sub).rglob("index.html"):
                assert marker in f.read_text(encoding="utf-8"), f


PLAN17 = Path(__file__).resolve().parent.parent / "source_texts" / "17-kh-bcd" / "vi.txt"
# A dated completion phrase as printed in Plan 17, read independently of build_scripts.
DATED = re.compile(r"(?:trước(?: ngày)?|trong tháng)\s+(?:(\d{1,2})/)?(\d{1,2})/(\d{4})")


def test_every_dated_phrase_of_plan17_is_on_its_month_page(site):
    """Done-when of issue 2: each task with a completion phrase is on each phrase's page."""
    data = json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))
    tasks = [t for t in data["tasks"] if t["plan"] == "17-kh-bcd"]
    missing = []
    seen_phrases = 0
    for t in tasks:
        for m in DATED.finditer(t["text"]["vi"]):
            seen_phrases += 1
            month = f"{m.group(3)}-{int(m.group(2)):02d}"
            html = (site / "deadlines" / month / "index.html").read_text(encoding="utf-8")
            # the task's own page (a part of the plan: pages/parts.py), as the month page links it
            if f"{t['url']['vi'].lstrip('/')}\"" not in html:
                missing.append(f"{t['id']} not on deadlines/{month}")
    assert seen_phrases == 41, seen_phrases     # counted in sections III-IV of vi.txt with the same pattern
    assert not missing, missing


def test_other_deadline_kinds_of_plan17_are_on_their_pages(site):
    data = json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))
    page_of = {"ongoing": "ongoing", "roadmap": "roadmap", "year": "year", "period": "period"}
    for t in data["tasks"]:
        if t["plan"] != "17-kh-bcd":
            continue
        text = t["text"]["vi"]
        expect = set()
        if "Nhiệm vụ thường xuyên" in text:
            expect.add("ongoing")
        if re.search(r"(?:Hoàn thành|Thực hiện) theo lộ trình", text):
            expect.add("roadmap")
        if "Hoàn thành trong năm 2026" in text:
            expect.add("year")
        if "từ tháng 02/2026" in text:
            expect.add("period")
        for kind in expect:
            html = (site / "deadlines" / page_of[kind] / "index.html").read_text(encoding="utf-8")
            assert t["url"]["vi"].lstrip("/") + '"' in html, (t["id"], kind)


# Tasks of Plan 17 whose words name no lead agency, by reading the text: III.8.a ("Kinh phí
# thực hiện Kế hoạch ... được bố trí ...") and III.8.c ("Hoàn thành công tác giải ngân ...").
PLAN17_WITHOUT_LEAD = {"17-kh-bcd/III.8.a", "17-kh-bcd/III.8.c"}

# Leads read from the text for a sample of tasks (the heading's "X chủ trì" over its bullets,
# "a) X:" items, subjects of their sentence).
PLAN17_LEADS = {
    "17-kh-bcd/III.1.2": ["ban-tuyen-giao-va-dan-van-trung-uong"],
    "17-kh-bcd/III.2.a": ["cap-uy-cac-cap"],
    "17-kh-bcd/III.2.b.1": ["van-phong-trung-uong-dang"],
    "17-kh-bcd/III.2.c.2": ["ban-to-chuc-trung-uong"],
    "17-kh-bcd/III.2.d": ["dang-uy-ngan-hang-nha-nuoc"],
    "17-kh-bcd/III.4.c.2": ["uy-ban-kiem-tra-trung-uong"],
    "17-kh-bcd/III.4.d.2": ["ban-tuyen-giao-va-dan-van-trung-uong"],
    "17-kh-bcd/III.6.b.3": ["quan-uy-trung-uong"],
    "17-kh-bcd/III.6.c": ["dang-uy-cong-an-trung-uong"],
    "17-kh-bcd/III.8.d": ["dang-uy-kiem-toan-nha-nuoc"],
    "17-kh-bcd/IV.2.a": ["to-giup-viec-bcd-cds"],
    "17-kh-bcd/IV.3.c": ["van-phong-trung-uong-dang"],
    "17-kh-bcd/IV.5.b": ["dang-uy-chinh-phu"],
    "17-kh-bcd/IV.7.b": ["cac-tinh-uy-thanh-uy"],
}
PLAN17_COORDS = {
    "17-kh-bcd/III.1.2": ["van-phong-trung-uong-dang"],
    "17-kh-bcd/III.2.b.6": ["bo-cong-an", "bo-khoa-hoc-va-cong-nghe"],
    "17-kh-bcd/III.2.c.2": ["dang-uy-chinh-phu", "dang-uy-bo-ngoai-giao"],
    "17-kh-bcd/III.3.c.4": ["bo-khoa-hoc-va-cong-nghe", "bo-cong-thuong", "doanh-nghiep-vien-thong"],
    "17-kh-bcd/III.6.a.5": ["bo-quoc-phong", "bo-cong-an"],
}


def test_plan17_leads_and_coordinators(site):
    data = {t["id"]: t for t in json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))["tasks"]}
    plan17 = {k: v for k, v in data.items() if v["plan"] == "17-kh-bcd"}
    assert len(plan17) >= 100
    without = {k for k, v in plan17.items() if not v["lead"]}
    assert without == PLAN17_WITHOUT_LEAD
    for tid, lead in PLAN17_LEADS.items():
        assert plan17[tid]["lead"] == lead, tid
    for tid, coords in PLAN17_COORDS.items():
        assert plan17[tid]["coordinators"] == coords, tid


def test_plan17_numbered_sub_items_with_own_phrase_are_tasks(site):
    data = {t["id"]: t for t in json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))["tasks"]}
    # III.2.b, second bullet: (1)-(3) share "trước ngày 30/4/2026", (4) has "trước ngày 30/6/2026".
    assert [data[f"17-kh-bcd/III.2.b.2.{i}"]["deadline"]["value"] for i in (1, 2, 3, 4)] == \
        ["2026-04-30", "2026-04-30", "2026-04-30", "2026-06-30"]
    assert "17-kh-bcd/III.2.b.2" not in data
    # III.3.a, first bullet: (1) and (2) with a single phrase stay one task.
    assert data["17-kh-bcd/III.3.a.1"]["deadline"]["value"] == "2026-12-22"


def test_open_data_files(site):
    plans = json.loads((site / "data" / "plans.json").read_text(encoding="utf-8"))["plans"]
    agencies = json.loads((site / "data" / "agencies.json").read_text(encoding="utf-8"))["agencies"]
    tasks = json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    p17 = next(p for p in plans if p["id"] == "17-kh-bcd")
    assert (p17["number"], p17["kind"], p17["date"]) == ("17-KH/BCĐ", "plan", "2026-01-31")
    assert set(p17["title"]) == {"vi", "en"} and set(p17["url"]) == {"vi", "en"}
    ids = {a["id"] for a in agencies}
    for a in agencies:
        assert set(a) >= {"id", "name", "aliases", "kind"} and set(a["name"]) == {"vi", "en"}
    value_format = {"date": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "quarter": r"\d{4}-Q[1-4]",
                    "year": r"\d{4}", "period": r"\d{4}(-\d{2})?/(\d{4}|\.\.)"}
    for t in tasks:
        assert set(t) >= {"id", "plan", "section", "text", "lead", "coordinators", "deadline", "deadlines", "url"}
        assert set(t["lead"]) <= ids and set(t["coordinators"]) <= ids, t["id"]
        for d in [t["deadline"], *t["deadlines"]]:
            assert d["kind"] in ("date", "month", "quarter", "year", "period", "ongoing", "roadmap", "none")
            if d["kind"] in value_format:
                assert re.fullmatch(value_format[d["kind"]], d["value"]), (t["id"], d)
            else:
                assert d["value"] is None
            assert d["text"]["vi"] and d["text"]["en"]
    csv_text = (site / "data" / "tasks.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0].startswith("id,plan,section,lead,coordinators,deadline_kind")
    assert len(csv_text.splitlines()) == len(tasks) + 1 or csv_text.count("\n17-kh-bcd/") >= 100


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file():
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def test_two_builds_of_one_commit_are_identical(built, tmp_path):
    other = copy_repo(tmp_path / "again")
    proc = run_build(other)
    assert proc.returncode == 0, proc.stderr
    assert _tree_hash(other / "site") == _tree_hash(built / "site")


BAD_EDITS = [
    ("source_texts/17-kh-bcd/vi.txt", "@lead: bo-cong-an", "@lead: bo-cong-ann\n@why: test",
     r"source_texts/17-kh-bcd/vi.txt:\d+:1: error\[override\]: 'bo-cong-ann' is not an agency id"),
    ("source_texts/agencies.yml", "- id: bo-cong-an\n", "- id: bo-cong-an\n  vi: [unclosed\n",
     r"source_texts/agencies.yml:\d+:\d+: error\[yaml\]: invalid YAML"),
    ("source_texts/17-kh-bcd/meta.yml", "date: 2026-01-31", "date: 31/2/2026",
     r"source_texts/17-kh-bcd/meta.yml:\d+:1: error\[date\]: 'date' is '31/2/2026', which is not a date \(day is out of range"),
    ("source_texts/17-kh-bcd/vi.txt", "hiệu quả[^1].", "hiệu quả[^9].",
     r"source_texts/17-kh-bcd/vi.txt:\d+:1: error\[footnote\]: footnote \[\^9\] is used but not defined"),
    # an invented sentence in a restored text: the fidelity check against the OCR stops the build
    ("source_texts/46-tb-tgv/vi.txt", "Hoàn thành trong tháng 12/2025.",
     "Hoàn thành trong tháng 12/2025. Các cơ quan báo cáo kết quả về Ban Chỉ đạo mỗi quý một lần.",
     r"source_texts/46-tb-tgv/vi.txt:\d+:\d+: error\[fidelity\]"),
]


@pytest.mark.parametrize("file,old,new,pattern", BAD_EDITS, ids=["unknown agency", "bad yaml", "bad date", "footnote", "invented sentence"])
def test_bad_input_gives_position_and_keeps_the_site(built, tmp_path, file, old, new, pattern):
    root = copy_repo(tmp_path / "repo")
    shutil.copytree(built / "site", root / "site")
    before = _tree_hash(root / "site")
    f = root / file
    text = f.read_text(encoding="utf-8")
    if old == "@lead: bo-cong-an":      # add an override to a task rather than replace one
        text = text.replace("Hoàn thành trước ngày 22/12/2026.", "Hoàn thành trước ngày 22/12/2026.\n" + new, 1)
    else:
        assert old in text
        text = text.replace(old, new, 1)
    f.write_text(text, encoding="utf-8")
    proc = run_build(root)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert re.search(pattern, proc.stderr), proc.stderr
    assert _tree_hash(root / "site") == before


def test_generated_markdown_keeps_blocks_apart(built):
    """A heading right after a table row would be swallowed by the table."""
    bad = []
    for f in (built / "docs").rglob("*.md"):
        lines = f.read_text(encoding="utf-8").splitlines()
        for prev, line in zip(lines, lines[1:]):
            if prev.startswith("|") and line.startswith("#"):
                bad.append(f"{f.relative_to(built)}: {line[:60]}")
    assert not bad, bad[:10]


def test_every_page_links_to_the_text_it_is_made_from(built):
    """'Sửa văn bản này / Edit this text' at the end of every generated page: to the source
    file (published with the site) or, for a page made from every document, its template."""
    import html as _html

    site = built / "site"
    missing, dead = [], []
    for page in site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if 'class="as-of"' not in text:           # not one of our pages (none today)
            continue
        m = re.search(r'<p class="edit-source">(.*?)</p>', text, re.S)
        if not m:
            missing.append(str(page.relative_to(site)))
            continue
        for href in re.findall(r'class="edit-link" href="([^"]+)"', m.group(1)):
            target = (page.parent / _html.unescape(href)).resolve()
            if not target.is_file():
                dead.append(f"{page.relative_to(site)} -> {href}")
        code = re.search(r"<code>([^<]+)</code>", m.group(1)).group(1)
        assert (ROOT / _html.unescape(code)).is_file(), (page, code)
    assert not missing, missing[:10]
    assert not dead, dead[:10]
    plan = (site / "plans" / "17-kh-bcd" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../source_texts/17-kh-bcd/vi.txt">Sửa văn bản này' in plan
    en_agency = (site / "en" / "agencies" / "bo-cong-an" / "index.html").read_text(encoding="utf-8")
    line = next(i for i, ln in enumerate((ROOT / "source_texts/agencies.yml").read_text(encoding="utf-8").splitlines(), 1)
                if ln == "- id: bo-cong-an")
    assert f"Edit this text</a>: <code>source_texts/agencies.yml</code> (line {line})" in en_agency


def test_edit_links_use_the_repository_editor_when_configured():
    from build_scripts.pages.render import Renderer
    from build_scripts.pages.views import build_views
    from build_scripts.pipeline import load

    views = build_views(load(ROOT), AS_OF)
    r = Renderer(views, "en", {"source_edit_url": "https://git.example.gov.vn/cds/site/-/edit/main/"})
    page = r.document_pages(views.corpus.document("46-tb-tgv"))[0]
    assert 'href="https://git.example.gov.vn/cds/site/-/edit/main/source_texts/46-tb-tgv/en.txt"' in page.content
    month = r.render("month.md.j2", "deadlines/2026-06.md", key="2026-06", page=views.month_pages["2026-06"][0])
    assert 'href="https://git.example.gov.vn/cds/site/-/edit/main/build_scripts/pages/templates/month.md.j2"' in month.content


@pytest.mark.parametrize("kw,text", [
    ({"lead": 1, "coord": 0, "via": 1}, "Leads 1 task and coordinates 0; 1 more is given to groups it belongs to."),
    ({"lead": 0, "coord": 3, "via": 22}, "Leads 0 tasks and coordinates 3; 22 more are given to groups it belongs to."),
])
def test_english_counts_agree_in_number(kw, text):
    from build_scripts import i18n
    assert i18n.t("agency_summary", "en", **kw) == text
    assert "nhiệm vụ" in i18n.t("agency_summary", "vi", **kw)          # Vietnamese has no plural
