"""``make bench``: performance figures on a deterministic synthetic corpus, one per line.

Each stage runs in a fresh child process so its peak memory (max RSS) is its own, and every
ratio compares figures measured in the same run (machines are shared and noisy). Baselines:
a bare C-parser ``yaml.load`` of the same files, ``check-jsonschema`` on them against the same
schema, and a plain ``mkdocs build`` of the same pages written out as Markdown files (Material
with its built-in search, no plugin of ours). Lines read ``name: value unit``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

from build_tools.synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent
#: check-jsonschema reads YAML in pure Python (~8 files/s): at 10,000 files it is timed on a sample.
JSONSCHEMA_SAMPLE = 1000
#: The stages whose whole process tree's memory is sampled (and printed).
TREE_STAGES = frozenset({"site"})
#: Each query is typed this many times, each in a fresh browser: its figure is the median.
SEARCH_TRIALS = 3
#: What each search query stands for: a reaction every synthetic monograph lists (the worst
#: case: all N pages match), a brand, a class (about a tenth match) and a generic name.
SEARCH_QUERIES = {"full_text_all_match": "thrombocytopenia", "brand": "{brand}",
                  "class": "glycopeptide", "generic": "{generic}"}


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory in MB of this process (or of its largest waited-for child)."""
    return resource.getrusage(who).ru_maxrss / 1024


class _TreeMemory:
    """Samples the memory of this process and all its descendants together (the sum of their
    proportional set sizes, so pages a forked worker shares are counted once): per-process
    peaks would hide a build whose parent and indexer peak at the same time.

    Reading a process's PSS walks its page tables: for three 2.7 GB processes a sample took
    over 100 ms, and sampling every 0.1 s took about a core from the stage it measured. So it
    waits at least 20 times as long as the last sample took (0.1 s at least): under 5% of a
    core. Only the stages that report it sample (``TREE_STAGES``)."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            start = time.perf_counter()
            self.peak_mb = max(self.peak_mb, _tree_pss_mb(os.getpid()))
            if self._stop.wait(max(0.1, 20 * (time.perf_counter() - start))):
                return


def _tree_pss_mb(root: int) -> float:
    """The summed PSS (MB) of ``root`` and its descendants, read from /proc (0 where unreadable)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    total_kb = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total_kb += int(line.split()[1])
                break
    return total_kb / 1024


def _copy_site_sources(site: Path) -> None:
    for name in ("docs", "site_overrides"):
        shutil.copytree(ROOT / name, site / name, dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")


def _mkdocs_build(site: Path, config: str = "mkdocs.yml") -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(site / config), site_dir=str(site / "site"), strict=False)
    build(cfg)


def _plain_site(site: Path, store: Path) -> None:
    """The same pages as Markdown files under docs/, and a config without our plugin."""
    from build_tools.build.pipeline import build_files
    from build_tools.editors.schema_doc import schema_reference_markdown
    from build_tools.site.browse import render_indexes

    result = build_files([site / "monographs"], want=("page",), store=store)
    docs = site / "docs"
    (docs / "monographs").mkdir(parents=True, exist_ok=True)
    for f in result.valid:
        assert f.browse is not None
        shutil.copyfile(f.product("page"), docs / "monographs" / f"{f.browse.id}.md")
    for uri, text in render_indexes([f.browse for f in result.valid if f.browse]).items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(text, encoding="utf-8")
    (docs / "editors" / "schema.md").write_text(schema_reference_markdown(), encoding="utf-8")
    (docs / "editors" / "changes.md").write_text("# What changed\n", encoding="utf-8")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - monographs\n", "  - search\n")
    (site / "mkdocs-plain.yml").write_text(config, encoding="utf-8")


