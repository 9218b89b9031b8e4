"""The publish gate: an incomplete draft validates (saying what it lacks) but is left out of the
site and the export; a monograph that says it is finished must be."""

from __future__ import annotations

import json
from pathlib import Path

from build_tools.check.load import load_bytes
from build_tools.check.validate import check_document
from build_tools.editors.scaffold import scaffold
from build_tools.export_command import export_paths
from build_tools.site.render import render_monograph
from tests.conftest import FIXTURES, ROOT, TODAY
from tests.site_build import build_site

BASE = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8")


def _problems(text: str, name: str) -> list[str]:
    return [p.text() for p in check_document(load_bytes(text.encode(), name), TODAY).problems]


def test_a_scaffold_is_an_incomplete_draft_that_says_what_it_lacks() -> None:
    lines = _problems(scaffold("examplomycin", TODAY), "examplomycin.yaml")
    assert not [x for x in lines if ": error" in x or ": warning" not in x], lines
    gate = [x for x in lines if ": publish-ready: " in x]
    assert len(gate) == 1
    assert ("incomplete draft, not published on the site or in the export: no dosage forms, "
            "indications, dosing, adverse reactions, sources and ") in gate[0]
    assert "TODO marker(s)" in gate[0]


def test_a_monograph_dated_today_is_valid_today() -> None:
    """An editor's monograph dated the real day of the run passes (no frozen 'today')."""
    import datetime as dt

    today = dt.date.today().isoformat()
    text = BASE.replace('"2026-01-01"', f'"{today}"')
    assert f'"{today}"' in text
    assert [x for x in _problems(text, "base.yaml") if ": error" in x or ": warning" in x] == []


def test_a_finished_status_with_a_section_deleted_is_an_error() -> None:
    start = BASE.index("storage:\n")
    without = BASE[:start] + BASE[BASE.index("adverse_reactions:\n"):]
    lines = _problems(without, "base.yaml")
    assert any(": publish-ready: status 'draft' says the monograph is finished, but it has no "
               "storage;" in x for x in lines), lines
    incomplete = without.replace("  status: draft\n", "  status: incomplete\n")
    assert [x for x in _problems(incomplete, "base.yaml") if "publish-ready" in x and ": warning" not in x] == []


def test_a_section_marked_not_applicable_says_so_on_the_page() -> None:
    text = (FIXTURES / "valid" / "not-applicable.yaml").read_text(encoding="utf-8")
    model = check_document(load_bytes(text.encode(), "not-applicable.yaml"), TODAY).model
    assert model is not None
    page = render_monograph(model)
    storage = page[page.index("## Storage"):page.index("## Adverse reactions")]
    assert "Not applicable: Made up at the bedside and given at once; nothing is stored." in storage
    assert "Sections that do not apply:" in page


def test_the_build_and_the_export_leave_out_incomplete_drafts(tmp_path: Path) -> None:
    draft = scaffold("examplomycin", TODAY)
    unfinished = BASE.replace("id: base", "id: unfinished").replace("examplomab", "unfinimab").replace("Examplo", "Unfino").replace(
        "  status: draft\n", "  status: incomplete\n")
    monographs = {"base.yaml": BASE, "examplomycin.yaml": draft, "unfinished.yaml": unfinished}
    result = build_site(tmp_path, monographs)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "monographs/base/index.html").is_file()
    for ident in ("examplomycin", "unfinished"):
        assert not (site / "monographs" / ident).exists()
        assert not list((site / "api").rglob(f"{ident}*")), ident
    index = json.loads(next((site / "api").rglob("index.json")).read_text(encoding="utf-8"))
    assert "unfinished" not in json.dumps(index) and "base" in json.dumps(index)
    folder = tmp_path / "monographs"
    out = tmp_path / "export"
    problems = export_paths([folder], out, store=None, today=TODAY, repo_root=tmp_path)
    assert not [p for p in problems if p.severity == "error"]
    assert {p.stem for p in out.rglob("*.json")} & {"base", "unfinished", "examplomycin"} \
        == {"base"}
    assert ROOT.exists()
