"""Printing: a document page prints as a clean document (docs/assets/stylesheets/print.css).

Three plan pages (Vietnamese 17-KH/BCĐ, Vietnamese 350/QĐ-TTg with its appendix task table,
English 02-KH/BCĐTW) are printed to PDF by headless Chromium (A4, the page's own @page
rules) from nginx; the PDF's text is read back with pypdf. On every sheet: the page's
public address (site_url of mkdocs.yml), the "as of" date, "n / N". No navigation, search or
screen-only buttons; the content at the paper's width in a readable size; links to other
pages followed by their absolute address; the notes after the text; a sensible page count.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from urllib.parse import urljoin

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.xdist_group("print")

A4 = {"width": 794, "height": 1123}            # A4 at 96 dpi, in CSS pixels
A3_LANDSCAPE = {"width": 1587, "height": 1123}  # wider paper: the text still fills it
PT_PER_PX = 0.75
# path -> (the date of the build as the page writes it, the most sheets we accept).
# Before print.css these printed as 25, 40 and 33 sheets (A4); now 20, 28 and 27.
# Since issue 12 a long plan is shown on several pages (build_scripts/pages/parts.py), each
# printed on its own: pages of each plan with tasks (the first page of 350/QĐ-TTg, Điều 1).
PAGES = {
    "/plans/17-kh-bcd/iii/": ("10/4/2026", 22),
    "/plans/350-qd-ttg/": ("10/4/2026", 31),
    "/en/plans/02-kh-bcdtw/iv-4/": ("10 April 2026", 30),
}

# What the test reads from the page in print emulation (nothing of it is an expected value:
# those come from mkdocs.yml and the constants above).
PROBE = """() => {
  const art = document.querySelector('article');
  const asOf = document.querySelector('.as-of');
  const own = asOf ? Array.from(asOf.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('') : '';
  const chrome = new Set();
  document.querySelectorAll('a, button, label, [placeholder], h1, h2, h3').forEach(el => {
    if (art.contains(el) || el.contains(art)) return;
    const t = (el.getAttribute('placeholder') || el.textContent || '').replace(/\\s+/g, ' ').trim();
    if (t.length >= 3) chrome.add(t);
  });
  const link = (sel) => { const a = art.querySelector(sel); return a ? {href: a.getAttribute('href'), text: a.textContent.trim()} : null; };
  const tasks = art.querySelectorAll('.item.task');
  const lastTask = tasks[tasks.length - 1];
  const lastPara = lastTask.querySelector('p') || lastTask;
  const notes = art.querySelector('#notes-title');
  const taskPara = art.querySelector('.item.task p');
  return {
    articleWidth: art.getBoundingClientRect().width,
    pageWidth: document.documentElement.clientWidth,
    taskFontPx: parseFloat(getComputedStyle(taskPara).fontSize),
    asOf: own.replace(/\\s+/g, ' ').trim(),
    copyLink: (art.querySelector('button.copy-link') || {}).textContent || '',
    articleText: art.textContent.replace(/¶/g, ' ').replace(/\\s+/g, ' '),
    chrome: Array.from(chrome),
    parallel: link('.provenance a[href*="parallel/"]'),
    // the issuer on a document's first page; on its later pages, the link back to the first
    issuer: link('.doc-meta a[href*="agencies/"]') || link('.part-provenance a:not([href*="parallel/"])'),
    glossary: Array.from(art.querySelectorAll('a[href*="glossary/"]')).map(a => a.getAttribute('href')),
    lastTask: lastPara.textContent.replace(/\\s+/g, ' ').trim(),
    notesTitle: notes ? notes.textContent.replace(/¶/g, '').trim() : null,
  };
}"""


def _site_url() -> str:
    url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    return url if url.endswith("/") else url + "/"


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _bare(s: str) -> str:
    """Without any white space: a URL or a phrase wrapped over two lines is found whole."""
    return re.sub(r"\s+", "", s)


def _font_sizes(reader) -> Counter:
    """Characters per font size (pt) over the whole PDF."""
    sizes: Counter = Counter()

    def visit(text, cm, tm, font, size):
        scale = abs(tm[3] * cm[3] + tm[2] * cm[1]) or abs(tm[0] * cm[0])
        n = len(text.strip())
        if n:
            sizes[round(size * scale, 1)] += n

    for p in reader.pages:
        p.extract_text(visitor_text=visit)
    return sizes


def _left_edge(reader) -> float:
    """The leftmost x (pt) where text starts, over all sheets."""
    xs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            xs.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    for p in reader.pages:
        p.extract_text(visitor_text=visit)
    return min(xs)


@pytest.fixture(scope="module")
def printed(browser, server):
    """path -> (what the page shows in print emulation, the PDF, the text of each sheet)."""
    from pypdf import PdfReader

    out = {}
    for path in PAGES:
        context = browser.new_context(viewport=A4)
        pg = context.new_page()
        pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                 else route.abort())
        pg.goto(server + path)
        pg.emulate_media(media="print")
        info = pg.evaluate(PROBE)
        pg.set_viewport_size(A3_LANDSCAPE)
        wide = pg.evaluate(PROBE)
        pg.set_viewport_size(A4)
        pdf = pg.pdf(format="A4", prefer_css_page_size=True)
        context.close()
        reader = PdfReader(io.BytesIO(pdf))
        sheets = [p.extract_text(extraction_mode="layout") for p in reader.pages]
        out[path] = {"info": info, "wide": wide, "reader": reader, "sheets": sheets,
                     "text": "\n".join(sheets), "url": _site_url() + path.lstrip("/")}
    return out


@pytest.mark.parametrize("path", list(PAGES))
def test_every_sheet_has_the_address_the_date_and_its_number(printed, path):
    p = printed[path]
    date, _ = PAGES[path]
    assert date in p["info"]["asOf"], p["info"]["asOf"]      # the page's own "as of" words
    n = len(p["sheets"])
    assert n > 1
    for i, sheet in enumerate(p["sheets"], 1):
        flat = _flat(sheet)
        assert p["url"] in flat, (i, flat[-200:])
        assert p["info"]["asOf"] in flat, (i, flat[-200:])
        assert re.search(rf"(?<![\d/]){i} / {n}(?![\d/])", flat), (i, flat[-200:])
        # the three on one line, the footer's
        assert any(p["url"] in line and p["info"]["asOf"] in line and f"{i} / {n}" in line
                   for line in sheet.splitlines()), (i, sheet[-300:])


@pytest.mark.parametrize("path", list(PAGES))
def test_no_navigation_search_or_screen_buttons(printed, path):
    p = printed[path]
    info = p["info"]
    text = _flat(p["text"])
    assert info["copyLink"].strip(), "the page has its copy-link buttons"
    assert info["copyLink"].strip() not in text
    assert "¶" not in text
    # every text of the page's chrome (tabs, navigation, table of contents, search box,
    # language menu, footer): in the PDF no more often than the content itself has it
    chrome = [c for c in info["chrome"] if not c.startswith("http")]
    assert len(chrome) > 15, chrome          # the probe found the theme's navigation
    article = info["articleText"]
    printed_too = [c for c in chrome if text.count(c) > article.count(c)]
    assert not printed_too, printed_too[:10]


@pytest.mark.parametrize("path", list(PAGES))
def test_content_at_full_width_in_a_readable_size(printed, path):
    p = printed[path]
    for shown in (p["info"], p["wide"]):
        assert shown["articleWidth"] >= 0.9 * shown["pageWidth"], shown["articleWidth"]
    assert p["info"]["taskFontPx"] * PT_PER_PX >= 10.5
    sizes = _font_sizes(p["reader"])
    body_size, _ = sizes.most_common(1)[0]
    assert body_size >= 10.5, sizes.most_common(5)
    # the text starts within 20 mm of the sheet's left edge (no wide margin of its own)
    assert _left_edge(p["reader"]) <= 20 / 25.4 * 72


@pytest.mark.parametrize("path", list(PAGES))
def test_links_are_followed_by_their_absolute_address(printed, path):
    p = printed[path]
    info = p["info"]
    bare = _bare(p["text"])
    for link in (info["parallel"], info["issuer"]):
        assert link, info
        url = urljoin(p["url"], link["href"])
        assert url.startswith(_site_url()) and not url.endswith(".md")
        label = _bare(link["text"])
        spots = [m.end() for m in re.finditer(re.escape(label), bare)]
        assert spots, label
        assert any(url in bare[i:i + len(url) + 3] for i in spots), (link, url)
    # none after links within the page (note markers, tasks) or glossary abbreviations
    assert _bare(p["url"]) + "#" not in bare
    assert "(#" not in bare
    assert info["glossary"], "the page has glossary abbreviations"
    assert not any(urljoin(p["url"], h) in bare for h in info["glossary"])


@pytest.mark.parametrize("path", list(PAGES))
def test_notes_print_after_the_text(printed, path):
    p = printed[path]
    info = p["info"]
    bare = _bare(p["text"])
    assert info["notesTitle"], "the page has editor's notes"
    # a stretch of the last task's text, past its number and any note marker
    words = info["lastTask"].split(" ")
    snippet = _bare(" ".join(words[2:10]))
    assert len(snippet) > 20, info["lastTask"]
    last_task = bare.rfind(snippet)
    notes = bare.rfind(_bare(info["notesTitle"]))
    assert last_task >= 0, snippet
    assert notes > last_task


@pytest.mark.parametrize("path", list(PAGES))
def test_page_count_is_reasonable(printed, path):
    _, most = PAGES[path]
    assert len(printed[path]["sheets"]) <= most
