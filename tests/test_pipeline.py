"""The per-file pipeline: on every core and from its store, it reports exactly what a fresh,
serial check reports, and any change to a file, the schema, the tool or the day misses the store."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from build_tools.api.documents import SourceFile, export_monograph
from build_tools.build import pipeline
from build_tools.build.pipeline import build_files
from build_tools.check.validate import check_file, check_paths
from build_tools.plumbing import parallel
from build_tools.site.render import render_monograph
from build_tools.site.search_doc import search_document
from tests.conftest import FIXTURES, ROOT, TODAY


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Every fixture in one folder: valid files, each rule's invalid cases, duplicate ids/brands."""
    folder = tmp_path / "monographs"
    folder.mkdir()
    for path in sorted(FIXTURES.rglob("*.yaml")):
        name = "-".join(path.relative_to(FIXTURES).parts)
        shutil.copyfile(path, folder / name)
    for path in sorted((ROOT / "monographs").glob("*.yaml")):
        shutil.copyfile(path, folder / path.name)
    return folder


def _texts(result: pipeline.BuildResult) -> list[str]:
    return [p.text() for p in result.problems]


def test_parallel_and_stored_runs_report_what_a_serial_check_reports(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = [p.text() for p in check_paths([corpus], today=TODAY, jobs=1).problems]
    assert len(reference) > 40 and any("duplicate-id" in t for t in reference)
    serial = build_files([corpus], store=None, today=TODAY, jobs=1)
    assert _texts(serial) == reference
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)  # use the process pool even for a few files
    store = tmp_path / "store"
    cold = build_files([corpus], store=store, today=TODAY, jobs=2)
    assert cold.hits == 0 and _texts(cold) == reference
    warm = build_files([corpus], store=store, today=TODAY, jobs=2)
    assert warm.hits == len(warm.files) and _texts(warm) == reference
    assert [f.browse for f in warm.files] == [f.browse for f in cold.files]


def _warm(corpus: Path, store: Path, today: dt.date = TODAY) -> pipeline.BuildResult:
    build_files([corpus], store=store, today=today, jobs=1)
    return build_files([corpus], store=store, today=today, jobs=1)


def test_changing_one_file_recomputes_that_file_only(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert _warm(corpus, store).hits == len(list(corpus.glob("*.yaml")))
    target = corpus / "nusinersen.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("percent: 16", "percent: 9"),
                      encoding="utf-8")
    again = build_files([corpus], store=store, today=TODAY, jobs=1)
    assert again.hits == len(again.files) - 1
    changed = next(f for f in again.files if f.path == str(target))
    assert not changed.cached and any(p.rule == "percent-band" for p in changed.problems)


