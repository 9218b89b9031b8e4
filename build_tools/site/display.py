"""Safe display of monograph values: escaped text and ISMP-style numbers and units.

Every string from a monograph is data, never markup: ``esc`` HTML-escapes it (quotes included)
before it reaches a page, and the renderer only ever places escaped text inside HTML it built.
Numbers follow ISMP advice: no trailing zero (5 mg, not 5.0 mg), a leading zero (0.5 mg), a
space between number and unit, and units in their clinical form (mcg, °C, units).
"""

from __future__ import annotations

import html

from build_tools.model import Duration, Quantity, QuantityRange
from build_tools.model.units import SECONDS_PER_UNIT, display_unit

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_SINGULAR = {"days": "day", "weeks": "week", "months": "month", "years": "year"}


def esc(text: str) -> str:
    """HTML-escape text from a monograph (``<``, ``>``, ``&``, both quotes)."""
    return html.escape(text, quote=True)


def number(value: float) -> str:
    """A number without trailing zeros and with a leading zero; powers of ten for huge values."""
    if value != 0 and (abs(value) >= 1e7 or abs(value) < 1e-4):
        mantissa, exponent = f"{value:.6e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def unit(code: str, value: float | None = None) -> str:
    """The clinical form of a UCUM unit, singular for exactly one day/week/month/year."""
    shown = display_unit(code)
    if value == 1:
        shown = _SINGULAR.get(shown, shown)
    return shown


def _join(num: str, shown_unit: str) -> str:
    """Number and unit with a space between (ISMP), except a percent sign (5%)."""
    if not shown_unit:
        return num
    return f"{num}%" if shown_unit == "%" else f"{num} {shown_unit}"


def quantity(q: Quantity | Duration) -> str:
    """``12 mg``, ``0.5 mL``, ``14 days``."""
    return _join(number(q.value), unit(q.unit, q.value))


def _ends(r: QuantityRange) -> tuple[str | None, str | None]:
    """Each end of a range with its comparator: ``≥ 10``, ``< 30`` (None for an open end)."""
    low = (f"≥ {number(r.gte)}" if r.gte is not None else
           f"> {number(r.gt)}" if r.gt is not None else None)
    high = (f"≤ {number(r.lte)}" if r.lte is not None else
            f"< {number(r.lt)}" if r.lt is not None else None)
    return low, high


def value_range(r: QuantityRange) -> str:
    """A range of values: ``2 to 8 °C`` when both ends are included, ``60 min`` when they are
    equal, otherwise each end with its comparator (``> 5 to ≤ 10 mg``, ``≤ 30 °C``)."""
    shown = unit(r.unit)
    if r.gte is not None and r.lte is not None:
        if r.gte == r.lte:
            return _join(number(r.gte), unit(r.unit, r.gte))
        return _join(f"{number(r.gte)} to {number(r.lte)}", shown)
    return band_range(r)


def band_range(r: QuantityRange) -> str:
    """A band, every end with the comparator the label gives: ``≥ 10 and ≤ 30 mL/min``,
    ``> 30 mL/min``, ``< 15 kg``; a reader never has to know a convention."""
    low, high = _ends(r)
    text = " and ".join(x for x in (low, high) if x)
    shown = unit(r.unit)
    return _join(text, shown) if shown != "%" else text.replace(" and ", "% and ") + "%"


_EVERY_ONE = {"min": "every minute", "h": "every hour", "d": "every day", "wk": "every week",
              "mo": "every month", "a": "every year"}


def every_text(low: Duration, high: Duration | None = None) -> str:
    """``every day`` (never "every 1 day"), ``every 2 weeks``, ``every 4 to 6 h``."""
    if high is None and low.value == 1 and low.unit in _EVERY_ONE:
        return _EVERY_ONE[low.unit]
    return f"every {span(low, high)}"


def span(low: Duration, high: Duration | None) -> str:
    """A time, or a time range in one unit: ``3 to 4 days``; 3.5 days to 1 week is written
    ``3.5 to 7 days`` (the smaller unit) when the units convert exactly, never ``3.5 to 1 week``."""
    if high is None:
        return quantity(low)
    if low.unit != high.unit and low.unit in SECONDS_PER_UNIT and high.unit in SECONDS_PER_UNIT:
        small = min((low.unit, high.unit), key=lambda u: SECONDS_PER_UNIT[u])
        a = low.value * SECONDS_PER_UNIT[low.unit] / SECONDS_PER_UNIT[small]
        b = high.value * SECONDS_PER_UNIT[high.unit] / SECONDS_PER_UNIT[small]
        return _join(f"{number(a)} to {number(b)}", unit(small))
    if low.unit != high.unit:
        return f"{quantity(low)} to {quantity(high)}"
    if low.value == high.value:
        return quantity(low)
    return _join(f"{number(low.value)} to {number(high.value)}", unit(high.unit))


COMPARATORS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
