"""Plausibility rules: the mistakes that validate but mislead (an entry listed twice, a dose above
its own regimen's maximum, words that say another frequency than the structured value)."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from fractions import Fraction

from build_tools.check.rules import FileContext, rule
from build_tools.check.rules.corpus import name_key
from build_tools.model import Dose, Frequency, Phase, Quantity
from build_tools.model.units import SECONDS_PER_UNIT

Path_ = tuple[str | int, ...]


def _overlap(a: list[str], b: list[str]) -> bool:
    """Two region (or scope) lists overlap when either is everywhere (empty) or they share one."""
    return not a or not b or bool(set(a) & set(b))


def _twice(ctx: FileContext, items: Iterable[tuple[Path_, Hashable, list[str], str]], what: str) -> None:
    """Report each item whose key repeats an earlier one's with overlapping regions."""
    seen: list[tuple[Path_, Hashable, list[str], str]] = []
    for path, key, regions, detail in items:
        for other_path, other_key, other_regions, other_detail in seen:
            if key == other_key and _overlap(regions, other_regions):
                line = ctx.doc.locate(other_path)[0]
                differs = f" ({detail} here, {other_detail} there)" if detail != other_detail else ""
                ctx.report(path, "duplicate-entry",
                           f"{what} is listed twice for the same people and regions, also at line "
                           f"{line}{differs}; keep one entry (or scope each to its own population "
                           "or regions)")
                break
        seen.append((path, key, regions, detail))


@rule("duplicate-entry", "No adverse reaction, interaction, contraindication, synonym or category "
      "is listed twice for the same population and regions (two entries can disagree silently).")
def duplicate_entry(ctx: FileContext) -> None:
    m = ctx.model
    _twice(ctx, ((("adverse_reactions", i), (name_key(r.term), r.population or "", name_key(r.system)),
                  r.regions, _incidence(r.percent)) for i, r in enumerate(m.adverse_reactions)),
           "this adverse reaction")
    if m.interactions:
        _twice(ctx, ((("interactions", "items", i, "agent"),
                      (name_key(x.agent), tuple(x.indications), tuple(x.populations), tuple(x.regimens)),
                      x.regions, x.severity) for i, x in enumerate(m.interactions.items)),
               "this interaction")
    if m.contraindications:
        _twice(ctx, ((("contraindications", "items", i, "condition"),
                      (name_key(c.condition), tuple(c.indications), tuple(c.populations)),
                      c.regions, "") for i, c in enumerate(m.contraindications.items)),
               "this contraindication")
    for field in ("synonyms", "categories"):
        _twice(ctx, ((("identity", field, i), " ".join(v.casefold().split()), [], "")
                     for i, v in enumerate(getattr(m.identity, field))), f"this {field[:-1].replace('ie', 'y')}")


def _incidence(percent: float | None) -> str:
    return f"{percent:g}%" if percent is not None else "no percent"


def _amounts(dose: Dose) -> list[Quantity]:
    """The absolute amounts a per-administration dose can reach: its amount, or its range's top."""
    if dose.basis != "per-administration":
        return []
    if dose.amount is not None:
        return [dose.amount]
    if dose.range is not None and dose.range.high is not None:
        return [Quantity(value=dose.range.high, unit=dose.range.unit)]
    return []


def _per_day(freq: Frequency | None) -> Fraction | None:
    """Administrations per day of a regular frequency (None for calendar units or as needed)."""
    if freq is None or freq.every.unit not in SECONDS_PER_UNIT or freq.on_weekdays is not None:
        return None
    every = Fraction(str(freq.every.value)) * SECONDS_PER_UNIT[freq.every.unit]
    return Fraction(freq.times) * SECONDS_PER_UNIT["d"] / every


@rule("dose-above-cap", "No dose exceeds a maximum its own phase states (per dose, or per day "
      "at the phase's frequency), in the same unit.")
def dose_above_cap(ctx: FileContext) -> None:
    for r, regimen in enumerate(ctx.model.dosing):
        for p, phase in enumerate(regimen.phases):
            for amount in _amounts(phase.dose):
                value = Fraction(str(amount.value))
                per_day = _per_day(phase.frequency)
                for cap in phase.dose.caps:
                    if cap.amount.unit != amount.unit:
                        continue
                    limit = Fraction(str(cap.amount.value))
                    given, what = (value, "a dose") if cap.per == "dose" else (
                        (value * per_day, "a day at this frequency") if cap.per == "day" and per_day else (None, ""))
                    if given is None or given <= limit:
                        continue
                    ctx.report(("dosing", r, "phases", p, "dose"), "dose-above-cap",
                               f"{what} comes to {float(given):g} {amount.unit}, above the phase's "
                               f"maximum of {cap.amount.value:g} {cap.amount.unit} per {cap.per}; "
                               "correct the dose or the maximum")


#: Frequency words and the administrations per day they mean.
_WORDS: tuple[tuple[re.Pattern[str], Fraction], ...] = tuple(
    (re.compile(rf"\b(?:{pattern})\b", re.I), Fraction(per_day)) for pattern, per_day in (
        (r"once (?:a |per )?day|once daily|one time (?:a |per )?day|daily once|q\.?d\.?|every 24 hours", 1),
        (r"twice (?:a |per )?day|twice daily|two times (?:a |per )?day|two times daily|b\.?i\.?d\.?|every 12 hours", 2),
        (r"three times (?:a |per )?day|three times daily|t\.?i\.?d\.?|every 8 hours", 3),
        (r"four times (?:a |per )?day|four times daily|q\.?i\.?d\.?|every 6 hours", 4),
        (r"once (?:a |per )?week|once weekly|every week", "1/7"),
    ))
_ORDINAL = ("", "once daily", "twice daily", "three times daily", "four times daily")


def _said(per_day: Fraction) -> str:
    if per_day.denominator == 1 and 0 < per_day.numerator < len(_ORDINAL):
        return _ORDINAL[per_day.numerator]
    if per_day == Fraction(1, 7):
        return "once weekly"
    return f"{float(per_day):g} times a day"


@rule("text-contradicts", "A phase's text does not name another frequency than its structured "
      "frequency (\"once daily\" beside twice a day).", severity="warning")
def text_contradicts(ctx: FileContext) -> None:
    for r, regimen in enumerate(ctx.model.dosing):
        for p, phase in enumerate(regimen.phases):
            _check_phase(ctx, ("dosing", r, "phases", p), phase)


def _check_phase(ctx: FileContext, path: Path_, phase: Phase) -> None:
    structured = _per_day(phase.frequency)
    if structured is None or not phase.text or (phase.frequency and phase.frequency.every_up_to):
        return
    named = {per_day for pattern, per_day in _WORDS if pattern.search(phase.text)}
    if len(named) == 1 and structured not in named:
        word = next(iter(named))
        ctx.report((*path, "text"), "text-contradicts",
                   f"the text says {_said(word)}, but the frequency is {_said(structured)}; "
                   "make them agree (the structured frequency is what apps and the calendar use)",
                   "warning")
