"""Render monographs as Markdown pages for the clinicians' site (no mkdocs import here).

Page bodies are HTML blocks built here, with every monograph string passed through ``esc``;
Python-Markdown leaves such blocks alone, so Markdown or HTML written in a monograph stays
literal text. Headings are Markdown (escaped) so the table of contents and search see them.
The order is the order a clinician reads: header, boxed warnings, indications, dosing, missed
doses, administration, storage, adverse reactions, warnings, monitoring, interactions,
pregnancy, patient education, pharmacology, sources.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from html import escape as html_escape

from build_tools.compute.words import cycles_text
from build_tools.model import (
    AdverseReaction,
    Cited,
    Consideration,
    DosageForm,
    Monograph,
    Phase,
    Regimen,
)
from build_tools.site.blocks import _block, _regions, _table, _titled_lists, _ul
from build_tools.site.display import COMPARATORS, band_range, esc, every_text, quantity, span, value_range
from build_tools.site.dosing_text import (
    change_text,
    companion_text,
    criterion_text,
    dose_text,
    end_event_text,
    schedule_text,
    target_text,
    titration_text,
)
from build_tools.site.glance import glance_html
from build_tools.site.labels import (
    INTERACTION_KINDS,
    REVIEW_STATUS,
    SOURCE_KINDS,
    VERIFICATION,
    incidence_text,
)
from build_tools.site.storage_html import storage_html
from build_tools.site.svg import timeline

BAND_TITLES = {
    "gt-10-percent": "More than 10%",
    "1-to-10-percent": "1% to 10%",
    "lt-1-percent": "Less than 1%",
    "postmarketing": "Postmarketing and case reports (frequency not known)",
    "not-reported": "Reported without an incidence",
}
#: The characters Python-Markdown lets a backslash escape (others would show the backslash).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md_text(text: str) -> str:
    """Text safe inside a Markdown heading or link label: HTML-escaped, Markdown specials escaped."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
    return html_escape(escaped, quote=False)


class _Cites:
    """Numbers sources in order of declaration and renders a statement's citation links (with
    their locators) and its verification flag."""

    def __init__(self, monograph: Monograph) -> None:
        self.numbers = {s.id: i for i, s in enumerate(monograph.sources, start=1)}

    def __call__(self, node: Cited) -> str:
        flag = ""
        if node.verification is not None:
            flag = (f' <span class="verification verification-{esc(node.verification)}">'
                    f"{esc(VERIFICATION[node.verification])}</span>")
        seen: dict[int, list[str]] = {}
        for ref in node.cite:
            ident, locator = (ref, None) if isinstance(ref, str) else (ref.source, ref.locator)
            if ident in self.numbers:
                seen.setdefault(self.numbers[ident], [])
                if locator:
                    seen[self.numbers[ident]].append(locator)
        if not seen:
            return flag
        links = ",".join(
            f'<a href="#source-{n}">{n}</a>' + (f" <span class=\"locator\">{esc('; '.join(loc))}</span>" if loc else "")
            for n, loc in sorted(seen.items()))
        return f'<sup class="cite">[{links}]</sup>{flag}'


def _phase_extent(phase: Phase, regimen: Regimen) -> str:
    cycle = phase.cycle
    cycles = cycle is not None and (cycle.cycles is not None or cycle.cycles_up_to is not None)
    if cycle is not None and cycles:
        text = cycles_text(cycle)
    elif phase.count is not None:
        text = f"{phase.count} dose{'s' if phase.count != 1 else ''}"
    elif phase.duration is not None:
        text = f"for {span(phase.duration, phase.duration_up_to)}"
    elif phase.until is not None:
        text = end_event_text(phase.until, regimen)
    else:
        text = "ongoing"
    if phase.until is not None and (phase.count is not None or phase.duration is not None
                                    or cycles):
        text += f", or {end_event_text(phase.until, regimen)}"
    return esc(text)


def _phase_start(phase: Phase, index: int) -> str:
    if index == 0:
        return "first dose"
    if phase.start_after is None:
        return ""
    return esc(f"{quantity(phase.start_after)} after the previous dose")


