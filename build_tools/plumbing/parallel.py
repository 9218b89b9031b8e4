"""Run a per-file function over many files on every core, in order, without surprises.

One helper for every caller (validation, the site's per-monograph work): a fork-based process
pool when there is enough work to pay for it, the plain loop otherwise (small runs, tests,
and anything asked to use one job).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a process pool costs more than it saves.
MIN_PARALLEL = 48


def default_jobs() -> int:
    """The CPU cores this process may use (its affinity, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_ordered(fn: Callable[[T], R], items: Sequence[T], jobs: int | None = None) -> Iterator[R]:
    """``fn`` over ``items``, results in input order; in worker processes when it pays.

    ``fn`` must be a module-level function (workers are forked, so nothing is re-imported).
    An exception in a worker is raised here, as it would be in the plain loop.
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or len(items) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(fn, items)
        return
    chunk = max(1, min(16, len(items) // (jobs * 8)))
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(fn, items, chunksize=chunk)
