"""A reader in headless Chromium (Debian's, driven by Playwright) against nginx on 127.0.0.1:
open Plan 17, follow an agency link, a month link and the language switch."""
import re


def test_plan_agency_month_and_language_switch(page, server):
    page.goto(server + "/plans/17-kh-bcd/")
    assert "17-KH/BCĐ" in page.title()
    # the plan is long: section III is on a page of its own, listed at the top of each
    page.locator("nav.doc-parts a", has_text="III- NHIỆM VỤ").first.click()
    page.wait_for_url(re.compile(r"/plans/17-kh-bcd/[^/#]+/#iii$"))
    assert "17-KH/BCĐ" in page.title()
    task = page.locator("#iii-2-b-1")
    assert "Tham mưu kiện toàn thành viên Ban Chỉ đạo" in task.inner_text()

    # the lead agency link goes to the agency page, which links back to the task
    task.locator(".task-meta a", has_text="Văn phòng Trung ương Đảng").first.click()
    page.wait_for_url(re.compile(r"/agencies/van-phong-trung-uong-dang/$"))
    assert page.locator("h1").inner_text().rstrip("¶") == "Văn phòng Trung ương Đảng"
    back = page.locator('a[href*="plans/17-kh-bcd/"][href$="#iii-2-b-1"]').first
    assert back.count() == 1
    back.click()
    page.wait_for_url(re.compile(r"/plans/17-kh-bcd/[^#]*#iii-2-b-1$"))
    assert page.locator("#iii-2-b-1").is_visible()

    # the deadline link goes to the month page, which lists the task
    page.locator("#iii-2-b-1 .task-meta a", has_text="Hạn: 31/3/2026").click()
    page.wait_for_url(re.compile(r"/deadlines/2026-03/$"))
    assert "tháng 3/2026" in page.locator("h1").inner_text()
    assert page.locator('a[href*="plans/17-kh-bcd/"][href$="#iii-2-b-1"]').count() >= 1

    # the address the task had before the plan was cut into pages leads to the page that has
    # it now; the language switch lands on the same page and the same task
    page.goto(server + "/plans/17-kh-bcd/#iii-2-b-1")
    page.wait_for_url(re.compile(r"/plans/17-kh-bcd/[^/#]+/#iii-2-b-1$"))
    part = re.search(r"/plans/17-kh-bcd/([^/#]+)/", page.url).group(1)
    page.locator('a[hreflang="en"]').first.dispatch_event("click")
    page.wait_for_url(re.compile(rf"/en/plans/17-kh-bcd/{part}/#iii-2-b-1$"))
    assert page.locator("#iii-2-b-1 .task-meta").inner_text().count("Office of the Party Central Committee") == 1
    assert "Due 31 March 2026" in page.locator("#iii-2-b-1 .task-meta").inner_text()
    assert "Translation pending" not in page.content()
    assert "Advise on consolidating the membership of the Steering Committee" in page.locator("#iii-2-b-1").inner_text()
    assert page.outside_requests == []


def test_english_agency_page_uses_official_names(page, server):
    page.goto(server + "/en/agencies/bo-cong-an/")
    assert page.locator("h1").inner_text().rstrip("¶") == "Ministry of Public Security"
    assert "Tasks it coordinates" in page.content()
    assert page.outside_requests == []


def test_badges_are_recomputed_for_the_readers_today(browser, server):
    """The site is built as of 10/4/2026 (tests/conftest.py); a reader on 5/6/2026 sees the
    task due 15/6/2026 as due within 30 days, the one due 31/3/2026 as passed, and the
    build's date is still printed."""
    import datetime as dt

    context = browser.new_context()
    pg = context.new_page()
    pg.clock.set_fixed_time(dt.datetime(2026, 6, 5, 9, 0))
    pg.goto(server + "/plans/17-kh-bcd/#iii-2-b-1")        # its page (an older address: site.js leads there)
    due = pg.locator('#iii-2-b-1 .status[data-last="2026-03-31"]').first
    assert due.inner_text() == "Đã qua thời hạn"
    soon = pg.locator('.status[data-kind="date"][data-last="2026-06-15"]').first
    assert soon.inner_text() == "Đến hạn trong 30 ngày"
    assert "status-due-soon" in soon.get_attribute("class")
    line = pg.locator(".as-of").first.inner_text()
    assert "10/4/2026" in line and "5/6/2026" in line
    context.close()


