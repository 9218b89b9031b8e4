"""Pydantic models of a monograph: the single source of the JSON Schema in ``schema/``.

Strict mode everywhere: no coercion ("12" is not 12, "no" is not False), unknown keys are errors,
NaN and infinity are refused, and an optional key may be left out but never written as empty
(``key:`` with no value), because "not yet written" must look different from "written as none".
Each attribute's docstring becomes its ``description`` in the published schema.

Checks that span several fields (Celsius vs Fahrenheit, percent vs band, phase order, citations)
are clinical lint rules in ``build_tools.rules``, not here, so the JSON Schema and these models
accept exactly the same documents.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = "1.1.0"

# ---------------------------------------------------------------------------------------------
# Scalar types
# ---------------------------------------------------------------------------------------------

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

Text = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
"""Plain text: never markup. It is escaped before it reaches a page."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=64),
    Field(examples=["nusinersen", "loading"]),
]
"""A lowercase identifier: letters a-z, digits and single hyphens."""

Region = Annotated[
    str,
    StringConstraints(pattern=r"^(?:EU|[A-Z]{2})$"),
    Field(examples=["US", "CA", "EU", "GB"]),
]
"""An ISO 3166-1 alpha-2 country code, or EU."""


def _parse_date(value: Any) -> Any:
    """Accept an ISO date written as text (YYYY-MM-DD) and check it is a real calendar date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "expected a date written as YYYY-MM-DD")
    if not _DATE_RE.match(value):
        raise PydanticCustomError(
            "date-invalid", "'{value}' is not a date in the form YYYY-MM-DD", {"value": value}
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date-invalid", "'{value}' is not a real calendar date", {"value": value}
        ) from None


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    WithJsonSchema(
        {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$",
         "examples": ["2026-11-21"]}
    ),
]
"""A calendar date, YYYY-MM-DD, always quoted or plain text in YAML (never a YAML timestamp)."""


def _percent(value: float) -> float:
    if not 0 <= value <= 100:
        raise PydanticCustomError(
            "percent-range",
            "a percentage must be between 0 and 100, got {value}; write the incidence as a "
            "percent (58 for 58%)",
            {"value": f"{value:g}"},
        )
    return value


Percent = Annotated[
    float,
    AfterValidator(_percent),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100, "examples": [58, 0.5]}),
]


def _url(value: str) -> str:
    if not re.match(r"https?://[^\s/$.?#][^\s]*\Z", value):
        raise PydanticCustomError(
            "url-scheme",
            "'{value}' is not a web address; sources must be http:// or https:// URLs",
            {"value": value},
        )
    return value


Url = Annotated[
    str,
    AfterValidator(_url),
    WithJsonSchema(
        {"type": "string", "format": "uri", "pattern": r"^https?://[^\s/$.?#][^\s]*$",
         "examples": ["https://dailymed.nlm.nih.gov/dailymed/"]}
    ),
]

TimeUnit = Literal["s", "min", "h", "d", "wk", "mo", "a"]
"""UCUM time units: second, minute, hour, day, week, month (a calendar month in schedules), year."""

Route = Literal[
    "oral", "sublingual", "buccal", "enteral-tube", "intravenous", "intramuscular",
    "subcutaneous", "intradermal", "intrathecal", "intraosseous", "epidural", "intravitreal",
    "intra-articular", "inhalation", "nasal", "endotracheal", "ophthalmic", "otic", "topical",
    "transdermal", "rectal", "vaginal", "intraocular", "intraperitoneal",
]


# ---------------------------------------------------------------------------------------------
# Base
# ---------------------------------------------------------------------------------------------


class Model(BaseModel):
    """Base for all monograph parts: strict, closed, finite, attribute docstrings as descriptions."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        allow_inf_nan=False,
        use_attribute_docstrings=True,
        validate_assignment=False,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_empty_values(cls, value: Any) -> Any:
        """An optional key may be absent, never present and empty (``key:`` or ``key: null``)."""
        if value is None:
            raise PydanticCustomError(
                "empty-value",
                "this key has no value; fill it in or remove the key (write 'TODO' text for "
                "unfinished drafts)",
            )
        return value


class Cited(Model):
    """A statement that can cite sources declared in the monograph's ``sources`` list."""

    cite: list[Slug] = []
    """Ids of entries in the monograph's top-level ``sources`` that support this statement."""


class Scoped(Cited):
    """A statement that may apply only in some regions."""

    regions: list[Region] = []
    """Regions whose labelling says this; empty means it applies everywhere."""


