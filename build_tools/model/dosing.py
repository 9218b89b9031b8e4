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
    Offset,
    Quantity,
    QuantityRange,
    Route,
    Scoped,
    Slug,
    Text,
    Weekday,
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
    """Age band (units a, mo, wk or d), each end with its comparator."""
    weight: QuantityRange | None = None
    """Weight band in kg, each end with its comparator."""
    bsa: QuantityRange | None = None
    """Body surface area band in m2, each end with its comparator."""
    condition: Text | None = None
    """Other qualifying condition (e.g. on dialysis)."""


class Weekdays(Model):
    """Doses on days of the week: fixed days (Monday and Thursday), or a number of days the
    patient chooses and keeps each week (the same day every week)."""

    days: list[Weekday] = []
    """Fixed days of the week, Monday first."""
    chosen: Annotated[int, Field(ge=1, le=7)] | None = None
    """Number of days a week the patient picks and keeps (1 for "the same day each week")."""
    min_gap: Duration | None = None
    """Least time between two chosen days (at least 3 days apart)."""
    text: Text | None = None
    """The rule in plain words."""


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
    on_weekdays: Weekdays | None = None
    """Days of the week the doses fall on; ``every`` is then 1 wk and ``times`` the number of
    days."""
    as_needed: bool = False
    """Given only when needed (PRN); ``every`` is then the minimum interval."""


class Cap(Model):
    """A ceiling on what is given, per dose or over a period: max 2 g per dose, 4 g per day."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"per": "day", "amount": {"value": 4, "unit": "g"}}]}
    )

    per: Literal["dose", "day", "week", "course", "lifetime"]
    """What the cap counts: one dose, a day, a week, a course of treatment, or a lifetime."""
    amount: Quantity
    """The most that may be given in that span (a dose unit: mg, not mg/d; per says the span)."""
    text: Text | None = None
    """The cap in the label's words, when it adds a condition."""


class RelativeDose(Model):
    """A dose stated as a fraction of another dose (half the previous total daily dose)."""

    factor: Annotated[float, Field(gt=0, le=10)]
    """Multiplier (0.5 = half, 0.75 = 75 %)."""
    of: Literal["previous-dose", "previous-total-daily-dose", "usual-dose", "previous-drug-dose"]
    """The dose it is a fraction of."""
    text: Text | None = None
    """The rule in plain words (e.g. when switching from another insulin)."""


class Dose(Model):
    """How much: per administration, or a total over a period divided into doses. Exactly one of
    amount, range or relative says how much; ``basis`` says what it counts (never implied)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [
            {"basis": "per-administration", "amount": {"value": 12, "unit": "mg"}},
            {"basis": "total-per-period", "amount": {"value": 40, "unit": "mg/kg"},
             "period": {"value": 1, "unit": "d"}, "divided_into": 3},
        ]}
    )

    basis: Literal["per-administration", "total-per-period", "rate"]
    """per-administration: the amount is given at each administration. total-per-period: the
    amount is the total over ``period``, divided into ``divided_into`` administrations. rate: a
    continuous infusion's rate (the unit is per time: mcg/kg/min, units/kg/h, mL/h)."""
    amount: Quantity | None = None
    """How much; the unit says the body-size basis (mg, mg/kg, mg/m2, [iU]/kg, {vg}/kg)."""
    range: QuantityRange | None = None
    """How much, when the label gives a range."""
    relative: RelativeDose | None = None
    """How much, as a fraction of another dose."""
    period: Interval | None = None
    """For total-per-period: the period the total covers (1 d for a daily total)."""
    divided_into: Annotated[int, Field(ge=1)] | None = None
    """For total-per-period: the number of administrations the total is divided into, when the
    source says (absent: not stated, and no per-administration amount can be derived)."""
    divided_into_up_to: Annotated[int, Field(ge=1)] | None = None
    """Upper end when the label gives a range of divisions (in 3 to 4 divided doses)."""
    volume: Quantity | None = None
    """Volume given per administration, when stated (e.g. 5 mL)."""
    caps: list[Cap] = []
    """Ceilings per dose, day, week, course or lifetime."""
    rounding: Text | None = None
    """Rounding or kit rule (e.g. round to the nearest 250 mg)."""


