"""The JSON export for apps: layout, schemas (Python and ajv), determinism, atomicity, examples."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from build_tools import export_command
from build_tools.api import contract, documents
from build_tools.api.canonical import canonical, dumps
from build_tools.api.documents import ExportError, MonographExport, SourceFile, export_monograph
from build_tools.build import publish
from build_tools.build.publish import StoredPart, write_export, write_export_parts, write_export_stream
from build_tools.check.validate import check_file, check_paths
from build_tools.compute import quantities, summaries
from build_tools.compute.schedule import dose_calendar
from build_tools.compute.summaries import schedule_summary
from build_tools.export_command import export_paths
from build_tools.model import SCHEMA_VERSION, Duration, Monograph, Quantity, QuantityRange
from build_tools.model.tree import collect
from build_tools.plumbing import files as atomic
from build_tools.plumbing.parallel import MIN_PARALLEL
from build_tools.synth import monograph as synthetic_monograph
from tests import example_calendar
from tests.conftest import FIXTURES, ROOT, TODAY

JS_DIR = ROOT / "tests" / "js"
NUSINERSEN_CALENDAR = [
    "2026-01-05", "2026-01-19", "2026-02-02", "2026-03-04",  # loading doses: days 0, 14, 28, 58
    "2026-07-04", "2026-11-04", "2027-03-04", "2027-07-04",  # then every 4 calendar months
]
SOURCES = {
    "nusinersen": FIXTURES / "valid" / "nusinersen.yaml",  # a frozen copy: editors may change the real one
    "base": FIXTURES / "valid" / "base.yaml",
    "crlf-bom": FIXTURES / "valid" / "crlf-bom.yaml",
}


def _export_errors(*args: Any, **kwargs: Any) -> list[Any]:
    """What export_paths reports, errors only (provenance warnings belong to the content)."""
    return [p for p in export_paths(*args, **kwargs) if p.severity == "error"]


# ---------------------------------------------------------------------------------------------
# Helpers and fixtures
# ---------------------------------------------------------------------------------------------


def make_repo(root: Path, ids: tuple[str, ...] = tuple(SOURCES)) -> Path:
    """A repository-like folder with monographs/<id>.yaml copied from the test inputs."""
    (root / "monographs").mkdir(parents=True, exist_ok=True)
    for ident in ids:
        shutil.copyfile(SOURCES[ident], root / "monographs" / f"{ident}.yaml")
    return root


def models_of(repo: Path) -> list[Monograph]:
    """The valid models of a repository folder's monographs (no corpus rules)."""
    models = []
    for path in sorted((repo / "monographs").glob("*.yaml")):
        checked = check_file(path, today=TODAY)
        assert checked.model is not None, [p.text() for p in checked.problems]
        models.append(checked.model)
    return models


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (relative path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def siblings(out: Path) -> list[str]:
    """Names next to the export folder (temporary folders must not be left behind)."""
    return sorted(p.name for p in out.parent.iterdir())


def read(out: Path, name: str) -> Any:
    return json.loads((out / name).read_text(encoding="utf-8"))


def ndjson(out: Path) -> list[Any]:
    return [json.loads(line) for line in (out / "monographs.ndjson").read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("repo"))


@pytest.fixture(scope="module")
def models(repo: Path) -> list[Monograph]:
    return models_of(repo)


@pytest.fixture(scope="module")
def out(repo: Path, models: list[Monograph]) -> Path:
    target = repo / "site" / "api" / "v2"
    write_export(models, target, repo_root=repo)
    return target


def require_node(*, modules: bool = True) -> str:
    """The node binary; fails under CI=true when node or tests/js/node_modules is missing."""
    node = shutil.which("node")
    ready = node is not None and (not modules or all(
        (JS_DIR / "node_modules" / name / "package.json").is_file() for name in ("ajv", "ajv-formats")))
    if not ready or node is None:
        message = "needs node and tests/js/node_modules (run: cd tests/js && npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return node


@pytest.fixture(scope="module")
def http_base(out: Path) -> Iterator[str]:
    """The export served over HTTP on a free local port."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------------------------------------
# Layout and content
# ---------------------------------------------------------------------------------------------


def test_layout(out: Path) -> None:
    files = set(snapshot(out))
    expected = {"index.json", "lookups.json", "meta.json", "monographs.ndjson", "schema/monograph.schema.json",
                "schema/export.schema.json"}
    for ident in SOURCES:
        expected |= {f"monographs/{ident}.json", f"fhir/{ident}.json"}
    assert files == expected


def test_every_file_is_utf8_with_final_newline(out: Path) -> None:
    for name, raw in snapshot(out).items():
        text = raw.decode("utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n"), name
        assert "\r" not in text, name


def test_index(out: Path, repo: Path) -> None:
    index = read(out, "index.json")
    assert [e["id"] for e in index["monographs"]] == sorted(SOURCES)
    assert index["count"] == len(SOURCES)
    entry = next(e for e in index["monographs"] if e["id"] == "nusinersen")
    assert entry["generic_name"] == "nusinersen"
    assert entry["brands"] == [{"name": "Spinraza", "regions": ["US"]}]
    assert entry["categories"] == ["Antisense oligonucleotide"]
    assert entry["routes"] == ["intrathecal"]
    assert (entry["review_status"], entry["last_updated"]) == ("draft", "2026-11-21")
    assert entry["source"]["path"] == "monographs/nusinersen.yaml"
    assert entry["links"] == {"json": "monographs/nusinersen.json", "fhir": "fhir/nusinersen.json"}
    for e in index["monographs"]:
        raw = (repo / e["source"]["path"]).read_bytes()
        assert e["source"]["sha256"] == hashlib.sha256(raw).hexdigest()


def test_bom_file_is_hashed_as_stored(out: Path) -> None:
    entry = next(e for e in read(out, "index.json")["monographs"] if e["id"] == "crlf-bom")
    raw = SOURCES["crlf-bom"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert entry["source"]["sha256"] == hashlib.sha256(raw).hexdigest()


def test_meta_has_versions_counts_and_no_clock(out: Path) -> None:
    meta = read(out, "meta.json")
    assert set(meta) == {"export_format_version", "schema_version", "dataset_version",
                         "dataset_digest", "counts", "files"}
    assert meta["schema_version"] == SCHEMA_VERSION
    assert meta["export_format_version"] == documents.EXPORT_FORMAT_VERSION
    assert meta["dataset_version"] == "2026-11-21"
    assert meta["counts"]["monographs"] == len(SOURCES)
    for name, digest in meta["files"].items():
        raw = (out / name).read_bytes()
        assert digest == {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    text = (out / "meta.json").read_text("utf-8")
    assert not re.search(r"\d{2}:\d{2}:\d{2}|T\d{2}:", text), "meta.json must hold no clock time"


def test_schemas_are_copied_byte_for_byte(out: Path) -> None:
    for name in ("monograph.schema.json", "export.schema.json"):
        assert (out / "schema" / name).read_bytes() == (ROOT / "schema" / name).read_bytes()


def test_export_schema_header() -> None:
    schema = json.loads((ROOT / "schema" / "export.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == contract.EXPORT_SCHEMA_ID
    assert schema["version"] == documents.EXPORT_FORMAT_VERSION
    assert {"index", "monographFile", "meta"} <= set(schema["$defs"])


# ---------------------------------------------------------------------------------------------
# Schema validation: python-jsonschema (formats on) and ajv
# ---------------------------------------------------------------------------------------------


def _validators(schema_dir: Path) -> dict[str, Draft202012Validator]:
    """Validators built from an export's own schema folder, independent of build_tools."""
    schemas = [json.loads(p.read_text("utf-8")) for p in sorted(schema_dir.glob("*.json"))]
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas)
    return {kind: Draft202012Validator({"$ref": f"{contract.EXPORT_SCHEMA_ID}#/$defs/{kind}"},
                                       registry=registry, format_checker=FormatChecker())
            for kind in ("index", "monographFile", "meta")}


