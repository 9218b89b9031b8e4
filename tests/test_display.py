"""ISMP-style numbers and units on screen."""

from __future__ import annotations

import pytest

from build_tools.model import Duration, Quantity, QuantityRange
from build_tools.site.display import band_range, esc, number, quantity, span, value_range


@pytest.mark.parametrize(("value", "shown"), [
    (5.0, "5"), (0.5, "0.5"), (12, "12"), (1.7, "1.7"), (0.125, "0.125"), (1500, "1500"),
    (1.1e14, "1.1 × 10¹⁴"), (0.00005, "5 × 10⁻⁵"), (0, "0"),
])
def test_number(value: float, shown: str) -> None:
    assert number(value) == shown


def test_quantities_use_clinical_units() -> None:
    assert quantity(Quantity(value=0.5, unit="ug")) == "0.5 mcg"
    assert quantity(Quantity(value=12.0, unit="mg")) == "12 mg"
    assert quantity(Duration(value=1, unit="d")) == "1 day"
    assert quantity(Duration(value=14, unit="d")) == "14 days"
    assert quantity(Quantity(value=40, unit="[iU]/kg")) == "40 units/kg"
    assert value_range(QuantityRange(gte=2, lte=8, unit="Cel")) == "2 to 8 °C"
    assert value_range(QuantityRange(lte=86, unit="[degF]")) == "≤ 86 °F"


def test_ranges_show_every_comparator_as_stated() -> None:
    """A label's "> 5" is never shown as "≥ 5", and "≤ 30" never as "< 30"."""
    assert band_range(QuantityRange(gte=10, lte=30, unit="mL/min")) == "≥ 10 and ≤ 30 mL/min"
    assert band_range(QuantityRange(gt=30, unit="mL/min")) == "> 30 mL/min"
    assert band_range(QuantityRange(lt=15, unit="kg")) == "< 15 kg"
    assert value_range(QuantityRange(gt=5, lte=10, unit="mg")) == "> 5 and ≤ 10 mg"
    assert value_range(QuantityRange(gte=60, lte=60, unit="min")) == "60 min"  # not "60 to 60 min"


def test_time_ranges_in_mixed_units_are_normalised() -> None:
    assert span(Duration(value=3.5, unit="d"), Duration(value=1, unit="wk")) == "3.5 to 7 days"
    assert span(Duration(value=8, unit="h"), Duration(value=12, unit="h")) == "8 to 12 h"
    assert span(Duration(value=1, unit="mo"), Duration(value=2, unit="wk")) == "1 month to 2 weeks"


def test_escape() -> None:
    assert esc('<img src=x onerror="a">&') == "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;"