# ---------------------------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------------------------


class Quantity(Model):
    """A number with a UCUM unit, e.g. 12 mg, 15 mg/kg, 5 mL."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"value": 12, "unit": "mg"}]})

    value: Annotated[float, Field(ge=0)]
    """The number (not negative)."""
    unit: Name
    """UCUM unit code from the allowed set (mg, mL, mg/kg, h, d, Cel, [degF], g/L, [iU], ...)."""


class QuantityRange(Model):
    """A range of a quantity; either end may be open. Low is inclusive, high exclusive for bands."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"low": 2, "high": 8, "unit": "Cel"}],
            "anyOf": [{"required": ["low"]}, {"required": ["high"]}],
        }
    )

    low: float | None = None
    """Lower end of the range (included)."""
    high: float | None = None
    """Upper end of the range."""
    high_inclusive: bool = False
    """True when the high end itself belongs to the range (weight 60 kg or less); bands are
    otherwise half-open, low included and high excluded, so adjacent bands never overlap."""
    unit: Name
    """UCUM unit code of both ends."""

    @model_validator(mode="after")
    def _one_end(self) -> QuantityRange:
        if self.low is None and self.high is None:
            raise PydanticCustomError(
                "range-empty", "a range needs 'low', 'high' or both; add at least one end"
            )
        return self


class Duration(Model):
    """A length of time in UCUM time units."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"value": 14, "unit": "d"}]})

    value: Annotated[float, Field(ge=0)]
    """The number of units."""
    unit: TimeUnit
    """s, min, h, d, wk, mo (calendar month in schedules) or a (year)."""


class Interval(Duration):
    """A time between repeated events; never zero (a zero interval would schedule endlessly)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"value": 14, "unit": "d"}]})

    value: Annotated[float, Field(gt=0)]
    """The number of units (more than 0)."""


# ---------------------------------------------------------------------------------------------
# Identity and products
# ---------------------------------------------------------------------------------------------


class Brand(Scoped):
    """A brand (proprietary) name and where it is marketed."""

    name: Name
    """The brand name as marketed, e.g. Spinraza."""


class Codes(Model):
    """Standard codes for the active ingredient; each is optional and format-checked."""

    rxcui: Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,8}$")] | None = None
    """RxNorm concept unique identifier of the ingredient (digits)."""
    atc: list[Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}$")]] = []
    """WHO ATC codes at the chemical-substance level, e.g. M09AX07."""
    unii: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{10}$")] | None = None
    """FDA Unique Ingredient Identifier (10 characters)."""


class Identity(Model):
    """What the drug is called and how it is classified."""

    generic_name: Name
    """International non-proprietary (generic) name, lower case unless a proper noun."""
    pronunciation: Name | None = None
    """Pronunciation guide, e.g. nue SIN er sen."""
    brands: list[Brand] = []
    """Brand names with their regions."""
    synonyms: list[Name] = []
    """Other names: research codes, former names, common abbreviations."""
    codes: Codes | None = None
    """Standard codes."""
    categories: list[Name] = []
    """Pharmacologic categories (one or more), e.g. Antisense oligonucleotide."""


class Strength(Model):
    """Amount of drug per volume or per unit, e.g. 12 mg per 5 mL, or 500 mg per tablet."""

    amount: Quantity
    """Amount of active ingredient."""
    per: Quantity | None = None
    """Volume or amount the ingredient is in; absent means per unit (tablet, vial, device)."""


DosageFormFlag = Literal[
    "preservative-free", "contains-preservative", "single-dose", "multi-dose", "latex-free",
    "contains-latex", "extended-release", "delayed-release", "orally-disintegrating", "chewable",
    "scored", "sugar-free", "prefilled-syringe", "auto-injector", "pen", "powder-for-solution",
    "premixed", "dye-free",
]


class DosageForm(Scoped):
    """One marketed form and strength."""

    form: Name
    """Dosage form, e.g. solution, tablet, powder for solution."""
    routes: list[Route] = Field(min_length=1)
    """Routes this form is given by."""
    strength: Strength
    """Strength of the active ingredient."""
    package: Quantity | None = None
    """Fill volume or count per package unit, e.g. 5 mL per vial."""
    container: Name | None = None
    """Container, e.g. single-dose vial, prefilled syringe, bottle."""
    flags: list[DosageFormFlag] = []
    """Product properties clinicians select on (preservative-free, extended-release, ...)."""
    brands: list[Name] = []
    """Brand names (from identity.brands) this form is sold under; empty if generic only."""
    note: Text | None = None
    """Anything else about the product, in plain words."""


