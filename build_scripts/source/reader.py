"""Read source_texts/: YAML with line numbers, and texts split into paragraphs.

Reading never fails on bad content: it records a Problem and goes on, so an editor sees
every mistake at once.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..models import Directive, Footnote, Paragraph, Source
from ..problems import Problems
from ..text import nfc

# '@lead: a, b' / '@task' — an editor's override or structural mark (own line).
DIRECTIVE = re.compile(r"^\s*@(?P<name>[a-z][a-z-]*)\s*(?::\s*(?P<value>.*?))?\s*$")
# '[^1]: text' — a footnote definition, as in Markdown.
FOOTNOTE_DEF = re.compile(r"^\[\^(?P<key>[0-9A-Za-z]+)\]:\s*(?P<text>.*)$", re.S)
KNOWN_DIRECTIVES = {"lead", "coord", "deadline", "task", "not-task", "why", "after-list", "closing"}


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line of every mapping as key '__line__'."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class SourceFiles(dict):
    """rel path -> the file's lines (NFC), for every file the reader read.

    Later stages (the checks, the column of a message) look positions up here instead of
    reading a file a second time, so everything works on one consistent reading.
    """

    def read(self, path: Path, rel: str, problems: Problems) -> str | None:
        try:
            text = nfc(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as e:
            problems.error(Source(rel, 1), "encoding", f"file is not UTF-8 ({e.reason}); save it as UTF-8")
            return None
        self[rel] = text.split("\n")
        return text


def load_yaml(path: Path, rel: str, problems: Problems, files: SourceFiles | None = None):
    text = (files if files is not None else SourceFiles()).read(path, rel, problems)
    if text is None:
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = getattr(e, "problem", None) or str(e)
        problems.error(Source(rel, line, col), "yaml", f"invalid YAML: {what}; expected the format in source_texts/README.md")
        return None


def read_paragraphs(path: Path, rel: str, problems: Problems, files: SourceFiles | None = None):
    """Split a text file into paragraphs and footnote definitions.

    >>> # "- Xây dựng ...\\nHoàn thành trước ngày 30/4/2026.\\n@why: ...\\n\\n[^1]: Note"
    Returns (paragraphs, footnotes).
    """
    raw = (files if files is not None else SourceFiles()).read(path, rel, problems)
    if raw is None:
        return [], []
    lines = raw.split("\n")
    paragraphs: list[Paragraph] = []
    footnotes: list[Footnote] = []
    buf: list[str] = []
    start = 0
    directives: list[Directive] = []

    def flush():
        nonlocal buf, directives
        if not buf and directives:
            if paragraphs:  # directives after a blank line belong to the paragraph above
                last = paragraphs[-1]
                paragraphs[-1] = Paragraph(last.text, last.source, last.directives + tuple(directives))
            else:
                problems.error(directives[0].source, "directive", "directive before any paragraph; put it on its own line at the end of the paragraph it applies to")
        elif buf:
            text = " ".join(s.strip() for s in buf).strip()
            text = re.sub(r"\s{2,}", " ", text)
            src = Source(rel, start, 1)
            m = FOOTNOTE_DEF.match(text)
            if m:
                footnotes.append(Footnote(m["key"], m["text"], src))
            else:
                paragraphs.append(Paragraph(text, src, tuple(directives)))
        buf, directives = [], []

    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("%%"):
            continue
        if not stripped:
            flush()
            continue
        m = DIRECTIVE.match(line)
        if m:
            name = m["name"]
            if name not in KNOWN_DIRECTIVES:
                problems.error(Source(rel, i, line.index("@") + 1), "directive",
                               f"unknown directive '@{name}'; expected one of "
                               + ", ".join("@" + k for k in sorted(KNOWN_DIRECTIVES)) + " (source_texts/README.md)")
            directives.append(Directive(name, (m["value"] or "").strip(), Source(rel, i, line.index("@") + 1)))
            continue
        if "\t" in line:
            problems.warning(Source(rel, i, line.index("\t") + 1), "tab", "tab character; use spaces")
        if not buf:
            start = i
        buf.append(line)
    flush()
    return paragraphs, footnotes


def as_date(value, where: Source, field: str, problems: Problems):
    if isinstance(value, dt.date):
        return value
    problems.error(where, "meta", f"'{field}' is {value!r}; expected a date YYYY-MM-DD")
    return None
