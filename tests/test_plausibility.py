"""Plausibility rules: mistakes that validate but mislead are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.check.load import load_bytes
from build_tools.check.rules.corpus import drug_key
from build_tools.check.validate import check_document
from build_tools.cli import main
from tests.conftest import FIXTURES, TODAY

BASE = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8")
DAILY = "        frequency:\n          every: {value: 1, unit: d}\n"


def _lines(text: str, rule: str) -> list[str]:
    checked = check_document(load_bytes(text.encode(), "base.yaml"), TODAY)
    return [p.text() for p in checked.problems if p.rule == rule]


@pytest.mark.parametrize(("times", "every", "text", "says"), [
    (2, "{value: 1, unit: d}", "Take once daily with food.", "the text says once daily, but the frequency is twice daily"),
    (1, "{value: 1, unit: d}", "Give BID.", "the text says twice daily, but the frequency is once daily"),
    (1, "{value: 8, unit: h}", "10 mg twice a day", "the text says twice daily, but the frequency is three times daily"),
    (1, "{value: 1, unit: wk}", "Inject once a day.", "the text says once daily, but the frequency is once weekly"),
])
def test_text_naming_another_frequency_is_warned(times: int, every: str, text: str, says: str) -> None:
    phase = BASE.replace(DAILY, f"        frequency:\n          times: {times}\n          every: {every}\n"
                                f"        text: {text}\n")
    assert phase != BASE
    lines = _lines(phase, "text-contradicts")
    assert len(lines) == 1 and says in lines[0] and ": warning: " in lines[0], lines


@pytest.mark.parametrize("text", [
    "Take once daily with food.",  # agrees
    "Every 24 hours, at the same time.",  # agrees
    "Twice daily for a week, then once daily.",  # names two: prose about several phases, not checked
    "Take with a full glass of water.",  # names none
])
def test_text_that_agrees_or_names_no_single_frequency_is_not_warned(text: str) -> None:
    phase = BASE.replace(DAILY, DAILY + f"        text: {text}\n")
    assert _lines(phase, "text-contradicts") == []


def test_duplicate_synonyms_and_interactions_are_errors_but_scoped_ones_are_not() -> None:
    text = BASE.replace("  categories: [Example class]\n",
                        "  synonyms: [EX-1, ex-1, EX1]\n  categories: [Example class]\n")
    lines = _lines(text, "duplicate-entry")
    assert len(lines) == 1 and "this synonym is listed twice" in lines[0]  # EX1 is a spelling of its own
    reactions = BASE.replace("    band: gt-10-percent\n    cite: [label]\n",
                             "    band: gt-10-percent\n    regions: [US]\n    cite: [label]\n"
                             "  - term: Nausea\n    system: Gastrointestinal\n    percent: 20\n"
                             "    band: gt-10-percent\n    regions: [EU]\n    cite: [label]\n", 1)
    assert reactions != BASE
    assert _lines(reactions, "duplicate-entry") == []  # one per region: two labels, two rates
    children = reactions.replace("    regions: [EU]\n", "    population: children\n")
    assert _lines(children, "duplicate-entry") == []


@pytest.mark.parametrize(("a", "b", "same"), [
    ("amlodipine besylate", "Amlodipine", True),
    ("metformin hydrochloride", "metformin HCl", True),
    ("heparin sodium", "heparin", True),
    ("tacrolimus monohydrate", "tacrolimus", True),
    ("insulin glargine", "insulin aspart", False),
    ("sodium chloride", "potassium chloride", False),  # all salt words: never matched
])
def test_salt_forms_name_the_same_drug(a: str, b: str, same: bool) -> None:
    assert (drug_key(a) == drug_key(b) and drug_key(a) != "") is same


def test_new_refuses_a_salt_form_of_an_existing_monograph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "monographs"
    folder.mkdir()
    (folder / "base.yaml").write_text(BASE.replace("generic_name: examplomab", "generic_name: examplomab\n  synonyms: [EXM-7]"),
                                      encoding="utf-8")
    for name in ("examplomab sodium", "EXM-7 hydrochloride"):
        assert main(["new", name, "--dir", str(folder)]) == 1
        err = capsys.readouterr().err
        assert "is the drug of" in err and "base.yaml" in err and "nothing was written" in err
    assert sorted(p.name for p in folder.iterdir()) == ["base.yaml"]
    assert main(["new", "otheromab", "--dir", str(folder)]) == 0


@pytest.mark.parametrize(("old", "new", "says"), [
    ("routes: [oral]", "routes: [PO]", "'routes item 1' is the text 'PO', which is not an allowed value; did you mean 'oral'?"),
    ("routes: [oral]", "routes: [IV]", "did you mean 'intravenous'?"),
    ("routes: [oral]", "routes: [Oral]", "did you mean 'oral'?"),
    ("routes: [oral]", "routes: [subcutanous]", "did you mean 'subcutaneous'?"),
    ("    percent: 12", "    percent: 5%", "'percent' must be a number, not the text '5%'; write 5 (a percent, without the % sign)"),
])
def test_messages_say_what_was_meant(old: str, new: str, says: str) -> None:
    text = BASE.replace(old, new, 1)
    checked = check_document(load_bytes(text.encode(), "base.yaml"), TODAY)
    lines = [p.text() for p in checked.problems if p.rule == "schema"]
    assert len(lines) == 1 and says in lines[0], lines
    assert "'0'" not in lines[0] and "put the unit in 'unit'" not in lines[0]


def test_a_number_with_a_unit_is_told_about_unit_only_where_there_is_one() -> None:
    text = BASE.replace("amount: {value: 10, unit: mg}\n        frequency", "amount: {value: 10 mg, unit: mg}\n        frequency")
    checked = check_document(load_bytes(text.encode(), "base.yaml"), TODAY)
    assert [p.message for p in checked.problems] == [
        "'value' must be a number, not the text '10 mg'; write the number alone and put the unit in 'unit'"]


def test_a_misspelt_source_id_gets_a_did_you_mean() -> None:
    text = BASE.replace("  cite: [label]\nadverse_reactions", "  cite: [lable]\nadverse_reactions", 1)
    checked = check_document(load_bytes(text.encode(), "base.yaml"), TODAY)
    lines = [p.message for p in checked.problems if p.rule == "source-undeclared"]
    assert lines == ["cites source 'lable', which is not declared; did you mean 'label'? add it to "
                     "'sources' or fix the id (declared: label)"]
