"""An HL7 FHIR R5 view of a monograph: one Bundle (type collection) per monograph.

The Bundle holds a MedicationKnowledge (names, codes, classification, dose forms, routes,
strengths, dosing guidelines as Dosage/Timing, storage, monitoring, preparation) and one
ClinicalUseDefinition per contraindication, interaction, adverse reaction and warning.

FHIR R5 cannot carry everything a monograph states; docs/api/fhir.md lists exactly what is lost
and how it degrades. The native JSON export is never lossy. This module builds plain dicts and
does not import ``fhir.resources`` (a test-only dependency that checks every resource).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from build_tools.compute.doses import per_administration
from build_tools.compute.words import cycle_text, duration_text, number_text, weekdays_text
from build_tools.model import (
    AdverseReaction,
    Cycle,
    Dose,
    Duration,
    Excursion,
    InUseLimit,
    Monograph,
    Phase,
    Quantity,
    QuantityRange,
    Regimen,
    StorageCondition,
)
from build_tools.model.tree import json_number
from build_tools.model.units import CALENDAR_UNITS, display_unit

JSON = Any
BASE = "https://drug-monographs.example.org/fhir"
UCUM = "http://unitsofmeasure.org"
ROUTE_SYSTEM = f"{BASE}/CodeSystem/route"
REVIEW_SYSTEM = f"{BASE}/CodeSystem/review-status"
REGIONS_URL = f"{BASE}/StructureDefinition/regions"
SEVERITY_URL = f"{BASE}/StructureDefinition/interaction-severity"
RANGE_EDGES_URL = f"{BASE}/StructureDefinition/range-edges"
TOTAL_DOSE_URL = f"{BASE}/StructureDefinition/total-dose-per-period"
CYCLE_URL = f"{BASE}/StructureDefinition/treatment-cycle"
ISO_3166 = "urn:iso:std:iso:3166"
FREQUENCY_SYSTEM = "http://hl7.org/fhir/undesirable-effect-frequency"
CATEGORY_SYSTEM = "http://hl7.org/fhir/clinical-use-definition-category"
PUBLICATION_STATUS = "http://hl7.org/fhir/publication-status"
CODE_SYSTEMS = {"rxcui": "http://www.nlm.nih.gov/research/umls/rxnorm",
                "unii": "http://fdasis.nlm.nih.gov"}
ATC_SYSTEM = "http://www.whocc.no/atc"
_BAND_TEXT = {"gt-10-percent": "more than 10%", "1-to-10-percent": "1% to 10%",
              "lt-1-percent": "less than 1%",
              "postmarketing": "postmarketing or case reports; frequency not known",
              "not-reported": "reported without an incidence"}


# ---------------------------------------------------------------------------------------------
# Datatypes
# ---------------------------------------------------------------------------------------------


_URL_NAMESPACE = uuid.NAMESPACE_URL.bytes
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def resource_id(monograph_id: str, *parts: str | int) -> str:
    """A stable resource id (a UUID derived from the monograph id and the statement's place); this
    is ``uuid.uuid5(NAMESPACE_URL, name)`` in a third of the time (a bundle has one per statement)."""
    name = "/".join([BASE, monograph_id, *map(str, parts)])
    x = hashlib.sha1(_URL_NAMESPACE + name.encode("utf-8")).hexdigest()
    return f"{x[:8]}-{x[8:12]}-5{x[13:16]}-{_VARIANT[x[16]]}{x[17:20]}-{x[20:32]}"


def text_concept(text: str) -> dict[str, JSON]:
    """A CodeableConcept with text only."""
    return {"text": text}



def quantity(value: float, unit: str) -> dict[str, JSON]:
    """A UCUM Quantity: code is the UCUM code, unit the clinical display form."""
    return {"value": json_number(value), "unit": display_unit(unit) or unit, "system": UCUM,
            "code": unit}


def from_quantity(q: Quantity | Duration) -> dict[str, JSON]:
    """A FHIR Quantity (or Duration) from a model quantity."""
    return quantity(q.value, q.unit)


_COMPARATOR = {"gte": ">=", "gt": ">", "lte": "<=", "lt": "<"}


def from_range(r: QuantityRange) -> dict[str, JSON]:
    """A FHIR Range; an open end is left out. FHIR's Range has no comparators (both ends read as
    included), so every end's comparator also goes in the range-edges extension."""
    out: dict[str, JSON] = {}
    if r.low is not None:
        out["low"] = quantity(r.low, r.unit)
    if r.high is not None:
        out["high"] = quantity(r.high, r.unit)
    edges = [{"url": end, "valueCode": _COMPARATOR[key]}
             for end, key in (("low", "gte" if r.gte is not None else "gt" if r.gt is not None else ""),
                              ("high", "lte" if r.lte is not None else "lt" if r.lt is not None else ""))
             if key]
    out["extension"] = [{"url": RANGE_EDGES_URL, "extension": edges}]
    return out


