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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from build_tools import model as m
from build_tools.compute.words import offset_text
from build_tools.editors.versions import MONOGRAPH_DIR, GitError, Version, read_folder, read_revision, run_git
from build_tools.model.tree import field_order
from build_tools.model.units import TIME_UNITS, display_unit
from build_tools.site.display import value_range
from build_tools.site.dosing_text import caps_text

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
# Showing values
# ---------------------------------------------------------------------------------------------


def _num(value: float) -> str:
    """A number exactly as stored, without a trailing zero (12, 0.5, 1e-07)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _unit(code: str) -> str:
    """A unit as the change report shows it: time units as codes (d, h), others in clinical form."""
    if code in TIME_UNITS:
        return "y" if code == "a" else code
    return display_unit(code)


def _with_unit(number: str, code: str) -> str:
    """A number and its unit (``12 mg``, ``5%``)."""
    shown = _unit(code)
    if not shown:
        return number
    return f"{number}{shown}" if shown == "%" else f"{number} {shown}"


def _quantity(q: m.Quantity | m.Duration) -> str:
    """``12 mg``, ``14 d``."""
    return _with_unit(_num(q.value), q.unit)


def _range(r: m.QuantityRange | None) -> str:
    """``2 to 8 °C``, ``≥ 10 and ≤ 30 mL/min``: the page's wording, every comparator shown."""
    return value_range(r) if r is not None else "no temperature stated"


def _dose(d: m.Dose) -> str:
    """``12 mg (5 mL), max 4 g per day``."""
    parts = [_quantity(d.amount) if d.amount else _range(d.range) if d.range
             else f"{_num(d.relative.factor)} × {d.relative.of}" if d.relative else "no amount"]
    if d.basis == "total-per-period":
        parts[0] += f" per {_quantity(d.period)}" if d.period else " in total"
        if d.divided_into:
            upto = f" to {d.divided_into_up_to}" if d.divided_into_up_to else ""
            parts[0] += f" in {d.divided_into}{upto} divided doses"
    if d.volume:
        parts[0] += f" ({_quantity(d.volume)})"
    parts += caps_text(d.caps)
    if d.rounding:
        parts.append(d.rounding)
    return ", ".join(parts)


def _frequency(f: m.Frequency) -> str:
    """``every 14 d``, ``2 times every 1 d as needed``."""
    every = _quantity(f.every)
    if f.every_up_to:
        every = f"{_num(f.every.value)} to {_quantity(f.every_up_to)}"
    text = f"every {every}" if f.times == 1 else f"{f.times} times every {every}"
    return text + (" as needed" if f.as_needed else "")


def _strength(s: m.Strength) -> str:
    """``12 mg/5 mL``, ``500 mg``."""
    return _quantity(s.amount) + (f"/{_quantity(s.per)}" if s.per else "")


def _population(p: m.Population) -> str:
    """``pediatric, Infants, age up to 2 y``."""
    parts: list[str] = [p.group]
    if p.description:
        parts.append(p.description)
    if p.age:
        parts.append(f"age {_range(p.age)}")
    if p.weight:
        parts.append(f"weight {_range(p.weight)}")
    if p.condition:
        parts.append(p.condition)
    return ", ".join(parts)


def _criterion(c: m.Criterion) -> str:
    """``creatinine clearance up to 30 mL/min``."""
    parts = [x for x in (c.parameter, _range(c.range) if c.range else None, c.category, c.text) if x]
    return " ".join(parts) or "any"


_COMPARATORS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def _threshold(t: m.Threshold) -> str:
    """``> 0.2 g/L: repeat the test``."""
    return f"{_COMPARATORS[t.comparator]} {_quantity(t.value)}: {t.action}"


def _timing(t: m.Timing) -> str:
    """``after-dose, 1 to 2 h``."""
    parts: list[str] = [t.when]
    if t.offset:
        parts.append(_range(t.offset))
    if t.interval:
        parts.append(f"every {_quantity(t.interval)}")
    if t.text:
        parts.append(t.text)
    return ", ".join(parts)


def _titration(t: m.Titration) -> str:
    """``25 mg every 2 wk until target``."""
    step = _quantity(t.step) if t.step else _range(t.step_range) if t.step_range else "steps"
    every = _quantity(t.interval) + (f" to {_quantity(t.interval_up_to)}" if t.interval_up_to else "")
    return f"{step} every {every}" + (f" until {t.until}" if t.until else "")


