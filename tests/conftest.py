"""Shared test helpers: fixture locations, a fixed 'today', and golden-file comparison."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Expected-output fixtures name the date ("today is ..."), so they are checked on a fixed one.
FIXTURE_TODAY = dt.date(2026, 11, 21)
#: The date the date rules see for the corpus: the real date, as CI and the editors' validate
#: use, so a monograph an editor dates today never fails the tests (never below FIXTURE_TODAY;
#: the date-future fixtures use 2099).
TODAY = max(FIXTURE_TODAY, dt.date.today())
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def compare_golden(path: Path, actual: str) -> None:
    """Assert ``actual`` equals the golden file; with UPDATE_GOLDEN=1, rewrite it instead."""
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"golden file {path} is missing; run with UPDATE_GOLDEN=1 and review it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path} (UPDATE_GOLDEN=1 rewrites it)"