def _regimen(monograph: Monograph, regimen: Regimen, cites: _Cites) -> str:
    pop = regimen.population
    same = pop.description is None or pop.description.casefold().rstrip("s") == pop.group
    who = [pop.group.capitalize() + ("" if same else f" ({pop.description})")]
    for label, band in (("age", pop.age), ("weight", pop.weight), ("body surface area", pop.bsa)):
        if band is not None:
            who.append(f"{label} {band_range(band)}")
    if pop.condition:
        who.append(pop.condition)
    conditions = {i.id: i.condition for i in monograph.indications}
    indication = " / ".join(conditions.get(i, i) for i in regimen.indications)
    head = (f'<h4 id="regimen-{esc(regimen.id)}">{esc(indication)}: {esc("; ".join(who))}'
            f' <span class="route">({esc(", ".join(regimen.routes))})</span>'
            f"{_regions(regimen.regions)}{cites(regimen)}</h4>")
    if regimen.alternatives:
        others = [r.id for r in monograph.dosing
                  if r.alternatives == regimen.alternatives and r.id != regimen.id]
        if others:
            head += ('<p class="alternatives">One of a group of alternatives: also '
                     + ", ".join(f'<a href="#regimen-{esc(o)}">{esc(o)}</a>' for o in others) + "</p>")
    rows = []
    for i, phase in enumerate(regimen.phases):
        detail = esc(phase.text) if phase.text else ""
        if phase.titration is not None:
            detail += " " + esc(titration_text(phase.titration, regimen))
        rows.append([esc(phase.kind.replace("-", " ").capitalize()), f"<strong>{dose_text(phase.dose)}</strong>",
                     schedule_text(phase), _phase_extent(phase, regimen), _phase_start(phase, i),
                     detail + cites(phase)])
    html = head + _table(["Phase", "Dose", "How often", "How many", "Starts", "Details"], rows, "dosing")
    html += "".join(_nomogram(p, regimen) for p in regimen.phases if p.titration and p.titration.nomogram)
    if regimen.targets:
        html += _ul((f"Target {esc(t.parameter)}: <strong>{esc(target_text(t))}</strong>"
                     + (f" ({esc(t.specimen)})" if t.specimen else "")
                     + (f"; {esc(t.timing)}" if t.timing else "") + _regions(t.regions) + cites(t)
                     for t in regimen.targets), "targets")
    if regimen.companions:
        html += '<p class="companions-head">Given with it:</p>' + _ul(
            companion_text(c) + _regions(c.regions) + cites(c) for c in regimen.companions)
    if regimen.dosage_forms:
        forms = [f for f in monograph.dosage_forms if f.id in regimen.dosage_forms]
        html += f'<p class="regimen-forms">Uses: {"; ".join(_form(f) for f in forms)}</p>'
    if regimen.notes:
        html += _ul(esc(n) for n in regimen.notes)
    pic = timeline(regimen, f"tl-{regimen.id}")
    if pic is not None:
        svg, lines = pic
        html += (f'<figure class="schedule-figure">{svg}<figcaption>Dose schedule (text equivalent): '
                 f'{_ul(esc(line) for line in lines)}</figcaption></figure>')
    return html


def _nomogram(phase: Phase, regimen: Regimen) -> str:
    """A phase's titration table: by the measured value, the bolus, the change, the hold and
    when to measure again."""
    assert phase.titration is not None
    goal = next((t for t in regimen.targets if t.id == phase.titration.target), None)
    measured = goal.parameter if goal is not None else "the measured value"
    rows = []
    for r in phase.titration.nomogram:
        change = {"increase": "increase by ", "decrease": "decrease by ", "no-change": "no change"}[r.direction]
        change = change + quantity(r.change) if r.change is not None else change.removesuffix(" by ")
        rows.append([f"<strong>{esc(band_range(r.band))}</strong>",
                     esc(quantity(r.bolus)) if r.bolus else "—", esc(change),
                     esc(f"stop for {quantity(r.hold)}") if r.hold else "—",
                     esc(f"after {quantity(r.recheck)}") if r.recheck else "—", esc(r.text or "")])
    return (f'<p class="nomogram-head">Titration table for {esc(phase.kind)} phase, by '
            f"{esc(measured)}:</p>"
            + _table([f"{esc(measured)}", "Bolus", "Dose change", "Hold", "Measure again", "Notes"],
                     rows, "nomogram"))


