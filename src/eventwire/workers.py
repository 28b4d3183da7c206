"""Extraction on all cores: batches of articles go to worker processes, results come back in input order.

Why processes: the spaCy pass is pure Python and CPU-bound, so threads would share one core. Each worker
loads its own Extractor once (a few hundred MB) and keeps it for the run; the parent process only reads,
cleans and writes the database, so results are stored in the same order, by the same code, as with one
worker, and the database holds the same thing either way.

At most `2 * workers` batches are in flight: a worker never waits for its next batch, and a run over
millions of articles never holds more than a few batches in memory.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from eventwire.extract import Extractor

T = TypeVar("T")
R = TypeVar("R")

# Per worker process: the Extractor it loaded at start. A process-level cache, not shared state: each
# process has its own, written once by `_start_worker` before any task runs.
_worker_extractor: Extractor | None = None


def available_cores() -> int:
    """The cores this process may run on (the affinity mask, as containers and `taskset` restrict it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _start_worker() -> None:
    global _worker_extractor  # noqa: PLW0603 - one Extractor per worker process, see above
    from eventwire.extract import Extractor

    _worker_extractor = Extractor()


def _run_in_worker(task: Callable[[Extractor, T], R], batch: T) -> R:
    assert _worker_extractor is not None, "worker started without its extractor"
    return task(_worker_extractor, batch)


def map_batches(
    task: Callable[[Extractor, T], R],
    batches: Iterable[T],
    workers: int,
    extractor: Extractor | None = None,
) -> Iterator[tuple[T, R]]:
    """(batch, task(extractor, batch)) for each batch, in input order.

    With `workers` ≤ 1 everything runs here on `extractor` (loaded when None); otherwise `workers` processes
    each load their own and `task` (a module-level function, so it can be pickled) runs there.
    """
    if workers <= 1:
        if extractor is None:
            from eventwire.extract import Extractor

            extractor = Extractor()
        for batch in batches:
            yield batch, task(extractor, batch)
        return
    window: deque[tuple[T, Future[Any]]] = deque()
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker) as pool:
        for batch in batches:
            window.append((batch, pool.submit(_run_in_worker, task, batch)))
            if len(window) >= 2 * workers:
                done, future = window.popleft()
                yield done, future.result()
        while window:
            done, future = window.popleft()
            yield done, future.result()


def _context() -> Any:
    # fork shares the parent's loaded code pages and starts in milliseconds; elsewhere spawn is the safe one.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