def band_value(r: QuantityRange) -> dict[str, JSON]:
    """A band as a characteristic's value: a Quantity with its comparator when one end is open
    (lossless), otherwise a Range with the range-edges extension."""
    if r.low is None or r.high is None:
        key = next(k for k in ("gte", "gt", "lte", "lt") if getattr(r, k) is not None)
        value = getattr(r, key)
        return {"valueQuantity": {"comparator": _COMPARATOR[key], **quantity(value, r.unit)}}
    return {"valueRange": from_range(r)}


def regions_extension(regions: Sequence[str]) -> dict[str, JSON]:
    """The regions a statement is limited to, as an extension (empty when it applies anywhere)."""
    if not regions:
        return {}
    coding = [{"system": ISO_3166, "code": r} for r in regions]
    return {"extension": [{"url": REGIONS_URL, "valueCodeableConcept": {"coding": coding}}]}


def route_concept(route: str) -> dict[str, JSON]:
    """A route as a project code (no SNOMED CT mapping yet) with its text."""
    return {"coding": [{"system": ROUTE_SYSTEM, "code": route, "display": route}], "text": route}



# ---------------------------------------------------------------------------------------------
# Dosing
# ---------------------------------------------------------------------------------------------


def dose_and_rate(dose: Dose) -> list[dict[str, JSON]]:
    """Dosage.doseAndRate: the amount per administration (FHIR's dose is always per
    administration, so a daily total is divided, and only when the division is one number), or
    the rate of an infusion."""
    if dose.basis == "rate":  # a continuous infusion: FHIR's rate, never a dose per administration
        if dose.amount is not None:
            return [{"rateQuantity": from_quantity(dose.amount)}]
        return [{"rateRange": from_range(dose.range)}] if dose.range is not None else []
    if dose.basis == "per-administration" and dose.range is not None:
        return [{"doseRange": from_range(dose.range)}]
    each = per_administration(dose)
    if each is not None:
        return [{"doseQuantity": quantity(each.value, each.unit)}]
    return []


def total_dose_extension(dose: Dose) -> list[dict[str, JSON]]:
    """A daily (or other period's) total as an extension: Ratio of amount to period, or Range."""
    if dose.basis != "total-per-period" or dose.period is None:
        return []
    if dose.amount is not None:
        value: dict[str, JSON] = {"valueRatio": {"numerator": from_quantity(dose.amount),
                                                 "denominator": from_quantity(dose.period)}}
    elif dose.range is not None:
        value = {"valueRange": from_range(dose.range)}
    else:
        return []
    parts = [{"url": "total", **value}, {"url": "period", "valueDuration": from_quantity(dose.period)}]
    if dose.divided_into is not None:
        parts.append({"url": "divided-into", "valueInteger": dose.divided_into})
    if dose.divided_into_up_to is not None:
        parts.append({"url": "divided-into-up-to", "valueInteger": dose.divided_into_up_to})
    return [{"url": TOTAL_DOSE_URL, "extension": parts}]


_CAP_PERIOD = {"day": (1, "d"), "week": (1, "wk")}


