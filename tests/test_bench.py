"""The benchmark's own measuring: process-tree memory and which stages pay for sampling it."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_tools import bench
from build_tools.synth import write_corpus

HOLD_300_MB = "import time; b = bytearray(300 * 2**20); print(1, flush=True); time.sleep(30)"


def test_tree_memory_counts_a_child_process() -> None:
    alone = bench._tree_pss_mb(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", HOLD_300_MB], stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"1"
        with_child = bench._tree_pss_mb(os.getpid())
    finally:
        child.kill()
        child.wait()
    assert with_child - alone > 250, (alone, with_child)


def test_only_the_site_stage_samples_the_tree(tmp_path: Path) -> None:
    folder = tmp_path / "monographs"
    write_corpus(folder, 3)
    figures = bench._child("bare", folder)
    assert figures["seconds"] > 0 and "tree_peak_mb" not in figures
    assert bench.TREE_STAGES == {"site"}


def test_tree_sampling_backs_off_when_a_sample_is_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []

    def slow(root: int) -> float:
        calls.append(time.perf_counter())
        time.sleep(0.02)
        return 1.0

    monkeypatch.setattr(bench, "_tree_pss_mb", slow)
    with bench._TreeMemory() as tree:
        time.sleep(1.5)
    assert tree.peak_mb == 1.0
    gaps = [b - a for a, b in itertools.pairwise(calls)]
    # 20 times a 20 ms sample: 0.4 s apart (where every 0.1 s would take 17% of a core).
    assert gaps and min(gaps) >= 0.4, gaps
