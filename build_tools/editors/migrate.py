"""Upgrade monographs written for schema 1.x to schema 2.0.0, keeping every meaning 1.x gave them.

``monographs migrate`` rewrites what 1.x left implicit as 2.0's explicit form, so an open pull
request can be brought forward in one command:

- a range's ends get comparators: 1.x read ``low`` as included and ``high`` as excluded unless
  ``high_inclusive`` was set, so ``{low: 10, high: 30}`` becomes ``{gte: 10, lt: 30}``. That is
  what 1.x meant, not always what the label says: re-check each band edge against its source
  ("30 or less" is ``lte: 30``); the command lists every band it converted for that review;
- a dose gets its ``basis``; a daily total written as a per-day unit (``mg/kg/d``) becomes
  ``basis: total-per-period`` over 1 day, divided into the doses its frequency gives;
  ``max_per_dose`` and ``max_per_day`` become ``caps``;
- ``indication`` becomes ``indications: [...]``; targets get ids; a source without a kind gets
  the 1.x default, ``reference``, written out; in-use limits get ``applies_to`` and ``then``.

What cannot be derived (a titration's direction, a daily total with no frequency) is reported
as a problem at its line for the editor to fill in; the file is still written.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from build_tools.check.validate import expand
from build_tools.editors.fmt import FormatError, _yaml, format_text, write_atomic
from build_tools.model.problems import Problem, format_problems
from build_tools.plumbing.cmdline import command_paths

#: Per-day units of 1.x and the per-dose unit the 2.0 total is written in.
_PER_DAY = {"mg/kg/d": "mg/kg", "ug/kg/d": "ug/kg", "mg/d": "mg", "ug/d": "ug", "g/d": "g"}
_HOURS = {"min": Fraction(1, 60), "h": Fraction(1), "d": Fraction(24), "wk": Fraction(168)}
_TRIGGERS = {"withdrawal-from-vial": "withdrawal-into-syringe"}
_APPLIES = {"withdrawal-into-syringe": "drawn-up syringe", "opening": "opened container",
            "reconstitution": "reconstituted solution", "dilution": "diluted solution",
            "first-use": "product in use", "removal-from-refrigerator": "product out of the refrigerator"}


@dataclass
class Migration:
    """One file's migration: notes for the editor (bands to re-check, values to fill in)."""

    path: str
    bands: list[str] = field(default_factory=list)
    todo: list[tuple[int, str]] = field(default_factory=list)


def _line(node: Any, key: Any = None) -> int:
    """1-based line of a mapping (or of one of its keys) in the source, 1 when unknown."""
    try:
        if key is not None and isinstance(node, CommentedMap):
            return int(node.lc.key(key)[0]) + 1
        return int(node.lc.line) + 1
    except (AttributeError, KeyError, TypeError):
        return 1


def _replace(node: Any, items: list[tuple[str, Any]]) -> None:
    """Rewrite a mapping's items in place (keeping its flow or block style)."""
    for key in list(node):
        del node[key]
    for key, value in items:
        node[key] = value


def _range(node: Any, where: str, mig: Migration) -> None:
    """``low``/``high``/``high_inclusive`` -> ``gte``/``lt`` or ``lte``, as 1.x read them: bands
    (population age and weight, adjustment criteria; ``where`` names them) were half-open unless
    ``high_inclusive`` was set; every other range (doses, temperatures, times) was shown and
    meant "low to high", both ends included."""
    inclusive = node.get("high_inclusive") is True or not where
    items: list[tuple[str, Any]] = []
    for key, value in node.items():
        if key == "low":
            items.append(("gte", value))
        elif key == "high":
            items.append(("lte" if inclusive else "lt", value))
        elif key != "high_inclusive":
            items.append((key, value))
    _replace(node, items)
    if where:
        shown = ", ".join(f"{k}: {v}" for k, v in items)
        mig.bands.append(f"line {_line(node)}: {where} {{{shown}}}")


def _hours(interval: Any) -> Fraction | None:
    if not isinstance(interval, dict) or interval.get("unit") not in _HOURS:
        return None
    return Fraction(str(interval["value"])) * _HOURS[interval["unit"]]


def _divisions(freq: Any) -> tuple[int | None, int | None]:
    """Administrations per day a frequency gives (low, high), when it is a whole number."""
    if not isinstance(freq, dict):
        return None, None
    times = int(freq.get("times", 1))
    every, up_to = _hours(freq.get("every")), _hours(freq.get("every_up_to"))
    def per_day(h: Fraction | None) -> int | None:
        if not h:
            return None
        n = Fraction(24) / h * times
        return int(n) if n.denominator == 1 else None
    most, least = per_day(every), per_day(up_to) if up_to else None
    return (least, most) if least is not None else (most, None)


def _dose(node: CommentedMap, freq: Any, kind: str, mig: Migration) -> None:
    """Give a 1.x dose its explicit basis and caps."""
    if "basis" in node:
        return
    total = node.get("per") == "day"  # 1.x's daily total divided over the day's doses
    amount = node.get("amount") if "amount" in node else node.get("range")
    unit = amount.get("unit") if isinstance(amount, dict) else None
    if kind != "infusion" and unit in _PER_DAY:
        total = True
        amount["unit"] = _PER_DAY[unit]
    caps = CommentedSeq()
    for key, per in (("max_per_dose", "dose"), ("max_per_day", "day")):
        if key in node:
            cap = node[key]
            if per == "day" and cap.get("unit") in _PER_DAY:
                cap["unit"] = _PER_DAY[cap["unit"]]
            entry = CommentedMap([("per", per), ("amount", cap)])
            entry.fa.set_flow_style()
            caps.append(entry)
    items: list[tuple[str, Any]] = [("basis", "total-per-period" if total else "per-administration")]
    items += [(k, v) for k, v in node.items() if k not in ("per", "max_per_dose", "max_per_day")]
    if total:
        period = CommentedMap([("value", 1), ("unit", "d")])
        period.fa.set_flow_style()
        items.append(("period", period))
        low, high = _divisions(freq)
        if low is None:
            mig.todo.append((_line(node), "a daily total with no frequency: add 'divided_into' "
                             "(how many doses a day) if the label says"))
        else:
            items.append(("divided_into", low))
            if high is not None and high != low:
                items.append(("divided_into_up_to", high))
    if caps:
        items.append(("caps", caps))
    _replace(node, items)