def _header(m: Monograph, cites: _Cites) -> str:
    ident = m.identity
    items = []
    if ident.pronunciation:
        items.append(f'<span class="pronunciation">({esc(ident.pronunciation)})</span>')
    status = m.review.status
    badge = REVIEW_STATUS[status]
    items.append(f'<span class="status status-{status}">{badge}</span> '
                 f'<span class="updated">Last updated {m.review.last_updated.isoformat()}</span>')
    rows = []
    if ident.brands:
        rows.append(("Brands", ", ".join(f"{esc(b.name)}{_regions(b.regions)}{cites(b)}" for b in ident.brands)))
    if ident.synonyms:
        rows.append(("Also known as", esc(", ".join(ident.synonyms))))
    if ident.categories:
        rows.append(("Category", esc(", ".join(ident.categories))))
    routes = sorted({r for f in m.dosage_forms for r in f.routes})
    if routes:
        rows.append(("Routes", esc(", ".join(routes))))
    if m.dosage_forms:
        rows.append(("Forms", "<br>".join(_form(f) + cites(f) for f in m.dosage_forms)))
    if ident.codes:
        codes = [f"RxCUI {ident.codes.rxcui}" if ident.codes.rxcui else "",
                 f"ATC {', '.join(ident.codes.atc)}" if ident.codes.atc else "",
                 f"UNII {ident.codes.unii}" if ident.codes.unii else ""]
        rows.append(("Codes", esc(" · ".join(c for c in codes if c))))
    if ident.cite or ident.verification:
        rows.append(("Identity sources", cites(ident)))
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    return f'<p class="mono-meta">{" ".join(items)}</p><div class="tbl tbl-identity"><table>{body}</table></div>'


def _form(f: DosageForm) -> str:
    strength = quantity(f.strength.amount)
    if f.strength.per is not None:
        strength += f" per {quantity(f.strength.per)}"
    parts = [f.form, strength, ", ".join(f.routes)]
    if f.package is not None:
        parts.append(f"{quantity(f.package)} {f.container or ''}".strip())
    elif f.container:
        parts.append(f.container)
    if f.flags:
        parts.append(", ".join(f.flags))
    if f.brands:
        parts.append(", ".join(f.brands))
    if f.ndc:
        parts.append("NDC " + ", ".join(f.ndc))
    if f.note:
        parts.append(f.note)
    return esc("; ".join(parts)) + _regions(f.regions)


def _reaction_row(r: AdverseReaction, cites: _Cites) -> list[str]:
    pct = esc(incidence_text(r))
    note = esc(r.note) if r.note else ""
    if r.population:
        note = f"{esc(r.population)}. {note}"
    return [esc(r.term), esc(r.system), pct, note + _regions(r.regions) + cites(r)]


def _monitor_links(m: Monograph, ids: Sequence[str]) -> str:
    """``Monitor: ALT, platelet count`` linking to the monitoring rows a warning asks for."""
    names = {x.id: x.parameter for x in m.monitoring}
    links = [f'<a href="#monitoring-{esc(i)}">{esc(names.get(i, i))}</a>' for i in ids]
    return f'<p class="warning-monitoring">Monitor: {", ".join(links)}</p>' if links else ""


def _sec_boxed_warnings(m: Monograph, cites: _Cites) -> str:
    """Boxed warnings, first and unmistakable (HTML; empty when there is nothing to show)."""
    boxed = [w for w in m.warnings if w.boxed]
    if not boxed:
        return ""
    html = "".join(
        f'<div class="boxed-warning" role="note" aria-label="Boxed warning"><p class="boxed-title">'
        f"Boxed warning: {esc(w.topic)}{_regions(w.regions)}</p><p>{esc(w.text)}{cites(w)}</p>"
        + (_ul(esc(a) for a in w.actions) if w.actions else "") + _monitor_links(m, w.monitoring)
        + "</div>" for w in boxed)
    return html


