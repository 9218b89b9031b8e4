"""The allowed UCUM units: what each measures and how it is shown to clinicians.

Data keeps UCUM codes (``ug``, ``Cel``, ``[iU]``) so programs can compute; pages show the
clinical form (mcg, degrees C, units) because ISMP discourages ``ug``, ``U`` and ``IU`` on screen.
"""

from __future__ import annotations

from typing import Final

#: UCUM code -> (kind, clinical display form)
UNITS: Final[dict[str, tuple[str, str]]] = {
    # mass and amount
    "ug": ("mass", "mcg"), "mg": ("mass", "mg"), "g": ("mass", "g"), "kg": ("mass", "kg"),
    "mmol": ("amount", "mmol"), "meq": ("amount", "mEq"),
    "[iU]": ("units", "units"), "m[iU]": ("units", "milliunits"), "k[iU]": ("units", "thousand units"),
    "{vg}": ("units", "vector genomes"),
    # volume
    "mL": ("volume", "mL"), "L": ("volume", "L"),
    # time
    "s": ("time", "s"), "min": ("time", "min"), "h": ("time", "h"), "d": ("time", "days"),
    "wk": ("time", "weeks"), "mo": ("time", "months"), "a": ("time", "years"),
    # temperature
    "Cel": ("celsius", "°C"), "[degF]": ("fahrenheit", "°F"),
    # body size
    "cm": ("length", "cm"), "m2": ("area", "m²"),
    # dose per body size or time
    "ug/kg": ("dose-rate", "mcg/kg"), "mg/kg": ("dose-rate", "mg/kg"), "g/kg": ("dose-rate", "g/kg"),
    "mg/m2": ("dose-rate", "mg/m²"), "ug/m2": ("dose-rate", "mcg/m²"),
    "[iU]/kg": ("dose-rate", "units/kg"), "[iU]/m2": ("dose-rate", "units/m²"),
    "{vg}/kg": ("dose-rate", "vector genomes/kg"),
    "ug/d": ("dose-rate", "mcg/day"), "mg/d": ("dose-rate", "mg/day"), "g/d": ("dose-rate", "g/day"),
    "mg/kg/d": ("dose-rate", "mg/kg/day"), "ug/kg/d": ("dose-rate", "mcg/kg/day"),
    "mg/min": ("dose-rate", "mg/min"), "ug/min": ("dose-rate", "mcg/min"),
    "ug/kg/min": ("dose-rate", "mcg/kg/min"), "mg/kg/h": ("dose-rate", "mg/kg/h"),
    "[iU]/h": ("dose-rate", "units/h"), "[iU]/kg/h": ("dose-rate", "units/kg/h"),
    "mL/h": ("flow", "mL/h"), "mL/min": ("flow", "mL/min"),
    "mL/min/{1.73_m2}": ("flow", "mL/min/1.73 m²"),
    # concentrations
    "g/L": ("concentration", "g/L"), "mg/L": ("concentration", "mg/L"),
    "mg/dL": ("concentration", "mg/dL"), "ug/mL": ("concentration", "mcg/mL"),
    "ng/mL": ("concentration", "ng/mL"), "mg/mL": ("concentration", "mg/mL"),
    "ug/L": ("concentration", "mcg/L"), "mmol/L": ("concentration", "mmol/L"),
    "umol/L": ("concentration", "micromol/L"), "meq/L": ("concentration", "mEq/L"),
    "[iU]/mL": ("concentration", "units/mL"), "[iU]/L": ("concentration", "units/L"),
    "m[iU]/L": ("concentration", "milliunits/L"), "10*9/L": ("concentration", "× 10⁹/L"),
    "mg.h/L": ("exposure", "mg·h/L"),
    "ug/dL": ("concentration", "mcg/dL"), "nmol/L": ("concentration", "nmol/L"),
    "pmol/L": ("concentration", "pmol/L"), "ng/dL": ("concentration", "ng/dL"),
    "mL/kg": ("dose-rate", "mL/kg"), "L/kg": ("volume-per-mass", "L/kg"),
    "L/h": ("flow", "L/h"), "mL/min/kg": ("flow", "mL/min/kg"), "L/h/kg": ("flow", "L/h/kg"),
    "mg/h": ("dose-rate", "mg/h"), "ug/kg/h": ("dose-rate", "mcg/kg/h"), "g/m2": ("dose-rate", "g/m²"),
    # dimensionless
    "%": ("ratio", "%"), "1": ("ratio", ""), "{INR}": ("ratio", "INR"),
    "{ratio}": ("ratio", "ratio"), "[pH]": ("ratio", "pH"),
    "mm[Hg]": ("pressure", "mmHg"), "/min": ("rate", "/min"),
    # counted dose units
    "{tablet}": ("count", "tablet"), "{capsule}": ("count", "capsule"),
    "{dose}": ("count", "dose"), "{puff}": ("count", "puff"), "{spray}": ("count", "spray"),
    "{drop}": ("count", "drop"), "{injection}": ("count", "injection"), "{vial}": ("count", "vial"),
    "{patch}": ("count", "patch"), "{device}": ("count", "device"),
}

#: Common non-UCUM spellings -> the UCUM code an editor most likely meant.
ALIASES: Final[dict[str, str]] = {
    "mcg": "ug", "µg": "ug", "microgram": "ug", "micrograms": "ug", "milligram": "mg",
    "milligrams": "mg", "gram": "g", "grams": "g", "ml": "mL", "millilitre": "mL",
    "milliliter": "mL", "l": "L", "°C": "Cel", "C": "Cel", "degC": "Cel", "celsius": "Cel",
    "°F": "[degF]", "F": "[degF]", "degF": "[degF]", "fahrenheit": "[degF]", "IU": "[iU]",
    "U": "[iU]", "units": "[iU]", "unit": "[iU]", "hr": "h", "hrs": "h", "hour": "h",
    "hours": "h", "day": "d", "days": "d", "week": "wk", "weeks": "wk", "month": "mo",
    "months": "mo", "year": "a", "years": "a", "mg/m^2": "mg/m2", "mg/m²": "mg/m2",
    "mEq": "meq", "mEq/L": "meq/L", "mIU/L": "m[iU]/L", "percent": "%",
}

TIME_UNITS: Final = frozenset(u for u, (k, _) in UNITS.items() if k == "time")

#: Seconds per unit for the units of exact length; months and years are calendar units (the same
#: day of a later month or year, see ``build_tools.compute.schedule``), with no fixed length.
SECONDS_PER_UNIT: Final[dict[str, int]] = {"s": 1, "min": 60, "h": 3600, "d": 86400, "wk": 7 * 86400}
CALENDAR_UNITS: Final = frozenset({"mo", "a"})



def kind_of(unit: str) -> str | None:
    """The kind of quantity a unit measures, or None when the unit is not allowed."""
    entry = UNITS.get(unit)
    return entry[0] if entry else None


def display_unit(unit: str) -> str:
    """The clinical display form of a UCUM unit (``ug`` -> ``mcg``, ``Cel`` -> ``°C``)."""
    entry = UNITS.get(unit)
    return entry[1] if entry else unit


def celsius_to_fahrenheit(value: float) -> float:
    """Convert degrees Celsius to degrees Fahrenheit."""
    return value * 9 / 5 + 32
