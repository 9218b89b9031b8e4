"""Quantity rules: units, ranges, temperature scales and incidence bands agree."""

from __future__ import annotations

from build_tools.check.rules import FileContext, Path_, rule
from build_tools.compute.bands import band_for
from build_tools.compute.doses import bands_overlap, tiling_problems
from build_tools.model import (
    AdverseReaction,
    Dose,
    Excursion,
    InUseLimit,
    Quantity,
    QuantityRange,
    StorageCondition,
)
from build_tools.model.units import DOSE_KINDS, RATE_KINDS, celsius_to_fahrenheit, kind_of, unit_name

#: Field name -> the unit kinds it may have, wherever it appears.
_EXPECTED_KIND = {
    "temperature": {"celsius"},
    "temperature_f": {"fahrenheit"},
    "weight": {"mass"},
    "bsa": {"area"},
    "age": {"time"},
    "offset": {"time"},
    "duration": {"time"},
}
_KIND_WORDS = {
    "celsius": "Cel", "fahrenheit": "[degF]", "mass": "kg", "area": "m2",
    "time": "min, h, d, wk, mo or a",
}
_DOSE_HINT = ("a dose unit: mass (mg, ug, g), amount (mmol, meq), units ([iU]), vector genomes "
              "({vg}), volume (mL) or a count ({tablet}), alone or per body size (mg/kg, mg/m2, "
              "[iU]/kg, {vg}/kg)")
_RATE_HINT = "a rate: mass or units per time (mg/h, ug/kg/min, [iU]/kg/h) or a flow (mL/h)"


def _fmt(x: float) -> str:
    return f"{x:g}"


def _dose_units(ctx: FileContext) -> list[tuple[Path_, str, frozenset[str], str]]:
    """(path, unit, allowed kinds, hint) for every dose-like quantity: doses, caps, steps."""
    out: list[tuple[Path_, str, frozenset[str], str]] = []
    for path, node in ctx.nodes:  # every dose: phases, dose adjustments, companion medicines
        if isinstance(node, Dose):
            kinds, hint = (RATE_KINDS, _RATE_HINT) if node.basis == "rate" else (DOSE_KINDS, _DOSE_HINT)
            out += _dose_fields(path, node, kinds, hint)
    for r, regimen in enumerate(ctx.model.dosing):
        for i, phase in enumerate(regimen.phases):
            here: Path_ = ("dosing", r, "phases", i)
            kinds, hint = (RATE_KINDS, _RATE_HINT) if phase.dose.basis == "rate" else (DOSE_KINDS, _DOSE_HINT)
            if phase.titration is not None:
                t = phase.titration
                for name, q in (("step", t.step), ("step_range", t.step_range)):
                    if q is not None:
                        out.append(((*here, "titration", name, "unit"), q.unit, kinds, hint))
    for a, adj in enumerate(ctx.model.dose_adjustments):
        for c, cap in enumerate(adj.change.caps):
            out.append((("dose_adjustments", a, "change", "caps", c, "amount", "unit"),
                        cap.amount.unit, DOSE_KINDS | RATE_KINDS, _DOSE_HINT))
    return out


def _dose_fields(path: Path_, dose: Dose, kinds: frozenset[str], hint: str
                 ) -> list[tuple[Path_, str, frozenset[str], str]]:
    out = []
    for name, q in (("amount", dose.amount), ("range", dose.range)):
        if q is not None:
            out.append(((*path, name, "unit"), q.unit, kinds, hint))
    if dose.volume is not None:
        out.append(((*path, "volume", "unit"), dose.volume.unit, frozenset({"volume"}), "a volume (mL or L)"))
    for c, cap in enumerate(dose.caps):
        out.append(((*path, "caps", c, "amount", "unit"), cap.amount.unit, kinds, hint))
    return out


@rule("unit-kind", "Each quantity's unit is of the kind its field needs: doses in dose units, "
      "infusions in rates, temperatures in Cel or [degF], ages and times in time units.")
def unit_kind(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, (Quantity, QuantityRange)):
            continue
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        expected = _EXPECTED_KIND.get(field)
        kind = kind_of(node.unit)
        if expected and kind not in expected:
            example = " or ".join(_KIND_WORDS[k] for k in sorted(expected))
            ctx.report((*path, "unit"), "unit-kind",
                       f"'{field}' needs a {' or '.join(sorted(expected))} unit ({example}), "
                       f"not '{node.unit}' ({unit_name(node.unit)})")
    for path, unit, kinds, hint in _dose_units(ctx):
        kind = kind_of(unit)
        if kind in kinds:
            continue
        extra = ""
        if kind in RATE_KINDS and kinds is DOSE_KINDS:
            extra = ("; a daily total is written in a dose unit with basis: total-per-period and "
                     "period: {value: 1, unit: d} (a cap per day is per: day)")
        ctx.report(path, "unit-kind",
                   f"'{unit}' ({unit_name(unit)}) is not a unit for this field; it needs {hint}{extra}")