def _sec_uses(m: Monograph, cites: _Cites) -> str:
    """Indications and contraindications, region-labelled (HTML; empty when there is nothing to show)."""
    if not (m.indications or m.contraindications):
        return ""
    html = ""
    if m.indications:
        html += _ul(f"{esc(i.condition)} <span class=\"label-status\">({'labeled' if i.labeled else 'off-label'})</span>"
                    + (f' <span class="scope">({esc(", ".join(i.populations))})</span>' if i.populations else "")
                    + (f" — {esc(i.note)}" if i.note else "") + _regions(i.regions) + cites(i)
                    for i in m.indications)
    if m.contraindications:
        c = m.contraindications
        items = [f"{esc(x.condition)}{_limited(m, x)}"
                 f"{_regions(x.regions)}{cites(x)}" for x in c.items]
        if c.none_listed:
            where = f" ({esc(', '.join(c.none_listed.regions))} labelling)" if c.none_listed.regions else ""
            items.insert(0, f"No contraindications listed{where}."
                         + (f" {esc(c.none_listed.note)}" if c.none_listed.note else "")
                         + cites(c.none_listed))
        html += "<h3>Contraindications</h3>" + _ul(items)
    return html


def _scope_items(m: Monograph, node: object) -> list[str]:
    """What a statement is limited to, as escaped HTML pieces: indications, populations, dosage
    forms and regimens (each list read from the node when it has one)."""
    conditions = {i.id: i.condition for i in m.indications}
    forms = {f.id: f"{f.form} {quantity(f.strength.amount)}" for f in m.dosage_forms if f.id}
    items = [esc(conditions.get(i, i)) for i in getattr(node, "indications", [])]
    items += [esc(p) for p in getattr(node, "populations", [])]
    items += [esc(forms.get(f, f)) for f in getattr(node, "dosage_forms", [])]
    items += [f'<a href="#regimen-{esc(r)}">{esc(r)}</a>' for r in getattr(node, "regimens", [])]
    return items


def _limited(m: Monograph, node: object) -> str:
    """`` (only for: migraine prevention; adult)`` for a statement scoped to some uses."""
    items = _scope_items(m, node)
    return f' <span class="scope">(only for: {"; ".join(items)})</span>' if items else ""


def _sec_dosing(m: Monograph, cites: _Cites) -> str:
    """Dosing tables and timeline per regimen (HTML; empty when there is nothing to show)."""
    if not m.dosing:
        return ""
    html = "".join(_regimen(m, r, cites) for r in m.dosing)
    return html


def _applies(m: Monograph, node: object) -> str:
    """Which uses a rule is limited to ("all" when it is not)."""
    return ", ".join(_scope_items(m, node)) or "all"


def _sec_adjustments(m: Monograph, cites: _Cites) -> str:
    """Renal, hepatic and other dose adjustments (HTML; empty when there is nothing to show)."""
    if not m.dose_adjustments:
        return ""
    rows = []
    for a in m.dose_adjustments:
        rows.append([esc(a.kind) + _regions(a.regions), esc(criterion_text(a.criterion)),
                     _applies(m, a), change_text(a.change) + cites(a)])
    return _table(["For", "When", "Applies to", "Change"], rows, "adjustments")


def _sec_missed(m: Monograph, cites: _Cites) -> str:
    """Missed-dose rules with their spacing and windows (HTML; empty when there is nothing to show)."""
    if not m.missed_doses:
        return ""
    rows = []
    for md in m.missed_doses:
        limits = []
        if md.min_interval:
            limits.append(f"at least {quantity(md.min_interval)} between doses")
        if md.window:
            limits.append(f"only within {quantity(md.window)} of the due time")
        if md.then:
            limits.append(md.then.replace("-", " "))
        rows.append([esc(", ".join(md.phases) or "all") + _limited(m, md) + _regions(md.regions),
                     f"<strong>{esc(md.action.replace('-', ' '))}</strong>: {esc(md.text)}" + cites(md),
                     esc("; ".join(limits))])
    return _table(["Phase", "What to do", "Limits"], rows, "missed")


