"""Provenance: high-risk statements cite a label or say they do not; the audit counts them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from build_tools.check.load import load_bytes
from build_tools.check.validate import check_document
from build_tools.cli import main
from build_tools.editors.audit import log_results
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


def _currency_lines(text: str, today: dt.date) -> list[str]:
    checked = check_document(load_bytes(text.encode(), "base.yaml"), today=today)
    assert checked.model is not None, [p.text() for p in checked.problems]
    return [p.text() for p in checked.problems if p.rule == "source-currency"]


def test_a_source_read_over_a_year_ago_is_warned() -> None:
    assert '    accessed: "2026-01-01"\n' in BASE
    assert _currency_lines(BASE, dt.date(2026, 12, 31)) == []
    assert _currency_lines(BASE, dt.date(2027, 1, 1)) == []  # 365 days is not more than a year
    lines = _currency_lines(BASE, dt.date(2027, 1, 2))
    assert len(lines) == 1 and "'label' was read on 2026-01-01, more than 12 months ago" in lines[0]


@pytest.mark.parametrize(("revised", "today", "old"), [
    ("2021-11", dt.date(2026, 11, 30), False),  # November 2021 may have been its last day
    ("2021-11", dt.date(2026, 12, 1), True),
    ("2021-11-15", dt.date(2026, 11, 15), False),
    ("2021-11-15", dt.date(2026, 11, 16), True),
    ("2021-12", dt.date(2027, 1, 1), True),  # December's last day, across the year end
    ("2021-12", dt.date(2026, 12, 31), False),
])
def test_a_label_revision_over_five_years_old_is_warned(revised: str, today: dt.date, old: bool) -> None:
    text = BASE.replace('    accessed: "2026-01-01"\n', f'    accessed: "{today.isoformat()}"\n'
                        f"    revised: {revised}\n", 1)
    lines = _currency_lines(text, today)
    assert bool(lines) == old, lines
    if old:
        assert f"label revision {revised} of 'label' is more than 5 years old" in lines[0]


@pytest.mark.parametrize("revised", ["2021-13", "2021-1", "21-11", "2021-11-32", "November 2021"])
def test_a_revision_date_is_year_and_month(revised: str) -> None:
    text = BASE.replace('    accessed: "2026-01-01"\n', f'    accessed: "2026-01-01"\n    revised: "{revised}"\n', 1)
    checked = check_document(load_bytes(text.encode(), "base.yaml"), today=TODAY)
    assert checked.model is None
    assert [p.rule for p in checked.problems] == ["schema"]


LOG = """# Verification log: example

## Sources read

| source id | kind | sections read | revision |
| --- | --- | --- | --- |
| us-pi | label | §2 | Revised 6/2023 |

## Facts checked

| # | fact | in the monograph | source and locator | result | note |
| --- | --- | --- | --- | --- | --- |
| 1 | a dose | dosing | us-pi §2.1 | matched | |
| 2 | a band | dose_adjustments | us-pi §2.4 | Corrected | was < 30 |
| 3 | a limit | storage | us-pi §16 | corected | typo |
| 4 | a limit | storage | us-pi §16 | matched |

## Codes

| code | value | source | result |
| --- | --- | --- | --- |
| UNII | X | gsrs | matched |
"""


def test_a_verification_log_is_counted_by_result_and_typos_show() -> None:
    counts = log_results(LOG)
    assert counts == {"matched": 1, "corrected": 1, "unreadable": 2}  # a typo, a short row
    assert log_results("# no table\n") == {}


def test_the_audit_lists_each_log_beside_its_monograph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "monographs"
    folder.mkdir()
    (folder / "base.yaml").write_text(BASE, encoding="utf-8")
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "base.md").write_text(LOG, encoding="utf-8")
    assert main(["audit", "--format", "json", "--logs", str(logs), str(folder)]) == 0
    row = json.loads(capsys.readouterr().out)["monographs"][0]
    assert row["log"] == {"matched": 1, "corrected": 1, "unreadable": 2}
    assert row["kinds"] == {"label": row["statements"]}
    assert main(["audit", "--logs", str(logs), str(folder)]) == 0
    out = capsys.readouterr().out
    assert "| 4 (1 matched, 1 corrected, 2 unreadable) |" in out
    assert "Verification logs for 1 of 1 monographs, 4 facts checked" in out