def max_doses(dose: Dose) -> dict[str, JSON]:
    """Caps as FHIR's maxDosePerAdministration, maxDosePerPeriod and maxDosePerLifetime (a cap
    per course has no FHIR element; it stays in the instructions)."""
    out: dict[str, JSON] = {}
    for cap in dose.caps:
        if cap.per == "dose":
            out["maxDosePerAdministration"] = from_quantity(cap.amount)
        elif cap.per in _CAP_PERIOD:
            value, unit = _CAP_PERIOD[cap.per]
            out.setdefault("maxDosePerPeriod", []).append(
                {"numerator": from_quantity(cap.amount), "denominator": quantity(value, unit)})
        elif cap.per == "lifetime":
            out["maxDosePerLifetime"] = from_quantity(cap.amount)
    return out


def timing(phase: Phase) -> dict[str, JSON]:
    """Timing.repeat: frequency per period, dose count and phase length (UCUM units of time)."""
    repeat: dict[str, JSON] = {}
    freq = phase.frequency
    if freq is not None:
        repeat.update(frequency=freq.times, period=json_number(freq.every.value),
                      periodUnit=freq.every.unit)
        if freq.every_up_to is not None and freq.every_up_to.unit == freq.every.unit:
            repeat["periodMax"] = json_number(freq.every_up_to.value)
        if freq.on_weekdays is not None and freq.on_weekdays.days:
            repeat["dayOfWeek"] = list(freq.on_weekdays.days)
    cycle = phase.cycle
    if cycle is not None:  # n doses per cycle length; the dose days go in the treatment-cycle extension
        per_cycle = cycle.block.count if cycle.block is not None else len(cycle.dose_days)
        repeat.update(frequency=per_cycle, period=json_number(cycle.length.value),
                      periodUnit=cycle.length.unit)
        if cycle.cycles is not None:
            repeat["count"] = cycle.cycles * per_cycle
        if cycle.cycles_up_to is not None:
            repeat["countMax"] = cycle.cycles_up_to * per_cycle
    count = phase.count if phase.count is not None else (1 if freq is None and cycle is None else None)
    if count is not None:
        repeat["count"] = count
    if phase.duration is not None:
        repeat["boundsDuration"] = from_quantity(phase.duration)
    out: dict[str, JSON] = {"repeat": repeat}
    if cycle is not None:
        out["extension"] = [cycle_extension(cycle)]
    return out


def cycle_extension(cycle: Cycle) -> dict[str, JSON]:
    """A treatment cycle (FHIR Timing has none): its length, dose days or run of doses, and the
    number of cycles."""
    parts: list[dict[str, JSON]] = [{"url": "length", "valueDuration": from_quantity(cycle.length)}]
    parts += [{"url": "dose-day", "valueInteger": d} for d in cycle.dose_days]
    if cycle.block is not None:
        parts += [{"url": "run-count", "valueInteger": cycle.block.count},
                  {"url": "run-every", "valueDuration": from_quantity(cycle.block.every)}]
    if cycle.cycles is not None:
        parts.append({"url": "cycles", "valueInteger": cycle.cycles})
    if cycle.cycles_up_to is not None:
        parts.append({"url": "cycles-up-to", "valueInteger": cycle.cycles_up_to})
    return {"url": CYCLE_URL, "extension": parts}


