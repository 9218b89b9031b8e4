"""``monographs audit`` and the site's source-audit page: per monograph, where the high-risk
facts come from (by the kind of their strongest source), the statements flagged unconfirmed or
secondary-only, stale, undated and old label sources, and what its verification log says was
checked; then the totals. Markdown or JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from build_tools.check.validate import check_paths
from build_tools.compute.provenance import KIND_ORDER, provenance, record, totals
from build_tools.editors.versions import MONOGRAPH_DIR

#: Where each monograph's verification log lives (one Markdown file per monograph id).
VERIFICATION_DIR = Path("docs/editors/verification")
#: The values a verification log's ``result`` column may take.
RESULTS = ("matched", "corrected", "added", "removed", "unconfirmed", "secondary-only")

Row = tuple[str, dict[str, Any]]
CODE_NAMES = {"rxcui": "RxCUI", "unii": "UNII", "atc": "ATC"}
_COLUMNS = ("monograph", "statements", "label or regulator", "other only", "uncited", "flagged",
            "stale sources", "labels without revision date", "labels over 5 years old",
            "codes not confirmed", "facts checked in the log")


def audit_rows(paths: list[Path], today: dt.date) -> list[Row]:
    """The provenance record of every valid monograph under ``paths``, by id."""
    corpus = check_paths(paths, today=today)
    return [(m.id, record(provenance(m, today))) for m in corpus.monographs]


def log_results(text: str) -> Counter[str]:
    """Count the rows of a verification log's "Facts checked" table by their ``result``
    column; a value outside RESULTS counts as "unreadable" so a typo cannot hide."""
    counts: Counter[str] = Counter()
    section = re.search(r"^## Facts checked\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if section is None:
        return counts
    header: list[str] | None = None
    for line in section.group(1).splitlines():
        if not line.strip().startswith("|"):
            continue
        cells = [c.strip().lower() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif set("".join(cells)) <= set("-: "):
            continue
        elif "result" in header and len(cells) == len(header):
            value = cells[header.index("result")]
            counts[value if value in RESULTS else "unreadable"] += 1
        else:
            counts["unreadable"] += 1
    return counts


def read_logs(folder: Path, ids: list[str]) -> dict[str, Counter[str]]:
    """The result counts of each monograph's verification log that exists in ``folder``."""
    out = {}
    for ident in ids:
        path = folder / f"{ident}.md"
        if path.is_file() and not path.is_symlink():
            out[ident] = log_results(path.read_text(encoding="utf-8"))
    return out


def _checked(counts: Counter[str] | None) -> str:
    if counts is None:
        return "no log"
    total = sum(counts.values())
    detail = ", ".join(f"{counts[r]} {r}" for r in (*RESULTS, "unreadable") if counts[r])
    return f"{total} ({detail})" if detail else "0"