# ---------------------------------------------------------------------------------------------
# Pharmacology
# ---------------------------------------------------------------------------------------------

PkParameter = Literal[
    "time-to-peak", "half-life", "onset", "duration", "bioavailability", "protein-binding",
    "volume-of-distribution", "clearance", "excretion",
]


class PkValue(Cited):
    """One pharmacokinetic number, with where, how and in whom it was measured."""

    parameter: PkParameter
    """Which pharmacokinetic parameter."""
    compartment: Name | None = None
    """Where measured: plasma, serum, CSF, ..."""
    phase: Literal["terminal", "distribution", "elimination", "absorption"] | None = None
    """Kinetic phase for half-lives."""
    statistic: Literal["mean", "median", "geometric-mean", "typical"] | None = None
    """Summary statistic the value or range reports."""
    value: Quantity | None = None
    """A single value."""
    range: QuantityRange | None = None
    """A range of values (e.g. the range of means across studies)."""
    population: Name | None = None
    """Population, if specific (e.g. neonates, renal impairment)."""
    note: Text | None = None
    """Clarification in plain words."""


class Pharmacology(Cited):
    """How the drug acts and moves through the body."""

    mechanism: Text | None = None
    """Mechanism of action."""
    pharmacokinetics: list[PkValue] = []
    """Pharmacokinetic numbers."""
    distribution: Text | None = None
    """Distribution, in plain words."""
    metabolism: Text | None = None
    """Metabolism, in plain words."""
    elimination: Text | None = None
    """Elimination route(s), in plain words."""


# ---------------------------------------------------------------------------------------------
# Indications and contraindications
# ---------------------------------------------------------------------------------------------

PopulationGroup = Literal["adult", "pediatric", "neonatal", "geriatric", "all"]


class Indication(Scoped):
    """A condition the drug is used for."""

    id: Slug
    """Identifier used by dosing regimens to refer to this indication."""
    condition: Text
    """The condition treated or prevented."""
    labeled: bool
    """True for a labelled (approved) indication; false for off-label use."""
    populations: list[PopulationGroup] = []
    """Populations the indication covers."""
    note: Text | None = None
    """Qualifications (e.g. genetic cause, severity), in plain words."""


class NoneStatement(Scoped):
    """An explicit statement that there is nothing to list (e.g. no contraindications)."""

    note: Text | None = None
    """How the source puts it, in plain words."""


class Contraindication(Scoped):
    """A condition in which the drug must not be used."""

    condition: Text
    """The contraindicating condition."""


class Contraindications(Model):
    """Contraindications per region, or an explicit statement that none are listed."""

    none_listed: NoneStatement | None = None
    """The labelling lists no contraindications (in the statement's regions, or anywhere)."""
    items: list[Contraindication] = []
    """Contraindications."""


# ---------------------------------------------------------------------------------------------
# Dosing
# ---------------------------------------------------------------------------------------------


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
# Administration and storage
# ---------------------------------------------------------------------------------------------


class Step(Cited):
    """One ordered step of preparation or administration."""

    text: Text
    """The step in plain words."""
    duration: QuantityRange | None = None
    """Time the step takes (e.g. inject over 1 to 3 min), in time units."""
    within: Duration | None = None
    """Time limit to complete it (e.g. give within 4 h of drawing up)."""


class Consideration(Scoped):
    """A topic-labelled consideration (sedation, imaging, pregnancy...)."""

    topic: Name | None = None
    """Short topic label."""
    text: Text
    """The consideration in plain words."""


class Administration(Cited):
    """How to prepare and give the drug."""

    preparation: list[Step] = []
    """Ordered preparation steps."""
    steps: list[Step] = []
    """Ordered administration steps."""
    considerations: list[Consideration] = []
    """Sedation, imaging guidance and similar considerations."""
    avoid_sites: list[Text] = []
    """Sites not to use (e.g. skin with signs of infection)."""


class StorageCondition(Scoped):
    """A required storage condition for a product state (intact vial, diluted solution...)."""

    applies_to: Name
    """What is stored, e.g. intact vials."""
    kind: Literal["refrigerated", "frozen", "room-temperature", "controlled-room-temperature", "cool"]
    """Kind of storage."""
    temperature: QuantityRange
    """Allowed temperature range in Cel."""
    temperature_f: QuantityRange | None = None
    """The same range in [degF] as labelled; checked against the Celsius range."""
    protect_from_light: bool = False
    """Must be protected from light."""
    do_not_freeze: bool = False
    """Must not be frozen."""
    do_not_shake: bool = False
    """Must not be shaken."""
    container: Name | None = None
    """Required container, e.g. original carton."""
    note: Text | None = None
    """Anything else, in plain words."""


