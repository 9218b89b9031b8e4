"""The storage section of a page: conditions, excursions and in-use limits, and the chart."""

from __future__ import annotations

from collections.abc import Callable

from build_tools.model import Cited, QuantityRange, Storage
from build_tools.site.blocks import _regions, _table, _ul
from build_tools.site.display import esc, quantity, value_range
from build_tools.site.labels import REFRIGERATION, STORAGE_KINDS
from build_tools.site.svg import storage_chart


def _temperatures(c: QuantityRange | None, f: QuantityRange | None) -> str:
    """``2 to 8 °C (36 to 46 °F)``; empty when the label gives no numbers."""
    if c is None:
        return ""
    return value_range(c) + (f" ({value_range(f)})" if f is not None else "")


def storage_html(s: Storage, cites: Callable[[Cited], str], limited: Callable[[object], str]) -> str:
    """Storage conditions, excursions and in-use limits as tables, then the storage chart;
    ``limited`` words what a row is limited to (its dosage forms)."""
    html = ""
    if s.conditions:
        rows = []
        for c in s.conditions:
            temp = _temperatures(c.temperature, c.temperature_f) or "as stated"
            flags = [x for x, on in (("protect from light", c.protect_from_light),
                                     ("do not freeze", c.do_not_freeze),
                                     ("do not shake", c.do_not_shake)) if on]
            if c.container:
                flags.append(f"in {c.container}")
            if c.note:
                flags.append(c.note)
            rows.append([esc(c.applies_to) + limited(c) + _regions(c.regions), esc(STORAGE_KINDS[c.kind]),
                         f"<strong>{esc(temp)}</strong>", esc("; ".join(flags)) + cites(c)])
        html += _table(["What", "Storage", "Temperature", "Conditions"], rows, "storage")
    limits = []
    for e in s.excursions:
        total = " in total" if e.cumulative else ""
        limit = (f"up to {quantity(e.max_duration)}{total}" if e.max_duration is not None
                 else "no time limit")
        extra = [x for x, on in (
            (f"in {e.container}", e.container), ("protect from light", e.protect_from_light),
            ("may go back to its storage condition", e.may_return is True),
            ("must not go back to its storage condition", e.may_return is False)) if on]
        limits.append([esc(e.applies_to) + limited(e) + _regions(e.regions), "Excursion",
                       f"<strong>{esc(_temperatures(e.temperature, e.temperature_f))}</strong>",
                       f"<strong>{esc(limit)}</strong>" + (f"<br>{esc('; '.join(extra))}" if extra else "")
                       + (f"<br>{esc(e.text)}" if e.text else "") + cites(e)])
    for u in s.in_use:
        extra = [x for x in (REFRIGERATION.get(u.refrigeration or ""),
                             "do not refreeze" if u.do_not_refreeze else "",
                             f"in {u.container}" if u.container else "") if x]
        limits.append([esc(f"{u.applies_to}, after {u.after.replace('-', ' ')}") + limited(u) + _regions(u.regions),
                       "In use", esc(_temperatures(u.temperature, u.temperature_f)),
                       f"<strong>use within {esc(quantity(u.max_duration))}</strong>, then "
                       f"{esc(u.then.replace('-', ' '))}" + (f"<br>{esc('; '.join(extra))}" if extra else "")
                       + (f"<br>{esc(u.text)}" if u.text else "") + cites(u)])
    if limits:
        html += "<h3>Time limits out of storage</h3>" + _table(["What", "Kind", "Temperature", "Limit"],
                                                              limits, "storage-limits")
    pic = storage_chart(s, "storage-chart")
    if pic is not None:
        svg, lines = pic
        html += (f'<figure class="storage-figure">{svg}<figcaption>Storage chart (text equivalent): '
                 f"{_ul(esc(x) for x in lines)}</figcaption></figure>")
    return html + cites(s)
