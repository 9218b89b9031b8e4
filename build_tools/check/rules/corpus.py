"""Corpus rules: ids and brand names are unique across all monographs after normalisation.

They read a small ``CorpusEntry`` per valid file (the id, the brand names and where each
stands), not whole models, so a cached or parallel validation can feed them cheaply.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from build_tools.check.load import Document
from build_tools.check.rules import rule
from build_tools.model import Monograph
from build_tools.model.problems import Problem

#: A name and the line and column where it stands.
Placed = tuple[str, int, int]


@dataclass(frozen=True)
class CorpusEntry:
    """What the corpus rules need of one valid monograph: its file, id and brand names, placed."""

    path: str
    id: Placed
    brands: tuple[Placed, ...]

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready form (the validation cache stores it)."""
        return {"path": self.path, "id": list(self.id), "brands": [list(b) for b in self.brands]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CorpusEntry:
        """The inverse of ``as_json``."""
        return cls(data["path"], tuple(data["id"]), tuple(tuple(b) for b in data["brands"]))


def corpus_entry(doc: Document, model: Monograph) -> CorpusEntry:
    """The entry of a monograph that passed its own checks."""
    brands = []
    for i, brand in enumerate(model.identity.brands):
        brands.append((brand.name, *doc.locate(("identity", "brands", i, "name"))))
    return CorpusEntry(doc.path, (model.id, *doc.locate(("id",))), tuple(brands))


def name_key(name: str) -> str:
    """A comparison key: NFKC-normalised, case-folded, invisible characters and spaces removed."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _first_seen(entries: Sequence[tuple[str, Placed]], rule_id: str, what: str,
                problems: list[Problem]) -> None:
    seen: dict[str, tuple[str, Placed]] = {}
    for path, (value, line, col) in entries:
        key = name_key(value)
        if key in seen:
            other_path, (other_value, other_line, _) = seen[key]
            problems.append(Problem(path, line, col, rule_id,
                                    f"{what} '{value}' is the same as '{other_value}' in "
                                    f"{other_path}:{other_line}; each {what} belongs to one monograph"))
        else:
            seen[key] = (path, (value, line, col))


@rule("duplicate-id", "Monograph ids are unique across the corpus after Unicode normalisation.",
      scope="corpus")
def duplicate_id(items: Sequence[CorpusEntry], problems: list[Problem]) -> None:
    _first_seen([(e.path, e.id) for e in items], "duplicate-id", "id", problems)


@rule("duplicate-brand", "Brand names are unique across the corpus after Unicode normalisation.",
      scope="corpus")
def duplicate_brand(items: Sequence[CorpusEntry], problems: list[Problem]) -> None:
    entries = []
    for e in items:
        names: set[str] = set()
        for brand in e.brands:
            # The same brand listed twice in one monograph (per region) is fine.
            if name_key(brand[0]) not in names:
                names.add(name_key(brand[0]))
                entries.append((e.path, brand))
    _first_seen(entries, "duplicate-brand", "brand", problems)
