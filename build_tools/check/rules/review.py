"""Review rules: dates are not in the future, and review claims match the status."""

from __future__ import annotations

import datetime as dt

from build_tools.check.rules import FileContext, rule
from build_tools.compute.completeness import marked_but_given, missing_sections, todo_lines


@rule("date-future", "No date (accessed, reviewed, updated) lies in the future.")
def date_future(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if isinstance(node, dt.date) and node > ctx.today:
            ctx.report(path, "date-future",
                       f"{node.isoformat()} is in the future (today is {ctx.today.isoformat()}); "
                       "use the date it actually happened")


@rule("review-status", "A reviewed monograph names its reviewers; a draft claims no review.")
def review_status(ctx: FileContext) -> None:
    review = ctx.model.review
    if review.status == "reviewed" and not review.reviewers:
        ctx.report(("review", "status"), "review-status",
                   "status is 'reviewed' but no reviewer is named; add reviewers (name, role, "
                   "date) or set status to draft")
    if review.status == "draft" and review.reviewers:
        ctx.report(("review", "reviewers"), "review-status",
                   "a draft must not name reviewers; set status to 'reviewed' only after the "
                   "review happened")
    if review.status == "reviewed" and review.reviewers:
        newest = max(range(len(review.reviewers)), key=lambda i: review.reviewers[i].date)
        reviewed_on = review.reviewers[newest].date
        if reviewed_on < review.last_updated:
            ctx.report(("review", "reviewers", newest, "date"), "review-status",
                       "the content changed after the last review "
                       f"({reviewed_on.isoformat()} < {review.last_updated.isoformat()}); "
                       "review it again or set status to draft", "warning")


def _listing(names: list[str]) -> str:
    return ", ".join(n.replace("_", " ") for n in names)


@rule("publish-ready", "A monograph is finished (status draft or reviewed) only with every core "
      "section given or marked not applicable and no TODO marker; an incomplete draft is not "
      "published, and validate says what it lacks.")
def publish_ready(ctx: FileContext) -> None:
    m = ctx.model
    missing = missing_sections(m)
    todos = todo_lines(ctx.doc.text)
    for i in marked_but_given(m):
        section = m.review.not_applicable[i].section
        ctx.report(("review", "not_applicable", i, "section"), "publish-ready",
                   f"{_listing([section])} is marked not applicable but is given; remove one of them")
    gaps = ([f"no {_listing(missing)}"] if missing else []) + (
        [f"{len(todos)} TODO marker(s) (first on line {todos[0]})"] if todos else [])
    if not gaps:
        return
    what = " and ".join(gaps)
    if m.review.status == "incomplete":
        ctx.report(("review", "status"), "publish-ready",
                   f"incomplete draft, not published on the site or in the export: {what}; "
                   "give each section (or list it under review.not_applicable with a reason), "
                   "finish the TODOs, then set status: draft", "warning")
    else:
        ctx.report(("review", "status"), "publish-ready",
                   f"status '{m.review.status}' says the monograph is finished, but it has {what}; "
                   "finish it (give each missing section, or list one that does not apply under "
                   "review.not_applicable with its reason; resolve each TODO), or set status: "
                   "incomplete, which keeps it off the site and out of the export")


@rule("review-record", "A reviewed monograph's newest review is a full record: the reviewer's "
      "GitHub login, the pull request it happened in, and the sections checked.")
def review_record(ctx: FileContext) -> None:
    review = ctx.model.review
    if review.status != "reviewed" or not review.reviewers:
        return
    newest = max(range(len(review.reviewers)), key=lambda i: review.reviewers[i].date)
    record = review.reviewers[newest]
    missing = [k for k in ("github", "pull_request", "sections") if not getattr(record, k)]
    if missing:
        ctx.report(("review", "reviewers", newest), "review-record",
                   f"the review by {record.name} gives no {', '.join(missing)}; a review counts only "
                   "as a record of who (github: their login, as in .github/reviewers.yaml), where "
                   "(pull_request: its number) and what (sections: [all] or the sections checked)")
