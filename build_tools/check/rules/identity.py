"""Identity rules: the id names the file, and names are free of look-alike characters."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

from build_tools.check.rules import FileContext, rule
from build_tools.model import SLUG_PATTERN

_SLUG = re.compile(SLUG_PATTERN)


@rule("id-file-name", "The id equals the file name (without .yaml) and is a safe slug.")
def id_file_name(ctx: FileContext) -> None:
    stem = PurePath(ctx.doc.path).name
    stem = stem[: -len(".yaml")] if stem.endswith(".yaml") else stem
    if not _SLUG.match(stem):
        ctx.report(("id",), "id-file-name",
                   f"the file name '{stem}' is not a safe slug; rename the file to "
                   f"'{ctx.model.id}.yaml'")
    elif ctx.model.id != stem:
        ctx.report(("id",), "id-file-name",
                   f"id '{ctx.model.id}' does not match the file name '{stem}.yaml'; make them "
                   "equal (rename the file or change the id)")


def scripts_of(text: str) -> set[str]:
    """The Unicode scripts of the letters in ``text`` (LATIN, CYRILLIC, GREEK, ...)."""
    scripts = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            scripts.add(name.split(" ")[0] if name else "UNKNOWN")
    return scripts


@rule("mixed-script", "Generic, brand and synonym names use one script (no look-alike letters).")
def mixed_script(ctx: FileContext) -> None:
    ident = ctx.model.identity
    names: list[tuple[tuple[str | int, ...], str]] = [(("identity", "generic_name"), ident.generic_name)]
    names += [(("identity", "brands", i, "name"), b.name) for i, b in enumerate(ident.brands)]
    names += [(("identity", "synonyms", i), s) for i, s in enumerate(ident.synonyms)]
    for path, name in names:
        scripts = scripts_of(name)
        if len(scripts) > 1:
            ctx.report(path, "mixed-script",
                       f"'{name}' mixes letters from {', '.join(sorted(scripts))} scripts, which "
                       "can hide a look-alike name; retype it in one script")
