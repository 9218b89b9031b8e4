"""The content audit's high-risk findings, checked on the exported values as an app reads them.

Each test reads the JSON export document of one monograph and evaluates the range ends with
their comparators itself (gte, gt, lte, lt), as a dosing app would, so a wrong edge or a missing
region fails here whatever the page says. These are clinical assertions about named monographs:
an editor who changes one of these rules on purpose changes its test with it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from build_tools.api.documents import SourceFile, export_monograph
from build_tools.check.validate import check_file
from tests.conftest import ROOT, TODAY

JSON = Any


def _export(ident: str) -> dict[str, JSON]:
    checked = check_file(ROOT / "monographs" / f"{ident}.yaml", today=TODAY)
    assert checked.model is not None, [p.text() for p in checked.problems]
    part = export_monograph(checked.model, SourceFile(f"monographs/{ident}.yaml", "0" * 64))
    document: dict[str, JSON] = json.loads(part.document)
    return document["monograph"]


def _holds(band: dict[str, JSON], value: float) -> bool:
    """Whether a range holds a value, each end read with its own comparator."""
    return (("gte" not in band or value >= band["gte"]) and ("gt" not in band or value > band["gt"])
            and ("lte" not in band or value <= band["lte"]) and ("lt" not in band or value < band["lt"]))


def _renal_rules(monograph: dict[str, JSON], regimen: str, region: str, crcl: float) -> list[dict[str, JSON]]:
    """The renal adjustments a patient of this region on this regimen at this CrCl falls under."""
    out = []
    for a in monograph.get("dose_adjustments", []):
        crit = a["criterion"]
        if a["kind"] != "renal" or "range" not in crit or "creatinine clearance" not in crit.get("parameter", "").lower():
            continue
        if a.get("regimens") and regimen not in a["regimens"]:
            continue
        if a.get("regions") and region not in a["regions"]:
            continue
        if crit["range"]["unit"] == "mL/min" and _holds(crit["range"], crcl):
            out.append(a)
    return out


@pytest.mark.parametrize(("crcl", "action"), [(30, "reduce"), (30.5, "no-change"), (10, "reduce"),
                                              (31, "no-change"), (9.9, "reduce")])
def test_lisinopril_crcl_30_is_in_the_reduced_band(crcl: float, action: str) -> None:
    """US label: 'creatinine clearance >= 10 and <= 30 mL/min': halve the initial dose. A patient
    at exactly 30 gets the reduced dose, never the full one."""
    rules = _renal_rules(_export("lisinopril"), "htn-adult", "US", crcl)
    assert [r["change"]["action"] for r in rules] == [action], rules


@pytest.mark.parametrize("crcl", [5, 15, 20, 29])
def test_apixaban_eu_renal_rules_do_not_reach_us_patients(crcl: float) -> None:
    """The EU 2.5 mg twice-daily rule at CrCl 15-29 and 'not recommended below 15' are EU (and
    TH) rules: a US patient on the standard AF regimen, dialysis included, is not under them."""
    us = _renal_rules(_export("apixaban"), "nvaf-standard", "US", crcl)
    assert not [r for r in us if r["change"]["action"] != "no-change"], us


@pytest.mark.parametrize(("crcl", "action"), [(20, "reduce"), (29, "reduce"), (14, "not-recommended")])
def test_apixaban_eu_renal_rules_apply_in_the_eu(crcl: float, action: str) -> None:
    eu = _renal_rules(_export("apixaban"), "nvaf-standard", "EU", crcl)
    assert [r["change"]["action"] for r in eu] == [action], eu


def test_enoxaparin_us_stemi_under_75_keeps_the_iv_bolus_in_severe_renal_impairment() -> None:
    """US label: STEMI under 75 with CrCl < 30 mL/min: a single 30 mg IV bolus plus 1 mg/kg SC,
    then 1 mg/kg SC once daily. The stored change must not drop the bolus."""
    (rule,) = _renal_rules(_export("enoxaparin"), "stemi-under-75", "US", 20)
    change = rule["change"]
    assert change["dose"]["amount"] == {"value": 1, "unit": "mg/kg"}
    assert change["frequency"]["times"] == 1 and change["frequency"]["every"] == {"value": 1, "unit": "d"}
    assert "30 mg intravenous bolus" in change["text"]


def _hours(d: dict[str, JSON]) -> float:
    return float(d["value"]) * {"h": 1, "d": 24, "min": 1 / 60}[d["unit"]]


def test_ceftriaxone_im_250_and_350_keep_24_hours_at_room_temperature() -> None:
    """US stability table: 250 and 350 mg/mL intramuscular solutions keep 24 h at room
    temperature; 2 days was another concentration's figure from a secondary page."""
    storage = _export("ceftriaxone")["storage"]
    rows = [u for u in storage["in_use"] if ("250" in u["applies_to"] or "350" in u["applies_to"])
            and u.get("refrigeration") != "required"]
    assert rows, "no room-temperature limit for the 250 and 350 mg/mL solutions"
    assert all(_hours(u["max_duration"]) <= 24 for u in rows), rows
