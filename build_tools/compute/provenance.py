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
#: A label revision older than this many years is worth checking for a newer one.
LABEL_MAX_AGE_YEARS = 5
#: Source kinds from the strongest to the weakest; a statement counts under its strongest.
KIND_ORDER = ("label", "regulator-assessment", "guideline", "reference", "article",
              "patient-information", "other", "secondary-summary")


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
    kind: str
    """The kind of its strongest source (see KIND_ORDER), or "uncited"."""


@dataclass
class Provenance:
    """A monograph's statements by support, its flags, and its stale or undated sources."""

    statements: list[Statement] = field(default_factory=list)
    stale_sources: list[str] = field(default_factory=list)
    """Sources read longer ago than STALE_AFTER."""
    undated_labels: list[str] = field(default_factory=list)
    """Label sources that state no revision date (``revised``)."""
    old_labels: list[str] = field(default_factory=list)
    """Label sources whose revision is older than LABEL_MAX_AGE_YEARS."""
    codes_missing: list[str] = field(default_factory=list)
    """Which of the ingredient codes (rxcui, unii, atc) the monograph does not give."""

    @property
    def by_kind(self) -> Counter[str]:
        """How many statements have each kind as their strongest source."""
        return Counter(s.kind for s in self.statements)

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
        strongest = min((KIND_ORDER.index(kinds[s]) for s in sources if s in kinds), default=None)
        kind = "uncited" if strongest is None else KIND_ORDER[strongest]
        out.statements.append(Statement(path, sources, support, flag, kind))
    codes = m.identity.codes
    out.codes_missing = [k for k in ("rxcui", "unii", "atc") if not (codes and getattr(codes, k))]
    for s in m.sources:
        if today - s.accessed > STALE_AFTER:
            out.stale_sources.append(s.id)
        if s.kind == "label" and s.revised is None:
            out.undated_labels.append(s.id)
        elif s.kind == "label" and s.revised is not None and label_too_old(s.revised, today):
            out.old_labels.append(s.id)
    return out


def label_too_old(revised: str, today: dt.date) -> bool:
    """True when a revision date (YYYY-MM or YYYY-MM-DD) is more than LABEL_MAX_AGE_YEARS old;
    a month-only date counts from the month's last day, so it is never judged older than it is."""
    year, month = int(revised[:4]), int(revised[5:7])
    if len(revised) > 7:
        stated = dt.date(year, month, int(revised[8:10]))
    else:
        stated = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    try:
        limit = today.replace(year=today.year - LABEL_MAX_AGE_YEARS)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - LABEL_MAX_AGE_YEARS, day=28)
    return stated < limit


def record(p: Provenance) -> dict[str, Any]:
    """A monograph's provenance as JSON-ready counts and lists (the audit's per-monograph row)."""
    return {"statements": len(p.statements), "support": dict(sorted(p.by_support.items())),
            "kinds": dict(sorted(p.by_kind.items())), "flagged": dict(sorted(p.flagged.items())),
            "stale_sources": p.stale_sources, "labels_without_revision": p.undated_labels,
            "old_labels": p.old_labels, "codes_missing": p.codes_missing,
            "other_only": ["/" + "/".join(map(str, s.path)) for s in p.statements
                           if s.support != "primary" and s.verification is None]}


def totals(rows: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Corpus totals over per-monograph records: statements by support, kind and flag, stale
    sources, labels without a revision date and old labels."""
    support: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    for _, r in rows:
        support.update(r["support"])
        kinds.update(r["kinds"])
        flags.update(r["flagged"])
    return {"monographs": len(rows), "statements": sum(support.values()),
            "support": dict(sorted(support.items())), "kinds": dict(sorted(kinds.items())),
            "flagged": dict(sorted(flags.items())),
            "stale_sources": sum(len(r["stale_sources"]) for _, r in rows),
            "labels_without_revision": sum(len(r["labels_without_revision"]) for _, r in rows),
            "old_labels": sum(len(r["old_labels"]) for _, r in rows),
            "codes_missing": {k: sum(k in r["codes_missing"] for _, r in rows) for k in ("rxcui", "unii", "atc")}}