def _child(stage: str, folder: Path) -> dict[str, float]:
    """Run one stage in this process and report seconds and peak RSS (MB)."""
    files = sorted(folder.glob("*.yaml"))
    store = folder.parent / "store"
    site = folder.parent
    tree = _TreeMemory() if stage in TREE_STAGES else contextlib.nullcontext()
    with tree:
        start = time.perf_counter()
        extra = _stage(stage, folder, files, store, site)
        start = extra.pop("start", start)
        seconds = time.perf_counter() - start
    if isinstance(tree, _TreeMemory):
        extra["tree_peak_mb"] = tree.peak_mb
    return {"seconds": seconds, "peak_mb": _peak_mb(), "children_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN),
            **extra}


def _stage(stage: str, folder: Path, files: list[Path], store: Path, site: Path) -> dict[str, float]:
    """Run one stage; returns its extra figures ("start" when the timed part starts late)."""
    extra: dict[str, float] = {}
    if stage == "bare":
        import yaml

        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    elif stage == "check_jsonschema":
        sample = [p.name for p in files[:JSONSCHEMA_SAMPLE]]
        exe = Path(sys.executable).with_name("check-jsonschema")
        extra["start"] = time.perf_counter()
        done = subprocess.run([str(exe), "--schemafile", str(ROOT / "schema" / "monograph.schema.json"),
                               *sample], cwd=folder, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"check-jsonschema failed: {done.stdout[-500:]} {done.stderr[-500:]}")
        extra["files"] = len(sample)
    elif stage == "validate_serial":
        from build_tools.check.validate import check_paths

        corpus = check_paths([folder], jobs=1)
        assert not corpus.problems, corpus.problems[:3]
    elif stage in ("validate_cold", "validate_warm"):
        from build_tools.build.pipeline import build_files

        result = build_files([folder], store=store)
        assert not result.problems, result.problems[:3]
        extra["hits"] = result.hits
    elif stage in ("fmt_check", "fix_check"):
        from build_tools.cli import main as cli

        # The generated files are not in canonical form, so every file is fully formatted:
        # the figure is the cost of a check that finds work, as on a fresh checkout.
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            cli([stage.split("_")[0], "--check", str(folder)])
    elif stage == "render":
        from build_tools.check.validate import check_paths
        from build_tools.site.render import render_monograph

        monographs = check_paths([folder]).monographs
        extra["start"] = time.perf_counter()
        for m in monographs:
            render_monograph(m)
    elif stage == "export":
        from build_tools.build.publish import write_export
        from build_tools.check.validate import check_paths

        corpus = check_paths([folder])
        extra["start"] = time.perf_counter()
        write_export(corpus, folder.parent / "export", repo_root=folder.parent)
    elif stage in ("export_cold", "export_warm"):
        # `monographs export`: the workers check and export each file into the store (cold);
        # with nothing changed it only assembles the stored parts (warm).
        from build_tools.export_command import export_paths

        problems = export_paths([folder], folder.parent / "export-cli", repo_root=folder.parent,
                                store=folder.parent / "export-store")
        assert not problems, problems[:3]
    elif stage == "site":
        shutil.rmtree(store, ignore_errors=True)
        _copy_site_sources(site)
        extra["start"] = time.perf_counter()
        _mkdocs_build(site)
        entry = site / "site" / "pagefind" / "pagefind-entry.json"
        extra["search_bytes"] = sum(p.stat().st_size for p in (site / "site" / "pagefind").rglob("*")
                                    if p.is_file()) if entry.exists() else 0.0
    elif stage == "site_edit":
        # `mkdocs serve --dirty` after an editor saves one monograph: the session's first build
        # (untimed; the pages from the site stage are current, so none is rewritten), the edit,
        # then the timed rebuild, where the store answers for every other file.
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        cfg = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"), strict=False)
        cfg.plugins.on_startup(command="serve", dirty=True)
        build(cfg, serve_url="http://127.0.0.1:8000/", dirty=True)
        victim = files[len(files) // 2]
        victim.write_text(victim.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        extra["start"] = time.perf_counter()
        build(cfg, serve_url="http://127.0.0.1:8000/", dirty=True)
    elif stage == "plain_mkdocs":
        _plain_site(site, folder.parent / "plain-store")
        extra["start"] = time.perf_counter()
        _mkdocs_build(site, "mkdocs-plain.yml")
        index = site / "site" / "search" / "search_index.json"
        extra["search_bytes"] = index.stat().st_size if index.exists() else 0.0
    elif stage == "search":
        extra.update(_search_figures(site / "site", files))
    return extra


def _search_figures(site: Path, files: list[Path]) -> dict[str, float]:
    """Bytes fetched before the first results and latency after the last keystroke, in
    headless Chromium, for a full-text term, a brand, a class and a generic name."""
    import yaml
    from playwright.sync_api import sync_playwright

    sample = yaml.load(files[len(files) // 3].read_bytes(), Loader=yaml.CSafeLoader)
    names = {"brand": sample["identity"]["brands"][0]["name"], "generic": sample["identity"]["generic_name"]}
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    worst_bytes = 0.0
    latencies: dict[str, float] = {}
    worst_trial = 0.0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    headless=True, args=args)
        for kind, template in SEARCH_QUERIES.items():
            query = template.format(**names)
            trials = []
            for _ in range(SEARCH_TRIALS):
                # A fresh context per trial: nothing comes from the HTTP cache of an earlier one.
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                _QuietHandler.served.clear()
                page.goto(url)
                page.click(".monograph-search input.monograph-search__input")
                page.keyboard.type(query[:-1], delay=40)
                t0 = time.perf_counter()
                page.keyboard.type(query[-1])
                # Results for a prefix of the query may already show: wait for the whole query's.
                page.wait_for_function(RESULTS_FOR_QUERY_JS, arg=query, timeout=30000, polling=5)
                trials.append(time.perf_counter() - t0)
                worst_bytes = max(worst_bytes, float(sum(_QuietHandler.served)))
                context.close()
            latencies[kind] = statistics.median(trials)
            worst_trial = max(worst_trial, *trials)
        # The engine alone (Pagefind's own API, no UI, index already loaded): how much of the
        # worst query's latency is the search itself.
        page = browser.new_page()
        page.goto(url)
        engine = float(page.evaluate(ENGINE_SEARCH_JS, SEARCH_QUERIES["full_text_all_match"]))
        page.close()
        browser.close()
    httpd.shutdown()
    ordered = sorted(latencies.values())
    return {"bytes_before_first_results": worst_bytes, "latency_max_s": ordered[-1],
            "latency_worst_trial_s": worst_trial,
            "engine_search_all_match_s": engine / 1e3,
            "latency_median_s": ordered[len(ordered) // 2],
            **{f"latency_{kind}_s": seconds for kind, seconds in latencies.items()}}


#: True once the search box shows the results of the whole query ``q`` (not of a prefix of it).
RESULTS_FOR_QUERY_JS = """(q) => {
  const m = document.querySelector('.monograph-search__message');
  return m !== null && m.textContent.trim().endsWith('for ' + q)
    && document.querySelector('.monograph-search a.monograph-search__link') !== null;
}"""


#: Milliseconds Pagefind's own search takes for ``q`` once its index chunks are loaded.
ENGINE_SEARCH_JS = """async (q) => {
  const root = document.getElementById('monograph-search');
  const path = (p) => new URL(p, location.href).pathname;
  const pagefind = await import(path(root.dataset.bundle + 'pagefind.js'));
  // As the search box sets it (assets/monograph-search.js).
  await pagefind.options({ranking: {termFrequency: 0.0}, noWorker: true});
  for (const bundle of (root.dataset.merge || '').split(' ').filter((b) => b)) {
    await pagefind.mergeIndex(path(bundle));
  }
  await pagefind.preload(q);
  await pagefind.search(q);
  const t0 = performance.now();
  await pagefind.search(q);
  return performance.now() - t0;
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and counts the bytes of every file it sends: requests made inside a web
    worker (Pagefind searches in one) do not show in the page's own network events."""

    served: ClassVar[list[int]] = []
    #: Keep-alive, as any production web server does (the default, HTTP/1.0, opens a new
    #: connection for every file).
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """No request log in the figures."""

    def copyfile(self, source: Any, outputfile: Any) -> None:
        """Send a file's body, counting its size."""
        self.served.append(os.fstat(source.fileno()).st_size)
        super().copyfile(source, outputfile)


class _TimedOut(Exception):
    """A stage ran past its time limit (its figure is then a bound, not a value)."""


def _run(stage: str, folder: Path, limit: float | None = None) -> dict[str, float]:
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    try:
        out = subprocess.run([sys.executable, "-m", "build_tools.bench", "--child", stage, str(folder)],
                             capture_output=True, text=True, check=False, env=env, timeout=limit)
    except subprocess.TimeoutExpired:
        raise _TimedOut(stage) from None
    if out.returncode != 0:
        raise SystemExit(f"bench stage {stage} failed:\n{out.stderr[-2000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _line(name: str, value: float, unit: str) -> None:
    print(f"{name}: {value:.4g} {unit}", flush=True)


def _optional(stage: str, folder: Path, limit: float | None = None) -> dict[str, float] | None:
    try:
        return _run(stage, folder, limit)
    except SystemExit as exc:
        print(f"{stage}: unavailable ({str(exc).splitlines()[-1][:200]})", flush=True)
        return None


def _bench_size(n: int, folder: Path, with_site: bool) -> dict[str, float]:
    paths = write_corpus(folder, n)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    _line(f"corpus_{n}.size", mb * 1e3 / n, "KB/monograph")
    bare = _run("bare", folder)
    _line(f"load_bare_c_{n}.throughput", n / bare["seconds"], "monographs/s")
    cj = _optional("check_jsonschema", folder)
    if cj:
        _line(f"check_jsonschema_{n}.throughput", cj["files"] / cj["seconds"],
              f"monographs/s (on {int(cj['files'])} files)")
    if n <= 1000:
        serial = _run("validate_serial", folder)
        _line(f"validate_serial_{n}.throughput", n / serial["seconds"], "monographs/s")
    cold = _run("validate_cold", folder)
    warm = _run("validate_warm", folder)
    _line(f"validate_cold_{n}.wall", cold["seconds"], "s")
    _line(f"validate_cold_{n}.throughput", n / cold["seconds"], "monographs/s")
    _line(f"validate_cold_{n}.per_monograph", cold["seconds"] / n * 1e3, "ms")
    _line(f"validate_cold_{n}.peak_memory", max(cold["peak_mb"], cold["children_peak_mb"]), "MB")
    _line(f"validate_cold_{n}.ratio_to_bare_c_load", cold["seconds"] / bare["seconds"], "x")
    if cj:
        _line(f"validate_cold_{n}.ratio_to_check_jsonschema",
              (cold["seconds"] / n) / (cj["seconds"] / cj["files"]), "x")
    _line(f"validate_warm_{n}.wall", warm["seconds"], "s")
    _line(f"validate_warm_{n}.unchanged_files", warm["hits"], "files")
    for tool in ("fmt", "fix"):
        done = _run(f"{tool}_check", folder)
        _line(f"{tool}_check_{n}.wall", done["seconds"], "s (every core)")
        _line(f"{tool}_check_{n}.ratio_to_validate_cold", done["seconds"] / cold["seconds"], "x")
    ren = _run("render", folder)
    _line(f"render_{n}.throughput", n / ren["seconds"], "monographs/s")
    exp = _optional("export", folder)
    if exp:
        _line(f"export_{n}.throughput", n / exp["seconds"], "monographs/s (from the validated models, both cores)")
        _line(f"export_{n}.peak_memory", max(exp["peak_mb"], exp["children_peak_mb"]), "MB")
    for kind in ("cold", "warm"):
        cli = _optional(f"export_{kind}", folder)
        if cli:
            _line(f"export_command_{kind}_{n}.throughput", n / cli["seconds"], "monographs/s")
            _line(f"export_command_{kind}_{n}.peak_memory",
                  max(cli["peak_mb"], cli["children_peak_mb"]), "MB")
    figures: dict[str, float] = {}
    if not with_site:
        return figures
    site = _run("site", folder)
    figures["site"] = site["seconds"] / n
    _line(f"site_build_{n}.wall", site["seconds"], "s")
    _line(f"site_build_{n}.per_monograph", site["seconds"] / n * 1e3, "ms")
    _line(f"site_build_{n}.peak_memory", site["peak_mb"], "MB")
    # The largest child: a validation worker (forked, so it counts what it shares with the
    # build) or the search indexer, whichever peaked higher.
    _line(f"site_build_{n}.largest_child_process_peak_memory", site["children_peak_mb"], "MB")
    _line(f"site_build_{n}.peak_memory_all_processes", site["tree_peak_mb"],
          "MB (the build, its workers and indexers together: summed PSS, sampled every 0.1 s or more)")
    _line(f"site_build_{n}.search_index_per_monograph", site["search_bytes"] / n / 1e3, "KB")
    search = _optional("search", folder)
    if search:
        _line(f"search_{n}.bytes_before_first_results", search["bytes_before_first_results"] / 1e6, "MB")
        _line(f"search_{n}.latency_after_last_keystroke_max", search["latency_max_s"] * 1e3,
              f"ms (the slowest query; each query's figure is the median of {SEARCH_TRIALS} fresh browsers)")
        _line(f"search_{n}.latency_after_last_keystroke_worst_single_trial",
              search["latency_worst_trial_s"] * 1e3, "ms")
        _line(f"search_{n}.latency_after_last_keystroke_median", search["latency_median_s"] * 1e3, "ms")
        _line(f"search_{n}.engine_search_all_match", search["engine_search_all_match_s"] * 1e3,
              "ms (Pagefind's own search, index loaded)")
        for kind in SEARCH_QUERIES:
            _line(f"search_{n}.latency_after_last_keystroke_{kind}", search[f"latency_{kind}_s"] * 1e3, "ms")
    edit = _run("site_edit", folder)
    _line(f"serve_dirty_rebuild_one_edit_{n}.wall", edit["seconds"], "s")
    # The plain build gets 1.25x our build's time: enough to tell whether ours is within the
    # 1.2x target, and a baseline that grows faster than linearly cannot hold the run for hours.
    limit = max(300.0, 1.25 * site["seconds"])
    try:
        plain = _optional("plain_mkdocs", folder, limit)
    except _TimedOut:
        plain = None
        _line(f"plain_mkdocs_{n}.per_monograph", limit / n * 1e3, f"ms at least (stopped after {limit:.0f} s)")
        _line(f"site_build_{n}.ratio_to_plain_mkdocs", site["seconds"] / limit, "x at most")
    if plain:
        _line(f"plain_mkdocs_{n}.per_monograph", plain["seconds"] / n * 1e3, "ms")
        _line(f"plain_mkdocs_{n}.peak_memory", plain["peak_mb"], "MB")
        _line(f"plain_mkdocs_{n}.search_index_per_monograph", plain["search_bytes"] / n / 1e3, "KB")
        _line(f"site_build_{n}.ratio_to_plain_mkdocs", site["seconds"] / plain["seconds"], "x")
    return figures


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark figures for N = 100 and 1,000 (and 10,000 with --full)."""
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--full", action="store_true", help="also N = 10,000 (about an hour)")
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="", help="comma-separated corpus sizes")
    parser.add_argument("--no-site", action="store_true", help="skip the site build stages")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child[0], Path(args.child[1]))))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s] or ([100, 1000, 10000] if args.full else [100, 1000])
    per_page: dict[int, float] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
            figures = _bench_size(n, Path(tmp) / "monographs", not args.no_site)
            if "site" in figures:
                per_page[n] = figures["site"]
    base = min(per_page) if per_page else 0
    for n in sorted(per_page):
        if n != base:
            _line(f"site_build.per_monograph_ratio_{n}_vs_{base}", per_page[n] / per_page[base], "x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