def dosage(phase: Phase, sequence: int, regimen: Regimen, notes: Sequence[str]) -> dict[str, JSON]:
    """One phase as a Dosage; the start offset and regimen notes become instructions."""
    out: dict[str, JSON] = {"sequence": sequence, "timing": timing(phase)}
    if phase.text:
        out["text"] = phase.text
    instructions = []
    if phase.start_after is not None:
        instructions.append(f"Start {duration_text(phase.start_after)} after the previous dose.")
    if phase.frequency is not None and phase.frequency.every.unit in CALENDAR_UNITS:
        instructions.append(f"Every {duration_text(phase.frequency.every)}: the same day of the "
                            "month, or the month's last day when that day does not exist.")
    instructions += [f"No more than {number_text(c.amount.value)} {display_unit(c.amount.unit)} per course of treatment."
                     for c in phase.dose.caps if c.per == "course"]
    if phase.cycle is not None:
        instructions.append(f"Give on {cycle_text(phase.cycle)}.")
    weekdays = phase.frequency.on_weekdays if phase.frequency is not None else None
    if weekdays is not None:
        instructions.append(f"Give {weekdays_text(weekdays)}.")
    if phase.until is not None:
        instructions.append(f"Continue until: {phase.until.text}")
    instructions += notes
    if instructions:
        out["additionalInstruction"] = [text_concept(t) for t in instructions]
    if phase.frequency is not None and phase.frequency.as_needed:
        out["asNeeded"] = True
    if len(regimen.routes) == 1:
        out["route"] = route_concept(regimen.routes[0])
    else:
        out["route"] = text_concept(" or ".join(regimen.routes))
    if rates := dose_and_rate(phase.dose):
        out["doseAndRate"] = rates
    if extension := total_dose_extension(phase.dose):
        out["extension"] = extension
    out.update(max_doses(phase.dose))
    return out


def patient_characteristics(regimen: Regimen) -> list[dict[str, JSON]]:
    """Who a regimen is for: group, description, age and weight bands, other condition."""
    pop = regimen.population
    out = [{"type": text_concept("population group"), "valueCodeableConcept": text_concept(pop.group)}]
    if pop.description:
        out.append({"type": text_concept("population"),
                    "valueCodeableConcept": text_concept(pop.description)})
    for name, band in (("age", pop.age), ("body weight", pop.weight), ("body surface area", pop.bsa)):
        if band is not None:
            out.append({"type": text_concept(name), **band_value(band)})
    if pop.condition:
        out.append({"type": text_concept("condition"),
                    "valueCodeableConcept": text_concept(pop.condition)})
    return out


def dosing_guideline(regimen: Regimen) -> dict[str, JSON]:
    """A regimen as a dosing guideline: one Dosage per phase, in order."""
    first_notes = [f"Given with {c.medication} ({c.purpose}, {c.requirement}): {c.text}"
                   for c in regimen.companions] + list(regimen.notes)
    dosages = [
        {"type": text_concept(phase.kind),
         "dosage": [dosage(phase, i + 1, regimen, first_notes if i == 0 else [])]}
        for i, phase in enumerate(regimen.phases)
    ]
    out: dict[str, JSON] = {"patientCharacteristic": patient_characteristics(regimen)}
    if dosages:
        out["dosage"] = dosages
    out.update(regions_extension(regimen.regions))
    return out


def indication_guidelines(m: Monograph) -> list[dict[str, JSON]]:
    """Each indication with the dosing guidelines of its regimens."""
    out = []
    for indication in m.indications:
        guideline: dict[str, JSON] = {"indication": [{"concept": text_concept(indication.condition)}]}
        regimens = [dosing_guideline(r) for r in m.dosing if indication.id in r.indications]
        if regimens:
            guideline["dosingGuideline"] = regimens
        guideline.update(regions_extension(indication.regions))
        out.append(guideline)
    return out


# ---------------------------------------------------------------------------------------------
# Products, storage, monitoring, preparation
# ---------------------------------------------------------------------------------------------


def medication_code(m: Monograph) -> dict[str, JSON]:
    """The ingredient's codes (RxNorm, UNII) with the generic name as text."""
    coding = []
    codes = m.identity.codes
    if codes is not None:
        for field, system in CODE_SYSTEMS.items():
            code = getattr(codes, field)
            if code:
                coding.append({"system": system, "code": code, "display": m.identity.generic_name})
    out: dict[str, JSON] = {"text": m.identity.generic_name}
    if coding:
        out["coding"] = coding
    return out


def classifications(m: Monograph) -> list[dict[str, JSON]]:
    """Pharmacologic categories and ATC codes."""
    out = []
    if m.identity.categories:
        out.append({"type": text_concept("pharmacologic category"),
                    "classification": [text_concept(c) for c in m.identity.categories]})
    atc = m.identity.codes.atc if m.identity.codes else []
    if atc:
        out.append({"type": text_concept("ATC"), "sourceUri": ATC_SYSTEM,
                    "classification": [{"coding": [{"system": ATC_SYSTEM, "code": c}]} for c in atc]})
    return out


