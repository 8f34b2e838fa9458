"""A reader on a 390 px phone (headless Chromium against nginx): no page is wider than the
screen, task tables are stacked cards (deadline, status, task, lead each on its own line,
after its column's name), and a long page has a contents button that opens its sections.
"""
from __future__ import annotations

import re

import pytest

PAGES = ["", "plans/", "plans/17-kh-bcd/", "plans/02-kh-bcdtw/", "plans/46-tb-tgv/", "plans/350-qd-ttg/",
         "plans/17-kh-bcd/iii/", "plans/350-qd-ttg/pl/", "parallel/350-qd-ttg/pl-iv/",     # later pages of long plans
         "parallel/17-kh-bcd/", "agencies/", "agencies/bo-cong-an/", "agencies/provinces/", "deadlines/",
         "deadlines/2026-03/", "deadlines/none/", "deadlines/year/", "plans/without-lead/", "citations/", "glossary/",
         "search/?q=co+so+du+lieu", "tasks/", "tasks/?agency=bo-cong-an&groups=1", "404.html"]


@pytest.fixture
def phone(browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    pg = ctx.new_page()
    pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "blob:", "data:")) else r.abort())
    yield pg
    ctx.close()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_nothing_is_wider_than_the_screen(phone, server, lang):
    wide = []
    for path in PAGES:
        phone.goto(f"{server}/{lang}{path}")
        phone.wait_for_load_state("networkidle")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            # name the widest element, for the message
            culprit = phone.evaluate("""() => { let best = null, w = 0;
                document.querySelectorAll('article *').forEach(e => { const r = e.getBoundingClientRect();
                    if (r.right > w) { w = r.right; best = e.tagName + '.' + e.className; } });
                return best + ' ' + Math.round(w); }""")
            wide.append(f"/{lang}{path}: {width}px ({culprit})")
    assert wide == []


def test_task_tables_are_stacked_cards(phone, server):
    phone.goto(server + "/deadlines/2026-03/")
    rows = phone.locator("article table tbody tr")
    assert rows.count() >= 5
    row = rows.first
    cells = row.locator("td")
    assert cells.count() == 4
    boxes = [cells.nth(i).bounding_box() for i in range(4)]
    # one cell per line, each the card's full width, one under another
    for a, b in zip(boxes, boxes[1:]):
        assert b["y"] >= a["y"] + a["height"] - 1
        assert abs(a["x"] - b["x"]) < 2
    assert all(b["width"] > 300 for b in boxes)
    # each line starts with its column's name (the table's header, hidden on a phone)
    heads = phone.locator("article table thead th").all_inner_texts()
    assert heads == ["Thời hạn", "Tình trạng", "Nhiệm vụ", "Chủ trì"]
    labels = [cells.nth(i).evaluate("e => getComputedStyle(e, '::before').content") for i in range(4)]
    assert labels == [f'"{h}: "' for h in heads]
    assert not phone.locator("article table thead").first.is_visible() or \
        phone.locator("article table thead").first.bounding_box()["height"] <= 1
    # task text wraps at the card's width, not at 2-3 words
    task = cells.nth(2).bounding_box()
    assert task["width"] > 300


def test_every_task_row_is_one_table_row(built):
    """A task's words may hold paragraphs; a table row must stay one row. On every agency
    page, the rows under each role heading number what the heading says."""
    site = built / "site"
    wrong = []
    pages = sorted((site / "agencies").glob("*/index.html"))
    assert len(pages) > 50
    for f in pages:
        html = f.read_text(encoding="utf-8")
        for sec in re.findall(r'<section class="role-section" data-role-section="\w+">(.*?)</section>', html, re.S):
            head = re.search(r"<h2[^>]*>[^<]*\((\d+)\)", sec)
            rows = len(re.findall(r"<tr>", sec.split("<tbody>", 1)[-1])) if "<tbody>" in sec else 0
            if head and int(head.group(1)) != rows:
                wrong.append(f"{f.parent.name}: heading says {head.group(1)}, table has {rows}")
    assert wrong == []


def test_a_long_page_has_a_contents_button(phone, server):
    phone.goto(server + "/plans/02-kh-bcdtw/")
    button = phone.locator(".page-contents__button")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    items = phone.locator(".page-contents li a")
    assert not items.first.is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    n2 = phone.locator("article h2[id]").count()
    assert items.count() >= n2 >= 4
    target = items.nth(2)
    href = target.get_attribute("href")
    target.click()
    assert phone.evaluate("location.hash") == href
    assert not items.first.is_visible()           # closed again after the jump
    heading = phone.locator(f"[id='{href[1:]}']")
    box = heading.bounding_box()
    assert 0 <= box["y"] < 844
    # on a desktop the theme's own table of contents is beside the text: no button
    phone.set_viewport_size({"width": 1400, "height": 900})
    assert not button.is_visible()
