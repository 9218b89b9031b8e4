"""The same site built by Zensical (``make site-zensical``): Zensical itself is run, on the
repository's monographs, and the result is held to what the mkdocs build gives."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.site_build import MKDOCS, MKDOCS_ENV, copy_site_sources

ZENSICAL = Path(sys.executable).with_name("zensical")
pytestmark = pytest.mark.skipif(not ZENSICAL.is_file(), reason="zensical is not installed (make test installs it)")


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The repository's site built by Zensical, and by mkdocs from the same sources."""
    zen = tmp_path_factory.mktemp("zensical")
    copy_site_sources(zen)
    done = subprocess.run([sys.executable, "-m", "build_tools.zensical", "--config", str(zen / "mkdocs.yml")],
                          cwd=zen, capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    mk = tmp_path_factory.mktemp("mkdocs")
    copy_site_sources(mk)
    done = subprocess.run([str(MKDOCS), "build", "--strict", "-q", "-f", str(mk / "mkdocs.yml"),
                           "-d", str(mk / "site")], capture_output=True, text=True, env=MKDOCS_ENV,
                          check=False, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return zen / "site", mk / "site"


def test_every_monograph_has_its_page_with_the_draft_banner_and_edit_link(both: tuple[Path, Path]) -> None:
    site, _ = both
    stems = sorted(p.stem for p in (ROOT / "monographs").glob("*.yaml"))
    assert stems
    for stem in stems:
        page = (site / "monographs" / stem / "index.html").read_text(encoding="utf-8")
        edits = re.findall(r'<a href="([^"]+)" title="Edit this page"', page)
        assert edits == [f"https://github.com/drug-monographs/drug-monographs/edit/main/monographs/{stem}.yaml"]
        assert "Content-Security-Policy" in page
        draft = yaml.safe_load((ROOT / "monographs" / f"{stem}.yaml").read_bytes())["review"]["status"] == "draft"
        assert ('class="draft-banner"' in page) == draft, stem


def test_search_box_and_index_are_there(both: tuple[Path, Path]) -> None:
    site, _ = both
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="monograph-search" data-bundle="./pagefind/"' in home
    assert (site / "assets" / "monograph-search.js").is_file()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    # every monograph plus the hand-written and generated editor pages
    assert entry["languages"]["en"]["page_count"] > len(list((ROOT / "monographs").glob("*.yaml")))


def test_generated_pages_have_no_edit_link(both: tuple[Path, Path]) -> None:
    site, _ = both
    for page in ("browse/a-z", "browse/categories", "editors/schema", "editors/changes"):
        assert 'title="Edit this page"' not in (site / page / "index.html").read_text(encoding="utf-8"), page


def test_the_export_and_search_index_equal_the_mkdocs_build(both: tuple[Path, Path]) -> None:
    zen, mk = both
    export = _files(zen / "api" / "v2")
    assert export == _files(mk / "api" / "v2")
    index = json.loads((zen / "api" / "v2" / "index.json").read_text(encoding="utf-8"))
    assert sorted(m["id"] for m in index["monographs"]) == sorted(p.stem for p in (ROOT / "monographs").glob("*.yaml"))
    counts = [json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
              ["languages"]["en"]["page_count"] for site in both]
    assert counts[0] == counts[1]


def test_same_pages_as_mkdocs(both: tuple[Path, Path]) -> None:
    zen, mk = both
    pages = {p for p in _files(mk) if p.endswith(".html") and not p.startswith(("api/v2/", "pagefind/"))}
    assert pages == {p for p in _files(zen) if p.endswith(".html") and not p.startswith(("api/v2/", "pagefind/"))}
