"""``monographs review-gate``: in a pull request, a reviewed monograph whose clinical content
changes stays reviewed only if the same pull request adds a review record by a listed reviewer
(and, when the event carries one, that reviewer's approval). Otherwise it must return to draft.

The check reads the two sides as ``monographs diff`` does (folders or git revisions), the
GitHub event payload the workflow received (``$GITHUB_EVENT_PATH``), and the listed reviewers
(``.github/reviewers.yaml``), so it can be tested on recorded payloads.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from build_tools.editors.clinical_diff import _read_side, diff_monographs
from build_tools.editors.versions import MONOGRAPH_DIR, GitError, Version

REVIEWERS_FILE = Path(".github/reviewers.yaml")


def listed_reviewers(path: Path) -> dict[str, str]:
    """GitHub login (case-folded) -> name, from the reviewers file (missing file: nobody)."""
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(r["github"]).casefold(): str(r["name"]) for r in data.get("reviewers") or []}


def event_facts(event: dict[str, Any]) -> tuple[int, set[str] | None]:
    """The pull request's number and, for a review event, the logins that approved it (None:
    the event says nothing about approvals)."""
    pr = event.get("pull_request") or {}
    number = int(pr.get("number") or event.get("number") or 0)
    review = event.get("review")
    if review is None:
        return number, None
    approved = str(review.get("state", "")).casefold() == "approved"
    login = str((review.get("user") or {}).get("login", "")).casefold()
    return number, ({login} if approved and login else set())


def gate(base: dict[str, Version], head: dict[str, Version], pull_request: int,
         reviewers: dict[str, str], approvals: set[str] | None) -> list[str]:
    """One message per monograph that claims a review this pull request does not back."""
    problems = []
    for stem, new in sorted(head.items()):
        model = new.model
        if model is None or model.review.status != "reviewed":
            continue
        old = base.get(stem)
        before = old.model if old is not None else None
        clinical = [c for c in diff_monographs(before, model) if c.section != "review"]
        newly = before is None or before.review.status != "reviewed"
        if not clinical and not newly:
            continue
        earlier = before.review.reviewers if before is not None else []
        records = [r for r in model.review.reviewers if r.pull_request == pull_request and r not in earlier]
        listed = [r for r in records if r.github and r.github.casefold() in reviewers]
        backed = [r for r in listed if approvals is None or (r.github or "").casefold() in approvals]
        if backed:
            continue
        why = ("its clinical content changes here" if clinical else "it becomes reviewed here")
        if not records:
            need = f"no review record for pull request #{pull_request} was added"
        elif not listed:
            need = "the new review record's reviewer is not listed in .github/reviewers.yaml"
        else:
            need = "the listed reviewer of the new record has not approved this pull request"
        problems.append(f"{MONOGRAPH_DIR}/{stem}.yaml: status is 'reviewed' but {why} and {need}; "
                        "set status: draft (and remove the reviewers), or have a listed reviewer "
                        "review it in this pull request and add their record")
    return problems


def _cmd_gate(args: argparse.Namespace) -> int:
    """0: every reviewed monograph is backed; 1: some are not; 2: a side or the event is unreadable."""
    try:
        base = _read_side(args.base, args.dir)
        head = _read_side(args.head, args.dir)
        event = json.loads(Path(args.event).read_text(encoding="utf-8"))
    except (GitError, OSError, ValueError) as exc:
        print(f"monographs: review-gate cannot read its inputs: {exc}", file=sys.stderr)
        return 2
    number, approvals = event_facts(event)
    problems = gate(base, head, number, listed_reviewers(Path(args.reviewers)), approvals)
    for p in problems:
        print(p)
    print(f"review gate: {len(problems)} monograph(s) claim a review this pull request does not back",
          file=sys.stderr)
    return 1 if problems else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``review-gate --event FILE BASE HEAD`` to the ``monographs`` command."""
    p = subparsers.add_parser("review-gate", help="a changed reviewed monograph needs a new review "
                              "record by a listed reviewer in the same pull request")
    p.add_argument("base", help="the base side: a folder or git revision (e.g. origin/main)")
    p.add_argument("head", help="the pull request's side: a folder or git revision (e.g. HEAD)")
    p.add_argument("--event", required=True, help="the GitHub event payload ($GITHUB_EVENT_PATH)")
    p.add_argument("--reviewers", default=str(REVIEWERS_FILE), help="the listed reviewers")
    p.add_argument("--dir", default=MONOGRAPH_DIR, help="monograph folder inside a revision")
    p.set_defaults(func=_cmd_gate)
