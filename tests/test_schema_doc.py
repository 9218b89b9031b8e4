"""Generated editor docs cover every rule and schema property; the workflow files are sound."""

from __future__ import annotations

import functools
import json
import re
import shlex
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from build_tools.check.rules import RULES
from build_tools.editors.schema_doc import (
    RULES_MARKER,
    cell_text,
    expand_markers,
    rules_markdown,
    schema_reference_markdown,
)
from build_tools.model.schema_gen import SCHEMA_PATH
from tests.conftest import ROOT

SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
DEFINITIONS: list[tuple[str, dict[str, Any]]] = [("(top level)", SCHEMA), *SCHEMA["$defs"].items()]
PROPERTIES = [(definition, prop, spec) for definition, body in DEFINITIONS
              for prop, spec in body.get("properties", {}).items()]


def test_every_rule_id_and_description_is_in_the_rule_list() -> None:
    page = rules_markdown()
    for rule in RULES.values():
        assert f"| `{rule.id}` | {rule.severity} |" in page
        assert cell_text(rule.description) in page


def test_errors_page_holds_the_marker_the_rule_list_replaces() -> None:
    errors = (ROOT / "docs" / "editors" / "errors.md").read_text(encoding="utf-8")
    assert RULES_MARKER in errors
    expanded = expand_markers(errors)
    assert RULES_MARKER not in expanded and rules_markdown() in expanded
    assert expand_markers("no marker") == "no marker"


@pytest.mark.parametrize(("definition", "prop", "spec"), PROPERTIES,
                         ids=[f"{d}.{p}" for d, p, _ in PROPERTIES])
def test_every_property_description_is_in_the_schema_reference(
    definition: str, prop: str, spec: dict[str, Any]
) -> None:
    assert spec.get("description"), f"{definition}.{prop} has no description in the schema"
    assert f"| `{prop}` |" in _section(definition)
    assert cell_text(spec["description"]) in _section(definition)


@functools.cache
def _page() -> str:
    return schema_reference_markdown()


def _section(definition: str) -> str:
    page = _page()
    start = page.index(f"## {definition}\n") if definition != "(top level)" else page.index("(top level)\n")
    end = page.find("\n## ", start + 1)
    return page[start:] if end < 0 else page[start:end]


def test_schema_reference_shows_required_allowed_values_and_examples() -> None:
    excursion = _section("Excursion")
    assert "| `applies_to` | text (1 to 200 characters) | yes |" in excursion
    assert "| `cumulative` | true/false | no (default `false`) |" in excursion
    assert "| `max_duration` | [Duration](#duration) | no |" in excursion
    assert "| `max_duration` | [Duration](#duration) | yes |" in _section("InUseLimit")
    band = next(line for line in _section("AdverseReaction").splitlines() if line.startswith("| `band`"))
    assert "`gt-10-percent`, `1-to-10-percent`, `lt-1-percent`, `postmarketing`" in band
    assert "`US`, `CA`, `EU`, `GB`" in _section("Brand")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and (found.get("href") or "").startswith("#"):
            self.links.add(str(found["href"])[1:])


def test_schema_reference_renders_with_working_links() -> None:
    html = markdown.markdown(schema_reference_markdown(), extensions=["tables", "toc"])
    parser = _Ids()
    parser.feed(html)
    assert parser.links and parser.links <= parser.ids
    tables = sum(1 for name, spec in DEFINITIONS if spec.get("properties") or name == "Unit") + 1  # + units
    assert html.count("<table>") == tables
    assert "|" not in re.sub(r"<code>.*?</code>", "", html)  # no table row fell apart


# ---------------------------------------------------------------------------------------------
# Pull-request workflow, template and pre-commit hooks
# ---------------------------------------------------------------------------------------------


def _ci_command() -> str:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")][-1]


def _steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "checks.yml").read_text())
    assert isinstance(workflow, dict)
    assert "pull_request" in workflow.get("on", workflow.get(True, {}))  # PyYAML reads on: as true
    jobs = list(workflow["jobs"].values())
    assert len(jobs) == 1
    steps: list[dict[str, Any]] = jobs[0]["steps"]
    return steps


