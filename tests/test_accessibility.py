"""WCAG 2.1 AA as a reader with assistive technology meets the site: axe-core (the npm
package, package-lock.json; `make test` installs it) injected by Playwright into every kind of
page, both languages, at desktop and phone width; then what axe cannot judge alone: the skip
link, visible keyboard focus, the language of Vietnamese fragments on English pages, heading
order and table captions.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# One page of every kind the site generates (the list, and the rest).
PAGES = ["", "plans/", "plans/17-kh-bcd/", "plans/02-kh-bcdtw/", "plans/46-tb-tgv/", "plans/350-qd-ttg/",
         "parallel/350-qd-ttg/", "plans/02-kh-bcdtw/iv-4/", "parallel/350-qd-ttg/pl-iv/", "agencies/", "agencies/bo-cong-an/", "agencies/cac-bo-nganh-dia-phuong/",
         "agencies/provinces/", "deadlines/", "deadlines/2026-03/", "deadlines/none/", "deadlines/quarter/",
         "plans/without-lead/", "citations/", "glossary/", "search/?q=bo+cong+an", "tasks/",
         "tasks/?agency=bo-cong-an&groups=1&status=upcoming", "404.html"]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `make test` (it runs `npm ci`)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe_context(browser):
    # The site's CSP allows only its own scripts; the test's own axe-core is let in by
    # bypassing CSP in this context only (every other browser test runs under the CSP).
    ctxs = {}

    def get(width):
        if width not in ctxs:
            w, h = WIDTHS[width]
            ctxs[width] = browser.new_context(bypass_csp=True, viewport={"width": w, "height": h})
        return ctxs[width]
    yield get
    for c in ctxs.values():
        c.close()


def _axe(pg, axe_source):
    pg.add_script_tag(content=axe_source)
    return pg.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n')[1])}));
    }""")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", ["", "en/"])
def test_axe_finds_no_serious_or_critical_violation(axe_context, server, axe_source, lang, width):
    pg = axe_context(width).new_page()
    problems = []
    try:
        for path in PAGES:
            resp = pg.goto(f"{server}/{lang}{path}")
            assert resp.status in (200, 404), path
            pg.wait_for_load_state("networkidle")
            for v in _axe(pg, axe_source):
                if v["impact"] in ("serious", "critical"):
                    problems.append(f"/{lang}{path} {v['id']} ({v['impact']}): " + " | ".join(v["nodes"]))
    finally:
        pg.close()
    assert problems == []


def test_the_first_tab_reaches_a_visible_skip_link_to_the_content(page, server):
    for path in ("plans/17-kh-bcd/", "en/agencies/bo-cong-an/", "tasks/"):
        page.goto(f"{server}/{path}")
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const a = document.activeElement; const r = a.getBoundingClientRect();
            const target = a.hash && document.getElementById(decodeURIComponent(a.hash.slice(1)));
            return {tag: a.tagName, href: a.getAttribute('href'), w: r.width, h: r.height, top: r.top,
                    target: target ? target.tagName : null, text: a.textContent.trim()}; }""")
        assert info["tag"] == "A" and info["href"].startswith("#"), (path, info)
        assert info["target"] == "H1", (path, info)
        assert info["w"] > 20 and info["h"] > 10 and info["top"] >= 0, (path, info)    # shown, not off-screen
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == info["href"]


def test_keyboard_focus_is_visible(page, server):
    """Tabbing through a page: every focused element draws an outline or a box shadow of
    at least 2 px (WCAG 2.4.7)."""
    page.goto(f"{server}/agencies/bo-cong-an/")
    seen = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const a = document.activeElement; const s = getComputedStyle(a);
            return {tag: a.tagName, cls: a.className, ow: parseFloat(s.outlineWidth) || 0, os: s.outlineStyle,
                    shadow: s.boxShadow}; }""")
        if style["tag"] == "BODY":
            continue
        seen += 1
        visible = (style["os"] != "none" and style["ow"] >= 2) or style["shadow"] not in ("none", "")
        assert visible, style
    assert seen >= 20


VI_LETTERS = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


def test_vietnamese_fragments_on_english_pages_carry_lang_vi(page, server):
    """A run of Vietnamese words on an English page (a task not yet translated, an agency's
    Vietnamese name, a quoted term) is inside an element with lang="vi", so a screen reader
    switches voice. Proper names and document numbers ("Nguyễn Duy Ngọc", "17-KH/BCĐ") are
    exempt (WCAG 3.1.2): a text counts when it has at least three Vietnamese words and they
    are most of its words."""
    bad = []
    for path in ("", "plans/46-tb-tgv/", "plans/350-qd-ttg/", "agencies/bo-cong-an/", "agencies/",
                 "deadlines/none/", "citations/", "glossary/", "agencies/provinces/", "tasks/"):
        page.goto(f"{server}/en/{path}")
        page.wait_for_load_state("networkidle")
        bad += [f"/en/{path}: {t}" for t in page.evaluate("""(letters) => {
            const vi = new RegExp('[' + letters + ']', 'i'); const out = [];
            const w = document.createTreeWalker(document.querySelector('article') || document.body, NodeFilter.SHOW_TEXT);
            let n;
            while ((n = w.nextNode())) {
                if (!vi.test(n.nodeValue) || n.parentElement.closest('script,style')) continue;
                const words = n.nodeValue.split(/\\s+/).filter(x => /\\p{L}/u.test(x));
                const viWords = words.filter(x => vi.test(x) && !/[\\/-]/.test(x));
                if (viWords.length < 3 || viWords.length * 2 <= words.length) continue;
                const l = n.parentElement.closest('[lang]');
                if (!l || !l.lang.startsWith('vi')) out.push(n.nodeValue.trim().slice(0, 80));
            }
            return out; }""", VI_LETTERS)]
    assert bad == []


def test_headings_never_skip_a_level_and_tables_have_captions(built):
    """In the built HTML of every page: h1 first, then each heading at most one level
    deeper than the one before; every table of a page's content has a non-empty caption."""
    site = built / "site"
    skipped, uncaptioned = [], []
    files = sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)
    assert len(files) > 60
    for f in files:
        html = f.read_text(encoding="utf-8")
        article = html.split('<article', 1)[-1].split('</article>', 1)[0]
        levels = [int(h) for h in re.findall(r"<h([1-6])[\s>]", article)]
        if levels:
            if levels[0] != 1:
                skipped.append(f"{f.relative_to(site)}: starts at h{levels[0]}")
            for a, b in zip(levels, levels[1:]):
                if b > a + 1:
                    skipped.append(f"{f.relative_to(site)}: h{a} then h{b}")
                    break
        for table in re.findall(r"<table.*?</table>", article, re.S):
            cap = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
            if not cap or not re.sub(r"<[^>]+>", "", cap.group(1)).strip():
                uncaptioned.append(f"{f.relative_to(site)}: {table[:80]}")
    assert skipped == []
    assert uncaptioned == []
