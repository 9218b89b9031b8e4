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
from collections.abc import Callable, Iterable, Sequence
from html import escape as html_escape

from build_tools.model import (
    AdverseReaction,
    DosageForm,
    Dose,
    Frequency,
    Monograph,
    Phase,
    Regimen,
)
from build_tools.site.display import COMPARATORS, band_range, esc, number, quantity, value_range
from build_tools.site.svg import storage_chart, timeline

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
    """Numbers sources in order of declaration and renders citation links."""

    def __init__(self, monograph: Monograph) -> None:
        self.numbers = {s.id: i for i, s in enumerate(monograph.sources, start=1)}

    def __call__(self, ids: Iterable[str]) -> str:
        refs = [self.numbers[i] for i in ids if i in self.numbers]
        if not refs:
            return ""
        links = ",".join(f'<a href="#source-{n}">{n}</a>' for n in sorted(set(refs)))
        return f'<sup class="cite">[{links}]</sup>'


def _regions(regions: Sequence[str]) -> str:
    if not regions:
        return ""
    return f' <span class="region" title="Applies only in these regions">{esc(", ".join(regions))} only</span>'


def _ul(items: Iterable[str], cls: str = "") -> str:
    body = "".join(f"<li>{item}</li>" for item in items)
    return f'<ul class="{cls}">{body}</ul>' if cls else f"<ul>{body}</ul>"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """A table Material styles (it styles only tables without a class), in a classed wrapper."""
    thead = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<div class="tbl tbl-{cls}"><table><thead><tr>{thead}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _titled_lists(groups: Sequence[tuple[str, list[str]]]) -> str:
    """Sub-headed bullet lists, skipping empty groups (items are already escaped HTML)."""
    return "".join(f"<h3>{title}</h3>" + _ul(items) for title, items in groups if items)


def _block(html: str) -> str:
    """An HTML block Python-Markdown passes through untouched (no blank lines inside)."""
    return f'<div class="mono-block">\n{html}\n</div>\n'


def dose_text(dose: Dose) -> str:
    """``12 mg (5 mL)``, ``15 to 20 mg/kg, max 2 g per dose``."""
    parts = []
    if dose.amount is not None:
        parts.append(quantity(dose.amount))
    elif dose.range is not None:
        parts.append(value_range(dose.range))
    if dose.volume is not None:
        parts[-1:] = [f"{parts[-1]} ({quantity(dose.volume)})"] if parts else [quantity(dose.volume)]
    if dose.max_per_dose is not None:
        parts.append(f"max {quantity(dose.max_per_dose)} per dose")
    if dose.max_per_day is not None:
        parts.append(f"max {quantity(dose.max_per_day)} per day")
    if dose.per == "day" and parts:
        parts[0] += " per day, divided"
    if dose.rounding:
        parts.append(dose.rounding)
    return esc(", ".join(parts))


def frequency_text(freq: Frequency | None) -> str:
    """``every 14 days``, ``2 times every 1 day``, ``as needed, at least 5 min apart``."""
    if freq is None:
        return "once"
    every = quantity(freq.every)
    if freq.every_up_to is not None:
        every = f"{number(freq.every.value)} to {quantity(freq.every_up_to)}"
    if freq.as_needed:
        return esc(f"as needed, at least {every} apart")
    if freq.times == 1:
        return esc(f"every {every}")
    return esc(f"{freq.times} times every {every}")


def _phase_extent(phase: Phase) -> str:
    if phase.count is not None:
        text = f"{phase.count} dose{'s' if phase.count != 1 else ''}"
    elif phase.duration is not None:
        text = f"for {quantity(phase.duration)}"
        if phase.duration_up_to is not None:
            text = f"for {number(phase.duration.value)} to {quantity(phase.duration_up_to)}"
    else:
        text = "ongoing"
    return esc(text)


def _phase_start(phase: Phase, index: int) -> str:
    if index == 0:
        return "first dose"
    if phase.start_after is None:
        return ""
    return esc(f"{quantity(phase.start_after)} after the previous dose")


