"""Dose calendars computed from a regimen's structured phases.

Semantics (also in the README and the app developers' page):

* The first phase's first dose is at the start (day 0). Within a phase, dose *k* (0-based) is
  ``phase start + k x interval``, always counted from the phase start, never from the previous
  dose, so rounding in calendar months never drifts.
* A later phase starts ``start_after`` after the previous phase's last dose; one that starts
  when the previous phase's ``until`` event happens cannot be dated, so the calendar stops there.
* ``s``, ``min``, ``h``, ``d`` and ``wk`` are exact lengths. ``mo`` and ``a`` are calendar months
  and years: the same day of the month N months later, or the month's last day when that day does
  not exist (31 January + 1 month = 28 or 29 February). This is how clinics book "every 4 months"
  visits; UCUM's ``mo`` is a mean month (30.44 days), which would drift.
* ``times`` doses per period are spread evenly across the period (twice daily = every 12 h);
  a calendar-month period cannot be split and is reported as an error.
* A cycled phase repeats its cycle: cycle *c* (0-based) starts ``c x length`` after the phase
  start, and its doses fall on its dose days (day 1 is the cycle start) or form its run of doses.
* Doses on fixed weekdays fall on those weekdays from the start date on (the first dose on the
  first listed weekday on or after it); their day offsets depend on the start date, so only the
  first is calendar-free. A weekday the patient chooses once a week is every 7 days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from build_tools.model import Cycle, Duration, Phase, Regimen
from build_tools.model.units import CALENDAR_UNITS, SECONDS_PER_UNIT


class ScheduleError(ValueError):
    """The regimen cannot be laid out as a calendar (explains why)."""


@dataclass(frozen=True)
class ScheduledDose:
    """One dose in a calendar."""

    phase: str
    number: int
    when: dt.datetime


def add_months(when: dt.datetime, months: int) -> dt.datetime:
    """Same day-of-month ``months`` later, clamped to the last day of a shorter month."""
    month_index = when.month - 1 + months
    year, month = when.year + month_index // 12, month_index % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def shift(when: dt.datetime, value: float, unit: str) -> dt.datetime:
    """``when`` moved forward by a duration, using calendar months and years for mo and a."""
    if unit in CALENDAR_UNITS:
        months = value * (12 if unit == "a" else 1)
        if months != int(months):
            raise ScheduleError(f"{value:g} {unit} is not a whole number of calendar months")
        return add_months(when, int(months))
    return when + dt.timedelta(seconds=value * SECONDS_PER_UNIT[unit])


def _step(duration: Duration, times: int) -> tuple[float, str]:
    if times == 1:
        return duration.value, duration.unit
    if duration.unit in CALENDAR_UNITS:
        raise ScheduleError(
            f"{times} doses every {duration.value:g} {duration.unit} cannot be spread over "
            "calendar months; express the frequency in days or weeks"
        )
    seconds = duration.value * SECONDS_PER_UNIT[duration.unit] / times
    return seconds, "s"


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def open_ended(phase: Phase) -> bool:
    """True when a phase has no count, duration or number of cycles (it may end on an event)."""
    cycles = laid_out_cycles(phase.cycle) if phase.cycle is not None else None
    return phase.count is None and phase.duration is None and cycles is None


def laid_out_cycles(cycle: Cycle) -> int | None:
    """How many cycles a calendar lays out: 'cycles', or 'cycles_up_to' when only the most is
    given ("up to 6 cycles"); None when the cycles go on until an event or indefinitely."""
    return cycle.cycles if cycle.cycles is not None else cycle.cycles_up_to


def _cycle_numbers(cycle: Cycle) -> Iterator[int]:
    n = laid_out_cycles(cycle)
    return itertools.count() if n is None else iter(range(n))


def fixed_weekdays(phase: Phase) -> bool:
    """True when the doses fall on fixed weekdays or on several days the patient chooses: which
    day offsets they have depends on the start date."""
    w = phase.frequency.on_weekdays if phase.frequency is not None else None
    return w is not None and (bool(w.days) or (w.chosen or 0) > 1)


def cycle_points(cycle: Cycle) -> list[Fraction]:
    """Offsets in seconds of one cycle's doses from the cycle's start."""
    if cycle.block is not None:
        every = cycle.block.every
        if every.unit in CALENDAR_UNITS:
            raise ScheduleError("a run of doses within a cycle cannot be counted in calendar months")
        step = Fraction(str(every.value)) * SECONDS_PER_UNIT[every.unit]
        return [k * step for k in range(cycle.block.count)]
    return [Fraction(day - 1) * 86400 for day in cycle.dose_days]


def exact_offsets(phase: Phase) -> Iterator[Fraction] | None:
    """Offsets in seconds of a phase's doses from its start, when they do not depend on the
    calendar (None otherwise); unbounded for an open-ended phase."""
    units = [phase.duration.unit] if phase.duration is not None else []
    if phase.frequency is not None:
        units.append(phase.frequency.every.unit)
    if phase.cycle is not None:
        units.append(phase.cycle.length.unit)
    if fixed_weekdays(phase) or any(u in CALENDAR_UNITS for u in units):
        return None
    end = (Fraction(str(phase.duration.value)) * SECONDS_PER_UNIT[phase.duration.unit]
           if phase.duration is not None else None)
    return _bounded(_raw_offsets(phase), end, phase.count)


def _raw_offsets(phase: Phase) -> Iterator[Fraction]:
    if phase.cycle is not None:
        cycle = phase.cycle
        length = Fraction(str(cycle.length.value)) * SECONDS_PER_UNIT[cycle.length.unit]
        points = cycle_points(cycle)
        for c in _cycle_numbers(cycle):
            for point in points:
                yield c * length + point
        return
    if phase.frequency is None:
        yield Fraction(0)
        return
    every = phase.frequency.every
    step = Fraction(str(every.value)) * SECONDS_PER_UNIT[every.unit] / phase.frequency.times
    for k in itertools.count():
        yield k * step


def _bounded(offsets: Iterator[Fraction], end: Fraction | None, count: int | None
             ) -> Iterator[Fraction]:
    for n, offset in enumerate(offsets):
        if (count is not None and n >= count) or (end is not None and offset >= end):
            return
        yield offset


def _weekday_doses(phase: Phase, start: dt.datetime) -> Iterator[dt.datetime]:
    assert phase.frequency is not None and phase.frequency.on_weekdays is not None
    days = {WEEKDAYS.index(d) for d in phase.frequency.on_weekdays.days}
    if not days:
        raise ScheduleError(f"phase '{phase.id}': the patient chooses the weekdays, so the dates "
                            "cannot be laid out in advance")
    end = shift(start, phase.duration.value, phase.duration.unit) if phase.duration else None
    n, when = 0, start
    while phase.count is None or n < phase.count:
        if when.weekday() in days:
            if end is not None and when >= end:
                return
            yield when
            n += 1
        when += dt.timedelta(days=1)


def _cycle_doses(phase: Phase, cycle: Cycle, start: dt.datetime) -> Iterator[dt.datetime]:
    points = cycle_points(cycle)
    end = shift(start, phase.duration.value, phase.duration.unit) if phase.duration else None
    for c in _cycle_numbers(cycle):
        cycle_start = shift(start, cycle.length.value * c, cycle.length.unit)
        for point in points:
            when = cycle_start + dt.timedelta(seconds=float(point))
            if end is not None and when >= end:
                return
            yield when


def _phase_doses(phase: Phase, start: dt.datetime) -> Iterator[dt.datetime]:
    """Dose times of one phase; unbounded when the phase has no count and no duration."""
    if phase.cycle is not None:
        yield from _cycle_doses(phase, phase.cycle, start)
        return
    if phase.frequency is None:
        yield start
        return
    if fixed_weekdays(phase):
        yield from _weekday_doses(phase, start)
        return
    value, unit = _step(phase.frequency.every, phase.frequency.times)
    end = shift(start, phase.duration.value, phase.duration.unit) if phase.duration else None
    k = 0
    while phase.count is None or k < phase.count:
        when = shift(start, value * k, unit)
        if end is not None and when >= end:
            return
        yield when
        k += 1


def dose_calendar(regimen: Regimen, start: dt.datetime, limit: int) -> list[ScheduledDose]:
    """The first ``limit`` doses of a regimen started at ``start``."""
    if not regimen.phases:
        raise ScheduleError(f"regimen '{regimen.id}' has no phases to schedule")
    doses: list[ScheduledDose] = []
    phase_start = start
    for i, phase in enumerate(regimen.phases):
        if i > 0:
            if phase.start_after is None and regimen.phases[i - 1].until is not None:
                break  # it starts when the previous phase's event happens: no date to give
            if phase.start_after is None or not doses:
                raise ScheduleError(f"phase '{phase.id}' does not say when it starts")
            phase_start = shift(doses[-1].when, phase.start_after.value, phase.start_after.unit)
        for n, when in enumerate(_phase_doses(phase, phase_start), start=1):
            if len(doses) >= limit:
                return doses
            doses.append(ScheduledDose(phase.id, n, when))
        if open_ended(phase):
            break  # an open-ended phase never hands over to a next one
    return doses


@dataclass(frozen=True)
class SymbolicDose:
    """A dose offset as clinicians say it: ``day 58``, or ``day 58 + 4 months``."""

    phase: str
    number: int
    days: float
    months: int = 0
    extra_days: float = 0.0

    def label(self) -> str:
        """``Day 58``, ``Day 58 + 4 mo``, ``Day 58 + 4 mo + 14 d``."""
        text = f"Day {self.days:g}"
        if self.months:
            text += f" + {self.months} mo"
        if self.extra_days:
            text += f" + {self.extra_days:g} d"
        return text


def _advance(at: SymbolicDose, value: float, unit: str) -> tuple[float, int, float]:
    if unit in CALENDAR_UNITS:
        months = value * (12 if unit == "a" else 1)
        if months != int(months):
            raise ScheduleError(f"{value:g} {unit} is not a whole number of calendar months")
        return at.days, at.months + int(months), at.extra_days
    days = value * SECONDS_PER_UNIT[unit] / 86400
    if at.months:
        return at.days, at.months, at.extra_days + days
    return at.days + days, 0, 0.0


def symbolic_calendar(regimen: Regimen, limit: int) -> list[SymbolicDose]:
    """The first ``limit`` doses as day/month offsets from the first dose (no calendar needed)."""
    doses: list[SymbolicDose] = []
    anchor = SymbolicDose("", 0, 0.0)
    for i, phase in enumerate(regimen.phases):
        if i > 0:
            if phase.start_after is None and regimen.phases[i - 1].until is not None:
                break  # it starts when the previous phase's event happens: no day to give
            if phase.start_after is None or not doses:
                raise ScheduleError(f"phase '{phase.id}' does not say when it starts")
            anchor = SymbolicDose("", 0, *_advance(doses[-1], phase.start_after.value,
                                                   phase.start_after.unit))
        if fixed_weekdays(phase) and i > 0:
            break  # its first dose waits for a listed weekday: which day depends on the date
        if _calendar_bound(phase):
            if len(doses) < limit:  # its first dose is known; how many follow depends on the calendar
                doses.append(SymbolicDose(phase.id, 1, anchor.days, anchor.months, anchor.extra_days))
            break
        if phase.cycle is not None:
            doses += _symbolic_cycles(phase, phase.cycle, anchor, limit - len(doses))
            if open_ended(phase) or len(doses) >= limit:
                break
            continue
        freq = phase.frequency
        k = 0
        while phase.count is None or k < phase.count:
            if len(doses) >= limit or (freq is None and k > 0):
                break
            if freq is None or k == 0:
                at = anchor
            else:
                value, unit = _step(freq.every, freq.times)
                at = SymbolicDose("", 0, *_advance(anchor, value * k, unit))
            if phase.duration is not None and phase.duration.unit not in CALENDAR_UNITS and freq is not None:
                if (at.days + at.extra_days) - (anchor.days + anchor.extra_days) >= (
                        phase.duration.value * SECONDS_PER_UNIT[phase.duration.unit] / 86400):
                    break
            doses.append(SymbolicDose(phase.id, k + 1, at.days, at.months, at.extra_days))
            k += 1
        if open_ended(phase):
            break
    return doses


def _symbolic_cycles(phase: Phase, cycle: Cycle, anchor: SymbolicDose, room: int
                     ) -> list[SymbolicDose]:
    out: list[SymbolicDose] = []
    points = cycle_points(cycle)
    end = (phase.duration.value * SECONDS_PER_UNIT[phase.duration.unit] / 86400
           if phase.duration is not None else None)
    for c in _cycle_numbers(cycle):
        start = SymbolicDose("", 0, *_advance(anchor, cycle.length.value * c, cycle.length.unit))
        for point in points:
            at = _advance(start, float(point), "s")
            if len(out) >= room or (end is not None and at[0] + at[2] - anchor.days >= end):
                return out
            out.append(SymbolicDose(phase.id, len(out) + 1, *at))
    return out


def _calendar_bound(phase: Phase) -> bool:
    """True when how many doses a phase has, or their days, depend on the calendar (repeated
    doses for a duration in months or years, doses on fixed weekdays): symbolic offsets stop after
    its first dose."""
    if fixed_weekdays(phase):
        return True
    repeats = phase.frequency is not None or phase.cycle is not None
    return (repeats and phase.count is None and phase.duration is not None
            and phase.duration.unit in CALENDAR_UNITS)


def fixed_day_offsets(regimen: Regimen, limit: int = 100) -> list[dict[str, object]]:
    """Dose day offsets that do not depend on the calendar, for the export.

    Taken from ``symbolic_calendar`` (one implementation of the schedule rules) up to the first
    dose counted in calendar months; an open-ended phase contributes its first dose only, and
    apps lay out the rest from the structured phases.
    """
    out: list[dict[str, object]] = []
    for dose in symbolic_calendar(regimen, limit):
        if dose.months:
            break
        phase = next(p for p in regimen.phases if p.id == dose.phase)
        if dose.number > 1 and open_ended(phase):
            continue
        day = round(dose.days, 6)
        out.append({"phase": dose.phase, "dose": dose.number, "day": int(day) if day == int(day) else day})
    return out
