"""Read source_texts/: YAML with line numbers, and texts split into paragraphs.

Reading never fails on bad content: it records a Problem and goes on, so an editor sees
every mistake at once. What is accepted, and the limits, are in CONTRIBUTING.md:

- UTF-8 only; a byte-order mark, Windows (CRLF) or old Mac (CR) line ends and decomposed
  (NFD) letters are accepted and normalised; other control characters are refused.
- Size limits (:data:`LIMITS`), checked before anything is parsed, so that no input can make
  a stage run for minutes.
- YAML: plain values only. No aliases (``*a``: the "billion laughs" bomb), no explicit tags
  (``!!python/object``), no key twice in one mapping, no dates that do not exist.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
import zlib
from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..models import Directive, Footnote, Paragraph, Source
from ..problems import Problems
from ..text import nfc

# '@lead: a, b' / '@task' — an editor's override or structural mark (own line).
DIRECTIVE = re.compile(r"^\s*@(?P<name>[A-Za-z][\w-]*)\s*(?P<colon>:)?\s*(?P<value>.*?)\s*$")
# '[^1]: text' — a footnote definition, as in Markdown.
FOOTNOTE_DEF = re.compile(r"^\[\^(?P<key>[0-9A-Za-z]+)\]:\s*(?P<text>.*)$", re.S)
# Directives that carry a value ('@lead: bo-cong-an') and those that stand alone ('@task').
VALUE_DIRECTIVES = {"lead", "coord", "deadline", "why"}
FLAG_DIRECTIVES = {"task", "not-task", "after-list", "closing"}
KNOWN_DIRECTIVES = VALUE_DIRECTIVES | FLAG_DIRECTIVES

KB = 1024
# The largest file of each kind (bytes) and the longest line (characters). The largest real
# files are about 70 KB (a text) and 60 KB (a task table); a line of the texts is at most
# 1,650 characters. The limits leave room for documents several times larger.
LIMITS = {
    "text": 512 * KB,        # vi.txt, en.txt, ocr.txt, seed.txt, ocr-header.txt
    "meta": 64 * KB,         # meta.yml, meta.en.yml
    "table": 512 * KB,       # appendix.yml, appendix.en.yml
    "registry": 2048 * KB,   # agencies.yml (room for every province and commune)
    "list": 1024 * KB,       # glossary.yml, allowlist.yml
}
MAX_LINE = 8000
# C0/C1 control characters other than tab and line ends; invisible characters that split a
# word without showing (zero-width space, joiners, a byte-order mark inside the text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufffe\uffff]")


def limit_kind(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    if name in ("meta.yml", "meta.en.yml"):
        return "meta"
    if name.startswith("appendix"):
        return "table"
    if name == "agencies.yml":
        return "registry"
    if name.endswith((".yml", ".yaml")):
        return "list"
    return "text"


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


class SourceFiles(dict):
    """rel path -> the file's lines (NFC), for every file the reader read.

    Later stages (the checks, the column of a message) look positions up here instead of
    reading a file a second time, so everything works on one consistent reading. ``failed``
    holds the files that could not be read or parsed: what follows from them is a
    consequence, not a new mistake (see :class:`~build_scripts.problems.Problems`).
    """

    def __init__(self) -> None:
        super().__init__()
        self.failed: set[str] = set()
        self.digests: dict[str, str] = {}       # rel path -> sha256 of the text as read (NFC, "\n")
        self._packed: dict[str, bytes] = {}     # released files' texts, compressed
        self._folders: tuple[int, dict[str, list[str]]] | None = None

    def under(self, folder: str) -> list[str]:
        """The files read in ``folder`` (``source_texts/17-kh-bcd/``), sorted: a document's
        files without a scan of every file of the archive."""
        if self._folders is None or self._folders[0] != len(self):
            by: dict[str, list[str]] = {}
            for rel in sorted(self):
                by.setdefault(rel[:rel.rfind("/") + 1], []).append(rel)
            self._folders = (len(self), by)
        return self._folders[1].get(folder, [])

    def digest(self, rel: str) -> str:
        """A hash of the file's text as read: what caches are keyed by (cache.py)."""
        return self.digests[rel]

    def text(self, rel: str) -> str:
        """The file's text as read (NFC, line ends "\n"), released or not."""
        packed = self._packed.get(rel)
        return zlib.decompress(packed).decode("utf-8") if packed is not None else "\n".join(self[rel])

    def release(self) -> None:
        """Drop the files' lines once nothing more needs their positions (after the checks):
        the largest part of the model at scale. Their texts stay, compressed (:meth:`text`),
        and so do their names and digests; reading a released file's lines is a bug, and
        says so."""
        for rel in list(self):
            if rel not in self._packed:
                self._packed[rel] = zlib.compress("\n".join(self[rel]).encode("utf-8"), 1)
                dict.__setitem__(self, rel, _RELEASED)

    def read(self, path: Path, rel: str, problems: Problems) -> str | None:
        kind = limit_kind(rel)
        try:
            size = path.stat().st_size
            if size > LIMITS[kind]:
                problems.error(Source(rel, 1), "too-large", f"file is {size // KB:,} KB; the limit for this kind of "
                               f"file is {LIMITS[kind] // KB:,} KB (CONTRIBUTING.md, 'Limits'); split it or check "
                               "that nothing was pasted twice", cause_of=rel)
                self.failed.add(rel)
                return None
            data = path.read_bytes()
        except OSError as e:
            problems.error(Source(rel, 1), "unreadable-file", f"cannot read the file ({e.strerror or e}); "
                           "expected a readable text file", cause_of=rel)
            self.failed.add(rel)
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            good = data[:e.start].decode("utf-8", "replace")
            line, col = _position(good, len(good))
            problems.error(Source(rel, line, col), "encoding",
                           f"byte 0x{data[e.start]:02x} is not UTF-8 ({e.reason}); the file may be cut in the middle "
                           "of a letter or saved in another encoding: save it as UTF-8", cause_of=rel)
            self.failed.add(rel)
            return None
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        text = nfc(text)
        bad = False
        for m in _CONTROL.finditer(text):
            line, col = _position(text, m.start())
            problems.error(Source(rel, line, col), "control-char",
                           f"control character U+{ord(m.group(0)):04X} in the text; expected only letters, "
                           "punctuation, spaces and line ends (was the file damaged or copied from a PDF?)")
            bad = True
            break
        for m in _INVISIBLE.finditer(text):
            line, col = _position(text, m.start())
            problems.error(Source(rel, line, col), "invisible-char",
                           f"invisible character U+{ord(m.group(0)):04X} (it splits a word without showing); delete it")
            bad = True
            break
        lines = text.split("\n")
        for i, ln in enumerate(lines, 1):
            if len(ln) > MAX_LINE:
                problems.error(Source(rel, i, MAX_LINE + 1), "too-long",
                               f"line of {len(ln):,} characters; the limit is {MAX_LINE:,} (CONTRIBUTING.md, 'Limits'): "
                               "break it into lines or paragraphs")
                bad = True
                break
        if bad:
            self.failed.add(rel)
            return None
        self[rel] = lines
        self.digests[rel] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return text