class NomogramRow(Model):
    """One row of a titration nomogram: when the measured value is in ``band``, give a bolus,
    change the dose, hold, and say when to measure again (a heparin aPTT table)."""

    band: QuantityRange
    """The measured value's band, each end with its comparator (aPTT < 35 s)."""
    bolus: Quantity | None = None
    """A bolus to give now (80 units/kg)."""
    direction: Literal["increase", "decrease", "no-change"]
    """How the dose changes."""
    change: Quantity | None = None
    """By how much (4 units/kg/h); absent for no change."""
    hold: Duration | None = None
    """Stop the dose this long first (1 h)."""
    recheck: Duration | None = None
    """Measure again after this long (6 h)."""
    text: Text | None = None
    """Anything else the row says, in plain words."""


class Titration(Model):
    """How the dose is stepped towards a target: measure, wait, then change by a step or factor."""

    target: Slug | None = None
    """Id of the regimen's target the titration aims at."""
    step: Quantity | None = None
    """Size of each increase or decrease."""
    step_range: QuantityRange | None = None
    """Range of step sizes when the label gives one."""
    step_of: Literal["each-dose", "daily-total", "rate"] | None = None
    """What a step changes: each dose, the total daily dose, or an infusion rate (required with
    a step, so "raise by 500 mg" is never read the wrong way)."""
    factor: Annotated[float, Field(gt=0, le=10)] | None = None
    """Multiplier applied at each step (1.25 = increase by 25 %), when the label gives one."""
    direction: Literal["increase", "decrease", "either"]
    """Which way the dose moves."""
    interval: Interval
    """Time between adjustments."""
    interval_up_to: Interval | None = None
    """Upper end when the label gives an interval range (every 4 to 6 weeks)."""
    readings: Annotated[int, Field(ge=1)] | None = None
    """Number of measurements the decision rests on, when stated."""
    hold: Text | None = None
    """When not to change the dose (or to hold it), in plain words."""
    nomogram: list[NomogramRow] = []
    """A table of rows by the measured value (of ``target``'s parameter); the rows' bands meet
    edge to edge."""
    until: Text | None = None
    """What ends the titration (target reached, tolerance), in plain words."""


class CycleBlock(Model):
    """A run of doses at the start of each cycle ("3 doses 12 h apart, once a week")."""

    count: Annotated[int, Field(ge=1)]
    """Number of doses in the run."""
    every: Interval
    """Time between the doses of the run."""


class Cycle(Model):
    """A repeating block: doses on given days of each cycle (days 1 and 8 of a 21-day cycle) or a
    run of doses at the start of each cycle. Day 1 is the cycle's first day."""

    length: Interval
    """Length of one cycle (21 d)."""
    dose_days: list[Annotated[int, Field(ge=1)]] = []
    """Days of the cycle with a dose, day 1 first (one dose on each day)."""
    block: CycleBlock | None = None
    """Instead of dose days: a run of doses from the start of each cycle."""
    cycles: Annotated[int, Field(ge=1)] | None = None
    """Number of cycles; absent means until the phase ends (duration, 'until' event) or
    indefinitely."""
    cycles_up_to: Annotated[int, Field(ge=1)] | None = None
    """Most cycles: with 'cycles', a range (4 to 6); alone, "up to 6 cycles" (fewer when the
    phase ends earlier on its 'until' event). Calendars lay out 'cycles', or this when alone."""
    text: Text | None = None
    """The cycle in plain words."""


