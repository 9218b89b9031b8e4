"""Per-file work for a big corpus: each monograph is checked (and rendered, indexed, exported)
once per content, on every core, with the results kept in a content-addressed store.

A file's results are keyed on its bytes, its displayed path (messages name it), the day (some
rules compare dates with today), the schemas and the tool's own version (its package version,
the source of every module, and the versions of the libraries that parse and validate). Any
change to any of them misses the store, so a cached run reports exactly what a fresh one
would. The parent process never holds a parsed monograph: workers write each product (page
Markdown, search document, export part) to the store and hand back a small record, which is
what keeps a 10,000-monograph build inside its memory budget.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import tempfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import build_tools
from build_tools.check.load import MAX_BYTES
from build_tools.check.rules.corpus import CorpusEntry
from build_tools.check.validate import check_corpus_rules, check_file, expand, misplaced
from build_tools.compute.completeness import published
from build_tools.compute.provenance import provenance, record
from build_tools.model.problems import Findings, Problem
from build_tools.model.schema_gen import SCHEMA_PATH
from build_tools.plumbing.files import write_file_atomic
from build_tools.plumbing.parallel import map_ordered
from build_tools.site.browse import BrowseEntry, browse_entry
from build_tools.site.render import render_monograph
from build_tools.site.search_doc import search_document

if TYPE_CHECKING:
    from build_tools.build.publish import StoredPart

#: The products a caller may ask for, and the file suffix each is stored under ("export" also
#: stores its document and FHIR bundle, as export_document and export_fhir; "audit" is the
#: provenance record the source-audit page lists).
PRODUCTS = {"page": ".page.md", "search": ".search.html", "export": ".export.txt",
            "export_document": ".export.json", "export_fhir": ".fhir.json", "audit": ".audit.json"}
TOOL_DIR = Path(build_tools.__file__).resolve().parent
SCHEMA_FILES = (SCHEMA_PATH, SCHEMA_PATH.parent / "export.schema.json")
_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "jsonschema", "fhir.resources")
#: Bump to invalidate every store written by an older layout of the records.
_STORE_FORMAT = "5"


def tool_fingerprint() -> str:
    """A digest of everything besides the file that decides a file's results (read at each
    call: editing a module or a schema between two runs must miss the store)."""
    tool_dir, schema_files = TOOL_DIR, SCHEMA_FILES
    digest = hashlib.sha256()
    versions = [_STORE_FORMAT, build_tools.__version__, sys.version]
    for lib in _LIBRARIES:
        try:
            versions.append(f"{lib}={metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{lib}=none")
    digest.update("\n".join(versions).encode())
    for path in sorted(tool_dir.rglob("*.py")):
        digest.update(f"\0{path.relative_to(tool_dir).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    for path in schema_files:
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes() if path.exists() else b"missing")
    return digest.hexdigest()


@dataclass
class FileResult:
    """What the parent keeps of one file: its problems, its corpus and browse entries, and
    where its products are stored."""

    path: str
    sha256: str
    problems: list[Problem]
    entry: CorpusEntry | None
    browse: BrowseEntry | None
    stem: Path | None
    """Store path without suffix of this file's products (None: nothing stored)."""
    cached: bool = False
    published: bool = False
    """True when the site and the export carry it (valid, and not an incomplete draft)."""

    @property
    def valid(self) -> bool:
        """True when the file passed its own checks (corpus rules may still object)."""
        return self.entry is not None

    def product(self, kind: str) -> Path:
        """The stored product file of a valid monograph (``page``, ``search`` or ``export``)."""
        if self.stem is None or not self.valid:
            raise ValueError(f"{self.path}: no {kind} stored (the file is invalid)")
        return self.stem.with_name(self.stem.name + PRODUCTS[kind])


@dataclass
class BuildResult(Findings[FileResult]):
    """Every file's result plus the corpus-wide problems."""

    @property
    def valid(self) -> list[FileResult]:
        """The valid files, sorted by monograph id."""
        return sorted((f for f in self.files if f.valid), key=lambda f: f.entry.id[0] if f.entry else "")

    @property
    def published(self) -> list[FileResult]:
        """The valid files the site and the export carry (incomplete drafts left out), by id."""
        return [f for f in self.valid if f.published]

    @property
    def hits(self) -> int:
        """How many files came from the store."""
        return sum(f.cached for f in self.files)

    def export_parts(self) -> Iterator[StoredPart]:
        """The stored export parts of the published files, in id order, read one at a time."""
        from build_tools.build.publish import StoredPart

        for f in self.published:
            yield StoredPart.read(f.product("export"), f.product("export_document"), f.product("export_fhir"))


@dataclass(frozen=True)
class _Task:
    path: Path
    display: str
    sha256: str
    """Of the bytes the store key was made from ("" for a file that cannot be read or stored)."""
    today: dt.date
    want: frozenset[str]
    stem: Path | None
    source: str


class StoreError(Exception):
    """The store folder cannot be used (products need it)."""


def _writable(store: Path) -> bool:
    """True when the store folder exists or can be made, and files can be written in it."""
    try:
        store.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=store):
            return True
    except OSError:
        return False


