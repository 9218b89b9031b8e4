"""Property tests and fuzzing: round trips keep every value; no input ever raises.

``make fuzz`` runs the same properties with many more examples (FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.check.load import load_bytes
from build_tools.check.validate import check_document
from build_tools.model import Monograph
from build_tools.site.render import render_monograph
from tests.conftest import FIXTURES, ROOT, TODAY

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
VALID = sorted((FIXTURES / "valid").glob("*.yaml")) + sorted((ROOT / "monographs").glob("*.yaml"))
TEMPLATE = load_bytes((FIXTURES / "valid" / "nusinersen.yaml").read_bytes(), "nusinersen.yaml").data


def _round_trip(model: Monograph) -> None:
    exported = model.model_dump_json(exclude_none=True)
    again = Monograph.model_validate(json.loads(exported))
    assert again == model
    assert again.model_dump_json(exclude_none=True) == exported


def test_every_valid_monograph_survives_yaml_model_json_model() -> None:
    for path in VALID:
        doc = load_bytes(path.read_bytes(), path.name)
        checked = check_document(doc, today=TODAY)
        assert checked.model is not None, [p.text() for p in checked.problems]
        _round_trip(checked.model)


texts = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=40)
numbers = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


def _mutate(node: Any, draw: Any) -> Any:
    """Replace leaves with random values of the same type (text, number) to explore the model."""
    if isinstance(node, dict):
        return {k: _mutate(v, draw) if k not in ("id", "cite", "unit", "band", "indication", "phases",
                                                  "regions", "routes", "kind", "when", "comparator",
                                                  "after", "then", "action", "group", "status",
                                                  "accessed", "last_updated", "date", "url", "brands",
                                                  "monitoring", "flags", "statistic", "parameter",
                                                  "phase", "severity")
                else v for k, v in node.items()}
    if isinstance(node, list):
        return [_mutate(v, draw) for v in node]
    if isinstance(node, bool):
        return node
    if isinstance(node, (int, float)):
        return draw(numbers) if draw(st.booleans()) else node
    if isinstance(node, str):
        return draw(texts) if draw(st.booleans()) else node
    return node


@FUZZ
@given(st.data())
def test_random_valid_monographs_round_trip_through_yaml(data: st.DataObject) -> None:
    mutated = _mutate(TEMPLATE, data.draw)
    text = yaml.safe_dump(mutated, allow_unicode=True, default_style='"', sort_keys=False)
    doc = load_bytes(text.encode(), "nusinersen.yaml")
    if doc.data is None:
        return  # e.g. a random text the strict loader refuses; refusing is allowed, raising is not
    checked = check_document(doc, today=TODAY)
    if checked.model is not None:
        _round_trip(checked.model)
        render_monograph(checked.model)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    checked = check_document(load_bytes(raw, "fuzz.yaml"), today=TODAY)
    assert all(p.line >= 1 and p.col >= 1 for p in checked.problems)


_YAML_TOKENS = ["id: ", "x", "- ", ": ", "\n", "  ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ",
                "!!python/object ", "? ", "|", ">", "'", '"', "no", "1:30", "012", "1e3", "~", "---",
                "...", "#c", "<<: ", "2024-02-30", ".nan", "\t", "\ufeff", "é", "\u202e"]


@FUZZ
@given(st.lists(st.sampled_from(_YAML_TOKENS), max_size=60))
def test_arbitrary_yaml_never_raises(tokens: list[str]) -> None:
    check_document(load_bytes("".join(tokens).encode(), "fuzz.yaml"), today=TODAY)


@FUZZ
@given(st.recursive(st.none() | st.booleans() | numbers | texts,
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(texts, kids, max_size=4),
                    max_leaves=30))
def test_arbitrary_structures_never_raise(value: Any) -> None:
    document = {"id": "fuzz", "identity": value, "review": value}
    raw = yaml.safe_dump(document, allow_unicode=True).encode()
    check_document(load_bytes(raw, "fuzz.yaml"), today=TODAY)


EVERYTHING = load_bytes((FIXTURES / "valid" / "everything.yaml").read_bytes(), "everything.yaml").data


def _edits() -> list[tuple[tuple[Any, ...], Any, str]]:
    """Every place in the fixture that sets every field: (path, owning model class, key)."""
    from tests.everything import leaves
    return [(path, cls, key) for path, cls, key, _ in leaves(EVERYTHING)]


_PLACES = _edits()


def _apply(data: Any, draw: Any) -> Any:
    """One model-driven edit: drop an optional key or a list item, or give an enum, number or
    flag another allowed value (the model's own metadata says which)."""
    import copy

    from tests.everything import enum_fields

    path, cls, key = draw(st.sampled_from(_PLACES))
    out = copy.deepcopy(data)
    parent = out
    try:
        for p in path[:-1]:
            parent = parent[p]
        value = parent[key]
    except (KeyError, IndexError, TypeError):
        return data  # an earlier edit removed this place
    allowed = enum_fields().get((cls.__name__, key))
    choice = draw(st.integers(0, 2))
    if choice == 0 and not cls.model_fields[key].is_required():
        del parent[key]
    elif choice == 1 and isinstance(value, list) and value:
        del value[draw(st.integers(0, len(value) - 1))]
    elif allowed:
        parent[key] = (draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=3, unique=True))
                       if isinstance(value, list) else draw(st.sampled_from(allowed)))
    elif isinstance(value, bool):
        parent[key] = not value
    elif isinstance(value, (int, float)):
        parent[key] = draw(st.integers(0, 500)) if isinstance(value, int) else draw(numbers)
    return out


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_whatever_validates_renders_exports_and_maps_to_fhir(data: st.DataObject) -> None:
    """Monographs made from the fixture that uses every field, by a few edits the model allows
    (drop optional keys and list items, other enum values, other numbers): every one that
    validates renders, builds as a page, exports and maps to FHIR without an exception."""
    from build_tools.api.documents import SourceFile, export_monograph

    monograph = EVERYTHING
    for _ in range(data.draw(st.integers(1, 6))):
        monograph = _apply(monograph, data.draw)
    raw = yaml.safe_dump(monograph, allow_unicode=True, sort_keys=False).encode()
    checked = check_document(load_bytes(raw, "everything.yaml"), today=TODAY)
    if checked.model is None:
        return
    page = render_monograph(checked.model)
    _build_page(page)
    part = export_monograph(checked.model, SourceFile("monographs/everything.yaml", "0" * 64))
    assert json.loads(part.fhir)["resourceType"] == "Bundle"


def _build_page(page: str) -> None:
    """The page through the site's Markdown (mkdocs.yml's extensions, strict front matter), as
    mkdocs builds it: it must convert, with its title as the one top heading."""
    import markdown

    front, body = page.split("\n---\n", 1) if page.startswith("---\n") else ("", page)
    assert not front or json.loads(front.removeprefix("---\n"))["title"]
    html = markdown.markdown(body, extensions=["attr_list", "toc", "admonition", "tables"])
    assert html.count("<h1") == 1, html[:300]
