"""Hostile or broken input: each case is rejected with a named rule and line, or accepted with
its exact value kept. Nothing ever raises, coerces or is silently dropped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from build_tools.check.load import MAX_BYTES, load_bytes
from build_tools.check.validate import check_document
from build_tools.model import Monograph
from build_tools.site.display import esc, number
from build_tools.site.render import render_monograph
from tests.conftest import FIXTURES, TODAY

BASE = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8").replace("id: base", "id: case")


@dataclass(frozen=True)
class Case:
    """A named input and what must happen to it."""

    name: str
    data: bytes
    rule: str | None = None  # rejected with this rule ...
    line: int | None = None  # ... at this line
    path: tuple[str | int, ...] = ()  # or accepted, with this value at this path
    value: Any = None


def sub(old: str, new: str) -> bytes:
    assert old in BASE, old
    return BASE.replace(old, new, 1).encode("utf-8")


COND = "condition: Example condition"
CASES = [
    # YAML typing traps
    Case("yaml11-no", sub("labeled: true", "labeled: no"), "yaml-ambiguous", 18),
    Case("yaml11-on", sub("labeled: true", "labeled: on"), "yaml-ambiguous", 18),
    Case("yaml11-YES", sub("labeled: true", "labeled: YES"), "yaml-ambiguous", 18),
    Case("quoted-no-kept", sub(COND, 'condition: "no"'), path=("indications", 0, "condition"), value="no"),
    Case("sexagesimal", sub(COND, "condition: 1:30"), "yaml-ambiguous", 17),
    Case("quoted-time-kept", sub(COND, 'condition: "1:30"'), path=("indications", 0, "condition"), value="1:30"),
    Case("octal", sub("percent: 12", "percent: 012"), "yaml-ambiguous", 44),
    Case("hex", sub("percent: 12", "percent: 0x0C"), "yaml-ambiguous", 44),
    Case("underscore-number", sub("percent: 12", "percent: 1_2"), "yaml-ambiguous", 44),
    Case("scientific-kept", sub("percent: 12", "percent: 1.2e1"), path=("adverse_reactions", 0, "percent"), value=12.0),
    Case("nan", sub("percent: 12", "percent: .nan"), "yaml-ambiguous", 44),
    Case("infinity", sub("percent: 12", "percent: -.inf"), "yaml-ambiguous", 44),
    Case("implicit-date-kept", sub('last_updated: "2026-01-01"', "last_updated: 2026-01-01"),
         path=("review", "last_updated"), value="2026-01-01"),
    Case("impossible-date", sub('last_updated: "2026-01-01"', "last_updated: 2026-02-30"), "date-invalid", 56),
    Case("date-with-time", sub('last_updated: "2026-01-01"', "last_updated: 2026-01-01T10:00:00"), "date-invalid", 56),
    Case("number-as-text", sub("percent: 12", 'percent: "12"'), "schema", 44),
    # duplicate and colliding keys
    Case("duplicate-key", sub("  status: draft\n", "  status: draft\n  status: reviewed\n"), "yaml-duplicate-key", 56),
    Case("number-key", sub("  status: draft\n", "  status: draft\n  1: x\n"), "yaml-key", 56),
    Case("null-key", sub("  status: draft\n", "  status: draft\n  ~: x\n"), "yaml-key", 56),
    Case("unknown-key", sub("  status: draft\n", "  status: draft\n  stauts: draft\n"), "schema", 56),
    # encodings
    Case("bom-accepted", b"\xef\xbb\xbf" + BASE.encode(), path=("indications", 0, "condition"),
         value="Example condition"),
    Case("crlf-accepted", BASE.replace("\n", "\r\n").encode(), path=("indications", 0, "condition"),
         value="Example condition"),
    Case("invalid-utf8", sub(COND, "condition: Ex") + b"\xff\n", "yaml-encoding", 57),
    Case("latin1", BASE.replace("Example condition", "Exémple").encode("latin-1"), "yaml-encoding", 17),
    Case("nul-byte", BASE.encode() + b"\x00", "yaml-encoding", 1),
    Case("control-char", sub(COND, 'condition: "a\x07b"'), "yaml-encoding", 17),
    # structure
    Case("empty", b"", "yaml-empty", 1),
    Case("comments-only", b"# nothing\n# here\n", "yaml-empty", 1),
    Case("two-documents", BASE.encode() + b"---\nid: other\n", "yaml-multiple-documents", 57),
    Case("top-level-list", b"- id: case\n", "yaml-top-level", 1),
    Case("top-level-scalar", b"just text\n", "yaml-top-level", 1),
    Case("deep-nesting", b"id: " + b"[" * 200 + b"]" * 200 + b"\n", "yaml-limits", 1),
    Case("huge-line", b"id: case\nx: " + b"a" * (MAX_BYTES + 10) + b"\n", "yaml-limits", 1),
    Case("huge-list", b"id: case\nx: [" + b"1," * 250_000 + b"1]\n", "yaml-limits", 2),
    Case("alias-bomb", b"a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
         b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
         b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n", "yaml-limits", 6),
    Case("merge-key", sub("    population:\n      group: adult\n", "    population:\n      <<: {group: adult}\n"),
         "yaml-merge-key", 23),
    # tags
    Case("python-object", sub(COND, "condition: !!python/object/apply:os.system ['id']"), "yaml-tag", 17),
    Case("python-name", sub(COND, "condition: !!python/name:os.system"), "yaml-tag", 17),
    Case("binary", sub(COND, "condition: !!binary aGVsbG8="), "yaml-tag", 17),
    Case("custom-tag", sub(COND, "condition: !include other.yaml"), "yaml-tag", 17),
    # clinical nonsense
    Case("percent-over-100", sub("percent: 12", "percent: 120"), "percent-range", 44),
    Case("negative-percent", sub("percent: 12", "percent: -3"), "percent-range", 44),
    Case("band-mismatch", sub("percent: 12", "percent: 0.5"), "percent-band", 45),
    Case("celsius-fahrenheit", sub("{gte: 68, lte: 77,", "{gte: 68, lte: 90,"), "temperature-scales", 39),
    Case("dose-string-with-unit", sub("amount: {value: 10, unit: mg}\n    brands", "amount: {value: 10 mg, unit: mg}\n    brands"),
         "schema", 12),
    Case("reversed-range", sub("{gte: 20, lte: 25, unit: Cel}", "{gte: 25, lte: 20, unit: Cel}"), "range-order", 38),
    Case("negative-dose", sub("amount: {value: 10, unit: mg}\n    brands", "amount: {value: -10, unit: mg}\n    brands"),
         "schema", 12),
    # identity
    Case("id-with-path", sub("id: case", "id: ../etc/passwd"), "schema", 1),
    Case("id-unlike-file", sub("id: case", "id: other"), "id-file-name", 1),
    Case("homoglyph-brand", sub("    - name: Examplo\n", "    - name: Ex\u0430mplo\n").replace(
        b"brands: [Examplo]", "brands: [Ex\u0430mplo]".encode()), "mixed-script", 5),
    Case("zero-width", sub(COND, "condition: Exam\u200bple"), "invisible-character", 17),
    Case("bidi-control", sub(COND, "condition: Exam\u202eple"), "invisible-character", 17),
    # markup is kept as text (and escaped when rendered: see test_site)
    Case("script-text-kept", sub(COND, 'condition: "<script>alert(1)</script>"'),
         path=("indications", 0, "condition"), value="<script>alert(1)</script>"),
    Case("javascript-source-url", sub("url: https://example.org/label", "url: javascript:alert(1)"), "url-scheme", 52),
    Case("data-source-url", sub("url: https://example.org/label", "url: data:text/html,hi"), "url-scheme", 52),
]


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input(case: Case) -> None:
    doc = load_bytes(case.data, "case.yaml")
    checked = check_document(doc, today=TODAY)
    errors = [p for p in checked.problems if p.severity == "error"]
    if case.rule is not None:
        assert checked.model is None
        assert any(p.rule == case.rule and p.line == case.line for p in errors), [p.text() for p in errors]
        assert all(p.file == "case.yaml" and p.line >= 1 and p.col >= 1 for p in errors)
    else:
        assert errors == [], [p.text() for p in errors]
        assert _get(doc.data, case.path) == case.value
        assert isinstance(_get(doc.data, case.path), type(case.value))
        assert checked.model is not None
        exported = checked.model.model_dump(mode="json", exclude_none=True)
        assert _get(exported, case.path) == case.value
        assert Monograph.model_validate(exported) == checked.model
        page = render_monograph(checked.model)
        shown = esc(case.value) if isinstance(case.value, str) else number(case.value)
        assert shown in page, f"{shown!r} is not displayed exactly"


def test_suite_is_broad() -> None:
    assert len(CASES) >= 40


def test_content_never_runs_code_or_touches_files(tmp_path: Path) -> None:
    """Tags that would run code or include files are refused before anything is constructed."""
    marker = tmp_path / "pwned"
    payloads = [
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"!!python/object/apply:subprocess.call [['touch', '{marker}']]",
        f"!include {marker}",
    ]
    for payload in payloads:
        doc = load_bytes(sub(COND, f"condition: {payload}"), "case.yaml")
        assert doc.data is None and doc.problems[0].rule == "yaml-tag"
    assert not marker.exists()


def test_zero_interval_is_refused() -> None:
    raw = sub("          every: {value: 1, unit: d}\n", "          every: {value: 0, unit: d}\n")
    checked = check_document(load_bytes(raw, "case.yaml"), today=TODAY)
    assert [(p.rule, p.line) for p in checked.problems] == [("schema", 32)]
