"""The JSON export for apps: a static, versioned API written deterministically and atomically.

Layout of ``out_dir`` (the site build uses ``site/api/v1``)::

    index.json               every monograph: names, categories, routes, review, source + SHA-256
    monographs/<id>.json     one monograph ("monograph") plus values computed from it ("computed")
    monographs.ndjson        the same documents, one compact line each, sorted by id
    fhir/<id>.json           an HL7 FHIR R5 Bundle (lossy view, see docs/api/fhir.md)
    schema/                  monograph.schema.json and export.schema.json
    meta.json                versions and counts; no wall-clock time

Every file is canonical JSON (sorted keys, integral floats as integers, UTF-8, final newline), so
two exports of the same data are byte-identical. Everything is written into a temporary sibling
folder and checked against the export schema; only then is it swapped in with one rename, so an
app never sees a half-written export and a failed export leaves the previous one untouched.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import types
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import orjson
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from pydantic import BaseModel
from referencing import Registry, Resource

from build_tools.api import fhir
from build_tools.api.fhir import duration_text, json_number, number_text
from build_tools.check.rules import collect
from build_tools.check.rules.quantities import band_for
from build_tools.check.validate import Corpus
from build_tools.compute.schedule import fixed_day_offsets
from build_tools.model import (
    SCHEMA_VERSION,
    SLUG_PATTERN,
    Duration,
    Monograph,
    Phase,
    Quantity,
    QuantityRange,
    Regimen,
)
from build_tools.model.problems import has_errors
from build_tools.model.schema_gen import SCHEMA_PATH
from build_tools.model.units import kind_of
from build_tools.plumbing.files import link_or_copy, swap_in_folder
from build_tools.plumbing.parallel import map_ordered

#: Version of the export's file layout and computed values (semantic versioning, docs/api/).
EXPORT_FORMAT_VERSION = "1.0.0"
EXPORT_SCHEMA_PATH = SCHEMA_PATH.parent / "export.schema.json"
EXPORT_SCHEMA_ID = "https://drug-monographs.example.org/schema/v1/export.schema.json"
#: Most day offsets listed per phase; the rest of a longer phase is described, not listed.
OFFSET_LIMIT = 100

JSON = Any
_CALENDAR_UNITS = frozenset({"mo", "a"})
_SECONDS = {"s": 1, "min": 60, "h": 3600, "d": 86400, "wk": 604800}


class ExportError(Exception):
    """The export was refused or failed; the previous export (if any) is left as it was."""


@dataclass(frozen=True)
class SourceFile:
    """Where a monograph's YAML file is, relative to the repository root, and its SHA-256."""

    path: str
    sha256: str


#: The keys of ``MonographExport.counts``, summed into meta.json.
COUNT_KEYS = ("monographs", "regimens", "adverse_reactions", "fhir_resources")


