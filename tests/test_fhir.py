"""The FHIR R5 view: every resource parses with fhir.resources, and the mapping is as documented."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.bundle import Bundle
from fhir.resources.clinicalusedefinition import ClinicalUseDefinition
from fhir.resources.medicationknowledge import MedicationKnowledge

from build_tools.api import fhir
from build_tools.api.canonical import dumps
from build_tools.build.publish import write_export
from build_tools.check.validate import check_file
from build_tools.model import Monograph
from tests.conftest import TODAY
from tests.test_export import SOURCES, make_repo, models_of

RESOURCE_TYPES = {"MedicationKnowledge": MedicationKnowledge,
                  "ClinicalUseDefinition": ClinicalUseDefinition}


def _model(ident: str) -> Monograph:
    checked = check_file(SOURCES[ident], today=TODAY)
    assert checked.model is not None
    return checked.model


def _variant(ident: str, change: Any) -> Monograph:
    """A monograph changed in its data (then checked by the model again)."""
    data = json.loads(json.dumps(check_file(SOURCES[ident], today=TODAY).doc.data))
    change(data)
    return Monograph.model_validate(data)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _clinical_uses(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in _resources(bundle, "ClinicalUseDefinition") if r["type"] == kind]


def _dicts(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _dicts(value)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The FHIR files of an export of the test monographs, by id."""
    repo = make_repo(tmp_path_factory.mktemp("repo"))
    out = repo / "v1"
    write_export(models_of(repo), out, repo_root=repo)
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted((out / "fhir").glob("*.json"))}


def test_export_writes_one_bundle_per_monograph(exported: dict[str, dict[str, Any]]) -> None:
    assert sorted(exported) == sorted(SOURCES)
    for ident, bundle in exported.items():
        assert dumps(bundle) == dumps(fhir.bundle(_model(ident)))


@pytest.mark.parametrize("ident", sorted(SOURCES))
def test_bundle_and_every_resource_parse_as_fhir_r5(exported: dict[str, dict[str, Any]],
                                                    ident: str) -> None:
    data = exported[ident]
    parsed = Bundle.model_validate(data)
    assert parsed.type == "collection" and parsed.get_resource_type() == "Bundle"
    for entry in data["entry"]:
        resource = entry["resource"]
        model = RESOURCE_TYPES[resource["resourceType"]].model_validate(resource)
        assert json.loads(model.model_dump_json(exclude_none=True))["id"] == resource["id"]
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"


def test_references_resolve_inside_the_bundle(exported: dict[str, dict[str, Any]]) -> None:
    for bundle in exported.values():
        urls = {e["fullUrl"] for e in bundle["entry"]}
        [mk] = _resources(bundle, "MedicationKnowledge")
        issues = [ref["reference"] for ref in mk.get("clinicalUseIssue", [])]
        assert sorted(issues) == sorted(urls - {f"urn:uuid:{mk['id']}"})
        assert len(set(urls)) == len(bundle["entry"])


def test_every_quantity_is_ucum(exported: dict[str, dict[str, Any]]) -> None:
    quantities = [d for b in exported.values() for d in _dicts(b)
                  if "value" in d and isinstance(d["value"], (int, float)) and "unit" in d]
    assert quantities
    for q in quantities:
        assert q["system"] == "http://unitsofmeasure.org" and q["code"], q


def test_nusinersen_medication_knowledge(exported: dict[str, dict[str, Any]]) -> None:
    [mk] = _resources(exported["nusinersen"], "MedicationKnowledge")
    assert mk["code"] == {"text": "nusinersen"}
    assert mk["name"] == ["nusinersen", "Spinraza", "nusinersen sodium"]
    assert mk["medicineClassification"][0]["classification"] == [{"text": "Antisense oligonucleotide"}]
    definitional = mk["definitional"]
    assert definitional["doseForm"] == {"text": "solution"}
    assert [r["text"] for r in definitional["intendedRoute"]] == ["intrathecal"]
    strength = definitional["ingredient"][0]["strengthRatio"]
    assert (strength["numerator"]["value"], strength["numerator"]["code"]) == (12, "mg")
    assert (strength["denominator"]["value"], strength["denominator"]["code"]) == (5, "mL")
    assert mk["preparationInstruction"].startswith("Preparation:\n\n1. Keep the vial")
    assert "Platelet count (blood): baseline, before each dose" in mk["monitoringProgram"][0]["name"]