_RANGE_KEYS = frozenset({"low", "high", "high_inclusive"})
#: The ranges 1.x treated as half-open bands: (parent key, key).
_BANDS = frozenset({("population", "age"), ("population", "weight"), ("criterion", "range")})


def _walk(node: Any, path: tuple[Any, ...], mig: Migration) -> None:
    """Convert every range under ``node`` (depth first)."""
    if isinstance(node, dict):
        for key, value in node.items():
            _walk(value, (*path, key), mig)
        if "unit" in node and _RANGE_KEYS & set(node) and "value" not in node:
            band = len(path) >= 2 and (path[-2], path[-1]) in _BANDS
            where = ".".join(str(p) for p in path) if band else ""
            _range(node, where, mig)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk(value, (*path, i), mig)


def _regimens(data: CommentedMap, mig: Migration) -> None:
    for regimen in data.get("dosing") or []:
        if "indication" in regimen:
            seq = CommentedSeq([regimen["indication"]])
            seq.fa.set_flow_style()
            _replace(regimen, [("indications", seq) if k == "indication" else (k, v)
                               for k, v in regimen.items()])
        for phase in regimen.get("phases") or []:
            if isinstance(phase.get("dose"), dict):
                _dose(phase["dose"], phase.get("frequency"), phase.get("kind", ""), mig)
            titration = phase.get("titration")
            if isinstance(titration, dict) and "direction" not in titration:
                mig.todo.append((_line(titration), "titration: add 'direction' (increase, decrease "
                                 "or either), as the label says"))
        seen: set[str] = set()
        for target in regimen.get("targets") or []:
            if "id" not in target:
                words = re.sub(r"[^a-z0-9]+", " ", str(target.get("parameter", "target")).lower()).split()
                base = "-".join(words[:4])
                ident, n = base or "target", 2
                while ident in seen:
                    ident, n = f"{base}-{n}", n + 1
                _replace(target, [("id", ident), *target.items()])
            seen.add(str(target["id"]))
    for adjustment in data.get("dose_adjustments") or []:
        change = adjustment.get("change")
        if isinstance(change, dict) and isinstance(change.get("dose"), dict):
            _dose(change["dose"], change.get("frequency"), "", mig)


def _storage_and_sources(data: CommentedMap) -> None:
    for limit in (data.get("storage") or {}).get("in_use") or []:
        after = _TRIGGERS.get(limit.get("after"), limit.get("after"))
        limit["after"] = after
        if "applies_to" not in limit:
            _replace(limit, [("applies_to", _APPLIES.get(after, "product")), *limit.items()])
        if "then" not in limit:
            limit["then"] = "discard"
    for source in data.get("sources") or []:
        if "kind" not in source:
            source["kind"] = "reference"


def migrate_text(text: str, path: str = "<text>") -> tuple[str, Migration]:
    """A 1.x monograph's text in 2.0 form (canonically formatted), with notes for the editor."""
    mig = Migration(path)
    y = _yaml()
    y.preserve_quotes = True  # "NO" (Norway) must stay quoted; fmt then settles the quoting
    tree = y.load(text.replace("\r\n", "\n").lstrip("\ufeff"))
    if not isinstance(tree, CommentedMap):
        raise FormatError([Problem(path, 1, 1, "migrate", "the file is not a monograph mapping")])
    _walk(tree, (), mig)
    _regimens(tree, mig)
    _storage_and_sources(tree)
    out = io.StringIO()
    y.dump(tree, out)
    try:
        return format_text(out.getvalue(), path), mig
    except FormatError:
        return out.getvalue(), mig  # fmt refuses invalid files; the editor fixes them first


def _cmd_migrate(args: argparse.Namespace) -> int:
    """Run ``monographs migrate``: rewrite 1.x files as 2.0 and list what to re-check."""
    paths = command_paths(args.paths)
    if paths is None:
        return 2
    problems: list[Problem] = []
    for path in expand(paths):
        try:
            text, mig = migrate_text(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError, FormatError) as exc:
            problems.append(Problem(str(path), 1, 1, "migrate", f"cannot migrate: {exc}"))
            continue
        if not args.check:
            write_atomic(path, text)
        for band in mig.bands:
            print(f"{path}: re-check against the label: {band}")
        problems += [Problem(str(path), line, 1, "migrate", msg) for line, msg in mig.todo]
    if problems:
        print(format_problems(problems, "text"), file=sys.stderr)
    return 1 if problems else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``migrate [--check] [PATH...]`` to the ``monographs`` command."""
    p = subparsers.add_parser("migrate", help="upgrade schema 1.x monographs to 2.0.0")
    p.add_argument("paths", nargs="*", help="files or folders (default: monographs/)")
    p.add_argument("--check", action="store_true", help="write nothing; list what would change")
    p.set_defaults(func=_cmd_migrate)