@dataclass(frozen=True)
class MonographExport:
    """Everything the export writes for one monograph, ready to assemble; plain strings and JSON
    values, so it can come back from a worker process or an on-disk cache."""

    id: str
    document: bytes
    """The compact JSON line of monographs/<id>.json (UTF-8), ending in a newline (also its
    NDJSON line)."""
    fhir: bytes
    """The FHIR bundle file's UTF-8 text, ending in a newline."""
    index_entry: dict[str, JSON]
    """Its entry in index.json."""
    counts: dict[str, int]
    """Its share of the meta.json counts (one per ``COUNT_KEYS``)."""

    def stored_files(self) -> tuple[bytes, bytes, bytes]:
        """The part as the build store keeps it, three files: a one-line JSON header (id, index
        entry, counts, and the SHA-256 of the other two), the document and the FHIR bundle. The
        export takes the last two by hard link (``StoredPart``), never reading them as text."""
        document, bundle = self.document, self.fhir
        header = json.dumps({"id": self.id, "index_entry": self.index_entry, "counts": self.counts,
                             "document_sha256": hashlib.sha256(document).hexdigest(),
                             "fhir_sha256": hashlib.sha256(bundle).hexdigest()},
                            sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return (header + "\n").encode("utf-8"), document, bundle


_STORED_KEYS = ("counts", "document_sha256", "fhir_sha256", "id", "index_entry")


@dataclass(frozen=True)
class StoredPart:
    """A part read back from the build store: its header's fields, the document's bytes (for the
    bulk file) and where its document and FHIR files are, to be linked into the export."""

    id: str
    index_entry: dict[str, JSON]
    counts: dict[str, int]
    document_bytes: bytes
    document: Path
    fhir: Path

    @classmethod
    def read(cls, header: Path, document: Path, fhir: Path) -> StoredPart:
        """Read and check a stored part; ValueError when it is not one or a file no longer has
        the bytes it was stored with (a linked export file edited in place edits the store's)."""
        head = json.loads(header.read_bytes())
        if not isinstance(head, dict) or sorted(head) != list(_STORED_KEYS):
            raise ValueError(f"not a stored monograph export: expected the keys {', '.join(_STORED_KEYS)}")
        if not (isinstance(head["id"], str) and isinstance(head["index_entry"], dict)
                and isinstance(head["counts"], dict)
                and all(type(n) is int for n in head["counts"].values())):
            raise ValueError(f"not a stored monograph export: {head['id']!r} has fields of the wrong type")
        document_bytes = document.read_bytes()
        for path, data, key in ((document, document_bytes, "document_sha256"),
                                (fhir, fhir.read_bytes(), "fhir_sha256")):
            if (hashlib.sha256(data).hexdigest() != head[key] or not data.startswith(b"{")
                    or not data.endswith(b"}\n") or data.count(b"\n") != 1):
                raise ValueError(f"not a stored monograph export: {path} is not the one-line JSON "
                                 "file it was stored as")
        return cls(id=head["id"], index_entry=head["index_entry"], counts=head["counts"],
                   document_bytes=document_bytes, document=document, fhir=fhir)


# ---------------------------------------------------------------------------------------------
# Canonical JSON
# ---------------------------------------------------------------------------------------------


def canonical(value: JSON) -> JSON:
    """A copy with integral floats as ints (12.0 -> 12, -0.0 -> 0); NaN and infinity refused."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be exported: JSON has no NaN or infinity")
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value


#: Sorted keys; dates and dataclasses refused as the standard library refuses them.
_ORJSON = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _encode(value: JSON, compact: bool) -> bytes:
    """UTF-8 JSON with sorted keys, compact or indented by 2. orjson is ~5x the standard
    encoder (a third of the export's time); it writes NaN and infinity as null, which
    ``dumps_bytes`` catches."""
    return orjson.dumps(value, option=_ORJSON if compact else _ORJSON | orjson.OPT_INDENT_2)


def _encode_wide(value: JSON, compact: bool) -> bytes:
    """The standard library's encoder, for integers beyond 64 bits (which orjson refuses)."""
    if compact:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False,
                          separators=(",", ":"))
    else:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False, indent=2)
    return text.encode("utf-8")


def _maybe_integral_float(text: bytes) -> bool:
    """True when JSON text may hold an integral float ("12.0", "-0.0", "1e+16"); text inside
    strings can also match, which only costs the slow path. Two scans of the text."""
    at = text.find(b".0")
    while at != -1:
        if text[at + 2:at + 3] in (b"", b",", b"]", b"}", b"\n"):
            return True
        at = text.find(b".0", at + 2)
    return b"e+" in text


def dumps_bytes(value: JSON, *, compact: bool = False, made_canonical: bool = False) -> bytes:
    """Canonical JSON as UTF-8: sorted keys, no NaN; indented (ending in a newline) unless
    compact. ``canonical`` copies the value only when the direct text may need it: an integral
    float, a null (NaN or infinity, which it refuses) or keys that are not strings.

    ``made_canonical``: the value was built canonical (a validated monograph's export: finite
    numbers, integral ones as ints, which the tests hold every exported file to), so its text is
    not searched for what would need ``canonical``; those searches were ~8% of the export."""
    try:
        text = _encode(value, compact)
    except TypeError:  # keys that are not strings: canonical makes them strings
        text = b""
    if not text or (not made_canonical and (b"null" in text or _maybe_integral_float(text))):
        value = canonical(value)
        try:
            text = _encode(value, compact)
        except TypeError:
            text = _encode_wide(value, compact)
    return text if compact else text + b"\n"


def dumps(value: JSON, *, compact: bool = False) -> str:
    """``dumps_bytes`` as text."""
    return dumps_bytes(value, compact=compact).decode("utf-8")