class _Released(tuple):
    """The lines of a released file (SourceFiles.release): using them is a bug of the build."""

    def _refuse(self, *args):
        raise RuntimeError("the lines of this file were released after the checks (SourceFiles.release)")

    __iter__ = __getitem__ = __len__ = _refuse


_RELEASED = _Released()


# --- YAML -----------------------------------------------------------------------------

class _YamlRefused(yaml.MarkedYAMLError):
    pass


class _Refusing:
    """Refuses aliases and explicit tags as they are composed."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _YamlRefused(None, None, f"alias '*{event.anchor}': aliases are not used in source_texts; "
                               "write the value out", event.start_mark)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise _YamlRefused(None, None, f"tag '{tag}': explicit YAML tags are not used in source_texts; "
                               "write a plain value (put it in quotes if it starts with '!')", event.start_mark)
        return super().compose_node(parent, index)


class _LineLoader(_Refusing, yaml.SafeLoader):
    """SafeLoader that records the line of every mapping as key '__line__' and of every key
    in '__lines__', refuses aliases and explicit tags, and reports (instead of keeping the
    last silently) a key given twice and a date that does not exist."""

    problems: Problems
    rel: str


def _libyaml_limits_nesting() -> bool:
    """Whether libyaml refuses a text nested more than 1,000 deep (libyaml 0.2.6 does), so that
    its composer, which is recursive C, cannot run out of stack."""
    loader = yaml.CSafeLoader("[" * 1001 + "]" * 1001)
    try:
        loader.get_single_node()
    except yaml.YAMLError:
        return True
    finally:
        loader.dispose()
    return False


if getattr(yaml, "__with_libyaml__", False):
    # libyaml scans, parses and composes (into PyYAML's nodes, with their lines and columns);
    # the values are made by the constructors of _LineLoader. Without libyaml's nesting limit,
    # PyYAML's Python composer is used on libyaml's events instead.
    _FAST_BASES = (yaml.CSafeLoader,) if _libyaml_limits_nesting() else (yaml.composer.Composer, yaml.CSafeLoader)

    class _FastLineLoader(*_FAST_BASES):
        """_LineLoader on libyaml (C), for files that load without a problem of YAML: a file it
        cannot load is read again by _LineLoader, whose messages are the ones an editor sees
        (see _load_fast). It is given no text with a '*' or a '!' (:func:`_python_only`), so no
        alias or tag to refuse."""

        problems: Problems
        rel: str

        def __init__(self, stream):
            yaml.CSafeLoader.__init__(self, stream)
            if yaml.composer.Composer in _FAST_BASES:
                yaml.composer.Composer.__init__(self)
else:   # a PyYAML built without libyaml
    _FastLineLoader = None


_STR = "tag:yaml.org,2002:str"


def _construct_mapping(loader: _LineLoader, node, deep=False):
    mapping: dict = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        # A text is its node's value (what construct_object makes of it, without the steps)
        key = key_node.value if key_node.tag == _STR and type(key_node) is ScalarNode \
            else loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            if isinstance(key, (int, float, bool, dt.date)) or key is None:
                key = "" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
            else:
                raise _YamlRefused("while reading a mapping", node.start_mark,
                                   "a key must be a plain word or text, not a list or mapping", key_node.start_mark)
        if key in mapping:
            m = key_node.start_mark
            loader.problems.error(Source(loader.rel, m.line + 1, m.column + 1), "duplicate-key",
                                  f"key '{key}' appears twice in this mapping (first at line {lines[key]}); "
                                  "only one is kept: delete or merge the other")
            continue
        mapping[key] = value_node.value if value_node.tag == _STR and type(value_node) is ScalarNode \
            else loader.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


def _construct_timestamp(loader: _LineLoader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as e:
        m = node.start_mark
        loader.problems.error(Source(loader.rel, m.line + 1, m.column + 1), "date",
                              f"'{node.value}' is not a date ({e}); expected a real day as YYYY-MM-DD")
        return BadDate(node.value)


class BadDate(str):
    """A date-looking YAML value that is not a date (2026-02-30); already reported."""


for _loader in filter(None, (_LineLoader, _FastLineLoader)):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


# PyYAML's words for the construct a syntax error is in -> an editor's words, said at its start.
_YAML_CONTEXTS = {
    "while parsing a flow sequence": "the list opened with '[' here is not closed with ']'",
    "while parsing a flow mapping": "the mapping opened with '{' here is not closed with '}'",
    "while scanning a quoted scalar": "the text opened with a quote here has no closing quote",
    "while scanning a simple key": "this line has no ':' after its key",
    "while parsing a block mapping": "in the mapping that starts here",
    "while parsing a block collection": "in the list that starts here",
    "while scanning an alias": "a '*' here starts an alias (not used in source_texts; quote the text)",
    "while scanning an anchor": "a '&' here starts an anchor (not used in source_texts; quote the text)",
}


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[\w-]+:\s+)?(?P<q>["'])""")