def _adjustment_change(c: m.Change) -> str:
    """``reduce, 10 mg, every 1 d``."""
    parts: list[str] = [c.action]
    if c.dose:
        parts.append(_dose(c.dose))
    if c.frequency:
        parts.append(_frequency(c.frequency))
    if c.factor is not None:
        parts.append(f"x{_num(c.factor)}")
    if c.text:
        parts.append(c.text)
    return ", ".join(parts)


def _none(n: m.NoneStatement) -> str:
    """``none (US): the labelling lists none``."""
    where = f" ({', '.join(n.regions)})" if n.regions else ""
    return "none" + where + (f": {n.note}" if n.note else "")


#: Parts shown as one value ("12 mg (5 mL)") rather than field by field.
_VALUES: dict[type[BaseModel], Callable[[Any], str]] = {
    m.Quantity: _quantity, m.Duration: _quantity, m.QuantityRange: _range, m.Dose: _dose,
    m.Frequency: _frequency, m.Strength: _strength, m.Population: _population,
    m.Criterion: _criterion, m.Threshold: _threshold, m.Timing: _timing, m.Titration: _titration,
    m.Change: _adjustment_change, m.NoneStatement: _none,
}


def _show(value: Any, label: str = "") -> str:
    """Any value as clinicians read it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        return _num(value) + ("%" if label == "incidence" else "")
    if isinstance(value, BaseModel) and type(value) in _VALUES:
        return _VALUES[type(value)](value)
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value) or "none"
    if isinstance(value, str):
        return value
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, BaseModel):
        return _summary(value)
    return str(value)


# ---------------------------------------------------------------------------------------------
# Naming list entries
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """How entries of one kind are matched across versions, named in a path, and summarised."""

    noun: str
    key: Callable[[Any], str]
    segment: Callable[[Any], str]
    summary: Callable[[Any], str]


def _regions(x: Any) -> str:
    """`` [US, CA]`` when a statement is limited to regions, else nothing."""
    return f" [{', '.join(x.regions)}]" if getattr(x, "regions", None) else ""


_BANDS = {"gt-10-percent": "> 10%", "1-to-10-percent": "1 to 10%", "lt-1-percent": "< 1%",
          "postmarketing": "postmarketing", "not-reported": "incidence not reported"}


def _reaction(a: m.AdverseReaction) -> str:
    """``Rash (5%)``, ``Angioedema (postmarketing)``."""
    if a.percent is not None:
        incidence = _num(a.percent) + "%"
    else:
        incidence = _BANDS.get(a.band, a.band)
    population = f", {a.population}" if a.population else ""
    return f"{a.term} ({incidence}{population})"


def _phase(p: m.Phase) -> str:
    """``maintenance (maintenance: 12 mg, every 4 mo)``."""
    parts = [_dose(p.dose)]
    if p.frequency:
        parts.append(_frequency(p.frequency))
    if p.count:
        parts.append(f"{p.count} dose{'s' if p.count != 1 else ''}")
    if p.duration:
        parts.append(f"for {_quantity(p.duration)}")
    return f"{p.id} ({p.kind}: {', '.join(parts)})"


def _pk(p: m.PkValue) -> str:
    """``half-life (plasma, terminal)``."""
    where = ", ".join(x for x in (p.compartment, p.phase, p.population) if x)
    return p.parameter + (f" ({where})" if where else "")


_ENTRIES: dict[type[BaseModel], _Entry] = {
    m.Brand: _Entry("brand", lambda b: b.name, lambda b: f"brand {b.name}",
                    lambda b: b.name + _regions(b)),
    m.DosageForm: _Entry("dosage form", lambda f: f"{f.form} {_strength(f.strength)}",
                         lambda f: f"{f.form} {_strength(f.strength)}",
                         lambda f: f"{f.form} {_strength(f.strength)} ({', '.join(f.routes)})" + _regions(f)),
    m.PkValue: _Entry("pharmacokinetic value", _pk, _pk,
                      lambda p: _pk(p) + ": " + (_quantity(p.value) if p.value else _range(p.range)
                                                 if p.range else "no value")),
    m.Indication: _Entry("indication", lambda i: i.id, lambda i: i.id,
                         lambda i: f"{i.id}: {i.condition}" + ("" if i.labeled else " (off-label)")),
    m.Contraindication: _Entry("contraindication", lambda c: c.condition, lambda c: c.condition,
                               lambda c: c.condition + _regions(c)),
    m.Regimen: _Entry("regimen", lambda r: r.id, lambda r: r.id,
                      lambda r: f"{r.id} ({_population(r.population)}; {', '.join(r.routes)})" + _regions(r)),
    m.Phase: _Entry("phase", lambda p: p.id, lambda p: p.id, _phase),
    m.Target: _Entry("target", lambda t: t.parameter, lambda t: f"target {t.parameter}",
                     lambda t: f"{t.parameter} {_range(t.range)}"),
    m.DoseAdjustment: _Entry("dose adjustment", lambda a: f"{a.kind}: {_criterion(a.criterion)}",
                             lambda a: f"{a.kind} adjustment ({_criterion(a.criterion)})",
                             lambda a: f"{a.kind}, {_criterion(a.criterion)}: {_adjustment_change(a.change)}"),
    m.MissedDose: _Entry("missed-dose rule", lambda d: ", ".join(d.phases) or "all phases",
                         lambda d: f"missed dose ({', '.join(d.phases) or 'all phases'})",
                         lambda d: f"{', '.join(d.phases) or 'all phases'}: {d.action}"),
    m.Step: _Entry("step", lambda s: s.text, lambda s: f"step '{_short(s.text)}'", lambda s: s.text),
    m.Consideration: _Entry("consideration", lambda c: c.topic or c.text,
                            lambda c: f"consideration '{_short(c.topic or c.text)}'",
                            lambda c: (f"{c.topic}: " if c.topic else "") + c.text + _regions(c)),
    m.StorageCondition: _Entry("condition", lambda s: s.applies_to,
                               lambda s: f"condition for {s.applies_to}",
                               lambda s: f"{s.applies_to}: {s.kind}, {_range(s.temperature)}" + _regions(s)),
    m.Excursion: _Entry("excursion", lambda e: e.applies_to,
                        lambda e: f"excursion for {e.applies_to}",
                        lambda e: f"{e.applies_to}: {_range(e.temperature)} for "
                                  + (f"up to {_quantity(e.max_duration)}" if e.max_duration
                                     else "no time limit") + _regions(e)),
    m.InUseLimit: _Entry("in-use limit", lambda u: f"{u.applies_to} / {u.after}",
                         lambda u: f"in-use limit for {u.applies_to} after {u.after}",
                         lambda u: f"{u.applies_to} after {u.after}: within {_quantity(u.max_duration)}"
                                   + _regions(u)),
    m.Interaction: _Entry("interaction", lambda i: i.agent, lambda i: f"interaction with {i.agent}",
                          lambda i: f"{i.agent} ({i.severity}): {i.effect}" + _regions(i)),
    m.AdverseReaction: _Entry("adverse reaction", lambda a: a.term + (f" / {a.population}" if a.population else ""),
                              lambda a: a.term, _reaction),
    m.SafetyWarning: _Entry("warning", lambda w: w.id, lambda w: w.id,
                            lambda w: ("boxed warning " if w.boxed else "") + f"{w.id}: {w.topic}"),
    m.Monitoring: _Entry("monitoring", lambda x: x.id, lambda x: x.id,
                         lambda x: f"{x.id}: {x.parameter}"),
    m.Source: _Entry("source", lambda s: s.id, lambda s: f"source {s.id}",
                     lambda s: f"{s.id}: {s.title} ({s.publisher})"),
    m.Reviewer: _Entry("reviewer", lambda r: r.name, lambda r: f"reviewer {r.name}",
                       lambda r: f"{r.name}, {r.role} ({r.date.isoformat()})"),
    m.Threshold: _Entry("threshold", _threshold, _threshold, _threshold),
    m.Companion: _Entry("companion medicine", lambda c: c.id, lambda c: f"companion {c.medication}",
                        lambda c: f"{c.medication} ({c.purpose}, {c.requirement}): {c.text}" + _regions(c)),
    m.CompanionTime: _Entry("time", offset_text, offset_text, offset_text),
    m.NomogramRow: _Entry("nomogram row", lambda r: value_range(r.band), lambda r: f"nomogram row {value_range(r.band)}",
                          lambda r: f"{value_range(r.band)}: {r.direction}"
                                    + (f" {_quantity(r.change)}" if r.change else "")
                                    + (f", bolus {_quantity(r.bolus)}" if r.bolus else "")
                                    + (f", hold {_quantity(r.hold)}" if r.hold else "")),
    m.Cap: _Entry("cap", lambda c: c.per, lambda c: f"cap per {c.per}",
                  lambda c: f"max {_quantity(c.amount)} per {c.per}"),
    m.Citation: _Entry("citation", lambda c: c.source, lambda c: f"citation of {c.source}",
                       lambda c: f"{c.source} ({c.locator})"),
    m.Timing: _Entry("timing", _timing, _timing, _timing),
    m.NotApplicable: _Entry("section marked not applicable", lambda n: n.section,
                            lambda n: n.section.replace("_", " "),
                            lambda n: f"{n.section.replace('_', ' ')}: {n.reason}"),
}

#: Names for fields where the field name is not the clinical word.
_LABELS = {
    "max_duration": "limit", "percent": "incidence", "temperature_f": "temperature (°F)",
    "start_after": "starts after", "min_interval": "minimum interval", "every_up_to": "up to every",
    "duration_up_to": "duration up to", "divided_into": "divided into",
    "divided_into_up_to": "divided into up to", "none_found": "none found",
    "none_listed": "none listed", "none_known": "none known", "applies_to": "applies to",
    "do_not_freeze": "do not freeze", "do_not_shake": "do not shake",
    "protect_from_light": "protect from light", "may_return": "may return to storage",
    "generic_name": "generic name", "avoid_sites": "sites to avoid",
    "common_side_effects": "common side effects", "seek_help_now": "seek help now",
    "dosage_forms": "dosage forms", "dose_adjustments": "dose adjustments",
    "missed_doses": "missed doses", "adverse_reactions": "adverse reactions",
    "pregnancy_lactation": "pregnancy and lactation", "patient_education": "patient education",
    "in_use": "in use",
}
#: Singular nouns for lists of plain-text items ("synonym added: ...").
_NOUNS = {
    "synonyms": "synonym", "categories": "category", "notes": "note", "actions": "action",
    "avoid_sites": "site to avoid", "uses": "use", "common_side_effects": "common side effect",
    "seek_help_now": "seek-help-now sign",
}
#: Not compared: citations, access dates and the change log describe the edit, not the drug.
_IGNORED = frozenset({"cite", "changes", "last_updated", "accessed"})


def _is_section(value: Any) -> bool:
    """A part shown field by field (storage, pharmacology...), not summarised in one line."""
    return isinstance(value, BaseModel) and type(value) not in _VALUES and type(value) not in _ENTRIES


def _label(name: str) -> str:
    """The clinical word for a field."""
    return _LABELS.get(name, name.replace("_", " "))


def _short(text: str, width: int = 60) -> str:
    """Text cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _summary(value: BaseModel) -> str:
    """A one-line summary of any part."""
    entry = _ENTRIES.get(type(value))
    if entry is not None:
        return entry.summary(value)
    if type(value) in _VALUES:
        return _VALUES[type(value)](value)
    return type(value).__name__.lower()


# ---------------------------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------------------------


class _Differ:
    """Collects the changes of one monograph."""

    def __init__(self, monograph: str) -> None:
        self.monograph = monograph
        self.changes: list[Change] = []
        self.section = ""

    def emit(self, kind: Kind, path: Sequence[str], detail: str) -> None:
        """Record one change at a path such as ["dosing", "sma-adult", "loading"]."""
        text = f"{' > '.join(path)}: {detail}" if path else detail
        self.changes.append(Change(self.monograph, kind, self.section, text))

    def compare_model(self, old: BaseModel, new: BaseModel, path: list[str]) -> None:
        """Field-by-field comparison of two versions of the same part."""
        for name in field_order(type(new)):
            if name in _IGNORED:
                continue
            self.compare_field(name, getattr(old, name), getattr(new, name), path)

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
                self.compare_model(old_by[key], item, [*inner, entry.segment(item)])


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


def diff_monographs(old: m.Monograph | None, new: m.Monograph | None) -> list[Change]:
    """Clinical changes from ``old`` to ``new`` (None stands for an absent monograph)."""
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        return [Change(new.id, "added", "", "monograph added")]
    if new is None:
        return [Change(old.id, "removed", "", "monograph removed")]
    differ = _Differ(new.id)
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