def test_nusinersen_dosing_as_dosage_and_timing(exported: dict[str, dict[str, Any]]) -> None:
    [mk] = _resources(exported["nusinersen"], "MedicationKnowledge")
    [guideline] = mk["indicationGuideline"]
    assert guideline["indication"] == [{"concept": {"text": "Spinal muscular atrophy (SMA)"}}]
    adult = guideline["dosingGuideline"][0]
    assert adult["patientCharacteristic"][0]["valueCodeableConcept"] == {"text": "adult"}
    loading, fourth, maintenance = (d["dosage"][0] for d in adult["dosage"])
    assert loading["timing"]["repeat"] == {"frequency": 1, "period": 14, "periodUnit": "d", "count": 3}
    assert loading["doseAndRate"][0]["doseQuantity"]["value"] == 12
    assert fourth["timing"]["repeat"] == {"count": 1}
    assert fourth["additionalInstruction"][0]["text"] == "Start 30 days after the previous dose."
    assert maintenance["timing"]["repeat"]["periodUnit"] == "mo"
    assert [i["text"] for i in maintenance["additionalInstruction"]][:2] == [
        "Start 4 calendar months after the previous dose.",
        "Every 4 calendar months: the same day of the month, or the month's last day when that "
        "day does not exist."]
    assert [d["dosage"][0]["sequence"] for d in adult["dosage"]] == [1, 2, 3]


def test_nusinersen_storage(exported: dict[str, dict[str, Any]]) -> None:
    [mk] = _resources(exported["nusinersen"], "MedicationKnowledge")
    fridge, room, out_of_carton, in_use = mk["storageGuideline"]
    temperature = fridge["environmentalSetting"][0]["valueRange"]
    assert (temperature["low"]["value"], temperature["high"]["value"]) == (2, 8)
    assert temperature["low"]["code"] == "Cel" and temperature["low"]["unit"] == "°C"
    assert {"text": "protect from light"} in [s.get("valueCodeableConcept") for s in
                                              fridge["environmentalSetting"]]
    assert room["stabilityDuration"]["value"] == 14 and room["stabilityDuration"]["code"] == "d"
    assert "(cumulative)" in out_of_carton["note"][0]["text"]
    assert in_use["stabilityDuration"]["code"] == "h"


def test_clinical_use_definitions(exported: dict[str, dict[str, Any]]) -> None:
    bundle = exported["nusinersen"]
    [contraindication] = _clinical_uses(bundle, "contraindication")
    assert contraindication["extension"] == [{
        "url": fhir.REGIONS_URL,
        "valueCodeableConcept": {"coding": [{"system": "urn:iso:std:iso:3166", "code": "CA"}]}}]
    assert _clinical_uses(bundle, "interaction") == []  # "none known" has no FHIR form
    effects = _clinical_uses(bundle, "undesirable-effect")
    assert len(effects) == 28
    first = effects[0]["undesirableEffect"]
    assert first["symptomConditionEffect"] == {"concept": {"text": "Proteinuria"}}
    assert first["frequencyOfOccurrence"] == {
        "text": "58% (more than 10%)",
        "coding": [{"system": fhir.FREQUENCY_SYSTEM, "code": "Common", "display": "Common"}]}
    assert effects[-1]["undesirableEffect"]["frequencyOfOccurrence"] == {
        "text": "postmarketing or case reports; frequency not known"}
    warnings = _clinical_uses(bundle, "warning")
    assert warnings[0]["warning"]["code"] == {"text": "Thrombocytopenia and coagulation abnormalities"}
    assert "\n\n- Check the platelet count" in warnings[0]["warning"]["description"]
    assert warnings[-1]["category"][0]["coding"][0]["code"] == "Pregnancy"
    assert {w["status"]["coding"][0]["code"] for w in warnings} == {"draft"}


