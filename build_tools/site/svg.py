"""Inline SVG pictures built at build time: a dose-schedule timeline and a storage chart.

Each picture has a <title> and <desc> for screen readers and is paired by the renderer with a
text equivalent; all text inside is escaped. No scripts, no external references.
"""

from __future__ import annotations

import datetime as dt
import html

from build_tools.compute.schedule import ScheduleError, dose_calendar, symbolic_calendar
from build_tools.model import QuantityRange, Regimen, Storage
from build_tools.model.units import SECONDS_PER_UNIT
from build_tools.site.display import esc, number, quantity, value_range
from build_tools.site.dosing_text import frequency_text

#: Colour pairs that keep WCAG AA contrast against white and their own fills.
_PHASE_COLOURS = ["#1f4e79", "#7a3b00", "#1b5e20", "#6a1b9a", "#8c1d18", "#004d57"]
_REFERENCE_START = dt.datetime(2001, 1, 1)


def _daily_only(regimen: Regimen) -> bool:
    """One phase, repeating at most a day apart: a timeline of dots would say nothing the
    schedule's words do not."""
    if len(regimen.phases) != 1:
        return False
    freq = regimen.phases[0].frequency
    return (freq is not None and regimen.phases[0].cycle is None and freq.on_weekdays is None
            and freq.every.unit in SECONDS_PER_UNIT
            and freq.every.value * SECONDS_PER_UNIT[freq.every.unit] <= SECONDS_PER_UNIT["d"])


def _names(regimen: Regimen) -> dict[str, str]:
    """Each phase's name in words: its kind, numbered when the kind repeats ("Loading 2")."""
    kinds = [p.kind.replace("-", " ").capitalize() for p in regimen.phases]
    out = {}
    for p, kind in zip(regimen.phases, kinds, strict=True):
        n = kinds[: regimen.phases.index(p) + 1].count(kind)
        out[p.id] = f"{kind} {n}" if kinds.count(kind) > 1 else kind
    return out


def _day_label(label: str, day: float) -> str:
    """A symbolic label, with a part of a day said in hours ("Day 1 + 12 h", not "Day 1.5")."""
    if day != int(day) and label.startswith("Day ") and "." in label.split()[1]:
        hours = round((day - int(day)) * 24, 2)
        return f"Day {int(day)} + {number(hours)} h" + label[len(label.split()[0]) + 1 + len(label.split()[1]):]
    return label


def timeline(regimen: Regimen, svg_id: str, limit: int = 7) -> tuple[str, list[str]] | None:
    """An SVG dose timeline of the first doses and the matching text lines (None if no schedule,
    or for one phase given at most a day apart)."""
    if _daily_only(regimen):
        return None
    names = _names(regimen)
    try:  # a regimen with fewer than two doses has no timeline (checked below)
        labels = [d.label() for d in symbolic_calendar(regimen, limit)]
        # Symbolic labels stop where dose counts depend on the calendar; draw only those doses.
        doses = dose_calendar(regimen, _REFERENCE_START, limit)[:len(labels)]
    except ScheduleError:
        return None
    if len(doses) < 2:
        return None
    days = [(d.when - _REFERENCE_START).total_seconds() / 86400 for d in doses]
    span = max(days[-1], 1.0)
    width, left, right = 720, 40, 80
    scale = (width - left - right) / span
    phase_ids = list(dict.fromkeys(d.phase for d in doses))
    colour = {p: _PHASE_COLOURS[i % len(_PHASE_COLOURS)] for i, p in enumerate(phase_ids)}
    unit_word = "day" if span >= 2 else "hour"
    factor = 1 if unit_word == "day" else 24
    parts = [f'<line x1="{left}" y1="60" x2="{width - right}" y2="60" stroke="#444" stroke-width="2"/>']
    lines = []
    previous_x = -100.0
    for i, (dose, day) in enumerate(zip(doses, days, strict=True)):
        x = left + day * scale
        label = _day_label(labels[i], day) if unit_word == "day" else f"Hour {number(round(day * factor, 2))}"
        what = f"{names.get(dose.phase, dose.phase).lower()} dose {dose.number}"
        parts.append(f'<circle cx="{x:.1f}" cy="60" r="8" fill="{colour[dose.phase]}">'
                     f"<title>{esc(label)}: {esc(what)}</title></circle>")
        above = i % 2 == 1 and x - previous_x < 70
        y = 35 if above else 92
        parts.append(f'<text x="{x:.1f}" y="{y}" text-anchor="middle" font-size="12" fill="#222">'
                     f"{esc(label)}</text>")
        previous_x = x
        lines.append(f"{label}: {what}")
    legend_x = left
    for p in phase_ids:
        name = names.get(p, p)
        parts.append(f'<rect x="{legend_x}" y="112" width="12" height="12" fill="{colour[p]}"/>'
                     f'<text x="{legend_x + 16}" y="122" font-size="12" fill="#222">{esc(name)}</text>')
        legend_x += 24 + 8 * len(name)
    last = regimen.phases[-1]
    if last.count is None and last.duration is None and last.frequency is not None:
        lines.append(f"then {names.get(last.id, last.id).lower()} {html.unescape(frequency_text(last.frequency))}, continuing")
    title = f"Dose timeline for regimen {regimen.id}"
    svg = (
        f'<svg class="timeline" role="img" viewBox="0 0 {width} 135" aria-labelledby="{svg_id}-t {svg_id}-d" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{svg_id}-t">{esc(title)}</title>'
        f'<desc id="{svg_id}-d">{esc("; ".join(lines))}</desc>{"".join(parts)}</svg>'
    )
    return svg, lines