def _sec_administration(m: Monograph, cites: _Cites) -> str:
    """Ordered preparation and administration steps (HTML; empty when there is nothing to show)."""
    if not m.administration:
        return ""
    a = m.administration
    html = ""
    for title, steps in (("Preparation", a.preparation), ("Administration", a.steps)):
        if steps:
            items = []
            for s in steps:
                extra = []
                if s.duration:
                    extra.append(f"over {value_range(s.duration)}")
                if s.within:
                    extra.append(f"within {quantity(s.within)}")
                tag = f' <span class="limit">({esc("; ".join(extra))})</span>' if extra else ""
                items.append(f"{esc(s.text)}{tag}{cites(s)}")
            html += f"<h3>{title}</h3><ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"
    if a.considerations:
        html += "<h3>Considerations</h3>" + _ul(
            _consideration(c)
            + _regions(c.regions) + cites(c) for c in a.considerations)
    if a.avoid_sites:
        html += "<h3>Do not inject into</h3>" + _ul(esc(x) for x in a.avoid_sites)
    return html + cites(a)


def _sec_storage(m: Monograph, cites: _Cites) -> str:
    """Storage conditions, excursions, in-use limits and chart (HTML; empty when there is nothing to show)."""
    if not m.storage:
        return ""
    return storage_html(m.storage, cites, lambda node: _limited(m, node))


def _sec_reactions(m: Monograph, cites: _Cites) -> str:
    """Adverse reactions by band, most frequent first (HTML; empty when there is nothing to show)."""
    if not m.adverse_reactions:
        return ""
    html = ""
    for band, title in BAND_TITLES.items():
        group = [r for r in m.adverse_reactions if r.band == band]
        if not group:
            continue
        group.sort(key=lambda r: (-(r.percent or 0), r.term.casefold()))
        html += f"<h3>{title}</h3>" + _table(["Reaction", "System", "Incidence", "Notes"],
                                             (_reaction_row(r, cites) for r in group), "reactions")
    return html


def _sec_warnings(m: Monograph, cites: _Cites) -> str:
    """Warnings and precautions with required actions (HTML; empty when there is nothing to show)."""
    others = [w for w in m.warnings if not w.boxed]
    if not others:
        return ""
    html = "".join(
        f'<div class="warning-item" id="warning-{esc(w.id)}"><h3>{esc(w.topic)}{_regions(w.regions)}</h3>'
        f"<p>{esc(w.text)}{cites(w)}</p>"
        + (f"<p><strong>Required actions:</strong></p>{_ul(esc(x) for x in w.actions)}" if w.actions else "")
        + _monitor_links(m, w.monitoring) + "</div>" for w in others)
    return html


def _sec_monitoring(m: Monograph, cites: _Cites) -> str:
    """Monitoring checklist: test, when, threshold and action (HTML; empty when there is nothing to show)."""
    if not m.monitoring:
        return ""
    rows = []
    for x in m.monitoring:
        when = []
        for t in x.timing:
            text = t.when.replace("-", " ")
            if t.offset:
                text += f" ({value_range(t.offset)} after the dose)"
            if t.interval:
                text += f" ({every_text(t.interval, t.interval_up_to)})"
            if t.text:
                text += f" — {t.text}"
            if t.then:
                text += f"; then {t.then}"
            when.append(esc(text))
        thresholds = [f"{esc(COMPARATORS[t.comparator])} {esc(quantity(t.value))} → {esc(t.action)}"
                      for t in x.thresholds]
        rows.append([f'<span class="check" aria-hidden="true" id="monitoring-{esc(x.id)}">☐</span> {esc(x.parameter)}'
                     + (f" <small>({esc(x.specimen)})</small>" if x.specimen else "")
                     + _regions(x.regions)
                     + (f"<br><small>For: {_applies(m, x)}</small>" if _scope_items(m, x) else ""),
                     "<br>".join(when), "<br>".join(thresholds) or "—",
                     (esc(x.note) if x.note else "") + cites(x)])
    return _table(["Test", "When", "Threshold → action", "Notes"], rows, "monitoring")