@pytest.mark.parametrize(("percent", "band", "code"), [
    (0.5, "lt-1-percent", "Uncommon"), (0.05, "lt-1-percent", "Rare"),
    (5, "1-to-10-percent", "Common"), (None, "lt-1-percent", None)])
def test_frequency_categories(percent: float | None, band: str, code: str | None) -> None:
    def change(data: dict[str, Any]) -> None:
        reaction = data["adverse_reactions"][0]
        reaction["band"] = band
        reaction.pop("percent")
        if percent is not None:
            reaction["percent"] = percent

    [effect] = _clinical_uses(fhir.bundle(_variant("base", change)), "undesirable-effect")
    frequency = effect["undesirableEffect"]["frequencyOfOccurrence"]
    assert [c["code"] for c in frequency.get("coding", [])] == ([code] if code else [])
    ClinicalUseDefinition.model_validate(effect)


def test_interactions_codes_and_markdown() -> None:
    def change(data: dict[str, Any]) -> None:
        data["identity"]["codes"] = {"rxcui": "1234", "atc": ["A01AA01"], "unii": "ABCDEFGH12"}
        data["interactions"] = {"items": [{"agent": "Warfarin", "effect": "More bleeding",
                                           "severity": "major", "management": "Monitor INR",
                                           "regions": ["US"]}]}
        data["administration"] = {"preparation": [{"text": "Mix *gently* <b>now</b> [1]"}]}

    bundle = fhir.bundle(_variant("base", change))
    Bundle.model_validate(bundle)
    [mk] = _resources(bundle, "MedicationKnowledge")
    assert [c["system"] for c in mk["code"]["coding"]] == [
        "http://www.nlm.nih.gov/research/umls/rxnorm", "http://fdasis.nlm.nih.gov"]
    assert mk["medicineClassification"][1]["classification"][0]["coding"][0]["code"] == "A01AA01"
    assert mk["preparationInstruction"] == (
        "Preparation:\n\n1. Mix \\*gently\\* \\<b\\>now\\<\\/b\\> \\[1\\]")
    [interaction] = _clinical_uses(bundle, "interaction")
    body = interaction["interaction"]
    assert body["extension"] == [{"url": fhir.SEVERITY_URL, "valueCode": "major"}]
    assert body["interactant"] == [{"itemCodeableConcept": {"text": "Warfarin"}}]
    assert body["management"] == [{"text": "Monitor INR"}]
    assert interaction["extension"][0]["url"] == fhir.REGIONS_URL


def test_bundle_is_deterministic() -> None:
    model = _model("nusinersen")
    assert dumps(fhir.bundle(model)) == dumps(fhir.bundle(model.model_copy(deep=True)))
    assert "timestamp" not in fhir.bundle(model)
    assert fhir.resource_id("x", "a", 1) == fhir.resource_id("x", "a", 1) != fhir.resource_id("y", "a", 1)
    for parts in [("MedicationKnowledge",), ("ClinicalUseDefinition", "warning", 12), ("é", 0)]:
        name = "/".join([fhir.BASE, "nusinersen", *map(str, parts)])
        assert fhir.resource_id("nusinersen", *parts) == str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def test_fhir_page_names_each_loss() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "api" / "fhir.md").read_text("utf-8")
    for topic in ("Pharmacokinetics", "Monitoring thresholds", "Numeric incidence",
                  "after the previous dose", "Calendar months", "Regional scope"):
        assert topic in page


def _dose(**fields: Any) -> Any:
    from build_tools.model import Dose
    return Dose.model_validate(fields)


MG = {"value": 10, "unit": "mg"}


