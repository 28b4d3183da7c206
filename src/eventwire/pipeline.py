"""The ingest job: inputs → articles → events → incidents → store, batch by batch, resumable, re-run safe.

This is the one place the stages are chained for a database run; `extract_files` is the same chain without
a database. The CLI, the demo and (later) the server call these functions, never the stages one by one.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire import budget
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


def analyse(
    extractor: Extractor, articles: list[Article], settings: Settings
) -> list[tuple[Article, list[Event] | str]]:
    """Events (or the failure reason) of each article; articles the prefilter turns away get none.

    The one per-batch step of every run, in this process or in a worker (`eventwire.workers`, Spark): the
    prefilter (setting `prefilter`) sits in front of the extractor, so the spaCy pass only sees articles
    that may hold an event, and each article runs under its budget (`_extract_safely`) wherever it runs.
    """
    if settings.prefilter:
        from eventwire.prefilter import default_prefilter

        relevant = default_prefilter().passes
        results: dict[int, list[Event] | str] = {
            i: [] for i, a in enumerate(articles) if not relevant(a.text)
        }
        todo = [a for i, a in enumerate(articles) if i not in results]
    else:
        results, todo = {}, articles
    found = iter(_extract_safely(extractor, todo, settings)) if todo else iter(())
    return [(a, results[i]) if i in results else next(found) for i, a in enumerate(articles)]


def ingest(
    paths: Iterable[Path],
    store: Store,
    settings: Settings,
    meta: ArticleMeta | None = None,
    extractor: Extractor | None = None,
    progress: Progress = _noop,
    pool: ExtractionPool | None = None,
    retry_skipped: bool = False,
) -> IngestReport:
    """Read, extract and store every input under `paths`; return what was stored and what was skipped.

    Each batch is committed on its own, log entries included, so an interrupted run keeps what it committed
    and the log never says "stored" or "duplicate" of an article whose batch did not commit. A re-run
    passes over sources already stored, duplicate or skipped for good (with the same content), and tries
    again those skipped for a reason that can pass (store.base.RETRY_KINDS: unreadable, too-large,
    over-budget, extract-failed); `retry_skipped` tries every skipped source again.
    """
    from eventwire.ingest import ArticleMeta, read_inputs

    items = read_inputs(list(paths), settings, meta or ArticleMeta())
    return ingest_items(items, store, settings, extractor, progress, pool, retry_skipped)


def _already_done(item: Article | Skipped, source: str, done: set[str], stored: set[str]) -> bool:
    """An input the log already has as done (`Store.sources_done`). An article is known by its content, so
    a source label (a file, a JSONL line, a feed entry) that now holds another text is read again; a feed
    entry known by its guid or link (`#guid=`, `#link=`) is the same story wherever it sits in the feed,
    and is not. A feed that is unreachable now is logged again. `stored`: the batch's stored article ids."""
    if source not in done:
        return False
    if isinstance(item, Skipped):
        return not item.reason.startswith(TRANSIENT_REASONS)
    if "#guid=" in source or "#link=" in source:
        return True
    return item.id in stored


def load_models() -> None:
    """Load now what this process needs besides the extraction model: the language identifier (reading)
    and the incident rules' digest of the gazetteer (merging). Loaded lazily they would cost the first
    batches a couple of seconds, on the one process every batch passes through; `ingest_items` loads
    them while the workers load theirs, and `bench` before its clock starts, as it does with the extraction
    model."""
    from eventwire.incidents.rules import cities
    from eventwire.ingest.build import language_identifier

    language_identifier()
    cities()


def _load_models_aside() -> None:
    try:
        load_models()
    except Exception:  # noqa: BLE001 - raised again, and reported, where an article first needs the model
        log.debug("loading the reading and merging models ahead failed", exc_info=True)


def worker_count(settings: Settings, extractor: Extractor | None = None) -> int:
    """Processes for extraction: settings.workers, 0 meaning every available core. An extractor handed in
    (a test's, a server's) can only run here, so it means one."""
    from eventwire.workers import available_cores

    if extractor is not None:
        return 1
    return settings.workers if settings.workers > 0 else available_cores()


