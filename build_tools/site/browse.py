"""The browse pages: A to Z (generic and brand names), by category and by indication. Each lists
monographs through a small entry per monograph, so no page holds the whole corpus's models.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from build_tools.model import Monograph
from build_tools.site.render import md_text


class BrowseEntry(NamedTuple):
    """What the browse pages need of one monograph (small, so 10,000 of them are cheap)."""

    id: str
    generic_name: str
    brands: tuple[str, ...]
    categories: tuple[str, ...]
    indications: tuple[str, ...]


def browse_entry(m: Monograph) -> BrowseEntry:
    """The browse-page entry of a monograph."""
    return BrowseEntry(m.id, m.identity.generic_name, tuple(b.name for b in m.identity.brands),
                       tuple(m.identity.categories), tuple(i.condition for i in m.indications))


def render_indexes(entries: Sequence[BrowseEntry], link: str = "../monographs/{id}.md") -> dict[str, str]:
    """The browse pages: A-Z by generic and brand name, by category and by indication."""
    az: list[tuple[str, str, str]] = []
    for m in entries:
        az.append((m.generic_name, m.id, ""))
        seen: set[str] = set()
        for b in m.brands:  # a brand listed once per region is one entry in A to Z
            if b.casefold() not in seen:
                seen.add(b.casefold())
                az.append((b, m.id, f" (brand of {m.generic_name})"))
    az.sort(key=lambda x: (x[0].casefold(), x[1]))
    # Browse pages are navigation, not answers: keep them out of search so drug pages rank first.
    front = "---\nsearch:\n  exclude: true\n---\n"
    lines = [front + "# A to Z", "", "Every drug by generic and brand name.", ""]
    letter = ""
    for name, ident, suffix in az:
        first = name[:1].upper() if name[:1].isalpha() else "#"
        if first != letter:
            letter = first
            lines += ["", f"## {md_text(letter)}", ""]
        lines.append(f"- [{md_text(name)}]({link.format(id=ident)}){md_text(suffix)}")
    pages = {"browse/a-z.md": "\n".join(lines) + "\n"}
    for key, title in (("categories", "By pharmacologic category"), ("indications", "By indication")):
        groups: dict[str, set[tuple[str, str]]] = {}
        for m in entries:
            for g in getattr(m, key):
                groups.setdefault(g, set()).add((m.generic_name, m.id))
        lines = [front + f"# {title}", ""]
        for g in sorted(groups, key=str.casefold):
            lines += [f"## {md_text(g)}", ""]
            lines += [f"- [{md_text(n)}]({link.format(id=i)})" for n, i in sorted(groups[g])]
            lines.append("")
        pages[f"browse/{key}.md"] = "\n".join(lines) + "\n"
    return pages
