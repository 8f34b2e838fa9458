"""A reader in headless Chromium (Debian's, driven by Playwright) against nginx on 127.0.0.1:
open Plan 17, follow an agency link, a month link and the language switch."""
import re


def test_plan_agency_month_and_language_switch(page, server):
    page.goto(server + "/plans/17-kh-bcd/")
    assert "17-KH/BCĐ" in page.title()
    task = page.locator("#iii-2-b-1")
    assert "Tham mưu kiện toàn thành viên Ban Chỉ đạo" in task.inner_text()

    # the lead agency link goes to the agency page, which links back to the task
    task.locator(".task-meta a", has_text="Văn phòng Trung ương Đảng").first.click()
    page.wait_for_url(re.compile(r"/agencies/van-phong-trung-uong-dang/$"))
    assert page.locator("h1").inner_text().rstrip("¶") == "Văn phòng Trung ương Đảng"
    back = page.locator('a[href$="plans/17-kh-bcd/#iii-2-b-1"]').first
    assert back.count() == 1
    back.click()
    page.wait_for_url(re.compile(r"/plans/17-kh-bcd/#iii-2-b-1$"))

    # the deadline link goes to the month page, which lists the task
    page.locator("#iii-2-b-1 .task-meta a", has_text="Hạn: 31/3/2026").click()
    page.wait_for_url(re.compile(r"/deadlines/2026-03/$"))
    assert "tháng 3/2026" in page.locator("h1").inner_text()
    assert page.locator('a[href$="plans/17-kh-bcd/#iii-2-b-1"]').count() >= 1

    # the language switch lands on the same page and the same task
    page.goto(server + "/plans/17-kh-bcd/#iii-2-b-1")
    page.locator('a[hreflang="en"]').first.dispatch_event("click")
    page.wait_for_url(re.compile(r"/en/plans/17-kh-bcd/#iii-2-b-1$"))
    assert page.locator("#iii-2-b-1 .task-meta").inner_text().count("Office of the Party Central Committee") == 1
    assert "Due 31 March 2026" in page.locator("#iii-2-b-1 .task-meta").inner_text()
    assert "Translation pending" in page.content()
    assert page.outside_requests == []


def test_english_agency_page_uses_official_names(page, server):
    page.goto(server + "/en/agencies/bo-cong-an/")
    assert page.locator("h1").inner_text().rstrip("¶") == "Ministry of Public Security"
    assert "Tasks it coordinates" in page.content()
    assert page.outside_requests == []