class EndEvent(Model):
    """An event that ends a phase instead of a count or duration: a target reached and held, a
    response by a deadline, or a condition."""

    event: Literal["target-reached", "target-stable", "response", "tolerance", "condition"]
    """What ends the phase."""
    target: Slug | None = None
    """Id of the regimen's target, for target-reached and target-stable."""
    consecutive: Annotated[int, Field(ge=1)] | None = None
    """Readings in range in a row that count as reached (2 consecutive aPTT checks)."""
    by: Duration | None = None
    """Deadline from the phase's start (in remission by week 12)."""
    otherwise: Literal["stop-treatment", "continue", "reassess"] | None = None
    """What happens when the event has not happened by the deadline."""
    text: Text
    """The event in plain words."""


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
    """How often doses are given; absent for a single dose or a cycle."""
    cycle: Cycle | None = None
    """Repeating cycles (instead of a frequency): dose days within each cycle."""
    count: Annotated[int, Field(ge=1)] | None = None
    """Number of doses in this phase; absent means it continues (see duration and until). For a
    cycled phase give ``cycle.cycles`` instead."""
    duration: Duration | None = None
    """How long the phase lasts; absent with no count means indefinitely."""
    duration_up_to: Duration | None = None
    """Upper end when the label gives a duration range (7 to 14 days)."""
    start_after: Duration | None = None
    """Offset from the previous phase's last dose (30 days after the 3rd dose); for the first
    phase, absent means day 0."""
    until: EndEvent | None = None
    """An event that ends the phase (target reached and stable), instead of a count or duration."""
    titration: Titration | None = None
    """Titration rule, for titration phases."""
    text: Text | None = None
    """The phase in plain words, as a clinician would say it."""


class Target(Scoped):
    """A measured value the dose is adjusted to reach: a range, a point goal, or both (a trough of
    15 mg/L within 10 to 20 mg/L)."""

    id: Slug
    """Identifier, unique within the regimen (titration rules and end events refer to it)."""
    parameter: Name
    """What is measured."""
    range: QuantityRange | None = None
    """Target range."""
    goal: Quantity | None = None
    """Point goal within the range, when the source gives one."""
    specimen: Name | None = None
    """Specimen (serum, plasma, ...)."""
    timing: Text | None = None
    """When to sample, in plain words."""


class CompanionTime(Model):
    """A time relative to the regimen's doses: ``{anchor: first-dose, offset: -7 d}``."""

    anchor: Literal["first-dose", "each-dose", "last-dose", "each-cycle"]
    """The dose (or cycle start) the offset counts from."""
    offset: Offset
    """Signed time from the anchor: negative before, positive after, 0 the same day."""


class Companion(Scoped):
    """Another medicine given with the regimen (premedication, supplement, steroid), with when it
    is given relative to the regimen's doses."""

    id: Slug
    """Identifier, unique within the regimen."""
    medication: Name
    """The companion medicine (generic name)."""
    purpose: Literal["premedication", "supplement", "prophylaxis", "hydration", "rescue", "other"]
    """Why it is given."""
    requirement: Literal["required", "recommended", "optional"]
    """How strongly the label asks for it."""
    dose: Dose | None = None
    """Its dose, when the label gives one."""
    routes: list[Route] = []
    """Its route(s)."""
    frequency: Frequency | None = None
    """How often, between 'start' and 'end' (folic acid once daily)."""
    start: CompanionTime | None = None
    """When repeated dosing starts (7 days before the first dose)."""
    end: CompanionTime | None = None
    """When it stops (21 days after the last dose); absent with a start means throughout."""
    at: list[CompanionTime] = []
    """Single doses at these times (the day before, of and after each dose)."""
    every_cycles: Annotated[int, Field(ge=1)] | None = None
    """Repeated once every this many cycles after the doses in 'at' (every 3 cycles)."""
    text: Text
    """The companion instruction in plain words."""


