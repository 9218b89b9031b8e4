"""Clinical diff: what changed between two versions of the monographs, in clinicians' words.

Versions are compared as validated models, never as text, so reformatting, reordering keys,
re-quoting or moving comments reports nothing, while "dosing > sma-pediatric > maintenance: dose
12 mg -> 10 mg" or "adverse reaction added: Rash (5%)" is what a reviewer reads. List entries are
matched by their id (regimens, phases, warnings...) or by what they are about (the reaction's term,
the storage condition's product), so an insertion does not show up as every later entry changing.

``monographs diff OLD NEW`` compares two folders, two git revisions, or one of each; git
revisions are read with ``git ls-tree`` and ``git cat-file`` (no checkout). ``history_markdown``
builds the site's "What changed" page from the git history of ``monographs/``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from build_tools import model as m
from build_tools.editors.diff_words import (  # the words of the diff
    _ENTRIES,
    _IGNORED,
    _NOUNS,
    _VALUES,
    _WORDS_FIELDS,
    _Entry,
    _is_section,
    _label,
    _phase,
    _range,
    _regions,
    _short,
    _show,
    _summary,
)
from build_tools.editors.versions import MONOGRAPH_DIR, GitError, Version, read_folder, read_revision, run_git
from build_tools.model.tree import field_order

Kind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    """One clinically meaningful difference in one monograph."""

    monograph: str
    kind: Kind
    section: str
    text: str

    def __str__(self) -> str:
        return self.text


# ---------------------------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------------------------


class _Differ:
    """Collects the changes of one monograph."""

    def __init__(self, monograph: str, indications: dict[str, str] | None = None) -> None:
        self.monograph = monograph
        self.changes: list[Change] = []
        self.section = ""
        self.indications = indications or {}
        """Indication id -> condition, so a regimen is named by what it treats, not its id."""

    def segment(self, entry: _Entry, item: Any) -> str:
        """How a matched entry is named in a change's path: a regimen by its indications,
        population, routes and regions (its id last); a dose adjustment with its regions."""
        if isinstance(item, m.Regimen):
            conditions = "; ".join(self.indications.get(i, i) for i in item.indications)
            p = item.population
            who = ", ".join(x for x in (p.description or p.group, f"age {_range(p.age)}" if p.age else "",
                                        f"weight {_range(p.weight)}" if p.weight else "") if x)
            return f"{conditions}, {who}, {', '.join(item.routes)}{_regions(item)} ({item.id})"
        return entry.segment(item) + (_regions(item) if isinstance(item, m.DoseAdjustment) else "")

    def emit(self, kind: Kind, path: Sequence[str], detail: str) -> None:
        """Record one change at a path such as ["dosing", "sma-adult", "loading"]."""
        text = f"{' > '.join(path)}: {detail}" if path else detail
        self.changes.append(Change(self.monograph, kind, self.section, text))

    def compare_model(self, old: BaseModel, new: BaseModel, path: list[str]) -> None:
        """Field-by-field comparison of two versions of the same part; a part whose values
        changed while its words did not is flagged (the words may now say the old value)."""
        changed = False
        for name in field_order(type(new)):
            if name in _IGNORED:
                continue
            if getattr(old, name) != getattr(new, name) and name not in _WORDS_FIELDS:
                changed = True
            self.compare_field(name, getattr(old, name), getattr(new, name), path)
        words = next((f for f in _WORDS_FIELDS if f in type(new).model_fields), None)
        if changed and words and getattr(new, words) and getattr(old, words) == getattr(new, words):
            self.emit("changed", path, f"values changed but the {_label(words)} did not: "
                                       f"\"{_short(str(getattr(new, words)), 80)}\"; check it still matches")

    def compare_field(self, name: str, old: Any, new: Any, path: list[str]) -> None:
        """Compare one field's two values."""
        if old == new:
            return
        label = _label(name)
        if isinstance(old, list) or isinstance(new, list):
            self.compare_list(name, old or [], new or [], path)
        elif old is None:
            shown = "" if _is_section(new) else f": {_show(new, label)}"
            self.emit("added", path, f"{label} added{shown}")
        elif new is None:
            shown = "" if _is_section(old) else f" (was {_show(old, label)})"
            self.emit("removed", path, f"{label} removed{shown}")
        elif isinstance(new, BaseModel) and type(new) not in _VALUES:
            self.compare_model(old, new, [*path, label])
        else:
            before, after = _show(old, label), _show(new, label)
            if before == after and isinstance(new, BaseModel):
                self.compare_model(old, new, [*path, label])  # a difference the summary hides
            elif isinstance(new, str) and isinstance(old, str) and (" " in old or " " in new):
                if len(old) > 80 or len(new) > 80:
                    self.emit("changed", path, f"{label} reworded: \"{_short(new, 80)}\"")
                else:
                    self.emit("changed", path, f"{label} \"{old}\" -> \"{new}\"")
            else:
                self.emit("changed", path, f"{label} {before} -> {after}")

    def compare_list(self, name: str, old: list[Any], new: list[Any], path: list[str]) -> None:
        """Compare two lists: entries matched by key, scalars as sets."""
        sample = (new or old)[0]
        label = _label(name)
        if not isinstance(sample, BaseModel):
            if all(isinstance(x, str) and " " not in x and len(x) <= 40 for x in [*old, *new]):
                self.emit("changed", path, f"{label} {_show(old)} -> {_show(new)}")
                return
            noun = _NOUNS.get(name, label)
            for item in old:
                if item not in new:
                    self.emit("removed", path, f"{noun} removed: {_show(item)}")
            for item in new:
                if item not in old:
                    self.emit("added", path, f"{noun} added: {_show(item)}")
            return
        entry = _ENTRIES.get(type(sample))
        if entry is None:  # not expected: every listed part has an entry; compare by position
            entry = _Entry(label, lambda x: repr(x), lambda x: label, _summary)
        old_by, new_by = _keyed(old, entry), _keyed(new, entry)
        inner = [*path, label] if not path else path
        for key, item in old_by.items():
            if key not in new_by:
                self.emit("removed", path, f"{entry.noun} removed: {entry.summary(item)}")
        for key, item in new_by.items():
            if key not in old_by:
                self.emit("added", path, f"{entry.noun} added: {entry.summary(item)}")
            elif old_by[key] != item:
                self.compare_model(old_by[key], item, [*inner, self.segment(entry, item)])


