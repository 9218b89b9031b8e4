"""``make bench``: performance figures on a deterministic synthetic corpus, one per line.

Each stage runs in a fresh child process so its peak memory (max RSS) is its own, and every
ratio compares figures measured in the same run (machines are shared and noisy).
Lines read ``name: value unit``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build_tools.synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def _child(stage: str, folder: Path) -> dict[str, float]:
    """Run one stage in this process and report seconds and peak RSS (MB)."""
    files = sorted(folder.glob("*.yaml"))
    start = time.perf_counter()
    extra: dict[str, float] = {}
    if stage == "bare":
        import yaml

        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    elif stage == "validate":
        from build_tools.validate import check_paths

        corpus = check_paths([folder])
        assert not corpus.problems, corpus.problems[:3]
    elif stage == "render":
        from build_tools.render import render_monograph
        from build_tools.validate import check_paths

        monographs = check_paths([folder]).monographs
        start = time.perf_counter()
        for m in monographs:
            render_monograph(m)
    elif stage == "export":
        from build_tools.export import write_export
        from build_tools.validate import check_paths

        monographs = check_paths([folder]).monographs
        start = time.perf_counter()
        write_export(monographs, folder.parent / "export", repo_root=folder.parent)
    elif stage == "site":
        site = folder.parent
        for name in ("docs", "site_overrides"):
            shutil.copytree(ROOT / name, site / name, dirs_exist_ok=True)
        shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        build(load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"), strict=False))
        index = site / "site" / "search" / "search_index.json"
        extra["search_index_bytes"] = index.stat().st_size if index.exists() else 0.0
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, **extra}


def _run(stage: str, folder: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "build_tools.bench", "--child", stage, str(folder)],
                         capture_output=True, text=True, check=False,
                         env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    if out.returncode != 0:
        raise SystemExit(f"bench stage {stage} failed:\n{out.stderr[-2000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _line(name: str, value: float, unit: str) -> None:
    print(f"{name}: {value:.4g} {unit}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark figures for N = 100 and 1,000 (and 10,000 with --full)."""
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--full", action="store_true", help="also N = 10,000 (slow)")
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="", help="comma-separated corpus sizes")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child[0], Path(args.child[1]))))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s] or ([100, 1000, 10000] if args.full else [100, 1000])
    per_page: dict[int, float] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "monographs"
            paths = write_corpus(folder, n)
            mb = sum(p.stat().st_size for p in paths) / 1e6
            _line(f"corpus_{n}.size", mb * 1e3 / n, "KB/monograph")
            bare = _run("bare", folder)
            val = _run("validate", folder)
            _line(f"load_bare_c_{n}.throughput", n / bare["seconds"], "monographs/s")
            _line(f"load_validate_{n}.throughput", n / val["seconds"], "monographs/s")
            _line(f"load_validate_{n}.per_monograph", val["seconds"] / n * 1e3, "ms")
            _line(f"load_validate_{n}.peak_memory", val["peak_mb"], "MB")
            _line(f"load_validate_{n}.ratio_to_bare_c_load", val["seconds"] / bare["seconds"], "x")
            ren = _run("render", folder)
            _line(f"render_{n}.throughput", n / ren["seconds"], "monographs/s")
            try:
                exp = _run("export", folder)
                _line(f"export_{n}.throughput", n / exp["seconds"], "monographs/s")
                _line(f"export_{n}.peak_memory", exp["peak_mb"], "MB")
            except SystemExit as exc:
                print(f"export_{n}: unavailable ({str(exc).splitlines()[0]})")
            if n <= 1000 or args.full:
                site = _run("site", folder)
                per_page[n] = site["seconds"] / n
                _line(f"site_build_{n}.wall", site["seconds"], "s")
                _line(f"site_build_{n}.per_monograph", per_page[n] * 1e3, "ms")
                _line(f"site_build_{n}.peak_memory", site["peak_mb"], "MB")
                _line(f"site_build_{n}.search_index_per_monograph", site["search_index_bytes"] / n / 1e3, "KB")
    if 100 in per_page and 1000 in per_page:
        _line("site_build.per_monograph_ratio_1000_vs_100", per_page[1000] / per_page[100], "x")
    if 100 in per_page and 10000 in per_page:
        _line("site_build.per_monograph_ratio_10000_vs_100", per_page[10000] / per_page[100], "x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
