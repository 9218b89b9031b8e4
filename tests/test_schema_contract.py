"""The published JSON Schema and the pydantic models are one contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import ValidationError

from build_tools.check.load import load_file
from build_tools.model import Monograph
from build_tools.model.schema_gen import SCHEMA_PATH, schema_text
from tests.conftest import FIXTURES

#: Fixtures the YAML loader accepts: the ones both schema validators get to see.
ALL_FIXTURES = sorted(p for p in FIXTURES.rglob("*.yaml") if load_file(p).data is not None)


def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_committed_schema_is_generated_from_models() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run: monographs schema"


def test_schema_header() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("https://")
    assert schema["version"].count(".") == 2
    assert schema["additionalProperties"] is False


def _objects(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            found.append(node)
        for value in node.values():
            found += _objects(value)
    elif isinstance(node, list):
        for value in node:
            found += _objects(value)
    return found


def test_every_property_is_described_and_closed() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    undocumented = []
    for obj in _objects(schema):
        assert obj.get("additionalProperties") is False, obj.get("title")
        for name, prop in obj.get("properties", {}).items():
            if not prop.get("description"):
                undocumented.append(f"{obj.get('title')}.{name}")
    assert undocumented == []


def test_schema_has_examples() -> None:
    text = SCHEMA_PATH.read_text(encoding="utf-8")
    assert text.count('"examples"') >= 5


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_jsonschema_and_pydantic_agree(path: Path) -> None:
    """Both validators accept or reject every fixture alike."""
    doc = load_file(path)
    schema_ok = not list(_validator().iter_errors(doc.data))
    try:
        Monograph.model_validate(doc.data)
        model_ok = True
    except Exception:
        model_ok = False
    assert schema_ok == model_ok, f"jsonschema={schema_ok} pydantic={model_ok}"


def test_nan_and_infinity_are_rejected_by_the_model() -> None:
    """JSON cannot carry NaN, so only the model needs to refuse it (the loader already does)."""
    data = load_file(FIXTURES / "valid" / "base.yaml").data
    assert data is not None
    for bad_value in (float("nan"), float("inf")):
        data["adverse_reactions"][0]["percent"] = bad_value
        with pytest.raises(ValidationError):
            Monograph.model_validate(data)


def test_null_strings_for_numbers_and_bad_dates_are_rejected_by_both() -> None:
    data = json.loads(Monograph.model_validate(
        load_file(FIXTURES / "valid" / "base.yaml").data).model_dump_json(exclude_none=True))
    validator = _validator()
    for mutate in (
        lambda d: d["identity"].__setitem__("pronunciation", None),
        lambda d: d["adverse_reactions"][0].__setitem__("percent", "12"),
        lambda d: d["indications"][0].__setitem__("labeled", "no"),
        lambda d: d["review"].__setitem__("last_updated", "2026-13-01"),
    ):
        bad = json.loads(json.dumps(data))
        mutate(bad)
        with pytest.raises(ValidationError):
            Monograph.model_validate(bad)
        assert list(validator.iter_errors(bad)), bad