def _keyed(items: list[Any], entry: _Entry) -> dict[str, Any]:
    """Entries by key; a repeated key gets a ' #2' suffix so every entry is compared."""
    out: dict[str, Any] = {}
    for item in items:
        key = entry.key(item)
        n = 2
        unique = key
        while unique in out:
            unique = f"{key} #{n}"
            n += 1
        out[unique] = item
    return out


def _key_facts(new: m.Monograph) -> list[Change]:
    """What a reviewer checks first in a new monograph: its names, every regimen with its
    phases, the dose adjustments, storage, boxed warnings and contraindications."""
    differ = _Differ(new.id, {i.id: i.condition for i in new.indications})
    brands = ", ".join(b.name + _regions(b) for b in new.identity.brands)
    facts = [Change(new.id, "added", "", f"monograph added: {new.identity.generic_name}"
                    + (f" ({brands})" if brands else "") + f", status {new.review.status}")]
    for r in new.dosing:
        phases = "; ".join(_phase(p) for p in r.phases) or "no phases"
        facts.append(Change(new.id, "added", "dosing",
                            f"regimen {differ.segment(_ENTRIES[m.Regimen], r)}: {phases}"))
    for a in new.dose_adjustments:
        facts.append(Change(new.id, "added", "dose_adjustments",
                            "dose adjustment " + _ENTRIES[m.DoseAdjustment].summary(a) + _regions(a)))
    if new.storage:
        for c in new.storage.conditions:
            facts.append(Change(new.id, "added", "storage", "storage " + _ENTRIES[m.StorageCondition].summary(c)))
    for w in new.warnings:
        if w.boxed:
            facts.append(Change(new.id, "added", "warnings", f"boxed warning: {w.topic}{_regions(w)}"))
    if new.contraindications:
        for item in new.contraindications.items:
            facts.append(Change(new.id, "added", "contraindications",
                                f"contraindication: {item.condition}{_regions(item)}"))
    return facts


