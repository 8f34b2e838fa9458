"""Problems found in the sources, collected and reported together.

Every problem names a file, line and column, says what was found and what was expected
(habit 3 and 4 of STYLE.md). Errors stop the build; warnings are printed.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"


class Problems:
    """An ordered collection of problems; never raises."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, where, code: str, message: str, col: int | None = None) -> None:
        self._add(where, "error", code, message, col)

    def warning(self, where, code: str, message: str, col: int | None = None) -> None:
        self._add(where, "warning", code, message, col)

    def _add(self, where, severity, code, message, col) -> None:
        file, line = where.file, where.line
        c = col if col is not None else getattr(where, "col", 1)
        self.items.append(Problem(str(file), int(line), int(c or 1), severity, code, message))

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
