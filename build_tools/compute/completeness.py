"""Whether a monograph is finished enough to publish: every core section given or said not to
apply, and no TODO marker left. The publish rule and the build's gate share this one reading."""

from __future__ import annotations

import re
from typing import get_args

from build_tools.model import CoreSection, Monograph

#: The core sections, in page order (identity and review are required by the model itself).
CORE_SECTIONS: tuple[str, ...] = get_args(CoreSection)
#: What an editor writes where something is still to be done.
TODO = re.compile(r"\bTODO\b")


def missing_sections(m: Monograph) -> list[str]:
    """The core sections ``m`` neither gives nor marks not applicable, in page order."""
    marked = {n.section for n in m.review.not_applicable}
    return [s for s in CORE_SECTIONS if not getattr(m, s) and s not in marked]


def marked_but_given(m: Monograph) -> list[int]:
    """Indexes of review.not_applicable entries whose section is given after all."""
    return [i for i, n in enumerate(m.review.not_applicable) if getattr(m, n.section)]


def todo_lines(text: str) -> list[int]:
    """The line numbers (from 1) of the TODO markers in a monograph's text."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if TODO.search(line)]


def published(m: Monograph) -> bool:
    """True when the build publishes ``m`` (site page, search and export): anything but an
    incomplete draft. A finished status with gaps is an error, so it never gets this far."""
    return m.review.status != "incomplete"
