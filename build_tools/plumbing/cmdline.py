"""Helpers shared by the ``monographs`` subcommands (validate, fmt, export, ...)."""

from __future__ import annotations

import argparse
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


def add_store_options(p: argparse.ArgumentParser) -> None:
    """``--jobs``, ``--cache`` and ``--no-cache``, for the commands that run the build pipeline."""
    p.add_argument("--jobs", type=int, help="worker processes (default: one per CPU core)")
    p.add_argument("--cache", default=str(DEFAULT_STORE),
                   help=f"folder remembering unchanged files' results (default: {DEFAULT_STORE})")
    p.add_argument("--no-cache", action="store_true", help="check every file afresh, store nothing")


def store_of(args: argparse.Namespace) -> Path | None:
    """The store folder the command line asked for (None: ``--no-cache``)."""
    return None if args.no_cache else Path(args.cache)
