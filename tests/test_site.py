"""The whole site builds, and no monograph text ever becomes live markup."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.site_build import MKDOCS_ENV, build_site, hostile_monograph


class _Audit(HTMLParser):
    """Collects what would be live in a browser: handlers, script URLs, script bodies."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[str] = []
        self.bad_urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction") and value:
                if value.strip().lower().startswith(("javascript:", "data:text", "vbscript:")):
                    self.bad_urls.append(value)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def audit(site: Path) -> _Audit:
    parser = _Audit()
    for page in site.rglob("*.html"):
        parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    result = build_site(dest)
    assert result.returncode == 0, result.stderr
    return dest / "site"


def test_site_has_pages_and_indexes(real_site: Path) -> None:
    for page in ("index.html", "monographs/nusinersen/index.html", "browse/a-z/index.html",
                 "browse/categories/index.html", "browse/indications/index.html"):
        assert (real_site / page).is_file(), page
    html = (real_site / "monographs/nusinersen/index.html").read_text(encoding="utf-8")
    assert "Unreviewed draft" in html and 'class="draft-banner"' in html
    assert "edit/main/monographs/nusinersen.yaml" in html
    assert "Content-Security-Policy" in html


def test_source_audit_page_lists_monographs_and_links_their_logs(tmp_path: Path) -> None:
    base = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8")
    log = ("# Verification log: base\n\n## Facts checked\n\n| # | fact | result |\n| --- | --- | --- |\n"
           "| 1 | the dose | matched |\n| 2 | the band | corrected |\n")
    result = build_site(tmp_path, {"base.yaml": base, "other.yaml": base.replace("id: base", "id: other").replace("examplomab", "otheromab").replace("Examplo", "Otherplo")},
                        files={"docs/editors/verification/base.md": log})
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/editors/audit/index.html").read_text(encoding="utf-8")
    assert 'href="../../monographs/base/"' in page and 'href="../../monographs/other/"' in page
    assert 'href="../verification/base/">2 (1 matched, 1 corrected)</a>' in page
    assert "no log" in page and "Verification logs for 1 of 2 monographs, 2 facts checked" in page
    assert (tmp_path / "site/editors/verification/base/index.html").is_file()
    nav = page[page.index('class="md-nav md-nav--primary"'):]
    assert "Source audit" in nav


def test_navigation_does_not_list_monographs(real_site: Path) -> None:
    html = (real_site / "browse/a-z/index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"'):html.index("</nav>")]
    assert "nusinersen" not in nav


def test_no_asset_from_another_host(real_site: Path) -> None:
    class Assets(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            d = dict(attrs)
            url = d.get("src") if tag in ("script", "img", "iframe") else (
                d.get("href") if tag == "link" and d.get("rel") in ("stylesheet", "preload", "icon") else None)
            if url and url.startswith(("http:", "https:", "//")):
                self.found.append(url)

    parser = Assets()
    for page in real_site.rglob("*.html"):
        parser.feed(page.read_text(encoding="utf-8"))
    assert parser.found == []


def test_real_site_has_no_live_markup_from_data(real_site: Path) -> None:
    result = audit(real_site)
    assert result.handlers == [] and result.bad_urls == []


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    text = hostile_monograph()
    result = build_site(tmp_path, {"hostile.yaml": text})
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    found = audit(site)
    assert found.handlers == [], found.handlers
    assert found.bad_urls == [], found.bad_urls
    assert not any("alert" in s for s in found.scripts)
    page = (site / "monographs/hostile/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page
    assert "[click me](javascript:alert(1))" in page or "[click me\\](javascript" in page or "click me" in page
    assert "<b onmouseover" not in page and "<strong>bold</strong>" not in page


def test_invalid_monograph_fails_the_build_with_locations(tmp_path: Path) -> None:
    bad = (FIXTURES / "invalid" / "percent-band" / "band-mismatch.yaml").read_text(encoding="utf-8")
    result = build_site(tmp_path, {"band-mismatch.yaml": bad})
    assert result.returncode != 0
    assert "band-mismatch.yaml:45:11: percent-band:" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_search_bundle_size_below_one_is_refused(tmp_path: Path) -> None:
    result = build_site(tmp_path, {}, plugin_options={"search_bundle_size": 0})
    assert result.returncode != 0
    assert "search_bundle_size in mkdocs.yml must be 1 or more" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_site_and_export_untouched(tmp_path: Path) -> None:
    good = (FIXTURES / "valid" / "base.yaml").read_text(encoding="utf-8")
    assert build_site(tmp_path, {"base.yaml": good}).returncode == 0
    before = _snapshot(tmp_path / "site")
    assert "api/v2/monographs/base.json" in before
    broken = good.replace("percent: 12", "percent: 8")  # band no longer matches
    (tmp_path / "monographs" / "base.yaml").write_text(broken, encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict", "-q", "-f", str(tmp_path / "mkdocs.yml"),
                             "-d", str(tmp_path / "site")], capture_output=True, text=True, check=False,
                            env=MKDOCS_ENV)
    assert result.returncode != 0 and "percent-band" in result.stdout + result.stderr
    assert _snapshot(tmp_path / "site") == before
    # No staging folder is left behind; .cache is the content-addressed store of per-file results
    # and .generated-docs the pages the site build wrote for the generator.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", ".generated-docs", "docs", "mkdocs.yml", "monographs",
                                                          "site", "site_overrides"]


def test_search_indexes_every_monograph_with_names_weighted(real_site: Path) -> None:
    import html
    import json
    import re

    from build_tools.check.validate import check_paths
    from build_tools.site.search_doc import NAME_WEIGHT, search_document
    from tests.conftest import ROOT

    monographs = check_paths([ROOT / "monographs"]).monographs
    assert len(monographs) >= 13
    entry = json.loads((real_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    docs_pages = len(list((ROOT / "docs").rglob("*.md"))) + 3  # + the generated editors' pages
    assert entry["languages"]["en"]["page_count"] == len(monographs) + docs_pages
    assert not (real_site / "search" / "search_index.json").exists()  # no whole-site index
    for m in monographs:
        doc = search_document(m)
        names = re.search(rf'<p data-pagefind-weight="{NAME_WEIGHT}">(.*?)</p>', doc)
        for brand in m.identity.brands:
            assert names and brand.name in names.group(1), (m.id, brand.name)
        for name in [*m.identity.categories, m.identity.generic_name,
                     *(r.term for r in m.adverse_reactions)]:
            assert html.escape(name, quote=True) in doc, (m.id, name)
    for key in ("categories", "indications"):
        html = (real_site / "browse" / key / "index.html").read_text(encoding="utf-8")
        assert all(f"monographs/{m.id}/" in html for m in monographs), key
