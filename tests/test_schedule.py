"""Dose calendars from structured regimens."""

from __future__ import annotations

import datetime as dt

from build_tools.check.load import load_file
from build_tools.cli import main
from build_tools.compute.schedule import add_months, dose_calendar, fixed_day_offsets
from build_tools.model import Monograph, Regimen
from tests.conftest import FIXTURES, ROOT


def _nusinersen() -> Monograph:
    return Monograph.model_validate(load_file(FIXTURES / "valid" / "nusinersen.yaml").data)


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


def _regimen(phases: list[dict[str, object]]) -> Regimen:
    return Regimen.model_validate({"id": "r", "indications": ["x"], "population": {"group": "adult"},
                                   "routes": ["intravenous"], "phases": phases})


DOSE = {"basis": "per-administration", "amount": {"value": 10, "unit": "mg"}}


def test_phase_after_an_event_ends_the_calendar() -> None:
    """A phase that starts when the previous one's 'until' event happens has no date: the
    calendar lists what it can and stops, instead of failing a monograph that validated."""
    from build_tools.compute.schedule import symbolic_calendar
    regimen = _regimen([
        {"id": "titrate", "kind": "titration", "dose": DOSE, "count": 3,
         "frequency": {"times": 1, "every": {"value": 6, "unit": "h"}},
         "until": {"event": "target-reached", "text": "aPTT in range"}},
        {"id": "keep", "kind": "maintenance", "dose": DOSE,
         "frequency": {"times": 1, "every": {"value": 1, "unit": "d"}}},
    ])
    start = dt.datetime(2026, 1, 5, 8)
    assert [d.phase for d in dose_calendar(regimen, start, 10)] == ["titrate"] * 3
    assert [d.days for d in symbolic_calendar(regimen, 10)] == [0, 0.25, 0.5]


def test_cycles_and_weekdays_calendar() -> None:
    regimen = _regimen([
        {"id": "cycles", "kind": "initial", "dose": DOSE,
         "cycle": {"length": {"value": 21, "unit": "d"}, "dose_days": [1, 8], "cycles": 2}},
        {"id": "weekly", "kind": "maintenance", "dose": DOSE, "start_after": {"value": 13, "unit": "d"},
         "count": 3, "frequency": {"times": 2, "every": {"value": 1, "unit": "wk"},
                                   "on_weekdays": {"days": ["mon", "thu"]}}},
    ])
    start = dt.datetime(2026, 1, 5, 9)  # a Monday
    days = [(d.phase, (d.when - start).days) for d in dose_calendar(regimen, start, 10)]
    # cycles: days 0, 7, 21, 28; the last dose is day 28, +13 d = day 41 (a Sunday): the next
    # Monday is day 42, then Thursday day 45 and Monday day 49
    assert days == [("cycles", 0), ("cycles", 7), ("cycles", 21), ("cycles", 28),
                    ("weekly", 42), ("weekly", 45), ("weekly", 49)]
    # day offsets stop before the weekday phase: its first day depends on the start date
    assert [d["day"] for d in fixed_day_offsets(regimen)] == [0, 7, 21, 28]


def test_a_run_of_doses_in_calendar_months_is_refused_before_it_can_fail_a_build() -> None:
    """Found by the model-driven fuzzer: a cycle's run spaced in months validated, then the
    export's schedule failed. It is now a cycle-days error."""
    from build_tools.check.load import load_bytes
    from build_tools.check.validate import check_document

    text = (FIXTURES / "valid" / "everything.yaml").read_text(encoding="utf-8")
    doc = load_bytes(text.encode(), "everything.yaml")
    assert doc.data is not None
    block = next(p["cycle"]["block"] for r in doc.data["dosing"] for p in r["phases"]
                 if "cycle" in p and "block" in p["cycle"])
    block["every"]["unit"] = "mo"
    import yaml
    checked = check_document(load_bytes(yaml.safe_dump(doc.data, sort_keys=False).encode(),
                                        "everything.yaml"))
    assert checked.model is None
    assert any(p.rule == "cycle-days" and "calendar months" in p.message for p in checked.problems)
