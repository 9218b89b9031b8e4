"""Numbers and durations in words, for the texts the export and FHIR write (``4``, ``0.5``,
``14 days``, ``4 calendar months``). The site's own display of numbers is ``build_tools.site.display``.
"""

from __future__ import annotations

from decimal import Decimal

from build_tools.model import CompanionTime, Cycle, Duration, Weekdays

_UNIT_WORDS = {"s": "second", "min": "minute", "h": "hour", "d": "day", "wk": "week",
               "mo": "calendar month", "a": "calendar year"}


def number_text(x: float) -> str:
    """A number as people write it: 4, 0.5, 1.25 (no trailing zeros, no exponent)."""
    value = Decimal(repr(float(x)))
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def duration_text(d: Duration) -> str:
    """A duration in words: 1 day, 14 days, 4 calendar months (mo and a are calendar units)."""
    return f"{number_text(d.value)} {_UNIT_WORDS[d.unit]}{'' if d.value == 1 else 's'}"


_WEEKDAY_WORDS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
                  "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}


def series_text(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def weekdays_text(w: Weekdays) -> str:
    """``on Monday and Thursday each week``, ``on the same day each week, chosen by the patient``."""
    if w.days:
        return f"on {series_text([_WEEKDAY_WORDS[d] for d in w.days])} each week"
    if w.chosen == 1:
        text = "on the same day each week, chosen by the patient"
    else:
        text = f"on {w.chosen} days a week chosen by the patient"
    if w.min_gap is not None:
        text += f", at least {duration_text(w.min_gap)} apart"
    return text


def cycle_text(c: Cycle) -> str:
    """``day 1 and 8 of each 21-day cycle, 4 to 6 cycles``; ``3 doses 12 hours apart at the start
    of each 1-week cycle``."""
    length = f"{number_text(c.length.value)}-{_UNIT_WORDS[c.length.unit]}"
    if c.block is not None:
        text = (f"{c.block.count} doses {duration_text(c.block.every)} apart at the start of each "
                f"{length} cycle")
    else:
        days = series_text([str(d) for d in c.dose_days]) if c.dose_days else "?"
        text = f"day{'s' if len(c.dose_days) > 1 else ''} {days} of each {length} cycle"
    return text + (f", {cycles_text(c)}" if c.cycles is not None or c.cycles_up_to is not None else "")


def cycles_text(c: Cycle) -> str:
    """``4 cycles``, ``4 to 6 cycles``, ``up to 6 cycles``, ``1 cycle``."""
    if c.cycles is None:
        return f"up to {number_text(c.cycles_up_to or 0)} cycles"
    count = number_text(c.cycles)
    if c.cycles_up_to is not None:
        count += f" to {number_text(c.cycles_up_to)}"
    return f"{count} cycle{'' if c.cycles == 1 and c.cycles_up_to is None else 's'}"


_ANCHOR_WORDS = {"first-dose": "the first dose", "each-dose": "each dose",
                 "last-dose": "the last dose", "each-cycle": "the start of each cycle"}


def offset_text(t: CompanionTime) -> str:
    """``7 days before the first dose``, ``on the day of each dose``, ``1 day after each dose``."""
    anchor = _ANCHOR_WORDS[t.anchor]
    if t.offset.value == 0:
        return f"on the day of {anchor}" if t.offset.unit in ("d", "wk", "mo", "a") else f"with {anchor}"
    side = "before" if t.offset.value < 0 else "after"
    size = Duration(value=abs(t.offset.value), unit=t.offset.unit)
    return f"{duration_text(size)} {side} {anchor}"