def _regimen(monograph: Monograph, regimen: Regimen, cites: _Cites) -> str:
    pop = regimen.population
    who = [pop.description or pop.group.capitalize()]
    if pop.age is not None:
        who.append(f"age {band_range(pop.age)}")
    if pop.weight is not None:
        who.append(f"weight {band_range(pop.weight)}")
    if pop.condition:
        who.append(pop.condition)
    indication = next((i.condition for i in monograph.indications if i.id == regimen.indication),
                      regimen.indication)
    head = (f'<h4 id="regimen-{esc(regimen.id)}">{esc(indication)}: {esc("; ".join(who))}'
            f' <span class="route">({esc(", ".join(regimen.routes))})</span>'
            f"{_regions(regimen.regions)}{cites(regimen.cite)}</h4>")
    rows = []
    for i, phase in enumerate(regimen.phases):
        detail = esc(phase.text) if phase.text else ""
        if phase.titration is not None:
            t = phase.titration
            step = quantity(t.step) if t.step else value_range(t.step_range) if t.step_range else "adjust"
            interval = quantity(t.interval)
            if t.interval_up_to is not None:
                interval = f"{number(t.interval.value)} to {quantity(t.interval_up_to)}"
            detail += esc(f" Titrate by {step} every {interval}") + (
                esc(f" until {t.until}") if t.until else "")
        rows.append([esc(phase.kind.replace("-", " ").capitalize()), f"<strong>{dose_text(phase.dose)}</strong>",
                     frequency_text(phase.frequency), _phase_extent(phase), _phase_start(phase, i),
                     detail + cites(phase.cite)])
    html = head + _table(["Phase", "Dose", "How often", "How many", "Starts", "Details"], rows, "dosing")
    if regimen.targets:
        html += _ul((f"Target {esc(t.parameter)}: <strong>{esc(value_range(t.range))}</strong>"
                     + (f" ({esc(t.specimen)})" if t.specimen else "")
                     + (f"; {esc(t.timing)}" if t.timing else "") + cites(t.cite)
                     for t in regimen.targets), "targets")
    if regimen.notes:
        html += _ul(esc(n) for n in regimen.notes)
    pic = timeline(regimen, f"tl-{regimen.id}")
    if pic is not None:
        svg, lines = pic
        html += (f'<figure class="schedule-figure">{svg}<figcaption>Dose schedule (text equivalent): '
                 f'{_ul(esc(line) for line in lines)}</figcaption></figure>')
    return html


def _header(m: Monograph, cites: _Cites) -> str:
    ident = m.identity
    items = []
    if ident.pronunciation:
        items.append(f'<span class="pronunciation">({esc(ident.pronunciation)})</span>')
    status = m.review.status
    badge = ("Unreviewed draft" if status == "draft" else "Reviewed")
    items.append(f'<span class="status status-{status}">{badge}</span> '
                 f'<span class="updated">Last updated {m.review.last_updated.isoformat()}</span>')
    rows = []
    if ident.brands:
        rows.append(("Brands", ", ".join(f"{esc(b.name)}{_regions(b.regions)}" for b in ident.brands)))
    if ident.synonyms:
        rows.append(("Also known as", esc(", ".join(ident.synonyms))))
    if ident.categories:
        rows.append(("Category", esc(", ".join(ident.categories))))
    routes = sorted({r for f in m.dosage_forms for r in f.routes})
    if routes:
        rows.append(("Routes", esc(", ".join(routes))))
    if m.dosage_forms:
        rows.append(("Forms", "<br>".join(_form(f) + cites(f.cite) for f in m.dosage_forms)))
    if ident.codes:
        codes = [f"RxCUI {ident.codes.rxcui}" if ident.codes.rxcui else "",
                 f"ATC {', '.join(ident.codes.atc)}" if ident.codes.atc else "",
                 f"UNII {ident.codes.unii}" if ident.codes.unii else ""]
        rows.append(("Codes", esc(" · ".join(c for c in codes if c))))
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    return f'<p class="mono-meta">{" ".join(items)}</p><div class="tbl tbl-identity"><table>{body}</table></div>'


