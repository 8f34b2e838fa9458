"""Problems found in the sources, collected and reported together.

Every problem names a file, line and column, says what was found and what was expected
(habit 3 and 4 of STYLE.md). Errors stop the build; warnings are printed.

One mistake, one message: when a file cannot be read or parsed, what follows from it (every
agency id "unknown" because agencies.yml did not parse) is recorded with ``caused_by`` that
file. :meth:`Problems.report` prints the root cause first and only counts its consequences.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    code: str
    message: str
    cause_of: str = field(default="", compare=False)    # the file this problem stops from being read
    caused_by: str = field(default="", compare=False)   # the failed file this problem follows from

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"


class Problems:
    """An ordered collection of problems; never raises."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, where, code: str, message: str, col: int | None = None, cause_of: str = "",
              caused_by: str = "") -> None:
        self._add(where, "error", code, message, col, cause_of, caused_by)

    def warning(self, where, code: str, message: str, col: int | None = None, caused_by: str = "") -> None:
        self._add(where, "warning", code, message, col, "", caused_by)

    def _add(self, where, severity, code, message, col, cause_of, caused_by) -> None:
        file, line = where.file, where.line
        c = col if col is not None else getattr(where, "col", 1)
        self.items.append(Problem(str(file), int(line), int(c or 1), severity, code, message, cause_of, caused_by))

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "warning")

    def __bool__(self) -> bool:
        return bool(self.errors)

    def report(self) -> tuple[list[str], int, int, int]:
        """The lines to print, root causes first: (lines, errors, warnings, consequences).

        A problem ``caused_by`` a file that has an error of its own is not printed; the first
        error of that file says how many it caused. Errors come before warnings.
        """
        failed = {p.file for p in self.items if p.severity == "error" and not p.caused_by}
        hidden: dict[str, int] = {}
        shown: list[Problem] = []
        for p in self.items:
            if p.caused_by and p.caused_by in failed:
                hidden[p.caused_by] = hidden.get(p.caused_by, 0) + 1
            else:
                shown.append(p)
        errors = [p for p in shown if p.severity == "error"]
        roots = sorted(p for p in errors if p.cause_of)
        # Files others depend on (the registry, the glossary) before the documents.
        rest = sorted((p for p in errors if not p.cause_of), key=lambda p: (p.file.count("/") > 1, p))
        warnings = sorted(p for p in shown if p.severity == "warning")
        lines: list[str] = []
        counted: set[str] = set()
        for p in roots + rest + warnings:
            lines.append(str(p))
            n = hidden.get(p.file, 0) if p.severity == "error" and p.file not in counted else 0
            if n:
                counted.add(p.file)
                lines.append(f"    ... and {n} more problem(s) caused by this; they go away when it is fixed")
        return lines, len(errors), len(warnings), sum(hidden.values())
