"""The deadline timeline (issue 13, part 4): tasks per month, split by status, as inline SVG
with a text alternative and a table.

Unit tests on build_scripts/pages/timeline.py with hand-made entries (the counts worked out by
hand), then the built site (session fixtures of tests/conftest.py): the chart's numbers are
compared with the month pages' own task rows and the agency page's own task tables, parsed
from the HTML independently of the generator; then Chromium at phone width.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest

from build_scripts.models import Deadline
from build_scripts.pages.render import page_url
from build_scripts.pages.timeline import layout, timeline
from build_scripts.pages.views import Entry
from tests.conftest import ROOT

# -- unit: the data ----------------------------------------------------------------------


def _e(task: str, kind: str, value: str, status: str) -> Entry:
    return Entry(SimpleNamespace(id=task), Deadline(kind, value, ""), status)


ENTRIES = [
    _e("a", "date", "2026-03-31", "passed"),
    _e("b", "month", "2026-03", "upcoming"),
    # two deadlines of one task in March: once, under the later one's status
    _e("c", "date", "2026-03-05", "passed"),
    _e("c", "date", "2026-03-25", "due-soon"),
    _e("d", "date", "2026-05-10", "upcoming"),
    _e("a", "date", "2026-06-15", "upcoming"),
    _e("e", "quarter", "2026-Q3", "upcoming"),        # no month: not on the chart
]


def test_counts_per_month_and_status():
    tl = timeline(ENTRIES)
    got = {m.key: {s: m.count(s) for s in ("passed", "due-soon", "upcoming", "ongoing", "undated") if m.count(s)}
           for m in tl.months}
    assert got == {"2026-03": {"passed": 1, "due-soon": 1, "upcoming": 1}, "2026-04": {},
                   "2026-05": {"upcoming": 1}, "2026-06": {"upcoming": 1}}
    assert [m.total for m in tl.months] == [3, 0, 1, 1]
    assert tl.max == 3
    assert [m.key for m in tl.dated] == ["2026-03", "2026-05", "2026-06"]
    assert tl.statuses == ("passed", "due-soon", "upcoming")      # bottom-up order, present ones
    assert len(tl.rows) == 1


def test_order_of_entries_does_not_matter():
    assert timeline(ENTRIES) == timeline(list(reversed(ENTRIES)))


def test_no_month_dated_task_gives_an_empty_timeline():
    tl = timeline([_e("x", "year", "2027", "upcoming"), _e("y", "ongoing", None, "ongoing")])
    assert not tl and tl.months == () and tl.max == 0


def test_a_span_over_three_years_becomes_one_row_per_year():
    tl = timeline([_e("a", "date", "2025-02-10", "passed"), _e("b", "month", "2029-11", "upcoming"),
                   _e("c", "date", "2029-01-31", "upcoming")])
    assert [[m.key for m in row][::11] for row in tl.rows] == [["2025-01", "2025-12"], ["2029-01", "2029-12"]]
    assert [len(row) for row in tl.rows] == [12, 12]
    assert {m.key: m.total for m in tl.dated} == {"2025-02": 1, "2029-01": 1, "2029-11": 1}
    # up to 36 months: one row, first to last month with a task
    short = timeline([_e("a", "month", "2025-01", "passed"), _e("b", "month", "2027-12", "upcoming")])
    assert len(short.rows) == 1 and len(short.months) == 36


def test_layout_heights_are_proportional_and_stack_bottom_up():
    c = layout(timeline(ENTRIES))
    bars = {b.month.key: b for b in c.bars}
    assert [b.month.key for b in c.bars] == ["2026-03", "2026-04", "2026-05", "2026-06"]
    march = bars["2026-03"]
    full = march.baseline - march.top
    assert full > 50
    assert bars["2026-05"].baseline - bars["2026-05"].top == pytest.approx(full / 3, abs=0.05)
    assert bars["2026-04"].segments == () and bars["2026-04"].top == bars["2026-04"].baseline
    segs = march.segments
    assert [s.status for s in segs] == ["passed", "due-soon", "upcoming"]
    assert segs[0].y + segs[0].height == pytest.approx(march.baseline, abs=0.05)    # passed at the bottom
    for lower, upper in zip(segs, segs[1:]):
        assert upper.y + upper.height == pytest.approx(lower.y, abs=0.05)
    xs = [b.x for b in c.bars]
    assert xs == sorted(xs) and all(b.x + b.width <= c.width for b in c.bars)
    assert all(0 <= b.hit[1] and b.hit[1] + b.hit[3] <= c.height for b in c.bars)


def test_page_urls_are_final_directory_urls():
    assert page_url("deadlines/index.md", "deadlines/2026-03.md") == "2026-03/"
    assert page_url("agencies/bo-cong-an.md", "deadlines/2026-03.md") == "../../deadlines/2026-03/"
    assert page_url("index.md", "deadlines/index.md") == "deadlines/"


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str = "#fff") -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_colours_meet_wcag_aa_on_white():
    """Text of the chart: 4.5:1; outlines and patterns that tell the bars apart: 3:1."""
    css = (ROOT / "docs" / "assets" / "stylesheets" / "timeline.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    screen = css.split("@media print")[0]
    text, ink = [], []
    for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", screen):
        for prop, colour in re.findall(r"(fill|stroke):\s*(#[0-9a-fA-F]{3,6})", body):
            if "text" in sel or re.search(r"tl-(count|month|year)\b", sel):
                text.append((sel.strip(), colour))
            elif prop == "stroke" or "tl-dot" in sel:
                ink.append((sel.strip(), colour))
    assert len(text) >= 2 and len(ink) >= 5
    assert [(s, c) for s, c in text if _contrast(c) < 4.5] == []
    assert [(s, c) for s, c in ink if _contrast(c) < 3] == []


# -- the built site ------------------------------------------------------------------------

class _Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], ""

    def iter(self, tag=None, cls=None):
        for c in self.children:
            if (tag is None or c.tag == tag) and (cls is None or cls in c.attrs.get("class", "").split()):
                yield c
            yield from c.iter(tag, cls)

    def first(self, tag=None, cls=None):
        return next(self.iter(tag, cls), None)

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = _Node("#root", {})

    def handle_starttag(self, tag, attrs):
        n = _Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(_Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        # text is kept on the element it is in (child order is not needed here)
        self.cur.text += data


def _parse(path: Path) -> _Node:
    t = _Tree()
    t.feed(path.read_text(encoding="utf-8"))
    return t.root


def _site_page(site: Path, page_url_: str, href: str) -> Path:
    """The file an href of the page at ``page_url_`` ('/en/deadlines/') resolves to."""
    path = urlsplit(urljoin("http://x" + page_url_, href)).path
    return site / path.lstrip("/") / "index.html" if path.endswith("/") else site / path.lstrip("/")


def _month_page_counts(f: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Tasks of a month page by status (a task listed twice counts once, under its later,
    i.e. lower, row), and the status words the page's badges use."""
    status_of_task: dict[str, str] = {}
    words: dict[str, str] = {}
    for tr in _parse(f).first("div", "task-list").iter("tr"):
        badge = tr.first("span", "status")
        if badge is None:
            continue        # the header row
        status = next(c[len("status-"):] for c in badge.attrs["class"].split() if c.startswith("status-"))
        words[badge.all_text().strip()] = status
        task = next(a.attrs["href"] for a in tr.iter("a") if "/plans/" in a.attrs.get("href", ""))
        status_of_task[task] = status
    counts: dict[str, int] = {}
    for s in status_of_task.values():
        counts[s] = counts.get(s, 0) + 1
    return counts, words


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built / "site"


