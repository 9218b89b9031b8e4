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
import inspect
import io
import json
import re
import sys
import types
import typing
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import yaml as pyyaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from build_tools.check.load import load_bytes
from build_tools.check.validate import expand
from build_tools.model import Monograph
from build_tools.model.problems import Problem, format_problems
from build_tools.plumbing.cmdline import command_paths
from build_tools.plumbing.files import write_file_atomic

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
# Key order from the models
# ---------------------------------------------------------------------------------------------


@functools.cache
def field_order(model: type[BaseModel]) -> tuple[str, ...]:
    """Canonical key order of a model: its own fields as declared, then each base class's fields."""
    order: list[str] = []
    for cls in model.__mro__:
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        declared = inspect.get_annotations(cls)  # this class's own fields, in declaration order
        order += [name for name in declared if name in model.model_fields and name not in order]
    order += [name for name in model.model_fields if name not in order]
    return tuple(order)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation (through Optional, Annotated and list), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, list, typing.Annotated):
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


@functools.cache
def _child_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model class of a field's value (or of its list items), if it is a model."""
    info = model.model_fields.get(name)
    return None if info is None else _model_in(info.annotation)


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
    if flow and any(ch in _FLOW_INDICATORS for ch in value):
        return True
    return _read_as_other(value)


# ---------------------------------------------------------------------------------------------
# Round-trip YAML
# ---------------------------------------------------------------------------------------------


class _Constructor(RoundTripConstructor):
    """Reads plain dates as text, as the strict loader does (``2026-02-30`` must not crash)."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def float_text(value: float) -> str:
    """A float's shortest exact text, readable as a float by YAML 1.1, 1.2 and the strict loader."""
    # repr reads back exactly; YAML 1.1 needs a decimal point and a signed exponent (1.0e+20).
    text = repr(float(value))
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    if "." not in mantissa:
        mantissa += ".0"
    if exponent[0] not in "+-":
        exponent = "+" + exponent
    return f"{mantissa}e{exponent}"


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
# Key reordering (and moving full-line comments with the key they precede)
# ---------------------------------------------------------------------------------------------


def _desired(node: CommentedMap, model: type[BaseModel] | None) -> list[Any]:
    """A mapping's keys in canonical order: model fields first, unknown keys after, as found."""
    keys = list(node.keys())
    if model is None:
        return keys
    order = field_order(model)
    known = sorted((k for k in keys if k in order), key=order.index)
    return known + [k for k in keys if k not in order]


def _maps_with_models(node: Any, model: type[BaseModel] | None,
                      seen: set[int]) -> Iterator[tuple[CommentedMap, type[BaseModel] | None]]:
    """Every mapping in the tree (once, even if aliased) with the model that describes it."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CommentedMap):
        yield node, model
        for key, value in node.items():
            child = _child_model(model, key) if model is not None and isinstance(key, str) else None
            yield from _maps_with_models(value, child, seen)
    elif isinstance(node, CommentedSeq):
        for item in node:
            yield from _maps_with_models(item, model, seen)


@dataclass
class _Anchor:
    """A place a full-line comment can precede: a mapping key or a list item in block style."""

    line: int
    col: int
    container: CommentedMap | CommentedSeq
    key: Any


@dataclass
class _Comments:
    """Full-line comments and blank lines lifted out of ruamel's storage, by source line."""

    lines: dict[int, str] = field(default_factory=dict)
    ok: bool = True


def _all_tokens(node: Any, seen: set[int]) -> Iterator[tuple[Any, int | str, CommentToken]]:
    """Every comment token in the tree with the slot holding it: (holder, index, token)."""
    if id(node) in seen or not isinstance(node, (CommentedMap, CommentedSeq)):
        return
    seen.add(id(node))
    ca = node.ca
    if ca.comment:
        for i, entry in enumerate(ca.comment):
            yield from _tokens_in(ca.comment, i, entry)
    for slot in ca.items.values():
        for i, entry in enumerate(slot):
            yield from _tokens_in(slot, i, entry)
    end = getattr(ca, "end", None)
    if end:
        yield from _tokens_in(ca, "end", end)
    children = node.values() if isinstance(node, CommentedMap) else node
    for child in children:
        yield from _all_tokens(child, seen)