def _form(f: DosageForm) -> str:
    strength = quantity(f.strength.amount)
    if f.strength.per is not None:
        strength += f" per {quantity(f.strength.per)}"
    parts = [f.form, strength]
    if f.package is not None:
        parts.append(f"{quantity(f.package)} {f.container or ''}".strip())
    elif f.container:
        parts.append(f.container)
    if f.flags:
        parts.append(", ".join(f.flags))
    if f.brands:
        parts.append(", ".join(f.brands))
    return esc("; ".join(parts)) + _regions(f.regions)


def _reaction_row(r: AdverseReaction, cites: _Cites) -> list[str]:
    pct = f"{number(r.percent)}%" if r.percent is not None else "—"
    note = esc(r.note) if r.note else ""
    if r.population:
        note = f"{esc(r.population)}. {note}"
    return [esc(r.term), esc(r.system), pct, note + _regions(r.regions) + cites(r.cite)]


def _sec_boxed_warnings(m: Monograph, cites: _Cites) -> str:
    """Boxed warnings, first and unmistakable (HTML; empty when there is nothing to show)."""
    boxed = [w for w in m.warnings if w.boxed]
    if not boxed:
        return ""
    html = "".join(
        f'<div class="boxed-warning" role="note" aria-label="Boxed warning"><p class="boxed-title">'
        f"Boxed warning: {esc(w.topic)}{_regions(w.regions)}</p><p>{esc(w.text)}{cites(w.cite)}</p>"
        + (_ul(esc(a) for a in w.actions) if w.actions else "") + "</div>" for w in boxed)
    return html


def _sec_uses(m: Monograph, cites: _Cites) -> str:
    """Indications and contraindications, region-labelled (HTML; empty when there is nothing to show)."""
    if not (m.indications or m.contraindications):
        return ""
    html = ""
    if m.indications:
        html += _ul(f"{esc(i.condition)} <span class=\"label-status\">({'labeled' if i.labeled else 'off-label'})</span>"
                    + (f" — {esc(i.note)}" if i.note else "") + _regions(i.regions) + cites(i.cite)
                    for i in m.indications)
    if m.contraindications:
        c = m.contraindications
        items = [f"{esc(x.condition)}{_regions(x.regions)}{cites(x.cite)}" for x in c.items]
        if c.none_listed:
            where = f" ({esc(', '.join(c.none_listed.regions))} labelling)" if c.none_listed.regions else ""
            items.insert(0, f"No contraindications listed{where}."
                         + (f" {esc(c.none_listed.note)}" if c.none_listed.note else "")
                         + cites(c.none_listed.cite))
        html += "<h3>Contraindications</h3>" + _ul(items)
    return html


def _sec_dosing(m: Monograph, cites: _Cites) -> str:
    """Dosing tables and timeline per regimen (HTML; empty when there is nothing to show)."""
    if not m.dosing:
        return ""
    html = "".join(_regimen(m, r, cites) for r in m.dosing)
    return html