def test_every_file_validates_with_jsonschema(out: Path) -> None:
    validators = _validators(out / "schema")
    documents = [("index", read(out, "index.json")), ("meta", read(out, "meta.json"))]
    documents += [("monographFile", read(out, f"monographs/{i}.json")) for i in SOURCES]
    documents += [("monographFile", line) for line in ndjson(out)]
    for kind, document in documents:
        errors = [e.message for e in validators[kind].iter_errors(document)]
        assert errors == [], kind


def test_jsonschema_catches_a_broken_file(out: Path) -> None:
    checker = FormatChecker()
    assert {"date", "uri", "uri-reference", "json-pointer"} <= set(checker.checkers)
    assert not checker.conforms("2026-02-30", "date")
    validators = _validators(out / "schema")
    document = read(out, "monographs/nusinersen.json")
    document["computed"]["schedules"][0]["day_offsets"][0]["day"] = -1
    document["source"]["sha256"] = "not-a-digest"
    assert len(list(validators["monographFile"].iter_errors(document))) == 2


def _ajv(node: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([node, str(JS_DIR / "validate.mjs"), str(folder)], capture_output=True,
                          text=True, timeout=120, check=False)


def test_every_file_validates_with_ajv(out: Path) -> None:
    node = require_node()
    result = _ajv(node, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["validated"] == 2 + 2 * len(SOURCES)


def test_ajv_catches_a_broken_file(out: Path, tmp_path: Path) -> None:
    node = require_node()
    broken = tmp_path / "v2"
    shutil.copytree(out, broken)
    index = read(broken, "index.json")
    index["monographs"][0]["last_updated"] = "2026-02-30"  # format: date
    (broken / "index.json").write_text(json.dumps(index), encoding="utf-8")
    result = _ajv(node, broken)
    assert result.returncode == 1
    assert [e["file"] for e in json.loads(result.stdout)["errors"]] == ["index.json"]


# ---------------------------------------------------------------------------------------------
# Round trip, canonical numbers, determinism
# ---------------------------------------------------------------------------------------------


def test_round_trip_model_export_model(out: Path, models: list[Monograph]) -> None:
    by_id = {m.id: m for m in models}
    for document in [read(out, f"monographs/{i}.json") for i in SOURCES] + ndjson(out):
        assert Monograph.model_validate(document["monograph"]) == by_id[document["id"]]


def _leaves(value: Any) -> list[Any]:
    """Every scalar in a JSON value."""
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


@pytest.mark.parametrize("corpus_of", ["repository", "synthetic"])
def test_a_validated_corpus_exports_files_that_read_back_unchanged(
        corpus_of: str, tmp_path: Path) -> None:
    """The export neither reads a validated corpus's files back nor searches their text for
    numbers to rewrite (it does both for models given in code): this is what that stands on,
    for the repository's monographs and synthetic ones that vary every kind of field."""
    root = tmp_path / "repo"
    if corpus_of == "repository":
        shutil.copytree(ROOT / "monographs", root / "monographs")
    else:
        _synthetic_repo(root, MIN_PARALLEL + 12)
    corpus = check_paths([root / "monographs"], today=TODAY)
    assert corpus.files and not [p for p in corpus.problems if p.severity == "error"]
    write_export(corpus, tmp_path / "v2", repo_root=root)
    by_id = {f.model.id: f.model for f in corpus.files if f.model is not None}
    documents = ndjson(tmp_path / "v2")
    assert sorted(d["id"] for d in documents) == sorted(by_id)
    for document in documents:
        assert Monograph.model_validate(document["monograph"]) == by_id[document["id"]]
    # Every number as canonical JSON writes it (integral ones as ints) and no null (NaN).
    for folder in ("monographs", "fhir"):
        for path in sorted((tmp_path / "v2" / folder).glob("*.json")):
            text = path.read_text("utf-8")
            value = json.loads(text)
            assert text == dumps(value, compact=True) + "\n", path
            assert None not in _leaves(value), path


def test_ndjson_lines_equal_the_files(out: Path) -> None:
    lines = (out / "monographs.ndjson").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == sorted(SOURCES)
    for line in lines:
        assert line == dumps(json.loads(line), compact=True)
        assert json.loads(line) == read(out, f"monographs/{json.loads(line)['id']}.json")


def test_numbers_are_canonical(out: Path) -> None:
    floats: list[str] = []
    for name, raw in snapshot(out).items():
        if name.endswith((".json", ".ndjson")) and not name.startswith("schema/"):
            for line in raw.decode("utf-8").splitlines() if name.endswith(".ndjson") else [raw]:
                json.loads(line, parse_float=lambda s: floats.append(s) or float(s))
    assert floats, "expected some non-integral numbers (e.g. 1.7 h)"
    assert [f for f in floats if re.search(r"\.0*$|[eE]", f)] == []
    text = (out / "monographs" / "nusinersen.json").read_text("utf-8")
    assert '"value":12,' in text or '"value":12}' in text
    assert "12.0" not in text


def test_canonical() -> None:
    assert canonical({"a": [12.0, -0.0, 0.5, True, None]}) == {"a": [12, 0, 0.5, True, None]}
    assert isinstance(canonical(12.0), int) and canonical(True) is True
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError):
            canonical({"x": [bad]})
    assert dumps({"b": 1, "a": "é"}) == '{\n  "a": "é",\n  "b": 1\n}\n'
    assert dumps({"b": 1.0, "a": [2.5]}, compact=True) == '{"a":[2.5],"b":1}'


def _float_seen(into: list[str], text: str) -> float:
    into.append(text)
    return float(text)


def test_dumps_encodes_directly_only_when_that_is_canonical() -> None:
    tricky = ["v1.0,", "1.0]", "2.0}", "3.0\n", "e+5", "x.0", "\"12.0\"", "é"]
    values: list[Any] = [
        {"a": 12.0, "b": [-0.0, 0.5, 1e16, 1e-7, 123456789.0, 2.5e20], "c": tricky},
        {"text": tricky, "n": [1, 2.25, True, None]}, 12.0, -0.0, 1e300, 0.1, "1.0", [],
    ]
    for value in values:
        for compact in (True, False):
            text = dumps(value, compact=compact)
            floats: list[str] = []
            parsed = json.loads(text, parse_float=functools.partial(_float_seen, floats))
            assert parsed == canonical(value)
            assert not [f for f in floats if float(f).is_integer()], text  # 12.0 is written 12
            assert ("é" in text) == ("é" in json.dumps(value, ensure_ascii=False))  # not \u00e9
            standard = (json.dumps(parsed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                        if compact else json.dumps(parsed, sort_keys=True, ensure_ascii=False,
                                                   indent=2) + "\n")
            if not floats:  # the layout is the standard library's (float digits may differ)
                assert text == standard
    with pytest.raises(ValueError, match="JSON has no NaN or infinity"):
        dumps({"x": [1.0, float("nan")]}, compact=True)


def _unit_paths_by_collect(model: Monograph) -> list[tuple[str | int, ...]]:
    return [path for path, node in collect(model)
            if isinstance(node, (Quantity, QuantityRange, Duration))]


def test_quantity_walk_finds_what_the_full_walk_finds(models: list[Monograph]) -> None:
    for model in [*models, Monograph.model_validate(synthetic_monograph(3))]:
        found = quantities._unit_nodes(model)
        assert [path for path, _ in found] == _unit_paths_by_collect(model)
        assert all(isinstance(node, (Quantity, QuantityRange, Duration)) for _, node in found)


def _parts(models: list[Monograph], repo: Path) -> list[MonographExport]:
    pairs = publish._with_sources(models, repo)
    return [export_monograph(m, s) for m, s in pairs]


def _store_part(part: MonographExport, folder: Path) -> tuple[Path, Path, Path]:
    paths = tuple(folder / f"{part.id}{suffix}" for suffix in (".export.txt", ".export.json", ".fhir.json"))
    for path, data in zip(paths, part.stored_files(), strict=True):
        path.write_bytes(data)
    return paths[0], paths[1], paths[2]


def test_stored_part_round_trip(models: list[Monograph], repo: Path, out: Path, tmp_path: Path) -> None:
    for part in _parts(models, repo):
        header, document, bundle = _store_part(part, tmp_path)
        stored = StoredPart.read(header, document, bundle)
        assert (stored.id, stored.index_entry, stored.counts) == (part.id, part.index_entry, part.counts)
        assert stored.document_bytes == part.document
        assert document.read_bytes() == (out / "monographs" / f"{part.id}.json").read_bytes()
        assert bundle.read_bytes() == (out / "fhir" / f"{part.id}.json").read_bytes()


def test_a_stored_part_whose_index_entry_breaks_the_schema_is_refused(
        models: list[Monograph], repo: Path, tmp_path: Path) -> None:
    """A stored header is read back from disk: its entry is checked as the export takes it."""
    part = _parts(models, repo)[0]
    header, document, bundle = _store_part(part, tmp_path)
    head = json.loads(header.read_bytes())
    head["index_entry"]["routes"] = ["by owl"]
    header.write_text(json.dumps(head) + "\n", encoding="utf-8")
    with pytest.raises(ExportError, match=f"the entry of {part.id} does not match the export schema"):
        write_export_stream([StoredPart.read(header, document, bundle)], tmp_path / "v2")
    assert not (tmp_path / "v2").exists()


def test_a_stored_part_that_changed_is_refused(models: list[Monograph], repo: Path, tmp_path: Path) -> None:
    part = _parts(models, repo)[0]
    header, document, bundle = _store_part(part, tmp_path)
    head_text, doc_bytes, fhir_bytes = part.stored_files()
    good = json.loads(head_text)
    broken_headers = [b"", b"{}", b"[]", b"{", json.dumps({**good, "id": 1}).encode(),
                      json.dumps({**good, "counts": {"monographs": "1"}}).encode(),
                      json.dumps({**good, "extra": 1}).encode(),
                      json.dumps({k: v for k, v in good.items() if k != "fhir_sha256"}).encode()]
    for broken in broken_headers:
        header.write_bytes(broken)
        with pytest.raises(ValueError, match=r"not a stored monograph export|Expecting"):
            StoredPart.read(header, document, bundle)
    header.write_bytes(head_text)
    # Same size, one byte changed (as an in-place edit of a linked export file would), cut
    # short, a second line, not JSON: each is refused, for the document and the bundle alike.
    for target, data in ((document, doc_bytes), (bundle, fhir_bytes)):
        flipped = data.replace(b"draft", b"DRAFT", 1) if target is document else data.replace(b"Bundle", b"Bundlf", 1)
        for broken in (flipped, data[:-2] + b"\n", data + data, b"[" + data[1:]):
            assert broken != data
            target.write_bytes(broken)
            with pytest.raises(ValueError, match=f"{target.name} is not the one-line JSON file"):
                StoredPart.read(header, document, bundle)
        target.write_bytes(data)
    assert StoredPart.read(header, document, bundle).id == part.id


def test_write_export_parts_equals_write_export(models: list[Monograph], repo: Path, out: Path,
                                                tmp_path: Path) -> None:
    parts = list(reversed(_parts(models, repo)))
    write_export_parts(parts, tmp_path / "v2")
    assert snapshot(tmp_path / "v2") == snapshot(out)
    write_export_parts([], tmp_path / "empty")
    assert read(tmp_path / "empty", "meta.json")["counts"] == dict.fromkeys(documents.COUNT_KEYS, 0)


def test_write_export_parts_refuses_duplicate_or_unsafe_ids(models: list[Monograph], repo: Path,
                                                            tmp_path: Path) -> None:
    parts = _parts(models, repo)
    with pytest.raises(ExportError, match=f"duplicate ids {parts[1].id}$"):
        write_export_parts([*parts, parts[1]], tmp_path / "v2")
    unsafe = MonographExport(**{**parts[0].__dict__, "id": "../escape"})
    with pytest.raises(ExportError, match="not a monograph id"):
        write_export_parts([unsafe], tmp_path / "v2")
    mismatched = MonographExport(**{**parts[0].__dict__, "id": parts[1].id})
    with pytest.raises(ExportError, match="does not match its index entry"):
        write_export_parts([mismatched], tmp_path / "v2")
    assert list(tmp_path.iterdir()) == []


def test_write_export_leaves_the_garbage_collector_as_it_was(models: list[Monograph], repo: Path,
                                                             tmp_path: Path) -> None:
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    write_export(models, tmp_path / "a", repo_root=repo)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    gc.disable()
    try:
        write_export(models, tmp_path / "c", repo_root=repo)
        assert not gc.isenabled()
    finally:
        gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        write_export(models, tmp_path / "b", repo_root=repo)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_export_monograph_refuses_a_monograph_that_does_not_read_back(models: list[Monograph]) -> None:
    source = SourceFile("monographs/x.yaml", "0" * 64)
    dropped = models[0].model_copy(update={"indications": None})  # None is left out of the file
    with pytest.raises(ExportError, match="does not read back unchanged"):
        export_monograph(dropped, source)
    with pytest.raises(ValueError, match="id"):  # pydantic's ValidationError
        export_monograph(models[0].model_copy(update={"id": "Not a slug"}), source)


def test_two_exports_are_byte_identical(repo: Path, models: list[Monograph], out: Path,
                                        tmp_path: Path) -> None:
    again = tmp_path / "v2"
    write_export(list(reversed(models)), again, repo_root=repo)
    assert snapshot(again) == snapshot(out)


def _synthetic_repo(root: Path, count: int) -> Path:
    """A repository folder of ``count`` synthetic monographs (enough for a worker pool)."""
    from build_tools.synth import write_corpus

    write_corpus(root / "monographs", count)
    return root


def test_parallel_export_is_the_serial_export(tmp_path: Path) -> None:
    repo = _synthetic_repo(tmp_path / "repo", MIN_PARALLEL + 2)
    models = models_of(repo)
    write_export(models, tmp_path / "serial", repo_root=repo, jobs=1)
    write_export(models, tmp_path / "parallel", repo_root=repo, jobs=2)
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "serial")
    assert read(tmp_path / "parallel", "meta.json")["counts"]["monographs"] == MIN_PARALLEL + 2


def test_a_worker_s_refusal_reaches_the_caller(tmp_path: Path) -> None:
    repo = _synthetic_repo(tmp_path / "repo", MIN_PARALLEL + 2)
    models = models_of(repo)
    models[-1] = models[-1].model_copy(update={"indications": None})  # cannot read back
    with pytest.raises(ExportError, match=f"{models[-1].id}.json.*does not read back unchanged"):
        write_export(models, tmp_path / "v2", repo_root=repo, jobs=2)
    assert not (tmp_path / "v2").exists()


def test_export_command_matches_the_export_of_models_and_reuses_its_store(tmp_path: Path) -> None:
    repo = _synthetic_repo(tmp_path / "repo", MIN_PARALLEL + 2)
    write_export(models_of(repo), tmp_path / "from-models", repo_root=repo)
    store = tmp_path / "store"
    assert _export_errors([repo / "monographs"], tmp_path / "cli", repo_root=repo, today=TODAY,
                        store=store) == []
    assert snapshot(tmp_path / "cli") == snapshot(tmp_path / "from-models")
    # Warm: the parts come from the store, and still make the same bytes.
    stored = sorted(store.rglob("*.export.txt"))
    assert len(stored) == MIN_PARALLEL + 2
    assert _export_errors([repo / "monographs"], tmp_path / "again", repo_root=repo, today=TODAY,
                        store=store) == []
    assert snapshot(tmp_path / "again") == snapshot(tmp_path / "cli")
    assert sorted(store.rglob("*.export.txt")) == stored
    # An edited file is exported afresh; the others are not touched.
    edited = sorted((repo / "monographs").glob("*.yaml"))[3]
    edited.write_text(edited.read_text("utf-8").replace("  synonyms:\n", "  synonyms:\n  - Editedname\n", 1),
                      encoding="utf-8")
    assert _export_errors([repo / "monographs"], tmp_path / "edited", repo_root=repo, today=TODAY,
                        store=store) == []
    assert b"Editedname" in (tmp_path / "edited" / "monographs" / f"{edited.stem}.json").read_bytes()
    assert len(list(store.rglob("*.export.txt"))) == MIN_PARALLEL + 3


def test_a_damaged_stored_part_is_refused_not_published(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", ("nusinersen",))
    store = tmp_path / "store"
    assert _export_errors([repo / "monographs"], tmp_path / "v2", repo_root=repo, today=TODAY,
                        store=store) == []
    # The export's files are hard links to the store's: an in-place edit of one reaches the
    # store, and the next export refuses it instead of publishing it.
    published = tmp_path / "v2" / "monographs" / "nusinersen.json"
    (stored,) = store.rglob("*.export.json")
    assert published.stat().st_ino == stored.stat().st_ino
    # Linked files are as readable as the files the export writes itself (not mkstemp's 0600).
    written_mode = (tmp_path / "v2" / "index.json").stat().st_mode
    for linked in (published, tmp_path / "v2" / "fhir" / "nusinersen.json"):
        assert linked.stat().st_mode == written_mode, oct(linked.stat().st_mode)
    with open(published, "r+b") as handle:
        handle.write(b"{ ")
    (problem,) = _export_errors([repo / "monographs"], tmp_path / "again", repo_root=repo, today=TODAY,
                              store=store)
    assert problem.rule == "export-failed" and "not a stored monograph export" in problem.message
    assert "is not the one-line JSON file it was stored as" in problem.message
    assert not (tmp_path / "again").exists()


def test_export_paths_validates_then_exports(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, ("nusinersen", "base"))
    target = repo / "site" / "api" / "v2"
    problems = _export_errors([repo / "monographs"], target, repo_root=repo, today=TODAY)
    assert [p for p in problems if p.severity == "error"] == []
    assert [e["id"] for e in read(target, "index.json")["monographs"]] == ["base", "nusinersen"]


# ---------------------------------------------------------------------------------------------
# Computed values
# ---------------------------------------------------------------------------------------------


def test_nusinersen_schedule(out: Path) -> None:
    schedule = read(out, "monographs/nusinersen.json")["computed"]["schedules"][0]
    assert schedule["regimen"] == "sma-adult" and schedule["path"] == "/dosing/0"
    assert [(o["phase"], o["dose"], o["day"], o["seconds"]) for o in schedule["day_offsets"]] == [
        ("loading", 1, 0, 0), ("loading", 2, 14, 1209600), ("loading", 3, 28, 2419200),
        ("loading-4", 1, 58, 5011200)]
    assert schedule["complete"] is False
    [maintenance] = schedule["continuation"]
    assert maintenance == {
        "path": "/dosing/0/phases/2", "phase": "maintenance", "kind": "maintenance",
        "listed_doses": 0, "start_after": {"value": 4, "unit": "mo"},
        "frequency": {"times": 1, "every": {"value": 4, "unit": "mo"}, "as_needed": False},
        "open_ended": True, "calendar_units": True,
        "description": "maintenance (maintenance): first dose 4 calendar months after the "
                       "previous dose, then every 4 calendar months, with no set end",
    }


def test_open_ended_daily_schedule(out: Path) -> None:
    schedule = read(out, "monographs/base.json")["computed"]["schedules"][0]
    assert schedule["day_offsets"] == [{"phase": "daily", "dose": 1, "day": 0, "seconds": 0}]
    [daily] = schedule["continuation"]
    assert (daily["listed_doses"], daily["start_day"], daily["start_seconds"]) == (1, 0, 0)
    assert daily["open_ended"] and not daily["calendar_units"]
    assert "every 1 day, with no set end" in daily["description"]


def test_adverse_reaction_bands(out: Path) -> None:
    document = read(out, "monographs/nusinersen.json")
    bands = document["computed"]["adverse_reactions"]
    reactions = document["monograph"]["adverse_reactions"]
    assert len(bands) == len(reactions)
    assert bands[0] == {"path": "/adverse_reactions/0", "term": "Proteinuria",
                        "band": "gt-10-percent", "basis": "percent"}
    assert bands[10]["band"] == "1-to-10-percent"
    assert {b["basis"] for b, r in zip(bands, reactions, strict=True) if "percent" not in r} == {"stated"}


def test_normalised_quantities(out: Path) -> None:
    quantities = {q["path"]: q for q in read(out, "monographs/nusinersen.json")["computed"]["quantities"]}
    fridge = quantities["/storage/conditions/0/temperature"]
    assert fridge["as"] == {"Cel": {"gte": 2, "lte": 8}, "[degF]": {"gte": 35.6, "lte": 46.4}}
    labelled = quantities["/storage/conditions/0/temperature_f"]
    assert labelled["as"] == {"[degF]": {"gte": 36, "lte": 46}, "Cel": {"gte": 2.22, "lte": 7.78}}
    assert quantities["/storage/excursions/1/max_duration"]["as"] == {
        "h": {"value": 30}, "d": {"value": 1.25}}
    assert quantities["/storage/excursions/0/max_duration"]["as"] == {
        "d": {"value": 14}, "h": {"value": 336}}
    # 1 to 3 min: 1 min is not an exact decimal of an hour, so only the written unit is given.
    assert quantities["/administration/steps/2/duration"]["as"] == {"min": {"gte": 1, "lte": 3}}
    assert quantities["/dosing/0/phases/2/frequency/every"]["as"] == {"mo": {"value": 4}}
    assert quantities["/pharmacology/pharmacokinetics/0/range"]["as"] == {
        "h": {"gte": 1.7, "lte": 6}}


def _regimen(phases: list[dict[str, Any]]) -> Any:
    """A regimen of the base fixture with other phases (checked by the model)."""
    data = json.loads(json.dumps(check_file(SOURCES["base"], today=TODAY).doc.data))
    data["dosing"][0]["phases"] = phases
    return Monograph.model_validate(data).dosing[0]


_DOSE = {"basis": "per-administration", "amount": {"value": 1, "unit": "mg"}}
_TRICKY = {
    "count-and-duration": [{"id": "a", "kind": "initial", "dose": _DOSE, "count": 10,
                            "frequency": {"every": {"value": 1, "unit": "d"}},
                            "duration": {"value": 5, "unit": "d"}},
                           {"id": "b", "kind": "maintenance", "dose": _DOSE, "count": 2,
                            "start_after": {"value": 1, "unit": "wk"},
                            "frequency": {"every": {"value": 1, "unit": "wk"}}}],
    "daily-for-3-months": [{"id": "a", "kind": "initial", "dose": _DOSE,
                            "frequency": {"every": {"value": 1, "unit": "d"}},
                            "duration": {"value": 3, "unit": "mo"}},
                           {"id": "b", "kind": "single", "dose": _DOSE,
                            "start_after": {"value": 2, "unit": "d"}}],
    "thrice-daily-for-1-day": [{"id": "a", "kind": "initial", "dose": _DOSE,
                                "frequency": {"times": 3, "every": {"value": 1, "unit": "d"}},
                                "duration": {"value": 1, "unit": "d"}},
                               {"id": "b", "kind": "maintenance", "dose": _DOSE,
                                "start_after": {"value": 8, "unit": "h"},
                                "frequency": {"every": {"value": 12, "unit": "h"}}}],
    "long-phase": [{"id": "a", "kind": "initial", "dose": _DOSE, "count": 150,
                    "frequency": {"every": {"value": 1, "unit": "d"}}}],
    "monthly-from-day-0": [{"id": "a", "kind": "maintenance", "dose": _DOSE, "count": 3,
                            "frequency": {"every": {"value": 1, "unit": "mo"}}},
                           {"id": "b", "kind": "single", "dose": _DOSE,
                            "start_after": {"value": 10, "unit": "d"}}],
}


@pytest.mark.parametrize("name", sorted(_TRICKY))
def test_schedule_summary_agrees_with_the_dose_calendar(name: str) -> None:
    """The app recipe (tests/example_calendar.py) on the export gives the reference calendar."""
    regimen = _regimen(_TRICKY[name])
    summary = canonical(schedule_summary(regimen, ("dosing", 0)))
    for start in (dt.datetime(2026, 1, 31), dt.datetime(2024, 2, 29, 9, 30)):
        expected = [(d.when, d.phase, d.number) for d in dose_calendar(regimen, start, 200)]
        assert example_calendar.dose_calendar(summary, start, 200) == expected


def test_schedule_summary_trusts_only_real_doses() -> None:
    """Offsets stop at a phase's real end (duration before count) and later phases start from
    the real last dose; calendar-dependent phases are left to the continuation."""
    summary = schedule_summary(_regimen(_TRICKY["count-and-duration"]), ("dosing", 0))
    assert [o["day"] for o in summary["day_offsets"]] == [0, 1, 2, 3, 4, 11, 18]
    assert summary["continuation"] == [] and summary["complete"] is True
    summary = schedule_summary(_regimen(_TRICKY["thrice-daily-for-1-day"]), ("dosing", 0))
    assert [o["seconds"] for o in summary["day_offsets"]] == [0, 28800, 57600, 86400]
    summary = schedule_summary(_regimen(_TRICKY["daily-for-3-months"]), ("dosing", 0))
    assert [o["day"] for o in summary["day_offsets"]] == [0]
    assert [(c["phase"], c["listed_doses"]) for c in summary["continuation"]] == [("a", 1), ("b", 0)]
    summary = schedule_summary(_regimen(_TRICKY["long-phase"]), ("dosing", 0))
    assert len(summary["day_offsets"]) == summaries.OFFSET_LIMIT
    assert summary["continuation"][0]["listed_doses"] == summaries.OFFSET_LIMIT


@pytest.mark.parametrize("ident", sorted(SOURCES))
def test_fixture_schedules_agree_with_the_dose_calendar(out: Path, models: list[Monograph],
                                                        ident: str) -> None:
    model = next(m for m in models if m.id == ident)
    document = read(out, f"monographs/{ident}.json")
    start = dt.datetime(2026, 1, 5)
    for regimen, summary in zip(model.dosing, document["computed"]["schedules"], strict=True):
        expected = [(d.when, d.phase, d.number) for d in dose_calendar(regimen, start, 30)]
        assert example_calendar.dose_calendar(summary, start, 30) == expected


# ---------------------------------------------------------------------------------------------
# Atomicity: a failed export leaves the previous one byte-identical
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A repository with a finished export at site/api/v2, and that export's bytes."""
    repo = make_repo(tmp_path / "repo", ("nusinersen", "base"))
    target = repo / "site" / "api" / "v2"
    assert not [p for p in _export_errors([repo / "monographs"], target, repo_root=repo,
                                        today=TODAY) if p.severity == "error"]
    return repo, target, snapshot(target)


def test_write_failing_midway_keeps_previous_export(
        previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    repo, target, before = previous
    (repo / "monographs" / "base.yaml").unlink()  # the next export would differ
    calls = {"n": 0}
    real = publish._write_text

    def failing(path: Path, text: str) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(publish, "_write_text", failing)
    problems = _export_errors([repo / "monographs"], target, repo_root=repo, today=TODAY)
    assert [p.rule for p in problems] == ["export-failed"]
    assert "No space left" in problems[0].message
    assert snapshot(target) == before
    assert siblings(target) == ["v2"]


def test_invalid_monograph_is_never_exported(previous: tuple[Path, Path, dict[str, bytes]]) -> None:
    repo, target, before = previous
    bad = repo / "monographs" / "base.yaml"
    bad.write_text(bad.read_text("utf-8").replace("unit: mg}", "unit: mcg}", 1), encoding="utf-8")
    problems = _export_errors([repo / "monographs"], target, repo_root=repo, today=TODAY)
    assert any(p.rule == "unit-allowed" and p.file.endswith("base.yaml") for p in problems)
    assert snapshot(target) == before
    assert siblings(target) == ["v2"]


def test_schema_violation_keeps_previous_export(
        previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    repo, target, before = previous
    monkeypatch.setattr(documents, "adverse_reaction_bands", lambda m: [{"term": "no band"}])
    with pytest.raises(ExportError, match="does not match the export schema"):
        write_export(models_of(repo), target, repo_root=repo)
    assert snapshot(target) == before
    assert siblings(target) == ["v2"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_index_entry_that_breaks_the_schema_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """Entries are checked one by one as parts are written (by the workers, with jobs=2)."""
    repo = _synthetic_repo(tmp_path / "repo", MIN_PARALLEL + 2)
    real = documents.index_entry
    monkeypatch.setattr(documents, "index_entry", lambda m, s: {**real(m, s), "routes": ["by owl"]})
    with pytest.raises(ExportError, match=r"index.json: the entry of \S+ does not match the export "
                                          r"schema: /routes/0"):
        write_export(models_of(repo), tmp_path / "v2", repo_root=repo, jobs=jobs)
    assert not (tmp_path / "v2").exists()


def test_the_index_schema_puts_nothing_on_its_list_but_the_entries_schema() -> None:
    """index.json is checked as its entries one by one plus everything around them: that is
    the whole check only while the list itself has no constraint of its own."""
    schema = json.loads(contract.EXPORT_SCHEMA_PATH.read_text("utf-8"))
    listed = dict(schema["$defs"]["index"]["properties"]["monographs"])
    listed.pop("description")
    assert listed == {"type": "array", "items": {"$ref": "#/$defs/indexEntry"}}


def test_inlining_refuses_a_schema_that_refers_to_itself() -> None:
    registry: Registry[Any] = Registry().with_resources(
        [("urn:x", Resource.from_contents({"$schema": "https://json-schema.org/draft/2020-12/schema",
                                           "$defs": {"a": {"items": {"$ref": "#/$defs/a"}}}}))])
    with pytest.raises(ValueError, match="refers to itself"):
        contract._inlined({"$ref": "#/$defs/a"}, registry.resolver(base_uri="urn:x"))


def test_swap_failure_keeps_previous_export(
        previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    repo, target, before = previous

    def refuse(a: Path, b: Path) -> bool:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic, "_exchange", refuse)
    with pytest.raises(OSError):
        write_export(models_of(repo)[:1], target, repo_root=repo)
    assert snapshot(target) == before
    assert siblings(target) == ["v2"]


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_new_export_replaces_old(previous: tuple[Path, Path, dict[str, bytes]],
                                 monkeypatch: pytest.MonkeyPatch, exchange: bool) -> None:
    repo, target, before = previous
    if not exchange:
        monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    (target / "stale.txt").write_text("left from an old export", encoding="utf-8")
    write_export([m for m in models_of(repo) if m.id == "nusinersen"], target, repo_root=repo)
    after = snapshot(target)
    assert "stale.txt" not in after and "monographs/base.json" not in after
    assert after["monographs/nusinersen.json"] == before["monographs/nusinersen.json"]
    assert siblings(target) == ["v2"]
    assert oct(target.stat().st_mode & 0o777) == "0o755"


def test_refusals(tmp_path: Path, models: list[Monograph], repo: Path) -> None:
    with pytest.raises(ExportError, match="duplicate ids"):
        write_export([models[0], models[0]], tmp_path / "v2", repo_root=repo)
    with pytest.raises(ExportError, match="outside the repository root"):
        write_export(check_paths([SOURCES["nusinersen"]], today=TODAY), tmp_path / "v2",
                     repo_root=tmp_path)
    with pytest.raises(ExportError, match="cannot read"):
        write_export(models, tmp_path / "v2", repo_root=tmp_path)
    corpus = check_paths([FIXTURES / "valid"], today=TODAY)  # base and crlf-bom share a brand
    with pytest.raises(ExportError, match="have errors"):
        write_export(corpus, tmp_path / "v2", repo_root=ROOT)
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError, match="not a folder"):
        write_export(models, tmp_path / "file", repo_root=repo)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="monographs")
    export_command.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_cli_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, ("nusinersen",))
    monkeypatch.chdir(repo)
    assert _run_cli(["export", "--out", "site/api/v2"]) == 0
    assert read(repo / "site" / "api" / "v2", "index.json")["count"] == 1
    assert "written to site/api/v2" in capsys.readouterr().err
    bad = repo / "monographs" / "nusinersen.yaml"
    bad.write_text(bad.read_text("utf-8").replace("unit: mg}", "unit: mcg}", 1), encoding="utf-8")
    assert _run_cli(["export", "--out", "site/api/v2", "monographs"]) == 1
    captured = capsys.readouterr()
    assert re.search(r"^monographs/nusinersen\.yaml:\d+:\d+: unit-allowed: ", captured.out, re.M)
    assert "not written" in captured.err
    assert _run_cli(["export", "--out", "x", "missing"]) == 2


# ---------------------------------------------------------------------------------------------
# The app developers' examples (docs/api/index.md)
# ---------------------------------------------------------------------------------------------


def _dates(output: str) -> list[str]:
    lines = output.splitlines()
    assert lines[0] == "# nusinersen, regimen sma-adult"
    return [line.split()[0] for line in lines[1:]]


@pytest.mark.parametrize("where", ["folder", "http"])
def test_python_example_prints_the_nusinersen_calendar(out: Path, http_base: str, where: str) -> None:
    base = str(out) if where == "folder" else http_base
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "example_calendar.py"), base,
                             "nusinersen", "2026-01-05", "8"], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert _dates(result.stdout) == NUSINERSEN_CALENDAR


