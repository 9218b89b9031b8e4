"""Raw-text rules: TODO markers (warnings), invisible or direction-changing characters, and tabs
used for indentation."""

from __future__ import annotations

import re
import unicodedata

from build_tools.check.load import Document
from build_tools.check.rules import rule
from build_tools.model.problems import Problem

_TODO = re.compile(r"\bTODO\b")
# Bidi controls (Trojan Source), zero-width characters, soft hyphen, BOM inside the text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u00ad\ufeff\u180e]")


@rule("todo", "TODO markers are listed as warnings until the draft is finished.", scope="text",
      severity="warning")
def todo(doc: Document, problems: list[Problem]) -> None:
    for lineno, line in enumerate(doc.text.splitlines(), start=1):
        for match in _TODO.finditer(line):
            problems.append(Problem(doc.path, lineno, match.start() + 1, "todo",
                                    f"unfinished: {line.strip()[:120]}", "warning"))


@rule("invisible-character", "No zero-width, bidi-control or other invisible characters.",
      scope="text")
def invisible_character(doc: Document, problems: list[Problem]) -> None:
    for lineno, line in enumerate(doc.text.splitlines(), start=1):
        for match in _INVISIBLE.finditer(line):
            ch = match.group()
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            problems.append(Problem(doc.path, lineno, match.start() + 1, "invisible-character",
                                    f"invisible character {name} (U+{ord(ch):04X}); delete it "
                                    "(it can hide or reorder text)"))


@rule("tab-indent", "Lines are indented with spaces: YAML does not allow tabs for indentation.",
      scope="text")
def tab_indent(doc: Document, problems: list[Problem]) -> None:
    for lineno, line in enumerate(doc.text.splitlines(), start=1):
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(doc.path, lineno, indent.index("\t") + 1, "tab-indent",
                                    "a tab indents this line; YAML indents with spaces only: "
                                    "replace the tab with spaces (two per level)"))
