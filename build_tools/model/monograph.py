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
from build_tools.model.storage import (
    Storage,
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


Ndc = Annotated[str, StringConstraints(pattern=r"^(\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2})$")]
"""An NDC package code with its hyphens, as the label prints it (4-4-2, 5-3-2, 5-4-1 or the
11-digit 5-4-2)."""
RevisionDate = Annotated[str, StringConstraints(pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")]
"""A label's revision date as it states it: YYYY-MM, or YYYY-MM-DD when the day is given."""


class Codes(Model):
    """Standard codes for the active ingredient; each is optional and format-checked."""

    rxcui: Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,8}$")] | None = None
    """RxNorm concept unique identifier of the ingredient (digits)."""
    atc: list[Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}$")]] = []
    """WHO ATC codes at the chemical-substance level, e.g. M09AX07."""
    unii: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{10}$")] | None = None
    """FDA Unique Ingredient Identifier (10 characters)."""


class Identity(Cited):
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

    id: Slug | None = None
    """Identifier, unique in the monograph, for regimens that name the forms they use."""
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
    ndc: list[Ndc] = []
    """US National Drug Code package codes the label lists for this form (labeler-product-package,
    e.g. 64406-058-01), so an app can map a dispensed package to the monograph."""
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
    """A single value (the mean, median... that ``statistic`` names)."""
    sd: Quantity | None = None
    """Standard deviation around a mean value (mean ± SD is kept as such, never as a range)."""
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
    """A condition in which the drug must not be used, optionally only for some indications,
    populations or dosage forms."""

    condition: Text
    """The contraindicating condition."""
    indications: list[Slug] = []
    """Ids of the indications it is limited to (pregnancy, for migraine prevention only); empty
    means every indication."""
    populations: list[PopulationGroup] = []
    """Populations it is limited to; empty means everyone."""
    dosage_forms: list[Slug] = []
    """Ids of the dosage forms (in ``dosage_forms``) it is limited to; empty means every form."""


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
    severity: Literal["contraindicated", "major", "moderate", "minor", "not-stated"]
    """Clinical severity as the source grades it; not-stated when it gives none (never guess)."""
    management: Text | None = None
    """What to do about it."""
    indications: list[Slug] = []
    """Ids of the indications it is limited to; empty means every indication."""
    populations: list[PopulationGroup] = []
    """Population groups it is limited to; empty means every population."""
    dosage_forms: list[Slug] = []
    """Ids of the dosage forms (in ``dosage_forms``) it is limited to; empty means every form."""
    regimens: list[Slug] = []
    """Ids of the regimens it is limited to; empty means every regimen."""


class Interactions(Model):
    """Interactions, or an explicit statement that none are known."""

    none_known: NoneStatement | None = None
    """The source states that no clinically significant interactions are known."""
    none_found: NoneStatement | None = None
    """None were found in the sources checked (weaker than none known: the sources are silent)."""
    items: list[Interaction] = []
    """Interactions."""


FrequencyBand = Literal[
    "gt-10-percent", "1-to-10-percent", "lt-1-percent", "postmarketing", "not-reported",
]


class ComparatorArm(Model):
    """The incidence in a trial's comparator arm (placebo or an active drug)."""

    arm: Literal["placebo", "active"]
    """Kind of comparator."""
    name: Name | None = None
    """The active comparator's name."""
    percent: Percent
    """Incidence in that arm, in percent."""


class EventRate(Model):
    """An incidence given as events per patient-time."""

    value: Annotated[float, Field(ge=0)]
    """The rate."""
    per: Literal["patient-year", "100-patient-years", "1000-patient-years"]
    """The exposure it counts against."""


class AdverseReaction(Scoped):
    """An adverse reaction with its incidence as the source gives it."""

    term: Name
    """Clinical term for the reaction."""
    system: Name
    """Organ system, e.g. Gastrointestinal."""
    percent: Percent | None = None
    """Incidence in percent (0-100), when the source gives one number."""
    percent_range: QuantityRange | None = None
    """Incidence as a range in percent (unit %), when the source gives a range across trials."""
    comparator: ComparatorArm | None = None
    """Incidence in the comparator arm of the same trial."""
    rate: EventRate | None = None
    """Incidence as events per patient-time."""
    cioms: Literal["very-common", "common", "uncommon", "rare", "very-rare", "not-known"] | None = None
    """CIOMS frequency term, when that is what the source (an EU SmPC) gives."""
    band: FrequencyBand
    """Frequency band: over 10%, 1 to 10%, under 1%, postmarketing/case reports only, or
    not-reported (listed in the label without an incidence); must agree with the incidence."""
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
        "baseline", "before-each-dose", "after-dose", "after-first-dose", "periodically",
        "as-clinically-indicated", "at-steady-state", "after-dose-change", "until-stable",
    ]
    """The occasion: after-dose is after every dose, after-first-dose only after the first."""
    offset: QuantityRange | None = None
    """Time after the dose (for after-dose and after-first-dose), in time units."""
    interval: Interval | None = None
    """How often (for periodically and until-stable)."""
    interval_up_to: Interval | None = None
    """Upper end when the source gives an interval range (every 1 to 2 months)."""
    then: Text | None = None
    """What follows once this timing ends (until stable, then every 6 to 12 months)."""
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
    indications: list[Slug] = []
    """Ids of the indications it is for; empty means every indication."""
    regimens: list[Slug] = []
    """Ids of the regimens it is for; empty means every regimen."""
    populations: list[PopulationGroup] = []
    """Population groups it is limited to; empty means every population."""
    dosage_forms: list[Slug] = []
    """Ids of the dosage forms (in ``dosage_forms``) it is limited to; empty means every form."""
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


SourceKind = Literal[
    "label", "regulator-assessment", "guideline", "reference", "article", "secondary-summary",
    "patient-information", "other",
]


class Source(Model):
    """A document facts were taken from, declared once and cited by id."""

    id: Slug
    """Identifier cited from sections."""
    kind: SourceKind
    """label: the product's own prescribing information (US PI, EU SmPC, Canadian PM);
    regulator-assessment (an EPAR, an FDA review); guideline; reference (a textbook or
    compendium); article; secondary-summary (a summary of a label by a third party, or an
    AI-written page: a last resort); patient-information; other."""
    title: Name
    """Title of the document or page."""
    publisher: Name
    """Who publishes it (the issuer: the regulator, manufacturer or society)."""
    url: Url
    """Where to read it (http or https)."""
    accessed: IsoDate
    """When it was read."""
    version: Name | None = None
    """Label revision or version as the document states it (e.g. Revised: 6/2023)."""
    revised: RevisionDate | None = None
    """The revision date the document states, as YYYY-MM (or YYYY-MM-DD): which label
    revision the monograph reflects; the currency rule warns when it is old."""
    document_id: Name | None = None
    """The document's id: DailyMed set id, EU product number, DIN."""
    regions: list[Region] = []
    """Region the source speaks for (a national label), if any."""


ReviewedSection = Literal[
    "all", "identity", "dosage_forms", "indications", "contraindications", "dosing",
    "dose_adjustments", "missed_doses", "administration", "storage", "interactions",
    "adverse_reactions", "warnings", "monitoring", "pregnancy_lactation", "patient_education",
    "pharmacology", "sources",
]


class Reviewer(Model):
    """A review record: who reviewed the monograph, when, what, and in which pull request."""

    name: Name
    """Reviewer's name, as listed in .github/reviewers.yaml."""
    role: Name
    """Professional role, e.g. Clinical pharmacist."""
    date: IsoDate
    """Date of the review."""
    github: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")] | None = None
    """The reviewer's GitHub login, as listed in .github/reviewers.yaml (the pull-request check
    matches it)."""
    pull_request: Annotated[int, Field(ge=1)] | None = None
    """The number of the pull request in which the review happened."""
    sections: list[ReviewedSection] = []
    """The sections checked against the sources ("all" for the whole monograph)."""


class ChangeEntry(Model):
    """One entry of the change log."""

    date: IsoDate
    """When the change was made."""
    summary: Text
    """What changed."""


CoreSection = Literal["dosage_forms", "indications", "dosing", "storage", "adverse_reactions", "sources"]
"""The sections a finished monograph gives, or says are not applicable (identity and review are
always required)."""


class NotApplicable(Model):
    """A core section that does not apply to this drug, and why (so its absence is a statement,
    not an omission)."""

    section: CoreSection
    """The section that does not apply."""
    reason: Text
    """Why, in plain words, e.g. "supplied and dosed only as a kit; storage is on the kit's own
    monograph"."""


class Review(Model):
    """Review status: no monograph claims a review that did not happen."""

    status: Literal["incomplete", "draft", "reviewed"]
    """incomplete while sections are still missing or TODO markers remain (not published on the
    site or in the export); draft once finished, until a qualified reviewer has checked it
    against its sources; reviewed only after that review happened."""
    last_updated: IsoDate
    """When the content last changed."""
    reviewers: list[Reviewer] = []
    """Who reviewed it; required for reviewed, forbidden for draft."""
    changes: list[ChangeEntry] = []
    """Change log, newest first."""
    not_applicable: list[NotApplicable] = []
    """Core sections that do not apply to this drug, each with its reason."""


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
