"""Clinical diff: planted clinical changes are reported in clinical words; reformatting is not."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.editors import clinical_diff, versions
from build_tools.editors.clinical_diff import Change, diff_monographs, format_changes, md_escape
from build_tools.editors.fmt import format_text
from build_tools.editors.history import history_markdown
from build_tools.editors.versions import parse_monograph, read_folder, read_revision
from build_tools.model import Monograph
from tests.conftest import FIXTURES

BASE = (FIXTURES / "valid" / "nusinersen.yaml").read_text(encoding="utf-8")
MAINTENANCE = (
    "        dose:\n"
    "          basis: per-administration\n"
    "          amount: {value: 12, unit: mg}\n"
    "          volume: {value: 5, unit: mL}\n"
    "        frequency:\n"
    "          every: {value: 4, unit: mo}\n"
)
# The fixture is in canonical order; this copy is not (pharmacology's distribution and
# metabolism come before its pharmacokinetics), so formatting it is a real reformat.
_PK_START = BASE.index("  pharmacokinetics:\n")
_PK_END = BASE.index("  distribution:", _PK_START)
_DIST_END = BASE.index("  cite:", _PK_END)
UNFORMATTED = BASE[:_PK_START] + BASE[_PK_END:_DIST_END] + BASE[_PK_START:_PK_END] + BASE[_DIST_END:]
RASH = ("  - {term: Rash, system: Dermatologic, percent: 5, band: 1-to-10-percent, cite: [lexicomp]}\n")


def _model(text: str) -> Monograph:
    version = parse_monograph(text.encode("utf-8"), "nusinersen.yaml")
    assert version.model is not None, f"{version.problems} problem(s) in the planted text"
    return version.model


def _texts(old: str, new: str) -> list[str]:
    return [c.text for c in diff_monographs(_model(old), _model(new))]


def _planted() -> str:
    assert BASE.count(MAINTENANCE) == 1 and BASE.count("max_duration: {value: 14, unit: d}") == 1
    text = BASE.replace(MAINTENANCE, MAINTENANCE.replace("value: 12, unit: mg", "value: 10, unit: mg"))
    text = text.replace("max_duration: {value: 14, unit: d}", "max_duration: {value: 7, unit: d}")
    return text.replace("  - {term: Skin rash,", RASH + "  - {term: Skin rash,")


def test_planted_changes_are_reported_in_clinical_words() -> None:
    texts = _texts(BASE, _planted())
    # regimens are named by indication, population, route and region, their id last; a part
    # whose values changed while its words did not is flagged
    stale = 'values changed but the text did not: "12 mg once every 4 months after the loading doses."; check it still matches'
    assert texts == [
        "dosing > Spinal muscular atrophy (SMA), Adults, intrathecal (sma-adult) > maintenance: dose 12 mg (5 mL) -> 10 mg (5 mL)",
        f"dosing > Spinal muscular atrophy (SMA), Adults, intrathecal (sma-adult) > maintenance: {stale}",
        "dosing > Spinal muscular atrophy (SMA), Infants, children and adolescents, intrathecal (sma-pediatric) > maintenance: dose 12 mg (5 mL) -> 10 mg (5 mL)",
        f"dosing > Spinal muscular atrophy (SMA), Infants, children and adolescents, intrathecal (sma-pediatric) > maintenance: {stale}",
        "storage > excursion for Intact vials in the original carton: limit 14 d -> 7 d",
        "storage > excursion for Intact vials in the original carton: values changed but the text did not: "
        '"May be kept at or below 30 °C (86 °F) for up to 14 days in the carton, away f..."; check it still matches',
        "adverse reaction added: Rash (5%)",
    ]


def test_each_change_names_its_monograph_section_and_kind() -> None:
    changes = diff_monographs(_model(BASE), _model(_planted()))
    assert {c.monograph for c in changes} == {"nusinersen"}
    assert [(c.section, c.kind) for c in changes] == [
        ("dosing", "changed")] * 4 + [("storage", "changed")] * 2 + [("adverse_reactions", "added")]


def test_reformatting_reports_nothing() -> None:
    assert format_text(BASE) == BASE  # the fixture is in canonical order
    reformatted = format_text(UNFORMATTED)
    assert reformatted != UNFORMATTED  # this copy is not in canonical order: a real reformat
    requoted = reformatted.replace("unit: mg}", 'unit: "mg"}').replace("value: 12,", "value: 12.0,")
    expanded = requoted.replace("phases: *sma-phases", "phases:\n" + _phases_block(requoted))
    assert _texts(UNFORMATTED, expanded) == []


def _phases_block(text: str) -> str:
    """The anchored phases written out in full (an alias replaced by a copy is not a change)."""
    start = text.index("phases: &sma-phases\n") + len("phases: &sma-phases\n")
    end = text.index("    notes:", start)
    return text[start:end].rstrip("\n")


@pytest.mark.parametrize(("edit", "expected"), [
    (("percent: 58,", "percent: 60,"), "adverse reactions > Proteinuria: incidence 58% -> 60%"),
    (("  - {term: Fever, system: Miscellaneous, percent: 43, band: gt-10-percent, cite: [lexicomp]}\n", ""),
     "adverse reaction removed: Fever (43%)"),
    (("temperature: {gte: 2, lte: 8, unit: Cel}", "temperature: {gte: 2, lte: 6, unit: Cel}"),
     "storage > condition for Intact vials: temperature 2 to 8 °C -> 2 to 6 °C"),
    (("      protect_from_light: true\n      do_not_freeze: true\n", "      do_not_freeze: true\n"),
     "storage > condition for Intact vials: protect from light yes -> no"),
    (("count: 3\n", "count: 4\n"), "dosing > Spinal muscular atrophy (SMA), Adults, intrathecal (sma-adult) > loading: count 3 -> 4"),
    (("start_after: {value: 30, unit: d}", "start_after: {value: 28, unit: d}"),
     "dosing > Spinal muscular atrophy (SMA), Adults, intrathecal (sma-adult) > loading-4: starts after 30 d -> 28 d"),
    (("  synonyms: [nusinersen sodium]", "  synonyms: [nusinersen sodium, ISIS 396443]"),
     "identity: synonym added: ISIS 396443"),
    (("    populations: [adult, pediatric]\n", "    populations: [pediatric]\n"),
     "indications > sma: populations adult, pediatric -> pediatric"),
])
def test_single_edits(edit: tuple[str, str], expected: str) -> None:
    assert BASE.count(edit[0]) == 1
    assert expected in _texts(BASE, BASE.replace(*edit))


def test_review_status_and_reviewers() -> None:
    reviewed = BASE.replace("  status: draft\n", "  status: reviewed\n  reviewers:\n"
                            '    - {name: A. Reviewer, role: Clinical pharmacist, date: "2026-11-21"}\n')
    assert _texts(BASE, reviewed) == [
        "review: status draft -> reviewed",
        "review: reviewer added: A. Reviewer, Clinical pharmacist (2026-11-21)",
    ]


ADULT = "Spinal muscular atrophy (SMA), Adults, intrathecal (sma-adult)"


def test_added_and_removed_monographs() -> None:
    model = _model(BASE)
    added = diff_monographs(None, model)
    assert added[0] == Change("nusinersen", "added", "", "monograph added: nusinersen (Spinraza [US]), status draft")
    facts = [c.text for c in added]
    assert f"regimen {ADULT}: loading (loading: 12 mg (5 mL), every 14 days, 3 doses); " in facts[1]
    assert any(f.startswith("storage Intact vials: refrigerated, 2 to 8 °C") for f in facts)
    assert diff_monographs(model, None) == [Change("nusinersen", "removed", "", "monograph removed")]
    assert diff_monographs(None, None) == []
    assert diff_monographs(model, model) == []


def test_markdown_output_escapes_data() -> None:
    assert md_escape("<script>*x*</script> [a](b) | ~y~") == (
        "&lt;script>\\*x\\*&lt;/script> \\[a\\](b) &#124; &#126;y&#126;")
    changes = [Change("x", "added", "", "adverse reaction added: <b>Rash</b> (5%)")]
    out = format_changes(changes, "markdown")
    assert out.startswith("## Clinical changes\n") and "&lt;b>Rash&lt;/b>" in out and "<b>" not in out
    assert "No clinical changes" in format_changes([], "markdown")
    assert format_changes([], "text") == "no clinical changes"


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="monographs")
    clinical_diff.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_diff_command_between_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "nusinersen.yaml").write_text(BASE, encoding="utf-8")
    (new / "nusinersen.yaml").write_text(_planted(), encoding="utf-8")
    shutil.copy(FIXTURES / "valid" / "base.yaml", new / "base.yaml")
    (new / "broken.yaml").write_text("id: broken\nflag: no\n", encoding="utf-8")
    assert _run(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "base\n  monograph added" in out
    assert "broken\n  the new version does not validate (1 problem(s))" in out
    assert "  storage > excursion for Intact vials in the original carton: limit 14 d -> 7 d" in out
    assert _run(["diff", str(old), str(new), "--format", "markdown"]) == 0
    assert f"### nusinersen\n\n- dosing > {ADULT} > maintenance: dose 12 mg (5 mL) -> 10 mg (5 mL)" in (
        capsys.readouterr().out)
    assert _run(["diff", str(old), str(old)]) == 0
    assert capsys.readouterr().out.strip() == "no clinical changes"


# ---------------------------------------------------------------------------------------------
# git revisions and the history page
# ---------------------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
           "GIT_AUTHOR_DATE": "2026-11-20T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-20T10:00:00Z"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose history adds nusinersen, reformats it, then changes it clinically."""
    (tmp_path / "monographs").mkdir()
    _git(tmp_path, "init", "-q", "-b", "main")
    path = tmp_path / "monographs" / "nusinersen.yaml"
    path.write_text(UNFORMATTED, encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "Add nusinersen")
    path.write_text(format_text(UNFORMATTED), encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-am", "Format nusinersen")
    path.write_text(format_text(_planted()), encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-am", "Nusinersen: new <label> dosing")
    path.write_text("id: work in progress\n", encoding="utf-8")  # uncommitted, must not be read
    return tmp_path


@needs_git
def test_revisions_are_read_from_git_without_checkout(repo: Path) -> None:
    head = read_revision(repo, "HEAD")
    assert list(head) == ["nusinersen"] and head["nusinersen"].model is not None
    first = read_revision(repo, "HEAD~2")
    changes = diff_monographs(first["nusinersen"].model, head["nusinersen"].model)
    assert "adverse reaction added: Rash (5%)" in [c.text for c in changes]
    assert diff_monographs(read_revision(repo, "HEAD~2")["nusinersen"].model,
                           read_revision(repo, "HEAD~1")["nusinersen"].model) == []
    assert read_folder(repo / "monographs")["nusinersen"].model is None  # the working tree differs
    with pytest.raises(versions.GitError):
        read_revision(repo, "no-such-revision")


@needs_git
def test_diff_command_between_revisions(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    assert _run(["diff", "HEAD~1", "HEAD", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "- adverse reaction added: Rash (5%)" in out
    assert _run(["diff", "HEAD~2", "HEAD~1"]) == 0
    assert capsys.readouterr().out.strip() == "no clinical changes"
    assert _run(["diff", "HEAD", "monographs"]) == 0  # a revision against the working folder
    assert "the new version does not validate" in capsys.readouterr().out
    assert _run(["diff", "nope", "HEAD"]) == 2


@needs_git
def test_history_page(repo: Path) -> None:
    page = history_markdown(repo)
    assert page is not None and page.startswith("# What changed\n")
    assert "## 2026-11-20: Nusinersen: new &lt;label> dosing" in page
    assert "    - adverse reaction added: Rash (5%)" in page
    assert "    - monograph added" in page
    assert "Format nusinersen" not in page  # formatting only: nothing clinical to show
    assert page.index("new &lt;label> dosing") < page.index("monograph added")  # newest first
    limited = history_markdown(repo, limit=1)
    assert limited is not None and "monograph added" not in limited


@needs_git
def test_history_page_without_history(tmp_path: Path) -> None:
    assert history_markdown(tmp_path) is None  # not a repository
    _git(tmp_path, "init", "-q")
    assert history_markdown(tmp_path) is None  # no commits


def test_every_list_of_parts_has_a_matching_rule() -> None:
    """Each kind of list entry is matched by id or subject, never by position."""
    from pydantic import BaseModel

    from build_tools.editors.clinical_diff import _ENTRIES, _IGNORED
    from build_tools.model.tree import child_model

    missing: set[str] = set()
    todo: list[type[BaseModel]] = [Monograph]
    seen: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            child = child_model(model, name)
            if child is None:
                continue
            todo.append(child)
            is_list = "list[" in str(info.annotation)
            if is_list and child not in _ENTRIES and name not in _IGNORED:
                missing.add(f"{model.__name__}.{name}")
    assert missing == set()


def test_a_frequency_change_is_said_in_clinical_words() -> None:
    base = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8")
    twice = base.replace("        frequency:\n          every: {value: 1, unit: d}\n",
                         "        frequency:\n          times: 2\n          every: {value: 1, unit: d}\n")
    assert twice != base
    assert _texts(twice, base) == ["dosing > Example condition, adult, oral (adult) > daily: "
                                   "frequency twice a day -> once a day"]
