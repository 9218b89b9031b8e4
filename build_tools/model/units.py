"""The allowed UCUM units: what each measures and how it is shown to clinicians.

Data keeps UCUM codes (``ug``, ``Cel``, ``[iU]``) so programs can compute; pages show the
clinical form (mcg, degrees C, units) because ISMP discourages ``ug``, ``U`` and ``IU`` on screen.
"""

from __future__ import annotations

from typing import Final

#: UCUM code -> (kind, clinical display form, name). The kind is what a field checks: a dose
#: amount takes a per-dose kind, an infusion a rate, a temperature a temperature.
UNITS: Final[dict[str, tuple[str, str, str]]] = {
    # mass and amount of substance
    "ug": ("mass", "mcg", "microgram"), "mg": ("mass", "mg", "milligram"),
    "g": ("mass", "g", "gram"), "kg": ("mass", "kg", "kilogram"),
    "mmol": ("amount", "mmol", "millimole"), "meq": ("amount", "mEq", "milliequivalent"),
    # biological activity and particles
    "[iU]": ("units", "units", "international unit"),
    "m[iU]": ("units", "milliunits", "milli-international unit"),
    "k[iU]": ("units", "thousand units", "thousand international units"),
    "{vg}": ("vector-genomes", "vector genomes", "vector genomes"),
    # volume
    "mL": ("volume", "mL", "millilitre"), "L": ("volume", "L", "litre"),
    # time
    "ms": ("time", "ms", "millisecond"), "s": ("time", "s", "second"), "min": ("time", "min", "minute"), "h": ("time", "h", "hour"),
    "d": ("time", "days", "day"), "wk": ("time", "weeks", "week"),
    "mo": ("time", "months", "month (a calendar month in schedules)"),
    "a": ("time", "years", "year"),
    # temperature
    "Cel": ("celsius", "°C", "degree Celsius"), "[degF]": ("fahrenheit", "°F", "degree Fahrenheit"),
    # body size
    "cm": ("length", "cm", "centimetre"), "m2": ("area", "m²", "square metre (body surface area)"),
    # dose per body weight or body surface area
    "ug/kg": ("mass-per-weight", "mcg/kg", "micrograms per kg of body weight"),
    "mg/kg": ("mass-per-weight", "mg/kg", "milligrams per kg of body weight"),
    "g/kg": ("mass-per-weight", "g/kg", "grams per kg of body weight"),
    "mmol/kg": ("amount-per-weight", "mmol/kg", "millimoles per kg of body weight"),
    "meq/kg": ("amount-per-weight", "mEq/kg", "milliequivalents per kg of body weight"),
    "mg/m2": ("mass-per-area", "mg/m²", "milligrams per square metre of body surface area"),
    "ug/m2": ("mass-per-area", "mcg/m²", "micrograms per square metre of body surface area"),
    "g/m2": ("mass-per-area", "g/m²", "grams per square metre of body surface area"),
    "[iU]/kg": ("units-per-weight", "units/kg", "international units per kg of body weight"),
    "[iU]/m2": ("units-per-area", "units/m²", "international units per square metre"),
    "{vg}/kg": ("vector-genomes-per-weight", "vector genomes/kg", "vector genomes per kg of body weight"),
    "mL/kg": ("volume-per-weight", "mL/kg", "millilitres per kg of body weight"),
    # rates: an infusion's dose, or an amount per day
    "ug/d": ("mass-per-time", "mcg/day", "micrograms per day"),
    "mg/d": ("mass-per-time", "mg/day", "milligrams per day"),
    "g/d": ("mass-per-time", "g/day", "grams per day"),
    "mg/h": ("mass-per-time", "mg/h", "milligrams per hour"),
    "mg/min": ("mass-per-time", "mg/min", "milligrams per minute"),
    "ug/min": ("mass-per-time", "mcg/min", "micrograms per minute"),
    "mg/kg/d": ("mass-per-weight-per-time", "mg/kg/day", "milligrams per kg per day"),
    "ug/kg/d": ("mass-per-weight-per-time", "mcg/kg/day", "micrograms per kg per day"),
    "mg/kg/h": ("mass-per-weight-per-time", "mg/kg/h", "milligrams per kg per hour"),
    "ug/kg/h": ("mass-per-weight-per-time", "mcg/kg/h", "micrograms per kg per hour"),
    "ug/kg/min": ("mass-per-weight-per-time", "mcg/kg/min", "micrograms per kg per minute"),
    "[iU]/h": ("units-per-time", "units/h", "international units per hour"),
    "[iU]/d": ("units-per-time", "units/day", "international units per day (an infusion over 24 h)"),
    "[iU]/kg/h": ("units-per-weight-per-time", "units/kg/h", "international units per kg per hour"),
    "mL/h": ("flow", "mL/h", "millilitres per hour"), "mL/min": ("flow", "mL/min", "millilitres per minute"),
    "L/h": ("flow", "L/h", "litres per hour"),
    "mL/min/{1.73_m2}": ("flow", "mL/min/1.73 m²", "millilitres per minute per 1.73 m² (eGFR)"),
    "mL/min/kg": ("flow-per-weight", "mL/min/kg", "millilitres per minute per kg"),
    "L/h/kg": ("flow-per-weight", "L/h/kg", "litres per hour per kg"),
    "L/kg": ("volume-per-weight", "L/kg", "litres per kg (volume of distribution)"),
    # concentrations
    "g/L": ("concentration", "g/L", "grams per litre"), "mg/L": ("concentration", "mg/L", "milligrams per litre"),
    "mg/dL": ("concentration", "mg/dL", "milligrams per decilitre"),
    "ug/mL": ("concentration", "mcg/mL", "micrograms per millilitre"),
    "ng/mL": ("concentration", "ng/mL", "nanograms per millilitre"),
    "mg/mL": ("concentration", "mg/mL", "milligrams per millilitre"),
    "ug/L": ("concentration", "mcg/L", "micrograms per litre"),
    "ug/dL": ("concentration", "mcg/dL", "micrograms per decilitre"),
    "ng/dL": ("concentration", "ng/dL", "nanograms per decilitre"),
    "mmol/L": ("concentration", "mmol/L", "millimoles per litre"),
    "umol/L": ("concentration", "micromol/L", "micromoles per litre"),
    "nmol/L": ("concentration", "nmol/L", "nanomoles per litre"),
    "pmol/L": ("concentration", "pmol/L", "picomoles per litre"),
    "meq/L": ("concentration", "mEq/L", "milliequivalents per litre"),
    "[iU]/mL": ("concentration", "units/mL", "international units per millilitre"),
    "[iU]/L": ("concentration", "units/L", "international units per litre"),
    "m[iU]/L": ("concentration", "milliunits/L", "milli-international units per litre"),
    "10*9/L": ("concentration", "× 10⁹/L", "thousand million cells per litre (cell counts)"),
    "mg.h/L": ("exposure", "mg·h/L", "milligram-hours per litre (area under the curve)"),
    # dimensionless, ratios and other measures
    "%": ("ratio", "%", "percent"), "1": ("ratio", "", "a pure number"),
    "{ratio}": ("ratio", "ratio", "a ratio to control (e.g. aPTT ratio)"),
    "{INR}": ("ratio", "INR", "international normalised ratio"), "[pH]": ("ratio", "pH", "pH"),
    "{titer}": ("ratio", "titre", "a dilution titre (1:N written as N)"),
    "mm[Hg]": ("pressure", "mmHg", "millimetres of mercury"),
    "/min": ("rate", "/min", "per minute (heart rate)"),
    "{x_ULN}": ("times-upper-limit", "× ULN", "times the upper limit of normal"),
    # counted dose units
    "{tablet}": ("count", "tablet", "tablet"), "{capsule}": ("count", "capsule", "capsule"),
    "{dose}": ("count", "dose", "dose"), "{puff}": ("count", "puff", "puff"),
    "{spray}": ("count", "spray", "spray"), "{drop}": ("count", "drop", "drop"),
    "{injection}": ("count", "injection", "injection"), "{vial}": ("count", "vial", "vial"),
    "{patch}": ("count", "patch", "patch"), "{device}": ("count", "device", "device"),
    "{pen}": ("count", "pen", "pen"), "{kit}": ("count", "kit", "kit"),
}