def _members(annotation: Any) -> frozenset[Any]:
    """The types a field's value, or each item of a list, can have (``object``: unknown)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _members(args[0])
    if origin is Literal:
        return frozenset(type(a) for a in args)
    if origin in (Union, types.UnionType, list):
        return frozenset().union(*map(_members, args))
    return frozenset({annotation if origin is None and isinstance(annotation, type) else object})


def _is_model(member: Any) -> bool:
    """True for a pydantic model class."""
    return isinstance(member, type) and issubclass(member, BaseModel)


def _can_hold(member: Any, wanted: Callable[[Any], bool], seen: frozenset[Any] = frozenset()) -> bool:
    """True when a value of type ``member`` is, or holds at some depth, a wanted type."""
    if wanted(member) or member is object:
        return True
    if not _is_model(member) or member in seen:
        return False
    return any(_can_hold(m, wanted, seen | {member})
               for field in member.model_fields.values() for m in _members(field.annotation))


@cache
def _float_fields(model: type[BaseModel]) -> tuple[tuple[str, type[BaseModel] | None], ...]:
    """The fields of a model that can hold a float at some depth, each with the one model class
    its dumped dicts are (None: unknown, look at every key)."""
    plan = []
    for name, field in model.model_fields.items():
        members = _members(field.annotation)
        if any(_can_hold(m, lambda t: t is float) for m in members):
            models = [m for m in members if _is_model(m) and _can_hold(m, lambda t: t is float)]
            plan.append((name, models[0] if len(models) == 1 and object not in members else None))
    return tuple(plan)


def _ints_for_floats(value: JSON, model: type[BaseModel] | None) -> JSON:
    """``value`` (a fresh dump of a ``model``) with integral floats as ints, in place, visiting only
    fields that can hold a float; one it misses costs ``dumps`` its slow path, never a wrong byte."""
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is list:
        for i, item in enumerate(value):
            value[i] = _ints_for_floats(item, model)
    elif kind is dict:
        if model is None:
            for key, item in value.items():
                value[key] = _ints_for_floats(item, None)
        else:
            for key, sub in _float_fields(model):
                if key in value:
                    value[key] = _ints_for_floats(value[key], sub)
    return value


def json_dump(model: BaseModel) -> dict[str, JSON]:
    """A model as the export writes it: JSON values, no None, integral floats as ints."""
    dumped: dict[str, JSON] = _ints_for_floats(model.model_dump(mode="json", exclude_none=True),
                                               type(model))
    return dumped


def pointer(path: Iterable[str | int]) -> str:
    """The RFC 6901 JSON Pointer of a model path (field names and list indexes)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


# ---------------------------------------------------------------------------------------------
# Computed values: schedules
# ---------------------------------------------------------------------------------------------


def _exact_seconds(duration: Duration) -> Fraction | None:
    """A duration in seconds, or None for calendar months and years."""
    if duration.unit in _CALENDAR_UNITS:
        return None
    return Fraction(str(duration.value)) * _SECONDS[duration.unit]


def _open_ended(phase: Phase) -> bool:
    """True when a phase has neither a dose count nor a duration."""
    return phase.count is None and phase.duration is None


def phase_dose_count(phase: Phase) -> int | None:
    """Doses in a phase, or None when it never ends or its length depends on the calendar."""
    freq = phase.frequency
    if freq is None:
        return 1
    if _open_ended(phase):
        return None
    step = _exact_seconds(freq.every)
    length = _exact_seconds(phase.duration) if phase.duration else None
    if phase.duration is not None and (step is None or length is None):
        return None
    if length is None or step is None:
        return phase.count
    if step == 0:  # "every 0 d" has no end by length; only a count could end it
        return None
    by_length = math.ceil(length / (step / freq.times))
    return by_length if phase.count is None else min(phase.count, by_length)


def describe_phase(phase: Phase, listed: int, start_day: float | None) -> str:
    """A phase in words, for the doses an app must compute itself."""
    parts = []
    if start_day is not None:
        parts.append(f"first dose on day {number_text(start_day)}")
    elif phase.start_after is not None:
        parts.append(f"first dose {duration_text(phase.start_after)} after the previous dose")
    freq = phase.frequency
    if freq is None:
        parts.append("a single dose")
    else:
        how = f"every {duration_text(freq.every)}"
        if freq.times > 1:
            how = f"{freq.times} doses {how}"
        if freq.every_up_to is not None:
            how += f" to {duration_text(freq.every_up_to)}"
        parts.append(f"then {how}{' as needed' if freq.as_needed else ''}")
    if phase.count is not None:
        parts.append(f"{phase.count} dose{'' if phase.count == 1 else 's'} in all")
    if phase.duration is not None:
        parts.append(f"for {duration_text(phase.duration)}")
    if _open_ended(phase) and freq is not None:
        parts.append("with no set end")
    if listed:
        parts.append(f"the first {listed} listed in day_offsets")
    return f"{phase.id} ({phase.kind}): " + ", ".join(parts)


def _continuation(phase: Phase, path: tuple[str | int, ...], listed: int,
                  first: dict[str, JSON] | None) -> dict[str, JSON]:
    """A phase (or its remainder) that day offsets do not cover."""
    units = [d.unit for d in (phase.start_after, phase.duration) if d is not None]
    if phase.frequency is not None:
        units.append(phase.frequency.every.unit)
    entry: dict[str, JSON] = {
        "path": pointer(path),
        "phase": phase.id,
        "kind": phase.kind,
        "listed_doses": listed,
        "open_ended": _open_ended(phase) and phase.frequency is not None,
        "calendar_units": any(u in _CALENDAR_UNITS for u in units),
        "description": describe_phase(phase, listed, first["day"] if first else None),
    }
    if first is not None:
        entry["start_day"], entry["start_seconds"] = first["day"], first["seconds"]
    optional = {"start_after": phase.start_after, "frequency": phase.frequency,
                "duration": phase.duration}
    for key, value in optional.items():
        if value is not None:
            entry[key] = json_dump(value)
    if phase.count is not None:
        entry["count"] = phase.count
    return entry


