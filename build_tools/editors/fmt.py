"""Canonical formatting of monograph YAML: model key order, 2-space indentation, safe quoting.

``monographs fmt`` rewrites files so that every monograph looks the same: keys in the order of the
model fields (a class's own fields first, then those it inherits, so ``regions`` and ``cite`` come
last), mappings indented by 2 and list items indented under their key, strings quoted only when
some YAML reader (1.1, 1.2 or our strict loader) could read them as something else, and a final
newline. Comments, flow/block style, block scalars (``>-``) and anchors are kept.

It never changes a value: the result is loaded again with the strict loader and compared with the
original data; a difference is reported as a problem and the file is left as it was.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from build_tools.check.load import load_bytes
from build_tools.check.validate import expand
from build_tools.editors.reorder import comment_texts, missing_comments, reorder
from build_tools.model.problems import Problem, format_problems
from build_tools.plumbing.cmdline import command_paths
from build_tools.plumbing.files import write_file_atomic
from build_tools.plumbing.parallel import map_ordered

_STR = "tag:yaml.org,2002:str"
#: Characters a plain scalar may not start with (YAML indicators), quoted even where optional.
_LEADING_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}")
_COMMENT_LINE = re.compile(r"\s*(#.*)?\Z")


class FormatError(ValueError):
    """The text cannot be formatted; ``problems`` says why (invalid YAML, or a value would change)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.text() for p in problems))
        self.problems = problems


# ---------------------------------------------------------------------------------------------
# Quoting
# ---------------------------------------------------------------------------------------------

_R11 = VersionedResolver(version=(1, 1))
_R12 = VersionedResolver(version=(1, 2))
_PYYAML = pyyaml.resolver.Resolver()


def _printable(ch: str) -> bool:
    """True for characters a YAML emitter may write unescaped."""
    return ("\x20" <= ch <= "\x7e") or ("\xa0" <= ch <= "\ud7ff") or (
        "\ue000" <= ch <= "\ufffd" and ch != "\ufeff") or ch >= "\U00010000"


@functools.lru_cache(maxsize=65536)
def _read_as_other(value: str) -> bool:
    """True when a YAML 1.1 or 1.2 reader, or the strict loader, types the plain text as non-text."""
    for resolver in (_R11, _R12):
        if resolver.resolve(ScalarNode, value, (True, False)) != _STR:
            return True
    if _PYYAML.resolve(pyyaml.ScalarNode, value, (True, False)) != _STR:  # type: ignore[no-untyped-call]
        return True
    doc = load_bytes(f"v: {value}\n".encode(), "<quote-check>")
    return doc.data != {"v": value}


def needs_quotes(value: str, flow: bool = False) -> bool:
    """True when the string must be quoted: as plain text it would be misread or is not allowed."""
    if value == "" or value != value.strip(" ") or value[0] in _LEADING_INDICATORS:
        return True
    if not all(_printable(ch) for ch in value):  # also line breaks and tabs
        return True
    if ": " in value or " #" in value or value.endswith(":") or value.startswith("..."):
        return True
    if flow and (any(ch in _FLOW_INDICATORS for ch in value) or "?" in value or ":" in value):
        return True  # "given?}" or "a:}" in a flow mapping: some YAML readers stop at ? or :
    return _read_as_other(value)


# ---------------------------------------------------------------------------------------------
# Round-trip YAML
# ---------------------------------------------------------------------------------------------


