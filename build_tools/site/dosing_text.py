"""Dosing in clinical words, as escaped HTML text: doses with their basis and caps, frequencies,
targets, titration rules, adjustment criteria and changes. The page and the clinical diff share it.
"""

from __future__ import annotations

from collections.abc import Iterable

from build_tools.compute.words import cycle_text, offset_text, series_text, weekdays_text
from build_tools.model import (
    Cap,
    Change,
    Companion,
    CompanionTime,
    Criterion,
    Dose,
    EndEvent,
    Frequency,
    Phase,
    Regimen,
    Target,
    Titration,
)
from build_tools.site.display import band_range, esc, every_text, number, quantity, span, value_range
from build_tools.site.labels import END_EVENTS, OTHERWISE

CAP_SPANS = {"dose": "per dose", "day": "per day", "week": "per week", "course": "per course",
             "lifetime": "in a lifetime"}
RELATIVE_OF = {"previous-dose": "the previous dose", "previous-total-daily-dose":
               "the previous total daily dose", "usual-dose": "the usual dose",
               "previous-drug-dose": "the dose of the drug it replaces"}


def caps_text(caps: Iterable[Cap]) -> list[str]:
    """``max 4 g per day`` for each cap."""
    return [f"max {quantity(c.amount)} {CAP_SPANS[c.per]}" + (f" ({c.text})" if c.text else "")
            for c in caps]


def dose_text(dose: Dose) -> str:
    """``12 mg (5 mL)``; ``40 mg/kg per day, divided into 3 doses, max 2 g per dose``."""
    parts = []
    if dose.amount is not None:
        parts.append(quantity(dose.amount))
    elif dose.range is not None:
        parts.append(value_range(dose.range))
    elif dose.relative is not None:
        parts.append(f"{number(dose.relative.factor * 100)}% of {RELATIVE_OF[dose.relative.of]}")
    if dose.basis == "total-per-period" and parts:
        period = dose.period
        parts[0] += (" per day" if period is not None and period.unit == "d" and period.value == 1
                     else f" per {quantity(period)}" if period is not None else " in total")
        if dose.divided_into is not None:
            n = dose.divided_into
            if dose.divided_into_up_to is not None and dose.divided_into_up_to != n:
                parts[0] += f", divided into {n} to {dose.divided_into_up_to} doses"
            elif n == 1:
                parts[0] += ", as a single dose"
            else:
                parts[0] += f", divided into {n} doses"
    if dose.basis == "rate" and parts:
        parts[0] += " (infusion rate)"
    if dose.volume is not None:
        parts[-1:] = [f"{parts[-1]} ({quantity(dose.volume)})"] if parts else [quantity(dose.volume)]
    parts += caps_text(dose.caps)
    if dose.relative is not None and dose.relative.text:
        parts.append(dose.relative.text)
    if dose.rounding:
        parts.append(dose.rounding)
    return esc(", ".join(parts))


def frequency_text(freq: Frequency | None) -> str:
    """``every 14 days``, ``twice a day``, ``every 8 to 12 h``, ``as needed, at least 5 min apart``,
    ``twice a week on Monday and Thursday each week``."""
    if freq is None:
        return "once"
    if freq.on_weekdays is not None:
        base = _frequency_words(freq.model_copy(update={"on_weekdays": None}))
        w = freq.on_weekdays
        return base + esc(" " + weekdays_text(w) + (f" ({w.text})" if w.text else ""))
    return _frequency_words(freq)


def schedule_text(phase: Phase) -> str:
    """How often a phase's doses come: its cycle (without the number of cycles, which the extent
    gives) or its frequency."""
    if phase.cycle is not None:
        c = phase.cycle
        text = cycle_text(c.model_copy(update={"cycles": None, "cycles_up_to": None}))
        text = text[0].upper() + text[1:]
        if c.text and c.text.casefold().rstrip(".") != text.casefold():  # no echo of the same words
            text += f" ({c.text})"
        return esc(text)
    return frequency_text(phase.frequency)


def companion_text(c: Companion) -> str:
    """``Folic acid (supplement, required): 400 to 1000 mcg by mouth once a day, from 7 days before
    the first dose to 21 days after the last dose. <text>``."""
    how = [dose_text(c.dose)] if c.dose is not None else []
    if c.routes:
        how.append(esc(", ".join(c.routes)))
    if c.frequency is not None:
        how.append(frequency_text(c.frequency))
    when = []
    if c.start is not None:
        def bare(t: CompanionTime) -> str:  # "from the day of the first dose", not "from on the day"
            return offset_text(t).removeprefix("on ").removeprefix("with ")
        when.append(f"from {bare(c.start)}"
                    + (f" to {bare(c.end)}" if c.end is not None else ", throughout"))
    if c.at:
        when.append(series_text([offset_text(t) for t in c.at]))
    if c.every_cycles is not None:
        when.append(f"then every {c.every_cycles} cycles" if c.every_cycles > 1 else "then every cycle")
    head = f"<strong>{esc(c.medication)}</strong> ({esc(c.purpose)}, {esc(c.requirement)})"
    body = " ".join(how) + (", " if how and when else "") + esc(", ".join(when))
    return f"{head}: {body}. {esc(c.text)}"