def _unclosed_quote(text: str, start, end) -> tuple[int, int] | None:
    """The first line from ``start`` to ``end`` whose value opens a quote it does not close
    (texts in source_texts never continue a quoted value on the next line)."""
    lines = text.split("\n")
    for i in range(start.line, min(end.line, len(lines) - 1) + 1):
        m = _QUOTED_VALUE.match(lines[i])
        if not m:
            continue
        q, rest = m["q"], lines[i][m.end():]
        if q == '"':
            closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
        else:
            closed = re.search(r"'(?!')", rest.replace("''", "")) is not None
        if not closed:
            return i + 1, m.start("q") + 1
    return None


_UNREAD = object()

# Where the two parsers differ on what loads (found by loading damaged and generated YAML with
# both): libyaml takes a tab as a space ("key:\tvalue", a tab inside a plain value), a comment
# right after a block scalar's '|' ("|#") and a '?' inside a plain value in a flow collection
# ("[a ? b]"), where PyYAML stops with an error; and it reads "key: !" as '' where PyYAML reads
# None. A text with a tab, a '!', or '|' or '>' then '#' is read by PyYAML alone; to be safe, so
# is one with a line or paragraph separator, or with an escape other than the usual \" and \\
# (an odd run of backslashes, then another character). For '?', see _question_in_flow. A text
# with a '*' (an alias, to refuse) is left to _LineLoader too, which refuses it in its words.
_PYTHON_ONLY_CHARS = "\t\u2028\u2029!*"
_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")
_BACKSLASHES = re.compile(r"(\\+)(.?)", re.S)     # a whole run of backslashes, and what follows it


