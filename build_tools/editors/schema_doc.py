"""Generated editor documentation: the rule list and the schema reference, from their sources.

Nothing here is copied by hand: ``rules_markdown`` reads the registered lint rules
(``build_tools.check.rules.RULES``) and ``schema_reference_markdown`` reads the published JSON Schema
(``schema/monograph.schema.json``) with its own descriptions, so the pages cannot drift from what
the validator does. The site plugin adds them to the site; ``docs/editors/errors.md`` holds the
marker ``RULES_MARKER`` where the rule list belongs (``expand_markers`` fills it in).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from build_tools import model as models
from build_tools.check.rules import RULES
from build_tools.model.schema_gen import SCHEMA_PATH
from build_tools.model.tree import field_order
from build_tools.model.units import UNITS

RULES_MARKER = "<!-- monographs:rules -->"

_SCOPES = {"file": "one monograph", "text": "the file's text", "corpus": "all monographs together"}
_TYPES = {"string": "text", "number": "number", "integer": "whole number", "boolean": "true/false",
          "object": "mapping", "array": "list", "null": "empty"}


def cell_text(text: str) -> str:
    """Text made safe for one Markdown table cell: one line, no cell breaks, no raw HTML."""
    one_line = " ".join(text.split())
    return one_line.replace("&", "&amp;").replace("<", "&lt;").replace("|", "&#124;")


def _code(value: Any) -> str:
    """A value shown as inline code, in YAML-like spelling."""
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, str):
        shown = value
    else:
        shown = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    shown = " ".join(shown.split())  # code spans escape HTML themselves; tables skip their pipes
    fence = "``" if "`" in shown else "`"
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def rules_markdown() -> str:
    """The list of lint rule ids with their descriptions, as a Markdown section for errors.md."""
    lines = [
        "## Rule reference",
        "",
        "Every clinical lint rule the validator runs, after the file has loaded and passed the "
        "schema (rules that look at the file's text run even when it did not). An **error** fails "
        "validation and the site build; a **warning** is listed but does not fail.",
        "",
        "| Rule id | Severity | Looks at | What it checks |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES.values():
        lines.append(f"| `{rule.id}` | {rule.severity} | {_SCOPES.get(rule.scope, rule.scope)} | "
                     f"{cell_text(rule.description)} |")
    lines.append("")
    return "\n".join(lines)


def expand_markers(markdown: str) -> str:
    """Replace the generated-content markers of the editor pages (for the site plugin)."""
    return markdown.replace(RULES_MARKER, rules_markdown()) if RULES_MARKER in markdown else markdown


# ---------------------------------------------------------------------------------------------
# Schema reference
# ---------------------------------------------------------------------------------------------


def _anchor(name: str) -> str:
    """The id Python-Markdown's toc extension gives the heading ``## name``."""
    return re.sub(r"[^\w-]", "", name.lower().replace(" ", "-"))


def _type(prop: dict[str, Any]) -> str:
    """The type of a property in words, linking referenced definitions."""
    if "$ref" in prop:
        name = str(prop["$ref"]).rsplit("/", 1)[-1]
        return f"[{name}](#{_anchor(name)})"
    for key in ("anyOf", "oneOf"):
        if key in prop:
            return " or ".join(_type(option) for option in prop[key])
    kind: Any = prop.get("type")
    if kind == "array":
        items = prop.get("items", {})
        shown = f"list of {_type(items)}" if items else "list"
        if "minItems" in prop:
            shown += f" (at least {prop['minItems']})"
        return shown
    if isinstance(kind, list):
        return " or ".join(_TYPES.get(str(k), str(k)) for k in kind)
    if kind is None:
        return "any" if "enum" not in prop else "one of the allowed values"
    shown = _TYPES.get(str(kind), str(kind))
    limits: list[str] = []
    if "format" in prop:
        limits.append(str(prop["format"]))
    if "minLength" in prop and "maxLength" in prop:
        limits.append(f"{prop['minLength']} to {prop['maxLength']} characters")
    elif "maxLength" in prop:
        limits.append(f"at most {prop['maxLength']} characters")
    for key, word in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="),
                      ("exclusiveMaximum", "<")):
        if key in prop:
            limits.append(f"{word} {prop[key]}")
    return shown + (f" ({', '.join(limits)})" if limits else "")


