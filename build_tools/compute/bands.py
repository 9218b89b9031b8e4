"""Adverse-reaction frequency bands: which band a percentage falls in, and each reaction's band
(derived from its percentage when it has one). The lint rule, the export and FHIR share it.
"""

from __future__ import annotations

from typing import Any

from build_tools.model import Monograph

JSON = Any


def band_for(percent: float) -> str:
    """The frequency band a percentage belongs to (>10, 1-10, <1)."""
    if percent > 10:
        return "gt-10-percent"
    if percent >= 1:
        return "1-to-10-percent"
    return "lt-1-percent"


def adverse_reaction_bands(monograph: Monograph) -> list[dict[str, JSON]]:
    """Each adverse reaction's frequency band, derived from its percentage when it has one."""
    out = []
    for i, reaction in enumerate(monograph.adverse_reactions):
        derived = reaction.percent is not None
        band = band_for(reaction.percent) if reaction.percent is not None else reaction.band
        out.append({"path": f"/adverse_reactions/{i}", "term": reaction.term,
                    "band": band, "basis": "percent" if derived else "stated"})
    return out