class _Constructor(RoundTripConstructor):
    """Reads plain dates as text, as the strict loader does (``2026-02-30`` must not crash)."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def float_text(value: float) -> str:
    """A float's shortest exact text, readable as a float by YAML 1.1, 1.2 and the strict loader.

    Very large and very small numbers keep scientific notation (``1.1e+14`` vector genomes, not
    ``110000000000000.0``), so the readable form an editor wrote is the canonical one.
    """
    value = float(value)
    text = repr(value)
    if value != 0 and (abs(value) >= 1e7 or abs(value) < 1e-4):
        text = next(t for t in (f"{value:.{p}e}" for p in range(17)) if float(t) == value)
    if "e" not in text:
        return text
    # YAML 1.1 needs a decimal point and a signed exponent (1.0e+20).
    mantissa, exponent = text.split("e")
    if "." not in mantissa:
        mantissa += ".0"
    sign = "-" if exponent.startswith("-") else "+"
    return f"{mantissa}e{sign}{int(exponent.lstrip('+-'))}"


class _Representer(RoundTripRepresenter):
    """Writes every float in its canonical spelling (``float_text``)."""

    def represent_canonical_float(self, data: float) -> ScalarNode:
        """A float node with the canonical spelling."""
        node: ScalarNode = self.represent_scalar("tag:yaml.org,2002:float", float_text(data))
        return node


_Representer.add_representer(float, _Representer.represent_canonical_float)
_Representer.add_representer(ScalarFloat, _Representer.represent_canonical_float)


def _yaml() -> YAML:
    """A round-trip reader/writer with the canonical layout."""
    y = YAML(typ="rt")
    y.Constructor = _Constructor
    y.Representer = _Representer
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 1 << 30  # never re-wrap long lines; folded scalars keep their own line breaks
    y.preserve_quotes = False
    y.allow_unicode = True
    return y


def _anchored(value: Any) -> bool:
    """True for a scalar that carries an anchor (``&name``), which must be written as it is."""
    anchor = getattr(value, "anchor", None)
    return bool(getattr(anchor, "value", None))


def _canonical_scalar(current: Any, strict: Any, flow: bool) -> Any:
    """The value to write for one scalar: the strict loader's value, in its canonical style."""
    if _anchored(current):
        return current
    if isinstance(strict, str):
        if isinstance(current, (LiteralScalarString, FoldedScalarString)) and str(current) == strict:
            return current
        return DoubleQuotedScalarString(strict) if needs_quotes(strict, flow) else strict
    if type(current) is type(strict) and current == strict:
        return current
    if isinstance(strict, bool):
        return current if isinstance(current, bool) and current == strict else strict
    if isinstance(strict, int):
        return current if isinstance(current, int) and not isinstance(current, bool) and current == strict else strict
    if isinstance(strict, float):
        return current if isinstance(current, float) and current == strict else strict
    return strict


def _mismatch(path: str) -> FormatError:
    """The error for output that would not load to the same data (the safety net)."""
    return FormatError([Problem(path, 1, 1, "fmt", "the formatter and the strict loader read this "
                                "file differently; it was left unchanged (please report this)")])


def _canonicalize(node: Any, strict: Any, flow: bool, seen: set[int], path: str) -> None:
    """Give every scalar and key the strict loader's value and the canonical quoting, in place."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CommentedMap):
        if not isinstance(strict, dict) or len(strict) != len(node):
            raise _mismatch(path)
        flow = flow or bool(node.fa.flow_style())
        for key, (skey, svalue) in zip(list(node.keys()), list(strict.items()), strict=True):
            value = node[key]
            if isinstance(value, (CommentedMap, CommentedSeq)):
                _canonicalize(value, svalue, flow, seen, path)
            else:
                node[key] = _canonical_scalar(value, svalue, flow)
            new_key = _canonical_scalar(key, skey, flow)
            if new_key is not key and (type(new_key) is not type(key) or new_key != key):
                _rename_key(node, key, new_key)
    elif isinstance(node, CommentedSeq):
        if not isinstance(strict, list) or len(strict) != len(node):
            raise _mismatch(path)
        flow = flow or bool(node.fa.flow_style())
        for i, svalue in enumerate(strict):
            value = node[i]
            if isinstance(value, (CommentedMap, CommentedSeq)):
                _canonicalize(value, svalue, flow, seen, path)
            else:
                node[i] = _canonical_scalar(value, svalue, flow)
    else:
        raise _mismatch(path)


def _rename_key(node: CommentedMap, old: Any, new: Any) -> None:
    """Replace a key (e.g. a date typed by the YAML 1.2 reader) by its text, keeping its place."""
    position = list(node.keys()).index(old)
    comment = node.ca.items.pop(old, None)
    value = node[old]
    del node[old]
    node.insert(position, new, value)
    if comment is not None:
        node.ca.items[new] = comment


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    """Equal data, types included (1, 1.0 and true differ), key order ignored."""
    return json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True,
                                                                           ensure_ascii=False)


def format_text(text: str, path: str = "<text>") -> str:
    """The canonical form of a monograph's YAML text; raises FormatError when it cannot be read."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        raise FormatError([Problem(path, 1, 1, "yaml-encoding",
                                   "the text contains characters that cannot be saved as UTF-8")]) from None
    before = load_bytes(raw, path)
    if before.data is None:
        raise FormatError(before.problems)
    source = before.text.replace("\r\n", "\n").replace("\r", "\n")
    y = _yaml()
    try:
        tree = y.load(source)
        comments = comment_texts(tree)
        _canonicalize(tree, before.data, False, set(), path)
        reorder(tree, source.split("\n"))
        out = io.StringIO()
        y.dump(tree, out)
    except FormatError:
        raise
    except (YAMLError, ValueError, TypeError, KeyError, AttributeError) as exc:
        # libyaml (the strict loader) accepted the file but ruamel's reader did not: rare corners
        # such as tabs between tokens. Report it in one line, where ruamel stopped.
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise FormatError([Problem(path, line, col, "fmt", f"the formatter cannot read this ({what}); "
                                   "the file was left unchanged (tabs between values? use spaces)")]) from None
    result = out.getvalue()
    if not result.endswith("\n"):
        result += "\n"
    after = load_bytes(result.encode("utf-8"), path)
    if after.data is None or not _same(before.data, after.data):
        raise _mismatch(path)
    lost = missing_comments(comments, result)
    if lost:
        raise FormatError([Problem(path, 1, 1, "fmt", f"formatting would lose the comment "
                                   f"'{lost[0]}' (comments inside [...] or {{...}} cannot be "
                                   "kept); move it to its own line above the key, then run fmt again")])
    return result


