"""Reference rules: citations resolve both ways, local ids are unique, cross-references resolve."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from build_tools.check.rules import FileContext, Path_, rule
from build_tools.model import Cited


@rule("source-undeclared", "Every cited source id is declared in the top-level sources.")
def source_undeclared(ctx: FileContext) -> None:
    declared = {s.id for s in ctx.model.sources}
    for path, node in ctx.nodes:
        if isinstance(node, Cited):
            for i, ref in enumerate(node.cited_ids):
                if ref not in declared:
                    where = (*path, "cite", i) if isinstance(node.cite[i], str) else (*path, "cite", i, "source")
                    close = difflib.get_close_matches(ref, sorted(declared), n=1, cutoff=0.6)
                    hint = f"did you mean '{close[0]}'? " if close else ""
                    ctx.report(where, "source-undeclared",
                               f"cites source '{ref}', which is not declared; {hint}add it to "
                               f"'sources' or fix the id (declared: {', '.join(sorted(declared)) or 'none'})")


@rule("source-unused", "Every declared source is cited somewhere.")
def source_unused(ctx: FileContext) -> None:
    cited = {ref for _, node in ctx.nodes if isinstance(node, Cited) for ref in node.cited_ids}
    for i, source in enumerate(ctx.model.sources):
        if source.id not in cited:
            ctx.report(("sources", i, "id"), "source-unused",
                       f"source '{source.id}' is declared but never cited; cite it from the "
                       "sections it supports, or remove it")


def _duplicates(ctx: FileContext, ids: Iterable[tuple[Path_, str]], what: str) -> None:
    seen: dict[str, Path_] = {}
    for path, ident in ids:
        if ident in seen:
            line, _ = ctx.doc.locate(seen[ident])
            ctx.report(path, "duplicate-local-id",
                       f"{what} id '{ident}' is used twice (first at line {line}); ids must be unique")
        else:
            seen[ident] = path


@rule("duplicate-local-id", "Ids of sources, indications, dosage forms, regimens, phases, "
      "targets, companions, warnings and monitoring entries are unique within the monograph.")
def duplicate_local_id(ctx: FileContext) -> None:
    m = ctx.model
    _duplicates(ctx, ((("sources", i, "id"), s.id) for i, s in enumerate(m.sources)), "source")
    _duplicates(ctx, ((("indications", i, "id"), s.id) for i, s in enumerate(m.indications)),
                "indication")
    _duplicates(ctx, ((("dosing", i, "id"), s.id) for i, s in enumerate(m.dosing)), "regimen")
    _duplicates(ctx, ((("warnings", i, "id"), s.id) for i, s in enumerate(m.warnings)), "warning")
    _duplicates(ctx, ((("monitoring", i, "id"), s.id) for i, s in enumerate(m.monitoring)),
                "monitoring")
    _duplicates(ctx, ((("dosage_forms", i, "id"), f.id) for i, f in enumerate(m.dosage_forms)
                      if f.id is not None), "dosage form")
    for r, regimen in enumerate(m.dosing):
        _duplicates(ctx, ((("dosing", r, "companions", i, "id"), c.id)
                          for i, c in enumerate(regimen.companions)), "companion")
        _duplicates(ctx, ((("dosing", r, "phases", i, "id"), p.id)
                          for i, p in enumerate(regimen.phases)), "phase")
        _duplicates(ctx, ((("dosing", r, "targets", i, "id"), t.id)
                          for i, t in enumerate(regimen.targets)), "target")


@rule("reference-unknown", "Ids referred to (indications, regimens, phases, targets, dosage "
      "forms, monitoring, brands) exist.")
def reference_unknown(ctx: FileContext) -> None:
    m = ctx.model
    indications = {i.id for i in m.indications}
    regimens = {r.id for r in m.dosing}
    phases = {p.id for r in m.dosing for p in r.phases}
    monitoring = {x.id for x in m.monitoring}
    brands = {b.name for b in m.identity.brands}
    forms = {f.id for f in m.dosage_forms if f.id is not None}

    def check(path: Path_, ref: str, known: set[str], what: str, where: str) -> None:
        if ref not in known:
            ctx.report(path, "reference-unknown",
                       f"{what} '{ref}' is not defined in {where}; known: "
                       f"{', '.join(sorted(known)) or 'none'}")

    # every scope list, wherever it is: regimens, contraindications, interactions, monitoring,
    # dose adjustments, missed-dose rules, storage conditions, excursions and in-use limits
    scopes = (("indications", indications, "indication", "'indications'"),
              ("regimens", regimens, "regimen", "'dosing'"),
              ("dosage_forms", forms, "dosage form", "'dosage_forms' (give the form an 'id')"))
    for path, node in ctx.nodes:
        for attr, known, what, where in scopes:
            refs = getattr(node, attr, None)
            if isinstance(refs, list):
                for i, ref in enumerate(refs):
                    if isinstance(ref, str):
                        check((*path, attr, i), ref, known, what, where)
    for r, regimen in enumerate(m.dosing):
        targets = {t.id for t in regimen.targets}
        for p, phase in enumerate(regimen.phases):
            here = ("dosing", r, "phases", p)
            if phase.titration is not None and phase.titration.target is not None:
                check((*here, "titration", "target"), phase.titration.target, targets, "target",
                      "this regimen's 'targets'")
            if phase.until is not None and phase.until.target is not None:
                check((*here, "until", "target"), phase.until.target, targets, "target",
                      "this regimen's 'targets'")
    for k, rule_ in enumerate(m.missed_doses):
        for i, ref in enumerate(rule_.phases):
            check(("missed_doses", k, "phases", i), ref, phases, "phase", "any regimen's phases")
    for w, warning in enumerate(m.warnings):
        for i, ref in enumerate(warning.monitoring):
            check(("warnings", w, "monitoring", i), ref, monitoring, "monitoring entry",
                  "'monitoring'")
    for f, form in enumerate(m.dosage_forms):
        for i, ref in enumerate(form.brands):
            check(("dosage_forms", f, "brands", i), ref, brands, "brand", "identity.brands")
