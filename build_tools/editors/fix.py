"""``monographs fix [--check]``: the mechanical repairs an editor would otherwise make by hand,
each reported as ``file:line:col: fix: what changed``, then the canonical format.

Only repairs whose meaning is certain are made: tabs in indentation become spaces; a route
written as a clinical abbreviation (PO, IV, SC, IM ...) or in another case becomes the schema's
name; a unit alias (mcg, ml, °C ...) becomes its UCUM code; a percent written "5%" becomes 5;
a frequency written as words ("once daily", "every 8 hours") becomes its structured form.
Anything else is left for the validator to report.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, get_args

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from build_tools.check.schema_check import ABBREVIATIONS
from build_tools.check.validate import expand
from build_tools.editors.fmt import FormatError, _yaml, format_text, write_atomic
from build_tools.model import Route
from build_tools.model.problems import Problem
from build_tools.model.units import ALIASES, UNITS
from build_tools.plumbing.cmdline import command_paths
from build_tools.plumbing.parallel import map_ordered

ROUTES: tuple[str, ...] = get_args(Route)
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
#: Frequency words and (times, every value, every unit) they mean.
_FREQUENCIES: tuple[tuple[re.Pattern[str], tuple[int, int, str]], ...] = tuple(
    (re.compile(rf"^\s*(?:{words})\s*$", re.I), meaning) for words, meaning in (
        (r"once (?:a |per )?day|once daily|daily|q\.?d\.?|every 24 hours", (1, 1, "d")),
        (r"twice (?:a |per )?day|twice daily|two times (?:a |per )?day|b\.?i\.?d\.?", (2, 1, "d")),
        (r"three times (?:a |per )?day|three times daily|t\.?i\.?d\.?", (3, 1, "d")),
        (r"four times (?:a |per )?day|four times daily|q\.?i\.?d\.?", (4, 1, "d")),
        (r"once (?:a |per )?week|once weekly|weekly", (1, 1, "wk")),
    ))
_EVERY_HOURS = re.compile(r"^\s*(?:every|q)\s*(\d+)\s*(?:h|hr|hrs|hours?)\s*$", re.I)


@dataclass
class Fixed:
    """One file after fixing: its new text (None when it cannot be read) and what changed."""

    path: Path
    display: str
    text: str | None
    changed: bool
    fixes: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _expand(text: str, width: int) -> tuple[str, list[int]]:
    """``text`` with the tabs in each line's indentation expanded to ``width``-column tab stops,
    and the numbers of the lines changed."""
    lines = text.split("\n")
    changed = []
    for i, line in enumerate(lines):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            lines[i] = indent.expandtabs(width) + line[len(indent):]
            changed.append(i + 1)
    return "\n".join(lines), changed


def _fix_tabs(text: str, display: str, fixes: list[Problem]) -> str:
    """Tabs in indentation as spaces, at the one tab width (2, 4 or 8 columns) under which the
    file reads as YAML, or under which every readable width gives the same data; otherwise the
    text is left as it is (the validator lists each tab)."""
    readings: dict[int, tuple[str, Any]] = {}
    changed: list[int] = []
    for width in (2, 4, 8):
        expanded, changed = _expand(text, width)
        if not changed:
            return text
        try:
            readings[width] = (expanded, yaml.load(expanded, Loader=yaml.CSafeLoader))
        except yaml.YAMLError:
            continue
    if not readings or len({repr(data) for _, data in readings.values()}) != 1:
        return text
    width = min(readings)
    why = ("the only width that reads as YAML" if len(readings) == 1 else
           "every width that reads as YAML gives the same data")
    for line in changed:
        fixes.append(Problem(display, line, 1, "fix", f"tab in the indentation -> spaces "
                             f"(tab stops every {width} columns: {why})", "warning"))
    return readings[width][0]


def _frequency(value: str) -> CommentedMap | None:
    meaning = next((m for pattern, m in _FREQUENCIES if pattern.match(value)), None)
    hours = _EVERY_HOURS.match(value)
    if meaning is None and hours is not None:
        meaning = (1, int(hours.group(1)), "h")
    if meaning is None:
        return None
    out = CommentedMap()
    if meaning[0] != 1:
        out["times"] = meaning[0]
    every = CommentedMap([("value", meaning[1]), ("unit", meaning[2])])
    every.fa.set_flow_style()
    out["every"] = every
    return out


def _number(text: str) -> int | float:
    value = Fraction(text)
    return int(value) if value.denominator == 1 else float(text)


class _Fixer:
    """Walks a ruamel tree, repairing values in place and recording each repair."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.fixes: list[Problem] = []

    def _say(self, node: Any, key: Any, what: str) -> None:
        line, col = 0, 0
        try:
            if isinstance(node, CommentedMap):
                line, col = node.lc.value(key)
            elif isinstance(node, CommentedSeq):
                line, col = node.lc.item(key)
        except (KeyError, IndexError, TypeError):
            line, col = node.lc.line, node.lc.col
        self.fixes.append(Problem(self.display, line + 1, col + 1, "fix", what, "warning"))

    def walk(self, node: Any) -> None:
        if isinstance(node, CommentedMap):
            for key in list(node):
                value = node[key]
                if key == "routes" and isinstance(value, CommentedSeq):
                    self._routes(value)
                elif key == "unit" and isinstance(value, str) and value not in UNITS:
                    code = ALIASES.get(value) or ALIASES.get(value.lower())
                    if code:
                        node[key] = code
                        self._say(node, key, f"unit '{value}' -> '{code}' (UCUM)")
                elif key == "percent" and isinstance(value, str) and _PERCENT.match(value):
                    number = _number(_PERCENT.match(value).group(1))  # type: ignore[union-attr]
                    node[key] = number
                    self._say(node, key, f"percent '{value}' -> {number}")
                elif key == "frequency" and isinstance(value, str) and (freq := _frequency(value)):
                    node[key] = freq
                    times = f"times: {freq['times']}, " if "times" in freq else ""
                    every = f"{freq['every']['value']} {freq['every']['unit']}"
                    self._say(node, key, f"frequency '{value}' -> {times}every: {every}")
                self.walk(node[key])
        elif isinstance(node, CommentedSeq):
            for item in node:
                self.walk(item)

    def _routes(self, routes: CommentedSeq) -> None:
        for i, value in enumerate(routes):
            if not isinstance(value, str) or value in ROUTES:
                continue
            folded = " ".join(value.casefold().split())
            meant = ABBREVIATIONS.get(folded) or (folded if folded in ROUTES else None)
            if meant:
                routes[i] = meant
                self._say(routes, i, f"route '{value}' -> '{meant}'")