def _sec_adjustments(m: Monograph, cites: _Cites) -> str:
    """Renal, hepatic and other dose adjustments (HTML; empty when there is nothing to show)."""
    if not m.dose_adjustments:
        return ""
    rows = []
    for a in m.dose_adjustments:
        crit = a.criterion
        when = " ".join(x for x in [
            esc(crit.parameter) if crit.parameter else "",
            esc(band_range(crit.range)) if crit.range else "",
            esc(crit.category) if crit.category else "",
            esc(crit.text) if crit.text else ""] if x)
        change = [esc(a.change.action.replace("-", " "))]
        if a.change.dose:
            change.append(dose_text(a.change.dose))
        if a.change.frequency:
            change.append(frequency_text(a.change.frequency))
        if a.change.factor is not None:
            change.append(esc(f"× {number(a.change.factor)} of the usual dose"))
        if a.change.text:
            change.append(esc(a.change.text))
        rows.append([esc(a.kind), when, "; ".join(change) + cites(a.cite)])
    return _table(["For", "When", "Change"], rows, "adjustments")


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
        rows.append([esc(", ".join(md.phases) or "all"), esc(md.text) + cites(md.cite),
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
                items.append(f"{esc(s.text)}{tag}{cites(s.cite)}")
            html += f"<h3>{title}</h3><ol>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"
    if a.considerations:
        html += "<h3>Considerations</h3>" + _ul(
            (f"<strong>{esc(c.topic)}:</strong> " if c.topic else "") + esc(c.text)
            + _regions(c.regions) + cites(c.cite) for c in a.considerations)
    if a.avoid_sites:
        html += "<h3>Do not inject into</h3>" + _ul(esc(x) for x in a.avoid_sites)
    return html + cites(a.cite)


def _sec_storage(m: Monograph, cites: _Cites) -> str:
    """Storage conditions, excursions, in-use limits and chart (HTML; empty when there is nothing to show)."""
    if not m.storage:
        return ""
    return _storage(m, cites)


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
        f"<p>{esc(w.text)}{cites(w.cite)}</p>"
        + (f"<p><strong>Required actions:</strong></p>{_ul(esc(x) for x in w.actions)}" if w.actions else "")
        + "</div>" for w in others)
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
                text += f" (every {quantity(t.interval)})"
            if t.text:
                text += f" — {t.text}"
            when.append(esc(text))
        thresholds = [f"{esc(COMPARATORS[t.comparator])} {esc(quantity(t.value))} → {esc(t.action)}"
                      for t in x.thresholds]
        rows.append([f'<span class="check" aria-hidden="true">☐</span> {esc(x.parameter)}'
                     + (f" <small>({esc(x.specimen)})</small>" if x.specimen else ""),
                     "<br>".join(when), "<br>".join(thresholds) or "—",
                     (esc(x.note) if x.note else "") + cites(x.cite)])
    return _table(["Test", "When", "Threshold → action", "Notes"], rows, "monitoring")


def _sec_interactions(m: Monograph, cites: _Cites) -> str:
    """Interactions by severity, or the explicit none-known statement (HTML; empty when there is nothing to show)."""
    if not m.interactions:
        return ""
    i = m.interactions
    html = ""
    if i.none_known:
        html += f"<p>No clinically significant interactions are known.{_regions(i.none_known.regions)}" \
                f"{(' ' + esc(i.none_known.note)) if i.none_known.note else ''}{cites(i.none_known.cite)}</p>"
    if i.items:
        order = {"contraindicated": 0, "major": 1, "moderate": 2, "minor": 3}
        html += _table(["Interacting", "Severity", "Effect", "Management"], (
            [esc(x.agent) + _regions(x.regions), esc(x.severity), esc(x.effect),
             (esc(x.management) if x.management else "") + cites(x.cite)]
            for x in sorted(i.items, key=lambda x: (order[x.severity], x.agent.casefold()))), "interactions")
    return html


def _sec_pregnancy(m: Monograph, cites: _Cites) -> str:
    """Pregnancy and lactation considerations (HTML; empty when there is nothing to show)."""
    if not m.pregnancy_lactation:
        return ""
    p = m.pregnancy_lactation
    return _titled_lists([
        (title, [esc(c.text) + _regions(c.regions) + cites(c.cite) for c in items])
        for title, items in (("Pregnancy", p.pregnancy), ("Lactation", p.lactation))
    ]) + cites(p.cite)


def _sec_education(m: Monograph, cites: _Cites) -> str:
    """Patient education (HTML; empty when there is nothing to show)."""
    if not m.patient_education:
        return ""
    e = m.patient_education
    return _titled_lists([
        ("What it is for", [esc(x) for x in e.uses]),
        ("Common side effects", [esc(x) for x in e.common_side_effects]),
        ("Get medical help right away for", [esc(x) for x in e.seek_help_now]),
    ]) + cites(e.cite)


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
        f'<li id="source-{n}">{esc(s.title)}. {esc(s.publisher)}. '
        f'<a href="{esc(s.url)}" rel="noopener noreferrer">{esc(s.url)}</a> '
        f"(accessed {s.accessed.isoformat()})</li>"
        for n, s in enumerate(m.sources, start=1))
    return f'<ol class="sources">{items}</ol>'


