"""The search document of a monograph: a small HTML page the search indexer reads instead of
the full rendered page.

Indexing every word of 10,000 full pages makes the index (and the indexer's memory) grow with
all the prose; clinicians search for names, classes, indications, reactions, warnings,
interactions and monitoring. Names carry the highest weight so a brand, generic, synonym or
class hit ranks above a drug that merely mentions the word. All text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from build_tools.model import Monograph

#: Ranking weights (the indexer's scale: 0-10, default 1; headings count more by default).
NAME_WEIGHT = 10
CLASS_WEIGHT = 5


def _p(words: Iterable[str], weight: int | None = None) -> str:
    text = "; ".join(html.escape(w, quote=True) for w in dict.fromkeys(words) if w)
    if not text:
        return ""
    attr = f' data-pagefind-weight="{weight}"' if weight else ""
    return f"<p{attr}>{text}</p>\n"


def search_document(m: Monograph) -> str:
    """The HTML the indexer reads for one monograph (URL: monographs/<id>/)."""
    ident = m.identity
    brands = [b.name for b in ident.brands]
    title = html.escape(ident.generic_name, quote=True)
    shown = html.escape(", ".join(dict.fromkeys(brands)), quote=True)
    body = [
        f"<h1>{title}</h1>\n",
        _p([*brands, *ident.synonyms], NAME_WEIGHT),
        _p(ident.categories, CLASS_WEIGHT),
        _p(i.condition for i in m.indications),
        _p(w.topic for w in m.warnings),
        _p(r.term for r in m.adverse_reactions),
        _p(x.agent for x in (m.interactions.items if m.interactions else [])),
        _p(c.condition for c in (m.contraindications.items if m.contraindications else [])),
        _p(x.parameter for x in m.monitoring),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n<body>\n"
        + (f'<span data-pagefind-meta="brands" hidden>{shown}</span>\n' if shown else "")
        + "<main data-pagefind-body>\n" + "".join(body)
        + "</main></body></html>\n"
    )
