"""A time and memory budget for one article's work: past it, that article stops with OverBudget.

How it works, and why this way: `limit()` starts a small watchdog thread for the duration of the block. The
watchdog wakes every POLL_SECONDS, reads the wall time and the process's resident memory, and when either
is over budget it raises OverBudget *in the thread that entered the block*, through CPython's
`PyThreadState_SetAsyncExc`. Unlike SIGALRM, which only ever interrupts a process's main thread, this
works in any thread of any process: the CLI, a server's worker thread, a multiprocessing worker. Like
SIGALRM's handler, the exception is delivered between Python bytecodes, so one long call into C code (a
single regular-expression match, spaCy parsing one piece of at most 20 KB) finishes before it lands; the
per-article path is made of many short steps, so the overrun is a fraction of a second.

Memory is the growth of the process's resident set over its size when the block began (Linux
/proc/self/statm; elsewhere the growth of the peak resident set, which rises with it). OverBudget derives
from BaseException, like KeyboardInterrupt, so that no `except Exception` inside the extractor can
swallow it; the caller catches it and records the article as skipped with `str(exc)` as its reason.
"""

from __future__ import annotations

import ctypes
import resource
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

POLL_SECONDS = 0.05


class OverBudget(BaseException):  # noqa: N818 - reads as the reason: "over-budget: ..."
    """One article's work went past its time or memory budget."""


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm", "rb") as fh:
            pages = int(fh.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Schedule `exc` in thread `thread_id` (None cancels one scheduled and not yet raised)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


class _Watch:
    def __init__(self, seconds: float | None, memory_mb: float | None) -> None:
        self.seconds = seconds
        self.memory_mb = memory_mb
        self.target = threading.get_ident()
        self.start = time.monotonic()
        self.base_mb = _rss_mb()
        self.reason: str | None = None
        self.lock = threading.Lock()
        self.armed = True
        self.done = threading.Event()

    def over(self) -> str | None:
        elapsed = time.monotonic() - self.start
        if self.seconds is not None and elapsed > self.seconds:
            return f"over-budget: more than {self.seconds:g} s"
        if self.memory_mb is not None:
            grown = _rss_mb() - self.base_mb
            if grown > self.memory_mb:
                return f"over-budget: more than {self.memory_mb:g} MB of memory ({grown:.0f} MB)"
        return None

    def run(self) -> None:
        while not self.done.wait(POLL_SECONDS):
            reason = self.over()
            if reason is None:
                continue
            with self.lock:
                if self.armed:
                    self.reason = reason
                    _raise_in(self.target, OverBudget)
            return

    def disarm(self) -> None:
        with self.lock:
            self.armed = False
            if self.reason is not None:
                _raise_in(self.target, None)  # raised too late to matter: the work is done, keep it
        self.done.set()


@contextmanager
def limit(seconds: float | None, memory_mb: float | None) -> Iterator[None]:
    """Run the block under a budget of wall-clock `seconds` and `memory_mb` of resident-memory growth.

    Raises OverBudget (its message says which limit and by how much) when the block runs past either.
    None (or 0) for both means no budget and no watchdog thread.
    """
    seconds = seconds or None
    memory_mb = memory_mb or None
    if seconds is None and memory_mb is None:
        yield
        return
    watch = _Watch(seconds, memory_mb)
    thread = threading.Thread(target=watch.run, name="eventwire-budget", daemon=True)
    thread.start()
    try:
        yield
    except OverBudget as exc:
        watch.disarm()
        raise OverBudget(watch.reason or "over-budget") from exc
    finally:
        watch.disarm()
        thread.join()
