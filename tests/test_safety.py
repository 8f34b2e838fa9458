"""Nothing in a source text or YAML value runs in a reader's browser or changes a page's structure.

One build of a copy of the repository with an injection attempt in every kind of field an
editor writes (agency names in both languages, every meta.yml field shown on a page, table
cells, task text, footnotes, ``@why``, English text, the glossary), each attempt with its own
marker. Every page and data file of the site is then read: no marker may be inside a script,
a style, an event attribute, a ``javascript:`` URL, a tag or attribute name; every marker
must still be on the site as text (escaped, not dropped); the data files must parse.
"""
from __future__ import annotations

import csv
import html.parser
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import copy_repo, run_build

PAYLOADS = [   # each at most 5 words, so the fidelity check (6 invented words) lets it through
    '<script>alert("{m}")</script>',
    '<img src=x onerror="{m}">',
    '<iframe src="javascript:{m}">',
    '<style>*{{color:red}}</style>{m}',
    '{{ onclick="{m}" }}',
    '{{: #{m} onclick="x" }}',
    '" onmouseover="{m}" x="',
    '[link {m}](javascript:alert(1))',
    '<javascript:{m}>',
    '{{{{ 7*7 }}}} {m}',
    '{{% if 1 %}}{m}{{% endif %}}',
]
MARK = "zqx"     # markers: zqx0, zqx1, ... (letters the texts never contain)