def definitional(m: Monograph) -> dict[str, JSON]:
    """Dose form (when there is only one), routes and one strength per dosage form."""
    out: dict[str, JSON] = {}
    forms = list(dict.fromkeys(f.form for f in m.dosage_forms))
    if len(forms) == 1:
        out["doseForm"] = text_concept(forms[0])
    routes = list(dict.fromkeys(r for f in m.dosage_forms for r in f.routes))
    if routes:
        out["intendedRoute"] = [route_concept(r) for r in routes]
    ingredients = []
    for form in m.dosage_forms:
        item: dict[str, JSON] = {"item": {"concept": medication_code(m)}}
        strength = form.strength
        if strength.per is not None:
            item["strengthRatio"] = {"numerator": from_quantity(strength.amount),
                                     "denominator": from_quantity(strength.per)}
        else:
            item["strengthQuantity"] = from_quantity(strength.amount)
        if item not in ingredients:
            ingredients.append(item)
    if ingredients:
        out["ingredient"] = ingredients
    return out


def _temperature_setting(r: QuantityRange) -> dict[str, JSON]:
    """An environmental setting for a temperature range (UCUM Cel)."""
    return {"type": text_concept("temperature"), "valueRange": from_range(r)}


def _flag_settings(**flags: bool) -> list[dict[str, JSON]]:
    """Handling requirements (protect from light, do not freeze, ...) as text settings."""
    words = {"protect_from_light": "protect from light", "do_not_freeze": "do not freeze",
             "do_not_shake": "do not shake"}
    return [{"type": text_concept("handling"), "valueCodeableConcept": text_concept(words[k])}
            for k, on in flags.items() if on]


def _note(text: str, more: str | None) -> list[dict[str, JSON]]:
    """A one-annotation note: a summary, then the statement's own words if any."""
    return [{"text": text + (f". {more}" if more else "")}]


def _condition(c: StorageCondition) -> dict[str, JSON]:
    """A storage condition as a storage guideline."""
    summary = f"{c.applies_to}: {c.kind}" + (f", in the {c.container}" if c.container else "")
    flags = _flag_settings(protect_from_light=c.protect_from_light,
                           do_not_freeze=c.do_not_freeze, do_not_shake=c.do_not_shake)
    settings = [_temperature_setting(c.temperature)] if c.temperature is not None else []
    return {"note": _note(summary, c.note), "environmentalSetting": [*settings, *flags],
            **regions_extension(c.regions)}


def _excursion(e: Excursion) -> dict[str, JSON]:
    """An allowed excursion as a storage guideline with a stability duration."""
    summary = f"{e.applies_to}: allowed excursion" + (" (cumulative)" if e.cumulative else "")
    flags = _flag_settings(protect_from_light=e.protect_from_light)
    out: dict[str, JSON] = {"note": _note(summary, e.text),
                            "environmentalSetting": [_temperature_setting(e.temperature), *flags],
                            **regions_extension(e.regions)}
    if e.max_duration is not None:
        out["stabilityDuration"] = from_quantity(e.max_duration)
    return out


def _in_use(u: InUseLimit) -> dict[str, JSON]:
    """An in-use limit as a storage guideline with a stability duration."""
    summary = (f"{u.applies_to}, after {u.after.replace('-', ' ')}: use within "
               f"{duration_text(u.max_duration)}, then {u.then.replace('-', ' ')}")
    out: dict[str, JSON] = {"note": _note(summary, u.text),
                            "stabilityDuration": from_quantity(u.max_duration),
                            **regions_extension(u.regions)}
    if u.temperature is not None:
        out["environmentalSetting"] = [_temperature_setting(u.temperature)]
    return out


