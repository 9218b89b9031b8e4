"""Fixture-driven tests: each invalid fixture yields exactly its expected problem lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.check.rules import RULES
from build_tools.check.validate import check_file, check_paths
from tests.conftest import FIXTURE_TODAY, FIXTURES, TODAY, compare_golden

VALID = sorted((FIXTURES / "valid").glob("*.yaml"))
INVALID = sorted((FIXTURES / "invalid").glob("*/*.yaml"))
CORPUS = sorted(p for p in (FIXTURES / "corpus").iterdir() if p.is_dir())


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_has_no_errors(path: Path) -> None:
    checked = check_file(path, display=path.name, today=TODAY)
    assert [p.text() for p in checked.problems if p.severity == "error"] == []
    assert checked.model is not None


@pytest.mark.parametrize("path", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_invalid_fixture_gives_expected_lines(path: Path) -> None:
    checked = check_file(path, display=path.name, today=FIXTURE_TODAY)
    lines = [p.text() for p in checked.problems]
    assert checked.model is None, "an invalid fixture must not produce a model"
    rule_id = path.parent.name
    assert any(f": {rule_id}: " in line for line in lines), f"expected a {rule_id} problem: {lines}"
    compare_golden(path.with_suffix(".expected"), "\n".join(lines) + "\n")


@pytest.mark.parametrize("case", CORPUS, ids=lambda p: p.name)
def test_corpus_rules(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    files = sorted(p.relative_to(case) for p in case.rglob("*.yaml"))
    corpus = check_paths(files, today=FIXTURE_TODAY)
    lines = [p.text() for p in corpus.problems]
    assert any(f": {case.name}: " in line for line in lines)
    compare_golden(case / "expected.txt", "\n".join(lines) + "\n")


def test_every_rule_has_a_fixture() -> None:
    covered = {p.parent.name for p in INVALID} | {p.name for p in CORPUS}
    missing = sorted(r for r, rule in RULES.items() if rule.severity == "error" and r not in covered)
    assert missing == [], f"rules without an invalid fixture: {missing}"


def test_problems_in_one_file_are_all_reported(tmp_path: Path) -> None:
    """Several independent YAML problems in one file are listed in one run."""
    bad = tmp_path / "several.yaml"
    bad.write_text("id: several\na: no\nb: 1:30\nc: 1\nc: 2\nd: !!binary aGk=\n", encoding="utf-8")
    rules = [p.rule for p in check_file(bad, display="several.yaml", today=TODAY).problems]
    assert rules == ["yaml-ambiguous", "yaml-ambiguous", "yaml-duplicate-key", "yaml-tag"]


def test_schema_problems_are_all_reported(tmp_path: Path) -> None:
    text = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8")
    text = text.replace("id: base", "id: many").replace("labeled: true", "labeled: 1")
    text = text.replace("percent: 12", "percent: 12\n    colour: red")
    bad = tmp_path / "many.yaml"
    bad.write_text(text, encoding="utf-8")
    problems = check_file(bad, display="many.yaml", today=TODAY).problems
    assert [(p.line, p.rule) for p in problems] == [(18, "schema"), (45, "schema")]


def test_review_older_than_last_change_is_a_warning(tmp_path: Path) -> None:
    text = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8").replace("id: base", "id: stale")
    text = text.replace('  status: draft\n  last_updated: "2026-01-01"\n',
                        '  status: reviewed\n  last_updated: "2026-03-01"\n  reviewers:\n'
                        '    - {name: A. Reviewer, role: Clinical pharmacist, date: "2026-01-01"}\n'
                        '    - {name: B. Reviewer, role: Clinical pharmacist, date: "2026-02-01", github: b-reviewer,\n'
                        '       pull_request: 3, sections: [all]}\n')
    path = tmp_path / "stale.yaml"
    path.write_text(text, encoding="utf-8")
    checked = check_file(path, display="stale.yaml", today=FIXTURE_TODAY)
    assert checked.model is not None
    assert [p.text() for p in checked.problems] == [
        "stale.yaml:59:60: review-status: warning: the content changed after the last review "
        "(2026-02-01 < 2026-03-01); review it again or set status to draft"]