def _exact_number(x: Fraction) -> int | float:
    """An exact fraction as a JSON number (an int when integral)."""
    return x.numerator if x.denominator == 1 else float(x)


def _timed(phase: Phase, offsets: list[dict[str, Any]], start: Fraction | None
           ) -> tuple[list[dict[str, JSON]], Fraction | None]:
    """A phase's listed doses with exact offsets in seconds, and the last one's offset."""
    # Only doses whose day agrees with the schedule rules are kept: a listing built on a wrong
    # earlier dose is dropped, and those doses are described in the continuation instead.
    freq = phase.frequency
    every = _exact_seconds(freq.every) if freq is not None else Fraction(0)
    step = every / freq.times if freq is not None and every is not None else every
    out: list[dict[str, JSON]] = []
    last = None
    for o in offsets:
        if start is None or (step is None and o["dose"] != 1):
            break
        seconds = start + (o["dose"] - 1) * (step or Fraction(0))
        if o["dose"] != len(out) + 1 or abs(float(seconds) / 86400 - o["day"]) > 1e-6:
            break
        out.append({**o, "seconds": _exact_number(seconds)})
        last = seconds
    return out, last


def schedule_summary(regimen: Regimen, path: tuple[str | int, ...]) -> dict[str, JSON]:
    """Calendar-free day offsets of a regimen's doses, then the phases an app must lay out."""
    offsets: list[dict[str, Any]] = fixed_day_offsets(regimen, OFFSET_LIMIT)
    listed: list[dict[str, JSON]] = []
    rest: list[dict[str, JSON]] = []
    pos = 0
    start: Fraction | None = Fraction(0)
    last: Fraction | None = None
    for i, phase in enumerate(regimen.phases):
        mine = []
        while pos < len(offsets) and offsets[pos]["phase"] == phase.id:
            mine.append(offsets[pos])
            pos += 1
        here = (*path, "phases", i)
        if rest:
            rest.append(_continuation(phase, here, 0, None))
        else:
            if i > 0:
                gap = _exact_seconds(phase.start_after) if phase.start_after else None
                start = last + gap if last is not None and gap is not None else None
            total = phase_dose_count(phase)
            timed, end = _timed(phase, mine[:total] if total is not None else mine, start)
            last = end if timed else last
            listed += timed
            if total is None or len(timed) < total:
                first = timed[0] if timed else ({"day": 0, "seconds": 0} if i == 0 else None)
                rest.append(_continuation(phase, here, len(timed), first))
        if _open_ended(phase):
            break
    return {"path": pointer(path), "regimen": regimen.id, "day_offsets": listed,
            "continuation": rest, "complete": not rest}


# ---------------------------------------------------------------------------------------------
# Computed values: adverse reaction bands and normalised quantities
# ---------------------------------------------------------------------------------------------


def adverse_reaction_bands(monograph: Monograph) -> list[dict[str, JSON]]:
    """Each adverse reaction's frequency band, derived from its percentage when it has one."""
    out = []
    for i, reaction in enumerate(monograph.adverse_reactions):
        derived = reaction.percent is not None
        band = band_for(reaction.percent) if reaction.percent is not None else reaction.band
        out.append({"path": f"/adverse_reactions/{i}", "term": reaction.term,
                    "band": band, "basis": "percent" if derived else "stated"})
    return out


def _ends(node: Quantity | QuantityRange | Duration) -> dict[str, Fraction]:
    """The numbers of a quantity (value) or range (low, high) as exact fractions."""
    if isinstance(node, QuantityRange):
        ends = {"low": node.low, "high": node.high}
        return {k: Fraction(str(v)) for k, v in ends.items() if v is not None}
    return {"value": Fraction(str(node.value))}


def _decimal(x: Fraction) -> bool:
    """True when x is a decimal with at most 6 places (so it converts without rounding)."""
    return (x * 10**6).denominator == 1


def _as_numbers(ends: dict[str, Fraction]) -> dict[str, float]:
    """Fractions as JSON numbers (floats, integral ones as ints), end by end."""
    return {k: json_number(float(v)) for k, v in ends.items()}


def _temperature(unit: str, ends: dict[str, Fraction]) -> dict[str, dict[str, float]]:
    """Both scales: Celsius to Fahrenheit is exact; Fahrenheit to Celsius is rounded to 0.01."""
    if unit == "Cel":
        return {"Cel": _as_numbers(ends),
                "[degF]": _as_numbers({k: v * Fraction(9, 5) + 32 for k, v in ends.items()})}
    return {"[degF]": _as_numbers(ends),
            "Cel": {k: json_number(round(float((v - 32) * Fraction(5, 9)), 2))
                    for k, v in ends.items()}}


