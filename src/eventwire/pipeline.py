"""The ingest job: inputs → articles → events → incidents → store, batch by batch, resumable, re-run safe.

This is the one place the stages are chained for a database run; `extract_files` is the same chain without
a database. The CLI, the demo and (later) the server call these functions, never the stages one by one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.models import Article, Event, IngestReport, Skipped
from eventwire.settings import Settings

if TYPE_CHECKING:
    from eventwire.extract import Extractor
    from eventwire.ingest import ArticleMeta
    from eventwire.store.base import Store
    from eventwire.workers import ExtractionPool

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
# Skip reasons that say nothing about the input itself (the network was down): never taken as done.
TRANSIENT_REASONS = ("unreachable:",)


def _noop(_: str) -> None:
    return None


def batches(items: Iterable[Article | Skipped], size: int) -> Iterator[list[Article | Skipped]]:
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


def analyse(
    extractor: Extractor, articles: list[Article], prefilter: bool = True
) -> list[tuple[Article, list[Event] | str]]:
    """Events (or the failure reason) of each article; articles the prefilter turns away get none.

    The one per-batch step of every run, in this process or in a worker (`eventwire.workers`); the
    prefilter sits in front of the extractor, so the spaCy pass only sees articles that may hold an event.
    """
    if prefilter:
        from eventwire.prefilter import default_prefilter

        relevant = default_prefilter().passes
        results: dict[int, list[Event] | str] = {
            i: [] for i, a in enumerate(articles) if not relevant(a.text)
        }
        todo = [a for i, a in enumerate(articles) if i not in results]
    else:
        results, todo = {}, articles
    found = iter(_extract_safely(extractor, todo)) if todo else iter(())
    return [(a, results[i]) if i in results else next(found) for i, a in enumerate(articles)]


def _analyse_with_prefilter(
    extractor: Extractor, articles: list[Article]
) -> list[tuple[Article, list[Event] | str]]:
    return analyse(extractor, articles, prefilter=True)


def _analyse_everything(
    extractor: Extractor, articles: list[Article]
) -> list[tuple[Article, list[Event] | str]]:
    return analyse(extractor, articles, prefilter=False)


def ingest(
    paths: Iterable[Path],
    store: Store,
    settings: Settings,
    meta: ArticleMeta | None = None,
    extractor: Extractor | None = None,
    progress: Progress = _noop,
    pool: ExtractionPool | None = None,
) -> IngestReport:
    """Read, extract and store every input under `paths`; return what was stored and what was skipped.

    Each batch is committed on its own, so an interrupted run keeps what it committed; inputs already in
    the ingest log with the same content, and articles already stored, are skipped, so a re-run resumes
    without duplicates.
    """
    from eventwire.ingest import ArticleMeta, read_inputs

    items = read_inputs(list(paths), settings, meta or ArticleMeta())
    return ingest_items(items, store, settings, extractor, progress, pool)


def _already_done(item: Article | Skipped, source: str, done: set[str], store: Store) -> bool:
    """An input the log already has. An article is known by its content, so a source label (a file, a
    JSONL line, a feed entry) that now holds another text is read again; a feed entry known by its guid or
    link (`#guid=`, `#link=`) is the same story wherever it sits in the feed, and is not. A feed that was
    unreachable is tried again."""
    if source not in done:
        return False
    if isinstance(item, Skipped):
        return not item.reason.startswith(TRANSIENT_REASONS)
    if "#guid=" in source or "#link=" in source:
        return True
    return store.has_article(item.id)


def worker_count(settings: Settings, extractor: Extractor | None = None) -> int:
    """Processes for extraction: settings.workers, 0 meaning every available core. An extractor handed in
    (a test's, a server's) can only run here, so it means one."""
    from eventwire.workers import available_cores

    if extractor is not None:
        return 1
    return settings.workers if settings.workers > 0 else available_cores()


def ingest_items(
    items: Iterable[Article | Skipped],
    store: Store,
    settings: Settings,
    extractor: Extractor | None = None,
    progress: Progress = _noop,
    pool: ExtractionPool | None = None,
) -> IngestReport:
    """`ingest` for articles already read (a watch round's feeds, the API's posted article, Spark's rows):
    the same batches, log and duplicate handling, whatever the articles came from.

    `pool` (an entered ExtractionPool) is where extraction runs; by default one is started for this run
    with `worker_count` processes.
    """
    from eventwire.workers import ExtractionPool

    report = IngestReport()
    done = store.sources_done()
    seen: set[str] = set()  # article ids taken in this run, stored or still in a worker

    def fresh_batches() -> Iterator[list[Article]]:
        for batch in batches(items, settings.batch_size):
            fresh: list[Article] = []
            with store.batch():
                for item in batch:
                    source = _source_of(item)
                    progress(source)
                    if _already_done(item, source, done, store):
                        report.already_done += 1
                    elif isinstance(item, Skipped):
                        report.skipped.append(item)
                        store.log(item.source, "skipped", item.reason)
                    elif item.id in seen or store.has_article(item.id):
                        report.duplicates += 1
                        store.log(source, "duplicate", "same text already stored", item.id)
                    else:
                        fresh.append(item)
                        seen.add(item.id)
            if fresh:
                yield fresh

    task = _analyse_with_prefilter if settings.prefilter else _analyse_everything
    with ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(ExtractionPool(worker_count(settings, extractor), extractor))
        for _, results in pool.map(task, fresh_batches()):
            _store_results(results, store, report)
    return report


def _store_results(
    results: list[tuple[Article, list[Event] | str]], store: Store, report: IngestReport
) -> None:
    """One transaction for one batch's outcomes: each article with its events, or its failure."""
    from eventwire.incidents import merge_article

    with store.batch():
        for article, events in results:
            source = _source_of(article)
            if isinstance(events, str):
                report.skipped.append(Skipped(source=source, reason=events))
                store.log(source, "failed", events)
                continue
            if not store.add_article(article):  # another ingest stored the same text meanwhile
                report.duplicates += 1
                store.log(source, "duplicate", "same text already stored", article.id)
                continue
            merge_article(store, article.id, events)
            store.log(source, "stored", None, article.id)
            report.stored += 1
            report.events += len(events)


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