def diff_monographs(old: m.Monograph | None, new: m.Monograph | None) -> list[Change]:
    """Clinical changes from ``old`` to ``new`` (None stands for an absent monograph)."""
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        return _key_facts(new)
    if new is None:
        return [Change(old.id, "removed", "", "monograph removed")]
    differ = _Differ(new.id, {i.id: i.condition for i in new.indications})
    for name in field_order(m.Monograph):
        if name in _IGNORED:
            continue
        differ.section = name
        before, after = getattr(old, name), getattr(new, name)
        if isinstance(after, BaseModel) and isinstance(before, BaseModel) and before != after:
            differ.compare_model(before, after, [_label(name)])
        else:
            differ.compare_field(name, before, after, [])
    return differ.changes


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]])")


def md_escape(text: str) -> str:
    """Data as inline Markdown: no raw HTML, no emphasis, links, code or table breaks."""
    # Backslash escapes only for characters both CommonMark (GitHub) and Python-Markdown (mkdocs)
    # unescape; | and ~ become character references instead.
    escaped = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    return escaped.replace("|", "&#124;").replace("~", "&#126;")


def grouped(changes: list[Change]) -> dict[str, list[Change]]:
    """Changes grouped by monograph, in order."""
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.monograph, []).append(change)
    return grouped


def format_changes(changes: list[Change], fmt: str = "text") -> str:
    """Changes as plain text (one monograph per block) or as a Markdown section."""
    by_monograph = grouped(changes)
    if fmt == "markdown":
        lines = ["## Clinical changes", ""]
        if not changes:
            return "\n".join([*lines, "No clinical changes to the monographs.", ""])
        for monograph, items in by_monograph.items():
            lines += [f"### {md_escape(monograph)}", ""]
            lines += [f"- {md_escape(c.text)}" for c in items]
            lines.append("")
        return "\n".join(lines)
    if not changes:
        return "no clinical changes"
    blocks = []
    for monograph, items in by_monograph.items():
        blocks.append("\n".join([monograph, *(f"  {c.text}" for c in items)]))
    return "\n".join(blocks)


def diff_versions(old: dict[str, Version], new: dict[str, Version]) -> list[Change]:
    """Changes between two sets of files, matched by file name."""
    changes: list[Change] = []
    for stem in sorted(set(old) | set(new)):
        before, after = old.get(stem), new.get(stem)
        for side, version in (("old", before), ("new", after)):
            if version is not None and version.model is None:
                changes.append(Change(stem, "changed", "", f"the {side} version does not validate "
                                      f"({version.problems} problem(s)); run monographs validate"))
        if (before is not None and before.model is None) or (after is not None and after.model is None):
            continue
        found = diff_monographs(before.model if before else None, after.model if after else None)
        changes += [replace(c, monograph=stem) for c in found]
    return changes


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------


def _repo_root(start: Path) -> Path:
    """The top folder of the git repository containing ``start``."""
    return Path(run_git(start, "rev-parse", "--show-toplevel").decode().strip())


def _read_side(spec: str, subdir: str) -> dict[str, Version]:
    """One side of ``diff``: a folder if one exists by that name, else a git revision."""
    path = Path(spec)
    if path.is_dir():
        return read_folder(path)
    return read_revision(_repo_root(Path.cwd()), spec, subdir)


def _cmd_diff(args: argparse.Namespace) -> int:
    """Run ``monographs diff``: 0 with the report, 2 when a side cannot be read."""
    try:
        old = _read_side(args.old, args.dir)
        new = _read_side(args.new, args.dir)
    except GitError as exc:
        print(f"monographs: '{args.old}' / '{args.new}' are neither folders nor git revisions "
              f"({exc})", file=sys.stderr)
        return 2
    print(format_changes(diff_versions(old, new), args.format))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``diff OLD NEW [--format text|markdown]`` to the ``monographs`` command."""
    p = subparsers.add_parser("diff", help="clinical changes between two folders or git revisions")
    p.add_argument("old", metavar="OLD", help="folder or git revision (e.g. origin/main)")
    p.add_argument("new", metavar="NEW", help="folder or git revision (e.g. HEAD)")
    p.add_argument("--format", choices=["text", "markdown"], default="text")
    p.add_argument("--dir", default=MONOGRAPH_DIR,
                   help="monograph folder inside the repository, for revisions (default: monographs)")
    p.set_defaults(func=_cmd_diff)
