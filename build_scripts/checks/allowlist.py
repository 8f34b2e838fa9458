"""The allow-list: words that are not Vietnamese syllables but belong in the texts (acronyms,
foreign names), each group with its reason (source_texts/allowlist.yml)."""
from __future__ import annotations

from pathlib import Path

from ..models import Source
from ..problems import Problems
from ..source.reader import SourceFiles, load_yaml
from ..text import nfc
from .pieces import _lines_of
from .settings import ALLOWLIST
from .syllables import AllowList


def load_allowlist(root: Path, problems: Problems, files: SourceFiles | None = None) -> AllowList:
    """source_texts/allowlist.yml: groups, each ``{reason: ..., words: [...]}``; an entry with
    a space is a phrase ("Big Data"), accepted only as a whole."""
    path = root / ALLOWLIST
    if not path.exists():
        return AllowList()
    data = load_yaml(path, ALLOWLIST, problems, files)
    if not isinstance(data, dict):
        if data is not None:
            problems.error(Source(ALLOWLIST, 1), "allowlist", "expected groups of {reason, words}; see docs-dev/CHECKS.md")
        return AllowList()
    ws, ps = [], []
    for name, group in data.items():
        if name.startswith("__"):
            continue
        where = Source(ALLOWLIST, _lines_of(data, name))
        if not (isinstance(group, dict) and isinstance(group.get("reason"), str) and group["reason"].strip()
                and isinstance(group.get("words"), list)):
            problems.error(where, "allowlist", f"group '{name}' must have 'reason' (why these words are accepted) "
                                                "and 'words' (a list); see docs-dev/CHECKS.md")
            continue
        for w in group["words"]:
            w = nfc(str(w)).strip()
            (ps if " " in w else ws).append(w)
    return AllowList(ws, ps)
