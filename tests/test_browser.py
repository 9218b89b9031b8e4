"""The built site in headless Chromium: search, pictures, accessibility (axe-core) and print."""

from __future__ import annotations

import functools
import http.server
import math
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from build_tools.bench import RESULTS_FOR_QUERY_JS
from tests.conftest import ROOT
from tests.site_build import build_site, hostile_monograph

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


SMALL_BUNDLES = 4


def _require(condition: bool, why: str) -> None:
    """In CI a missing browser or axe-core is a failure; on a laptop the test is skipped."""
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)


def _serve(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    dest = tmp_path_factory.mktemp("browser")
    result = build_site(dest)
    assert result.returncode == 0, result.stderr
    yield from _serve(dest / "site")


@pytest.fixture(scope="module", params=[None, SMALL_BUNDLES], ids=["one-bundle", "bundles-of-4"])
def search_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site with its search index in one bundle, and split into bundles of four monographs
    (merged in the browser, as a corpus of thousands is): ranking must hold for both."""
    dest = tmp_path_factory.mktemp("search")
    options = {"search_bundle_size": request.param} if request.param else None
    result = build_site(dest, plugin_options=options)
    assert result.returncode == 0, result.stderr
    yield from _serve(dest / "site")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    dest = tmp_path_factory.mktemp("hostile")
    result = build_site(dest, {"hostile.yaml": hostile_monograph()})
    assert result.returncode == 0, result.stderr
    yield from _serve(dest / "site")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require(Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _page(browser: Any, url: str, width: int = 1280) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 1000})
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    page.goto(url)
    page.external_requests = external
    return page


SEARCH_INPUT = ".monograph-search input.monograph-search__input"
RESULT_LINK = ".monograph-search a.monograph-search__link"
DRAWER = ".monograph-search .monograph-search__drawer"


def _search(browser: Any, server: str, query: str) -> Any:
    """Type a query and wait for its own results (a prefix's results may show first)."""
    page = _page(browser, server + "/")
    page.click(SEARCH_INPUT)
    page.keyboard.type(query, delay=30)
    page.wait_for_function(RESULTS_FOR_QUERY_JS, arg=query, timeout=15000)
    # Each result shows once its fragment has loaded: wait for the first page of them.
    page.wait_for_function("""(sel) => {
        const m = document.querySelector('.monograph-search .monograph-search__message');
        const count = parseInt(m.textContent.replace(/,/g, ''), 10);
        return document.querySelectorAll(sel).length >= Math.min(count, 8);
    }""", arg=RESULT_LINK, timeout=15000)
    return page


def _result_hrefs(page: Any) -> list[str]:
    """The result links in order, read in one go (the list re-renders as results load)."""
    hrefs: list[str] = page.evaluate(
        "(sel) => [...document.querySelectorAll(sel)].map(a => a.getAttribute('href') || '')",
        RESULT_LINK)
    return hrefs


def test_search_brand_name_lands_on_monograph(browser: Any, search_server: str) -> None:
    page = _search(browser, search_server, "Spinraza")
    page.locator(RESULT_LINK).first.click()
    page.wait_for_url("**/monographs/nusinersen/**")
    assert page.locator("h1").inner_text().replace("¶", "").strip().lower() == "nusinersen"
    assert page.external_requests == []


@pytest.mark.parametrize("query", ["nusinersen", "antisense", "nusinersen sodium"])
def test_search_finds_by_generic_class_and_synonym(browser: Any, search_server: str, query: str) -> None:
    page = _search(browser, search_server, query)
    assert "monographs/nusinersen" in _result_hrefs(page)[0]


def test_search_is_full_text_over_adverse_reactions(browser: Any, search_server: str,
                                                   request: pytest.FixtureRequest) -> None:
    page = _search(browser, search_server, "thrombocytopenia")
    merged = (page.get_attribute("#monograph-search", "data-merge") or "").split()
    bundles = math.ceil(len(list((ROOT / "monographs").glob("*.yaml"))) / 4)  # grows with the corpus
    expected = [str(i) for i in range(2, bundles + 1)] if "bundles-of-4" in request.node.name else []
    assert [m.removesuffix("/").rsplit("pagefind/", 1)[-1] for m in merged] == expected, merged
    found = {h.rstrip("/").rsplit("/", 1)[-1] for h in _result_hrefs(page)}
    # In bundles of four (alphabetical), these five drugs lie in different bundles.
    assert {"nusinersen", "enoxaparin", "vancomycin", "digoxin", "ceftriaxone"} <= found, found


@pytest.mark.parametrize(("query", "drug"), [("antidiabetic", "metformin"),
                                             ("sympathomimetic", "epinephrine"),
                                             ("glucocorticoid", "prednisone")])
def test_search_ranks_a_class_hit_above_mentions(browser: Any, search_server: str, query: str,
                                                 drug: str) -> None:
    """The query is the drug's class; other drugs only mention it (interactions, warnings)."""
    page = _search(browser, search_server, query)
    hrefs = _result_hrefs(page)
    assert len(hrefs) >= 2 and f"monographs/{drug}/" in hrefs[0], hrefs


def test_search_engine_loads_when_the_box_gets_focus(browser: Any, search_server: str) -> None:
    """A reader who never searches downloads no index; focusing the box starts loading it."""
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(search_server + "/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "/pagefind/" in u]
    page.focus(SEARCH_INPUT)
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(e => e.name.includes('/pagefind/') && e.name.includes('.pf_meta'))")
    assert any(u.endswith("/pagefind/pagefind.js") for u in requested), requested
    page.close()


def test_search_shows_more_results_and_moves_by_keyboard(browser: Any, search_server: str) -> None:
    """Eight results at a time; "More results" adds the next ones and focuses the first of
    them; arrow keys walk the list; Enter in the box opens the first result."""
    page = _search(browser, search_server, "dose")
    message = page.inner_text(".monograph-search__message")
    total = int(message.split()[0].replace(",", ""))
    assert total > 8, message
    assert len(_result_hrefs(page)) == 8
    titles = page.evaluate("() => [...document.querySelectorAll('a.monograph-search__link')]"
                           ".map(a => a.textContent)")
    assert titles and not [t for t in titles if "¶" in t], titles  # no heading permalink marks
    page.click(".monograph-search__more")
    page.wait_for_function("(n) => document.querySelectorAll('a.monograph-search__link').length === n",
                           arg=min(total, 16))
    assert page.evaluate("() => document.activeElement.matches('a.monograph-search__link')")
    hrefs = _result_hrefs(page)
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == hrefs[8]
    assert len(set(hrefs)) == len(hrefs)
    page.focus(SEARCH_INPUT)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == hrefs[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "monograph-search-input"
    page.keyboard.press("Enter")
    page.wait_for_url("**" + hrefs[0])
    page.close()


def test_search_escape_clears_the_box_and_closes_the_results(browser: Any, search_server: str) -> None:
    page = _search(browser, search_server, "nusinersen")
    assert page.locator(DRAWER).is_visible()
    page.keyboard.press("Escape")
    assert page.input_value(SEARCH_INPUT) == ""
    assert page.locator(DRAWER).is_hidden()
    page.close()


def test_search_results_show_hostile_text_as_text(browser: Any, hostile_server: str) -> None:
    """Monograph text reaches the search results as text: no markup, no script, no dialog."""
    page = _page(browser, hostile_server + "/")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.click(SEARCH_INPUT)
    page.keyboard.type("alert", delay=30)
    page.wait_for_function(RESULTS_FOR_QUERY_JS, arg="alert", timeout=15000)
    drawer = page.locator(DRAWER)
    assert "alert(" in drawer.inner_text()
    tags = page.evaluate("""() => [...document.querySelectorAll('.monograph-search .monograph-search__drawer *')]
        .map(e => e.tagName.toLowerCase())""")
    assert not {"script", "img", "b", "iframe"} & set(tags), sorted(set(tags))
    handlers = page.evaluate("""() => [...document.querySelectorAll('.monograph-search *')]
        .flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))""")
    assert handlers == [] and dialogs == []


def test_schedule_picture_visible_and_screenshot(browser: Any, server: str) -> None:
    page = _page(browser, server + "/monographs/nusinersen/")
    svg = page.locator("svg.timeline").first
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 400
    assert page.locator("svg.storage-chart").first.is_visible()
    assert page.locator(".draft-banner").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "nusinersen.png"), full_page=True)
    assert (ARTIFACTS / "nusinersen.png").stat().st_size > 10_000


MONOGRAPH_IDS = sorted(p.stem for p in (ROOT / "monographs").glob("*.yaml"))


@pytest.mark.parametrize("ident", MONOGRAPH_IDS)
def test_every_monograph_page_renders_and_is_photographed(browser: Any, server: str, ident: str) -> None:
    """Each drug's page opens with its name, its draft status and no script error; a full-page
    screenshot goes to tests/artifacts/pages/ for a clinician to read."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + f"/monographs/{ident}/")
    assert page.locator("h1").first.is_visible()
    assert page.locator(".mono-meta .status").first.is_visible()
    assert errors == []
    shots = ARTIFACTS / "pages"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{ident}.png"), full_page=True)
    assert (shots / f"{ident}.png").stat().st_size > 10_000


@pytest.mark.parametrize("path", ["/", "/browse/a-z/", "/monographs/nusinersen/"])
def test_axe_finds_no_serious_violations(browser: Any, server: str, path: str) -> None:
    _require(AXE.exists(), "axe-core is not installed (cd tests/js && npm ci)")
    page = _page(browser, server + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []


def test_print_hides_navigation(browser: Any, server: str) -> None:
    page = _page(browser, server + "/monographs/nusinersen/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".monograph-search", ".md-footer"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator(".boxed-warning, .draft-banner").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    assert len(page.pdf(format="Letter")) > 1000
