"""Publishing the JSON export for apps: a static, versioned API written deterministically and
atomically.

Layout of ``out_dir`` (the site build uses ``site/api/v2``)::

    index.json               every monograph: names, categories, routes, review, source + SHA-256
    monographs/<id>.json     one monograph ("monograph") plus values computed from it ("computed")
    monographs.ndjson        the same documents, one compact line each, sorted by id
    fhir/<id>.json           an HL7 FHIR R5 Bundle (lossy view, see docs/api/fhir.md)
    schema/                  monograph.schema.json and export.schema.json
    meta.json                versions and counts; no wall-clock time

Every file is canonical JSON (``build_tools.api.canonical``), so two exports of the same data are
byte-identical. Everything is written into a temporary sibling folder and checked against the
export schema; only then is it swapped in with one rename, so an app never sees a half-written
export and a failed export leaves the previous one untouched.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.api.canonical import dumps
from build_tools.api.contract import EXPORT_SCHEMA_PATH, schema_errors
from build_tools.api.documents import (
    COUNT_KEYS,
    ExportError,
    MonographExport,
    SourceFile,
    export_monograph,
    index_document,
    lookups_document,
    meta_document,
)
from build_tools.check.validate import Corpus
from build_tools.model import SLUG_PATTERN, Monograph
from build_tools.model.problems import has_errors
from build_tools.model.schema_gen import SCHEMA_PATH
from build_tools.plumbing.files import link_or_copy, swap_in_folder
from build_tools.plumbing.parallel import map_ordered

JSON = Any


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
    _write_text(tmp / "lookups.json", _checked_text("lookups", "lookups.json", lookups_document(entries))[0])
    files = {"index.json": _file_digest(tmp / "index.json"),
             "lookups.json": _file_digest(tmp / "lookups.json"),
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
