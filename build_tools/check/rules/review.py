"""Review rules: dates are not in the future, and review claims match the status."""

from __future__ import annotations

import datetime as dt

from build_tools.check.rules import FileContext, rule


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