def _sec_interactions(m: Monograph, cites: _Cites) -> str:
    """Interactions by severity, or the explicit none-known statement (HTML; empty when there is nothing to show)."""
    if not m.interactions:
        return ""
    i = m.interactions
    html = ""
    for none, said in ((i.none_known, "No clinically significant interactions are known."),
                       (i.none_found, "No interactions were found in the sources checked.")):
        if none is not None:
            html += (f"<p>{said}{_regions(none.regions)}"
                     f"{(' ' + esc(none.note)) if none.note else ''}{cites(none)}</p>")
    if i.items:
        order = {"contraindicated": 0, "major": 1, "moderate": 2, "minor": 3, "not-stated": 4}
        html += _table(["Interacting", "Severity", "Effect", "Management"], (
            [esc(x.agent) + f' <small class="agent-kind">({INTERACTION_KINDS[x.kind]})</small>'
             + _limited(m, x) + _regions(x.regions), esc(x.severity.replace("-", " ")), esc(x.effect),
             (esc(x.management) if x.management else "") + cites(x)]
            for x in sorted(i.items, key=lambda x: (order[x.severity], x.agent.casefold()))), "interactions")
    return html


def _consideration(c: Consideration) -> str:
    """``<strong>Topic:</strong> text`` (the topic only when there is one)."""
    return (f"<strong>{esc(c.topic)}:</strong> " if c.topic else "") + esc(c.text)


def _sec_pregnancy(m: Monograph, cites: _Cites) -> str:
    """Pregnancy and lactation considerations (HTML; empty when there is nothing to show)."""
    if not m.pregnancy_lactation:
        return ""
    p = m.pregnancy_lactation
    return _titled_lists([
        (title, [_consideration(c) + _regions(c.regions) + cites(c) for c in items])
        for title, items in (("Pregnancy", p.pregnancy), ("Lactation", p.lactation))
    ]) + cites(p)


def _sec_education(m: Monograph, cites: _Cites) -> str:
    """Patient education (HTML; empty when there is nothing to show)."""
    if not m.patient_education:
        return ""
    e = m.patient_education
    return _titled_lists([
        ("What it is for", [esc(x) for x in e.uses]),
        ("Common side effects", [esc(x) for x in e.common_side_effects]),
        ("Get medical help right away for", [esc(x) for x in e.seek_help_now]),
    ]) + cites(e)


def _sec_pharmacology(m: Monograph, cites: _Cites) -> str:
    """Mechanism and pharmacokinetics (HTML; empty when there is nothing to show)."""
    if not m.pharmacology:
        return ""
    return _pharmacology(m, cites)


def _sec_sources(m: Monograph, cites: _Cites) -> str:
    """Numbered sources the citation links point to (HTML; empty when there is nothing to show)."""
    if not m.sources:
        return ""
    items = "".join(
        f'<li id="source-{n}">{esc(s.title)}. {esc(s.publisher)}.'
        + (f" {esc(s.version)}." if s.version else "") + (f" Revision of {s.revised}." if s.revised else "")
        + (f" {esc(s.document_id)}." if s.document_id else "")
        + f' <span class="source-kind">{esc(SOURCE_KINDS[s.kind])}</span>{_regions(s.regions)} '
        f'<a href="{esc(s.url)}" rel="noopener noreferrer">{esc(s.url)}</a> '
        f"(accessed {s.accessed.isoformat()})</li>"
        for n, s in enumerate(m.sources, start=1))
    return f'<ol class="sources">{items}</ol>'


def _sec_review(m: Monograph, cites: _Cites) -> str:
    """Review status, reviewers and change log (HTML; empty when there is nothing to show)."""
    changes = "".join(f"<li>{c.date.isoformat()}: {esc(c.summary)}</li>" for c in m.review.changes)
    reviewers = "".join(
        f"<li>{esc(r.name)}, {esc(r.role)}, {r.date.isoformat()}"
        + (f" (@{esc(r.github)})" if r.github else "")
        + (f", pull request #{r.pull_request}" if r.pull_request else "")
        + (f"; sections: {esc(', '.join(s.replace('_', ' ') for s in r.sections))}" if r.sections else "")
        + "</li>" for r in m.review.reviewers)
    html = (f"<p>Status: <strong>{REVIEW_STATUS[m.review.status]}</strong>. "
            f"Last updated {m.review.last_updated.isoformat()}.</p>")
    if reviewers:
        html += f"<p>Reviewed by:</p><ul>{reviewers}</ul>"
    if m.review.not_applicable:
        items = "".join(f"<li>{esc(n.section.replace('_', ' ').capitalize())}: {esc(n.reason)}</li>"
                        for n in m.review.not_applicable)
        html += f"<p>Sections that do not apply:</p><ul>{items}</ul>"
    if changes:
        html += f"<p>Changes:</p><ul>{changes}</ul>"
    return html


