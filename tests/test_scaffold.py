"""``monographs new``: the template validates as a draft and lists its TODOs as warnings."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from build_tools.check.load import load_bytes
from build_tools.check.validate import check_file, check_paths
from build_tools.editors import scaffold as scaffold_mod
from build_tools.editors.fmt import format_text
from build_tools.editors.scaffold import MODELINE, scaffold, slugify
from build_tools.model import Monograph
from tests.conftest import TODAY


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="monographs")
    scaffold_mod.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def _write(folder: Path, name: str) -> Path:
    path = folder / f"{slugify(name)}.yaml"
    path.write_text(scaffold(name, today=TODAY), encoding="utf-8")
    return path


def test_scaffold_validates_as_an_incomplete_draft_with_todo_warnings(tmp_path: Path) -> None:
    path = _write(tmp_path, "Examplomab")
    checked = check_file(path, display=path.name, today=TODAY)
    errors = [p.text() for p in checked.problems if p.severity == "error"]
    assert errors == []
    assert checked.model is not None and checked.model.review.status == "incomplete"
    warnings = [p for p in checked.problems if p.severity == "warning"]
    # a fresh scaffold is unfinished: TODO markers, statements that cite no label yet, and the
    # publish gate saying what it lacks
    assert warnings and {p.rule for p in warnings} <= {"todo", "provenance", "publish-ready"}
    assert "todo" in {p.rule for p in warnings}
    todo_lines = {i for i, line in enumerate(path.read_text().splitlines(), 1)
                  if re.search(r"\bTODO\b", line)}
    assert {p.line for p in warnings if p.rule == "todo"} == todo_lines


def test_scaffold_starts_with_the_schema_modeline_and_has_every_section() -> None:
    text = scaffold("Examplomab", today=TODAY)
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/monograph.schema.json"
    assert text.splitlines()[0] == MODELINE
    data = load_bytes(text.encode(), "examplomab.yaml").data
    assert data is not None
    assert list(data) == list(Monograph.model_fields)  # every section, in canonical order
    assert data["id"] == "examplomab" and data["identity"]["generic_name"] == "Examplomab"
    assert data["review"] == {"status": "incomplete", "last_updated": TODAY.isoformat(),
                              "changes": [{"date": TODAY.isoformat(), "summary": data["review"]["changes"][0]["summary"]}]}


def test_scaffold_is_already_in_canonical_form() -> None:
    text = scaffold("Insulin glargine", today=TODAY)
    assert format_text(text) == text


def test_scaffold_invents_no_clinical_numbers() -> None:
    data = load_bytes(scaffold("Examplomab", today=TODAY).encode(), "x").data
    assert data is not None
    for section in ("dosage_forms", "dosing", "adverse_reactions", "sources", "dose_adjustments"):
        assert data[section] == []
    assert data["storage"] == {"conditions": [], "excursions": [], "in_use": []}


@pytest.mark.parametrize(("name", "slug"), [
    ("Nusinersen", "nusinersen"),
    ("Insulin Glargine", "insulin-glargine"),
    ("  co-trimoxazole  ", "co-trimoxazole"),
    ("interferon β-1a", "interferon-beta-1a"),
    ("Peginterferon α-2a", "peginterferon-alfa-2a"),
    ("Café: au lait", "cafe-au-lait"),
    ("x" * 100, "x" * 64),
])
def test_slug(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(("name", "slug"), [
    ("Insulin Glargine", "insulin-glargine"),
    ("Café: au lait", "cafe-au-lait"),
    ("yes", "yes"),
    ("1:30", "1-30"),
])
def test_id_is_a_slug_of_the_name(name: str, slug: str, tmp_path: Path) -> None:
    path = tmp_path / f"{slug}.yaml"
    path.write_text(scaffold(name, today=TODAY), encoding="utf-8")
    checked = check_file(path, display=path.name, today=TODAY)
    assert [p.text() for p in checked.problems if p.severity == "error"] == []
    assert checked.model is not None and checked.model.id == slug


def test_a_name_without_latin_letters_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot make an id"):
        scaffold("日本")


def test_several_scaffolds_validate_together(tmp_path: Path) -> None:
    for name in ("alphamab", "betamab"):
        _write(tmp_path, name)
    corpus = check_paths([tmp_path], today=TODAY)
    assert [p.text() for p in corpus.problems if p.severity == "error"] == []


def test_new_command_writes_the_file_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["new", "Examplomab", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "examplomab.yaml"
    assert capsys.readouterr().out.strip() == str(path)
    assert path.read_text(encoding="utf-8").startswith(MODELINE)
    path.write_text("edited\n", encoding="utf-8")
    assert _run(["new", "Examplomab", "--dir", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "edited\n"


def test_new_command_reports_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["new", "Examplomab", "--dir", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_allowed_values_in_the_examples_come_from_the_models() -> None:
    from typing import get_args

    from build_tools.model import Phase

    text = scaffold("Examplomab", today=TODAY)
    kinds = get_args(Phase.model_fields["kind"].annotation)
    assert "#       kind: ...  # " + ", ".join(kinds[:-1]) + f" or {kinds[-1]}" in text
    assert "<<" not in text
