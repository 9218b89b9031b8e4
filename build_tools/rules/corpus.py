"""Corpus rules: ids and brand names are unique across all monographs after normalisation."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from build_tools.load import Document
from build_tools.models import Monograph
from build_tools.problems import Problem
from build_tools.rules import rule


def name_key(name: str) -> str:
    """A comparison key: NFKC-normalised, case-folded, invisible characters and spaces removed."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _first_seen(
    entries: Sequence[tuple[Document, tuple[str | int, ...], str]], rule_id: str, what: str,
    problems: list[Problem],
) -> None:
    seen: dict[str, tuple[Document, tuple[str | int, ...], str]] = {}
    for doc, path, value in entries:
        key = name_key(value)
        if key in seen:
            other_doc, other_path, other_value = seen[key]
            line, _ = other_doc.locate(other_path)
            here_line, here_col = doc.locate(path)
            problems.append(Problem(doc.path, here_line, here_col, rule_id,
                                    f"{what} '{value}' is the same as '{other_value}' in "
                                    f"{other_doc.path}:{line}; each {what} belongs to one monograph"))
        else:
            seen[key] = (doc, path, value)


@rule("duplicate-id", "Monograph ids are unique across the corpus after Unicode normalisation.",
      scope="corpus")
def duplicate_id(items: Sequence[tuple[Document, Monograph]], problems: list[Problem]) -> None:
    _first_seen([(doc, ("id",), m.id) for doc, m in items], "duplicate-id", "id", problems)


@rule("duplicate-brand", "Brand names are unique across the corpus after Unicode normalisation.",
      scope="corpus")
def duplicate_brand(items: Sequence[tuple[Document, Monograph]], problems: list[Problem]) -> None:
    entries = []
    for doc, m in items:
        names: dict[str, int] = {}
        for i, brand in enumerate(m.identity.brands):
            # The same brand listed twice in one monograph (per region) is fine.
            if name_key(brand.name) not in names:
                names[name_key(brand.name)] = i
                entries.append((doc, ("identity", "brands", i, "name"), brand.name))
    _first_seen(entries, "duplicate-brand", "brand", problems)
