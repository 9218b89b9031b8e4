"""Clinical lint rules: checks across fields and files that a JSON Schema cannot express.

Each rule has an id (used in messages, fixtures and docs), a one-line description, a scope
("file": one monograph at a time, after it passed the schema; "text": the raw file text, even if
it failed; "corpus": all monographs together) and a check function that reports problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from build_tools.check.load import Document
from build_tools.model import Monograph
from build_tools.model.problems import Problem, Severity
from build_tools.model.tree import collect

Path_ = tuple[str | int, ...]


@dataclass
class FileContext:
    """What a file-scope rule sees: the loaded document, its model, and today's date."""

    doc: Document
    model: Monograph
    today: dt.date
    problems: list[Problem] = field(default_factory=list)

    @cached_property
    def nodes(self) -> list[tuple[Path_, Any]]:
        """Every model object and date in the monograph with its path, collected once per file
        (each rule used to walk the whole tree itself, which dominated validation time)."""
        return collect(self.model)

    def report(
        self, path: Path_, rule: str, message: str, severity: Severity = "error", *, key: bool = False
    ) -> None:
        """Record a problem at the value (or key) found at ``path``."""
        line, col = self.doc.locate(path, key=key)
        self.problems.append(Problem(self.doc.path, line, col, rule, message, severity))


@dataclass(frozen=True)
class Rule:
    """A lint rule: id, what it checks, where it looks, and the check itself."""

    id: str
    description: str
    scope: Literal["file", "text", "corpus"]
    check: Callable[..., None]
    severity: Severity = "error"


RULES: dict[str, Rule] = {}


def rule(rule_id: str, description: str, scope: Literal["file", "text", "corpus"] = "file",
         severity: Severity = "error") -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a check function under a rule id."""

    def wrap(fn: Callable[..., None]) -> Callable[..., None]:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, description, scope, fn, severity)
        return fn

    return wrap




# Import the rule modules so they register themselves (order = order of documentation).
from build_tools.check.rules import (  # noqa: E402
    corpus,
    dosing,
    identity,
    plausibility,
    quantities,
    references,
    review,
    statements,
    text,
)

__all__ = [
    "RULES",
    "FileContext",
    "Rule",
    "collect",
    "corpus",
    "dosing",
    "identity",
    "plausibility",
    "quantities",
    "references",
    "review",
    "rule",
    "statements",
    "text",
]