def test_workflow_runs_the_same_test_command_as_ci() -> None:
    assert _ci_command() == "make test"
    runs = [str(step.get("run", "")).strip() for step in _steps()]
    assert _ci_command() in runs


def test_workflow_validates_first_and_always_reports_the_clinical_changes() -> None:
    """Annotations come before the test suite (an editor sees line notes, not a pytest dump),
    every later step runs after a failure, and the clinical summary always runs."""
    steps = _steps()
    runs = [str(s.get("run", "")) for s in steps]
    validate = next(i for i, r in enumerate(runs) if "validate --format github" in r)
    tests = runs.index("make test")
    assert validate < tests
    for step in steps[validate + 1:]:
        assert str(step.get("if", "")).startswith("always()"), step.get("name")
    sticky = [s for s in steps if "sticky-pull-request-comment" in str(s.get("uses", ""))]
    assert len(sticky) == 1 and sticky[0]["with"]["header"] == "clinical-changes"


def test_workflow_runs_the_editor_checks() -> None:
    steps = _steps()
    python = next(s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python"))
    assert str(python["with"]["python-version"]) == "3.11"
    commands = [shlex.split(str(s.get("run", "")).replace("\n", " ")) for s in steps]
    flat = [" ".join(c) for c in commands]
    assert any(c.endswith("monographs validate --format github") for c in flat)
    assert any(c.endswith("monographs fmt --check") for c in flat)
    assert any(c.endswith("mkdocs build --strict") for c in flat)
    summary = next(c for c in flat if "monographs diff" in c)
    assert "monographs diff origin/${{ github.base_ref }} HEAD --format markdown > clinical-changes.md" in summary
    assert "cat clinical-changes.md >> $GITHUB_STEP_SUMMARY" in summary
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_pull_request_template_has_the_reviewers_checklist() -> None:
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for item in ("Sources checked", "Units", "Both temperature scales", "Populations", "Review status"):
        assert re.search(rf"- \[ \] \*\*{item}\*\*", template), item


def test_pre_commit_hooks_fix_then_validate_the_whole_folder() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    assert [hook["entry"] for hook in hooks] == [".venv/bin/monographs fix",
                                                 ".venv/bin/monographs validate monographs"]
    assert hooks[1]["pass_filenames"] is False  # cross-file rules see every monograph
    assert all(hook["language"] == "system" and re.match(hook["files"], "monographs/x.yaml")
               for hook in hooks)


def test_pre_commit_rewrites_a_sloppy_monograph_for_real(tmp_path: Path) -> None:
    """pre-commit itself, in a scratch repository: the fix hook rewrites the staged file and
    stops the commit; once added, the commit's hooks pass."""
    import shutil
    import subprocess

    repo = tmp_path / "repo"
    (repo / "monographs").mkdir(parents=True)
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)
    sloppy = (ROOT / "tests" / "fixtures" / "fix" / "sloppy.yaml").read_text(encoding="utf-8")
    (repo / "monographs" / "sloppy.yaml").write_text(sloppy, encoding="utf-8")
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(tmp_path),
           "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"), "PYTHONPATH": str(ROOT),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=300)

    assert run("git", "init", "-q").returncode == 0
    assert run("git", "add", "-A").returncode == 0
    first = run(str(Path(sys.executable).with_name("pre-commit")), "run")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    fixed = (repo / "monographs" / "sloppy.yaml").read_text(encoding="utf-8")
    assert fixed == (ROOT / "tests" / "fixtures" / "fix" / "sloppy.fixed.yaml").read_text(encoding="utf-8")
    assert run("git", "add", "-A").returncode == 0
    second = run(str(Path(sys.executable).with_name("pre-commit")), "run")
    assert second.returncode == 0, second.stdout + second.stderr


def test_editor_guide_exists_and_links_the_error_page() -> None:
    guide = (ROOT / "docs" / "editors" / "index.md").read_text(encoding="utf-8")
    assert "](errors.md)" in guide
    for phrase in ("monographs new", "draft", "reviewed", "reviewers", "banner"):
        assert phrase in guide
    assert Path(ROOT / "docs" / "editors" / "errors.md").exists()
