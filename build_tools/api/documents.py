"""The export's documents: a monograph's file (the monograph and the values computed from it),
its index entry and FHIR bundle as one part, and the index and meta documents around the parts.
Pure: nothing here writes a file (``build_tools.build.publish`` does).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from build_tools.api import fhir
from build_tools.api.canonical import dumps_bytes
from build_tools.compute.bands import adverse_reaction_bands
from build_tools.compute.codes import brand_key, monograph_codes, ndc11
from build_tools.compute.quantities import normalised_quantities
from build_tools.compute.summaries import schedule_summary
from build_tools.model import SCHEMA_VERSION, Monograph
from build_tools.model.tree import json_dump

#: Version of the export's file layout and computed values (semantic versioning, docs/api/).
EXPORT_FORMAT_VERSION = "2.1.0"

JSON = Any


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


def computed_values(monograph: Monograph) -> dict[str, JSON]:
    """Values derived from a monograph for apps; never a second copy of what it states."""
    return {
        "schedules": [schedule_summary(r, ("dosing", i)) for i, r in enumerate(monograph.dosing)],
        "adverse_reactions": adverse_reaction_bands(monograph),
        "quantities": normalised_quantities(monograph),
    }



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
        "codes": monograph_codes(monograph),
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


def lookups_document(entries: Sequence[dict[str, JSON]]) -> dict[str, JSON]:
    """lookups.json: the monograph ids each RxCUI, UNII, ATC code, NDC package code (as printed,
    and in 11-digit form) and brand name (case-folded) leads to, keys sorted."""
    maps: dict[str, dict[str, list[str]]] = {k: {} for k in ("rxcui", "unii", "atc", "ndc", "ndc11", "brand")}

    def add(kind: str, key: str, ident: str) -> None:
        ids = maps[kind].setdefault(key, [])
        if ident not in ids:
            ids.append(ident)

    for entry in entries:
        ident = str(entry["id"])
        codes = entry["codes"]
        assert isinstance(codes, dict)
        for kind in ("rxcui", "unii"):
            if codes.get(kind):
                add(kind, str(codes[kind]), ident)
        for code in codes.get("atc") or []:
            add("atc", str(code), ident)
        for code in codes.get("ndc") or []:
            add("ndc", str(code), ident)
            add("ndc11", ndc11(str(code)), ident)
        for brand in entry["brands"] or []:
            assert isinstance(brand, dict)
            add("brand", brand_key(str(brand["name"])), ident)
    return {"export_format_version": EXPORT_FORMAT_VERSION,
            **{kind: {k: sorted(v) for k, v in sorted(m.items())} for kind, m in maps.items()}}


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
