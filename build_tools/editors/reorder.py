"""Key reordering for ``fmt``: each mapping's keys in the models' order, with every full-line
comment moved along with the key it precedes and trailing comments kept at the end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from build_tools.model import Monograph
from build_tools.model.tree import child_model, field_order

_COMMENT_LINE = re.compile(r"\s*(#.*)?\Z")


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
            child = child_model(model, key) if model is not None and isinstance(key, str) else None
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


def reorder(root: Any, source: list[str]) -> None:
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


def comment_texts(tree: Any) -> Counter[str]:
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


def missing_comments(expected: Counter[str], text: str) -> list[str]:
    """Comments from ``expected`` that do not end any line of ``text`` as often as they should."""
    lines = [line.strip() for line in text.split("\n")]
    return [comment for comment, count in expected.items()
            if sum(line == comment or line.endswith(" " + comment) for line in lines) < count]