#: Page sections that show a core section, by anchor (a section marked not applicable says so there).
_CORE_ANCHORS = {"uses": "indications", "dosing": "dosing", "storage": "storage",
                 "adverse-reactions": "adverse_reactions", "sources": "sources"}

_SECTIONS: tuple[tuple[str, str, Callable[[Monograph, _Cites], str]], ...] = (
    ("Dosing at a glance", "glance", lambda m, cites: glance_html(m)),
    ("Boxed warnings", "boxed-warnings", _sec_boxed_warnings),
    ("Uses and contraindications", "uses", _sec_uses),
    ("Dosing", "dosing", _sec_dosing),
    ("Dose adjustments", "dose-adjustments", _sec_adjustments),
    ("Missed doses", "missed-doses", _sec_missed),
    ("Administration", "administration", _sec_administration),
    ("Storage", "storage", _sec_storage),
    ("Adverse reactions", "adverse-reactions", _sec_reactions),
    ("Warnings and precautions", "warnings", _sec_warnings),
    ("Monitoring", "monitoring", _sec_monitoring),
    ("Interactions", "interactions", _sec_interactions),
    ("Pregnancy and lactation", "pregnancy", _sec_pregnancy),
    ("Patient education", "patient-education", _sec_education),
    ("Pharmacology", "pharmacology", _sec_pharmacology),
    ("Sources", "sources", _sec_sources),
    ("Review", "review", _sec_review),
)


def render_monograph(m: Monograph) -> str:
    """The Markdown page of one monograph (front matter included)."""
    cites = _Cites(m)
    ident = m.identity
    out: list[str] = []
    meta = {
        "title": ident.generic_name,
        "description": f"{ident.generic_name}: dosing, storage, monitoring and safety",
        "review_status": m.review.status,
        "last_updated": m.review.last_updated.isoformat(),
        "search": {"boost": 3},
        "hide": ["navigation"],
    }
    out.append("---\n" + json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n---\n")
    out.append(f"# {md_text(ident.generic_name)}\n")
    # Hidden keywords: brand names and synonyms lead search straight to this page.
    keywords = [b.name for b in ident.brands] + ident.synonyms + ident.categories
    out.append(_block(_header(m, cites) + (
        f'<p class="search-keywords" hidden>{esc(" ".join(keywords))}</p>' if keywords else "")))

    not_applicable: dict[str, str] = {n.section: n.reason for n in m.review.not_applicable}
    for title, anchor, section in _SECTIONS:
        html = section(m, cites)
        reason = not_applicable.get(_CORE_ANCHORS.get(anchor, ""))
        if not html and reason:
            html = f'<p class="not-applicable">Not applicable: {esc(reason)}</p>'
        if html:
            out.append(f"## {title} {{#{anchor}}}\n\n" + _block(html))
    return "\n".join(x for x in out if x)


def _pharmacology(m: Monograph, cites: _Cites) -> str:
    p = m.pharmacology
    assert p is not None
    html = ""
    for title, text in (("Mechanism", p.mechanism), ("Distribution", p.distribution),
                        ("Metabolism", p.metabolism), ("Elimination", p.elimination)):
        if text:
            html += f"<p><strong>{title}:</strong> {esc(text)}</p>"
    if p.pharmacokinetics:
        rows = []
        for k in p.pharmacokinetics:
            value = quantity(k.value) if k.value else value_range(k.range) if k.range else ""
            if k.sd is not None:
                value += f" ± {quantity(k.sd)} (SD)"
            where = ", ".join(x for x in [k.compartment or "", k.phase or "", k.population or ""] if x)
            rows.append([esc(k.parameter.replace("-", " ")), esc(where), esc(value),
                         esc(k.statistic or ""), (esc(k.note) if k.note else "") + cites(k)])
        html += _table(["Parameter", "Where / phase", "Value", "Statistic", "Notes"], rows, "pk")
    return html + cites(p)