def storage_guidelines(m: Monograph) -> list[dict[str, JSON]]:
    """Storage conditions, excursions and in-use limits, in that order (temperatures in Cel)."""
    if m.storage is None:
        return []
    return [*map(_condition, m.storage.conditions), *map(_excursion, m.storage.excursions),
            *map(_in_use, m.storage.in_use)]


def monitoring_programs(m: Monograph) -> list[dict[str, JSON]]:
    """Monitoring as named programs (FHIR has no place for timing details or thresholds)."""
    out = []
    for mon in m.monitoring:
        whens = ", ".join(t.when.replace("-", " ") for t in mon.timing)
        name = mon.parameter + (f" ({mon.specimen})" if mon.specimen else "")
        out.append({"type": text_concept("monitoring"),
                    "name": name + (f": {whens}" if whens else "")})
    return out


_MD_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def markdown_escape(text: str) -> str:
    """Plain text made safe for a FHIR markdown field: every ASCII punctuation character is
    backslash-escaped (CommonMark lets any be), so no character starts markup: no emphasis,
    heading, rule (---), list (1.), entity (&lt;), raw HTML or autolink (https://); line breaks
    become spaces and lines lose their indentation, so a text never leaves the list item it is
    in or turns into code."""
    flat = " ".join(line.strip() for line in text.splitlines())  # no indented-code block
    return "".join("\\" + ch if ch in _MD_PUNCTUATION else ch for ch in flat)


def preparation_instruction(m: Monograph) -> str | None:
    """Preparation and administration steps as a Markdown numbered list."""
    a = m.administration
    if a is None or not (a.preparation or a.steps):
        return None
    parts = []
    for title, steps in (("Preparation", a.preparation), ("Administration", a.steps)):
        if steps:
            lines = [f"{i}. {markdown_escape(s.text)}" for i, s in enumerate(steps, start=1)]
            parts.append(f"{title}:\n\n" + "\n".join(lines))
    return "\n\n".join(parts)


def medication_knowledge(m: Monograph, clinical_uses: Sequence[str]) -> dict[str, JSON]:
    """The MedicationKnowledge resource; ``clinical_uses`` are the ClinicalUseDefinition ids."""
    names = list(dict.fromkeys([m.identity.generic_name, *(b.name for b in m.identity.brands),
                                *m.identity.synonyms]))
    mk: dict[str, JSON] = {
        "resourceType": "MedicationKnowledge",
        "id": resource_id(m.id, "MedicationKnowledge"),
        "meta": {"tag": [{"system": REVIEW_SYSTEM, "code": m.review.status}]},
        "identifier": [{"system": f"{BASE}/monograph-id", "value": m.id}],
        "code": medication_code(m),
        "status": "active",
        "name": names,
    }
    optional = {
        "medicineClassification": classifications(m),
        "definitional": definitional(m),
        "indicationGuideline": indication_guidelines(m),
        "storageGuideline": storage_guidelines(m),
        "monitoringProgram": monitoring_programs(m),
        "preparationInstruction": preparation_instruction(m),
        "clinicalUseIssue": [{"reference": f"urn:uuid:{i}"} for i in clinical_uses],
    }
    mk.update({k: v for k, v in optional.items() if v})
    return mk


# ---------------------------------------------------------------------------------------------
# Clinical use definitions
# ---------------------------------------------------------------------------------------------


def frequency_concept(reaction: AdverseReaction) -> dict[str, JSON]:
    """Common/Uncommon/Rare where the numbers allow it; the incidence itself only as text."""
    text = _BAND_TEXT[reaction.band]
    if reaction.percent is not None:
        text = f"{reaction.percent:g}% ({text})"
    code = None
    if reaction.band in ("gt-10-percent", "1-to-10-percent"):
        code = "Common"
    elif reaction.percent is not None:
        code = "Uncommon" if reaction.percent >= 0.1 else "Rare"
    out: dict[str, JSON] = {"text": text}
    if code:
        out["coding"] = [{"system": FREQUENCY_SYSTEM, "code": code, "display": code}]
    return out