def _record(result: FileResult, made: Collection[str]) -> dict[str, Any]:
    return {
        "problems": [p.as_dict() for p in result.problems],
        "entry": result.entry.as_json() if result.entry else None,
        "browse": list(result.browse) if result.browse else None,
        "products": sorted(made),
        "published": result.published,
    }


def _from_record(task: _Task, record: dict[str, Any]) -> FileResult:
    problems = [Problem(**p) for p in record["problems"]]
    entry = CorpusEntry.from_json(record["entry"]) if record["entry"] else None
    b = record["browse"]
    browse = BrowseEntry(b[0], b[1], tuple(b[2]), tuple(b[3]), tuple(b[4])) if b else None
    return FileResult(task.display, task.sha256, problems, entry, browse, task.stem, cached=True,
                      published=record["published"])


def _work(task: _Task) -> FileResult:
    """Check one file and store what was asked for (runs in a worker process).

    The file is read again here rather than shipped from the parent (10,000 files would sit in
    the pool's queue); if it changed since the parent hashed it, nothing is stored."""
    checked = check_file(task.path, task.display, today=task.today)
    model = checked.model
    stem = task.stem if checked.doc.sha256 == task.sha256 else None
    result = FileResult(task.display, checked.doc.sha256, checked.problems, checked.entry,
                        browse_entry(model) if model else None, stem,
                        published=model is not None and published(model))
    if stem is None:
        if model is not None and task.want:  # its products could not be stored: say so, in place
            result.problems.append(Problem(task.display, 1, 1, "file-changed",
                                           "the file changed while the build was reading it; "
                                           "build again once it is saved"))
            result.entry = result.browse = None
        return result
    outputs: dict[str, bytes] = {}
    if model is not None:
        if "page" in task.want:
            outputs["page"] = render_monograph(model).encode("utf-8")
        if "search" in task.want:
            outputs["search"] = search_document(model).encode("utf-8")
        if "audit" in task.want:
            found = record(provenance(model, task.today))
            outputs["audit"] = json.dumps(found, sort_keys=True).encode("utf-8")
        if "export" in task.want:
            from build_tools.api.documents import SourceFile, export_monograph

            part = export_monograph(model, SourceFile(task.source, checked.doc.sha256),
                                    validated=True)
            outputs["export"], outputs["export_document"], outputs["export_fhir"] = part.stored_files()
    stem.parent.mkdir(parents=True, exist_ok=True)
    for kind, data in outputs.items():
        write_file_atomic(result.product(kind), data)
    write_file_atomic(stem.with_suffix(".json"), json.dumps(_record(result, outputs)).encode())
    return result


def _lookup(task: _Task) -> FileResult | None:
    """The stored result of a task, if it has every product asked for."""
    if task.stem is None:
        return None
    try:
        record = json.loads(task.stem.with_suffix(".json").read_bytes())
    except (OSError, ValueError):
        return None
    if record["entry"] is not None and not task.want <= set(record["products"]):
        return None
    return _from_record(task, record)


def _task(path: Path, today: dt.date, want: frozenset[str], store: Path | None,
          fingerprint: str, repo_root: Path | None) -> _Task:
    display = str(path)
    source = display
    if repo_root is not None:
        try:
            source = path.resolve().relative_to(repo_root.resolve()).as_posix()
            display = source  # messages name the file as the repository does, never absolutely
        except ValueError:
            source = display
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except OSError:
        raw = None
    if raw is None or store is None:  # unreadable or too big: the loader says which, uncached
        return _Task(path, display, "", today, want, None, source)
    digest = hashlib.sha256(raw).hexdigest()
    key = hashlib.sha256("\0".join([fingerprint, digest, display, source, today.isoformat()])
                         .encode()).hexdigest()
    return _Task(path, display, digest, today, want, store / key[:2] / key, source)


def build_files(paths: Iterable[Path], *, want: Collection[str] = (), store: Path | None,
                today: dt.date | None = None, jobs: int | None = None,
                repo_root: Path | None = None) -> BuildResult:
    """Check every monograph under ``paths`` and make the products in ``want`` for the valid
    ones, reusing the store where nothing changed; then run the corpus-wide rules.

    ``store`` None checks without remembering (and makes no products); the export needs
    ``repo_root`` to publish each file's path relative to the repository.
    """
    unknown = set(want) - set(PRODUCTS)
    if unknown:
        raise ValueError(f"unknown products: {', '.join(sorted(unknown))}")
    if want and store is None:
        raise ValueError("products need a store folder")
    day = today or dt.date.today()
    if store is not None and not _writable(store):
        if want:
            raise StoreError(f"cannot write the build store {store}: make it writable, or "
                             "choose another folder")
        store = None  # a read-only checkout still validates, without remembering
    fingerprint = tool_fingerprint() if store is not None else ""
    paths = list(paths)
    tasks = [_task(p, day, frozenset(want), store, fingerprint, repo_root) for p in expand(paths)]
    results: list[FileResult | None] = [_lookup(t) for t in tasks]
    missing = [i for i, r in enumerate(results) if r is None]
    for i, made in zip(missing, map_ordered(_work, [tasks[i] for i in missing], jobs),
                       strict=True):
        results[i] = made
    out = BuildResult([r for r in results if r is not None])
    out.corpus_problems = check_corpus_rules([f.entry for f in out.files if f.entry])
    out.corpus_problems += misplaced(paths)
    return out
