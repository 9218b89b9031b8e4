"""HTML building blocks of a page: region badges, lists, tables and raw blocks. Every string
passed in is already escaped HTML; these only wrap it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from build_tools.site.display import esc


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