def _python_only(text: str) -> bool:
    """Whether ``text`` has something the two parsers read differently (see above)."""
    if any(c in text for c in _PYTHON_ONLY_CHARS):
        return True
    if "#" in text and _BLOCK_HEADER_COMMENT.search(text):
        return True
    if "\\" in text:
        for m in _BACKSLASHES.finditer(text):
            if len(m[1]) % 2 and m[2] and m[2] != '"':    # an escape of something else than "
                return True
    return False
# Where a flow collection can open ('[' or '{' first in a node): at a line's start, after '- ',
# '? ', ': ' or '--- ' (then perhaps an anchor). Found also inside a quoted text: it only asks
# for the closer look of _question_in_flow.
_FLOW_OPENS = re.compile(r"(?:^|[-?:][ ]|---[ ])[ ]*(?:&\S*[ ]+)?[\[{]", re.M)


def _question_in_flow(text: str) -> bool:
    """Whether libyaml reads a plain value with a '?' inside a flow collection (``[a ? b]``),
    which PyYAML ends at the '?' (an error); True too when libyaml cannot scan the text."""
    if "?" not in text or not _FLOW_OPENS.search(text):
        return False
    from yaml.tokens import (FlowMappingEndToken, FlowMappingStartToken, FlowSequenceEndToken,
                             FlowSequenceStartToken, ScalarToken)
    scanner = yaml.CSafeLoader(text)
    depth = 0
    try:
        while (token := scanner.get_token()) is not None:
            kind = type(token)
            if kind is FlowSequenceStartToken or kind is FlowMappingStartToken:
                depth += 1
            elif kind is FlowSequenceEndToken or kind is FlowMappingEndToken:
                depth -= 1
            elif kind is ScalarToken and depth and token.plain and "?" in token.value:
                return True
    except yaml.YAMLError:
        return True
    finally:
        scanner.dispose()
    return False