def _time(unit: str, ends: dict[str, Fraction]) -> dict[str, dict[str, float]]:
    """The written unit, plus hours and days where the conversion is exact."""
    out = {unit: _as_numbers(ends)}
    if unit in _CALENDAR_UNITS:
        return out
    for target in ("h", "d"):
        converted = {k: v * _SECONDS[unit] / _SECONDS[target] for k, v in ends.items()}
        if all(_decimal(v) for v in converted.values()):
            out[target] = _as_numbers(converted)
    return out


_UNIT_NODES = (Quantity, QuantityRange, Duration)


@cache
def _unit_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that can hold a quantity, range or duration at some depth."""
    def wanted(t: Any) -> bool:
        return _is_model(t) and issubclass(t, _UNIT_NODES)
    return tuple(name for name, field in model.model_fields.items()
                 if any(_can_hold(m, wanted) for m in _members(field.annotation)))


def _unit_nodes(root: BaseModel) -> list[tuple[tuple[str | int, ...], Any]]:
    """Quantities, ranges and durations under ``root`` in document order, entering only the
    fields that can hold one: ~10x faster than the full walk the lint rules need."""
    return [(path, node) for path, node in collect(root, _unit_fields)
            if isinstance(node, _UNIT_NODES)]


def normalised_quantities(monograph: Monograph) -> list[dict[str, JSON]]:
    """Every temperature in Cel and [degF], and every time in hours and days where exact."""
    out = []
    for path, node in _unit_nodes(monograph):
        kind = kind_of(node.unit)
        if kind in ("celsius", "fahrenheit"):
            values, name = _temperature(node.unit, _ends(node)), "temperature"
        elif kind == "time":
            values, name = _time(node.unit, _ends(node)), "time"
        else:
            continue
        out.append({"path": pointer(path), "kind": name, "unit": node.unit, "as": values})
    return out


def computed_values(monograph: Monograph) -> dict[str, JSON]:
    """Values derived from a monograph for apps; never a second copy of what it states."""
    return {
        "schedules": [schedule_summary(r, ("dosing", i)) for i, r in enumerate(monograph.dosing)],
        "adverse_reactions": adverse_reaction_bands(monograph),
        "quantities": normalised_quantities(monograph),
    }


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


def routes_of(monograph: Monograph) -> list[str]:
    """Every route of the monograph's dosage forms and regimens, sorted."""
    routes = {r for form in monograph.dosage_forms for r in form.routes}
    routes |= {r for regimen in monograph.dosing for r in regimen.routes}
    return sorted(routes)


def index_entry(monograph: Monograph, source: SourceFile) -> dict[str, JSON]:
    """One monograph's line in index.json."""
    ident = monograph.identity
    return {
        "id": monograph.id,
        "generic_name": ident.generic_name,
        "brands": [{"name": b.name, "regions": list(b.regions)} for b in ident.brands],
        "categories": list(ident.categories),
        "routes": routes_of(monograph),
        "review_status": monograph.review.status,
        "last_updated": monograph.review.last_updated.isoformat(),
        "source": {"path": source.path, "sha256": source.sha256},
        "links": {"json": f"monographs/{monograph.id}.json", "fhir": f"fhir/{monograph.id}.json"},
    }


def monograph_document(monograph: Monograph, source: SourceFile) -> dict[str, JSON]:
    """The per-monograph file: the whole monograph and, apart from it, the computed values."""
    return {
        "export_format_version": EXPORT_FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "id": monograph.id,
        "source": {"path": source.path, "sha256": source.sha256},
        "monograph": json_dump(monograph),
        "computed": computed_values(monograph),
    }


def dataset_fields(entries: Sequence[dict[str, JSON]]) -> dict[str, str]:
    """Dataset version (newest last-updated date) and a digest that changes with any source byte."""
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(f"{entry['id']}\t{entry['source']['sha256']}\n".encode())
    newest = max((e["last_updated"] for e in entries), default="")
    return {"dataset_version": newest or "empty", "dataset_digest": digest.hexdigest()}


def index_document(entries: Sequence[dict[str, JSON]]) -> dict[str, JSON]:
    """index.json: versions and every monograph's entry, sorted by id."""
    return {
        "export_format_version": EXPORT_FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        **dataset_fields(entries),
        "count": len(entries),
        "monographs": list(entries),
    }


def meta_document(entries: Sequence[dict[str, JSON]], counts: dict[str, int],
                  files: dict[str, dict[str, JSON]]) -> dict[str, JSON]:
    """meta.json: versions, counts and the digests of the bulk files; no wall-clock time."""
    return {
        "export_format_version": EXPORT_FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        **dataset_fields(entries),
        "counts": counts,
        "files": files,
    }


# ---------------------------------------------------------------------------------------------
# Validation against the published schemas
# ---------------------------------------------------------------------------------------------


