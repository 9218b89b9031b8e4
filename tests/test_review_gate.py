"""Review that means something: a reviewed monograph needs a full review record, and the
pull-request gate (run on recorded GitHub event payloads) returns a changed reviewed monograph
to draft unless the same pull request adds a record by a listed, approving reviewer."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.check.load import load_bytes
from build_tools.check.validate import check_document
from build_tools.cli import main
from tests.conftest import FIXTURE_TODAY, FIXTURES, ROOT

BASE = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8")
EVENTS = FIXTURES / "events"


def _reviewed(records: str) -> str:
    return BASE.replace('  status: draft\n  last_updated: "2026-01-01"\n',
                        '  status: reviewed\n  last_updated: "2026-01-01"\n  reviewers:\n' + records)


R5 = ('    - {name: L. Reviewer, role: Clinical pharmacist, date: "2026-01-02", github: listed-reviewer,\n'
      '       pull_request: 5, sections: [all]}\n')
R7 = ('    - {name: L. Reviewer, role: Clinical pharmacist, date: "2026-01-03", github: listed-reviewer,\n'
      '       pull_request: 7, sections: [dosing]}\n')
UNLISTED7 = ('    - {name: U. Nobody, role: Pharmacist, date: "2026-01-03", github: unlisted,\n'
             '       pull_request: 7, sections: [dosing]}\n')


def test_a_review_without_a_full_record_is_an_error() -> None:
    bare = _reviewed('    - {name: A. Reviewer, role: Clinical pharmacist, date: "2026-01-02"}\n')
    lines = [p.text() for p in check_document(load_bytes(bare.encode(), "base.yaml"), FIXTURE_TODAY).problems]
    assert any(": review-record: the review by A. Reviewer gives no github, pull_request, sections;" in x
               for x in lines), lines
    full = _reviewed(R5)
    checked = check_document(load_bytes(full.encode(), "base.yaml"), FIXTURE_TODAY)
    assert checked.model is not None and not [p for p in checked.problems if p.rule.startswith("review")]


def _sides(tmp_path: Path, old: str, new: str) -> tuple[str, str, str]:
    base, head = tmp_path / "base", tmp_path / "head"
    for side, text in ((base, old), (head, new)):
        side.mkdir()
        (side / "base.yaml").write_text(text, encoding="utf-8")
    reviewers = tmp_path / "reviewers.yaml"
    reviewers.write_text("reviewers:\n  - {github: Listed-Reviewer, name: L. Reviewer, role: Clinical pharmacist}\n",
                         encoding="utf-8")
    return str(base), str(head), str(reviewers)


DOSE_EDIT = ("amount: {value: 10, unit: mg}\n        frequency", "amount: {value: 20, unit: mg}\n        frequency")


@pytest.mark.parametrize(("new_records", "event", "passes", "says"), [
    ("", "pull_request_synchronize.json", False, "no review record for pull request #7 was added"),
    (UNLISTED7, "pull_request_synchronize.json", False, "is not listed in .github/reviewers.yaml"),
    (R7, "pull_request_synchronize.json", True, ""),
    (R7, "review_approved.json", True, ""),
    (R7, "review_approved_by_other.json", False, "has not approved this pull request"),
])
def test_a_changed_reviewed_monograph_needs_a_new_record_in_the_same_pull_request(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], new_records: str, event: str, passes: bool,
        says: str) -> None:
    old = _reviewed(R5)
    new = _reviewed(R5 + new_records).replace(*DOSE_EDIT)
    assert new != _reviewed(R5 + new_records)
    base, head, reviewers = _sides(tmp_path, old, new)
    status = main(["review-gate", base, head, "--event", str(EVENTS / event), "--reviewers", reviewers])
    out = capsys.readouterr().out
    assert status == (0 if passes else 1), out
    if not passes:
        assert "monographs/base.yaml: status is 'reviewed' but its clinical content changes here" in out
        assert says in out and "set status: draft" in out


def test_unchanged_or_draft_monographs_pass_and_a_new_review_claim_is_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    event = str(EVENTS / "pull_request_synchronize.json")
    base, head, reviewers = _sides(tmp_path, _reviewed(R5), _reviewed(R5))
    assert main(["review-gate", base, head, "--event", event, "--reviewers", reviewers]) == 0
    (Path(head) / "base.yaml").write_text(BASE.replace(*DOSE_EDIT), encoding="utf-8")  # a draft may change freely
    assert main(["review-gate", base, head, "--event", event, "--reviewers", reviewers]) == 0
    (Path(base) / "base.yaml").write_text(BASE, encoding="utf-8")
    (Path(head) / "base.yaml").write_text(_reviewed(R5), encoding="utf-8")  # claims a review from PR 5
    assert main(["review-gate", base, head, "--event", event, "--reviewers", reviewers]) == 1
    assert "it becomes reviewed here" in capsys.readouterr().out


def test_the_repository_lists_no_reviewer_and_owns_monographs() -> None:
    """No monograph may claim a review yet: nobody is listed, and monographs/ has code owners."""
    from build_tools.editors.review_gate import listed_reviewers

    assert listed_reviewers(ROOT / ".github" / "reviewers.yaml") == {}
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert any(line.startswith("/monographs/ @") for line in owners.splitlines())