def storage_chart(storage: Storage, svg_id: str) -> tuple[str, list[str]] | None:
    """An SVG chart of allowed temperature bands with their time limits, and its text lines."""
    rows: list[tuple[str, str, QuantityRange, str]] = []
    for c in storage.conditions:
        if c.temperature is not None and c.temperature.unit == "Cel":
            rows.append((c.applies_to, c.kind.replace("-", " "), c.temperature, "storage"))
    for e in storage.excursions:
        if e.temperature.unit == "Cel":
            total = " in total" if e.cumulative else ""
            limit = (f"up to {quantity(e.max_duration)}{total}" if e.max_duration is not None
                     else "no time limit")
            rows.append((e.applies_to, limit, e.temperature, "excursion"))
    for u in storage.in_use:
        if u.temperature is not None and u.temperature.unit == "Cel":
            rows.append((f"{u.applies_to}, after {u.after.replace('-', ' ')}",
                         f"within {quantity(u.max_duration)}", u.temperature, "in-use"))
    if not rows:
        return None
    lo = min([-5.0] + [r[2].low for r in rows if r[2].low is not None])
    hi = max([35.0] + [r[2].high for r in rows if r[2].high is not None])
    width, label_w, row_h = 760, 270, 34
    scale = (width - label_w - 150) / (hi - lo)
    fills = {"storage": "#1f4e79", "excursion": "#7a3b00", "in-use": "#1b5e20"}
    parts, lines = [], []
    for i, (what, limit, temp, kind) in enumerate(rows):
        low, high = temp.low, temp.high
        label = f"{what}: {limit}"
        y = 10 + i * row_h
        x0 = label_w + ((low if low is not None else lo) - lo) * scale
        x1 = label_w + ((high if high is not None else hi) - lo) * scale
        short = what if len(what) <= 42 else what[:40] + "…"
        parts.append(f'<text x="4" y="{y + 17}" font-size="12" fill="#222">{esc(short)}</text>')
        parts.append(f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 3):.1f}" height="18" '
                     f'rx="3" fill="{fills[kind]}"/>')
        parts.append(f'<text x="{max(x1, x0 + 3) + 6:.1f}" y="{y + 17}" font-size="12" fill="#222">'
                     f"{esc(limit)}</text>")
        lines.append(f"{label}: {value_range(temp)}")
    axis_y = 10 + len(rows) * row_h + 4
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + (hi - lo) * scale:.1f}" '
                 f'y2="{axis_y}" stroke="#444"/>')
    tick = lo - lo % 10 + (10 if lo % 10 else 0)
    while tick <= hi:
        x = label_w + (tick - lo) * scale
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="#444"/>'
                     f'<text x="{x:.1f}" y="{axis_y + 18}" font-size="11" text-anchor="middle" '
                     f'fill="#222">{number(tick)} °C</text>')
        tick += 10
    height = axis_y + 26
    title = "Allowed storage temperatures and time limits"
    svg = (
        f'<svg class="storage-chart" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{svg_id}-t {svg_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{svg_id}-t">{esc(title)}</title><desc id="{svg_id}-d">{esc("; ".join(lines))}</desc>'
        f'{"".join(parts)}</svg>'
    )
    return svg, lines
