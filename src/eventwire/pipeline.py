"""The ingest job: inputs → articles → events → incidents → store, batch by batch, resumable, re-run safe.

This is the one place the stages are chained for a database run; `extract_files` is the same chain without
a database. The CLI, the demo and (later) the server call these functions, never the stages one by one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.models import Article, Event, IngestReport, Skipped
from eventwire.settings import Settings

if TYPE_CHECKING:
    from eventwire.extract import Extractor
    from eventwire.ingest import ArticleMeta
    from eventwire.store.base import Store

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


def _noop(_: str) -> None:
    return None


def _batches(items: Iterable[Article | Skipped], size: int) -> Iterator[list[Article | Skipped]]:
    batch: list[Article | Skipped] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _source_of(item: Article | Skipped) -> str:
    return item.source if isinstance(item, Skipped) else (item.source_path or item.id)


def _extract_safely(
    extractor: Extractor, articles: list[Article]
) -> Iterator[tuple[Article, list[Event] | str]]:
    """Events per article; one article that breaks the extractor costs only itself, not its batch."""
    try:
        yield from extractor.extract_many(articles)
        return
    except Exception:  # noqa: BLE001 - fall back to one article at a time to find the culprit
        log.exception("batch extraction failed; retrying article by article")
    for article in articles:
        try:
            yield article, extractor.extract(article)
        except Exception as exc:  # noqa: BLE001 - recorded as the article's failure reason
            yield article, f"extract-failed: {type(exc).__name__}: {exc}"


def ingest(
    paths: Iterable[Path],
    store: Store,
    settings: Settings,
    meta: ArticleMeta | None = None,
    extractor: Extractor | None = None,
    progress: Progress = _noop,
) -> IngestReport:
    """Read, extract and store every input under `paths`; return what was stored and what was skipped.

    Each batch is committed on its own, so an interrupted run keeps what it committed; sources already in
    the ingest log and articles already stored are skipped, so a re-run resumes without duplicates.
    """
    from eventwire.ingest import ArticleMeta, read_inputs

    items = read_inputs(list(paths), settings, meta or ArticleMeta())
    return ingest_items(items, store, settings, extractor, progress)


def ingest_items(
    items: Iterable[Article | Skipped],
    store: Store,
    settings: Settings,
    extractor: Extractor | None = None,
    progress: Progress = _noop,
) -> IngestReport:
    """`ingest` for articles already read (the API's posted article, a Spark row): the same batches, log
    and duplicate handling, whatever the articles came from."""
    from eventwire.incidents import merge_article

    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    report = IngestReport()
    done = store.sources_done()
    for batch in _batches(items, settings.batch_size):
        fresh: list[Article] = []
        fresh_ids: set[str] = set()
        with store.batch():
            for item in batch:
                source = _source_of(item)
                progress(source)
                if source in done:
                    report.already_done += 1
                elif isinstance(item, Skipped):
                    report.skipped.append(item)
                    store.log(item.source, "skipped", item.reason)
                elif item.id in fresh_ids or store.has_article(item.id):
                    report.duplicates += 1
                    store.log(source, "duplicate", "same text already stored", item.id)
                else:
                    fresh.append(item)
                    fresh_ids.add(item.id)
        if not fresh:
            continue
        results = list(_extract_safely(extractor, fresh))
        with store.batch():
            for article, events in results:
                source = _source_of(article)
                if isinstance(events, str):
                    report.skipped.append(Skipped(source=source, reason=events))
                    store.log(source, "failed", events)
                    continue
                store.add_article(article)
                merge_article(store, article.id, events)
                store.log(source, "stored", None, article.id)
                report.stored += 1
                report.events += len(events)
    return report


def extract_files(
    paths: Iterable[Path],
    settings: Settings,
    meta: ArticleMeta | None = None,
    extractor: Extractor | None = None,
) -> tuple[list[Event], list[Skipped]]:
    """Events of the given files without any database (the `extract` command), plus what was skipped."""
    from eventwire.ingest import ArticleMeta, read_inputs

    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    events: list[Event] = []
    skipped: list[Skipped] = []
    articles: list[Article] = []
    for item in read_inputs(list(paths), settings, meta or ArticleMeta()):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            articles.append(item)
    for article, found in _extract_safely(extractor, articles):
        if isinstance(found, str):
            skipped.append(Skipped(source=_source_of(article), reason=found))
        else:
            events.extend(found)
    return events, skipped


def exit_code(report_skipped: int, total: int) -> int:
    """trafilatura's convention: 0 nothing skipped, 1 some inputs skipped, 126 nearly all (≥ 90 %) skipped."""
    if report_skipped == 0:
        return 0
    if total and report_skipped / total >= 0.9:
        return 126
    return 1
