"""Dosing: populations, regimens and their phases, dose adjustments and missed doses."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
)

from build_tools.model.values import (
    Cited,
    Duration,
    Interval,
    Model,
    Name,
    Quantity,
    QuantityRange,
    Route,
    Scoped,
    Slug,
    Text,
)

# Dosing
# ---------------------------------------------------------------------------------------------


PopulationGroup = Literal["adult", "pediatric", "neonatal", "geriatric", "all"]


class Population(Model):
    """Who a regimen is for."""

    group: PopulationGroup
    """Broad population group."""
    description: Name | None = None
    """As the source describes the group, e.g. infants, children and adolescents."""
    age: QuantityRange | None = None
    """Age band (units a, mo, wk or d)."""
    weight: QuantityRange | None = None
    """Weight band in kg (low inclusive, high exclusive)."""
    condition: Text | None = None
    """Other qualifying condition (e.g. on dialysis)."""


class Frequency(Model):
    """How often: ``times`` doses every ``every`` (once daily = 1 every 1 d)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"times": 1, "every": {"value": 14, "unit": "d"}}]}
    )

    times: Annotated[int, Field(ge=1)] = 1
    """Number of doses per period."""
    every: Interval
    """The period (the interval between doses when times is 1)."""
    every_up_to: Interval | None = None
    """Upper end when the label gives an interval range (every 8 to 12 h)."""
    as_needed: bool = False
    """Given only when needed (PRN); ``every`` is then the minimum interval."""


class Dose(Model):
    """How much per dose: fixed, per kg, per m2 or in units; exactly one of amount or range."""

    amount: Quantity | None = None
    """Dose per administration; the unit says the basis (mg, mg/kg, mg/m2, [iU]/kg)."""
    range: QuantityRange | None = None
    """Dose range per administration when the label gives one."""
    volume: Quantity | None = None
    """Volume given per administration, when stated (e.g. 5 mL)."""
    max_per_dose: Quantity | None = None
    """Cap on a single dose (e.g. 2 g for a mg/kg dose)."""
    max_per_day: Quantity | None = None
    """Cap on the total per day."""
    rounding: Text | None = None
    """Rounding or kit rule (e.g. round to the nearest 250 mg)."""
    per: Literal["administration", "day"] = "administration"
    """What amount or range counts: one administration, or a daily total divided over the
    day's doses (40 mg/kg/day in 3 to 4 divided doses)."""


class Titration(Model):
    """How the dose is stepped towards a target."""

    step: Quantity | None = None
    """Size of each increase or decrease."""
    step_range: QuantityRange | None = None
    """QuantityRange of step sizes when the label gives one."""
    interval: Interval
    """Time between adjustments."""
    interval_up_to: Interval | None = None
    """Upper end when the label gives an interval range (every 4 to 6 weeks)."""
    until: Text | None = None
    """What ends the titration (target reached, tolerance), in plain words."""


class Phase(Cited):
    """One ordered stage of a regimen (loading, maintenance, titration, a single dose...)."""

    id: Slug
    """Identifier, unique within the regimen (missed-dose rules refer to it)."""
    kind: Literal[
        "loading", "initial", "titration", "maintenance", "single", "taper", "repeat", "infusion",
    ]
    """The stage's role; infusion is a continuous infusion whose dose is a rate."""
    dose: Dose
    """Dose per administration."""
    frequency: Frequency | None = None
    """How often doses are given; absent for a single dose."""
    count: Annotated[int, Field(ge=1)] | None = None
    """Number of doses in this phase; absent means it continues (see duration)."""
    duration: Duration | None = None
    """How long the phase lasts; absent with no count means indefinitely."""
    duration_up_to: Duration | None = None
    """Upper end when the label gives a duration range (7 to 14 days)."""
    start_after: Duration | None = None
    """Offset from the previous phase's last dose (30 days after the 3rd dose); for the first
    phase, absent means day 0."""
    titration: Titration | None = None
    """Titration rule, for titration phases."""
    text: Text | None = None
    """The phase in plain words, as a clinician would say it."""


class Target(Scoped):
    """A measured value the dose is adjusted to reach (e.g. a TSH, trough or INR range)."""

    parameter: Name
    """What is measured."""
    range: QuantityRange
    """Target range."""
    specimen: Name | None = None
    """Specimen (serum, plasma, ...)."""
    timing: Text | None = None
    """When to sample, in plain words."""


class Regimen(Scoped):
    """Dosing for one indication, population and route, as ordered phases."""

    id: Slug
    """Identifier, unique in the monograph."""
    indication: Slug
    """Id of the indication in ``indications``."""
    population: Population
    """Who this regimen is for."""
    routes: list[Route] = Field(min_length=1)
    """Route(s) of administration."""
    phases: list[Phase] = []
    """Ordered phases; each later phase starts after the previous one."""
    targets: list[Target] = []
    """Therapeutic targets the dose is adjusted to."""
    notes: list[Text] = []
    """Other dosing statements in plain words."""


class Criterion(Model):
    """When an adjustment applies: a measured band, a class, or a described condition."""

    parameter: Name | None = None
    """Measured parameter, e.g. creatinine clearance, eGFR, body weight."""
    range: QuantityRange | None = None
    """Band of the parameter (low inclusive, high exclusive)."""
    category: Name | None = None
    """A class, e.g. Child-Pugh B, hemodialysis."""
    text: Text | None = None
    """The condition in plain words."""


class Change(Model):
    """What an adjustment does to the dose."""

    action: Literal[
        "reduce", "increase", "extend-interval", "no-change", "interrupt", "discontinue",
        "avoid", "use-with-caution", "not-recommended", "individualize",
    ]
    """Kind of change."""
    dose: Dose | None = None
    """The new dose, when stated."""
    frequency: Frequency | None = None
    """The new frequency, when stated."""
    factor: Annotated[float, Field(gt=0, le=10)] | None = None
    """Multiplier on the usual dose (0.5 = half), when stated."""
    text: Text | None = None
    """The change in plain words."""


class DoseAdjustment(Scoped):
    """A dose change for renal or hepatic function, toxicity, interactions or other conditions."""

    kind: Literal["renal", "hepatic", "toxicity", "interaction", "age", "weight", "other"]
    """What the adjustment is for."""
    regimens: list[Slug] = []
    """Ids of regimens it applies to; empty means all."""
    criterion: Criterion
    """When it applies."""
    change: Change
    """What changes."""


class MissedDose(Scoped):
    """What to do when a dose is late or missed."""

    phases: list[Slug] = []
    """Ids of the phases it applies to (in any regimen); empty means all phases."""
    action: Literal["give-as-soon-as-possible", "skip", "give-if-within-window", "contact-prescriber"]
    """What to do."""
    min_interval: Duration | None = None
    """Minimum time between the late dose and the next one."""
    window: Duration | None = None
    """Give the late dose only within this time of when it was due; otherwise skip it."""
    then: Literal["resume-schedule", "restart-schedule-from-late-dose"] | None = None
    """How the schedule continues afterwards."""
    text: Text
    """The rule in plain words."""


# ---------------------------------------------------------------------------------------------
