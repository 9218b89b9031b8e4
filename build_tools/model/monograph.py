"""A monograph and its parts other than dosing: identity, products, pharmacology, indications,
administration, storage, safety, monitoring, sources and review."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    StringConstraints,
)

from build_tools.model.dosing import (
    DoseAdjustment,
    MissedDose,
    PopulationGroup,
    Regimen,
)
from build_tools.model.values import (
    Cited,
    Duration,
    Interval,
    IsoDate,
    Model,
    Name,
    Percent,
    Quantity,
    QuantityRange,
    Region,
    Route,
    Scoped,
    Slug,
    Text,
    Url,
)

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