LANGS = (("vi", ""), ("en", "en/"))


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_deadlines_page_chart_has_a_text_alternative(site, lang, prefix):
    doc = _parse(site / prefix / "deadlines" / "index.html")
    svg = doc.first("svg", "timeline-svg")
    assert svg is not None
    # a group of links named by the title and desc (attribute names come lower-cased)
    assert svg.attrs["role"] == "group" and "viewbox" in svg.attrs
    ids = svg.attrs["aria-labelledby"].split()
    title, desc = svg.first("title"), svg.first("desc")
    assert [title.attrs.get("id"), desc.attrs.get("id")] == ids
    assert len(title.all_text().strip()) > 10
    text = desc.all_text()
    month_pages = sorted(p.name for p in (site / prefix / "deadlines").iterdir() if re.fullmatch(r"\d{4}-\d{2}", p.name))
    # every month with a page is told, with its number of tasks, in the page's language
    for key in month_pages:
        y, m = key.split("-")
        name = f"Tháng {int(m)}/{y}" if lang == "vi" else f"{['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][int(m) - 1]} {y}"
        assert re.search(re.escape(name) + r": \d+ ", text), (key, text[:300])
    assert ("nhiệm vụ" in text) == (lang == "vi") and ("tasks" in text) == (lang == "en")


