"""Statement rules: an explicit "none" is never given together with a list for the same region."""

from __future__ import annotations

from build_tools.check.rules import FileContext, rule
from build_tools.compute.provenance import LABEL_MAX_AGE_YEARS, provenance


def _overlap(a: list[str], b: list[str]) -> bool:
    """Two region scopes overlap when either is global (empty) or they share a region."""
    return not a or not b or bool(set(a) & set(b))


@rule("none-with-list", "'None listed/known' is not given together with items for the same region.")
def none_with_list(ctx: FileContext) -> None:
    m = ctx.model
    if m.contraindications and m.contraindications.none_listed:
        scope = m.contraindications.none_listed.regions
        for i, item in enumerate(m.contraindications.items):
            if _overlap(scope, item.regions):
                ctx.report(("contraindications", "items", i), "none-with-list",
                           "contraindications say 'none listed' and also list this item for the "
                           "same region; scope one of them to its regions or remove it")
    if m.interactions and m.interactions.none_known:
        scope = m.interactions.none_known.regions
        for i, interaction in enumerate(m.interactions.items):
            if _overlap(scope, interaction.regions):
                ctx.report(("interactions", "items", i), "none-with-list",
                           "interactions say 'none known' and also list this item for the same "
                           "region; remove one of them")


@rule("provenance", "A high-risk statement (dosing, adjustments, storage, warnings, "
      "contraindications, monitoring) cites a label or regulator source, or says it does not "
      "with a verification flag.", severity="warning")
def provenance_rule(ctx: FileContext) -> None:
    kinds = {s.id: s.kind for s in ctx.model.sources}
    for statement in provenance(ctx.model, ctx.today).statements:
        if statement.verification is not None or statement.support == "primary":
            continue
        if statement.support == "uncited":
            ctx.report(statement.path, "provenance",
                       "this statement cites no source, and nothing around it does; cite the "
                       "label section it comes from", severity="warning")
        else:
            which = ", ".join(f"{s} ({kinds.get(s)})" for s in statement.sources)
            ctx.report(statement.path, "provenance",
                       f"cites no label or regulator source ({which}); cite the label, or mark "
                       "it 'verification: secondary-source-only' (or 'not-in-label' when a "
                       "guideline or study the label does not cover is its proper source)",
                       severity="warning")


@rule("source-currency", "Sources are current: each was read in the last 12 months, and no "
      "label revision (`revised`) is older than 5 years.", severity="warning")
def source_currency(ctx: FileContext) -> None:
    sources = ctx.model.sources
    where = {s.id: i for i, s in enumerate(sources)}
    found = provenance(ctx.model, ctx.today)
    for ident in found.stale_sources:
        i = where[ident]
        ctx.report(("sources", i, "accessed"), "source-currency",
                   f"'{ident}' was read on {sources[i].accessed.isoformat()}, more than 12 months "
                   "ago; read it again (the label may have changed) and update 'accessed'",
                   severity="warning")
    for ident in found.old_labels:
        i = where[ident]
        ctx.report(("sources", i, "revised"), "source-currency",
                   f"label revision {sources[i].revised} of '{ident}' is more than "
                   f"{LABEL_MAX_AGE_YEARS} years old; check for a newer revision of the label",
                   severity="warning")
