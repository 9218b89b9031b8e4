"""Schedule summaries: calendar-free day offsets of a regimen's doses, and the phases an app must
lay out itself, described in words. The export's ``computed.schedules`` is made here.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

from build_tools.compute.schedule import exact_offsets, fixed_day_offsets, open_ended
from build_tools.compute.words import cycle_text, duration_text, number_text, weekdays_text
from build_tools.model import Duration, Phase, Regimen
from build_tools.model.tree import json_dump, pointer
from build_tools.model.units import CALENDAR_UNITS, SECONDS_PER_UNIT

JSON = Any
#: Most day offsets listed per phase; the rest of a longer phase is described, not listed.
OFFSET_LIMIT = 100


def _exact_seconds(duration: Duration) -> Fraction | None:
    """A duration in seconds, or None for calendar months and years."""
    if duration.unit in CALENDAR_UNITS:
        return None
    return Fraction(str(duration.value)) * SECONDS_PER_UNIT[duration.unit]


_open_ended = open_ended


def phase_dose_count(phase: Phase) -> int | None:
    """Doses in a phase, or None when it never ends or its length depends on the calendar."""
    if phase.cycle is not None or (phase.frequency is not None and phase.frequency.on_weekdays):
        offsets = exact_offsets(phase)
        return None if offsets is None or open_ended(phase) else sum(1 for _ in offsets)
    freq = phase.frequency
    if freq is None:
        return 1
    if _open_ended(phase):
        return None
    step = _exact_seconds(freq.every)
    length = _exact_seconds(phase.duration) if phase.duration else None
    if phase.duration is not None and (step is None or length is None):
        return None
    if length is None or step is None:
        return phase.count
    if step == 0:  # "every 0 d" has no end by length; only a count could end it
        return None
    by_length = math.ceil(length / (step / freq.times))
    return by_length if phase.count is None else min(phase.count, by_length)


def describe_phase(phase: Phase, listed: int, start_day: float | None) -> str:
    """A phase in words, for the doses an app must compute itself."""
    parts = []
    if start_day is not None:
        parts.append(f"first dose on day {number_text(start_day)}")
    elif phase.start_after is not None:
        parts.append(f"first dose {duration_text(phase.start_after)} after the previous dose")
    freq = phase.frequency
    if phase.cycle is not None:
        parts.append(f"then {cycle_text(phase.cycle)}")
    elif freq is None:
        parts.append("a single dose")
    else:
        how = f"every {duration_text(freq.every)}"
        if freq.times > 1:
            how = f"{freq.times} doses {how}"
        if freq.every_up_to is not None:
            how += f" to {duration_text(freq.every_up_to)}"
        if freq.on_weekdays is not None:
            how += f" {weekdays_text(freq.on_weekdays)}"
        parts.append(f"then {how}{' as needed' if freq.as_needed else ''}")
    if phase.count is not None:
        parts.append(f"{phase.count} dose{'' if phase.count == 1 else 's'} in all")
    if phase.duration is not None:
        parts.append(f"for {duration_text(phase.duration)}")
    if _open_ended(phase) and (freq is not None or phase.cycle is not None):
        parts.append("with no set end")
    if listed:
        parts.append(f"the first {listed} listed in day_offsets")
    return f"{phase.id} ({phase.kind}): " + ", ".join(parts)


def _continuation(phase: Phase, path: tuple[str | int, ...], listed: int,
                  first: dict[str, JSON] | None) -> dict[str, JSON]:
    """A phase (or its remainder) that day offsets do not cover."""
    units = [d.unit for d in (phase.start_after, phase.duration) if d is not None]
    if phase.frequency is not None:
        units.append(phase.frequency.every.unit)
    if phase.cycle is not None:
        units.append(phase.cycle.length.unit)
    entry: dict[str, JSON] = {
        "path": pointer(path),
        "phase": phase.id,
        "kind": phase.kind,
        "listed_doses": listed,
        "open_ended": _open_ended(phase) and (phase.frequency is not None or phase.cycle is not None),
        "calendar_units": any(u in CALENDAR_UNITS for u in units),
        "description": describe_phase(phase, listed, first["day"] if first else None),
    }
    if first is not None:
        entry["start_day"], entry["start_seconds"] = first["day"], first["seconds"]
    optional = {"start_after": phase.start_after, "frequency": phase.frequency,
                "cycle": phase.cycle, "duration": phase.duration}
    for key, value in optional.items():
        if value is not None:
            entry[key] = json_dump(value)
    if phase.count is not None:
        entry["count"] = phase.count
    return entry


def _exact_number(x: Fraction) -> int | float:
    """An exact fraction as a JSON number (an int when integral)."""
    return x.numerator if x.denominator == 1 else float(x)


def _timed(phase: Phase, offsets: list[dict[str, Any]], start: Fraction | None
           ) -> tuple[list[dict[str, JSON]], Fraction | None]:
    """A phase's listed doses with exact offsets in seconds, and the last one's offset."""
    # Only doses whose day agrees with the schedule rules are kept: a listing built on a wrong
    # earlier dose is dropped, and those doses are described in the continuation instead.
    exact = exact_offsets(phase)
    expected = list(itertools.islice(exact, len(offsets))) if exact is not None else [Fraction(0)]
    out: list[dict[str, JSON]] = []
    last = None
    for o in offsets:
        if start is None or o["dose"] > len(expected):
            break
        seconds = start + expected[o["dose"] - 1]
        if o["dose"] != len(out) + 1 or abs(float(seconds) / 86400 - o["day"]) > 1e-6:
            break
        out.append({**o, "seconds": _exact_number(seconds)})
        last = seconds
    return out, last


def schedule_summary(regimen: Regimen, path: tuple[str | int, ...]) -> dict[str, JSON]:
    """Calendar-free day offsets of a regimen's doses, then the phases an app must lay out."""
    offsets: list[dict[str, Any]] = fixed_day_offsets(regimen, OFFSET_LIMIT)
    listed: list[dict[str, JSON]] = []
    rest: list[dict[str, JSON]] = []
    pos = 0
    start: Fraction | None = Fraction(0)
    last: Fraction | None = None
    for i, phase in enumerate(regimen.phases):
        mine = []
        while pos < len(offsets) and offsets[pos]["phase"] == phase.id:
            mine.append(offsets[pos])
            pos += 1
        here = (*path, "phases", i)
        if rest:
            rest.append(_continuation(phase, here, 0, None))
        else:
            if i > 0:
                gap = _exact_seconds(phase.start_after) if phase.start_after else None
                start = last + gap if last is not None and gap is not None else None
            total = phase_dose_count(phase)
            timed, end = _timed(phase, mine[:total] if total is not None else mine, start)
            last = end if timed else last
            listed += timed
            if total is None or len(timed) < total:
                first = timed[0] if timed else ({"day": 0, "seconds": 0} if i == 0 else None)
                rest.append(_continuation(phase, here, len(timed), first))
        if _open_ended(phase):
            break
    # complete only when the listed days are the whole calendar: a regimen with no phases has none
    return {"path": pointer(path), "regimen": regimen.id, "day_offsets": listed,
            "continuation": rest, "complete": bool(listed) and not rest}

