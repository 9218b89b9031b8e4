"""Everything the model holds is shown: on the page, in the export and, where FHIR has a place
for it, in the FHIR view.

The fixture ``everything.yaml`` sets every field of every model class. Each field is then changed
(one occurrence, to another valid value) and the page, the export document and the FHIR bundle
must each change; every value of every enum field must give a page of its own. A rendering that
is removed, or a field the page forgets, makes this fail with the field's name.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from build_tools.api.documents import SourceFile, export_monograph
from build_tools.check.load import load_bytes
from build_tools.check.validate import check_document
from build_tools.model import Monograph
from build_tools.model.units import UNITS
from build_tools.site.render import render_monograph
from tests.conftest import FIXTURES, compare_golden
from tests.everything import Field_, Path_, all_fields, enum_fields, leaves, used

FIXTURE = FIXTURES / "valid" / os.environ.get("EVERYTHING_FIXTURE", "everything.yaml")
TODAY = dt.date(2026, 12, 1)

#: Fields whose value is not printed on the page, and why (docs/api/index.md repeats the list).
NOT_ON_PAGE: dict[Field_, str] = {
    **{(cls, "id"): "an identifier: it links statements, and the page shows what it links"
       for cls in ("Source", "Phase", "Target", "SafetyWarning", "Companion", "DosageForm",
                   "Indication")},
    ("Monograph", "id"): "the page's address (monographs/<id>/) and the file name, not its text",
}

#: Fields no other valid value can be given in the fixture, and what tests them instead.
UNCHANGEABLE: dict[Field_, str] = {
    ("Excursion", "no_time_limit"): "only ever true; the storage-stated fixtures test its absence",
}

#: Enum values that cannot stand in the fixture as it is, and what tests them instead.
ENUM_ELSEWHERE: dict[Field_, set[str]] = {
    ("Review", "status"): {"draft"},  # a draft names no reviewer: review-status fixtures
}

#: Fields FHIR R5 has no element for (docs/api/fhir.md names each group); all others must map.
_FHIR_GAPS: dict[str, tuple[str, list[Field_]]] = {
    "storage": ("container, refrigeration rule, do-not-refreeze and administration steps' details: no storageGuideline element; in the export",
        [("Administration", "avoid_sites"), ("Excursion", "container"), ("Excursion",
         "may_return"), ("InUseLimit", "container"), ("InUseLimit", "do_not_refreeze"),
         ("InUseLimit", "refrigeration")]),
    "provenance": ("citations, verification flags, sources and review: FHIR R5 MedicationKnowledge has no per-statement provenance (the JSON export carries them)",
        [("Administration", "cite"), ("Administration", "verification"), ("AdverseReaction",
         "cite"), ("AdverseReaction", "verification"), ("Brand", "cite"), ("Brand",
         "verification"), ("ChangeEntry", "date"), ("ChangeEntry", "summary"), ("Citation",
         "locator"), ("Citation", "source"), ("Companion", "cite"), ("Companion", "verification"),
         ("Consideration", "cite"), ("Consideration", "verification"), ("Contraindication",
         "cite"), ("Contraindication", "verification"), ("DosageForm", "cite"), ("DosageForm",
         "verification"), ("DoseAdjustment", "cite"), ("DoseAdjustment", "verification"),
         ("Excursion", "cite"), ("Excursion", "verification"), ("Identity", "cite"), ("Identity",
         "verification"), ("InUseLimit", "cite"), ("InUseLimit", "verification"), ("Indication",
         "cite"), ("Indication", "verification"), ("Interaction", "cite"), ("Interaction",
         "verification"), ("MissedDose", "cite"), ("MissedDose", "verification"), ("Monitoring",
         "cite"), ("Monitoring", "verification"), ("NoneStatement", "cite"), ("NoneStatement",
         "verification"), ("PatientEducation", "cite"), ("PatientEducation", "verification"),
         ("Pharmacology", "cite"), ("Pharmacology", "verification"), ("Phase", "cite"), ("Phase",
         "verification"), ("PkValue", "cite"), ("PkValue", "verification"), ("PregnancyLactation",
         "cite"), ("PregnancyLactation", "verification"), ("Regimen", "cite"), ("Regimen",
         "verification"), ("Review", "last_updated"), ("Reviewer", "date"), ("Reviewer", "github"),
         ("Reviewer", "name"), ("Reviewer", "pull_request"), ("Reviewer", "role"), ("Reviewer", "sections"), ("SafetyWarning", "cite"), ("SafetyWarning", "verification"),
         ("Source", "accessed"), ("Source", "document_id"), ("Source", "id"), ("Source", "kind"),
         ("Source", "publisher"), ("Source", "regions"), ("Source", "revised"), ("Source", "title"), ("Source", "url"),
         ("Source", "version"), ("Step", "cite"), ("Step", "verification"), ("Storage", "cite"),
         ("Storage", "verification"), ("StorageCondition", "cite"), ("StorageCondition",
         "verification"), ("Target", "cite"), ("Target", "verification")]),
    "reactions": ("comparator arms, rates, CIOMS terms and reaction notes: undesirable-effect frequency is a category only",
        [("AdverseReaction", "cioms"), ("AdverseReaction", "note"), ("AdverseReaction",
         "population"), ("ComparatorArm", "arm"), ("ComparatorArm", "name"), ("ComparatorArm",
         "percent"), ("EventRate", "per"), ("EventRate", "value")]),
    "products": ("per-product details (form names when several, containers, flags, brands per form, pronunciation): one definitional block per monograph in R5; planned with the FHIR 2.0 work",
        [("Brand", "regions"), ("DosageForm", "brands"), ("DosageForm", "container"),
         ("DosageForm", "flags"), ("DosageForm", "form"), ("DosageForm", "id"), ("DosageForm", "ndc"), ("DosageForm",
         "note"), ("DosageForm", "regions"), ("Identity", "pronunciation")]),
    "adjustments": ("dose adjustments (criteria and changes): not yet mapped; planned with the FHIR 2.0 work",
        [("Cap", "text"), ("Change", "action"), ("Change", "factor"), ("Change", "text"),
         ("Criterion", "category"), ("Criterion", "gene"), ("Criterion", "genotype"), ("Criterion",
         "medication"), ("Criterion", "parameter"), ("Criterion", "phenotype"), ("Criterion",
         "text"), ("DoseAdjustment", "indications"), ("DoseAdjustment", "kind"), ("DoseAdjustment",
         "regimens"), ("DoseAdjustment", "regions")]),
    "companions": ("companion medicines' structured timing, weekday rules and cycle text: given as the companion's words and the treatment-cycle extension",
        [("Companion", "every_cycles"), ("Companion", "id"), ("Companion", "regions"),
         ("Companion", "routes"), ("CompanionTime", "anchor"), ("Cycle", "text"), ("Offset",
         "unit"), ("Offset", "value"), ("Weekdays", "days"), ("Weekdays", "text")]),
    "scope": ("scoping and identifiers (populations, off-label flag, notes, ids, alternatives, forms a regimen uses): no element in the resources used",
        [("Contraindication", "dosage_forms"), ("Contraindication", "indications"),
         ("Contraindication", "populations"), ("Indication", "id"), ("Indication", "labeled"),
         ("Indication", "note"), ("Indication", "populations"), ("NoneStatement", "note"),
         ("NoneStatement", "regions"), ("Phase", "id"), ("Regimen", "alternatives"), ("Regimen",
         "dosage_forms"), ("Regimen", "id"), ("SafetyWarning", "id"), ("SafetyWarning",
         "monitoring"), ("DoseAdjustment", "dosage_forms"), ("DoseAdjustment", "populations"), ("Excursion", "dosage_forms"),
         ("InUseLimit", "dosage_forms"), ("Interaction", "dosage_forms"), ("Interaction", "indications"),
         ("Interaction", "populations"), ("Interaction", "regimens"), ("MissedDose", "dosage_forms"),
         ("MissedDose", "regimens"), ("Monitoring", "dosage_forms"), ("Monitoring", "populations"),
         ("StorageCondition", "dosage_forms")]),
    "dose": ("a dose's basis and divisions where Timing already says it, rounding rules, and frequencies that only companions use in this fixture",
        [("Dose", "basis"), ("Dose", "divided_into"), ("Dose", "divided_into_up_to"), ("Dose",
         "rounding"), ("Frequency", "as_needed"), ("Frequency", "times")]),
    "titration": ("titration rules, targets, end events and relative doses: Dosage has no titration or target element (the phase text carries them)",
        [("EndEvent", "consecutive"), ("EndEvent", "event"), ("EndEvent", "otherwise"),
         ("EndEvent", "target"), ("RelativeDose", "factor"), ("RelativeDose", "of"),
         ("RelativeDose", "text"), ("Target", "id"), ("Target", "parameter"), ("Target",
         "regions"), ("Target", "specimen"), ("Target", "timing"), ("Titration", "direction"),
         ("Titration", "factor"), ("Titration", "hold"), ("Titration", "readings"), ("Titration",
         "step_of"), ("Titration", "target"), ("Titration", "until"), ("NomogramRow", "band"), ("NomogramRow", "bolus"), ("NomogramRow", "change"),
         ("NomogramRow", "direction"), ("NomogramRow", "hold"), ("NomogramRow", "recheck"),
         ("NomogramRow", "text")]),
    "missed": ("missed-dose rules: no Dosage element",
        [("MissedDose", "action"), ("MissedDose", "phases"), ("MissedDose", "regions"),
         ("MissedDose", "text"), ("MissedDose", "then")]),
    "monitoring": ("monitoring timing and thresholds: monitoringProgram holds a name only",
        [("Monitoring", "id"), ("Monitoring", "indications"), ("Monitoring", "note"),
         ("Monitoring", "regimens"), ("Monitoring", "regions"), ("Threshold", "action"),
         ("Threshold", "comparator"), ("Timing", "text"), ("Timing", "then")]),
    "education": ("patient education: no MedicationKnowledge element",
        [("PatientEducation", "common_side_effects"), ("PatientEducation", "seek_help_now"),
         ("PatientEducation", "uses")]),
    "pharmacology": ("pharmacokinetics and pharmacology: no MedicationKnowledge element in R5",
        [("Pharmacology", "distribution"), ("Pharmacology", "elimination"), ("Pharmacology",
         "mechanism"), ("Pharmacology", "metabolism"), ("PkValue", "compartment"), ("PkValue",
         "note"), ("PkValue", "parameter"), ("PkValue", "phase"), ("PkValue", "population"),
         ("PkValue", "statistic")]),
}
NOT_IN_FHIR: dict[Field_, str] = {f: why for why, fields in _FHIR_GAPS.values() for f in fields}

#: Places per enum field where each value is tried (the first ones in document order).
ENUM_PLACES = 8

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@functools.cache
def _base() -> dict[str, Any]:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _check(data: dict[str, Any]) -> Monograph | None:
    raw = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")
    return check_document(load_bytes(raw, f"{data.get('id')}.yaml"), TODAY).model


def _outputs(model: Monograph) -> tuple[str, str, str]:
    part = export_monograph(model, SourceFile("monographs/everything.yaml", "0" * 64))
    return render_monograph(model), part.document.decode("utf-8"), part.fhir.decode("utf-8")


@functools.cache
def _base_outputs() -> tuple[str, str, str]:
    model = _check(_base())
    assert model is not None, "everything.yaml must validate"
    return _outputs(model)


def _get(data: Any, path: Path_) -> Any:
    for p in path:
        data = data[p]
    return data


def _set(data: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    parent = _get(out, path[:-1])
    parent[path[-1]] = value
    return out


def _rename(data: Any, old: str, new: str) -> Any:
    """Every occurrence of a string value replaced: an id and the references to it move together."""
    if isinstance(data, dict):
        return {k: _rename(v, old, new) for k, v in data.items()}
    if isinstance(data, list):
        return [_rename(v, old, new) for v in data]
    return new if data == old else data


def _other_units(unit: str) -> list[str]:
    kind = UNITS[unit][0] if unit in UNITS else None
    return [u for u, spec in UNITS.items() if spec[0] == kind and u != unit][:3]


#: Where the ids a reference field points to are declared (the list holding them).
_REFERS_TO = {"target": "targets", "phases": "phases", "indications": "indications",
              "monitoring": "monitoring", "regimens": "dosing", "dosage_forms": "dosage_forms",
              "alternatives": "dosing", "brands": "brands", "source": "sources"}
_REGIONS = ["US", "EU", "CA", "GB", "AU"]


def _ids(data: Any, container: str | None) -> list[str]:
    """The ids declared in lists named ``container`` (the values a reference can point to)."""
    return sorted({value for path, _, key, value in leaves(data)
                   if key in ("id", "name") and isinstance(value, str) and len(path) >= 3
                   and path[-3] == container})


def _coupled(data: dict[str, Any], path: Path_, field: Field_, new: Any) -> dict[str, Any]:
    """A value that a sibling must agree with: a weekday rule's day count is the frequency's times."""
    out = _set(data, path, new)
    if field == ("Weekdays", "chosen"):
        _get(out, path[:-2])["times"] = new
    return out


def _candidates(data: dict[str, Any], path: Path_, field: Field_, value: Any
                ) -> Iterator[dict[str, Any]]:
    """Variants of the data with this one value changed, most likely valid first; dropping an
    optional key comes last."""
    yield from _changes(data, path, field, value)
    if path[-1] == field[1]:
        yield _drop(data, path)


def _changes(data: dict[str, Any], path: Path_, field: Field_, value: Any
             ) -> Iterator[dict[str, Any]]:
    allowed = enum_fields().get(field)
    sibling = _get(data, path[:-1])
    if field[1] == "unit" and isinstance(sibling, dict) and sibling.get("value") == 0:
        return  # 0 min and 0 h are the same time: no change of meaning to show
    if field[1] == "cite":  # a citation is shown where it is made: taking it away must show
        if len(value) > 1:
            yield _set(data, path, value[1:])
        return
    if allowed is not None:
        if isinstance(value, list):
            for v in allowed:
                if v not in value:
                    yield _set(data, path, [v, *value[1:]])
                    yield _set(data, path, [*value, v])
            if len(value) > 1:
                yield _set(data, path, value[1:])
        else:
            for v in allowed:
                if v != value:
                    yield _set(data, path, v)
        return
    if isinstance(value, bool):
        yield _set(data, path, not value)
    elif isinstance(value, (int, float)):
        for v in (value + 1, value * 2, value - 1, value / 2, value + 0.5, value - 0.5):
            if v != value and v >= 0:
                yield _coupled(data, path, field, int(v) if isinstance(value, int) and v == int(v) else v)
    elif isinstance(value, str):
        if field[1] == "unit":
            for u in _other_units(value):
                yield _set(data, path, u)
        elif field[1] in ("regions", "region"):
            for r in _REGIONS:
                if r != value:
                    yield _set(data, path, r)
        elif _DATE.match(value):
            day = dt.date.fromisoformat(value) - dt.timedelta(days=1)
            yield _set(data, path, day.isoformat())
        elif value.startswith("https://"):
            yield _set(data, path, value + "/zq")
        elif value.isdigit():
            yield _set(data, path, str(int(value) + 1))
        elif field[1] in _REFERS_TO or (field[1] == "cite"):
            for other in _ids(data, _REFERS_TO.get(field[1])):
                if other != value:
                    yield _set(data, path, other)
        elif _SLUG.match(value):
            yield _rename(data, value, value + "-zq")
        elif value.isupper() or (not value.isalpha() and value.upper() == value):
            yield _set(data, path, value[:-1] + ("X" if value[-1] != "X" else "Y"))
            yield _rename(data, value, value + " Zq")
        else:
            yield _rename(data, value, value + " Zq")
    elif isinstance(value, list) and value and not isinstance(value[0], (dict, list)):
        if len(value) > 1:
            yield _set(data, path, value[1:])
        yield from _changes(data, (*path, 0), field, value[0])


def _drop(data: dict[str, Any], path: Path_) -> dict[str, Any]:
    out = copy.deepcopy(data)
    del _get(out, path[:-1])[path[-1]]
    return out


def _occurrences() -> dict[Field_, list[tuple[Path_, Any]]]:
    """Each leaf field (a value that is not a model) with every place the fixture sets it."""
    out: dict[Field_, list[tuple[Path_, Any]]] = {}
    for path, cls, key, value in leaves(_base()):
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)
                                       and key != "cite"):
            continue
        out.setdefault((cls.__name__, key), []).append((path, value))
    return out


def _variant_outputs(field: Field_, path: Path_, value: Any) -> tuple[str, str, str] | None:
    """The outputs of the first valid variant changing this one value, or None."""
    for variant in _candidates(_base(), path, field, value):
        model = _check(variant)
        if model is not None:
            return _outputs(model)
    return None


#: Fields that cannot be set in everything.yaml, set in another valid fixture instead (with why).
ELSEWHERE = {FIXTURES / "valid" / "not-applicable.yaml":
             "review.not_applicable names a core section the monograph does not give, and "
             "everything.yaml gives every section"}


def test_fixture_sets_every_field() -> None:
    fields, _ = used(_base())
    for path in ELSEWHERE:
        fields |= used(yaml.safe_load(path.read_text(encoding="utf-8")))[0]
    missing = sorted(f"{c}.{f}" for c, f in all_fields() - fields)
    assert missing == [], f"everything.yaml does not set: {missing} (python -m tests.everything)"


def test_fixture_is_valid() -> None:
    _base_outputs()


def _leaf_cases() -> list[Field_]:
    return sorted(_occurrences()) if FIXTURE.exists() else []


@pytest.mark.parametrize("field", _leaf_cases(), ids=lambda f: f"{f[0]}.{f[1]}")
def test_field_reaches_page_export_and_fhir(field: Field_) -> None:
    """Every place the field is set reaches the page and the export; some place reaches FHIR."""
    base_page, base_document, base_fhir = _base_outputs()
    tried, unshown, in_fhir = 0, [], False
    for path, value in _occurrences()[field]:
        outputs = _variant_outputs(field, path, value)
        if outputs is None:
            continue
        tried += 1
        page, document, fhir = outputs
        assert document != base_document, f"{field} at /{'/'.join(map(str, path))} does not reach the export"
        if page == base_page:
            unshown.append("/" + "/".join(map(str, path)))
        in_fhir = in_fhir or fhir != base_fhir
    if field in UNCHANGEABLE:
        return
    assert tried, f"no valid change of {field} could be made; vary the fixture"
    if field in NOT_ON_PAGE:
        assert unshown, f"{field} is shown now: remove it from NOT_ON_PAGE ({NOT_ON_PAGE[field]})"
    else:
        assert unshown == [], f"{field} is held but not shown on the page at {unshown}"
    if field in NOT_IN_FHIR:
        assert not in_fhir, f"{field} reaches FHIR now: remove it from _FHIR_GAPS"
    else:
        assert in_fhir, f"{field} does not reach the FHIR view (or list it in NOT_IN_FHIR, saying why)"


def _enum_cases() -> list[Field_]:
    if not FIXTURE.exists():
        return []
    occ = _occurrences()
    return sorted(f for f in enum_fields() if f in occ)


@pytest.mark.parametrize("field", _enum_cases(), ids=lambda f: f"{f[0]}.{f[1]}")
def test_every_enum_value_is_shown_distinctly(field: Field_) -> None:
    """Each value of an enum, set somewhere it is valid, gives a page unlike the other values'
    there (so the reader can tell them apart)."""
    allowed = enum_fields()[field]
    placed: set[str] = set()
    for path, value in _occurrences()[field][:ENUM_PLACES]:
        pages: dict[str, str] = {}
        for v in allowed:
            if isinstance(value, list) and v in value[1:]:
                continue
            model = _check(_set(_base(), path, [v, *value[1:]] if isinstance(value, list) else v))
            if model is not None:
                pages[v] = _outputs(model)[0]
        placed |= set(value) if isinstance(value, list) else {value}  # the base shows these
        by_page: dict[str, str] = {}
        for v, page in pages.items():
            assert page not in by_page, f"{field}: '{v}' and '{by_page[page]}' show the same page"
            by_page[page] = v
        placed |= set(pages)
        if placed == set(allowed):
            break
    missing = [v for v in allowed if v not in placed and v not in ENUM_ELSEWHERE.get(field, set())]
    assert missing == [], f"{field}: no place in the fixture where {missing} validate; add one"


def test_fhir_page_names_each_gap() -> None:
    """Every group of fields FHIR does not hold is named on the app developers' FHIR page."""
    page = (FIXTURES.parent.parent / "docs" / "api" / "fhir.md").read_text(encoding="utf-8")
    for group in _FHIR_GAPS:
        assert f"`{group}`" in page, f"docs/api/fhir.md does not name the '{group}' gap"


@pytest.mark.parametrize("kind", ["page", "export", "fhir"])
def test_everything_golden(kind: str) -> None:
    """The page, the export document and the FHIR bundle of the fixture that uses every field
    (review a change to them as a clinician and an app developer would)."""
    page, document, fhir = _base_outputs()
    golden = FIXTURES.parent / "golden"
    if kind == "page":
        compare_golden(golden / "everything.md", page)
    elif kind == "export":
        compare_golden(golden / "everything.export.json", json.dumps(json.loads(document), indent=1,
                                                                      ensure_ascii=False) + "\n")
    else:
        compare_golden(golden / "everything.fhir.json", json.dumps(json.loads(fhir), indent=1,
                                                                    ensure_ascii=False) + "\n")
