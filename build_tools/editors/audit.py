"""``monographs audit``: per monograph, where the high-risk facts come from (a label or regulator
source, only other sources, or nothing), the statements flagged unconfirmed or secondary-only,
and the stale or undated label sources; then the totals. Text, Markdown or JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from build_tools.check.validate import check_paths
from build_tools.compute.provenance import Provenance, provenance, totals
from build_tools.editors.versions import MONOGRAPH_DIR

_COLUMNS = ("monograph", "statements", "primary", "other only", "uncited", "flagged",
            "stale sources", "labels without revision")


def audit_rows(paths: list[Path], today: dt.date) -> list[tuple[str, Provenance]]:
    """The provenance of every valid monograph under ``paths``, by id."""
    corpus = check_paths(paths, today=today)
    return [(m.id, provenance(m, today)) for m in corpus.monographs]


def _row(ident: str, p: Provenance) -> list[str]:
    support = p.by_support
    return [ident, str(len(p.statements)), str(support["primary"]), str(support["other"]),
            str(support["uncited"]), str(sum(p.flagged.values())), str(len(p.stale_sources)),
            str(len(p.undated_labels))]


def audit_markdown(rows: list[tuple[str, Provenance]]) -> str:
    """The audit as a Markdown table with a totals line."""
    t = totals(rows)
    lines = ["| " + " | ".join(_COLUMNS) + " |", "|" + " --- |" * len(_COLUMNS)]
    lines += ["| " + " | ".join(_row(i, p)) + " |" for i, p in rows]
    share = t["support"].get("primary", 0) / t["statements"] if t["statements"] else 0.0
    lines += ["", f"{t['monographs']} monographs, {t['statements']} high-risk statements: "
                  f"{t['support'].get('primary', 0)} cite a label or regulator source ({share:.0%}), "
                  f"{t['support'].get('other', 0)} only other sources, {t['support'].get('uncited', 0)} "
                  f"none; {sum(t['flagged'].values())} flagged; {t['stale_sources']} stale sources; "
                  f"{t['labels_without_revision']} label sources without a revision."]
    return "\n".join(lines) + "\n"


def audit_json(rows: list[tuple[str, Provenance]]) -> dict[str, Any]:
    """The audit as JSON: per monograph, and the totals."""
    return {"monographs": [{"id": i, "support": dict(p.by_support), "flagged": dict(p.flagged),
                            "stale_sources": p.stale_sources, "labels_without_revision": p.undated_labels,
                            "other_only": ["/" + "/".join(map(str, s.path)) for s in p.statements
                                           if s.support != "primary" and s.verification is None]}
                           for i, p in rows],
            "totals": totals(rows)}


def _cmd_audit(args: argparse.Namespace) -> int:
    rows = audit_rows([Path(p) for p in args.paths] or [Path(MONOGRAPH_DIR)], dt.date.today())
    if args.format == "json":
        print(json.dumps(audit_json(rows), indent=1, sort_keys=True))
    else:
        print(audit_markdown(rows), end="")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``audit [--format markdown|json] [PATH...]`` to the ``monographs`` command."""
    p = subparsers.add_parser("audit", help="where each monograph's high-risk facts come from")
    p.add_argument("paths", nargs="*", help="files or folders (default: monographs/)")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")
    p.set_defaults(func=_cmd_audit)
