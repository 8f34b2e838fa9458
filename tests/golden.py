"""Golden files: the generated pages of a small fixture corpus (tests/fixtures/corpus, an
excerpt of two real documents), so that fixing a word of a real document needs no
regenerated file.

Regenerate after an intended change of the pages with ``make golden`` (``python -m
tests.golden``) and review the diff like code: it is exactly what readers will see change.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"
GOLDEN = ROOT / "tests" / "golden"
AS_OF = dt.date(2026, 4, 10)
# One page of each kind, in both languages; and the open data.
PAGES = ["index.md", "plans/index.md", "plans/17-kh-bcd.md", "plans/350-qd-ttg.md", "parallel/17-kh-bcd.md",
         "agencies/van-phong-trung-uong-dang.md", "agencies/bo-noi-vu.md", "deadlines/2026-04.md",
         "deadlines/ongoing.md", "plans/without-lead.md", "citations/index.md"]
DATA = ["tasks.json", "agencies.json"]
# The same corpus with listings cut into pages of PAGED_ROWS rows (pages/listing.py), so the
# pages a large archive gets are reviewed too: an agency summed up by year and one of its
# year pages, a month's later page, a deadline kind's sections over a page break.
PAGED_ROWS = 4
# And long documents cut into parts of PAGED_PART_BUDGET (pages/parts.py): a document's first
# page, a part that goes on with a section begun before it ("continued"), a part of the
# appendix, a part of the bilingual view, and the map of anchors.
PAGED_PART_BUDGET = 16_000
PAGED = ["agencies/van-phong-trung-uong-dang.md", "agencies/van-phong-trung-uong-dang/2026.md",
         "agencies/van-phong-trung-uong-dang/2026/2.md", "deadlines/ongoing/2.md", "deadlines/2026-04/2.md",
         "citations/page/2.md", "plans/17-kh-bcd.md", "plans/17-kh-bcd/iii-2-b.md", "plans/350-qd-ttg/pl-ii.md",
         "parallel/17-kh-bcd/iii-2-b.md", "plans/17-kh-bcd/parts.json"]


def golden_name(lang: str, path: str) -> str:
    return f"{lang}/{path}"


def render() -> dict[str, str]:
    """File name in tests/golden -> freshly rendered content."""
    sys.path.insert(0, str(ROOT))
    from build_scripts.pages.export import export_data
    from build_scripts.pages.render import render_site
    from build_scripts.pages.views import build_views
    from build_scripts.pipeline import load

    corpus = load(FIXTURE)
    assert not corpus.problems.errors, [str(p) for p in corpus.problems.errors]
    views = build_views(corpus, AS_OF)
    out = {}
    for lang, pages in render_site(views, {}).items():
        by_path = {p.path: p.content for p in pages}
        for path in PAGES:
            out[golden_name(lang, path)] = by_path[path]
    paged = build_views(corpus, AS_OF, page_rows=PAGED_ROWS, part_budget=PAGED_PART_BUDGET)
    for lang, pages in render_site(paged, {}).items():
        by_path = {p.path: p.content for p in pages}
        for path in PAGED:
            out[f"paged/{golden_name(lang, path)}"] = by_path[path]
    data = export_data(views)
    for name in DATA:
        out[f"data/{name}"] = data[name]
    return out


def main() -> int:
    for name, content in render().items():
        f = GOLDEN / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(content, encoding="utf-8")
        print(f"wrote tests/golden/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
