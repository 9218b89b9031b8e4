"""The export's contract: its documents held to the published ``schema/export.schema.json``
(format checks on), with the schemas' references inlined once so a check is fast.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from referencing import Registry, Resource

from build_tools.model.schema_gen import SCHEMA_PATH
from build_tools.model.tree import pointer

EXPORT_SCHEMA_PATH = SCHEMA_PATH.parent / "export.schema.json"
EXPORT_SCHEMA_ID = "https://drug-monographs.example.org/schema/v2/export.schema.json"

JSON = Any


def _inlined(node: JSON, resolver: Any, depth: int = 0) -> JSON:
    """A schema with every ``$ref`` replaced by what it points to. jsonschema resolves a
    reference on each use, which was half the time of checking an index entry; the export
    schemas have no recursive reference (a depth limit says so if one appears). ``resolver``:
    a ``referencing`` resolver (its class is not public)."""
    if depth > 64:
        raise ValueError("the export schema refers to itself: it cannot be inlined")
    if isinstance(node, list):
        return [_inlined(item, resolver, depth) for item in node]
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("$ref"), str):
        found = resolver.lookup(node["$ref"])
        target = _inlined(found.contents, found.resolver, depth + 1)
        rest = _inlined({k: v for k, v in node.items() if k != "$ref"}, resolver, depth)
        return {"allOf": [target], **rest} if rest else target
    return {key: _inlined(value, resolver, depth) for key, value in node.items()}


@lru_cache(maxsize=1)
def _validators() -> dict[str, Draft202012Validator]:
    """Validators for index, index entry, monograph file and meta, with format checks on."""
    monograph_schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    export_schema = json.loads(EXPORT_SCHEMA_PATH.read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resources([
        (monograph_schema["$id"], Resource.from_contents(monograph_schema)),
        (export_schema["$id"], Resource.from_contents(export_schema)),
    ])
    resolver = registry.resolver(base_uri=EXPORT_SCHEMA_ID)
    checker = FormatChecker()
    return {
        kind: Draft202012Validator(_inlined(export_schema["$defs"][kind], resolver),
                                   format_checker=checker)
        for kind in ("index", "indexEntry", "monographFile", "meta", "lookups")
    }


def schema_errors(kind: str, document: JSON) -> list[str]:
    """Where and why a document breaks the export schema (kind: index, indexEntry,
    monographFile, meta, lookups)."""
    validator = _validators()[kind]
    if validator.is_valid(document):  # the common case, without building error objects
        return []
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    return [f"{pointer(e.absolute_path) or '/'}: {e.message[:300]}" for e in errors]
