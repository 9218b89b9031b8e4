"""ISMP-style numbers and units on screen."""

from __future__ import annotations

import pytest

from build_tools.model import Duration, Quantity, QuantityRange
from build_tools.site.display import esc, number, quantity, value_range


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
    assert value_range(QuantityRange(low=2, high=8, unit="Cel")) == "2 to 8 °C"
    assert value_range(QuantityRange(high=86, unit="[degF]")) == "≤ 86 °F"


def test_escape() -> None:
    assert esc('<img src=x onerror="a">&') == "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;"
