"""Quantity rules: units, ranges, temperature scales and incidence bands agree."""

from __future__ import annotations

from build_tools.check.rules import FileContext, rule
from build_tools.compute.bands import band_for
from build_tools.model import (
    AdverseReaction,
    Excursion,
    InUseLimit,
    Quantity,
    QuantityRange,
    StorageCondition,
)
from build_tools.model.units import ALIASES, celsius_to_fahrenheit, kind_of

#: Field name -> the unit kind it must have.
_EXPECTED_KIND = {
    "temperature": "celsius",
    "temperature_f": "fahrenheit",
    "weight": "mass",
    "age": "time",
    "offset": "time",
    "duration": "time",
}


def _fmt(x: float) -> str:
    return f"{x:g}"


@rule("unit-allowed", "Units are UCUM codes from the allowed set, of the kind the field needs.")
def unit_allowed(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, (Quantity, QuantityRange)):
            continue
        kind = kind_of(node.unit)
        if kind is None:
            guess = ALIASES.get(node.unit) or ALIASES.get(node.unit.lower())
            hint = f"did you mean '{guess}'? " if guess else ""
            ctx.report((*path, "unit"), "unit-allowed",
                       f"unit '{node.unit}' is not an allowed UCUM code; {hint}the allowed "
                       "codes are listed in the schema reference (mg, ug, mL, mg/kg, h, d, Cel, ...)")
            continue
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        expected = _EXPECTED_KIND.get(field)
        if expected and kind != expected:
            example = {"celsius": "Cel", "fahrenheit": "[degF]", "mass": "kg",
                       "time": "min, h, d, wk, mo or a"}[expected]
            ctx.report((*path, "unit"), "unit-allowed",
                       f"'{field}' needs a {expected} unit ({example}), not '{node.unit}'")


@rule("range-order", "In every range, low is not greater than high.")
def range_order(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if isinstance(node, QuantityRange) and node.low is not None and node.high is not None:
            if node.low > node.high:
                ctx.report((*path, "low"), "range-order",
                           f"range is reversed: low {_fmt(node.low)} is greater than high "
                           f"{_fmt(node.high)}; swap them")


@rule("temperature-scales", "Celsius and Fahrenheit forms of one temperature agree (within 1 °F).")
def temperature_scales(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, (StorageCondition, Excursion, InUseLimit)):
            continue
        c, f = node.temperature, node.temperature_f
        if c is None or f is None or c.unit != "Cel" or f.unit != "[degF]":
            continue
        for end in ("low", "high"):
            cv, fv = getattr(c, end), getattr(f, end)
            if (cv is None) != (fv is None):
                ctx.report((*path, "temperature_f"), "temperature-scales",
                           f"the Celsius and Fahrenheit ranges differ in which ends they give "
                           f"('{end}' is in only one); give the same ends in both")
            elif cv is not None and fv is not None:
                expected = celsius_to_fahrenheit(cv)
                if abs(expected - fv) > 1.0:
                    ctx.report((*path, "temperature_f", end), "temperature-scales",
                               f"{_fmt(cv)} °C is {_fmt(round(expected, 1))} °F, but the "
                               f"Fahrenheit {end} is {_fmt(fv)} °F; correct one of them")



@rule("percent-band", "An adverse reaction's band agrees with its percentage.")
def percent_band(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, AdverseReaction) or node.percent is None:
            continue
        expected = band_for(node.percent)
        if node.band == "not-reported":
            ctx.report((*path, "band"), "percent-band",
                       f"band 'not-reported' means the source gives no incidence, but percent is "
                       f"{_fmt(node.percent)}; use band '{expected}' or drop percent")
        elif node.band == "postmarketing":
            ctx.report((*path, "band"), "percent-band",
                       f"band 'postmarketing' is for reactions without a trial incidence, but "
                       f"percent is {_fmt(node.percent)}; use band '{expected}' or drop percent")
        elif node.band != expected:
            ctx.report((*path, "band"), "percent-band",
                       f"{_fmt(node.percent)}% belongs in band '{expected}', not '{node.band}'")