@pytest.mark.parametrize("where", ["folder", "http"])
def test_js_example_prints_the_nusinersen_calendar(out: Path, http_base: str, where: str) -> None:
    node = require_node()
    base = str(out) if where == "folder" else http_base
    result = subprocess.run([node, str(JS_DIR / "example_calendar.mjs"), base, "nusinersen",
                             "2026-01-05", "8"], capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert _dates(result.stdout) == NUSINERSEN_CALENDAR


def _code_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", markdown, re.M | re.S)


def test_docs_show_the_tested_examples() -> None:
    page = (ROOT / "docs" / "api" / "index.md").read_text("utf-8")
    assert (ROOT / "tests" / "example_calendar.py").read_text("utf-8") in _code_blocks(page, "python")
    assert (JS_DIR / "example_calendar.mjs").read_text("utf-8") in _code_blocks(page, "js")


def test_cli_export_names_the_option_for_an_unwritable_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, ("nusinersen",))
    monkeypatch.chdir(repo)
    (repo / "file").write_text("", encoding="utf-8")
    assert _run_cli(["export", "--out", "site/api/v2", "--cache", "file/store"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("file/store:1:1: export-failed: cannot write the build store file/store")
    assert "--no-cache" in out and "mkdocs.yml" not in out
    assert _run_cli(["export", "--out", "site/api/v2", "--cache", "file/store", "--no-cache"]) == 0
