"""Provenance: high-risk statements cite a label or say they do not; the audit counts them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.check.load import load_bytes
from build_tools.check.validate import check_document
from build_tools.cli import main
from tests.conftest import FIXTURES, TODAY

BASE = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8")


def _provenance_lines(text: str) -> list[str]:
    checked = check_document(load_bytes(text.encode(), "base.yaml"), today=TODAY)
    assert checked.model is not None, [p.text() for p in checked.problems]
    return [p.text() for p in checked.problems if p.rule == "provenance"]


def test_a_label_cited_monograph_has_no_provenance_warning() -> None:
    assert "    kind: label\n" in BASE
    assert _provenance_lines(BASE) == []


def test_secondary_only_statements_are_warned_until_flagged() -> None:
    secondary = BASE.replace("    kind: label\n", "    kind: secondary-summary\n")
    lines = _provenance_lines(secondary)
    assert lines and all("warning: cites no label or regulator source (label (secondary-summary))" in x
                         for x in lines), lines
    # flagging the regimen covers its phases too; the other statements still warn
    flagged = secondary.replace("    routes: [oral]\n    phases:", "    routes: [oral]\n"
                                "    verification: secondary-source-only\n    phases:", 1)
    assert flagged != secondary
    assert len(_provenance_lines(flagged)) < len(lines)
    assert not [x for x in _provenance_lines(flagged) if ":dosing" in x]


def test_audit_counts_statements_by_support(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "monographs"
    folder.mkdir()
    (folder / "base.yaml").write_text(BASE, encoding="utf-8")
    (folder / "second.yaml").write_text(
        BASE.replace("id: base", "id: second").replace("Examplo", "Secondo")
        .replace("    kind: label\n", "    kind: secondary-summary\n"), encoding="utf-8")
    assert main(["audit", "--format", "json", str(folder)]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = {r["id"]: r for r in report["monographs"]}
    assert set(rows["base"]["support"]) == {"primary"} and rows["base"]["other_only"] == []
    assert set(rows["second"]["support"]) == {"other"} and rows["second"]["other_only"]
    total = report["totals"]
    assert total["monographs"] == 2
    assert total["statements"] == sum(sum(r["support"].values()) for r in rows.values())
    assert main(["audit", str(folder)]) == 0
    assert "2 monographs" in capsys.readouterr().out