@dataclass
class _Plan:
    """What one batch holds besides the articles sent to extraction: logged only when the batch commits."""

    skipped: list[Skipped] = field(default_factory=list)
    # (source, article id) of a text already stored, or taken earlier in this run (its first copy decides)
    copies: list[tuple[str, str]] = field(default_factory=list)


def ingest_items(
    items: Iterable[Article | Skipped],
    store: Store,
    settings: Settings,
    extractor: Extractor | None = None,
    progress: Progress = _noop,
    pool: ExtractionPool | None = None,
    retry_skipped: bool = False,
) -> IngestReport:
    """`ingest` for articles already read (a watch round's feeds, the API's posted article, Spark's rows):
    the same batches, log and duplicate handling, whatever the articles came from.

    `pool` (an entered ExtractionPool) is where extraction runs; by default one is started for this run
    with `worker_count` processes. Batches are planned (done, skipped, repeated, fresh) as they are read
    and stored in input order as their results come back, each in one transaction with its log entries.
    """
    from eventwire.workers import ExtractionPool

    report = IngestReport()
    done = store.sources_done(retry_skipped=retry_skipped)
    logged = store.sources_logged()
    taken: set[str] = set()  # article ids sent to extraction in this run, stored or still in a worker
    failed: dict[str, str] = {}  # article id -> why its first copy in this run was not stored
    plans: deque[_Plan] = deque()

    def fresh_batches() -> Iterator[list[Article]]:
        for batch in batches(items, settings.batch_size):
            plan, fresh = _Plan(), []
            stored = store.stored_articles({item.id for item in batch if isinstance(item, Article)})
            for item in batch:
                source = _source_of(item)
                progress(source)
                if _already_done(item, source, done, stored):
                    report.already_done += 1
                    continue
                # read again after a skip or failure (not a stored file that now holds another text)
                report.retried += source in logged and (source not in done or isinstance(item, Skipped))
                if isinstance(item, Skipped):
                    plan.skipped.append(item)
                elif item.id in taken or item.id in stored:
                    plan.copies.append((source, item.id))
                else:
                    fresh.append(item)
                    taken.add(item.id)
            plans.append(plan)
            yield fresh  # even when empty: its plan is logged in its turn

    with ExitStack() as stack:
        if pool is None:
            loading = threading.Thread(target=_load_models_aside, name="eventwire-load-models", daemon=True)
            loading.start()  # while the workers load the extraction model
            pool = stack.enter_context(ExtractionPool(worker_count(settings, extractor), extractor))
            loading.join()
        else:
            load_models()
        for _, results in pool.map(partial(analyse, settings=settings), fresh_batches(), chars=_text_chars):
            _store_batch(plans.popleft(), results, store, report, failed)
    return report


def _text_chars(batch: list[Article]) -> int:
    return sum(len(article.text) for article in batch)


def _store_batch(
    plan: _Plan,
    results: list[tuple[Article, list[Event] | str]],
    store: Store,
    report: IngestReport,
    failed: dict[str, str],
) -> None:
    """One transaction for one batch: its skips, each article with its events or its failure, its repeats.

    A repeat of a text whose first copy failed in this run is not a duplicate of anything stored: it is
    logged failed with the same reason."""
    from eventwire.incidents import merge_article

    with store.batch():
        for item in plan.skipped:
            report.skipped.append(item)
            store.log(item.source, "skipped", item.reason)
        for article, events in results:
            source = _source_of(article)
            if isinstance(events, str):
                failed[article.id] = events
                report.skipped.append(Skipped(source=source, reason=events))
                store.log(source, "failed", events)
                continue
            if not store.add_article(article):  # another ingest stored the same text meanwhile
                report.duplicates += 1
                store.log(source, "duplicate", "same text already stored", article.id)
                continue
            if events:  # a new article has no mentions to withdraw, nor events to merge
                merge_article(store, article.id, events)
            store.log(source, "stored", None, article.id)
            report.warnings += [f"{source}: {warning}" for warning in article.warnings]
            report.stored += 1
            report.events += len(events)
        for source, article_id in plan.copies:
            if article_id in failed:
                report.skipped.append(Skipped(source=source, reason=failed[article_id]))
                store.log(source, "failed", failed[article_id])
            else:
                report.duplicates += 1
                store.log(source, "duplicate", "same text already stored", article_id)


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
