"""Band arithmetic shared by the checks, the page and the export: containment, overlap, tiling."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.compute.doses import band_containing, bands_overlap, tiling_problems
from build_tools.model import QuantityRange


def _band(**ends: Any) -> QuantityRange:
    return QuantityRange.model_validate({**ends, "unit": "mL/min"})


@pytest.mark.parametrize(("a", "b", "overlap"), [
    ({"lte": 30}, {"gt": 30}, False),
    ({"lte": 30}, {"gte": 30}, True),      # 30 is in both
    ({"lt": 30}, {"gt": 30}, False),       # 30 is in neither: a gap, not an overlap
    ({"gte": 15, "lt": 30}, {"lt": 30}, True),
    ({"gte": 15, "lt": 30}, {"lt": 15}, False),
    ({"gt": 80}, {"gte": 30, "lte": 80}, False),
    ({"gt": 10}, {"lt": 100}, True),
])
def test_bands_overlap(a: dict[str, float], b: dict[str, float], overlap: bool) -> None:
    assert bands_overlap(_band(**a), _band(**b)) is overlap
    assert bands_overlap(_band(**b), _band(**a)) is overlap


def test_tiling_names_the_edge_in_neither_band() -> None:
    (problem,) = tiling_problems([_band(lt=30), _band(gt=30)])
    assert "30 mL/min is in neither band" in problem[1]
    assert tiling_problems([_band(lt=30), _band(gte=30)]) == []


ENDS = st.sampled_from(["gte", "gt"]), st.sampled_from(["lte", "lt"])


@given(st.integers(0, 50), st.integers(1, 50), st.integers(0, 50), st.integers(1, 50), *ENDS, *ENDS,
       st.integers(-5, 110))
def test_overlap_agrees_with_containment(lo1: int, w1: int, lo2: int, w2: int, l1: str, h1: str,
                                         l2: str, h2: str, probe: int) -> None:
    """Whenever a value (on a half-unit grid) is in both bands, they overlap."""
    a, b = _band(**{l1: lo1, h1: lo1 + w1}), _band(**{l2: lo2, h2: lo2 + w2})
    for x in (probe / 2, probe / 2 + 0.25):
        if band_containing([(0, a), (1, b)], x, "mL/min") == [0, 1]:
            assert bands_overlap(a, b)