def _chart_numbers(doc: _Node) -> tuple[dict[str, int], dict[str, dict[str, int]], dict[str, str]]:
    """From one page's timeline: {href: count over the bar}, {href: {status word: n}} from
    the table, and the bar hrefs' month keys."""
    svg = doc.first("svg", "timeline-svg")
    bars = {}
    for a in svg.iter("a"):
        bars[a.attrs["href"]] = int(a.first("text", "tl-count").all_text())
    table = doc.first("details", "timeline-table").first("table")
    assert table.first("caption").all_text().strip()
    heads = [th.all_text().strip() for th in table.first("thead").iter("th")]
    rows = {}
    for tr in table.first("tbody").iter("tr"):
        th = tr.first("th")
        assert th.attrs.get("scope") == "row"
        cells = [int(td.all_text()) for td in tr.iter("td")]
        rows[th.first("a").attrs["href"]] = dict(zip(heads[1:], cells))
    return bars, rows, heads


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_deadlines_chart_numbers_equal_the_month_pages(site, lang, prefix):
    url = f"/{prefix}deadlines/"
    doc = _parse(site / prefix / "deadlines" / "index.html")
    bars, rows, heads = _chart_numbers(doc)
    assert heads[-1] and len(heads) >= 3
    month_pages = {p for p in (site / prefix / "deadlines").iterdir() if re.fullmatch(r"\d{4}-\d{2}", p.name)}
    assert {_site_page(site, url, h).parent for h in bars} == month_pages      # a bar for every month page
    assert set(rows) == set(bars)
    for href, total in bars.items():
        f = _site_page(site, url, href)
        assert f.is_file(), href
        counts, words = _month_page_counts(f)
        assert total == sum(counts.values()), href
        row = rows[href]
        assert row[heads[-1]] == total, href
        by_status = {words[w]: n for w, n in row.items() if w in words}
        assert by_status == counts, href                         # every status word of the page's badges
        assert sum(n for w, n in row.items() if w != heads[-1]) == total
    # the legend uses the same status words as the badges
    legend = [li.all_text().strip() for li in doc.first("ul", "timeline-legend").iter("li")]
    assert legend == heads[1:-1]


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_agency_page_shows_its_timeline_after_its_tasks(site, lang, prefix):
    f = site / prefix / "agencies" / "bo-cong-an" / "index.html"
    html = f.read_text(encoding="utf-8")
    pos = {k: html.find(f'id="{k}"') for k in ("lead", "coordinate", "via-group", "timeline", "about")}
    assert all(v > 0 for v in pos.values()), pos
    assert pos["lead"] < pos["coordinate"] < pos["via-group"] < pos["timeline"] < pos["about"], pos
    chart = html[pos["timeline"]:pos["about"]]
    assert "<svg" in chart and "<p>" not in chart.split("</svg>")[0]      # Markdown left the SVG alone
    doc = _parse(f)
    bars, rows, heads = _chart_numbers(doc)
    url = f"/{prefix}agencies/bo-cong-an/"
    # the agency's own task tables: each task once per month page its deadlines link to
    tasks_by_month: dict[Path, set[str]] = {}
    for table in doc.iter("div", "task-list"):
        for tr in table.iter("tr"):
            task = next((a.attrs["href"] for a in tr.iter("a") if "/plans/" in a.attrs.get("href", "")), None)
            for a in tr.iter("a"):
                if re.search(r"deadlines/\d{4}-\d{2}/$", a.attrs.get("href", "")) and task:
                    tasks_by_month.setdefault(_site_page(site, url, a.attrs["href"]), set()).add(task)
    assert tasks_by_month
    assert {_site_page(site, url, h): n for h, n in bars.items()} == {k: len(v) for k, v in tasks_by_month.items()}
    assert all(_site_page(site, url, h).is_file() for h in list(bars) + list(rows))


def test_no_agency_page_has_an_empty_chart(site):
    charts = sentences = 0
    for f in (site / "agencies").glob("*/index.html"):
        html = f.read_text(encoding="utf-8")
        if 'class="timeline-svg"' in html:
            charts += 1
            assert 'class="tl-bar"' in html, f
        elif 'class="timeline-none"' in html:
            sentences += 1
    assert charts > 20 and sentences > 0, (charts, sentences)


# -- in Chromium -------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/deadlines/", "/en/deadlines/", "/agencies/bo-cong-an/", "/en/agencies/bo-cong-an/"])
def test_timeline_on_a_phone_stays_within_the_screen(browser, server, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        pg = context.new_page()
        pg.goto(server + path)
        svg = pg.locator("svg.timeline-svg")
        svg.scroll_into_view_if_needed()
        assert pg.evaluate("() => document.documentElement.scrollWidth") <= 390
        box = pg.locator(".timeline-scroll").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        # legible: the chart scrolls in its box rather than shrinking its labels
        label = pg.locator("svg.timeline-svg text.tl-month").first.bounding_box()
        assert label["height"] >= 9, label
        legend = pg.locator(".timeline-legend").bounding_box()
        assert legend["x"] + legend["width"] <= 390
    finally:
        context.close()


def test_a_bar_leads_to_its_month_page(page, server):
    page.goto(server + "/en/agencies/bo-cong-an/")
    bar = page.locator("svg.timeline-svg a.tl-bar").first
    n = int(bar.locator("text.tl-count").text_content())
    bar.click()
    page.wait_for_url(re.compile(r"/en/deadlines/\d{4}-\d{2}/$"))
    assert page.locator("div.task-list tbody tr").count() >= n
    assert page.outside_requests == []
