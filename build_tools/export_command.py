"""``monographs export``: check every monograph, then publish the JSON export unless any has an
error. Each file is checked and exported once per content on every core through the build store
(``build_tools.build.pipeline``); this module only assembles the stored parts, in id order."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from build_tools.api.documents import ExportError
from build_tools.build.pipeline import StoreError, build_files
from build_tools.build.publish import write_export_stream
from build_tools.model.problems import Problem, format_problems, has_errors
from build_tools.plumbing.cmdline import add_store_options, command_paths, store_of


def export_paths(paths: Iterable[Path], out_dir: Path, *, repo_root: Path | None = None,
                 today: dt.date | None = None, store: Path | None = None,
                 jobs: int | None = None) -> list[Problem]:
    """Validate the monographs under ``paths``, then export them unless any has an error.
    ``store`` None uses a temporary store, so nothing is remembered between runs."""
    with ExitStack() as stack:
        if store is None:  # beside the export, never in the system temp folder
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            store = Path(stack.enter_context(tempfile.TemporaryDirectory(
                prefix=f".{out_dir.name}.store-", dir=out_dir.parent)))
        try:
            result = build_files(paths, want=("export",), store=store, today=today, jobs=jobs,
                                 repo_root=repo_root or Path.cwd())
        except StoreError as exc:
            return [Problem(str(store), 1, 1, "export-failed", f"{exc} (--cache DIR), or use --no-cache")]
        problems = result.problems
        if has_errors(problems):
            return problems
        try:
            write_export_stream(result.export_parts(), out_dir)
        except (ExportError, OSError, ValueError) as exc:
            problems.append(Problem(str(out_dir), 1, 1, "export-failed", str(exc)))
    return problems


def _cmd_export(args: argparse.Namespace) -> int:
    """Validate, export unless there are errors, print the problems."""
    paths = command_paths(args.paths)
    if paths is None:
        return 2
    problems = export_paths(paths, Path(args.out), store=store_of(args), jobs=args.jobs)
    if problems:
        print(format_problems(problems, args.format))
    failed = has_errors(problems)
    if args.format == "text":
        print(f"export {'not written' if failed else 'written to ' + args.out}: "
              f"{sum(p.severity == 'error' for p in problems)} error(s)", file=sys.stderr)
    return 1 if failed else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export --out DIR [PATHS...]`` to the ``monographs`` command."""
    p = subparsers.add_parser("export", help="validate, then write the JSON export for apps")
    p.add_argument("paths", nargs="*", help="files or folders (default: monographs/)")
    p.add_argument("--out", required=True, help="export folder, e.g. site/api/v2")
    p.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="how problems are printed")
    add_store_options(p)
    p.set_defaults(func=_cmd_export)
