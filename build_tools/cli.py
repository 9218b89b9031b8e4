"""The ``monographs`` command: validate, schedule, schema, new, fmt, diff and export.

Exit status: 0 when clean, 1 when a monograph has an error, 2 for a wrong command line.
No input file can make it print a traceback: bad data is reported as file:line:col problems.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from build_tools.model.problems import format_problems, has_errors
from build_tools.plumbing.cmdline import DEFAULT_DIR, add_store_options, command_paths, store_of


def _cmd_validate(args: argparse.Namespace) -> int:
    from build_tools.build.pipeline import build_files

    paths = command_paths(args.paths)
    if paths is None:
        return 2
    corpus = build_files(paths, store=store_of(args), jobs=args.jobs)
    problems = corpus.problems
    if problems:
        print(format_problems(problems, args.format))
    elif args.format == "json":
        print("[]")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if args.format == "text":
        unchanged = f" ({corpus.hits} unchanged since the last run)" if corpus.hits else ""
        print(f"{len(corpus.files)} file(s) checked{unchanged}: {errors} error(s), "
              f"{warnings} warning(s)", file=sys.stderr)
    return 1 if has_errors(problems) else 0


def _cmd_schedule(args: argparse.Namespace) -> int:
    from build_tools.check.validate import check_file
    from build_tools.compute.schedule import ScheduleError, dose_calendar

    path = Path(args.dir) / f"{args.id}.yaml"
    if not path.exists():
        print(f"monographs: no monograph '{args.id}' ({path} does not exist)", file=sys.stderr)
        return 2
    checked = check_file(path)
    if checked.model is None:
        print(format_problems(checked.problems, "text"))
        return 1
    regimens = checked.model.dosing
    if args.regimen:
        regimens = [r for r in regimens if r.id == args.regimen]
        if not regimens:
            known = ", ".join(r.id for r in checked.model.dosing)
            print(f"monographs: no regimen '{args.regimen}' (known: {known})", file=sys.stderr)
            return 2
    if not regimens:
        print(f"monographs: '{args.id}' has no dosing regimens", file=sys.stderr)
        return 1
    regimen = regimens[0]
    try:
        start = dt.datetime.fromisoformat(args.start)
    except ValueError:
        print(f"monographs: --start must be YYYY-MM-DD (or YYYY-MM-DDTHH:MM), not '{args.start}'",
              file=sys.stderr)
        return 2
    try:
        doses = dose_calendar(regimen, start, args.count)
    except ScheduleError as exc:
        print(f"monographs: {exc}", file=sys.stderr)
        return 1
    whole_days = all(d.when.time() == start.time() for d in doses)
    print(f"# {checked.model.identity.generic_name}: regimen '{regimen.id}' "
          f"({regimen.population.group}, {', '.join(regimen.routes)}); calendar months for 'mo'")
    for dose in doses:
        when = dose.when.date().isoformat() if whole_days else dose.when.isoformat(timespec="minutes")
        day = (dose.when - start).total_seconds() / 86400
        print(f"{when}  day {day:g}  {dose.phase} #{dose.number}")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from build_tools.model.schema_gen import SCHEMA_PATH, schema_text, write_schema

    if args.check:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != schema_text():
            print(f"{SCHEMA_PATH} is out of date with build_tools/models.py; run: monographs schema",
                  file=sys.stderr)
            return 1
        return 0
    print(("wrote " if write_schema() else "unchanged ") + str(SCHEMA_PATH))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = argparse.ArgumentParser(
        prog="monographs", description="Validate, schedule and publish drug monographs."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check monographs; print every problem as file:line:col")
    p.add_argument("paths", nargs="*", help="files or folders (default: monographs/)")
    p.add_argument("--format", choices=["text", "json", "github"], default="text")
    add_store_options(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("schedule", help="print the dose calendar of a monograph's regimen")
    p.add_argument("id", help="monograph id, e.g. nusinersen")
    p.add_argument("--start", required=True, help="first dose date, YYYY-MM-DD")
    p.add_argument("--count", type=int, default=8, help="number of doses to list (default 8)")
    p.add_argument("--regimen", help="regimen id (default: the first)")
    p.add_argument("--dir", default=str(DEFAULT_DIR), help="monograph folder")
    p.set_defaults(func=_cmd_schedule)

    p = sub.add_parser("schema", help="write schema/monograph.schema.json from the models")
    p.add_argument("--check", action="store_true", help="exit 1 if the committed schema is stale")
    p.set_defaults(func=_cmd_schema)

    # Editor and publishing commands live beside the code they drive.
    from build_tools import export_command
    from build_tools.editors import audit, clinical_diff, fix, fmt, migrate, review_gate, scaffold

    for module in (scaffold, fmt, fix, migrate, clinical_diff, review_gate, audit, export_command):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``monographs`` console script."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
