"""Numbers and durations in words, for the texts the export and FHIR write (``4``, ``0.5``,
``14 days``, ``4 calendar months``). The site's own display of numbers is ``build_tools.site.display``.
"""

from __future__ import annotations

from decimal import Decimal

from build_tools.model import Duration

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
