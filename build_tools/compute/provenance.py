"""Where each high-risk statement's facts come from: the kind of its best source, its
verification flag, and the monograph's stale sources. The provenance rule and ``monographs
audit`` share this one reading.

A statement is a cited model (``Cited``) in a high-risk section: dosing, dose adjustments,
storage, warnings, contraindications and monitoring. A statement without citations (or a
verification flag) of its own takes those of the nearest statement around it that has them (a
phase takes its regimen's).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from build_tools.model import Cited, Monograph
from build_tools.model.tree import collect

Path_ = tuple[str | int, ...]

#: Sections whose facts can cause a dosing or storage error; their statements need a label.
HIGH_RISK = ("dosing", "dose_adjustments", "storage", "warnings", "contraindications", "monitoring")
#: Source kinds that are the product's own labelling or its regulator's assessment.
PRIMARY = frozenset({"label", "regulator-assessment"})
#: A source read longer ago than this is stale: the label may have changed since.
STALE_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True)
class Statement:
    """One high-risk statement and what supports it."""

    path: Path_
    sources: tuple[str, ...]
    """Ids of the sources it cites (its own, or inherited from the statement around it)."""
    support: str
    """primary (a label or regulator source), other (only guidelines, references, summaries...)
    or uncited."""
    verification: str | None
    """Its verification flag, or that of the statement around it."""


@dataclass
class Provenance:
    """A monograph's statements by support, its flags, and its stale or undated sources."""

    statements: list[Statement] = field(default_factory=list)
    stale_sources: list[str] = field(default_factory=list)
    undated_labels: list[str] = field(default_factory=list)

    @property
    def by_support(self) -> Counter[str]:
        """How many statements have a primary source, only other sources, or none."""
        return Counter(s.support for s in self.statements)

    @property
    def flagged(self) -> Counter[str]:
        """How many statements carry each verification flag."""
        return Counter(s.verification for s in self.statements if s.verification)


def _statements(m: Monograph) -> Iterator[tuple[Path_, Cited]]:
    for path, node in collect(m):
        if path and path[0] in HIGH_RISK and isinstance(node, Cited):
            yield path, node


def provenance(m: Monograph, today: dt.date) -> Provenance:
    """Read where each high-risk statement of ``m`` comes from."""
    kinds = {s.id: s.kind for s in m.sources}
    out = Provenance()
    cited: dict[Path_, tuple[str, ...]] = {}
    flags: dict[Path_, str] = {}
    for path, node in _statements(m):
        own = tuple(node.cited_ids)
        if own:
            cited[path] = own
        if node.verification is not None:
            flags[path] = node.verification
        outer = [path[:k] for k in range(len(path) - 1, 0, -1)]
        sources = own or next((cited[p] for p in outer if p in cited), ())
        flag: str | None = node.verification
        flag = flag or next((flags[p] for p in outer if p in flags), None)
        support = ("uncited" if not sources else
                   "primary" if any(kinds.get(s) in PRIMARY for s in sources) else "other")
        out.statements.append(Statement(path, sources, support, flag))
    for s in m.sources:
        if today - s.accessed > STALE_AFTER:
            out.stale_sources.append(s.id)
        if s.kind == "label" and s.version is None:
            out.undated_labels.append(s.id)
    return out


def totals(rows: list[tuple[str, Provenance]]) -> dict[str, Any]:
    """Corpus totals: statements by support, flags, stale sources and labels without a revision."""
    support: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    for _, p in rows:
        support += p.by_support
        flags += p.flagged
    return {"monographs": len(rows), "statements": sum(support.values()), "support": dict(support),
            "flagged": dict(flags), "stale_sources": sum(len(p.stale_sources) for _, p in rows),
            "labels_without_revision": sum(len(p.undated_labels) for _, p in rows)}