def _allowed(prop: dict[str, Any]) -> str:
    """Allowed values: an enumeration, or the pattern values must match."""
    target = prop.get("items", prop) if prop.get("type") == "array" else prop
    if "enum" in target:
        return ", ".join(_code(v) for v in target["enum"])
    if "const" in target:
        return _code(target["const"])
    if "pattern" in target:
        return f"matching {_code(target['pattern'])}"
    return ""


def _examples(prop: dict[str, Any]) -> list[Any]:
    """Example values of a property (or of its list items)."""
    found = list(prop.get("examples", []))
    if not found and prop.get("type") == "array":
        found = list(prop.get("items", {}).get("examples", []))
    return found


def _required(name: str, prop: dict[str, Any], required: set[str]) -> str:
    """``yes``, ``no`` or ``no (default ...)``."""
    if name in required:
        return "yes"
    if "default" in prop and prop["default"] not in ([], None):
        return f"no (default {_code(prop['default'])})"
    return "no"


def _ordered(name: str, properties: dict[str, Any]) -> list[str]:
    """Property names in the order keys are written in a file (the model's), else alphabetical."""
    model = getattr(models, name, None)
    if isinstance(model, type) and issubclass(model, BaseModel):
        order = field_order(model)
        return sorted(properties, key=lambda p: (order.index(p) if p in order else len(order), p))
    return sorted(properties)


def _definition(title: str, schema: dict[str, Any], model_name: str) -> list[str]:
    """One section: the definition's description, then a table of its properties."""
    lines = [f"## {title}", ""]
    if schema.get("description"):
        lines += [" ".join(str(schema["description"]).split()), ""]
    examples = schema.get("examples")
    if examples:
        lines += ["Example: " + ", ".join(_code(e) for e in examples), ""]
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    if model_name == "Unit":
        lines += ["| Code | Meaning |", "| --- | --- |"]
        lines += [f"| {_code(o['const'])} | {cell_text(str(o.get('description', '')))} |"
                  for o in schema.get("anyOf", [])]
        return [*lines, ""]
    if not properties:
        return lines
    lines += ["| Key | Type | Required | Description | Allowed values | Examples |",
              "| --- | --- | --- | --- | --- | --- |"]
    for name in _ordered(model_name, properties):
        prop = properties[name]
        examples_text = ", ".join(_code(e) for e in _examples(prop))
        lines.append(
            f"| `{name}` | {_type(prop)} | {_required(name, prop, required)} | "
            f"{cell_text(str(prop.get('description', '')))} | {_allowed(prop)} | {examples_text} |"
        )
    lines.append("")
    extra = [k for k in ("anyOf", "oneOf") if k in schema]
    for key in extra:
        options = [" and ".join(f"`{r}`" for r in option.get("required", [])) for option in schema[key]]
        lines += ["At least one of " + ", ".join(o for o in options if o) + " must be given.", ""]
    return lines


def schema_reference_markdown(schema_path: Path = SCHEMA_PATH) -> str:
    """A Markdown reference page for the monograph schema, from the schema's own descriptions."""
    schema: dict[str, Any] = json.loads(schema_path.read_text(encoding="utf-8"))
    defs: dict[str, Any] = schema.get("$defs", {})
    lines = [
        "# Schema reference",
        "",
        f"Every key a monograph file may hold, in the order keys are written, generated from `schema/monograph.schema.json` "
        f"(schema version {cell_text(str(schema.get('version', '?')))}). Keys not listed are "
        "errors. An optional key may be left out, but never written empty.",
        "",
        "Definitions: " + ", ".join(f"[{name}](#{_anchor(name)})" for name in sorted(defs))
        + ", and the allowed [units](#units).",
        "",
    ]
    lines += _definition(f"{schema.get('title', 'Monograph')} (top level)", schema, "Monograph")
    for name in sorted(defs):
        lines += _definition(name, defs[name], name)
    return "\n".join(lines + _units())


def _units() -> list[str]:
    """The allowed UCUM unit codes, with what each measures and how the page shows it."""
    lines = ["", "## Units", "",
             "Every `unit` is one of these UCUM codes (write the code; the page shows the last "
             "column). Anything else is an error that suggests the nearest code (`mcg` -> `ug`).",
             "", "| code | measures | meaning | shown as |", "| --- | --- | --- | --- |"]
    for code, (kind, shown, name) in UNITS.items():
        lines.append(f"| `{cell_text(code)}` | {cell_text(kind)} | {cell_text(name)} | "
                     f"{cell_text(shown) if shown else '(a number)'} |")
    return [*lines, ""]
