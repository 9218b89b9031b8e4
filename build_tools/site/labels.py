"""What the page calls each enumerated value (review status, source kind, verification flag,
refrigeration rule) and how it words an adverse reaction's incidence."""

from __future__ import annotations

from build_tools.model import AdverseReaction
from build_tools.site.display import number, value_range

VERIFICATION = {
    "unconfirmed": "Unconfirmed: not yet found in a primary source",
    "secondary-source-only": "From a secondary source only",
    "conflicting-sources": "Sources disagree",
    "not-in-label": "Not in the label: from a guideline or study",
}


CIOMS = {"very-common": "very common (≥ 1/10)", "common": "common (≥ 1/100 to < 1/10)",
         "uncommon": "uncommon (≥ 1/1,000 to < 1/100)", "rare": "rare (≥ 1/10,000 to < 1/1,000)",
         "very-rare": "very rare (< 1/10,000)", "not-known": "not known (cannot be estimated)"}


RATE_PER = {"patient-year": "per patient-year", "100-patient-years": "per 100 patient-years",
            "1000-patient-years": "per 1,000 patient-years"}


def incidence_text(r: AdverseReaction) -> str:
    """``12%``, ``8% to 15%``, ``0.4 per 100 patient-years``, ``common``, with the comparator arm."""
    parts = []
    if r.percent is not None:
        parts.append(f"{number(r.percent)}%")
    if r.percent_range is not None:
        parts.append(value_range(r.percent_range))
    if r.rate is not None:
        parts.append(f"{number(r.rate.value)} {RATE_PER[r.rate.per]}")
    if r.cioms is not None:
        parts.append(CIOMS[r.cioms])
    text = "; ".join(parts) or "—"
    if r.comparator is not None:
        arm = {"placebo": "placebo", "active": "active comparator"}[r.comparator.arm]
        arm += f" {r.comparator.name}" if r.comparator.name else ""
        text += f" (vs {number(r.comparator.percent)}% {arm})"
    return text


SOURCE_KINDS = {"label": "Product label", "regulator-assessment": "Regulator's assessment",
                "guideline": "Guideline", "reference": "Reference text", "article": "Article",
                "secondary-summary": "Secondary summary (not a primary source)",
                "patient-information": "Patient information", "other": "Other"}


REVIEW_STATUS = {"incomplete": "Incomplete draft", "draft": "Unreviewed draft", "reviewed": "Reviewed"}


REFRIGERATION = {"required": "keep refrigerated", "optional": "refrigerator or room temperature",
                 "forbidden": "do not put back in the refrigerator"}


STORAGE_KINDS = {
    "refrigerated": "refrigerated",
    "frozen": "frozen",
    "room-temperature": "room temperature",
    "controlled-room-temperature": "controlled room temperature (USP: 20 to 25 °C, excursions "
                                   "15 to 30 °C allowed)",
    "cool": "cool",
    "labelled-range": "the labelled range",
}
"""Storage kinds as the page says them; USP controlled room temperature is defined where used."""


INTERACTION_KINDS = {"drug": "drug", "class": "drug class", "food": "food", "condition": "condition"}
"""What an interacting agent is."""

END_EVENTS = {"target-reached": "the target is reached", "target-stable": "the target is stable",
              "response": "there is a response", "tolerance": "it is tolerated",
              "condition": "the condition is met"}
"""The event that ends a phase."""

OTHERWISE = {"stop-treatment": "stop treatment", "continue": "continue", "reassess": "reassess"}
"""What to do when the event has not happened by its deadline."""