class Excursion(Scoped):
    """An allowed time outside the storage condition."""

    applies_to: Name
    """What may be out of its storage condition."""
    temperature: QuantityRange
    """Temperature allowed during the excursion, in Cel (usually only a high end)."""
    temperature_f: QuantityRange | None = None
    """The same in [degF] as labelled."""
    max_duration: Duration
    """Longest allowed time."""
    cumulative: bool = False
    """True when the limit is the total of all times out, not one stretch."""
    container: Name | None = None
    """Container the allowance depends on."""
    may_return: bool | None = None
    """Whether the product may go back to its storage condition afterwards."""
    protect_from_light: bool = False
    """Must still be protected from light."""
    text: Text | None = None
    """The allowance in plain words."""


class InUseLimit(Scoped):
    """A time limit once the product is opened, drawn up, reconstituted or diluted."""

    after: Literal[
        "withdrawal-from-vial", "opening", "reconstitution", "dilution", "first-use",
        "removal-from-refrigerator",
    ]
    """What starts the clock."""
    max_duration: Duration
    """Use within this time."""
    temperature: QuantityRange | None = None
    """Temperature the limit holds at, in Cel."""
    temperature_f: QuantityRange | None = None
    """The same in [degF] as labelled."""
    then: Literal["discard", "return-to-storage"] = "discard"
    """What to do when the time is up or with leftovers."""
    text: Text | None = None
    """The limit in plain words."""


class Storage(Cited):
    """How to store the product and the limits once out of storage or in use."""

    conditions: list[StorageCondition] = []
    """Required storage conditions."""
    excursions: list[Excursion] = []
    """Allowed times out of those conditions."""
    in_use: list[InUseLimit] = []
    """Limits after opening, drawing up, reconstitution or dilution."""


# ---------------------------------------------------------------------------------------------
# Safety
# ---------------------------------------------------------------------------------------------


class Interaction(Scoped):
    """An interacting drug, class, food or condition."""

    agent: Name
    """The interacting drug, class or food."""
    kind: Literal["drug", "class", "food", "condition"] = "drug"
    """What the agent is."""
    effect: Text
    """What happens."""
    severity: Literal["contraindicated", "major", "moderate", "minor"]
    """Clinical severity."""
    management: Text | None = None
    """What to do about it."""


class Interactions(Model):
    """Interactions, or an explicit statement that none are known."""

    none_known: NoneStatement | None = None
    """No clinically significant interactions are known."""
    items: list[Interaction] = []
    """Interactions."""


FrequencyBand = Literal[
    "gt-10-percent", "1-to-10-percent", "lt-1-percent", "postmarketing", "not-reported",
]


class AdverseReaction(Scoped):
    """An adverse reaction with its incidence."""

    term: Name
    """Clinical term for the reaction."""
    system: Name
    """Organ system, e.g. Gastrointestinal."""
    percent: Percent | None = None
    """Incidence in percent (0-100), when the source gives one."""
    band: FrequencyBand
    """Frequency band: over 10%, 1 to 10%, under 1%, postmarketing/case reports only, or
    not-reported (listed in the label without an incidence); must agree with ``percent``."""
    population: Name | None = None
    """Population or trial the incidence comes from."""
    note: Text | None = None
    """Clarification in plain words."""


class SafetyWarning(Scoped):
    """A boxed warning or other precaution, with the actions it requires."""

    id: Slug
    """Identifier, unique in the monograph."""
    boxed: bool = False
    """True for a boxed warning."""
    topic: Name
    """Short topic, e.g. Renal toxicity."""
    text: Text
    """The warning in plain words."""
    actions: list[Text] = []
    """What the clinician must do."""
    monitoring: list[Slug] = []
    """Ids of ``monitoring`` entries this warning requires."""


class Timing(Model):
    """When a monitoring test is done."""

    when: Literal[
        "baseline", "before-each-dose", "after-dose", "periodically", "as-clinically-indicated",
        "at-steady-state", "after-dose-change",
    ]
    """The occasion."""
    offset: QuantityRange | None = None
    """Time after the dose (for after-dose), in time units."""
    interval: Interval | None = None
    """How often (for periodically)."""
    text: Text | None = None
    """Timing in plain words."""