def _frequency_words(freq: Frequency) -> str:
    every = span(freq.every, freq.every_up_to)
    if freq.as_needed:
        return esc(f"as needed, at least {every} apart")
    if freq.times == 1:
        if freq.every_up_to is None and freq.every.value == 1:
            return esc({"d": "once a day", "wk": "once a week", "mo": "once a month",
                        "h": "every hour", "a": "once a year"}.get(freq.every.unit, f"every {every}"))
        return esc(f"every {every}")
    per = ({"d": "a day", "wk": "a week", "h": "an hour"}.get(freq.every.unit)
           if freq.every_up_to is None and freq.every.value == 1 else None)
    times = {2: "twice", 3: "3 times", 4: "4 times"}.get(freq.times, f"{freq.times} times")
    return esc(f"{times} {per}" if per else f"{freq.times} times every {every}")


def target_text(t: Target) -> str:
    """``15 mg/L (within ≥ 10 and ≤ 20 mg/L)``, ``≥ 1.5 and ≤ 2.5 ratio``."""
    rng = band_range(t.range) if t.range is not None else ""
    if t.goal is None:
        return rng
    return quantity(t.goal) + (f" (within {rng})" if rng else "")


def end_event_text(e: EndEvent, regimen: Regimen) -> str:
    """``until the target is reached (aPTT ≥ 1.5 and ≤ 2.5 ratio) on 2 consecutive checks, by 12
    weeks, otherwise stop treatment: <text>`` (plain text; the caller escapes)."""
    text = f"until {END_EVENTS[e.event]}"
    goal = next((t for t in regimen.targets if t.id == e.target), None) if e.target else None
    if goal is not None:
        text += f" ({goal.parameter} {target_text(goal)})"
    if e.consecutive is not None:
        text += f" on {e.consecutive} consecutive check{'s' if e.consecutive != 1 else ''}"
    if e.by is not None:
        text += f", by {quantity(e.by)}"
    if e.otherwise is not None:
        text += f", otherwise {OTHERWISE[e.otherwise]}"
    return f"{text}: {e.text}"


def titration_text(t: Titration, regimen: Regimen) -> str:
    """``Increase by 25 mcg every 4 to 6 weeks, towards target TSH, until ...``."""
    verb = {"increase": "Increase", "decrease": "Decrease", "either": "Adjust"}[t.direction]
    if t.step_of is not None:
        verb += {"each-dose": " each dose", "daily-total": " the daily total", "rate": " the rate"}[t.step_of]
    if t.step is not None:
        verb += f" by {quantity(t.step)}"
    elif t.step_range is not None:
        verb += f" by {value_range(t.step_range)}"
    elif t.factor is not None:
        verb += f" by a factor of {number(t.factor)}"
    text = f"{verb} {every_text(t.interval, t.interval_up_to)}"
    if t.readings is not None:
        text += f", based on {t.readings} reading{'s' if t.readings != 1 else ''}"
    if t.target is not None:
        goal = next((x for x in regimen.targets if x.id == t.target), None)
        if goal is not None:
            text += f", towards {goal.parameter} {target_text(goal)}"
    text += "."
    if t.hold:
        text += f" Hold: {t.hold}"
    if t.until:
        text += f" Stop titrating when: {t.until}"
    return text


def criterion_text(crit: Criterion) -> str:
    """``CrCl ≥ 10 and ≤ 30 mL/min``, ``CYP2C9 *1/*3``, ``Child-Pugh B``."""
    parts = [crit.parameter or "", band_range(crit.range) if crit.range else "",
             crit.category or "", " ".join(x for x in (crit.gene, crit.genotype) if x),
             crit.phenotype or "", f"with {crit.medication}" if crit.medication else "",
             crit.text or ""]
    return " ".join(x for x in parts if x)


def change_text(change: Change) -> str:
    """``reduce: 2.5 mg twice a day``, ``not studied``, ``max 2000 mg per day``."""
    parts = [change.action.replace("-", " ")]
    if change.dose:
        parts.append(dose_text(change.dose))
    if change.frequency:
        parts.append(frequency_text(change.frequency))
    if change.factor is not None:
        parts.append(esc(f"× {number(change.factor)} of the usual dose"))
    parts += [esc(x) for x in caps_text(change.caps)]
    if change.text:
        parts.append(esc(change.text))
    return "; ".join(parts)