def fix_text(text: str, display: str) -> tuple[str, list[Problem]]:
    """The repaired, canonically formatted text and the repairs made; raises FormatError when
    the file cannot be read (the validator says why)."""
    fixes: list[Problem] = []
    text = _fix_tabs(text, display, fixes)
    y = _yaml()
    try:
        tree = y.load(text)
    except Exception as exc:  # ruamel raises many kinds; the validator reports the details
        raise FormatError([Problem(display, 1, 1, "fix", f"cannot read the file to fix it ({type(exc).__name__}); "
                                   "run 'monographs validate' for the problems")]) from None
    fixer = _Fixer(display)
    fixer.walk(tree)
    if fixer.fixes:
        import io

        out = io.StringIO()
        y.dump(tree, out)
        text = out.getvalue()
    return format_text(text, display), sorted(fixes + fixer.fixes, key=lambda p: (p.line, p.col))


def fix_line(p: Problem) -> str:
    """How a repair is reported: ``file:line:col: fix: what changed``."""
    return f"{p.file}:{p.line}:{p.col}: fix: {p.message}"


def fix_file(path: Path) -> Fixed:
    """Fix one file in memory (nothing is written); problems are returned, never raised."""
    display = path.as_posix()
    try:
        original = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Fixed(path, display, None, False, problems=[Problem(display, 1, 1, "fix", f"cannot read: {exc}")])
    try:
        text, fixes = fix_text(original, display)
    except FormatError as exc:
        return Fixed(path, display, None, False, problems=list(exc.problems))
    changed = text != original
    if changed and not fixes:
        fixes = [Problem(display, 1, 1, "fix", "canonical format (key order, quoting, spacing)", "warning")]
    return Fixed(path, display, text, changed, fixes)


def _cmd_fix(args: argparse.Namespace) -> int:
    """0: nothing to fix (or fixed); 1: --check found fixes, or a file could not be read."""
    paths = command_paths(args.paths)
    if paths is None:
        return 2
    files = expand(paths)
    results = list(map_ordered(fix_file, files, args.jobs))
    status = 0
    for r in results:
        for p in r.fixes:
            print(fix_line(p))
        for p in r.problems:
            print(p.text())
        if r.problems:
            status = 1
        elif r.changed and args.check:
            status = 1
        elif r.changed and r.text is not None:
            write_atomic(r.path, r.text)
    changed = sum(r.changed for r in results)
    verb = "would be fixed" if args.check else "fixed"
    print(f"{len(results)} file(s) checked: {changed} {verb}, "
          f"{sum(bool(r.problems) for r in results)} could not be read", file=sys.stderr)
    return status


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``fix [--check] [--jobs N] [PATH...]`` to the ``monographs`` command."""
    p = subparsers.add_parser("fix", help="repair mechanical mistakes (tabs, PO/IV, mcg, 5%%, "
                              "'once daily') and write the canonical format")
    p.add_argument("paths", nargs="*", help="files or folders (default: monographs/)")
    p.add_argument("--check", action="store_true", help="only report; exit 1 when something would change")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")
    p.set_defaults(func=_cmd_fix)
