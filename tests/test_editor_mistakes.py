"""Real editors' mistakes, one per row: ``check`` prints one error for it, at its place.

Each row edits one file of a copy of the real sources the way an editor might get it wrong,
and says which code the first error has, on which line (found in the edited text by the
row, not taken from the code under test), and how many errors may be printed (1: one
message per mistake; its consequences are counted, not printed). Rows with code None are
inputs that must be accepted: a clean check.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

import pytest

from tests.damage import PROBLEM, ROOT, Damage, run_one


def replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def f(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)
    return f


def append(s: str) -> Callable[[str], str]:
    return lambda text: text + s


@dataclass
class Mistake:
    why: str
    file: str
    edit: Callable[[str], str] | bytes | None    # bytes: the file's new content; None: delete the file
    code: str | None                           # the first error's code; None: must pass
    line: object = None    # a text on the line of the error ('^x': the line starts with x), a line number, or text -> offset
    errors: int = 1                            # errors printed (consequences are only counted)
    caused: int | None = None                  # "... and N more caused by this": at least this many


AG = "source_texts/agencies.yml"
META = "source_texts/46-tb-tgv/meta.yml"
VI = "source_texts/17-kh-bcd/vi.txt"
APP = "source_texts/350-qd-ttg/appendix.yml"
vi_bytes = (ROOT / VI).read_bytes()
cut_at = vi_bytes.index("Đảng".encode()) + 1      # inside the two bytes of 'Đ'
nul_at = vi_bytes.index(b"\n", 500) + 1             # at the start of a line

MISTAKES = [
    Mistake("a list left open in the registry", AG, replace("abbr: [VPTW]", "abbr: [VPTW"), "yaml", "abbr: [VPTW",
            caused=50),
    Mistake("a quote left open in the registry", AG, replace("vi: Bộ Công an\n", 'vi: "Bộ Công an\n'), "yaml",
            'vi: "Bộ Công an', caused=1),
    Mistake("a tab used to indent", AG, replace("  vi: Bộ Công an\n", "\tvi: Bộ Công an\n"), "yaml", None, caused=1),
    Mistake("an agency id given twice", AG, replace("- id: bo-tai-chinh\n", "- id: bo-cong-an\n"), "agencies",
            lambda t: t.index("- id: bo-cong-an\n", t.index("- id: bo-cong-an\n") + 1), caused=1),
    Mistake("a misspelt kind", AG, replace("kind: ministry\n", "kind: ministy\n"), "agencies", None),
    Mistake("an agency id with a capital and a dot", AG, replace("- id: bo-tai-chinh\n", "- id: Bo.Tai-chinh\n"),
            "agency-id", "Bo.Tai-chinh", caused=1),
    Mistake("an empty meta.yml", META, b"", "empty", 1),
    Mistake("a field given twice", META, append("task_sections: []\n"), "duplicate-key", "task_sections: []"),
    Mistake("a date that does not exist", META, replace("date: 2025-09-30", "date: 2025-02-30"), "date", "date: 2025-02-30"),
    Mistake("a day/month date that does not exist", META, replace("date: 2025-09-30", "date: 31/9/2025"), "date",
            "date: 31/9/2025"),
    Mistake("a day/month date is read as the day", META, replace("date: 2025-09-30", "date: 30/9/2025"), None),
    Mistake("a title without its English", META, lambda t: re.sub(r'\n  en: "Meeting[^\n]*', "", t, count=1),
            "missing-field", "^title:"),
    Mistake("a misspelt field", META, replace("\ntitle:", "\ntitel:"), "unknown-field", "titel:"),
    Mistake("a list where text is expected", META, replace("place: Hà Nội\n", "place: [Hà Nội]\n"), "type",
            "place: [Hà Nội]"),
    Mistake("an alias bomb", META, lambda t: "a: &a [x, x, x]\nb: &b [*a, *a, *a]\n" + t, "yaml", "b: &b"),
    Mistake("a python tag", META, lambda t: "x: !!python/object/apply:os.system [ls]\n" + t, "yaml", "x: !!python"),
    Mistake("a directive in capitals", VI, replace("Hoàn thành trước ngày 22/12/2026.", "Hoàn thành trước ngày 22/12/2026.\n@Lead: bo-cong-an"),
            "directive", "@Lead"),
    Mistake("a directive without its value", VI, replace("Hoàn thành trước ngày 22/12/2026.", "Hoàn thành trước ngày 22/12/2026.\n@lead:"),
            "directive", "@lead:"),
    Mistake("an override without its reason", VI, replace("Hoàn thành trước ngày 22/12/2026.", "Hoàn thành trước ngày 22/12/2026.\n@lead: bo-cong-an"),
            "override", "@lead: bo-cong-an"),
    Mistake("an override naming no agency", VI, replace("Hoàn thành trước ngày 22/12/2026.",
            "Hoàn thành trước ngày 22/12/2026.\n@lead: bo-cong-ann\n@why: the text names it"), "override", "@lead: bo-cong-ann"),
    Mistake("a footnote used but not written", VI, replace("hiệu quả[^1].", "hiệu quả[^9]."), "footnote", "hiệu quả[^9]"),
    Mistake("a file cut inside a letter", VI, vi_bytes[:cut_at], "encoding", vi_bytes[:cut_at].count(b"\n") + 1),
    Mistake("a file saved as UTF-16", VI, vi_bytes.decode("utf-8").encode("utf-16"), "encoding", 1),
    Mistake("a NUL byte", VI, vi_bytes[:nul_at] + b"\x00" + vi_bytes[nul_at:], "control-char",
            vi_bytes[:nul_at].count(b"\n") + 1),
    Mistake("a zero-width space inside a word", VI, replace("Chuyển đổi số", "Chuyển đ\u200bổi số"), "invisible-char",
            "Chuyển đ\u200bổi số"),
    Mistake("a byte-order mark and Windows line ends are accepted", VI,
            b"\xef\xbb\xbf" + vi_bytes.replace(b"\n", b"\r\n"), None),
    Mistake("decomposed letters (NFD) are accepted", VI,
            unicodedata.normalize("NFD", vi_bytes.decode("utf-8")).encode("utf-8"), None),
    Mistake("a line of 200,000 characters", VI, append("\n" + "a" * 200_000 + "\n"), "too-long", "a" * 100),
    Mistake("a file over the size limit", VI, append(("\n" + "Nội dung " * 100) * 1000), "too-large", 1),
    Mistake("a table row without its deadline", APP,
            lambda t: re.sub(r'\n        deadline: "Nhiệm vụ thường\[[^\n]*', "", t, count=1), "missing-field", '- stt: "1"'),
    Mistake("a row number given twice", APP, lambda t: t.replace('- stt: "2"', '- stt: "1"', 1), "appendix",
            lambda t: t.index('- stt: "1"', t.index('- stt: "1"') + 1)),
    Mistake("a row number with markup", APP, lambda t: t.replace('- stt: "2"', '- stt: "<b>2</b>"', 1), "appendix",
            '- stt: "<b>2</b>"'),
    Mistake("a folder named like a generated page", "source_texts/index/meta.yml",
            (ROOT / "source_texts/17-kh-bcd/meta.yml").read_bytes(), "document-id", 1),
    Mistake("a copy of a folder with a dot in its name", "source_texts/17-kh-bcd.old/meta.yml",
            (ROOT / "source_texts/17-kh-bcd/meta.yml").read_bytes(), "document-id", 1),
    Mistake("a deleted registry", AG, None, "missing", 1, caused=50),
]


def _line_of(text: str, needle) -> int:
    if isinstance(needle, int):
        return needle
    if callable(needle):                 # an offset in the text
        return text.count("\n", 0, needle(text)) + 1
    for i, line in enumerate(text.split("\n"), 1):
        if (line.startswith(needle[1:]) if needle.startswith("^") else needle in line):
            return i
    raise AssertionError(f"{needle!r} is in no line of the edited file")


@pytest.mark.parametrize("m", MISTAKES, ids=[m.why for m in MISTAKES])
def test_one_message_at_the_place_of_the_mistake(m: Mistake):
    original = (ROOT / m.file).read_bytes() if (ROOT / m.file).exists() else b""
    if callable(m.edit):
        content = m.edit(original.decode("utf-8")).encode("utf-8")
    else:
        content = m.edit
    out = run_one(Damage(m.why, m.file, content))
    assert not out.broken, out.broken
    lines = out.output.strip().splitlines()
    errors = [mm for mm in map(PROBLEM.match, lines) if mm and mm["sev"] == "error"]
    if m.code is None:
        assert out.rc == 0 and not errors, "\n".join(lines[-6:])
        return
    assert out.rc == 1, "\n".join(lines[-6:])
    first = errors[0]
    assert first["code"] == m.code and first["file"].rstrip("/").startswith(m.file.rsplit("/", 1)[0]), first.group(0)
    if m.line is not None and content is not None:
        text = content.decode("utf-8", "replace").lstrip("\ufeff")
        assert int(first["line"]) == _line_of(text, m.line), lines[0]
    if m.errors is not None:
        assert len(errors) == m.errors, "\n".join(e.string for e in errors)
    if m.caused is not None:
        more = [int(x) for x in re.findall(r"\.\.\. and (\d+) more problem", out.output)]
        assert more and more[0] >= m.caused, out.output[-800:]
