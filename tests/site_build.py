"""Build the site (or a variant of it) into a temporary folder, as the tests need it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT

HOSTILE = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "**bold** _it_ `code` <b onmouseover=alert(1)>hover</b>",
]


def copy_site_sources(dest: Path, monographs: dict[str, str] | None = None,
                      plugin_options: dict[str, int | str] | None = None) -> None:
    """Copy the site sources to ``dest``, with the repository's monographs or the ones given,
    and the monographs plugin's options in mkdocs.yml set as given."""
    for name in ("docs", "site_overrides"):
        shutil.copytree(ROOT / name, dest / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if plugin_options:
        options = "".join(f"\n      {key}: {value}" for key, value in plugin_options.items())
        assert "\n  - monographs\n" in config
        config = config.replace("\n  - monographs\n", f"\n  - monographs:{options}\n")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    target = dest / "monographs"
    if monographs is None:
        shutil.copytree(ROOT / "monographs", target)
    else:
        target.mkdir()
        for name, text in monographs.items():
            (target / name).write_text(text, encoding="utf-8")


#: The environment mkdocs runs in for the tests (no user configuration leaks in); the plugin is
#: imported from this checkout, whichever checkout the environment was installed from.
MKDOCS_ENV = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
MKDOCS = Path(sys.executable).with_name("mkdocs")


def build_site(dest: Path, monographs: dict[str, str] | None = None,
               plugin_options: dict[str, int | str] | None = None,
               files: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Copy the site sources to ``dest`` (optionally with other monographs or plugin options,
    and other ``files`` by path relative to ``dest``) and run mkdocs."""
    copy_site_sources(dest, monographs, plugin_options)
    for rel, text in (files or {}).items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, encoding="utf-8")
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-q", "-f", str(dest / "mkdocs.yml"), "-d", str(dest / "site")],
        capture_output=True, text=True, env=MKDOCS_ENV, check=False,
    )


def hostile_monograph() -> str:
    """A valid monograph whose text fields carry script, handler and link payloads."""
    text = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8")
    text = text.replace("id: base", "id: hostile")
    for i, payload in enumerate(HOSTILE):
        quoted = '"' + payload.replace("\\", "\\\\").replace('"', '\\"') + '"'
        text = text.replace("condition: Example condition", f"condition: {quoted}", 1) if i == 0 else text
        text = text.replace("    title: Example label", f"    title: {quoted}", 1) if i == 1 else text
        text = text.replace("  generic_name: examplomab", f"  generic_name: {quoted}", 1) if i == 2 else text
        text = text.replace("  categories: [Example class]", f"  categories: [{quoted}]", 1) if i == 3 else text
        text = text.replace("    - name: Examplo\n", f"    - name: {quoted}\n", 1) if i == 5 else text
    text = text.replace("    brands: [Examplo]\n", "")
    text = text.replace("    term: Nausea", '    term: "' + HOSTILE[4].replace('"', '\\"') + '"')
    return text
