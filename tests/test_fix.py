"""``monographs fix``: each mechanical mistake is repaired and reported, the result validates,
and fixing again changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.check.load import load_bytes
from build_tools.check.validate import check_document
from build_tools.cli import main
from build_tools.editors.fix import fix_line, fix_text
from tests.conftest import FIXTURES, TODAY, compare_golden

CASES = sorted((FIXTURES / "fix").glob("*.yaml"))
CASES = [p for p in CASES if not p.name.endswith(".fixed.yaml")]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fix_repairs_and_reports_each_mistake(case: Path) -> None:
    text, fixes = fix_text(case.read_text(encoding="utf-8"), case.name)
    compare_golden(case.with_suffix(".fixed.yaml"), text)
    compare_golden(case.with_suffix(".fixes"), "\n".join(fix_line(p) for p in fixes) + "\n")
    checked = check_document(load_bytes(text.encode(), case.name), TODAY)
    assert checked.model is not None, [p.text() for p in checked.problems]
    again, more = fix_text(text, case.name)
    assert (again, more) == (text, [])


def test_fix_check_reports_without_writing_and_fix_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = FIXTURES / "fix" / "sloppy.yaml"
    target = tmp_path / "sloppy.yaml"
    target.write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["fix", "--check", str(target)]) == 1
    out = capsys.readouterr().out
    assert "fix: route 'PO' -> 'oral'" in out and ": warning:" not in out
    assert target.read_text(encoding="utf-8") == case.read_text(encoding="utf-8")
    assert main(["fix", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == case.with_suffix(".fixed.yaml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["fix", "--check", str(target)]) == 0


def test_ambiguous_tabs_are_left_for_the_editor() -> None:
    from build_tools.editors.fix import _fix_tabs

    # Two spaces make c a sibling of b, four or eight make it b's child: not mechanical.
    text = "a:\n  b:\n\tc: 1\n"
    fixes: list[object] = []
    assert _fix_tabs(text, "x.yaml", fixes) == text and fixes == []  # type: ignore[arg-type]
    clear = "a:\n\tb: 1\n"  # every width reads a: {b: 1}
    assert _fix_tabs(clear, "x.yaml", fixes) == "a:\n  b: 1\n"  # type: ignore[arg-type]
