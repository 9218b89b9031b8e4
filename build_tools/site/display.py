"""Safe display of monograph values: escaped text and ISMP-style numbers and units.

Every string from a monograph is data, never markup: ``esc`` HTML-escapes it (quotes included)
before it reaches a page, and the renderer only ever places escaped text inside HTML it built.
Numbers follow ISMP advice: no trailing zero (5 mg, not 5.0 mg), a leading zero (0.5 mg), a
space between number and unit, and units in their clinical form (mcg, °C, units).
"""

from __future__ import annotations

import html

from build_tools.model import Duration, Quantity, QuantityRange
from build_tools.model.units import display_unit

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


def value_range(r: QuantityRange) -> str:
    """``2 to 8 °C``, ``≤ 30 °C``, ``≥ 30 kg``."""
    shown = unit(r.unit)
    if r.low is not None and r.high is not None:
        return _join(f"{number(r.low)} to {number(r.high)}", shown)
    if r.high is not None:
        return "≤ " + _join(number(r.high), shown)
    assert r.low is not None
    return "≥ " + _join(number(r.low), shown)


def band_range(r: QuantityRange) -> str:
    """A band, half-open unless the high end is included: ``15 to < 30 kg``, ``≤ 60 kg``."""
    shown = unit(r.unit)
    upper = "≤" if r.high_inclusive else "<"
    if r.low is not None and r.high is not None:
        return _join(f"{number(r.low)} to {upper} {number(r.high)}", shown)
    if r.high is not None:
        return f"{upper} " + _join(number(r.high), shown)
    assert r.low is not None
    return "≥ " + _join(number(r.low), shown)


COMPARATORS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
