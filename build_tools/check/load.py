"""Strict YAML loading: bytes -> plain JSON-like data, with every value's line and column.

Why not ``yaml.safe_load``: PyYAML speaks YAML 1.1, so ``no`` becomes False, ``1:30`` becomes 90,
``012`` becomes 10 and dates become objects; duplicate keys silently keep the last value; and
deep nesting can crash the C composer. Here libyaml's C parser only produces *events*; this module
builds the data from them with its own, stricter scalar rules (a YAML 1.2 core subset), so that
nothing is coerced and every ambiguity is an error with a location.
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools.model.problems import Problem

try:  # libyaml's C parser: about 8x faster than the pure-Python one.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - exercised only where libyaml is missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: True when libyaml's C parser is in use (a test fails otherwise: the fallback is 8x slower).
C_PARSER = _Loader.__name__ == "CSafeLoader"

#: Limits that bound the work any one file can cause (documented in the README).
MAX_BYTES = 1_048_576
MAX_DEPTH = 64
MAX_NODES = 200_000

Path_ = tuple[str | int, ...]
JSON = Any

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_YAML11_BOOL = frozenset(
    "y Y yes Yes YES n N no No NO on On ON off Off OFF".split()
)
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+(?:\.[0-9_]*)?\Z")
_RADIX = re.compile(r"[-+]?0[xXoObB][0-9a-fA-F_]+\Z")
_UNDERSCORE_NUM = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?\Z")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)\Z")
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class Document:
    """A loaded file: its data plus where each value (and each mapping key) stands."""

    path: str
    data: dict[str, JSON] | None
    text: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    """SHA-256 of the file's bytes as read (the export publishes it; serve re-renders on change)."""

    def slim(self, keep: Iterable[Path_]) -> None:
        """Free the text, data and position maps once checked, keeping only the positions
        corpus-wide rules still need (10,000 monographs would otherwise hold gigabytes)."""
        kept = {p: self.positions[p] for p in keep if p in self.positions}
        self.text, self.data = "", None
        self.positions, self.key_positions = kept, {}

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its nearest ancestor.

        With ``key=True`` the mapping key's own position is preferred (for unknown keys).
        """
        if key and path in self.key_positions:
            return self.key_positions[path]
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))


class _LoadError(Exception):
    """Stops loading a file; carries the problem to report."""

    def __init__(self, line: int, col: int, rule: str, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.rule, self.message = line, col, rule, message


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _resolve_plain(value: str, line: int, col: int) -> JSON:
    """Type an unquoted scalar by strict rules; anything a reader could misread is an error."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value in _YAML11_BOOL:
        raise _LoadError(
            line, col, "yaml-ambiguous",
            f"'{value}' is read as true/false by some YAML readers and as text by others; "
            f"write true or false, or quote it (\"{value}\") if you mean the text",
        )
    if _INT.match(value):
        return int(value)
    if _SPECIAL_FLOAT.match(value):
        raise _LoadError(
            line, col, "yaml-ambiguous",
            f"'{value}' (not-a-number or infinity) is not allowed; write a finite number",
        )
    if _LEADING_ZERO.match(value) or _RADIX.match(value):
        raise _LoadError(
            line, col, "yaml-ambiguous",
            f"'{value}' may be read as an octal, hexadecimal or binary number; write the "
            f"decimal number without leading zeros, or quote it (\"{value}\") if it is a code",
        )
    if _SEXAGESIMAL.match(value):
        raise _LoadError(
            line, col, "yaml-ambiguous",
            f"'{value}' is read as a base-60 number by YAML 1.1 readers (1:30 becomes 90); "
            f"quote it (\"{value}\") or write the quantity as a number with a unit",
        )
    if _FLOAT.match(value):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            raise _LoadError(line, col, "yaml-ambiguous", f"'{value}' is too large a number")
        return number
    if "_" in value and _UNDERSCORE_NUM.match(value):
        raise _LoadError(
            line, col, "yaml-ambiguous",
            f"'{value}' is read as a number by YAML 1.1 readers and as text by others; "
            "write the number without underscores, or quote it",
        )
    return value


