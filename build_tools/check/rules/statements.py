"""Statement rules: an explicit "none" is never given together with a list for the same region."""

from __future__ import annotations

from build_tools.check.rules import FileContext, rule
from build_tools.compute.provenance import provenance


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
                       "it 'verification: secondary-source-only'", severity="warning")
