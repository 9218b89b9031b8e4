"""Statement rules: an explicit "none" is never given together with a list for the same region."""

from __future__ import annotations

from build_tools.check.rules import FileContext, rule


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
