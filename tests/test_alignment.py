"""English aligned with the Vietnamese, block by block (issue 8): a table of real blocks of
the corpus and the translator's mistakes each must reveal."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from build_scripts.checks.alignment import check_alignment
from build_scripts.models import Document, Source
from build_scripts.problems import Problems
from build_scripts.source.outline import parse_outline
from build_scripts.source.reader import read_paragraphs

ROOT = Path(__file__).resolve().parent.parent

VI = """III- NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM 2026

1. Tuyên truyền, nâng cao nhận thức

- Tham mưu kiện toàn thành viên Ban Chỉ đạo. Hoàn thành trước ngày 31/3/2026.

- Tổ chức triển khai Nghị quyết số 57-NQ/TW, bảo đảm 100% cơ quan tham gia. Hoàn thành trong tháng 4/2026.
"""
EN = """III- KEY TASKS AND SOLUTIONS FOR 2026

1. Communication and awareness-raising

- Advise on consolidating the membership of the Steering Committee. To be completed before 31 March 2026.

- Organise the implementation of Resolution No. 57-NQ/TW, ensuring that 100% of agencies take part. To be completed in April 2026.
"""

CASES = [
    (EN, None, "a faithful translation gives no message"),
    (EN.replace("- Organise the implementation", "Organise the implementation"), r"error\[outline\]|error\[translation\]",
     "a block that lost its marker leaves an item without English"),
    (EN + "\n- An extra sentence the Vietnamese does not have.\n", r"error\[(?:outline|translation)\]", "an extra block"),
    (EN.replace("before 31 March 2026", "before 30 March 2026"), r"warning\[translation\]: numbers differ.*only in the Vietnamese 31; only in the English 30",
     "a day changed"),
    (EN.replace("100% of agencies", "all agencies"), r"numbers differ.*only in the Vietnamese 100", "a percentage dropped"),
    (EN.replace("Resolution No. 57-NQ/TW", "Resolution 57"), r"document number '57-NQ/TW'.*not in the English", "a document number shortened"),
    (EN.replace("Advise on consolidating the membership of the Steering Committee.", "Tham mưu kiện toàn thành viên Ban Chỉ đạo."),
     r"Vietnamese words left in the English: .*kiện", "a sentence left untranslated"),
    (EN.replace("- Advise on consolidating the membership of the Steering Committee. To be completed before 31 March 2026.",
                "- Tham mưu kiện toàn thành viên Ban Chỉ đạo. Hoàn thành trước ngày 31/3/2026."),
     r"is the Vietnamese of .* copied", "a block copied from the Vietnamese"),
]


def _doc(tmp_path: Path, vi: str, en: str) -> tuple[Document, Problems]:
    problems = Problems()
    texts = {}
    for lang, body in (("vi", vi), ("en", en)):
        f = tmp_path / f"{lang}.txt"
        f.write_text(body, encoding="utf-8")
        paras, notes = read_paragraphs(f, f"source_texts/x/{lang}.txt", problems)
        texts[lang] = parse_outline(lang, f"source_texts/x/{lang}.txt", paras, notes, problems)
    meta = {"number": "17-KH/BCĐ", "date": dt.date(2026, 1, 31), "task_sections": ["III"]}
    return Document("x", meta, Source("source_texts/x/meta.yml", 1), texts["vi"], texts["en"]), problems


@pytest.mark.parametrize("en, expected, why", CASES, ids=[c[2] for c in CASES])
def test_alignment_reveals_the_mistake(tmp_path, en, expected, why):
    doc, problems = _doc(tmp_path, VI, en)
    cov = check_alignment(doc, problems)
    msgs = "\n".join(str(p) for p in problems.items)
    if expected is None:
        assert msgs == "" and cov.share == 1.0, msgs
    else:
        assert re.search(expected, msgs), msgs
        # every message names a file and a line of one side or the other
        assert all(re.match(r"source_texts/x/(?:vi|en)\.txt:\d+:\d+: ", str(p)) for p in problems.items), msgs


def test_coverage_counts_copied_blocks_as_untranslated(tmp_path):
    copied = CASES[-1][0]
    doc, problems = _doc(tmp_path, VI, copied)
    cov = check_alignment(doc, problems)
    assert (cov.translated, cov.blocks) == (3, 4)


def test_the_real_corpus_is_fully_translated_and_aligned():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "build_scripts", "check"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [l for l in proc.stderr.splitlines() if l.startswith("translation ")]
    assert len(lines) == 4 and all(": 100% translated" in l for l in lines), lines
    assert "error[translation]" not in proc.stderr
    # and `check` ends with one verdict line
    assert re.match(r"OK: 4 documents, \d+ tasks; 0 errors, \d+ warning\(s\)\.$", proc.stderr.strip().splitlines()[-1])