def audit_markdown(rows: list[Row], logs: Mapping[str, Counter[str]] | None = None, *,
                   links: bool = False) -> str:
    """The audit as a Markdown table with a totals paragraph; ``links`` makes each id a link to
    its page and each log count a link to its log (for the site)."""
    logs = logs or {}
    t = totals(rows)
    lines = ["| " + " | ".join(_COLUMNS) + " |", "|" + " --- |" * len(_COLUMNS)]
    for ident, r in rows:
        s = r["support"]
        name = f"[{ident}](../monographs/{ident}.md)" if links else ident
        checked = _checked(logs.get(ident))
        if links and ident in logs:
            checked = f"[{checked}](verification/{ident}.md)"
        cells = [name, str(r["statements"]), str(s.get("primary", 0)), str(s.get("other", 0)),
                 str(s.get("uncited", 0)), str(sum(r["flagged"].values())),
                 str(len(r["stale_sources"])), str(len(r["labels_without_revision"])),
                 str(len(r["old_labels"])), ", ".join(CODE_NAMES[c] for c in r["codes_missing"]) or "none", checked]
        lines.append("| " + " | ".join(cells) + " |")
    primary = t["support"].get("primary", 0)
    share = primary / t["statements"] if t["statements"] else 0.0
    kinds = ", ".join(f"{t['kinds'][k]} {k}" for k in (*KIND_ORDER, "uncited") if t["kinds"].get(k))
    logged: Counter[str] = Counter()
    for counts in logs.values():
        logged.update(counts)
    lines += ["", f"{t['monographs']} monographs, {t['statements']} high-risk statements: "
                  f"{primary} cite a label or regulator source ({share:.0%}), "
                  f"{t['support'].get('other', 0)} only other sources, "
                  f"{t['support'].get('uncited', 0)} none; {sum(t['flagged'].values())} flagged; "
                  f"{t['stale_sources']} stale sources; {t['labels_without_revision']} label "
                  f"sources without a revision date; {t['old_labels']} labels over 5 years old.",
              "", f"By strongest source: {kinds or 'none'}.",
              "", "Monographs without a confirmed code: " + ", ".join(
                  f"{t['codes_missing'][k]} without {name}" for k, name in CODE_NAMES.items())
              + " (each verification log's Codes table says why)."]
    if logs:
        lines += ["", f"Verification logs for {len(logs)} of {t['monographs']} monographs, "
                      f"{sum(logged.values())} facts checked: "
                      + ", ".join(f"{logged[r]} {r}" for r in (*RESULTS, "unreadable") if logged[r])
                      + "."]
    return "\n".join(lines) + "\n"


_PAGE_INTRO = """# Source audit

Where each monograph's high-risk facts come from: dosing, dose adjustments, storage, warnings,
contraindications and monitoring. A statement counts as *label or regulator* when one of the
sources it cites is the product's own labelling (US prescribing information, EU SmPC, Canadian
product monograph) or its regulator's assessment; *other only* when it cites only guidelines,
references or secondary summaries; *flagged* when it carries a verification flag
(unconfirmed, secondary source only, conflicting sources), shown on its page. A source is
*stale* when it was read more than 12 months ago. *Codes not confirmed* names the ingredient
codes (RxCUI, UNII, ATC) no source read has confirmed yet; the log's Codes table says why. The
last column counts the facts that the monograph's verification log says were checked against a
label, by result.

This page is computed at each build; `monographs audit` prints the same table.

"""


def audit_page(rows: list[Row], logs: Mapping[str, Counter[str]]) -> str:
    """The site's "Source audit" page for editors."""
    return _PAGE_INTRO + audit_markdown(rows, logs, links=True)


def audit_json(rows: list[Row], logs: Mapping[str, Counter[str]] | None = None) -> dict[str, Any]:
    """The audit as JSON: per monograph (with its log's counts when it has one), and the totals."""
    logs = logs or {}
    return {"monographs": [{"id": i, **r, **({"log": dict(sorted(logs[i].items()))} if i in logs else {})}
                           for i, r in rows],
            "totals": totals(rows)}


def _cmd_audit(args: argparse.Namespace) -> int:
    rows = audit_rows([Path(p) for p in args.paths] or [Path(MONOGRAPH_DIR)], dt.date.today())
    logs = read_logs(Path(args.logs), [i for i, _ in rows])
    if args.format == "json":
        print(json.dumps(audit_json(rows, logs), indent=1, sort_keys=True))
    else:
        print(audit_markdown(rows, logs), end="")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``audit [--format markdown|json] [--logs DIR] [PATH...]`` to the ``monographs`` command."""
    p = subparsers.add_parser("audit", help="where each monograph's high-risk facts come from")
    p.add_argument("paths", nargs="*", help="files or folders (default: monographs/)")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")
    p.add_argument("--logs", default=str(VERIFICATION_DIR),
                   help=f"folder of verification logs, <id>.md (default: {VERIFICATION_DIR})")
    p.set_defaults(func=_cmd_audit)
