"""Dosing rules: doses say how much exactly once, and phases form a schedule a program can follow."""

from __future__ import annotations

from build_tools.check.rules import FileContext, rule
from build_tools.compute.doses import tiling_problems
from build_tools.compute.schedule import ScheduleError, fixed_day_offsets, symbolic_calendar
from build_tools.model import Companion, Dose, Frequency, MissedDose, Phase, Titration
from build_tools.model.units import SECONDS_PER_UNIT


@rule("dose-amount", "A dose gives exactly one of 'amount', 'range' or 'relative'.")
def dose_amount(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, Dose):
            continue
        given = [k for k in ("amount", "range", "relative") if getattr(node, k) is not None]
        if len(given) != 1:
            which = " and ".join(f"'{k}'" for k in given) if given else "none of 'amount', 'range' or 'relative'"
            ctx.report(path, "dose-amount",
                       f"the dose gives {which}; give exactly one (amount for a single value, "
                       "range for a range, relative for a fraction of another dose)")


@rule("dose-basis", "A total-per-period dose says its period (and no more divisions than its "
      "frequency gives); a per-administration dose has no period or divisions.")
def dose_basis(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, Dose):
            continue
        if node.basis != "total-per-period":
            for key in ("period", "divided_into", "divided_into_up_to"):
                if getattr(node, key) is not None:
                    ctx.report((*path, key), "dose-basis",
                               f"'{key}' belongs to a total over a period; use basis: "
                               "total-per-period, or remove it")
        elif node.basis == "total-per-period" and node.period is None:
            ctx.report((*path, "basis"), "dose-basis",
                       "a total-per-period dose needs 'period' (e.g. {value: 1, unit: d} for a daily total)")
        if node.basis == "rate" and node.caps and any(c.per == "dose" for c in node.caps):
            ctx.report((*path, "caps"), "dose-basis",
                       "a rate has no per-dose cap; give the highest rate as the range's upper end")
        if (node.divided_into is not None and node.divided_into_up_to is not None
                and node.divided_into_up_to < node.divided_into):
            ctx.report((*path, "divided_into_up_to"), "dose-basis",
                       f"divided_into_up_to ({node.divided_into_up_to}) is below divided_into "
                       f"({node.divided_into}); swap them")


