"""Extraction on all cores: batches of articles go to worker processes, results come back in input order.

Why processes: the spaCy pass is CPU-bound and holds the GIL, so threads would share one core. Each worker
loads its own Extractor once (a few hundred MB) and keeps it for the run; the parent process only reads,
cleans and writes the database, so results are stored in the same order, by the same code, as with one
worker, and the database holds the same thing either way.

At most `IN_FLIGHT_PER_WORKER * workers` batches, and beyond one per worker at most `MAX_CHARS_IN_FLIGHT`
of text, are in flight, so that a run over millions of articles (or over huge ones) never holds more than a
few batches in memory, yet a worker seldom waits for its next batch.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from eventwire.models import Article

if TYPE_CHECKING:
    from eventwire.extract import Extractor

T = TypeVar("T")
R = TypeVar("R")

# Batches submitted per worker before the oldest must come back. Results are taken in input order, so with
# two per worker one slow batch (a long article, a batch the prefilter lets through whole) held up the
# window while the other worker ran dry: 95.4-96.9 % of two cores busy over geo/ news, 97.0-97.1 % with four.
IN_FLIGHT_PER_WORKER = 4
# At most this much article text (characters) in the batches handed out and not yet taken back, once every
# worker has one: a corpus of articles near the size limit (settings.max_text_bytes, 10 MB) would otherwise
# hold gigabytes in this process (eight batches of 32 such articles on two workers).
MAX_CHARS_IN_FLIGHT = 50_000_000

# Per worker process: the Extractor it loaded at start. A process-level cache, not shared state: each
# process has its own, written once by `_start_worker` before any task runs.
_worker_extractor: Extractor | None = None
# A short report that takes the lazy paths of extraction once (a date only dateparser reads, a place, an
# attack with its dead): read as the model loads, so that loading dateparser's language data and compiling
# its patterns is part of start-up, not of the first batch.
WARM_UP = Article(
    id="warm-up",
    text="Gunmen attacked a police checkpoint in Kirkuk 3 days ago, killing two officers, police said on "
    "12/03/2020. The Islamic State claimed the attack.",
)


def available_cores() -> int:
    """The cores this process may run on (the affinity mask, as containers and `taskset` restrict it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def process_extractor() -> Extractor:
    """This process's Extractor, loaded on first use and kept: what a pool worker or a Spark Python worker
    runs every batch it is given on."""
    global _worker_extractor  # noqa: PLW0603 - one Extractor per worker process, see above
    if _worker_extractor is None:
        _worker_extractor = loaded_extractor()
    return _worker_extractor


def loaded_extractor() -> Extractor:
    """A new Extractor with its lazily loaded parts loaded (`WARM_UP`).

    The objects loaded so far (the model, the lexicon, the gazetteer's tables: a few hundred thousand) live
    as long as the process, so they are frozen out of the garbage collector's view (`gc.freeze`): its full
    passes, triggered by the many short-lived objects of each parse, would otherwise walk them all again
    and again (half the geo/ news corpus: 0.30 of 7.7 CPU-seconds in the collector, 0.07 once frozen)."""
    from eventwire.extract import Extractor

    extractor = Extractor()
    extractor.extract(WARM_UP)
    gc.collect()
    gc.freeze()
    return extractor


def _start_worker(ready: Any) -> None:
    process_extractor()
    ready.wait()  # every worker has loaded its model before the pool counts as started


def _run_in_worker(task: Callable[[Extractor, T], R], batch: T) -> R:
    return task(process_extractor(), batch)


class ExtractionPool:
    """Where `task(extractor, batch)` runs: here (one worker) or in `workers` processes, each with its model.

    Entering the pool loads the model(s) and returns only when every worker is ready, so a run (or a
    benchmark) started afterwards spends its time on articles, not on start-up.

        with ExtractionPool(2) as pool:
            for batch, result in pool.map(task, batches): ...
    """

    def __init__(self, workers: int, extractor: Extractor | None = None) -> None:
        self.workers = max(1, workers)
        self._extractor = extractor
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ExtractionPool:
        if self.workers == 1:
            if self._extractor is None:
                self._extractor = loaded_extractor()
            return self
        context = start_context()
        ready = context.Barrier(self.workers + 1)
        self._pool = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_start_worker, initargs=(ready,)
        )
        for _ in range(self.workers):  # one no-op each: the executor starts a process per waiting task
            self._pool.submit(int)
        ready.wait()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(
        self,
        task: Callable[[Extractor, T], R],
        batches: Iterable[T],
        chars: Callable[[T], int] | None = None,
    ) -> Iterator[tuple[T, R]]:
        """(batch, task(extractor, batch)) for each batch, in input order; `task` must be module-level
        (it is pickled to the workers). `chars`: how much text a batch holds (`MAX_CHARS_IN_FLIGHT`)."""
        if self._pool is None:
            assert self._extractor is not None, "use the pool inside a with block"
            for batch in batches:
                yield batch, task(self._extractor, batch)
            return
        window: deque[tuple[T, Future[Any], int]] = deque()
        in_flight = 0
        for batch in batches:
            size = chars(batch) if chars else 0
            window.append((batch, self._pool.submit(_run_in_worker, task, batch), size))
            in_flight += size
            while window_full(len(window), in_flight, self.workers):
                done, future, size = window.popleft()
                in_flight -= size
                yield done, future.result()
        while window:
            done, future, _ = window.popleft()
            yield done, future.result()


def window_full(batches: int, chars: int, workers: int) -> bool:
    """Whether the oldest batch handed out must come back before another goes: `IN_FLIGHT_PER_WORKER`
    batches per worker, or more than `MAX_CHARS_IN_FLIGHT` of text once every worker has a batch."""
    return batches >= IN_FLIGHT_PER_WORKER * workers or (chars > MAX_CHARS_IN_FLIGHT and batches > workers)


def start_context() -> Any:
    """How eventwire starts a process of its own (a worker, a benchmark's fresh run).

    forkserver: each worker is forked from a clean server process, not from this one, which may hold
    threads (a progress bar, a database pool) whose locks a fork would copy in mid-use. The parent holds
    no model, so fork would share nothing worth having."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