@rule("range-order", "In every range, the lower end is below the upper end (equal only when "
      "both are included).")
def range_order(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if isinstance(node, QuantityRange) and node.low is not None and node.high is not None:
            lower = "gte" if node.gte is not None else "gt"
            empty = node.low == node.high and not (node.low_inclusive and node.high_inclusive)
            if node.low > node.high:
                ctx.report((*path, lower), "range-order",
                           f"range is reversed: the lower end {_fmt(node.low)} is greater than the "
                           f"upper end {_fmt(node.high)}; swap them")
            elif empty:
                ctx.report((*path, lower), "range-order",
                           f"the range holds no value: both ends are {_fmt(node.low)} and one is "
                           "excluded; use gte and lte for a single value")


@rule("band-tiling", "The bands of one criterion (the same parameter and unit, for the same "
      "regimens, indications and regions) meet edge to edge: no gap, no overlap.")
def band_tiling(ctx: FileContext) -> None:
    groups: dict[tuple[object, ...], list[tuple[int, QuantityRange]]] = {}
    every = [r.id for r in ctx.model.dosing]
    for a, adj in enumerate(ctx.model.dose_adjustments):
        crit = adj.criterion
        if crit.range is None or crit.parameter is None:
            continue
        for regimen in adj.regimens or every or [""]:
            key: tuple[object, ...] = (adj.kind, crit.parameter.casefold(), crit.range.unit, crit.category, crit.gene,
                   crit.genotype, crit.medication, regimen, tuple(sorted(adj.indications)),
                   tuple(sorted(adj.regions)))
            groups.setdefault(key, []).append((a, crit.range))
    reported: set[tuple[int, str]] = set()
    for group, members in groups.items():
        if len(members) < 2:
            continue
        for index, message in tiling_problems([band for _, band in members]):
            a = members[index][0]
            if (a, message) in reported:
                continue
            reported.add((a, message))
            parameter = ctx.model.dose_adjustments[a].criterion.parameter
            ctx.report(("dose_adjustments", a, "criterion", "range"), "band-tiling",
                       f"{parameter} bands for regimen '{group[7]}': {message}")


@rule("region-conflict", "Two dose adjustments for one regimen whose criterion bands overlap and "
      "whose regions meet (no regions means everywhere) give the same change, or are scoped apart.")
def region_conflict(ctx: FileContext) -> None:
    adjustments = ctx.model.dose_adjustments
    every = [r.id for r in ctx.model.dosing]
    for i, a in enumerate(adjustments):
        for j in range(i + 1, len(adjustments)):
            b = adjustments[j]
            ca, cb = a.criterion, b.criterion
            if ca.range is None or cb.range is None or a.kind != b.kind or set(a.regions) == set(b.regions):
                continue  # same regions: band-tiling reports overlaps between them
            if (ca.parameter or "").casefold() != (cb.parameter or "").casefold() or not bands_overlap(ca.range, cb.range):
                continue
            if (ca.category, ca.gene, ca.genotype, ca.medication) != (cb.category, cb.gene, cb.genotype, cb.medication):
                continue
            if a.regions and b.regions and not set(a.regions) & set(b.regions):
                continue
            shared = set(a.regimens or every) & set(b.regimens or every)
            if not shared or a.change.model_dump(exclude={"text"}) == b.change.model_dump(exclude={"text"}):
                continue
            wide, narrow = (a, b) if not a.regions else (b, a)
            w = i if wide is a else j
            n_line, _ = ctx.doc.locate(("dose_adjustments", j if w == i else i))
            where = ", ".join(wide.regions) or "every region"
            ctx.report(("dose_adjustments", w, "regions"), "region-conflict",
                       f"this {wide.kind} rule applies in {where} but the rule at line {n_line} "
                       f"({', '.join(narrow.regions) or 'every region'}) changes the dose differently "
                       f"for overlapping {ca.parameter} on regimen(s) {', '.join(sorted(shared))}; "
                       "give each rule the regions whose label says it")


@rule("temperature-scales", "Celsius and Fahrenheit forms of one temperature agree (within 1 °F).")
def temperature_scales(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if not isinstance(node, (StorageCondition, Excursion, InUseLimit)):
            continue
        c, f = node.temperature, node.temperature_f
        if c is None or f is None or c.unit != "Cel" or f.unit != "[degF]":
            continue
        for end in ("gte", "gt", "lte", "lt"):
            cv, fv = getattr(c, end), getattr(f, end)
            if (cv is None) != (fv is None):
                ctx.report((*path, "temperature_f"), "temperature-scales",
                           f"the Celsius and Fahrenheit ranges differ in which ends they give "
                           f"('{end}' is in only one); give the same ends in both")
            elif cv is not None and fv is not None:
                expected = celsius_to_fahrenheit(cv)
                if abs(expected - fv) > 1.0:
                    ctx.report((*path, "temperature_f", end), "temperature-scales",
                               f"{_fmt(cv)} °C is {_fmt(round(expected, 1))} °F, but the "
                               f"Fahrenheit {end} is {_fmt(fv)} °F; correct one of them")



#: Where each storage kind's temperatures lie, in °C (about: a label's "store below 30 °C" for
#: room temperature and 2 to 8 °C for a refrigerator both fit).
PLAUSIBLE_C: dict[str, tuple[float, float]] = {
    "refrigerated": (-1, 10), "frozen": (-90, 0), "cool": (2, 15),
    "room-temperature": (15, 30), "controlled-room-temperature": (15, 30),
}


def _fits(kind: str, ends: list[float]) -> bool:
    low, high = PLAUSIBLE_C[kind]
    return all(low <= x <= high for x in ends)


@rule("storage-plausible", "A storage condition's temperatures fit its kind (refrigerated about "
      "0 to 10 °C, frozen below 0 °C, cool 2 to 15 °C, room temperature about 15 to 30 °C).")
def storage_plausible(ctx: FileContext) -> None:
    storage = ctx.model.storage
    if storage is None:
        return
    for i, c in enumerate(storage.conditions):
        t = c.temperature
        if t is None or t.unit != "Cel" or c.kind not in PLAUSIBLE_C:
            continue
        ends = [x for x in (t.low, t.high) if x is not None]
        if not ends or _fits(c.kind, ends):
            continue
        low, high = PLAUSIBLE_C[c.kind]
        as_c = [round((x - 32) * 5 / 9, 1) for x in ends]
        hint = ""
        if _fits(c.kind, as_c):
            hint = (f"; these look like Fahrenheit numbers ({' to '.join(_fmt(x) for x in ends)} °F is "
                    f"{' to '.join(_fmt(x) for x in as_c)} °C): put them in temperature_f with "
                    "unit [degF] and give the Celsius range in temperature")
        ctx.report(("storage", "conditions", i, "temperature"), "storage-plausible",
                   f"'{c.kind}' storage is about {_fmt(low)} to {_fmt(high)} °C, but this range is "
                   f"{' to '.join(_fmt(x) for x in ends)} °C{hint}")


@rule("percent-band", "An adverse reaction's band agrees with its percentage or percent range.")
def percent_band(ctx: FileContext) -> None:
    for path, node in ctx.nodes:
        if isinstance(node, AdverseReaction) and node.percent_range is not None:
            r = node.percent_range
            if r.unit != "%":
                ctx.report((*path, "percent_range", "unit"), "percent-band",
                           f"a percent range is in '%', not '{r.unit}'")
                continue
            allowed = {band_for(x) for x in (r.low, r.high) if x is not None}
            if node.band not in allowed:
                ctx.report((*path, "band"), "percent-band",
                           f"the incidence range {_fmt(r.low or 0)} to {_fmt(r.high or 100)}% lies in band "
                           f"{' or '.join(sorted(allowed))}, not '{node.band}'")
        if not isinstance(node, AdverseReaction) or node.percent is None:
            continue
        expected = band_for(node.percent)
        if node.band == "not-reported":
            ctx.report((*path, "band"), "percent-band",
                       f"band 'not-reported' means the source gives no incidence, but percent is "
                       f"{_fmt(node.percent)}; use band '{expected}' or drop percent")
        elif node.band == "postmarketing":
            ctx.report((*path, "band"), "percent-band",
                       f"band 'postmarketing' is for reactions without a trial incidence, but "
                       f"percent is {_fmt(node.percent)}; use band '{expected}' or drop percent")
        elif node.band != expected:
            ctx.report((*path, "band"), "percent-band",
                       f"{_fmt(node.percent)}% belongs in band '{expected}', not '{node.band}'")
