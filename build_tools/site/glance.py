"""Dosing at a glance: the first thing on a monograph page, one row per indication, population
and route with the dose, how often, the maximum, and the adjustments that change it. Regimens
that differ only in who they are for share a row ("Adults and children")."""

from __future__ import annotations

from build_tools.compute.scope import reaches
from build_tools.compute.words import duration_text
from build_tools.model import Monograph, Phase, Regimen
from build_tools.site.blocks import _regions, _table
from build_tools.site.display import band_range, esc
from build_tools.site.dosing_text import caps_text, criterion_text, dose_text, schedule_text


def _who(regimen: Regimen) -> str:
    pop = regimen.population
    who = pop.description or pop.group.capitalize()
    bands = [f"{label} {band_range(band)}" for label, band in
             (("age", pop.age), ("weight", pop.weight), ("BSA", pop.bsa)) if band is not None]
    return esc(", ".join([who, *bands]))


def _phase(phase: Phase, several: bool) -> str:
    text = f"{dose_text(phase.dose)} {schedule_text(phase)}"
    if phase.count and phase.count > 1:
        text += f", {phase.count} doses"
    if phase.start_after is not None:
        text += f", {esc(duration_text(phase.start_after))} after the previous dose"
    return f"<strong>{esc(phase.kind.replace('-', ' ').capitalize())}:</strong> {text}" if several else text


def _row(m: Monograph, regimen: Regimen) -> tuple[str, ...]:
    """The cells of one regimen except who it is for."""
    conditions = {i.id: i.condition for i in m.indications}
    indication = esc(" / ".join(conditions.get(i, i) for i in regimen.indications))
    several = len(regimen.phases) > 1
    dose = "<br>".join(_phase(p, several) for p in regimen.phases) or "see the regimen"
    caps = sorted({esc(c) for p in regimen.phases for c in caps_text(p.dose.caps)})
    kinds: dict[str, list[str]] = {}
    for a in m.dose_adjustments:
        if reaches(a, regimen) and a.change.action != "no-change":
            crit = a.criterion.model_copy(update={"text": None})
            kinds.setdefault(a.kind, []).append(
                f"{esc(criterion_text(crit) or a.criterion.text or '')}: {esc(a.change.action.replace('-', ' '))}"
                f"{_regions(a.regions)}")
    adjust = [f'<a href="#dose-adjustments">{esc(kind.capitalize())}</a>: ' + "; ".join(items)
              for kind, items in kinds.items()]
    route = esc(", ".join(regimen.routes))
    return (indication + _regions(regimen.regions), route, dose, "; ".join(caps) or "not stated",
            "<br>".join(adjust) or "none listed")


def glance_html(m: Monograph) -> str:
    """The at-a-glance table (HTML; empty for a monograph without regimens)."""
    if not m.dosing:
        return ""
    rows: dict[tuple[str, ...], list[Regimen]] = {}
    for regimen in m.dosing:
        rows.setdefault(_row(m, regimen), []).append(regimen)
    body = []
    for cells, regimens in rows.items():
        who = list(dict.fromkeys(_who(r) for r in regimens))
        together = who[0] if len(who) == 1 else ", ".join(who[:-1]) + " and " + who[-1]
        link = f'<a href="#regimen-{esc(regimens[0].id)}">{cells[0]}</a>'
        body.append([link, together, cells[1], cells[2], cells[3], cells[4]])
    return _table(["Indication", "Who", "Route", "Dose and how often", "Maximum", "Adjusted for"],
                  body, "glance")