def test_changing_the_schema_misses_the_store(corpus: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    schemas = []
    for schema in pipeline.SCHEMA_FILES:
        copy = tmp_path / schema.name
        shutil.copyfile(schema, copy)
        schemas.append(copy)
    monkeypatch.setattr(pipeline, "SCHEMA_FILES", tuple(schemas))
    store = tmp_path / "store"
    assert _warm(corpus, store).hits > 0
    schemas[0].write_text(schemas[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build_files([corpus], store=store, today=TODAY, jobs=1).hits == 0


def test_changing_the_tool_misses_the_store(corpus: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    tool = tmp_path / "tool"
    shutil.copytree(pipeline.TOOL_DIR, tool, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pipeline, "TOOL_DIR", tool)
    store = tmp_path / "store"
    assert _warm(corpus, store).hits > 0
    rule_module = tool / "check" / "rules" / "dosing.py"
    rule_module.write_text(rule_module.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert build_files([corpus], store=store, today=TODAY, jobs=1).hits == 0


def test_a_new_tool_or_library_version_misses_the_store(corpus: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    assert _warm(corpus, store).hits > 0
    monkeypatch.setattr(pipeline.build_tools, "__version__", "99.0.0")
    assert build_files([corpus], store=store, today=TODAY, jobs=1).hits == 0
    monkeypatch.undo()
    real = pipeline.metadata.version
    monkeypatch.setattr(pipeline.metadata, "version",
                        lambda lib: "0.0.1" if lib == "pydantic" else real(lib))
    assert build_files([corpus], store=store, today=TODAY, jobs=1).hits == 0


def test_another_day_misses_the_store(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert _warm(corpus, store).hits > 0
    later = build_files([corpus], store=store, today=TODAY + dt.timedelta(days=1), jobs=1)
    assert later.hits == 0


def test_a_damaged_store_entry_is_recomputed(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = _warm(corpus, store)
    for record in store.rglob("*.json"):  # the records (products have other suffixes)
        record.write_text("{truncated", encoding="utf-8")
    again = build_files([corpus], store=store, today=TODAY, jobs=1)
    assert again.hits == 0 and _texts(again) == _texts(first)


def test_products_are_what_each_stage_makes(tmp_path: Path) -> None:
    folder = tmp_path / "monographs"
    folder.mkdir()
    source = ROOT / "monographs" / "nusinersen.yaml"
    shutil.copyfile(source, folder / "nusinersen.yaml")
    store = tmp_path / "store"
    result = build_files([folder], want=("page", "search", "export"), store=store, today=TODAY,
                         jobs=1, repo_root=tmp_path)
    (only,) = result.valid
    model = check_file(source, today=TODAY).model
    assert model is not None
    assert only.product("page").read_text(encoding="utf-8") == render_monograph(model)
    assert only.product("search").read_text(encoding="utf-8") == search_document(model)
    expected = export_monograph(model, SourceFile("monographs/nusinersen.yaml", only.sha256))
    assert tuple(only.product(kind).read_bytes() for kind in ("export", "export_document", "export_fhir")) \
        == expected.stored_files()
    # A check-only entry does not satisfy a request for products: they are made then.
    other = tmp_path / "other"
    check_only = build_files([folder], store=other, today=TODAY, jobs=1)
    assert check_only.valid[0].stem is not None and not check_only.valid[0].product("page").exists()
    full = build_files([folder], want=("page",), store=other, today=TODAY, jobs=1)
    assert full.hits == 0 and full.valid[0].product("page").exists()


def test_a_file_changed_during_the_run_is_not_stored(tmp_path: Path) -> None:
    path = tmp_path / "base.yaml"
    shutil.copyfile(FIXTURES / "valid" / "base.yaml", path)
    store = tmp_path / "store"
    task = pipeline._task(path, TODAY, frozenset(), store, "fp", None)
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = pipeline._work(task)
    assert result.stem is None and not any(store.rglob("*"))


def test_a_file_changed_while_making_products_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "base.yaml"
    shutil.copyfile(FIXTURES / "valid" / "base.yaml", path)
    store = tmp_path / "store"
    task = pipeline._task(path, TODAY, frozenset({"page"}), store, "fp", None)
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = pipeline._work(task)
    assert [p.text().split(": ")[0:2] for p in result.problems] == [[f"{path}:1:1", "file-changed"]]
    assert not result.valid and not any(store.rglob("*"))


def test_an_unwritable_store_checks_without_it_but_refuses_products(tmp_path: Path) -> None:
    folder = tmp_path / "monographs"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "valid" / "base.yaml", folder / "base.yaml")
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    result = build_files([folder], store=blocked / "store", today=TODAY, jobs=1)
    assert result.problems == [] and result.hits == 0 and result.files[0].stem is None
    with pytest.raises(pipeline.StoreError, match="cannot write the build store"):
        build_files([folder], want=("page",), store=blocked / "store", today=TODAY, jobs=1)


def test_unknown_products_and_products_without_a_store_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown products"):
        build_files([tmp_path], want=("pdf",), store=tmp_path)
    with pytest.raises(ValueError, match="need a store"):
        build_files([tmp_path], want=("page",), store=None)
