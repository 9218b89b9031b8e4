"""Generate the published JSON Schema (draft 2020-12) from the pydantic models.

The models are the single source; ``schema/monograph.schema.json`` is committed so apps and
editors can use it without Python, and a test fails when it is stale (fix: ``monographs schema``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from build_tools.model.monograph import Monograph
from build_tools.model.values import SCHEMA_VERSION, UNIT_SCHEMA

SCHEMA_ID = "https://drug-monographs.example.org/schema/v2/monograph.schema.json"
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema" / "monograph.schema.json"


class _StrictSchema(GenerateJsonSchema):
    """Publish optional keys as optional, not as nullable: ``null`` is never a valid value."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        result = super().default_schema(schema)
        if result.get("default", 0) is None:
            result.pop("default")
        return result


def build_schema() -> dict[str, Any]:
    """The monograph JSON Schema as a dict, with identity and version fields on top."""
    body = Monograph.model_json_schema(schema_generator=_StrictSchema, mode="validation")
    head: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        "description": (
            "One drug monograph (one active ingredient): identity, dosage forms, dosing as "
            "structured schedules, storage, safety, monitoring and sources. Quantities carry "
            "UCUM units; text is plain text, never markup."
        ),
    }
    head.update({k: v for k, v in body.items() if k != "description"})
    head = _unit_refs(head)
    head["$defs"] = dict(sorted({**head.get("$defs", {}), "Unit": UNIT_SCHEMA}.items()))
    return head


def _unit_refs(node: Any) -> Any:
    """Every inlined unit enumeration replaced by a reference to the one ``$defs/Unit``."""
    if isinstance(node, dict) and node.get("anyOf") == UNIT_SCHEMA["anyOf"]:
        return {"$ref": "#/$defs/Unit", **{k: v for k, v in node.items() if k in ("description", "title")}}
    if isinstance(node, dict):
        return {k: _unit_refs(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_unit_refs(v) for v in node]
    return node


def schema_text() -> str:
    """The schema serialised exactly as committed (sorted keys, 2-space indent, final newline)."""
    return json.dumps(build_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> bool:
    """Write the schema if it changed; returns True when the file was (re)written."""
    text = schema_text()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