# ---------------------------------------------------------------------------------------------
# Files and the command line
# ---------------------------------------------------------------------------------------------


@dataclass
class FormatResult:
    """One file after formatting: its canonical text (None if unreadable) and whether it differs."""

    path: Path
    text: str | None
    changed: bool
    problems: list[Problem] = field(default_factory=list)
    first_difference: int = 1


def format_file(path: Path, display: str | None = None) -> FormatResult:
    """Format one file in memory (nothing is written); problems are returned, never raised."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return FormatResult(path, None, False,
                            [Problem(name, 1, 1, "file-unreadable", f"cannot read the file: {exc.strerror}")])
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return FormatResult(path, None, False, load_bytes(raw, name).problems)
    try:
        text = format_text(decoded, name)
    except FormatError as err:
        return FormatResult(path, None, False, err.problems)
    changed = text.encode("utf-8") != raw
    first = 1
    if changed:
        old_lines, new_lines = decoded.lstrip("\ufeff").splitlines(), text.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), 1) if a != b),
                     min(len(old_lines), len(new_lines)) + 1)
    return FormatResult(path, text, changed, first_difference=first)


def write_atomic(path: Path, text: str) -> None:
    """Replace a monograph's text in one step (a reader never sees half a file); keeps its mode."""
    try:
        mode: int | None = path.stat().st_mode & 0o7777
    except OSError:
        mode = None
    write_file_atomic(path, text.encode("utf-8"), mode=mode, durable=True)


def _cmd_fmt(args: argparse.Namespace) -> int:
    """Run ``monographs fmt``: 0 when all is canonical (or was rewritten), 1 otherwise, 2 for usage."""
    paths = command_paths(args.paths)
    if paths is None:
        return 2
    problems: list[Problem] = []
    changed = unreadable = 0
    files = expand(paths)
    for path, result in zip(files, map_ordered(format_file, files, args.jobs), strict=True):
        problems += result.problems
        unreadable += bool(result.problems)
        if not result.changed or result.text is None:
            continue
        changed += 1
        if args.check:
            problems.append(Problem(str(path), result.first_difference, 1, "fmt",
                                    "not in canonical form (key order, quoting or layout); "
                                    f"run: monographs fmt {path}"))
        else:
            try:
                write_atomic(path, result.text)
            except OSError as exc:
                problems.append(Problem(str(path), 1, 1, "file-unwritable",
                                        f"cannot write the file: {exc.strerror}"))
                continue
            print(f"formatted {path}")
    if problems:
        print(format_problems(problems, "text"))
    verb = "would be reformatted" if args.check else "reformatted"
    print(f"{len(files)} file(s) checked: {changed} {verb}, {unreadable} could not be formatted",
          file=sys.stderr)
    return 1 if problems else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``fmt [--check] [PATH...]`` to the ``monographs`` command."""
    p = subparsers.add_parser("fmt", help="rewrite monographs in canonical form (key order, quoting)")
    p.add_argument("paths", nargs="*", help="files or folders (default: monographs/)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; name each file that would change and exit 1")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")
    p.set_defaults(func=_cmd_fmt)