class _Builder:
    """Builds data from a libyaml event stream with an explicit stack (no recursion)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.anchors: dict[str, tuple[JSON, int]] = {}
        self.nodes = 0

    def report(self, err: _LoadError) -> None:
        """Record a problem that does not stop reading, so one run lists them all."""
        self.doc.problems.append(
            Problem(self.doc.path, err.line, err.col, err.rule, err.message)
        )

    def _count(self, n: int, line: int, col: int) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise _LoadError(
                line, col, "yaml-limits",
                f"the file holds more than {MAX_NODES} values (a huge list, or aliases that "
                "multiply); "
                "write the data out plainly",
            )

    def build(self, events: Iterator[Any]) -> JSON:
        # Stack frames: [container, path, pending_key, pending_key_pos, anchor, kind]
        stack: list[list[Any]] = []
        documents = 0
        root: JSON = None
        have_root = False

        def attach(value: JSON, pos: tuple[int, int], size: int) -> None:
            nonlocal root, have_root
            if not stack:
                root, have_root = value, True
                self.doc.positions[()] = pos
                return
            frame = stack[-1]
            container, path = frame[0], frame[1]
            if isinstance(container, list):
                sub = (*path, len(container))
                container.append(value)
                self.doc.positions[sub] = pos
                return
            if frame[2] is _NO_KEY:
                if not isinstance(value, str):
                    kind = (
                        "a mapping or list" if isinstance(value, (dict, list))
                        else "true/false" if isinstance(value, bool)
                        else "empty" if value is None else "a number"
                    )
                    self.report(_LoadError(
                        *pos, "yaml-key",
                        f"a key must be a name, but this key is {kind}; quote it if it is a name",
                    ))
                    frame[2] = _DISCARD
                    return
                if value == "<<":
                    self.report(_LoadError(
                        *pos, "yaml-merge-key",
                        "merge keys ('<<') are not allowed; write the keys out in full",
                    ))
                    frame[2] = _DISCARD
                    return
                if value in container:
                    first = self.doc.key_positions.get((*path, value), (0, 0))
                    self.report(_LoadError(
                        *pos, "yaml-duplicate-key",
                        f"key '{value}' appears twice in this mapping (first at line {first[0]}); "
                        "remove or merge one of them",
                    ))
                    frame[2] = _DISCARD
                    return
                frame[2] = value
                frame[3] = pos
                self.doc.key_positions[(*path, value)] = pos
                return
            key = frame[2]
            frame[2] = _NO_KEY
            if key is _DISCARD:
                return
            container[key] = value
            self.doc.positions[(*path, key)] = pos

        def child_path() -> Path_:
            if not stack:
                return ()
            frame = stack[-1]
            container, path = frame[0], frame[1]
            if isinstance(container, list):
                return (*path, len(container))
            if frame[2] is _NO_KEY:
                return (*path, "<key>")
            return (*path, frame[2])

        for event in events:
            etype = type(event)
            if etype is yaml.ScalarEvent:
                line, col = _mark(event.start_mark)
                self._count(1, line, col)
                tag = event.tag
                value: JSON = event.value
                if tag is not None and tag != "!" and tag != _STR_TAG:
                    self.report(_LoadError(
                        line, col, "yaml-tag",
                        f"the tag '{_short(tag)}' is not allowed; monographs hold plain data only "
                        "(remove the tag)",
                    ))
                elif not event.style and tag is None:
                    try:
                        value = _resolve_plain(event.value, line, col)
                    except _LoadError as err:
                        self.report(err)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                attach(value, (line, col), 1)
            elif etype is yaml.MappingStartEvent or etype is yaml.SequenceStartEvent:
                line, col = _mark(event.start_mark)
                self._count(1, line, col)
                if event.tag is not None and event.tag != "!" and not event.tag.endswith(
                    (":map", ":seq")
                ):
                    self.report(_LoadError(
                        line, col, "yaml-tag",
                        f"the tag '{_short(event.tag)}' is not allowed; monographs hold plain data only "
                        "(remove the tag)",
                    ))
                if len(stack) >= MAX_DEPTH:
                    raise _LoadError(
                        line, col, "yaml-limits",
                        f"nesting is deeper than {MAX_DEPTH} levels; flatten the data",
                    )
                container: dict[str, JSON] | list[JSON] = (
                    {} if etype is yaml.MappingStartEvent else []
                )
                path = child_path()
                stack.append([container, path, _NO_KEY, None, event.anchor, (line, col)])
            elif etype is yaml.MappingEndEvent or etype is yaml.SequenceEndEvent:
                frame = stack.pop()
                container, anchor, pos = frame[0], frame[4], frame[5]
                if anchor is not None:
                    self.anchors[anchor] = (container, self.nodes)
                attach(container, pos, 0)
            elif etype is yaml.AliasEvent:
                line, col = _mark(event.start_mark)
                if event.anchor not in self.anchors:
                    raise _LoadError(line, col, "yaml-syntax", f"unknown alias '*{event.anchor}'")
                value, _ = self.anchors[event.anchor]
                copied, size = _copy(value)
                self._count(size, line, col)
                attach(copied, (line, col), size)
            elif etype is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line, col = _mark(event.start_mark)
                    raise _LoadError(
                        line, col, "yaml-multiple-documents",
                        "a monograph file holds exactly one YAML document; remove the extra "
                        "'---' and what follows, or move it to its own file",
                    )
        if not have_root or root is None:
            raise _LoadError(
                1, 1, "yaml-empty",
                "the file holds no data; a monograph is a mapping that starts with 'id:'",
            )
        return root


_NO_KEY = object()
_DISCARD = object()


def _copy(value: JSON) -> tuple[JSON, int]:
    """Deep-copy an anchored value for an alias, counting the values it expands to."""
    if isinstance(value, dict):
        out: dict[str, JSON] = {}
        total = 1
        for k, v in value.items():
            out[k], n = _copy(v)
            total += n
        return out, total
    if isinstance(value, list):
        items = []
        total = 1
        for v in value:
            c, n = _copy(v)
            items.append(c)
            total += n
        return items, total
    return value, 1


#: At most this many invalid byte sequences are listed per file (a binary file has thousands).
MAX_BAD_BYTES = 100


def _invalid_utf8(raw: bytes) -> list[tuple[int, int, int]]:
    """Every invalid UTF-8 sequence as (line, column, first byte), columns counted in
    characters; empty when the bytes are valid UTF-8."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    while len(out) < MAX_BAD_BYTES:
        try:
            raw[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            start = pos + exc.start
            line_start = raw.rfind(b"\n", 0, start) + 1
            col = len(raw[line_start:start].decode("utf-8", "replace")) + 1
            out.append((raw.count(b"\n", 0, start) + 1, col, raw[start]))
            pos += exc.end
    return out


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _LoadError(
            line, col, "yaml-encoding",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8 "
            "(legacy 8-bit encodings such as Latin-1 or Windows-1252 are not accepted)",
        ) from None


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise _LoadError(
            1, 1, "yaml-limits",
            f"the file is {size} bytes, over the {MAX_BYTES}-byte limit; split or trim it",
        )


def load_bytes(raw: bytes, path: str) -> Document:
    """Load one monograph file's bytes; problems are returned on the document, never raised."""
    doc = Document(path=path, data=None, text="", sha256=hashlib.sha256(raw).hexdigest())
    try:
        _check_size(len(raw))
        body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
        bad = _invalid_utf8(body)
        if bad:  # every bad sequence at once, so one save fixes them all
            doc.problems += [Problem(path, line, col, "yaml-encoding",
                                     f"byte 0x{byte:02x} is not valid UTF-8; save the file as UTF-8 "
                                     "(legacy 8-bit encodings such as Latin-1 or Windows-1252 are "
                                     "not accepted)") for line, col, byte in bad]
            return doc
        doc.text = _decode(raw)
        if "\x00" in doc.text:
            raise _LoadError(1, 1, "yaml-encoding", "the file contains a NUL character")
        root = _Builder(doc).build(yaml.parse(doc.text, Loader=_Loader))
        if not isinstance(root, dict):
            raise _LoadError(
                *doc.positions.get((), (1, 1)), "yaml-top-level",
                f"the top level must be a mapping of keys (id:, identity:, ...), not "
                f"{'a list' if isinstance(root, list) else 'a single value'}",
            )
        doc.data = None if doc.problems else root
    except _LoadError as err:
        doc.data = None
        doc.problems.append(Problem(path, err.line, err.col, err.rule, err.message))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = _mark(mark)
        what = err.problem or str(err)
        context = f" ({err.context})" if err.context else ""
        lines = doc.text.splitlines()
        if 0 < line <= len(lines) and lines[line - 1][col - 1:col] == "\t":
            what, context = ("a tab character here; YAML indents with spaces only, so replace "
                             "each tab with spaces (rule tab-indent lists every such line)"), ""
        doc.data = None
        doc.problems.append(
            Problem(path, line, col, "yaml-syntax", f"YAML syntax error: {what}{context}")
        )
    except yaml.reader.ReaderError as err:  # a control character the YAML reader refuses
        pos = min(err.position, len(doc.text))
        line = doc.text.count("\n", 0, pos) + 1
        col = pos - (doc.text.rfind("\n", 0, pos) + 1) + 1
        char = err.character if isinstance(err.character, str) else chr(err.character)
        doc.data = None
        doc.problems.append(Problem(
            path, line, col, "yaml-encoding",
            f"control character U+{ord(char):04X} is not allowed in YAML; delete it",
        ))
    except yaml.YAMLError as err:  # anything else the parser reports
        mark = getattr(err, "problem_mark", None)
        line, col = _mark(mark)
        doc.data = None
        doc.problems.append(Problem(path, line, col, "yaml-syntax", f"YAML error: {err}"))
    return doc


def load_file(path: Path, display: str | None = None) -> Document:
    """Read and load a file; an unreadable file is a problem, not an exception."""
    name = display or str(path)
    try:
        if path.is_symlink():  # named, never followed: a link can point outside the repository
            return _failed(name, _LoadError(1, 1, "file-link", "this is a symbolic link; a "
                           "monograph must be the file itself: replace the link with the file"))
        if not stat.S_ISREG(path.lstat().st_mode):
            return _failed(name, _LoadError(1, 1, "file-special", "this is not a regular file "
                           "(a pipe, socket or device); give the path of a .yaml file"))
        size = path.stat().st_size
        if size > MAX_BYTES:  # refuse before reading a huge file into memory
            return _failed(name, _LoadError(1, 1, "yaml-limits", f"the file is {size} bytes, "
                           f"over the {MAX_BYTES}-byte limit; split or trim it"))
        raw = path.read_bytes()
    except OSError as exc:
        return _failed(name, _LoadError(1, 1, "file-unreadable",
                                        f"cannot read the file: {exc.strerror}"))
    return load_bytes(raw, name)


def _failed(name: str, err: _LoadError) -> Document:
    doc = Document(path=name, data=None, text="")
    doc.problems.append(Problem(name, err.line, err.col, err.rule, err.message))
    return doc


def _short(tag: str) -> str:
    """Show a YAML core tag the way it is written (``!!binary``), not as a full URI."""
    return tag.replace("tag:yaml.org,2002:", "!!")
