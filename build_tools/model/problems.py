"""Problems found in monographs, and the three ways the CLI prints them.

Every stage returns problems as values (never raises for bad data), so the CLI can
report everything in one run as ``file:line:col: rule-id: message``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, Literal, Protocol, TypeVar

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, located at a 1-based line and column of a file."""

    file: str
    line: int
    col: int
    rule: str
    message: str
    severity: Severity = "error"

    def text(self) -> str:
        """The one-line form editors and tests read: ``file:line:col: rule: message``."""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.col}: {self.rule}: {prefix}{self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the pull request."""
        level = "warning" if self.severity == "warning" else "error"
        msg = _gh_escape(self.message)
        return f"::{level} file={self.file},line={self.line},col={self.col},title={self.rule}::{msg}"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping for tools."""
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }


class _HasProblems(Protocol):
    problems: list[Problem]


F = TypeVar("F", bound=_HasProblems)


@dataclass
class Findings(Generic[F]):
    """Per-file results plus the corpus-wide problems (a checked corpus, in any form)."""

    files: list[F] = field(default_factory=list)
    corpus_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """Every problem, sorted by file, line, column."""
        return sorted([p for f in self.files for p in f.problems] + self.corpus_problems)


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is an error (warnings never fail a build)."""
    return any(p.severity == "error" for p in problems)


def format_problems(problems: list[Problem], fmt: str) -> str:
    """Render problems as ``text`` (one per line), ``github`` annotations, or ``json``."""
    ordered = sorted(problems)
    if fmt == "json":
        return json.dumps([p.as_dict() for p in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.github() for p in ordered)
    return "\n".join(p.text() for p in ordered)
