"""Golden files of the generated Markdown for Plan 17, in both languages.

Regenerate after an intended change with ``make golden`` (``python -m tests.golden``) and
review the diff like code: it is exactly what readers will see change.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
AS_OF = dt.date(2026, 4, 10)
PAGES = ["plans/17-kh-bcd.md"]


def render() -> dict[str, str]:
    """File name in tests/golden -> freshly rendered content."""
    sys.path.insert(0, str(ROOT))
    from build_scripts.pipeline import load
    from build_scripts.pages.render import Renderer
    from build_scripts.pages.views import build_views

    corpus = load(ROOT)
    views = build_views(corpus, AS_OF)
    out = {}
    for lang in ("vi", "en"):
        r = Renderer(views, lang)
        doc = corpus.document("17-kh-bcd")
        page = r.render("plan.md.j2", "plans/17-kh-bcd.md", doc=doc, **r.plan_context(doc))
        out[f"17-kh-bcd.{lang}.md"] = page.content
    return out


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    for name, content in render().items():
        (GOLDEN / name).write_text(content, encoding="utf-8")
        print(f"wrote tests/golden/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