#: Unit kinds a dose given at one time can have (a fixed amount, or one per body size).
DOSE_KINDS: Final = frozenset({
    "mass", "amount", "units", "vector-genomes", "volume", "count", "mass-per-weight",
    "amount-per-weight", "mass-per-area", "units-per-weight", "units-per-area",
    "vector-genomes-per-weight", "volume-per-weight",
})
#: Unit kinds of a rate: a continuous infusion's dose.
RATE_KINDS: Final = frozenset({
    "mass-per-time", "mass-per-weight-per-time", "units-per-time", "units-per-weight-per-time", "flow",
})

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

TIME_UNITS: Final = frozenset(u for u, (k, _, _) in UNITS.items() if k == "time")

#: Seconds per unit for the units of exact length; months and years are calendar units (the same
#: day of a later month or year, see ``build_tools.compute.schedule``), with no fixed length.
SECONDS_PER_UNIT: Final[dict[str, int]] = {"s": 1, "min": 60, "h": 3600, "d": 86400, "wk": 7 * 86400}
CALENDAR_UNITS: Final = frozenset({"mo", "a"})



def unit_name(unit: str) -> str:
    """What a UCUM unit code means, in words (``mg/kg`` -> milligrams per kg of body weight)."""
    entry = UNITS.get(unit)
    return entry[2] if entry else unit


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