class Threshold(Model):
    """A result that triggers an action (urine protein > 0.2 g/L: repeat and evaluate)."""

    comparator: Literal["lt", "le", "gt", "ge"]
    """lt (<), le (<=), gt (>) or ge (>=)."""
    value: Quantity
    """The threshold."""
    action: Text
    """What to do when the result crosses it."""


class Monitoring(Scoped):
    """A test or observation, when to do it, and what result triggers what."""

    id: Slug
    """Identifier, unique in the monograph."""
    parameter: Name
    """What is measured, e.g. Platelet count."""
    specimen: Name | None = None
    """Specimen, e.g. blood, urine (first morning preferred)."""
    timing: list[Timing] = []
    """When to measure."""
    thresholds: list[Threshold] = []
    """Results that trigger an action."""
    note: Text | None = None
    """Anything else, in plain words."""


class PregnancyLactation(Cited):
    """Pregnancy and lactation considerations."""

    pregnancy: list[Consideration] = []
    """Pregnancy considerations."""
    lactation: list[Consideration] = []
    """Lactation considerations."""


class PatientEducation(Cited):
    """What patients are told, in plain words."""

    uses: list[Text] = []
    """What the drug is used for."""
    common_side_effects: list[Text] = []
    """Common side effects to mention if bothersome."""
    seek_help_now: list[Text] = []
    """Warning signs that need medical help right away."""


# ---------------------------------------------------------------------------------------------
# Provenance and review
# ---------------------------------------------------------------------------------------------


class Source(Model):
    """A document facts were taken from, declared once and cited by id."""

    id: Slug
    """Identifier cited from sections."""
    title: Name
    """Title of the document or page."""
    publisher: Name
    """Who publishes it."""
    url: Url
    """Where to read it (http or https)."""
    accessed: IsoDate
    """When it was read."""
    kind: Literal["label", "reference", "guideline", "article", "other"] = "reference"
    """Kind of source."""
    regions: list[Region] = []
    """Region the source speaks for (a national label), if any."""


class Reviewer(Model):
    """A person who reviewed the monograph."""

    name: Name
    """Reviewer's name."""
    role: Name
    """Professional role, e.g. Clinical pharmacist."""
    date: IsoDate
    """Date of the review."""


class ChangeEntry(Model):
    """One entry of the change log."""

    date: IsoDate
    """When the change was made."""
    summary: Text
    """What changed."""


class Review(Model):
    """Review status: no monograph claims a review that did not happen."""

    status: Literal["draft", "reviewed"]
    """draft until a qualified reviewer has checked it against its sources."""
    last_updated: IsoDate
    """When the content last changed."""
    reviewers: list[Reviewer] = []
    """Who reviewed it; required for reviewed, forbidden for draft."""
    changes: list[ChangeEntry] = []
    """Change log, newest first."""


class Monograph(Model):
    """A drug monograph: one active ingredient, its products, dosing, storage and safety."""

    model_config = ConfigDict(
        title="Drug monograph",
        json_schema_extra={"examples": [{"id": "nusinersen", "identity": {"generic_name": "nusinersen"}}]},
    )

    id: Slug
    """Lowercase slug equal to the file name (nusinersen for monographs/nusinersen.yaml)."""
    identity: Identity
    """Names, codes and categories."""
    dosage_forms: list[DosageForm] = []
    """Marketed forms and strengths."""
    pharmacology: Pharmacology | None = None
    """Mechanism and pharmacokinetics."""
    indications: list[Indication] = []
    """What the drug is used for."""
    contraindications: Contraindications | None = None
    """Contraindications, or an explicit none-listed statement."""
    dosing: list[Regimen] = []
    """Dosing regimens per indication, population and route."""
    dose_adjustments: list[DoseAdjustment] = []
    """Renal, hepatic and other dose adjustments."""
    missed_doses: list[MissedDose] = []
    """Missed-dose rules."""
    administration: Administration | None = None
    """Preparation and administration."""
    storage: Storage | None = None
    """Storage, excursions and in-use limits."""
    interactions: Interactions | None = None
    """Drug interactions, or an explicit none-known statement."""
    adverse_reactions: list[AdverseReaction] = []
    """Adverse reactions with incidence."""
    warnings: list[SafetyWarning] = []
    """Boxed warnings and precautions."""
    monitoring: list[Monitoring] = []
    """Monitoring parameters."""
    pregnancy_lactation: PregnancyLactation | None = None
    """Pregnancy and lactation."""
    patient_education: PatientEducation | None = None
    """Patient education."""
    sources: list[Source] = []
    """Every source cited anywhere in the monograph."""
    review: Review
    """Review status and change log."""