def _inlined(node: JSON, resolver: Any, depth: int = 0) -> JSON:
    """A schema with every ``$ref`` replaced by what it points to. jsonschema resolves a
    reference on each use, which was half the time of checking an index entry; the export
    schemas have no recursive reference (a depth limit says so if one appears). ``resolver``:
    a ``referencing`` resolver (its class is not public)."""
    if depth > 64:
        raise ValueError("the export schema refers to itself: it cannot be inlined")
    if isinstance(node, list):
        return [_inlined(item, resolver, depth) for item in node]
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("$ref"), str):
        found = resolver.lookup(node["$ref"])
        target = _inlined(found.contents, found.resolver, depth + 1)
        rest = _inlined({k: v for k, v in node.items() if k != "$ref"}, resolver, depth)
        return {"allOf": [target], **rest} if rest else target
    return {key: _inlined(value, resolver, depth) for key, value in node.items()}


@lru_cache(maxsize=1)
def _validators() -> dict[str, Draft202012Validator]:
    """Validators for index, index entry, monograph file and meta, with format checks on."""
    monograph_schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    export_schema = json.loads(EXPORT_SCHEMA_PATH.read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resources([
        (monograph_schema["$id"], Resource.from_contents(monograph_schema)),
        (export_schema["$id"], Resource.from_contents(export_schema)),
    ])
    resolver = registry.resolver(base_uri=EXPORT_SCHEMA_ID)
    checker = FormatChecker()
    return {
        kind: Draft202012Validator(_inlined(export_schema["$defs"][kind], resolver),
                                   format_checker=checker)
        for kind in ("index", "indexEntry", "monographFile", "meta")
    }


def schema_errors(kind: str, document: JSON) -> list[str]:
    """Where and why a document breaks the export schema (kind: index, indexEntry,
    monographFile, meta)."""
    validator = _validators()[kind]
    if validator.is_valid(document):  # the common case, without building error objects
        return []
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    return [f"{pointer(e.absolute_path) or '/'}: {e.message[:300]}" for e in errors]


def _checked_text(kind: str, name: str, document: JSON) -> tuple[str, JSON]:
    """Serialise a document, parse it back as an app will and check it; returns both."""
    text = dumps(document)
    parsed = json.loads(text)
    errors = schema_errors(kind, parsed)
    if errors:
        raise ExportError(f"{name} does not match the export schema: " + "; ".join(errors[:5]))
    return text, parsed


def _check_entry(entry: dict[str, JSON], part_id: str) -> None:
    """Check one monograph's index entry against the export schema. Entries hold only strings,
    lists and objects, which JSON gives back unchanged, so the dict is what an app parses."""
    errors = schema_errors("indexEntry", entry)
    if errors:
        raise ExportError(f"index.json: the entry of {part_id} does not match the export schema: "
                          + "; ".join(errors[:5]))


def _index_text(entries: list[dict[str, JSON]]) -> str:
    """index.json's text, checked: its entries were checked one by one as they came (on every
    core, for parts the workers made), so the schema check here is of everything around them,
    and the parsed text must hold exactly those entries. (The schema puts nothing on the list but
    its items' schema, which a test holds it to.)"""
    text = dumps(index_document(entries))
    parsed = json.loads(text)
    errors = schema_errors("index", {**parsed, "monographs": []})
    if errors:
        raise ExportError("index.json does not match the export schema: " + "; ".join(errors[:5]))
    if parsed["monographs"] != entries:
        raise ExportError("index.json does not read back as the entries it was made from")
    return text


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with LF line ends."""
    path.write_bytes(text.encode("utf-8"))


def _relative(path: Path, repo_root: Path) -> str:
    """A monograph file's path relative to the repository root, as published in the index."""
    try:
        return path.resolve().relative_to(repo_root.resolve()).as_posix()
    except ValueError:
        raise ExportError(f"{path} is outside the repository root {repo_root}") from None


def _read_source(path: Path, repo_root: Path) -> tuple[str, str]:
    """Relative path and SHA-256 of a monograph file the caller did not load (models given directly)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExportError(f"{path}: cannot read the monograph file: {exc.strerror}") from None
    return _relative(path, repo_root), hashlib.sha256(raw).hexdigest()


def _with_sources(items: Corpus | Sequence[Monograph],
                  repo_root: Path) -> list[tuple[Monograph, SourceFile]]:
    """Monographs with their source files, sorted by id; refuses invalid or duplicate input."""
    if isinstance(items, Corpus):
        if has_errors(items.problems):
            raise ExportError("refusing to export: the monographs have errors (run validate)")
        # The loader hashed each file's bytes as it read them: no second read of the sources.
        pairs = [(f.model, _relative(Path(f.doc.path), repo_root), f.doc.sha256)
                 for f in items.files if f.model is not None]
    else:
        pairs = [(m, *_read_source(repo_root / "monographs" / f"{m.id}.yaml", repo_root))
                 for m in items]
    duplicates = sorted(i for i, n in Counter(m.id for m, _, _ in pairs).items() if n > 1)
    if duplicates:
        raise ExportError(f"refusing to export: duplicate ids {', '.join(duplicates)}")
    return sorted(((m, SourceFile(path, sha)) for m, path, sha in pairs), key=lambda x: x[0].id)


def _file_digest(path: Path) -> dict[str, JSON]:
    """Size and SHA-256 of a file."""
    raw = path.read_bytes()
    return {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}


def export_monograph(monograph: Monograph, source: SourceFile, *,
                     validated: bool = False) -> MonographExport:
    """One monograph's files, index entry and counts; pure, so it can run in a worker process.
    (The export schema check costs ~13 ms a file, so the writer runs it on the first part only.)

    ``validated``: the model is one validation just made from a file. Its exported file reads
    back into the same model, which the tests prove for every field over the repository's and
    the synthetic corpus. Any other model (built, copied or changed in code, which pydantic does
    not check) is read back here, at about a fifth of the part's cost, and its files' text is
    searched for numbers ``canonical`` must rewrite (see ``dumps``)."""
    name = f"monographs/{monograph.id}.json"
    document = monograph_document(monograph, source)
    # Per-monograph files are compact (one line): the C JSON encoder is ~10x faster than the
    # indenting one; index and meta stay indented.
    line = dumps_bytes(document, compact=True, made_canonical=validated) + b"\n"
    # A model from elsewhere must read back from its file unchanged. JSON round-trips these
    # plain values exactly (an integral float comes back as an int, which a float field reads
    # the same), so they are validated without parsing the line again.
    if not validated and Monograph.model_validate(document["monograph"]) != monograph:
        raise ExportError(f"{name}: the exported monograph does not read back unchanged")
    bundle = fhir.bundle(monograph)
    counts = {"monographs": 1, "regimens": len(monograph.dosing),
              "adverse_reactions": len(monograph.adverse_reactions),
              "fhir_resources": len(bundle["entry"])}
    text = dumps_bytes(bundle, compact=True, made_canonical=validated) + b"\n"
    return MonographExport(id=monograph.id, document=line, fhir=text,
                           index_entry=index_entry(monograph, source), counts=counts)


@dataclass(frozen=True)
class WrittenPart:
    """A monograph whose two files a worker has already written into the export being built,
    its index entry checked."""

    id: str
    index_entry: dict[str, JSON]
    counts: dict[str, int]


def _write_files(part: MonographExport, tmp: Path) -> WrittenPart:
    """Check a part's index entry and write its monograph and FHIR files into the export being
    built in ``tmp`` (in a worker, for ``write_export``: the checks then run on every core)."""
    _safe_id(part)
    _check_entry(part.index_entry, part.id)
    (tmp / "monographs" / f"{part.id}.json").write_bytes(part.document)
    (tmp / "fhir" / f"{part.id}.json").write_bytes(part.fhir)
    return WrittenPart(part.id, part.index_entry, part.counts)


Parts = Iterable[MonographExport | WrittenPart | StoredPart]


def _safe_id(part: MonographExport | StoredPart) -> None:
    """Parts may come from a store: their ids become file names, so check them first."""
    if not re.fullmatch(SLUG_PATTERN, part.id) or part.index_entry.get("id") != part.id:
        raise ExportError(f"refusing to export: {part.id!r} is not a monograph id or "
                          "does not match its index entry")


def _build(parts: Parts, tmp: Path) -> None:
    """Write and check the whole export inside ``tmp``; ``parts`` must come in id order."""
    counts = dict.fromkeys(COUNT_KEYS, 0)
    entries: list[dict[str, JSON]] = []
    previous = ""
    bulk_digest, bulk_bytes = hashlib.sha256(), 0  # as it is written: no second read of ~600 MB
    with open(tmp / "monographs.ndjson", "wb") as bulk:
        for part in parts:
            if part.id <= previous:
                raise ExportError(f"refusing to export: {part.id} is out of order or a duplicate")
            document = _place_files(part, tmp)
            if not previous:  # a canary: the first file must match the export schema
                _checked_text("monographFile", f"monographs/{part.id}.json", json.loads(document))
            if isinstance(part, StoredPart):  # ``_write_files`` checked the others' entries
                _check_entry(part.index_entry, part.id)
            previous = part.id
            bulk.write(document)
            bulk_digest.update(document)
            bulk_bytes += len(document)
            for key, n in part.counts.items():
                counts[key] = counts.get(key, 0) + n
            entries.append(part.index_entry)
    _write_text(tmp / "index.json", _index_text(entries))
    files = {"index.json": _file_digest(tmp / "index.json"),
             "monographs.ndjson": {"bytes": bulk_bytes, "sha256": bulk_digest.hexdigest()}}
    meta = meta_document(entries, counts, files)
    _write_text(tmp / "meta.json", _checked_text("meta", "meta.json", meta)[0])


def _place_files(part: MonographExport | WrittenPart | StoredPart, tmp: Path) -> bytes:
    """Put a part's monograph and FHIR files in the export being built (a worker already did
    for a ``WrittenPart``; a stored part's are hard links to the store's); returns the
    document's bytes, the part's line of the bulk file."""
    mine = tmp / "monographs" / f"{part.id}.json"
    if isinstance(part, WrittenPart):
        return mine.read_bytes()
    if isinstance(part, StoredPart):
        _safe_id(part)
        link_or_copy(part.document, mine)
        link_or_copy(part.fhir, tmp / "fhir" / f"{part.id}.json")
        return part.document_bytes
    _write_files(part, tmp)
    return part.document


def _publish(parts_into: Callable[[Path], Parts], out_dir: Path) -> None:
    """Build the export in a temporary sibling of ``out_dir`` from the parts ``parts_into``
    gives for that folder (its sub-folders exist by then), then swap it in with one rename."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        for sub in ("monographs", "fhir", "schema"):
            (tmp / sub).mkdir()
        for schema in (SCHEMA_PATH, EXPORT_SCHEMA_PATH):
            _write_text(tmp / "schema" / schema.name, schema.read_bytes().decode("utf-8"))
        _build(parts_into(tmp), tmp)
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; a site folder is world-readable
        try:
            swap_in_folder(tmp, out_dir)
        except NotADirectoryError as exc:
            raise ExportError(str(exc)) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_export_parts(parts: Sequence[MonographExport], out_dir: Path) -> None:
    """Assemble the whole export from per-monograph parts (in any order) and write it to
    ``out_dir`` atomically; raises ExportError (duplicate ids too), old export intact."""
    duplicates = sorted(i for i, n in Counter(p.id for p in parts).items() if n > 1)
    if duplicates:
        raise ExportError(f"refusing to export: duplicate ids {', '.join(duplicates)}")
    _publish(lambda tmp: sorted(parts, key=lambda p: p.id), out_dir)