def _tokens_in(holder: Any, index: int | str, entry: Any) -> Iterator[tuple[Any, int | str, CommentToken]]:
    """The comment tokens in one slot (a token, or a list of tokens)."""
    if isinstance(entry, CommentToken):
        yield holder, index, entry
    elif isinstance(entry, list):
        for token in entry:
            if isinstance(token, CommentToken):
                yield entry, -1, token


def _lift_comments(root: Any, source: list[str]) -> _Comments:
    """Take full-line comments out of the tokens (end-of-line comments stay with their value)."""
    lifted = _Comments()
    plans: list[tuple[CommentToken, str | None]] = []
    seen: set[int] = set()
    for _holder, _index, token in list(_all_tokens(root, set())):
        if id(token) in seen:
            continue
        seen.add(id(token))
        mark = token.start_mark
        if mark is None or not hasattr(mark, "line"):
            return _Comments(ok=False)
        line, col = mark.line, mark.column
        parts = token.value.split("\n")
        if parts and parts[-1] == "":
            parts.pop()
        # A token's first line is the end-of-line comment of a value, unless it starts the line.
        first_is_eol = bool(parts) and parts[0] != "" and line < len(source) \
            and source[line][:col].strip() != ""
        eol = parts[0] if first_is_eol else None
        rest = parts[1:] if (first_is_eol or (parts and parts[0] == "")) else parts
        number = line + 1 if first_is_eol else line
        for text in rest:  # each full line must be found where the token says it is
            if number >= len(source) or source[number].strip() != text.strip() \
                    or not _COMMENT_LINE.match(source[number]):
                return _Comments(ok=False)
            lifted.lines[number] = text.strip()
            number += 1
        plans.append((token, eol))
    emptied: set[int] = set()
    for token, eol in plans:
        if eol is None:
            emptied.add(id(token))
        else:
            token.value = eol + "\n"
    for holder, index, token in list(_all_tokens(root, set())):
        if id(token) not in emptied:
            continue
        if isinstance(holder, list) and index == -1:
            holder[:] = [t for t in holder if id(t) not in emptied]
        elif index == "end":
            holder.end = [t for t in holder.end if id(t) not in emptied]
        else:
            holder[index] = None
    _drop_empty_lists(root, set())
    return lifted


def _drop_empty_lists(node: Any, seen: set[int]) -> None:
    """Remove comment slots left empty after lifting, so ruamel writes nothing for them."""
    if id(node) in seen or not isinstance(node, (CommentedMap, CommentedSeq)):
        return
    seen.add(id(node))
    ca = node.ca
    if ca.comment:
        ca.comment = [None if isinstance(c, list) and not c else c for c in ca.comment]
        if all(c is None for c in ca.comment):
            ca.comment = None
    for key in list(ca.items):
        slot = [None if isinstance(c, list) and not c else c for c in ca.items[key]]
        if all(c is None for c in slot):
            del ca.items[key]
        else:
            ca.items[key] = slot
    for child in (node.values() if isinstance(node, CommentedMap) else node):
        _drop_empty_lists(child, seen)


def _anchors(node: Any, col: int, flow: bool, seen: set[int], out: list[_Anchor]) -> None:
    """Block-style keys and list items: source line, and the column they are written at."""
    if id(node) in seen or not isinstance(node, (CommentedMap, CommentedSeq)):
        return
    seen.add(id(node))
    flow = flow or bool(node.fa.flow_style())
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            if not flow:
                out.append(_Anchor(node.lc.key(key)[0], col, node, key))
            _anchors(value, col + 2, flow, seen, out)
    else:
        for i, value in enumerate(node):
            if not flow:
                out.append(_Anchor(node.lc.item(i)[0], col, node, i))
            _anchors(value, col + 2, flow, seen, out)


def _add_before(container: CommentedMap | CommentedSeq, key: Any, col: int, texts: list[str]) -> None:
    """Write comment lines (or blank lines) just above a key or list item, at its column."""
    slot = container.ca.items.setdefault(key, [None, None, None, None])
    while len(slot) < 4:
        slot.append(None)
    before = [CommentToken(f"{t}\n", CommentMark(col if t else 0)) for t in texts]
    slot[1] = before + (slot[1] or [])