def _load_fast(text: str, rel: str, problems: Problems):
    """``text`` loaded by libyaml's parser, or _UNREAD when it has none or the text does not load.

    A text that loads gives the same values, lines and problems (a key twice, a day that does
    not exist) as _LineLoader, about nine times faster; the problems are kept aside until the
    whole file has loaded, so a file that does not is reported by _LineLoader alone, in its
    words and at its marks. A text with something the parsers read differently
    (:func:`_python_only`, :func:`_question_in_flow`) is left to _LineLoader from the start.
    """
    if _FastLineLoader is None or _python_only(text) or _question_in_flow(text):
        return _UNREAD
    found = Problems()
    loader = _FastLineLoader(text)
    loader.problems, loader.rel = found, rel
    try:
        node = loader.get_single_node()
        if node is not None and not _shallow(node):
            return _UNREAD      # _LineLoader, recursive Python, may stop at it: let it say
        data = loader.construct_document(node) if node is not None else None
    except Exception:       # noqa: BLE001 -- any failure: _LineLoader reads it again and says why
        return _UNREAD
    finally:
        loader.dispose()
    problems.extend(found)
    return data


# _LineLoader composes and constructs recursively, about three Python frames a level: a text
# nested deeper than Python's recursion limit allows is an error there ("YAML nested too
# deeply"). libyaml goes deeper; so only a text at most _MAX_DEPTH deep, read with room for
# _MAX_DEPTH * 3 frames and more to spare, is taken from libyaml (source_texts/ are 5 deep).
_MAX_DEPTH = 50
_SPARE_FRAMES = 400


def _shallow(node) -> bool:
    """Whether the document of ``node`` is at most _MAX_DEPTH deep and Python's stack has
    room for _LineLoader to read it (so that it would not stop on a RecursionError)."""
    frame, used = sys._getframe(), 0
    while frame is not None:
        frame, used = frame.f_back, used + 1
    if used + _SPARE_FRAMES > sys.getrecursionlimit():
        return False
    level, depth = [node], 0
    while level:
        depth += 1
        if depth > _MAX_DEPTH:
            return False
        below = []
        for n in level:
            if type(n) is MappingNode:
                below.extend(c for pair in n.value for c in pair if type(c) is not ScalarNode)
            elif type(n) is SequenceNode:
                below.extend(c for c in n.value if type(c) is not ScalarNode)
        level = below
    return True


def load_yaml(path: Path, rel: str, problems: Problems, files: SourceFiles | None = None, required: str = ""):
    """Parse a YAML file; None when it cannot be read or parsed (reported). ``required``
    says what the file must hold: an empty file is then an error, not "no data"."""
    files = files if files is not None else SourceFiles()
    text = files.read(path, rel, problems)
    if text is None:
        return None
    data = _load_fast(text, rel, problems)
    if data is _UNREAD:
        data = _load_reporting(text, rel, problems, files)
        if data is _UNREAD:
            return None
    if data is None and required:
        problems.error(Source(rel, 1), "empty", f"the file is empty; expected {required} (CONTRIBUTING.md)", cause_of=rel)
        files.failed.add(rel)
    return data


def _load_reporting(text: str, rel: str, problems: Problems, files: SourceFiles):
    """``text`` loaded by _LineLoader (pure Python); a text that does not load is reported, in an
    editor's words and at its place, and gives _UNREAD."""
    loader = _LineLoader(text)
    loader.problems, loader.rel = problems, rel
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        pm, cm = e.problem_mark, e.context_mark
        what = (e.problem or "").strip()
        open_quote = _unclosed_quote(text, cm or pm, pm) if pm is not None else None
        if open_quote:
            line, col = open_quote
            msg = (f"invalid YAML: the text opened with a quote here is not closed on its line (the parser then "
                   f"stopped at line {pm.line + 1}:{pm.column + 1}: {what}); close the quote")
            problems.error(Source(rel, line, col), "yaml", msg, cause_of=rel)
            files.failed.add(rel)
            return _UNREAD
        if cm is not None and e.context and (pm is None or cm.line != pm.line or cm.column != pm.column):
            # The construct opened at cm is where to look ('[' without ']'): point there.
            where = Source(rel, cm.line + 1, cm.column + 1)
            at = f"at line {pm.line + 1}:{pm.column + 1}: " if pm is not None else ""
            ctx = next((v for k, v in _YAML_CONTEXTS.items() if e.context.startswith(k)), e.context)
            msg = f"invalid YAML: {ctx}; {at}{what}"
        else:
            mark = pm or cm
            where = Source(rel, mark.line + 1, mark.column + 1) if mark else Source(rel, 1)
            msg = f"invalid YAML: {what or e.context}"
        problems.error(where, "yaml", msg + "; expected the format in CONTRIBUTING.md", cause_of=rel)
        files.failed.add(rel)
        return _UNREAD
    except yaml.YAMLError as e:
        problems.error(Source(rel, 1), "yaml", f"invalid YAML: {e}; expected the format in CONTRIBUTING.md", cause_of=rel)
        files.failed.add(rel)
        return _UNREAD
    except RecursionError:
        problems.error(Source(rel, 1), "yaml", "YAML nested too deeply; expected the flat format in CONTRIBUTING.md",
                       cause_of=rel)
        files.failed.add(rel)
        return _UNREAD
    finally:
        loader.dispose()
    return data