def write_export_stream(parts: Iterable[MonographExport | StoredPart], out_dir: Path) -> None:
    """Like ``write_export_parts`` for parts that come in id order, taken one at a time (the
    site reads 10,000 stored parts this way instead of holding ~1.3 GB of text at once);
    a part out of order or repeated is refused."""
    _publish(lambda tmp: parts, out_dir)


@dataclass
class _Job:
    """What ``write_export`` is exporting, read by its forked workers (which inherit it, so no
    monograph is pickled): the monographs with their sources, whether validation made them,
    and the folder the export is built in (set once it exists)."""

    pairs: Sequence[tuple[Monograph, SourceFile]]
    validated: bool
    into: Path | None = None


#: The export ``write_export`` is making; None outside a call.
_JOB: _Job | None = None


def _export_at(index: int) -> WrittenPart:
    """Export the ``index``-th monograph into the export being built (runs in a worker process,
    which writes the files itself: shipping 126 KB of text back to the parent cost more than
    making it)."""
    assert _JOB is not None and _JOB.into is not None, "only write_export runs this"
    monograph, source = _JOB.pairs[index]
    try:
        return _write_files(export_monograph(monograph, source, validated=_JOB.validated), _JOB.into)
    except ValueError as exc:  # pydantic's errors do not cross a process boundary intact
        raise ExportError(f"monographs/{monograph.id}.json: {exc}") from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector out of the export: each full collection rescanned the
    loaded corpus (~20% of export time) and young collections of the parts' dicts cost ~5%
    more. Parts are trees of dicts and lists, with no cycles to collect: reference counting
    frees them. The collector is switched back on, and the objects loaded before unfrozen,
    as they were (nothing is frozen if something else froze objects)."""
    enabled = gc.isenabled()
    freeze = not gc.get_freeze_count()
    if freeze:
        gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if freeze:
            gc.unfreeze()


def write_export(corpus_or_monographs: Corpus | Sequence[Monograph], out_dir: Path, *,
                 repo_root: Path, jobs: int | None = None) -> None:
    """Write the whole export to ``out_dir`` atomically; raises ExportError, old export intact.
    Parts are made on every core (``jobs``) and written as they come, never all held at once.
    A corpus's monographs are the ones its validation made; monographs given any other way
    (built or copied in code) are each read back from their exported file first."""
    global _JOB
    job = _Job(_with_sources(corpus_or_monographs, repo_root),
               validated=isinstance(corpus_or_monographs, Corpus))

    def parts_into(tmp: Path) -> Iterator[WrittenPart]:
        job.into = tmp
        return map_ordered(_export_at, range(len(job.pairs)), jobs)

    with _collector_paused():  # paused before the fork: workers share the models' pages
        _JOB = job
        try:
            _publish(parts_into, out_dir)
        finally:
            _JOB = None
