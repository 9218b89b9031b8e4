"""Print a dose calendar from the JSON export: the Python example of docs/api/index.md.

Usage: python example_calendar.py BASE ID START [COUNT]
BASE is the export's address (https://.../api/v2/) or a local copy; START is YYYY-MM-DD.
"""

import calendar
import datetime as dt
import json
import sys
import urllib.request
from pathlib import Path


def fetch(base, name):
    """Read one JSON file of the export, from the web or from a folder."""
    if base.startswith(("https://", "http://")):
        with urllib.request.urlopen(base.rstrip("/") + "/" + name) as response:
            return json.load(response)
    return json.loads(Path(base, name).read_text(encoding="utf-8"))


def shift(when, value, unit):
    """Move forward: mo and a are calendar months and years; s, min, h, d, wk are exact."""
    if unit in ("mo", "a"):
        y, m = divmod(when.month - 1 + int(value * (12 if unit == "a" else 1)), 12)
        year, month = when.year + y, m + 1
        last = calendar.monthrange(year, month)[1]
        return when.replace(year=year, month=month, day=min(when.day, last))
    seconds = {"s": 1, "min": 60, "h": 3600, "d": 86400, "wk": 604800}[unit]
    return when + dt.timedelta(seconds=value * seconds)


def dose_calendar(schedule, start, count):
    """The first `count` doses: fixed day offsets first, then the phases to lay out."""
    doses = [(start + dt.timedelta(seconds=o["seconds"]), o["phase"], o["dose"])
             for o in schedule["day_offsets"]]
    for phase in schedule["continuation"]:
        if "start_seconds" in phase:
            first = start + dt.timedelta(seconds=phase["start_seconds"])
        else:
            first = shift(doses[-1][0], phase["start_after"]["value"], phase["start_after"]["unit"])
        freq = phase.get("frequency")
        total = phase.get("count", 1 if freq is None else None)
        end = shift(first, phase["duration"]["value"], phase["duration"]["unit"]) \
            if "duration" in phase else None
        k = phase["listed_doses"]
        while len(doses) < count and (total is None or k < total):
            when = first if freq is None else shift(
                first, k * freq["every"]["value"] / freq["times"], freq["every"]["unit"])
            if end is not None and when >= end:
                break
            doses.append((when, phase["phase"], k + 1))
            k += 1
    return doses[:count]


def main(base, monograph_id, start, count=8):
    """Check the export is v2, read the monograph, print its first regimen's calendar."""
    meta = fetch(base, "meta.json")
    assert meta["export_format_version"].startswith("2."), "this code reads export format 2.x"
    document = fetch(base, f"monographs/{monograph_id}.json")
    schedule = document["computed"]["schedules"][0]
    print(f"# {document['monograph']['identity']['generic_name']}, regimen {schedule['regimen']}")
    for when, phase, number in dose_calendar(schedule, dt.datetime.fromisoformat(start), count):
        clock = "" if when.time() == dt.time() else f" {when:%H:%M}"
        print(f"{when:%Y-%m-%d}{clock}  {phase} #{number}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], *map(int, sys.argv[4:5]))