# --- texts ----------------------------------------------------------------------------

def _directive(line: str, rel: str, i: int, problems: Problems) -> Directive | None:
    """An ``@name: value`` line -> Directive; a malformed one is reported (and None)."""
    col = line.index("@") + 1
    where = Source(rel, i, col)
    m = DIRECTIVE.match(line)
    known = ", ".join("@" + k for k in sorted(KNOWN_DIRECTIVES))
    if not m:
        problems.error(where, "directive", f"a line starting with '@' is a directive, but this is not one; expected "
                       f"'@name: value' with a name among {known} (CONTRIBUTING.md)")
        return None
    name, value = m["name"], (m["value"] or "").strip()
    if name not in KNOWN_DIRECTIVES:
        hint = name.lower() if name.lower() in KNOWN_DIRECTIVES else ""
        problems.error(where, "directive", f"unknown directive '@{name}'"
                       + (f"; did you mean '@{hint}' (directives are lower case)?" if hint else f"; expected one of {known}"))
        return None
    if name in VALUE_DIRECTIVES and (not m["colon"] or not value):
        example = {"lead": "bo-cong-an", "coord": "bo-tai-chinh, bo-noi-vu", "deadline": "30/6/2026",
                   "why": "the text names the lead in the heading"}[name]
        problems.error(where, "directive", f"'@{name}' has no value; expected '@{name}: {example}'")
        return None
    if name in FLAG_DIRECTIVES and (m["colon"] or value):
        problems.error(where, "directive", f"'@{name}' takes no value; expected '@{name}' alone on its line")
        return None
    return Directive(name, value, where)


def read_paragraphs(path: Path, rel: str, problems: Problems, files: SourceFiles | None = None):
    """Split a text file into paragraphs and footnote definitions.

    >>> # "- Xây dựng ...\\nHoàn thành trước ngày 30/4/2026.\\n@why: ...\\n\\n[^1]: Note"
    Returns (paragraphs, footnotes).
    """
    raw = (files if files is not None else SourceFiles()).read(path, rel, problems)
    if raw is None:
        return [], []
    if not raw.strip():
        problems.error(Source(rel, 1), "empty", "the file is empty; expected the text of the document (CONTRIBUTING.md)",
                       cause_of=rel)
        if files is not None:
            files.failed.add(rel)
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
        if stripped.startswith("@"):
            d = _directive(line, rel, i, problems)
            if d:
                directives.append(d)
            continue
        if "\t" in line:
            problems.warning(Source(rel, i, line.index("\t") + 1), "tab", "tab character; use spaces")
        if not buf:
            start = i
        buf.append(line)
    flush()
    return paragraphs, footnotes


_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def as_date(value, where: Source, field: str, problems: Problems):
    """A YAML date value -> datetime.date, or None (reported). ``31/1/2026`` is read as the
    Vietnamese day/month/year; a day that does not exist is an error."""
    if isinstance(value, BadDate):
        return None                       # reported by the YAML loader, at its column
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DMY.match(value) if isinstance(value, str) else None
    if m:
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError as e:
            problems.error(where, "date", f"'{field}' is '{value}', which is not a date ({e}); expected a real day as YYYY-MM-DD")
            return None
    problems.error(where, "date", f"'{field}' is {value!r}; expected a date YYYY-MM-DD")
    return None
