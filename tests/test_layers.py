"""The code's shape: stages import one way (import-linter's contract in pyproject.toml), and no
module grows past about 600 lines."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 620


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package in ``project`` (imported from there, not the install)."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([str(LINT), "--no-cache", str(project / "pyproject.toml")], cwd=project,
                          env=env, capture_output=True, text=True, check=False, timeout=300)


def test_stages_import_one_way() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "wrong_way"), [
    ("model/units.py", "from build_tools.site import render"),  # the ground reaching up
    ("site/svg.py", "from build_tools.api import canonical"),  # one sibling into the other
    ("check/validate.py", "import build_tools.build.pipeline"),  # checking reaching into the build
])
def test_a_wrong_way_import_breaks_the_contract(tmp_path: Path, module: str, wrong_way: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(ROOT / "build_tools", project / "build_tools",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    planted = project / "build_tools" / module
    planted.write_text(planted.read_text(encoding="utf-8") + f"\n{wrong_way}  # planted\n", encoding="utf-8")
    result = _lint(project)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    importer = "build_tools." + module.removesuffix(".py").replace("/", ".")
    assert importer in result.stdout, result.stdout


def test_no_module_is_too_long() -> None:
    long = {path.relative_to(ROOT).as_posix(): n
            for path in sorted((ROOT / "build_tools").rglob("*.py"))
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules by what they do (at most about 600 lines each): {long}"
