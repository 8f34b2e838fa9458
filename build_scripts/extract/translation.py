"""The English of a task: the block of en.txt at the task's path, the matching inline
sub-item "(n) ..." of that block, or the row of appendix.en.yml. Tasks are found in the
Vietnamese text; the English is paired with them by their stable ids (outline paths)."""
from __future__ import annotations

from ..models import Document, Task
from .tasks import _split_inline


def en_group(doc: Document, number: str) -> dict | None:
    """The group of appendix.en.yml with this number, or None."""
    return next((g for g in (doc.appendix_en or {}).get("groups", []) if g["number"] == number), None)


def en_row(doc: Document, number: str, stt: str) -> dict | None:
    """The row of appendix.en.yml of group ``number`` and row ``stt``, or None."""
    g = en_group(doc, number)
    return next((r for r in g["rows"] if r["stt"] == stt), None) if g else None


def task_text(doc: Document, task: Task, lang: str) -> str | None:
    """The task's words in ``lang``; None when that language has no such block.

    >>> # task_text(doc_17, task('17-kh-bcd/III.2.b.1'), 'en') -> 'Advise on consolidating ...'
    """
    if lang == "vi":
        return task.text
    if task.extra and "row" in task.extra:
        row = en_row(doc, task.extra["group"]["number"], task.extra["row"]["stt"])
        return row["task"] if row else None
    if doc.en is None:
        return None
    node = doc.en.node(task.path)
    if node is not None and doc.vi.node(task.path) is not None:
        return node.text
    parent = doc.en.node(task.path[:-1])          # an inline sub-item "(4) ..." of a block
    if parent is None or len(parent.paragraphs) != 1:
        return None
    parts = _split_inline(parent.paragraphs[0].text)
    vi_parts = _split_inline(doc.vi.node(task.path[:-1]).paragraphs[0].text) if doc.vi.node(task.path[:-1]) else None
    if not parts or not vi_parts or len(parts) != len(vi_parts):
        return None
    labels = [n for n, _, _ in vi_parts[1:]]
    want = task.path[-1].rstrip("abcdefgh") if task.path[-1] not in labels else task.path[-1]
    seen = 0
    target = sum(1 for p in task.path[-1] if p.isalpha())   # '1b' is the second '1'
    for i, (n, seg, _) in enumerate(parts[1:]):
        if n == want:
            if seen == target:
                return seg
            seen += 1
    return None


def task_intro(doc: Document, task: Task, lang: str) -> str:
    """The sentence that introduces an inline sub-item, in ``lang``."""
    if lang == "vi" or doc.en is None:
        return task.extra.get("intro", "") if task.extra else ""
    parent = doc.en.node(task.path[:-1])
    if parent is None or not task.extra or not task.extra.get("intro"):
        return ""
    parts = _split_inline(parent.paragraphs[0].text) if len(parent.paragraphs) == 1 else None
    return parts[0][1] if parts else ""
