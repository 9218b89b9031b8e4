"""Dose calendars from structured regimens."""

from __future__ import annotations

import datetime as dt

from build_tools.check.load import load_file
from build_tools.cli import main
from build_tools.compute.schedule import add_months, dose_calendar, fixed_day_offsets
from build_tools.model import Monograph
from tests.conftest import ROOT


def _nusinersen() -> Monograph:
    return Monograph.model_validate(load_file(ROOT / "monographs" / "nusinersen.yaml").data)


def test_nusinersen_calendar() -> None:
    regimen = _nusinersen().dosing[0]
    doses = dose_calendar(regimen, dt.datetime(2026, 1, 5), 7)
    assert [d.when.date().isoformat() for d in doses] == [
        "2026-01-05", "2026-01-19", "2026-02-02", "2026-03-04",
        "2026-07-04", "2026-11-04", "2027-03-04",
    ]
    assert [d.phase for d in doses][:5] == ["loading"] * 3 + ["loading-4", "maintenance"]


def test_nusinersen_fixed_offsets() -> None:
    offsets = fixed_day_offsets(_nusinersen().dosing[0])
    assert [o["day"] for o in offsets] == [0, 14, 28, 58]


def test_calendar_months_clamp_without_drift() -> None:
    start = dt.datetime(2026, 8, 31)
    assert add_months(start, 1).date() == dt.date(2026, 9, 30)
    assert add_months(start, 6).date() == dt.date(2027, 2, 28)
    assert add_months(start, 12).date() == dt.date(2027, 8, 31)
    assert add_months(dt.datetime(2027, 12, 15), 2).date() == dt.date(2028, 2, 15)


def test_schedule_cli(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["schedule", "nusinersen", "--start", "2026-01-05", "--count", "5",
                 "--dir", str(ROOT / "monographs")])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert [line.split()[0] for line in out[1:]] == [
        "2026-01-05", "2026-01-19", "2026-02-02", "2026-03-04", "2026-07-04"]


def test_schedule_cli_bad_start(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["schedule", "nusinersen", "--start", "05/01/2026", "--dir", str(ROOT / "monographs")])
    assert code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