def _attach_comments(root: Any, lifted: _Comments, first_key: Any) -> list[str]:
    """Put each lifted comment block above the key it preceded; return those after the last value."""
    # Comments above the first key are the file's header (the yaml-language-server line): they
    # stay at the top, above whichever key comes first once the keys are sorted.
    anchors: list[_Anchor] = []
    _anchors(root, 0, False, set(), anchors)
    first_on_line: dict[int, _Anchor] = {}
    for anchor in anchors:  # document order: a list item comes before its mapping's first key
        first_on_line.setdefault(anchor.line, anchor)
    starts = sorted(first_on_line)
    header: list[str] = []
    trailing: list[str] = []
    pending: dict[int, list[str]] = {}
    for number in sorted(lifted.lines):
        target = next((s for s in starts if s > number), None)
        if target is None:
            trailing.append(lifted.lines[number])
        elif target == starts[0]:
            header.append(lifted.lines[number])
        else:
            pending.setdefault(target, []).append(lifted.lines[number])
    for target, texts in pending.items():
        anchor = first_on_line[target]
        _add_before(anchor.container, anchor.key, anchor.col, texts)
    if header and isinstance(root, CommentedMap):
        _add_before(root, first_key, 0, header)
    return trailing


def _attach_trailing(root: Any, texts: list[str]) -> None:
    """Comments after the last value: attach them after the last scalar written."""
    node, key = root, None
    while True:
        if isinstance(node, CommentedMap) and len(node):
            key = list(node.keys())[-1]
            value = node[key]
        elif isinstance(node, CommentedSeq) and len(node):
            key = len(node) - 1
            value = node[key]
        else:
            return
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
            node = value
            continue
        break
    slot = node.ca.items.setdefault(key, [None, None, None, None])
    where = 2 if isinstance(node, CommentedMap) else 0
    existing = slot[where]
    body = "".join(f"{t}\n" for t in texts)
    if isinstance(existing, CommentToken):
        slot[where] = CommentToken(existing.value + body, existing.start_mark)
    else:  # a block scalar ends with its own line break
        head = "" if isinstance(value, (LiteralScalarString, FoldedScalarString)) else "\n"
        slot[where] = CommentToken(head + body, CommentMark(0))


def _reorder(root: Any, source: list[str]) -> None:
    """Sort every mapping's keys into model order, moving full-line comments with their key."""
    plan = [(node, desired) for node, model in _maps_with_models(root, Monograph, set())
            if (desired := _desired(node, model)) != list(node.keys())]
    if not plan:
        return
    lifted = _lift_comments(root, source)
    trailing: list[str] = []
    if lifted.ok and isinstance(root, CommentedMap):
        trailing = _attach_comments(root, lifted, _desired(root, Monograph)[0])
    for node, desired in plan:
        for key in desired:
            node.move_to_end(key)
    if trailing:
        _attach_trailing(root, trailing)


def _comment_texts(tree: Any) -> Counter[str]:
    """The comments held in a ruamel tree, as a multiset of stripped texts."""
    counts: Counter[str] = Counter()
    seen: set[int] = set()
    for _holder, _index, token in _all_tokens(tree, set()):
        if id(token) in seen:
            continue
        seen.add(id(token))
        for line in token.value.split("\n"):
            if line.strip().startswith("#"):
                counts[line.strip()] += 1
    return counts


def _missing_comments(expected: Counter[str], text: str) -> list[str]:
    """Comments from ``expected`` that do not end any line of ``text`` as often as they should."""
    lines = [line.strip() for line in text.split("\n")]
    return [comment for comment, count in expected.items()
            if sum(line == comment or line.endswith(" " + comment) for line in lines) < count]


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
        comments = _comment_texts(tree)
        _canonicalize(tree, before.data, False, set(), path)
        _reorder(tree, source.split("\n"))
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
    lost = _missing_comments(comments, result)
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
    for path in files:
        result = format_file(path)
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
    p.set_defaults(func=_cmd_fmt)