def test_copy_link_puts_the_task_address_on_the_clipboard(browser, server):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    pg = context.new_page()
    pg.goto(server + "/en/plans/02-kh-bcdtw/#iv-1-1")       # an older address: site.js leads to the task's page
    pg.wait_for_url(re.compile(r"/en/plans/02-kh-bcdtw/[^/#]+/#iv-1-1$"))
    button = pg.locator('button.copy-link[data-anchor="iv-1-1"]')
    assert button.is_visible()
    button.click()
    pg.wait_for_function("document.querySelector('button.copy-link.copied') !== null")
    assert pg.evaluate("navigator.clipboard.readText()") == pg.url
    context.close()


# Text of the page outside elements marked lang="vi", scripts and the theme's language
# menu; words with Vietnamese letters in lower case (names are capitalised, document numbers
# are in capitals; 'đ' alone is the document's own item label, "point đ").
_UNTRANSLATED_JS = r"""() => {
  const vi = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('[lang="vi"], script, style, .md-select, .page-notes, .note-ref')) continue;
    const text = n.textContent.replace(/"[^"]*"|“[^”]*”/g, " ");
    for (const w of text.split(/[^\p{L}]+/u)) {
      if (w && vi.test(w) && w[0] === w[0].toLowerCase() && w !== "đ") out.push(w);
    }
  }
  return out;
}"""


def test_an_english_reader_meets_no_untranslated_text(page, server):
    """home -> document -> task -> agency -> month, in English, by clicking."""
    seen = {}
    page.goto(server + "/en/")
    seen["home"] = page.evaluate(_UNTRANSLATED_JS)
    page.locator("a", has_text="documents").first.click()
    page.wait_for_url(re.compile(r"/en/plans/$"))
    seen["documents"] = page.evaluate(_UNTRANSLATED_JS)
    page.locator('a[href*="17-kh-bcd"]').first.click()
    page.wait_for_url(re.compile(r"/en/plans/17-kh-bcd/"))
    seen["document"] = page.evaluate(_UNTRANSLATED_JS)
    page.locator("nav.doc-parts a", has_text="III-").first.click()      # the plan's page with section III
    page.wait_for_url(re.compile(r"/en/plans/17-kh-bcd/[^/#]+/#iii$"))
    seen["document, section III"] = page.evaluate(_UNTRANSLATED_JS)
    task = page.locator("#iii-3-a-2")
    assert "free of charge" in task.inner_text()
    task.locator(".task-meta a", has_text="Government Cipher").first.click()
    page.wait_for_url(re.compile(r"/en/agencies/ban-co-yeu-chinh-phu/$"))
    seen["agency"] = page.evaluate(_UNTRANSLATED_JS)
    page.locator('a[href*="deadlines/2026-"]').first.click()
    page.wait_for_url(re.compile(r"/en/deadlines/2026-\d\d/$"))
    seen["month"] = page.evaluate(_UNTRANSLATED_JS)
    assert all(not v for v in seen.values()), {k: v[:10] for k, v in seen.items() if v}
    assert page.outside_requests == []


def test_no_request_of_a_page_fails(page, server):
    """Every file a page asks for exists: the theme's language selector used to ask for a
    sitemap.xml next to each page, twice per view, and get two 404s."""
    failed = []
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    for path in ("/", "/plans/17-kh-bcd/", "/agencies/bo-cong-an/", "/deadlines/2026-06/", "/en/",
                 "/en/plans/350-qd-ttg/", "/en/agencies/", "/search/?q=bca", "/en/glossary/"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    assert failed == []
    page.locator('a[hreflang="vi"]').first.dispatch_event("click")     # the switch still leads to the same page
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/glossary/$"))


def test_an_older_address_of_a_task_leads_to_its_page(browser, server):
    """Links made before a long document was cut into pages (plans/<doc>/#anchor) keep
    working: site.js reads the document's map of anchors and goes to the page that has it,
    in the text and in the bilingual view, in both languages; a link to a place that is on
    the first page stays there."""
    context = browser.new_context()
    try:
        pg = context.new_page()
        for old, anchor in [("/plans/350-qd-ttg/", "pl-viii-4"), ("/en/plans/02-kh-bcdtw/", "iv-4-p2-b"),
                            ("/parallel/17-kh-bcd/", "iii-6-c"), ("/en/parallel/350-qd-ttg/", "pl-x-4")]:
            pg.goto(server + old + "#" + anchor)
            pg.wait_for_url(re.compile(re.escape(old) + r"[^/#]+/#" + anchor + "$"))
            assert pg.locator("#" + anchor).is_visible()
        pg.goto(server + "/plans/350-qd-ttg/#art1-ii-2-g")       # Điều 1 is on the first page
        pg.wait_for_timeout(500)
        assert pg.url.endswith("/plans/350-qd-ttg/#art1-ii-2-g") and pg.locator("#art1-ii-2-g").is_visible()
    finally:
        context.close()
