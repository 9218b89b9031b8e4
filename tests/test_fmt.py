"""``monographs fmt``: canonical, idempotent, and never changes a value or drops a comment."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from build_tools.check.load import load_bytes
from build_tools.check.schema_check import check_schema
from build_tools.editors import fmt
from build_tools.editors.fmt import FormatError, format_text, needs_quotes
from build_tools.model import Brand, Monograph
from build_tools.model.tree import field_order
from tests.conftest import FIXTURES, ROOT

FILES = sorted((ROOT / "monographs").glob("*.yaml")) + sorted((FIXTURES / "valid").glob("*.yaml"))


def _data(text: str) -> Any:
    doc = load_bytes(text.encode("utf-8"), "x.yaml")
    assert doc.problems == [], [p.text() for p in doc.problems]
    return doc.data


def _typed(data: Any) -> str:
    """Data with its types (1, 1.0 and true differ), key order ignored."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="monographs")
    fmt.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fmt_is_idempotent_and_value_preserving(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    formatted = format_text(text, path.name)
    assert formatted.endswith("\n") and not formatted.endswith("\n\n")
    assert _typed(_data(formatted)) == _typed(_data(text.lstrip("\ufeff")))
    assert format_text(formatted, path.name) == formatted


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fmt_keeps_every_comment(path: Path) -> None:
    text = path.read_bytes().decode("utf-8").lstrip("\ufeff")
    formatted = format_text(text)
    comments = sorted(line.strip() for line in text.splitlines() if line.strip().startswith("#"))
    kept = sorted(line.strip() for line in formatted.splitlines() if line.strip().startswith("#"))
    assert kept == comments


def test_canonical_layout_of_a_messy_file() -> None:
    messy = (
        "# yaml-language-server: $schema=../schema/monograph.schema.json\n"
        "review: {last_updated: '2026-01-01', status: draft}\n"
        "identity:\n"
        "    brands:\n"
        "    -   cite: [label]\n"
        "        regions: [US]\n"
        "        name: 'Examplo'\n"
        "    generic_name: \"examplomab\"\n"
        "id: base\n"
    )
    assert format_text(messy) == (
        "# yaml-language-server: $schema=../schema/monograph.schema.json\n"
        "id: base\n"
        "identity:\n"
        "  generic_name: examplomab\n"
        "  brands:\n"
        "    - name: Examplo\n"
        "      regions: [US]\n"
        "      cite: [label]\n"
        "review: {status: draft, last_updated: \"2026-01-01\"}\n"
    )


def test_key_order_follows_the_models() -> None:
    assert field_order(Monograph)[:3] == ("id", "identity", "dosage_forms")
    assert field_order(Monograph)[-1] == "review"
    assert field_order(Brand) == ("name", "regions", "cite", "verification")  # own fields, then inherited ones
    assert set(field_order(Monograph)) == set(Monograph.model_fields)


@pytest.mark.parametrize("value", [
    "no", "No", "yes", "on", "OFF", "y", "n", "1:30", "012", "0o17", "0x1F", "1e3", "1_000", "12",
    "-5", "1.5", ".inf", ".NaN", "null", "~", "true", "2026-11-21", "2026-02-30", "2026-11-21T10:00:00",
    "", " leading", "trailing ", "[degF]", "{x}", "a: b", "x #y", "#x", "- x", "-x", "&a", "*a",
    "!x", "|x", ">x", "%x", "@x", "`x", "'x", '"x', "x:", "multi\nline", "tab\there", "=", "<<",
])
def test_strings_a_reader_could_misread_are_quoted(value: str) -> None:
    assert needs_quotes(value)
    text = f"id: x\nvalue: {json.dumps(value)}\n"
    formatted = format_text(text)
    assert formatted.startswith('id: x\nvalue: "')
    assert _data(formatted)["value"] == value


@pytest.mark.parametrize("value", [
    "plain text", "it's", "3 mg", "nue si NER sen", "café", "Spinraza", "a,b", "x#y", "a:b",
    "say \"hi\"", "50%", "1.5 mg/kg", "°C",
])
def test_other_strings_are_plain(value: str) -> None:
    assert not needs_quotes(value)
    formatted = format_text(f"id: x\nvalue: '{value.replace(chr(39), chr(39) * 2)}'\n")
    assert formatted == f"id: x\nvalue: {value}\n"


def test_flow_collections_quote_flow_indicators() -> None:
    formatted = format_text('id: x\nlist: ["a,b", "[c]", plain]\n')
    assert formatted == 'id: x\nlist: ["a,b", "[c]", plain]\n'


def test_comments_move_with_the_key_they_precede() -> None:
    text = (
        "# header\n"
        "review:\n"
        "  status: draft  # not reviewed yet\n"
        "# about the id\n"
        "id: x\n"
        "# the end\n"
    )
    assert format_text(text) == (
        "# header\n"
        "# about the id\n"
        "id: x\n"
        "review:\n"
        "  status: draft  # not reviewed yet\n"
        "# the end\n"
    )


def test_anchors_and_block_scalars_are_kept() -> None:
    text = (FIXTURES / "valid" / "nusinersen.yaml").read_text(encoding="utf-8")
    formatted = format_text(text)
    assert "phases: &sma-phases" in formatted and "phases: *sma-phases" in formatted
    assert "  mechanism: >-\n    Antisense oligonucleotide" in formatted


@pytest.mark.parametrize(("text", "rule"), [
    ("id: x\nkey: [unclosed\n", "yaml-syntax"),
    ("id: x\nflag: no\n", "yaml-ambiguous"),
    ("id: x\nid: y\n", "yaml-duplicate-key"),
    ("", "yaml-empty"),
    ("- a list\n", "yaml-top-level"),
    ("id: x\nv: !!binary aGk=\n", "yaml-tag"),
])
def test_unreadable_yaml_is_a_problem_not_a_traceback(text: str, rule: str) -> None:
    with pytest.raises(FormatError) as info:
        format_text(text, "bad.yaml")
    assert [p.rule for p in info.value.problems][:1] == [rule]
    assert info.value.problems[0].file == "bad.yaml"


def test_what_only_the_strict_loader_reads_is_reported_on_one_line() -> None:
    with pytest.raises(FormatError) as info:
        format_text("id: x\nv: a\t# why\n", "tab.yaml")
    problem = info.value.problems[0]
    assert (problem.line, problem.col, problem.rule) == (2, 5, "fmt") and "\n" not in problem.message


def test_comments_inside_flow_collections_are_refused_rather_than_lost() -> None:
    with pytest.raises(FormatError, match="would lose the comment"):
        format_text("id: x\nlist: [a,  # why a\n  b]\n")


def test_fmt_check_names_a_badly_formatted_file_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(format_text((FIXTURES / "valid" / "base.yaml").read_text()), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad_text = "review:\n    status: draft\nid: 'bad'\n"
    bad.write_text(bad_text, encoding="utf-8")
    assert _run(["fmt", "--check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:1:1: fmt: not in canonical form" in out
    assert str(good) not in out
    assert bad.read_text(encoding="utf-8") == bad_text

    assert _run(["fmt", str(tmp_path)]) == 0
    assert f"formatted {bad}" in capsys.readouterr().out
    assert bad.read_text(encoding="utf-8") == "id: bad\nreview:\n  status: draft\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "good.yaml"]  # no temp files
    assert _run(["fmt", "--check", str(tmp_path)]) == 0


def test_fmt_reports_invalid_yaml_with_its_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nflag: on\n", encoding="utf-8")
    assert _run(["fmt", str(broken)]) == 1
    assert f"{broken}:2:7: yaml-ambiguous:" in capsys.readouterr().out
    assert broken.read_text(encoding="utf-8") == "id: broken\nflag: on\n"
    assert _run(["fmt", str(tmp_path / "missing.yaml")]) == 2


def test_crlf_and_bom_become_plain_utf8_lines(tmp_path: Path) -> None:
    path = tmp_path / "crlf-bom.yaml"
    path.write_bytes((FIXTURES / "valid" / "crlf-bom.yaml").read_bytes())
    assert _run(["fmt", str(path)]) == 0
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw


# ---------------------------------------------------------------------------------------------
# Property: fmt never changes the values of a random valid monograph
# ---------------------------------------------------------------------------------------------

TRICKY = ["no", "yes", "on", "1:30", "012", "1e3", "2026-11-21", "null", "~", "12", "0.5",
          "[degF]", "a: b", "x #y", "#x", "- x", "it's", 'say "hi"', " padded ", "tab\tin",
          "two\nlines", "café °C", "a,b", "{x}", "*x", "&x", "!x", "%x", "@x", "`x", "...", "---",
          "=", "<<", "Y", "N", "TRUE", ".nan", "-.inf", "0x1F", "0o17", "1_000", "+1", "1."]

_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u2028\u2029\x85")
text = st.one_of(st.sampled_from(TRICKY), st.text(_chars, min_size=1, max_size=30))
number = st.one_of(st.integers(0, 10**6), st.floats(0, 1e6, allow_nan=False, allow_infinity=False))
regions = st.lists(st.sampled_from(["US", "CA", "EU", "GB"]), max_size=3, unique=True)


@st.composite
def monographs(draw: st.DrawFn) -> dict[str, Any]:
    """A schema-valid monograph with random text, numbers, optional keys and key order."""
    data: dict[str, Any] = {
        "id": "fuzz",
        "identity": {"generic_name": draw(text), "synonyms": draw(st.lists(text, max_size=3)),
                     "categories": draw(st.lists(text, max_size=2))},
        "adverse_reactions": [
            {"term": draw(text), "system": draw(text), "band": "postmarketing",
             **({"percent": draw(st.floats(0, 100, allow_nan=False))} if draw(st.booleans()) else {}),
             **({"note": draw(text)} if draw(st.booleans()) else {}),
             "regions": draw(regions)}
            for _ in range(draw(st.integers(0, 3)))
        ],
        "storage": {"conditions": [{
            "applies_to": draw(text), "kind": "refrigerated",
            "temperature": {"gte": draw(number), "lte": draw(number), "unit": "Cel"},
            "protect_from_light": draw(st.booleans()),
        }]},
        "review": {"status": "draft", "last_updated": draw(st.dates()).isoformat()},
    }
    if draw(st.booleans()):
        data["pharmacology"] = {"mechanism": draw(text)}
    if draw(st.booleans()):
        data["identity"]["pronunciation"] = draw(text)
    return _shuffled(draw, data)


def _shuffled(draw: st.DrawFn, node: Any) -> Any:
    """The same data with the keys of every mapping in a random order."""
    if isinstance(node, dict):
        keys = draw(st.permutations(list(node)))
        return {k: _shuffled(draw, node[k]) for k in keys}
    if isinstance(node, list):
        return [_shuffled(draw, item) for item in node]
    return node


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(monographs(), st.booleans(), st.sampled_from([2, 4]), st.booleans())
def test_fmt_never_changes_values(data: dict[str, Any], flow: bool, indent: int, comment: bool) -> None:
    source = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, indent=indent,
                            default_flow_style=None if flow else False, width=60)
    about_review = comment and "\nreview:" in source
    if comment:
        source = "# a comment\n" + source.replace("\nreview:", "\n# about the review\nreview:")
    doc = load_bytes(source.encode("utf-8"), "fuzz.yaml")
    assume(doc.data is not None)  # PyYAML writes YAML 1.1; a few of its plain scalars are refused
    assume(check_schema(doc)[0] is not None)
    formatted = format_text(source, "fuzz.yaml")
    assert _typed(_data(formatted)) == _typed(doc.data)
    assert format_text(formatted, "fuzz.yaml") == formatted
    if comment:
        assert formatted.startswith("# a comment\n")
    if about_review:
        assert "# about the review\nreview:" in formatted


def test_scientific_notation_is_kept() -> None:
    """1.1e+14 vector genomes stays readable; fmt --check accepts the form an editor wrote."""
    from build_tools.editors.fmt import float_text
    assert float_text(1.1e14) == "1.1e+14"
    assert float_text(2.5e-7) == "2.5e-7"
    assert float_text(0.5) == "0.5"
    assert float_text(12.0) == "12.0"


def test_question_mark_in_a_flow_mapping_is_quoted() -> None:
    """libyaml reads ``{locator: given?}`` but PyYAML's pure reader does not: fmt quotes it."""
    from build_tools.editors.fmt import needs_quotes
    assert needs_quotes("How is it given?", flow=True)
    assert needs_quotes("ratio a:b", flow=True)
    assert not needs_quotes("How is it given?", flow=False)
