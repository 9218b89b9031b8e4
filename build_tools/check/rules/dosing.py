"""Dosing rules: doses say how much exactly once, and phases form a schedule a program can follow."""

from __future__ import annotations

from build_tools.check.rules import FileContext, rule
from build_tools.model import Dose, MissedDose


@rule("dose-amount", "A dose gives exactly one of 'amount' or 'range'.")
def dose_amount(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if isinstance(node, Dose) and (node.amount is None) == (node.range is None):
            which = "both 'amount' and 'range'" if node.amount else "neither 'amount' nor 'range'"
            ctx.report(path, "dose-amount",
                       f"the dose gives {which}; give exactly one (amount for a single value, "
                       "range for low-high)")


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
            if phase.kind != "single" and repeated and phase.frequency is None:
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
            if previous.count is None and previous.duration is None:
                ctx.report(here, "phase-order",
                           f"phase '{phase.id}' follows '{previous.id}', which never ends (no "
                           f"count or duration); give '{previous.id}' a count or duration")
            elif phase.start_after is None:
                ctx.report(here, "phase-order",
                           f"phase '{phase.id}' does not say when it starts; add 'start_after' "
                           f"(time after the last dose of '{previous.id}')")


@rule("missed-dose-window", "A 'give-if-within-window' missed-dose rule states its window.")
def missed_dose_window(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if isinstance(node, MissedDose) and node.action == "give-if-within-window" and not node.window:
            ctx.report((*path, "action"), "missed-dose-window",
                       "action 'give-if-within-window' needs a 'window' (e.g. value: 6, unit: h)")
