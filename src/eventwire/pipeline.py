"""The ingest job: inputs → articles → events → incidents → store, batch by batch, resumable, re-run safe.

This is the one place the stages are chained for a database run; `extract_files` is the same chain without
a database. The CLI, the demo and (later) the server call these functions, never the stages one by one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire import budget
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
    extractor: Extractor, articles: list[Article], settings: Settings
) -> Iterator[tuple[Article, list[Event] | str]]:
    """Events per article; one article that breaks the extractor or runs past its budget (settings
    `article_seconds`, `article_memory_mb`) costs only itself, not its batch: its entry is the reason.

    Ordinary articles are parsed together (nlp.pipe's throughput), so an article's budget may also cover
    the parse of the articles after it; when one runs over, the rest are retried one by one, each under its
    own budget. A long article (over long_texts.PIECE_CHARS) is parsed in its own turn, after the ones before
    it came back, so when it runs over it is the culprit and is skipped at once rather than worked on twice.
    """
    seconds, memory_mb = settings.article_seconds, settings.article_memory_mb
    done = 0
    try:
        found = extractor.extract_many(articles)
        while True:
            with budget.limit(seconds, memory_mb):
                item = next(found, None)
            if item is None:
                return
            done += 1
            yield item
    except budget.OverBudget as exc:
        from eventwire.nlp.long_texts import PIECE_CHARS

        if done < len(articles) and len(articles[done].text) > PIECE_CHARS:
            yield articles[done], str(exc)
            done += 1
    except Exception:  # noqa: BLE001 - fall back to one article at a time to find the culprit
        log.warning("batch extraction failed; retrying article by article", exc_info=True)
    for article in articles[done:]:
        try:
            with budget.limit(seconds, memory_mb):
                events = extractor.extract(article)
        except budget.OverBudget as exc:
            yield article, str(exc)
        except Exception as exc:  # noqa: BLE001 - recorded as the article's failure reason
            yield article, f"extract-failed: {type(exc).__name__}: {exc}"
        else:
            yield article, events


def ingest(
    paths: Iterable[Path],
    store: Store,
    settings: Settings,
    meta: ArticleMeta | None = None,
    extractor: Extractor | None = None,
    progress: Progress = _noop,
    retry_skipped: bool = False,
) -> IngestReport:
    """Read, extract and store every input under `paths`; return what was stored and what was skipped.

    Each batch is committed on its own, log entries included, so an interrupted run keeps what it committed
    and the log never says "stored" or "duplicate" of an article whose batch did not commit. A re-run
    passes over sources already stored, duplicate or skipped for good, and tries again those skipped for a
    reason that can pass (store.base.RETRY_KINDS: unreadable, too-large, over-budget, extract-failed);
    `retry_skipped` tries every skipped source again.
    """
    from eventwire.ingest import ArticleMeta, read_inputs

    items = read_inputs(list(paths), settings, meta or ArticleMeta())
    return ingest_items(items, store, settings, extractor, progress, retry_skipped)


def ingest_items(
    items: Iterable[Article | Skipped],
    store: Store,
    settings: Settings,
    extractor: Extractor | None = None,
    progress: Progress = _noop,
    retry_skipped: bool = False,
) -> IngestReport:
    """`ingest` for articles already read (the API's posted article, a Spark row): the same batches, log
    and duplicate handling, whatever the articles came from."""
    from eventwire.incidents import merge_article

    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    report = IngestReport()
    done = store.sources_done(retry_skipped=retry_skipped)
    logged = store.sources_logged()
    for batch in _batches(items, settings.batch_size):
        fresh: dict[str, Article] = {}  # article id -> the first source of this batch with that text
        copies: list[tuple[str, str]] = []  # (source, article id) of the batch's repeats of a fresh text
        skipped: list[Skipped] = []
        for item in batch:
            source = _source_of(item)
            progress(source)
            if source in done:
                report.already_done += 1
                continue
            report.retried += source in logged
            if isinstance(item, Skipped):
                skipped.append(item)
            elif item.id in fresh:
                copies.append((source, item.id))
            elif store.has_article(item.id):
                copies.append((source, item.id))
            else:
                fresh[item.id] = item
        results = list(_extract_safely(extractor, list(fresh.values()), settings)) if fresh else []
        stored: set[str] = set()
        with store.batch():
            for item in skipped:
                report.skipped.append(item)
                store.log(item.source, "skipped", item.reason)
            for article, events in results:
                source = _source_of(article)
                if isinstance(events, str):
                    report.skipped.append(Skipped(source=source, reason=events))
                    store.log(source, "failed", events)
                    continue
                store.add_article(article)
                merge_article(store, article.id, events)
                store.log(source, "stored", None, article.id)
                report.warnings += [f"{source}: {warning}" for warning in article.warnings]
                stored.add(article.id)
                report.stored += 1
                report.events += len(events)
            for source, article_id in copies:
                if article_id in stored or article_id not in fresh:
                    report.duplicates += 1
                    store.log(source, "duplicate", "same text already stored", article_id)
                else:  # its first copy failed: this one is not a duplicate of anything stored
                    reason = next(r for a, r in results if a.id == article_id)
                    report.skipped.append(Skipped(source=source, reason=str(reason)))
                    store.log(source, "failed", str(reason))
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
    for article, found in _extract_safely(extractor, articles, settings):
        if isinstance(found, str):
            skipped.append(Skipped(source=_source_of(article), reason=found))
        else:
            events.extend(found)
    return events, skipped


def exit_code(skipped: int) -> int:
    """The ingest's exit status: 0 when nothing was skipped, 1 when some inputs were, however many.

    2 (a usage or configuration error) is the CLI's. Unlike trafilatura, no 126 when nearly all inputs were
    skipped: shells reserve 126 for "found but not executable", and scripts test for 0 / 1 / 2.
    """
    return 1 if skipped else 0
