"""Doses derived from what a monograph states: the amount per administration of a daily total, and
which band of a criterion a value falls in. The site, the export and FHIR share these.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from build_tools.model import Dose, QuantityRange


@dataclass(frozen=True)
class Amount:
    """An exact amount per administration derived from a total (value and UCUM unit)."""

    value: float
    unit: str


def per_administration(dose: Dose) -> Amount | None:
    """The amount given at each administration, when the dose fixes it.

    A per-administration amount is itself; a total over a period is divided by ``divided_into``
    only when that is one number (a total "in 3 to 4 divided doses" has no single amount per dose).
    Ranges and relative doses give None: they have no single amount.
    """
    if dose.amount is None:
        return None
    if dose.basis == "per-administration":
        return Amount(dose.amount.value, dose.amount.unit)
    if dose.divided_into is None or (dose.divided_into_up_to not in (None, dose.divided_into)):
        return None
    share = Fraction(str(dose.amount.value)) / dose.divided_into
    return Amount(float(share), dose.amount.unit)


B = TypeVar("B")


def band_containing(bands: Iterable[tuple[B, QuantityRange]], value: float, unit: str) -> list[B]:
    """The items whose band holds ``value`` (in ``unit``), each edge read with its comparator.

    Bands of another unit are never matched (no silent conversion). More than one item means the
    bands overlap; none means the value falls in a gap or outside every band.
    """
    return [item for item, band in bands if band.unit == unit and band.contains(value)]


def bands_overlap(a: QuantityRange, b: QuantityRange) -> bool:
    """True when some value lies in both bands (same unit), each edge read with its comparator."""
    if a.unit != b.unit:
        return False
    lows = [(x.low, x.low_inclusive) for x in (a, b) if x.low is not None]
    highs = [(x.high, x.high_inclusive) for x in (a, b) if x.high is not None]
    if not lows or not highs:
        return True
    low = max(lows, key=lambda e: (e[0], not e[1]))    # the higher lower end (exclusive wins a tie)
    high = min(highs, key=lambda e: (e[0], e[1]))      # the lower upper end (exclusive wins a tie)
    return low[0] < high[0] or (low[0] == high[0] and low[1] and high[1])


def tiling_problems(bands: Sequence[QuantityRange]) -> list[tuple[int, str]]:
    """Gaps and overlaps between bands of one axis, as (index of the later band, message).

    Bands are ordered by their lower end; each must start exactly where the previous one ends,
    with one edge included and the other excluded (``lte: 30`` then ``gt: 30``).
    """
    order = sorted(range(len(bands)), key=lambda i: (
        float("-inf") if bands[i].low is None else bands[i].low, not bands[i].low_inclusive))
    out = []
    for a, b in itertools.pairwise(order):
        prev, nxt = bands[a], bands[b]
        if prev.high is None:
            out.append((b, f"the band before it has no upper end, so they overlap from {_n(nxt.low)}"))
            continue
        if nxt.low is None:
            out.append((b, "it has no lower end, so it overlaps the band before it"))
            continue
        if nxt.low > prev.high:
            out.append((b, f"gap between {_n(prev.high)} and {_n(nxt.low)} {nxt.unit}: no band "
                           "holds those values"))
        elif nxt.low < prev.high:
            out.append((b, f"overlap between {_n(nxt.low)} and {_n(prev.high)} {nxt.unit}: "
                           "values there fall in two bands"))
        elif prev.high_inclusive and nxt.low_inclusive:
            out.append((b, f"{_n(nxt.low)} {nxt.unit} is in both bands (the band before it ends "
                           "with lte and this one starts with gte); make one end exclusive"))
        elif not prev.high_inclusive and not nxt.low_inclusive:
            out.append((b, f"{_n(nxt.low)} {nxt.unit} is in neither band (the band before it ends "
                           "with lt and this one starts with gt); make one end inclusive"))
    return out


def _n(x: float | None) -> str:
    return "" if x is None else f"{x:g}"
