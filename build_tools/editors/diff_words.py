"""Clinical diff, its words: how each value and each list entry is shown and matched across
versions (numbers exactly as stored, frequencies as the page says them)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from build_tools import model as m
from build_tools.compute.words import offset_text
from build_tools.model.units import TIME_UNITS, display_unit
from build_tools.site.display import value_range
from build_tools.site.dosing_text import caps_text, frequency_text

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
    """The page's words: ``twice a day``, ``every 14 days``, ``as needed, at least 4 h apart``."""
    return html.unescape(frequency_text(f))


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
#: Fields that say a part's values in words; the other fields' changes should reach them.
_WORDS_FIELDS = ("text", "description", "effect")
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
