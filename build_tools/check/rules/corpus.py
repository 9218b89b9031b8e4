"""Corpus rules: ids, brand names and drugs are unique across all monographs after normalisation
(a drug is its generic name or a synonym, salt words left out: amlodipine besylate is amlodipine).

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
    names: tuple[Placed, ...] = ()
    """The generic name, then the synonyms."""

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready form (the validation cache stores it)."""
        return {"path": self.path, "id": list(self.id), "brands": [list(b) for b in self.brands],
                "names": [list(n) for n in self.names]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CorpusEntry:
        """The inverse of ``as_json``."""
        return cls(data["path"], tuple(data["id"]), tuple(tuple(b) for b in data["brands"]),
                   tuple(tuple(n) for n in data["names"]))


def corpus_entry(doc: Document, model: Monograph) -> CorpusEntry:
    """The entry of a monograph that passed its own checks."""
    brands = []
    for i, brand in enumerate(model.identity.brands):
        brands.append((brand.name, *doc.locate(("identity", "brands", i, "name"))))
    names = [(model.identity.generic_name, *doc.locate(("identity", "generic_name")))]
    for i, synonym in enumerate(model.identity.synonyms):
        names.append((synonym, *doc.locate(("identity", "synonyms", i))))
    return CorpusEntry(doc.path, (model.id, *doc.locate(("id",))), tuple(brands), tuple(names))


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


#: Words naming a salt, ester or hydrate form rather than the drug itself.
SALT_WORDS = frozenset("""
    hydrochloride hcl dihydrochloride hydrobromide sodium disodium potassium calcium magnesium
    besylate besilate maleate mesylate mesilate tartrate bitartrate succinate sulfate sulphate
    phosphate acetate citrate fumarate bromide chloride lactate gluconate hyclate tosylate
    monohydrate dihydrate trihydrate hemihydrate sesquihydrate anhydrous salt
""".split())


def drug_key(name: str) -> str:
    """The drug a name stands for: its name key with salt, ester and hydrate words left out
    (amlodipine besylate and Amlodipine are one drug); empty when only such words remain."""
    words = unicodedata.normalize("NFKC", name).casefold().replace("-", " ").split()
    kept = [w for w in words if w not in SALT_WORDS]
    return name_key(" ".join(kept)) if kept else ""


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


@rule("duplicate-drug", "One drug has one monograph: no generic name or synonym of one monograph "
      "names the same drug as another's (salt forms count as the drug).", scope="corpus")
def duplicate_drug(items: Sequence[CorpusEntry], problems: list[Problem]) -> None:
    owner: dict[str, tuple[CorpusEntry, Placed]] = {}
    for e in items:
        for name in e.names:
            key = drug_key(name[0])
            if key and key not in owner:
                owner[key] = (e, name)
    for e in items:
        for name in e.names:
            key = drug_key(name[0])
            first = owner.get(key)
            if not key or first is None or first[0] is e:
                continue
            other, (other_name, other_line, _) = first
            if name is e.names[0] or other_name == other.names[0][0]:
                problems.append(Problem(
                    e.path, name[1], name[2], "duplicate-drug",
                    f"'{name[0]}' names the same drug as '{other_name}' in {other.path}:{other_line}; "
                    "one drug has one monograph: merge the two files into one, with the salt form "
                    "or other name among its synonyms"))
                break
