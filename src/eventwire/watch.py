"""`eventwire watch`: re-read feeds and folders every so often and ingest only what is new.

A round reads every target again (local files and folders as `ingest` does; http(s) URLs fetched) and
hands the items to the same ingest job. Nothing is remembered between rounds except the database: an
entry is known by its content, and a feed entry also by its guid or link (see `pipeline._already_done`),
so a story that moves down a refreshed feed is not taken again, a new story at the top is never taken for
an old one, and a restarted watcher resumes where the last one stopped.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.errors import EventwireError
from eventwire.models import Article, IngestReport, Skipped
from eventwire.settings import Settings

if TYPE_CHECKING:
    from eventwire.extract import Extractor
    from eventwire.ingest import ArticleMeta
    from eventwire.store.base import Store

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_S = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds in an interval such as "90", "30s", "15m", "1h" or "1d"; EventwireError otherwise."""
    match = _EVERY.match(text)
    if not match or float(match.group(1)) <= 0:
        raise EventwireError(f"--every expects a positive interval like 30s, 15m, 1h or 1d, got {text!r}")
    return float(match.group(1)) * _UNIT_S[match.group(2).lower()]


def read_targets(
    targets: Iterable[str], settings: Settings, meta: ArticleMeta
) -> Iterator[Article | Skipped]:
    """Every item of every target: http(s) URLs fetched (feed or page), anything else a local path."""
    from eventwire.ingest import read_inputs
    from eventwire.ingest.remote import is_url, read_url

    for target in targets:
        if is_url(target):
            yield from read_url(target, settings, meta)
        else:
            yield from read_inputs([Path(target)], settings, meta)


@dataclass(frozen=True)
class Round:
    """What one round did, for its log line."""

    number: int
    started: datetime
    seconds: float
    report: IngestReport

    def line(self) -> str:
        r = self.report
        return (
            f"round {self.number} at {self.started:%Y-%m-%d %H:%M:%S}Z: {r.stored} new article(s) with "
            f"{r.events} event(s), {r.already_done} already known, {r.duplicates} duplicate(s), "
            f"{len(r.skipped)} skipped ({self.seconds:.1f} s)"
        )


def watch(
    targets: list[str],
    store: Store,
    settings: Settings,
    meta: ArticleMeta,
    every_s: float,
    rounds: int | None = None,
    extractor: Extractor | None = None,
    on_round: Callable[[Round], None] = lambda _: None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run rounds `every_s` seconds apart (start to start) until `rounds` are done (None: forever).

    Each finished round goes to `on_round` (nothing is kept here, so a watcher can run for months);
    returns the number of rounds run.

    The extractor is loaded once and kept for every round; rounds are small (only new items reach it), so
    they run in this process rather than starting worker processes each time.
    """
    from eventwire import pipeline

    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    number = 0
    while rounds is None or number < rounds:
        number += 1
        started = datetime.now(UTC)
        clock = time.monotonic()
        items = read_targets(targets, settings, meta)
        report = pipeline.ingest_items(items, store, settings, extractor)
        finished = Round(number, started, time.monotonic() - clock, report)
        on_round(finished)
        if rounds is None or number < rounds:
            sleep(max(0.0, every_s - finished.seconds))
    return number
