"""The task explorer (/tasks/, /en/tasks/) and the quick filters of agency pages, in headless
Chromium against nginx. Expected selections are computed here from the open data
(site/data/tasks.json, agencies.json: the explorer's input) by the rules the issue states,
not by the explorer's code. The reader's clock is fixed at the build's "as of" date.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata

import pytest

from .conftest import AS_OF

TODAY = AS_OF


@pytest.fixture(scope="module")
def data(built):
    tasks = json.loads((built / "site" / "data" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    agencies = {a["id"]: a for a in json.loads((built / "site" / "data" / "agencies.json").read_text(encoding="utf-8"))["agencies"]}
    return tasks, agencies


@pytest.fixture
def reader(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.clock.set_fixed_time(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0))
    pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "blob:", "data:")) else r.abort())
    yield pg
    ctx.close()


def shown_ids(pg) -> list[str]:
    """Every row of the selection (the table shows 100 at a time: press "more" until all)."""
    pg.wait_for_selector(".explorer__results table, .explorer__none")
    while pg.locator(".explorer__more").count():
        pg.locator(".explorer__more").click()
    return pg.locator(".explorer__results tbody tr").evaluate_all("rs => rs.map(r => r.getAttribute('data-id'))")


def count_line(pg) -> tuple[int, int]:
    m = re.match(r"(\d+)\D+(\d+)", pg.locator(".explorer__count").inner_text())
    return int(m.group(1)), int(m.group(2))


def part_of(t, agency, agencies, groups: bool):
    if agency in t["lead"]:
        return "lead"
    if agency in t["coordinators"]:
        return "coordinate"
    if groups:
        mine = set(agencies[agency]["member_of"])
        if mine & set(t["lead"]):
            return "lead"
        if mine & set(t["coordinators"]):
            return "coordinate"
    return None


def test_tasks_of_an_agency_due_in_the_next_90_days_in_three_clicks(reader, server, data):
    """Home -> the "Tasks" tab (1) -> the agency (2) -> "Next 90 days" (3); then the page's
    address alone reproduces the view in a new tab."""
    tasks, agencies = data
    pg = reader
    pg.goto(server + "/")
    pg.locator("a", has_text=re.compile(r"^\s*Nhiệm vụ\s*$")).first.click()                        # 1
    pg.wait_for_url(re.compile(r"/tasks/$"))
    pg.wait_for_selector(".explorer__results table")
    pg.locator("#f-agency").select_option("van-phong-trung-uong-dang")                            # 2
    pg.locator("button[data-range='90']").click()                                                 # 3
    end = (TODAY + dt.timedelta(days=90)).isoformat()
    expected = [t["id"] for t in tasks if part_of(t, "van-phong-trung-uong-dang", agencies, False)
                and t["effective_deadline"]["last"] and TODAY.isoformat() <= t["effective_deadline"]["last"] <= end]
    assert len(expected) >= 10         # a real selection, not an empty one
    got = shown_ids(pg)
    assert sorted(got) == sorted(expected)
    # earliest deadline first
    last = {t["id"]: t["effective_deadline"]["last"] for t in tasks}
    assert [last[i] for i in got] == sorted(last[i] for i in got)
    assert count_line(pg) == (len(expected), len(tasks))
    url = pg.url
    assert "agency=van-phong-trung-uong-dang" in url and f"to={end}" in url

    again = pg.context.new_page()
    again.clock.set_fixed_time(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0))
    again.goto(url)
    assert shown_ids(again) == got
    assert again.locator("#f-agency").input_value() == "van-phong-trung-uong-dang"
    assert again.locator("#f-to").input_value() == end


@pytest.mark.parametrize("query, check", [
    # agency with its groups: every task the agency page lists (lead + coordinating + via a group)
    ("agency=bo-cong-an&groups=1", "agency_page"),
    ("agency=bo-tai-chinh&groups=1&role=coordinate", "python"),
    ("agency=van-phong-trung-uong-dang&role=lead&status=passed", "python"),
    ("plan=350-qd-ttg&kind=year", "python"),
    ("plan=02-kh-bcdtw&status=passed,due-soon", "python"),
    ("from=2026-01-01&to=2026-06-30", "python"),
    ("kind=none&plan=17-kh-bcd", "python"),
])
def test_filters_select_what_the_open_data_says(reader, server, data, query, check):
    tasks, agencies = data
    pg = reader
    pg.goto(f"{server}/tasks/?{query}")
    got = shown_ids(pg)
    q = dict(p.split("=", 1) for p in query.split("&"))
    if check == "agency_page":
        pg.goto(f"{server}/agencies/{q['agency']}/")
        heads = pg.locator("h2#lead, h2#coordinate, h2#via-group").all_inner_texts()
        total = sum(int(re.search(r"\((\d+)\)", h).group(1)) for h in heads)
        assert len(got) == total and total > 50
        return

    def keep(t):
        if "agency" in q:
            part = part_of(t, q["agency"], agencies, q.get("groups") == "1")
            if not part or ("role" in q and part != q["role"]):
                return False
        d = t["effective_deadline"]
        if "plan" in q and t["plan"] != q["plan"]:
            return False
        if "kind" in q and d["kind"] != q["kind"]:
            return False
        if "from" in q and not (d["last"] and q["from"] <= d["last"] <= q["to"]):
            return False
        if "status" in q and t["status"] not in q["status"].split(","):    # tasks.json: as of the build = today
            return False
        return True
    expected = [t["id"] for t in tasks if keep(t)]
    assert expected, query
    assert sorted(got) == sorted(expected)


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "d").lower()


def test_text_filter_ignores_diacritics_and_counts_update(reader, server, data):
    tasks, _ = data
    pg = reader
    pg.goto(server + "/tasks/")
    pg.wait_for_selector(".explorer__results table")
    counts = {s: int(pg.locator(f"[data-status-count='{s}']").inner_text().strip("()"))
              for s in ("passed", "due-soon", "upcoming", "ongoing", "undated")}
    assert sum(counts.values()) == len(tasks)
    assert counts["passed"] == sum(t["status"] == "passed" for t in tasks)
    pg.locator("#f-q").fill("co so du lieu quoc gia")
    pg.wait_for_timeout(300)
    plain = shown_ids(pg)
    expected = [t["id"] for t in tasks if all(w in fold(" ".join([t["text"]["vi"], t["text"]["en"] or "", t["path"], t["section"]]))
                                                for w in "co so du lieu quoc gia".split())]
    assert sorted(plain) == sorted(expected) and len(expected) >= 2
    pg.locator("#f-q").fill("cơ sở dữ liệu quốc gia")
    pg.wait_for_timeout(300)
    assert sorted(shown_ids(pg)) == sorted(plain)
    after = sum(int(pg.locator(f"[data-status-count='{s}']").inner_text().strip("()")) for s in counts)
    assert after == len(plain)


def test_sorting_and_csv_of_the_selection(reader, server, data):
    tasks, _ = data
    by_id = {t["id"]: t for t in tasks}
    pg = reader
    pg.goto(server + "/en/tasks/?plan=02-kh-bcdtw&sort=deadline-desc")
    got = shown_ids(pg)
    dated = [by_id[i]["effective_deadline"]["last"] for i in got if by_id[i]["effective_deadline"]["last"]]
    assert dated == sorted(dated, reverse=True) and len(dated) > 10
    # undated after every dated one
    flags = [bool(by_id[i]["effective_deadline"]["last"]) for i in got]
    assert flags == sorted(flags, reverse=True)
    assert pg.locator(".explorer__count").inner_text().startswith(f"{len(got)} of {len(tasks)} tasks")
    # English page: English labels and links into the English site
    assert pg.locator(".explorer__results th").all_inner_texts()[:3] == ["Deadline", "Status", "Task"]
    href = pg.locator(".explorer__results tbody tr a").first.get_attribute("href")
    assert "/en/plans/02-kh-bcdtw/#" in href

    with pg.expect_download() as dl:
        pg.locator(".explorer__csv").click()
    body = open(dl.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["id"] for r in rows] == got
    assert all(r["plan"] == "02-kh-bcdtw" for r in rows)
    first = rows[0]
    assert first["text"] == (by_id[first["id"]]["text"]["en"] or by_id[first["id"]]["text"]["vi"])
    assert first["url"].startswith(server + "/en/plans/02-kh-bcdtw/#")
    assert dl.value.suggested_filename.endswith(".csv")


def test_agency_page_quick_filters(reader, server):
    """Role and status on the agency page itself: the rows left are those of the chosen
    section whose badge has the chosen status; the count line says how many."""
    pg = reader
    pg.goto(server + "/agencies/bo-cong-an/")
    box = pg.locator(".quick-filters")
    assert box.is_visible()
    heads = {h: int(re.search(r"\((\d+)\)", pg.locator(f"h2#{h}").inner_text()).group(1)) for h in ("lead", "coordinate", "via-group")}
    passed = pg.locator("[data-role-section] tbody tr:has(.status-passed)").count()
    box.locator("input[name='q-status'][value='passed']").check()
    visible = pg.locator("[data-role-section] tbody tr:visible").count()
    assert visible == passed and 0 < passed < sum(heads.values())
    assert box.locator(".quick-filters__count").inner_text() == f"Đang hiện {passed} trên {sum(heads.values())} nhiệm vụ"
    box.locator("input[name='q-status'][value='']").check()
    box.locator("input[name='q-role'][value='coordinate']").check()
    assert pg.locator("h2#lead").is_hidden() and pg.locator("h2#coordinate").is_visible()
    assert pg.locator("[data-role-section] tbody tr:visible").count() == heads["coordinate"]