class Regimen(Scoped):
    """Dosing for one indication, population and route, as ordered phases."""

    id: Slug
    """Identifier, unique in the monograph."""
    indications: list[Slug] = Field(min_length=1)
    """Ids of the indications (in ``indications``) this regimen serves."""
    alternatives: Slug | None = None
    """Regimens sharing this group id are alternatives: one of them is chosen."""
    population: Population
    """Who this regimen is for."""
    routes: list[Route] = Field(min_length=1)
    """Route(s) of administration."""
    phases: list[Phase] = []
    """Ordered phases; each later phase starts after the previous one."""
    targets: list[Target] = []
    """Therapeutic targets the dose is adjusted to."""
    companions: list[Companion] = []
    """Other medicines given with this regimen (premedication, supplements)."""
    dosage_forms: list[Slug] = []
    """Ids of the dosage forms (in ``dosage_forms``) this regimen uses; empty means any form of
    its routes."""
    notes: list[Text] = []
    """Other dosing statements in plain words."""


class Criterion(Model):
    """When an adjustment applies: a measured band, a class, a genotype or a described condition."""

    parameter: Name | None = None
    """Measured parameter, e.g. creatinine clearance, eGFR, body weight, ALT."""
    range: QuantityRange | None = None
    """Band of the parameter, each end with its comparator (a lab value relative to the upper
    limit of normal uses the unit {x_ULN})."""
    category: Name | None = None
    """A class, e.g. Child-Pugh B, hemodialysis, severe."""
    gene: Name | None = None
    """Gene of a genotype or phenotype criterion, e.g. CYP2C9, HLA-B."""
    genotype: Name | None = None
    """Genotype as written in the label, e.g. *1/*3, *15:02 positive."""
    phenotype: Name | None = None
    """Phenotype, e.g. poor metabolizer."""
    medication: Name | None = None
    """A concomitant medication or class the criterion is about."""
    text: Text | None = None
    """The condition in plain words."""


class Change(Model):
    """What an adjustment does to the dose."""

    action: Literal[
        "reduce", "increase", "extend-interval", "no-change", "interrupt", "discontinue",
        "avoid", "use-with-caution", "not-recommended", "individualize", "not-studied",
        "contraindicated",
    ]
    """Kind of change; not-studied (no data) is distinct from no-change (no adjustment needed)."""
    dose: Dose | None = None
    """The new dose, when stated."""
    frequency: Frequency | None = None
    """The new frequency, when stated."""
    factor: Annotated[float, Field(gt=0, le=10)] | None = None
    """Multiplier on the usual dose (0.5 = half), when stated."""
    caps: list[Cap] = []
    """New ceilings (no more than 2000 mg a day), when the change is a cap alone."""
    text: Text | None = None
    """The change in plain words."""


class DoseAdjustment(Scoped):
    """A dose change for renal or hepatic function, toxicity, interactions or other conditions."""

    kind: Literal["renal", "hepatic", "toxicity", "interaction", "age", "weight", "other"]
    """What the adjustment is for."""
    regimens: list[Slug] = []
    """Ids of regimens it applies to; empty means all."""
    indications: list[Slug] = []
    """Ids of indications it applies to; empty means all."""
    populations: list[PopulationGroup] = []
    """Population groups it is limited to; empty means every population."""
    dosage_forms: list[Slug] = []
    """Ids of the dosage forms (in ``dosage_forms``) it is limited to; empty means every form."""
    criterion: Criterion
    """When it applies."""
    change: Change
    """What changes."""


class MissedDose(Scoped):
    """What to do when a dose is late or missed."""

    phases: list[Slug] = []
    """Ids of the phases it applies to (in any regimen); empty means all phases."""
    regimens: list[Slug] = []
    """Ids of the regimens it is limited to; empty means every regimen."""
    dosage_forms: list[Slug] = []
    """Ids of the dosage forms (in ``dosage_forms``) it is limited to; empty means every form."""
    action: Literal["give-as-soon-as-possible", "skip", "give-if-within-window", "contact-prescriber"]
    """What to do."""
    min_interval: Duration | None = None
    """Minimum time between the late dose and the next one."""
    window: Duration | None = None
    """Give the late dose only within this time of when it was due; otherwise skip it."""
    then: Literal["resume-schedule", "restart-schedule-from-late-dose", "restart-titration"] | None = None
    """How the schedule continues afterwards."""
    text: Text
    """The rule in plain words."""


# ---------------------------------------------------------------------------------------------