@pytest.mark.parametrize(("dose", "rates", "total"), [
    ({"basis": "per-administration", "amount": MG},
     [{"doseQuantity": {"value": 10, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}], None),
    ({"basis": "per-administration", "range": {"gte": 5, "lte": 10, "unit": "mg"}}, "doseRange", None),
    # a daily total in 2 doses: FHIR's dose is per administration, so 5 mg, and the total is kept
    ({"basis": "total-per-period", "amount": MG, "period": {"value": 1, "unit": "d"}, "divided_into": 2},
     [{"doseQuantity": {"value": 5, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}], 10),
    # "in 2 to 3 divided doses" has no single amount per dose: no doseQuantity, only the total
    ({"basis": "total-per-period", "amount": MG, "period": {"value": 1, "unit": "d"}, "divided_into": 2,
      "divided_into_up_to": 3}, [], 10),
    ({"basis": "rate", "amount": {"value": 18, "unit": "[iU]/kg/h"}},
     [{"rateQuantity": {"value": 18, "unit": "units/kg/h", "system": "http://unitsofmeasure.org",
                        "code": "[iU]/kg/h"}}], None),
    ({"basis": "rate", "range": {"gte": 1, "lte": 4, "unit": "ug/min"}}, "rateRange", None),
])
def test_dose_basis_maps_to_fhir(dose: dict[str, Any], rates: Any, total: float | None) -> None:
    model = _dose(**dose)
    got = fhir.dose_and_rate(model)
    if isinstance(rates, str):
        assert [list(r) for r in got] == [[rates]]
    else:
        assert json.loads(json.dumps(got)) == rates
    ext = fhir.total_dose_extension(model)
    if total is None:
        assert ext == []
    else:
        parts = {p["url"]: p for p in ext[0]["extension"]}
        assert parts["total"]["valueRatio"]["numerator"]["value"] == total


def test_cycles_and_weekdays_map_to_timing() -> None:
    from build_tools.model import Phase
    cycled = Phase.model_validate({
        "id": "c", "kind": "maintenance", "dose": {"basis": "per-administration", "amount": MG},
        "cycle": {"length": {"value": 21, "unit": "d"}, "dose_days": [1, 8], "cycles": 4,
                  "cycles_up_to": 6}})
    t = fhir.timing(cycled)
    assert t["repeat"] == {"frequency": 2, "period": 21, "periodUnit": "d", "count": 8, "countMax": 12}
    parts = [(p["url"], p.get("valueInteger")) for p in t["extension"][0]["extension"]]
    assert ("dose-day", 1) in parts and ("dose-day", 8) in parts and ("cycles", 4) in parts
    weekly = Phase.model_validate({
        "id": "w", "kind": "maintenance", "dose": {"basis": "per-administration", "amount": MG},
        "frequency": {"times": 2, "every": {"value": 1, "unit": "wk"},
                      "on_weekdays": {"days": ["mon", "thu"]}}})
    assert fhir.timing(weekly)["repeat"]["dayOfWeek"] == ["mon", "thu"]


MARKDOWN_CASES = [
    "---", "***", "1. first", "2) second", "- item", "+ item", "# heading", "> quote",
    "&lt;b&gt; &amp; &#60;", "<script>alert(1)</script>", "<https://example.org>",
    "see https://example.org/a_b", "**bold** _it_ `code` ~~del~~", "[link](javascript:alert(1))",
    "![img](x.png)", "a | b | c", "line one\n# not a heading\n1. not a list", "12 mg \\ 5 mL",
    "Setext\n===", "    four-space indent", "plain 12 mg every 4 h",
]


@pytest.mark.parametrize("text", MARKDOWN_CASES)
def test_markdown_escape_keeps_every_construct_as_text(text: str) -> None:
    """Rendered by a CommonMark renderer, the escaped text is one paragraph holding exactly the
    original characters (line breaks as spaces): no markup, entity, HTML or link survives."""
    import html as html_lib

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(fhir.markdown_escape(text))
    flat = " ".join(line.strip() for line in text.splitlines())
    assert rendered == f"<p>{html_lib.escape(flat.strip(), quote=True)}</p>\n" or \
        rendered == f"<p>{html_lib.escape(flat.strip(), quote=False)}</p>\n", rendered
