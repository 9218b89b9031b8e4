"""Helpers shared by the ``monographs`` subcommands (validate, fmt, export, ...)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DIR = Path("monographs")
#: Where per-file results are remembered between runs (content-addressed; safe to delete).
DEFAULT_STORE = Path(".cache/monographs")


def command_paths(given: Sequence[str]) -> list[Path] | None:
    """The files or folders a command was given (default: monographs/), or None after saying
    which do not exist (the caller then exits with status 2)."""
    paths = [Path(p) for p in given] or [DEFAULT_DIR]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"monographs: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return None
    return paths