class _Scan(html.parser.HTMLParser):
    """Where each marker lands in one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if MARK in tag:
            self.bad.append(f"tag name <{tag}>")
        if tag in ("iframe", "object", "embed"):
            self.bad.append(f"<{tag}> element")
        for k, v in attrs:
            v = v or ""
            if MARK in k or (k.startswith("on") and MARK in v):
                self.bad.append(f"attribute {k}={v[:60]!r} on <{tag}>")
            if k.startswith("on") and tag not in ("body",):
                self.bad.append(f"event attribute {k} on <{tag}>")
            if k in ("href", "src", "action", "formaction") and v.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.bad.append(f"{k}={v[:60]!r} on <{tag}>")
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if MARK in data and any(t in ("script", "style") for t in self.stack):
            self.bad.append(f"marker inside <{'/'.join(self.stack[-2:])}>: {data.strip()[:80]!r}")
        self.text.append(data)


def _inject(root: Path) -> list[str]:
    """Put a payload in every field; return the markers used."""
    markers: list[str] = []

    def payload() -> str:          # one attempt, for the restored texts (the fidelity check allows 5 words)
        m = f"{MARK}{len(markers)}"
        markers.append(m)
        return PAYLOADS[(len(markers) - 1) % len(PAYLOADS)].format(m=m)

    def payloads() -> str:         # every attempt, each with its own marker, for YAML values and English
        return " ".join(payload() for _ in PAYLOADS)

    def yq(s: str) -> str:       # a YAML double-quoted scalar
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def edit(rel: str, old: str, new: str, count: int = 1):
        p = root / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        p.write_text(text.replace(old, new, count), encoding="utf-8")

    # agencies.yml: both names (the old name stays as an alias, so the texts still find it)
    edit("source_texts/agencies.yml", "- id: bo-cong-an\n  vi: Bộ Công an\n  en: Ministry of Public Security\n",
         f"- id: bo-cong-an\n  vi: {yq('Bộ Công an ' + payloads())}\n  en: {yq('Ministry of Public Security ' + payloads())}\n"
         "  aliases: [Bộ Công an]\n")
    # meta.yml: every field shown on the page
    meta = "source_texts/17-kh-bcd/meta.yml"
    edit(meta, "number: 17-KH/BCĐ", f"number: {yq('17-KH/BCĐ ' + payloads())}")
    edit(meta, 'vi: "Chuyển đổi số trong các cơ quan đảng năm 2026"',
         f"vi: {yq('Chuyển đổi số trong các cơ quan đảng năm 2026 ' + payload())}")
    edit(meta, 'en: "Digital transformation in Party agencies in 2026"',
         f"en: {yq('Digital transformation: in Party agencies # in 2026 ' + payloads())}")
    edit(meta, "place: Hà Nội", f"place: {yq('Hà Nội ' + payloads())}")
    edit(meta, 'vi: "Chánh Văn phòng Trung ương Đảng kiêm Phó Trưởng Ban Thường trực"',
         f"vi: {yq('Chánh Văn phòng Trung ương Đảng kiêm Phó Trưởng Ban Thường trực ' + payload())}")
    edit(meta, "  name: Phạm Gia Túc", f"  name: {yq('Phạm Gia Túc ' + payload())}")
    edit(meta, '  - "Lưu Ban Chỉ đạo."', f"  - {yq('Lưu Ban Chỉ đạo. ' + payload())}")
    edit(meta, 'trang này dựa trên một bản sao điện tử của văn bản đó."',
         f'trang này dựa trên một bản sao điện tử của văn bản đó. {payload().replace(chr(34), chr(39))}"')
    edit("source_texts/17-kh-bcd/meta.en.yml", "place: Hanoi", f"place: {yq('Hanoi ' + payloads())}")
    # vi.txt: after a task, in a footnote, in an override's reason
    vi = "source_texts/17-kh-bcd/vi.txt"
    edit(vi, "Hoàn thành trước ngày 22/12/2026.", f"Hoàn thành trước ngày 22/12/2026. {payload()}\n"
         f"@lead: van-phong-trung-uong-dang\n@why: {payload()}")
    edit(vi, "[^1]: Trung tâm dự phòng tại 1A Hùng Vương", f"[^1]: {payload()} Trung tâm dự phòng tại 1A Hùng Vương")
    edit(vi, "hiệu quả[^1].", f"hiệu quả[^1]. {payload()}")
    en = "source_texts/17-kh-bcd/en.txt"
    first_en = next(ln for ln in (root / en).read_text(encoding="utf-8").splitlines() if ln.startswith("- "))
    edit(en, first_en, first_en + " " + payloads())
    # the task table of 350/QĐ-TTg: a cell, a note, a group title
    app = "source_texts/350-qd-ttg/appendix.yml"
    text = (root / app).read_text(encoding="utf-8")
    m = re.search(r'^(\s+task: ")', text, re.M)
    edit(app, m.group(1), m.group(1) + payload().replace('"', "'") + " ")
    m = re.search(r'^(\s+note: ")(?=\S)', text, re.M)
    edit(app, m.group(1), m.group(1) + payload().replace('"', "'") + " ")
    # the glossary
    edit("source_texts/glossary.yml", "    note: \"Wording of Resolution 57-NQ/TW's official English translation.\"",
         "    note: " + yq("Wording of Resolution 57-NQ/TW's official English translation. " + payloads()))
    # the test's words are not Vietnamese syllables: accept them here
    words = set()
    for p in PAYLOADS:
        for m in markers:
            for w in p.format(m=m).split():       # the word, and the forms the syllable check cuts it into
                words.update({w, w.strip("\"'()[]{}<>.,;:!?*"), *re.split(r"[\"'()\[\]{}<>=]+", w)})
    words = sorted(w for w in words if w)
    with (root / "source_texts/allowlist.yml").open("a", encoding="utf-8") as f:
        f.write("\ninjection-test:\n  reason: words of the injection test (tests/test_safety.py)\n  words:\n"
                + "".join(f"    - {yq(w)}\n" for w in words))
    return markers


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    root = copy_repo(tmp_path_factory.mktemp("inject"))
    markers = _inject(root)
    proc = run_build(root)
    return root, markers, proc


def test_the_build_accepts_the_values_as_text(injected):
    root, markers, proc = injected
    assert proc.returncode == 0, proc.stderr[-4000:]


def test_no_value_runs_or_changes_a_page(injected):
    root, markers, proc = injected
    assert proc.returncode == 0, proc.stderr[-2000:]
    bad = []
    seen_as_text: set[str] = set()
    for page in sorted((root / "site").rglob("*.html")):
        scan = _Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        text = "".join(scan.text)
        seen_as_text.update(m for m in markers if m in text)
        bad += [f"{page.relative_to(root)}: {b}" for b in scan.bad]
        if "49 " + MARK in text:
            bad.append(f"{page.relative_to(root)}: a Jinja expression was evaluated")
    assert not bad, "\n".join(bad[:30])
    missing = [m for m in markers if m not in seen_as_text]
    assert not missing, f"values dropped from the site instead of shown as text: {missing}"


def test_data_files_stay_valid(injected):
    root, markers, proc = injected
    assert proc.returncode == 0
    data = root / "site" / "data"
    tasks = json.loads((data / "tasks.json").read_text(encoding="utf-8"))
    agencies = json.loads((data / "agencies.json").read_text(encoding="utf-8"))
    json.loads((data / "plans.json").read_text(encoding="utf-8"))
    assert any(MARK in json.dumps(a, ensure_ascii=False) for a in agencies["agencies"] if a["id"] == "bo-cong-an")
    rows = list(csv.reader(io.StringIO((data / "tasks.csv").read_text(encoding="utf-8"))))
    width = len(rows[0])
    assert all(len(r) == width for r in rows), "a value broke the CSV's columns"
    assert len(rows) - 1 == len(tasks["tasks"])
    import icalendar

    for ics in (data / "calendar").glob("*.ics"):
        cal = icalendar.Calendar.from_ical(ics.read_bytes())
        assert cal.walk("VEVENT") or ics.name != "all.ics"
    for f in (root / "site").rglob("*.json"):
        json.loads(f.read_text(encoding="utf-8"))
