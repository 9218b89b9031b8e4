"""Build the site (or a variant of it) into a temporary folder, as the tests need it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def build_site(dest: Path, monographs: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Copy the site sources to ``dest`` (optionally with other monographs) and run mkdocs."""
    for name in ("docs", "site_overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    target = dest / "monographs"
    if monographs is None:
        shutil.copytree(ROOT / "monographs", target)
    else:
        target.mkdir()
        for name, text in monographs.items():
            (target / name).write_text(text, encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    return subprocess.run(
        [str(mkdocs), "build", "--strict", "-q", "-f", str(dest / "mkdocs.yml"), "-d", str(dest / "site")],
        capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
