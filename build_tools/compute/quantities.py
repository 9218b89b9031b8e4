"""Unit conversions: every temperature in both scales and every time in hours and days where the
conversion is exact, as the export's ``computed.quantities`` lists them.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Any

from pydantic import BaseModel

from build_tools.model import Duration, Monograph, Quantity, QuantityRange
from build_tools.model.tree import can_hold, collect, is_model, json_number, members, pointer
from build_tools.model.units import CALENDAR_UNITS, SECONDS_PER_UNIT, kind_of

JSON = Any


def _ends(node: Quantity | QuantityRange | Duration) -> dict[str, Fraction]:
    """The numbers of a quantity (value) or range (its ends, keyed by comparator) as fractions."""
    if isinstance(node, QuantityRange):
        ends = {"gte": node.gte, "gt": node.gt, "lte": node.lte, "lt": node.lt}
        return {k: Fraction(str(v)) for k, v in ends.items() if v is not None}
    return {"value": Fraction(str(node.value))}


def _decimal(x: Fraction) -> bool:
    """True when x is a decimal with at most 6 places (so it converts without rounding)."""
    return (x * 10**6).denominator == 1


def _as_numbers(ends: dict[str, Fraction]) -> dict[str, float]:
    """Fractions as JSON numbers (floats, integral ones as ints), end by end."""
    return {k: json_number(float(v)) for k, v in ends.items()}


def _temperature(unit: str, ends: dict[str, Fraction]) -> dict[str, dict[str, float]]:
    """Both scales: Celsius to Fahrenheit is exact; Fahrenheit to Celsius is rounded to 0.01."""
    if unit == "Cel":
        return {"Cel": _as_numbers(ends),
                "[degF]": _as_numbers({k: v * Fraction(9, 5) + 32 for k, v in ends.items()})}
    return {"[degF]": _as_numbers(ends),
            "Cel": {k: json_number(round(float((v - 32) * Fraction(5, 9)), 2))
                    for k, v in ends.items()}}


def _time(unit: str, ends: dict[str, Fraction]) -> dict[str, dict[str, float]]:
    """The written unit, plus hours and days where the conversion is exact."""
    out = {unit: _as_numbers(ends)}
    if unit in CALENDAR_UNITS or unit not in SECONDS_PER_UNIT:  # months, years; ms is written as is
        return out
    for target in ("h", "d"):
        converted = {k: v * SECONDS_PER_UNIT[unit] / SECONDS_PER_UNIT[target] for k, v in ends.items()}
        if all(_decimal(v) for v in converted.values()):
            out[target] = _as_numbers(converted)
    return out


_UNIT_NODES = (Quantity, QuantityRange, Duration)


@cache
def _unit_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that can hold a quantity, range or duration at some depth."""
    def wanted(t: Any) -> bool:
        return is_model(t) and issubclass(t, _UNIT_NODES)
    return tuple(name for name, field in model.model_fields.items()
                 if any(can_hold(m, wanted) for m in members(field.annotation)))


def _unit_nodes(root: BaseModel) -> list[tuple[tuple[str | int, ...], Any]]:
    """Quantities, ranges and durations under ``root`` in document order, entering only the
    fields that can hold one: ~10x faster than the full walk the lint rules need."""
    return [(path, node) for path, node in collect(root, _unit_fields)
            if isinstance(node, _UNIT_NODES)]


def normalised_quantities(monograph: Monograph) -> list[dict[str, JSON]]:
    """Every temperature in Cel and [degF], and every time in hours and days where exact."""
    out = []
    for path, node in _unit_nodes(monograph):
        kind = kind_of(node.unit)
        if kind in ("celsius", "fahrenheit"):
            values, name = _temperature(node.unit, _ends(node)), "temperature"
        elif kind == "time":
            values, name = _time(node.unit, _ends(node)), "time"
        else:
            continue
        out.append({"path": pointer(path), "kind": name, "unit": node.unit, "as": values})
    return out


