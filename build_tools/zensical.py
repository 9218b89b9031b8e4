"""``make site-zensical``: the same site built by Zensical, an adapter like the mkdocs plugin.

Zensical reads mkdocs.yml but runs no mkdocs plugins, so this module runs the site build's
first step itself, writes a derived configuration (mkdocs.yml with the generated pages as
docs_dir, Zensical's own search off, the classic look and the search bundles in ``extra``),
runs ``zensical build`` into a staging folder, adds the export and the search index, and swaps
the result in as site/. Zensical empties its output folder on every build and can leave a
half-built one when it fails: the staging folder keeps both away from site/.

Usage: ``python -m build_tools.zensical [--config mkdocs.yml]``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from build_tools.build.site_source import (
    SiteBuildError,
    options_from_config,
    publish_outputs,
    write_site_source,
)
from build_tools.plumbing.files import swap_in_folder

#: The derived configuration, beside mkdocs.yml (Zensical resolves every path from its folder
#: and refuses a site_dir outside it).
DERIVED_CONFIG = ".zensical.yml"


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The ``monographs`` plugin's options in mkdocs.yml (it may be listed bare or with options)."""
    for entry in config.get("plugins") or []:
        if entry == "monographs":
            return {}
        if isinstance(entry, dict) and "monographs" in entry:
            return dict(entry["monographs"] or {})
    raise SiteBuildError("mkdocs.yml does not list the monographs plugin, so it names no options "
                         "for the site build")


def _nav_targets(nav: Any) -> list[str]:
    """Every page a nav names (Zensical does not check that they exist)."""
    if isinstance(nav, str):
        return [] if "://" in nav else [nav]
    if isinstance(nav, list):
        return [t for item in nav for t in _nav_targets(item)]
    if isinstance(nav, dict):
        return [t for value in nav.values() for t in _nav_targets(value)]
    return []


def derived_config(config: dict[str, Any], pages_dir: str, site_dir: str, bundles: list[str]) -> dict[str, Any]:
    """mkdocs.yml as Zensical should read it for this site."""
    out = dict(config)
    out["docs_dir"] = pages_dir
    out["site_dir"] = site_dir
    out["theme"] = {**config.get("theme", {}), "variant": "classic"}
    out["plugins"] = {"search": {"enabled": False}}  # our search box and Pagefind index instead
    out["extra"] = {**(config.get("extra") or {}), "monograph_search_bundles": bundles}
    return out


def build(config_path: Path) -> Path:
    """Build the site in mkdocs.yml's site_dir with Zensical and return that folder; raises
    SiteBuildError."""
    root = config_path.resolve().parent
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    options = options_from_config(root, root / config.get("docs_dir", "docs"), _plugin_options(config),
                           config.get("repo_url"), config.get("edit_uri"))
    source = write_site_source(options)
    for p in source.problems:
        print(p.text(), file=sys.stderr)
    missing = [t for t in _nav_targets(config.get("nav")) if not (options.pages_dir / t).is_file()]
    if missing:
        raise SiteBuildError(f"mkdocs.yml's nav names pages that do not exist: {', '.join(missing)}")
    final = root / str(config.get("site_dir", "site"))
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=root))
    try:
        derived = derived_config(config, options.pages_dir.relative_to(root).as_posix(),
                                 staging.relative_to(root).as_posix(), source.bundles)
        (root / DERIVED_CONFIG).write_text(
            "# Derived from mkdocs.yml by build_tools.zensical on every build: edit mkdocs.yml.\n"
            + yaml.safe_dump(derived, sort_keys=False, allow_unicode=True), encoding="utf-8")
        zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
        if zensical is None:
            raise SiteBuildError("zensical is not installed (the development lock installs 0.0.73: "
                                 "`make site-zensical` sets it up)")
        done = subprocess.run([zensical, "build", "-f", DERIVED_CONFIG], cwd=root, check=False,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SiteBuildError(f"zensical build exited with {done.returncode}:\n"
                                 f"{(done.stdout + done.stderr).strip()[-4000:]}")
        publish_outputs(staging, source, options, site_name=config.get("site_name", ""))
        staging.chmod(0o755)
        swap_in_folder(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def main(argv: list[str] | None = None) -> int:
    """Command line: build, print the problem (never a traceback) and exit 1 on failure."""
    parser = argparse.ArgumentParser(prog="python -m build_tools.zensical", description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml")
    args = parser.parse_args(argv)
    try:
        site = build(args.config)
    except (SiteBuildError, OSError, yaml.YAMLError) as exc:
        print(f"site-zensical: {exc}", file=sys.stderr)
        return 1
    print(f"site-zensical: built {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