def _clinical_use(m: Monograph, kind: str, index: int, body: dict[str, JSON],
                  regions: Sequence[str] = ()) -> dict[str, JSON]:
    """A ClinicalUseDefinition of one type, with a stable id and the review status."""
    status = "active" if m.review.status == "reviewed" else "draft"
    out = {
        "resourceType": "ClinicalUseDefinition",
        "id": resource_id(m.id, "ClinicalUseDefinition", kind, index),
        "type": kind,
        "status": {"coding": [{"system": PUBLICATION_STATUS, "code": status}]},
        **body,
    }
    out.update(regions_extension(regions))
    return out


def contraindications(m: Monograph) -> list[dict[str, JSON]]:
    """One contraindication resource per listed condition (a 'none listed' statement has none)."""
    items = m.contraindications.items if m.contraindications else []
    return [_clinical_use(m, "contraindication", i,
                          {"contraindication": {"diseaseSymptomProcedure": {
                              "concept": text_concept(c.condition)}}}, c.regions)
            for i, c in enumerate(items)]


def interactions(m: Monograph) -> list[dict[str, JSON]]:
    """One interaction resource per interacting agent; severity goes in an extension."""
    out = []
    for i, x in enumerate(m.interactions.items if m.interactions else []):
        body: dict[str, JSON] = {
            "extension": [{"url": SEVERITY_URL, "valueCode": x.severity}],
            "interactant": [{"itemCodeableConcept": text_concept(x.agent)}],
            "type": text_concept(x.kind),
            "effect": {"concept": text_concept(x.effect)},
        }
        if x.management:
            body["management"] = [text_concept(x.management)]
        out.append(_clinical_use(m, "interaction", i, {"interaction": body}, x.regions))
    return out


def undesirable_effects(m: Monograph) -> list[dict[str, JSON]]:
    """One undesirable-effect resource per adverse reaction, with its frequency category."""
    return [_clinical_use(m, "undesirable-effect", i, {"undesirableEffect": {
                "symptomConditionEffect": {"concept": text_concept(r.term)},
                "classification": text_concept(r.system),
                "frequencyOfOccurrence": frequency_concept(r)}}, r.regions)
            for i, r in enumerate(m.adverse_reactions)]


def safety_warnings(m: Monograph) -> list[dict[str, JSON]]:
    """Warnings (boxed ones categorised) and pregnancy and lactation considerations."""
    out = []
    for i, w in enumerate(m.warnings):
        description = markdown_escape(w.text)
        if w.actions:
            description += "\n\n" + "\n".join(f"- {markdown_escape(a)}" for a in w.actions)
        body: dict[str, JSON] = {"warning": {"code": text_concept(w.topic), "description": description}}
        if w.boxed:
            body["category"] = [text_concept("boxed warning")]
        out.append(_clinical_use(m, "warning", i, body, w.regions))
    pl = m.pregnancy_lactation
    considerations = [*(pl.pregnancy if pl else []), *(pl.lactation if pl else [])]
    pregnancy = {"coding": [{"system": CATEGORY_SYSTEM, "code": "Pregnancy",
                             "display": "Pregnancy and Lactation"}]}
    for j, c in enumerate(considerations):
        body = {"category": [pregnancy],
                "warning": {"code": text_concept(c.topic or "Pregnancy and lactation"),
                            "description": markdown_escape(c.text)}}
        out.append(_clinical_use(m, "warning", len(m.warnings) + j, body, c.regions))
    return out


def clinical_use_definitions(m: Monograph) -> list[dict[str, JSON]]:
    """Every ClinicalUseDefinition of a monograph, in a stable order."""
    return [*contraindications(m), *interactions(m), *undesirable_effects(m), *safety_warnings(m)]


def bundle(m: Monograph) -> dict[str, JSON]:
    """The monograph as a FHIR R5 Bundle of type collection (no timestamp: deterministic)."""
    uses = clinical_use_definitions(m)
    mk = medication_knowledge(m, [u["id"] for u in uses])
    return {
        "resourceType": "Bundle",
        "id": resource_id(m.id, "Bundle"),
        "identifier": {"system": f"{BASE}/monograph-id", "value": m.id},
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in (mk, *uses)],
    }