@rule("titration-step", "A titration step says what it changes: each dose, the daily total or a rate.")
def titration_step(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if isinstance(node, Titration) and (node.step or node.step_range) and node.step_of is None:
            ctx.report(path, "titration-step",
                       "the titration gives a step but not what it changes; add step_of: "
                       "each-dose, daily-total or rate")


@rule("nomogram-rows", "A titration nomogram's rows share one unit and meet edge to edge, and "
      "each row's change agrees with its direction.")
def nomogram_rows(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, Titration) or not node.nomogram:
            continue
        rows, here = node.nomogram, (*path, "nomogram")
        units = {r.band.unit for r in rows}
        if len(units) > 1:
            ctx.report(here, "nomogram-rows",
                       f"the rows' bands are in different units ({', '.join(sorted(units))}); "
                       "use one unit for the measured value")
        else:
            for index, message in tiling_problems([r.band for r in rows]):
                ctx.report((*here, index, "band"), "nomogram-rows", f"nomogram rows: {message}")
        for i, r in enumerate(rows):
            if r.direction == "no-change" and r.change is not None:
                ctx.report((*here, i, "change"), "nomogram-rows",
                           "a row with direction no-change has no 'change'; remove it or set the "
                           "direction")
            if r.direction != "no-change" and r.change is None and r.text is None:
                ctx.report((*here, i, "direction"), "nomogram-rows",
                           f"the row says '{r.direction}' but not by how much; add 'change' (e.g. "
                           "{value: 2, unit: [iU]/kg/h}) or the label's words in 'text'")


@rule("phase-order", "Phases are coherent: an offset phase follows a phase with a known last dose, "
      "repeated doses have a frequency, and a single dose is one dose.")
def phase_order(ctx: FileContext) -> None:
    for r, regimen in enumerate(ctx.model.dosing):
        for i, phase in enumerate(regimen.phases):
            here = ("dosing", r, "phases", i)
            if phase.kind == "single" and phase.count not in (None, 1):
                ctx.report((*here, "count"), "phase-order",
                           f"a single-dose phase has count {phase.count}; use kind 'repeat' or "
                           "'loading' for several doses")
            repeated = phase.count is None or phase.count > 1
            continuous = phase.kind == "infusion" and phase.dose.basis == "rate"
            if phase.kind != "single" and not continuous and repeated and phase.frequency is None \
                    and phase.cycle is None:
                ctx.report(here, "phase-order",
                           f"phase '{phase.id}' has more than one dose but no 'frequency'; add "
                           "how often (e.g. times: 1, every: {value: 14, unit: d})")
            if i == 0:
                if phase.start_after is not None:
                    ctx.report((*here, "start_after"), "phase-order",
                               f"phase '{phase.id}' is the first phase, so there is no previous "
                               "dose to count 'start_after' from; remove it (the first dose is day 0)")
                continue
            previous = regimen.phases[i - 1]
            cycles = previous.cycle.cycles if previous.cycle is not None else None
            if previous.count is None and previous.duration is None and previous.until is None \
                    and cycles is None:
                ctx.report(here, "phase-order",
                           f"phase '{phase.id}' follows '{previous.id}', which never ends (no "
                           f"count, duration or 'until' event); give '{previous.id}' one of them")
            elif phase.start_after is None and previous.until is None:
                ctx.report(here, "phase-order",
                           f"phase '{phase.id}' does not say when it starts; add 'start_after' "
                           f"(time after the last dose of '{previous.id}')")


def _days(value: float, unit: str) -> float | None:
    """A length in days, or None for calendar months and years (no fixed length)."""
    return value * SECONDS_PER_UNIT[unit] / 86400 if unit in SECONDS_PER_UNIT else None


@rule("cycle-days", "A cycled phase gives dose days or a run of doses (not both), inside the "
      "cycle's length, and no frequency or count of its own.")
def cycle_days(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, Phase) or node.cycle is None:
            continue
        cycle, here = node.cycle, (*path, "cycle")
        for key in ("frequency", "count"):
            if getattr(node, key) is not None:
                ctx.report((*path, key), "cycle-days",
                           f"a cycled phase takes its doses from 'cycle'; remove '{key}' (give "
                           "the number of cycles as cycle.cycles)")
        if bool(cycle.dose_days) == (cycle.block is not None):
            ctx.report(here, "cycle-days", "a cycle gives either 'dose_days' (days 1 and 8) or "
                       "'block' (3 doses 12 h apart), exactly one of them")
        length = _days(cycle.length.value, cycle.length.unit)
        if cycle.dose_days != sorted(set(cycle.dose_days)):
            ctx.report((*here, "dose_days"), "cycle-days",
                       "dose days must be in increasing order with no repeats, e.g. [1, 8]")
        if length is not None:
            for i, day in enumerate(cycle.dose_days):
                if day > length:
                    ctx.report((*here, "dose_days", i), "cycle-days",
                               f"day {day} is after the end of a {length:g}-day cycle")
            if cycle.block is not None:
                span = _days(cycle.block.every.value * (cycle.block.count - 1), cycle.block.every.unit)
                if span is not None and span >= length:
                    ctx.report((*here, "block"), "cycle-days",
                               f"the run of {cycle.block.count} doses lasts {span:g} days, which "
                               f"does not fit in a {length:g}-day cycle")
        if cycle.block is not None and cycle.block.every.unit in ("mo", "a"):
            ctx.report((*here, "block", "every", "unit"), "cycle-days",
                       "doses in a run are spaced in exact time (h, d, wk), not calendar months "
                       "or years")
        if cycle.cycles_up_to is not None and cycle.cycles is not None and cycle.cycles_up_to < cycle.cycles:
            ctx.report((*here, "cycles_up_to"), "cycle-days",
                       f"cycles_up_to ({cycle.cycles_up_to}) is below cycles ({cycle.cycles}); swap them")


@rule("weekday-times", "Doses on weekdays repeat every week, and 'times' is the number of days.")
def weekday_times(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, Frequency) or node.on_weekdays is None:
            continue
        w = node.on_weekdays
        if bool(w.days) == (w.chosen is not None):
            ctx.report((*path, "on_weekdays"), "weekday-times",
                       "give either fixed 'days' (e.g. [mon, thu]) or 'chosen' (days the patient "
                       "picks), exactly one of them")
        if w.days and len(set(w.days)) != len(w.days):
            ctx.report((*path, "on_weekdays", "days"), "weekday-times", "a weekday is listed twice")
        if not (node.every.value == 1 and node.every.unit == "wk"):
            ctx.report((*path, "every"), "weekday-times",
                       "doses on weekdays repeat weekly; set every: {value: 1, unit: wk}")
        per_week = len(w.days) if w.days else w.chosen
        if per_week is not None and node.times != per_week:
            ctx.report((*path, "times"), "weekday-times",
                       f"'times' is {node.times} but the rule gives {per_week} day(s) a week; "
                       "make them equal")


@rule("companion-timing", "A companion medicine's timing is single doses in 'at' or a 'start' "
      "with a 'frequency' (and an optional 'end'), never both; with neither, its text says when.")
def companion_timing(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, Companion):
            continue
        if node.at and node.start is not None:
            ctx.report(path, "companion-timing",
                       f"companion '{node.id}' gives both 'at' (single doses) and 'start' "
                       "(repeated dosing); give one, or split it into two companions")
        if not node.at and node.start is None and node.frequency is not None:
            ctx.report((*path, "frequency"), "companion-timing",
                       f"companion '{node.id}' has a 'frequency' but no 'start'; say from when "
                       "(e.g. start: {anchor: first-dose, offset: {value: 0, unit: d}})")
        if node.start is not None and node.frequency is None:
            ctx.report((*path, "start"), "companion-timing",
                       f"companion '{node.id}' has a 'start' but no 'frequency'; say how often")
        if node.end is not None and node.start is None:
            ctx.report((*path, "end"), "companion-timing",
                       f"companion '{node.id}' has an 'end' but no 'start'")
        if node.every_cycles is not None and not node.at:
            ctx.report((*path, "every_cycles"), "companion-timing",
                       "'every_cycles' repeats the doses in 'at'; give 'at' too")


@rule("schedule-layout", "Every regimen's phases can be laid out as a calendar (what validates, "
      "builds: the page timeline and the export's day offsets use the same layout).")
def schedule_layout(ctx: FileContext) -> None:
    for r, regimen in enumerate(ctx.model.dosing):
        try:
            symbolic_calendar(regimen, 50)
            fixed_day_offsets(regimen, 50)
        except ScheduleError as exc:
            ctx.report(("dosing", r, "phases"), "schedule-layout",
                       f"regimen '{regimen.id}' cannot be laid out: {exc}")


@rule("missed-dose-window", "A 'give-if-within-window' missed-dose rule states its window.")
def missed_dose_window(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if isinstance(node, MissedDose) and node.action == "give-if-within-window" and not node.window:
            ctx.report((*path, "action"), "missed-dose-window",
                       "action 'give-if-within-window' needs a 'window' (e.g. value: 6, unit: h)")


@rule("storage-stated", "A storage condition without a temperature says its words in 'note'; an "
      "excursion gives either 'max_duration' or 'no_time_limit'.")
def storage_stated(ctx: FileContext) -> None:
    storage = ctx.model.storage
    if storage is None:
        return
    for i, c in enumerate(storage.conditions):
        if c.temperature is None and c.note is None:
            ctx.report(("storage", "conditions", i), "storage-stated",
                       "a condition with no temperature must give the label's words in 'note' "
                       "(e.g. Store at room temperature)")
        if c.temperature is None and c.temperature_f is not None:
            ctx.report(("storage", "conditions", i, "temperature_f"), "storage-stated",
                       "'temperature_f' is given without 'temperature'; give the Celsius range too")
    for i, e in enumerate(storage.excursions):
        if (e.max_duration is None) == (e.no_time_limit is None):
            which = "both" if e.max_duration is not None else "neither"
            ctx.report(("storage", "excursions", i), "storage-stated",
                       f"the excursion gives {which} of 'max_duration' and 'no_time_limit'; give one")