def _sec_review(m: Monograph, cites: _Cites) -> str:
    """Review status, reviewers and change log (HTML; empty when there is nothing to show)."""
    changes = "".join(f"<li>{c.date.isoformat()}: {esc(c.summary)}</li>" for c in m.review.changes)
    reviewers = "".join(f"<li>{esc(r.name)}, {esc(r.role)}, {r.date.isoformat()}</li>" for r in m.review.reviewers)
    html = (f"<p>Status: <strong>{'Unreviewed draft' if m.review.status == 'draft' else 'Reviewed'}</strong>. "
            f"Last updated {m.review.last_updated.isoformat()}.</p>")
    if reviewers:
        html += f"<p>Reviewed by:</p><ul>{reviewers}</ul>"
    if changes:
        html += f"<p>Changes:</p><ul>{changes}</ul>"
    return html


_SECTIONS: tuple[tuple[str, str, Callable[[Monograph, _Cites], str]], ...] = (
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
    out.append(f"# {md_text(ident.generic_name.capitalize())}\n")
    # Hidden keywords: brand names and synonyms lead search straight to this page.
    keywords = [b.name for b in ident.brands] + ident.synonyms + ident.categories
    out.append(_block(_header(m, cites) + (
        f'<p class="search-keywords" hidden>{esc(" ".join(keywords))}</p>' if keywords else "")))

    for title, anchor, section in _SECTIONS:
        html = section(m, cites)
        if html:
            out.append(f"## {title} {{#{anchor}}}\n\n" + _block(html))
    return "\n".join(x for x in out if x)


def _storage(m: Monograph, cites: _Cites) -> str:
    s = m.storage
    assert s is not None
    html = ""
    if s.conditions:
        rows = []
        for c in s.conditions:
            temp = value_range(c.temperature)
            if c.temperature_f is not None:
                temp += f" ({value_range(c.temperature_f)})"
            flags = [x for x, on in (("protect from light", c.protect_from_light),
                                     ("do not freeze", c.do_not_freeze),
                                     ("do not shake", c.do_not_shake)) if on]
            if c.container:
                flags.append(f"in {c.container}")
            rows.append([esc(c.applies_to) + _regions(c.regions), esc(c.kind.replace("-", " ")),
                         f"<strong>{esc(temp)}</strong>", esc("; ".join(flags)) + cites(c.cite)])
        html += _table(["What", "Storage", "Temperature", "Conditions"], rows, "storage")
    limits = []
    for e in s.excursions:
        temp = value_range(e.temperature) + (f" ({value_range(e.temperature_f)})" if e.temperature_f else "")
        total = " in total" if e.cumulative else ""
        limits.append([esc(e.applies_to) + _regions(e.regions), "Excursion",
                       f"<strong>{esc(temp)}</strong>",
                       f"<strong>up to {esc(quantity(e.max_duration))}{total}</strong>"
                       + (f"<br>{esc(e.text)}" if e.text else "") + cites(e.cite)])
    for u in s.in_use:
        temp = value_range(u.temperature) if u.temperature else ""
        if u.temperature_f:
            temp += f" ({value_range(u.temperature_f)})"
        limits.append([esc(f"After {u.after.replace('-', ' ')}") + _regions(u.regions), "In use",
                       esc(temp), f"<strong>use within {esc(quantity(u.max_duration))}</strong>, then "
                       f"{esc(u.then.replace('-', ' '))}" + (f"<br>{esc(u.text)}" if u.text else "") + cites(u.cite)])
    if limits:
        html += "<h3>Time limits out of storage</h3>" + _table(["What", "Kind", "Temperature", "Limit"],
                                                              limits, "storage-limits")
    pic = storage_chart(s, "storage-chart")
    if pic is not None:
        svg, lines = pic
        html += (f'<figure class="storage-figure">{svg}<figcaption>Storage chart (text equivalent): '
                 f"{_ul(esc(x) for x in lines)}</figcaption></figure>")
    return html + cites(s.cite)


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
            where = ", ".join(x for x in [k.compartment or "", k.phase or "", k.population or ""] if x)
            rows.append([esc(k.parameter.replace("-", " ")), esc(where), esc(value),
                         esc(k.statistic or ""), (esc(k.note) if k.note else "") + cites(k.cite)])
        html += _table(["Parameter", "Where / phase", "Value", "Statistic", "Notes"], rows, "pk")
    return html + cites(p.cite)
