"""lookups.json: from a code or brand to the monographs, for every code the monographs give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.api.contract import schema_errors
from build_tools.build.publish import write_export
from build_tools.check.load import load_bytes
from build_tools.check.validate import check_document
from build_tools.compute.codes import ndc11
from tests.conftest import FIXTURES, TODAY

BASE = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("printed", "eleven"), [
    ("0002-1433-80", "00002143380"),  # 4-4-2
    ("50090-347-01", "50090034701"),  # 5-3-2
    ("64406-0058-1", "64406005801"),  # 5-4-1
    ("64406-0058-01", "64406005801"),  # already 5-4-2
])
def test_ndc_in_eleven_digits(printed: str, eleven: str) -> None:
    assert ndc11(printed) == eleven


def _monograph(ident: str, brand: str, codes: str, ndc: str) -> str:
    text = (BASE.replace("id: base", f"id: {ident}").replace("examplomab", f"{ident}mab")
            .replace("Examplo", brand)
            .replace("  categories: [Example class]\n", f"  codes: {codes}\n  categories: [Example class]\n")
            .replace("    brands: [", f"    ndc: [{ndc}]\n    brands: [", 1))
    return text


def _export(tmp_path: Path, texts: dict[str, str]) -> tuple[Path, list[str]]:
    folder = tmp_path / "monographs"
    folder.mkdir()
    models = []
    for ident, text in texts.items():
        (folder / f"{ident}.yaml").write_text(text, encoding="utf-8")
        checked = check_document(load_bytes(text.encode(), f"{ident}.yaml"), TODAY)
        assert checked.model is not None, [p.text() for p in checked.problems]
        models.append(checked.model)
    out = tmp_path / "api"
    write_export(models, out, repo_root=tmp_path)
    return out, [m.id for m in models]


def test_lookups_lead_from_each_code_and_brand_to_its_monograph(tmp_path: Path) -> None:
    texts = {
        "alpha": _monograph("alpha", "Alphavex", '{rxcui: "1364430", unii: 3Z9Y7UWC1J, atc: [B01AF02]}', "0003-0893-21"),
        "beta": _monograph("beta", "Beta Max", "{atc: [B01AF02]}", "50090-347-01"),
    }
    out, _ = _export(tmp_path, texts)
    lookups = json.loads((out / "lookups.json").read_text(encoding="utf-8"))
    assert schema_errors("lookups", lookups) == []
    assert lookups["rxcui"] == {"1364430": ["alpha"]}
    assert lookups["unii"] == {"3Z9Y7UWC1J": ["alpha"]}
    assert lookups["atc"] == {"B01AF02": ["alpha", "beta"]}
    assert lookups["ndc"] == {"0003-0893-21": ["alpha"], "50090-347-01": ["beta"]}
    assert lookups["ndc11"] == {"00003089321": ["alpha"], "50090034701": ["beta"]}
    assert lookups["brand"] == {"alphavex": ["alpha"], "beta max": ["beta"]}
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    alpha = next(e for e in index["monographs"] if e["id"] == "alpha")
    assert alpha["codes"] == {"rxcui": "1364430", "unii": "3Z9Y7UWC1J", "atc": ["B01AF02"],
                              "ndc": ["0003-0893-21"]}
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert "lookups.json" in meta["files"]


def test_a_published_export_lists_every_code_it_holds(tmp_path: Path) -> None:
    """Whatever the monographs are: each code in an index entry is in the lookups, and back."""
    out, ids = _export(tmp_path, {"gamma": _monograph("gamma", "Gammo", "{unii: AAAAAAAAAA}", "1111-2222-33"),
                                  "delta": BASE.replace("id: base", "id: delta")})
    lookups = json.loads((out / "lookups.json").read_text(encoding="utf-8"))
    for entry in json.loads((out / "index.json").read_text(encoding="utf-8"))["monographs"]:
        codes = entry["codes"]
        for kind in ("rxcui", "unii"):
            if codes[kind]:
                assert entry["id"] in lookups[kind][codes[kind]]
        for kind in ("atc", "ndc"):
            for code in codes[kind]:
                assert entry["id"] in lookups[kind][code]
    listed = {i for kind in ("rxcui", "unii", "atc", "ndc", "ndc11", "brand") for ids in lookups[kind].values() for i in ids}
    assert listed <= set(ids) and "delta" in lookups["brand"]["examplo"]
