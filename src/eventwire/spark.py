"""`eventwire spark`: the per-article pipeline mapped over WARC, JSON Lines and Parquet shards with PySpark.

The only module that imports pyspark. Each Spark task reads one shard with the ingest readers, runs the
prefilter and the extractor (one model per Python worker, kept across tasks: `workers.process_extractor`)
with `pipeline.analyse`, the code `ingest` runs, and returns plain rows. The job writes

    OUTPUT/events/month=YYYY-MM/*.parquet   a row per event an article reports (month=unknown: undated)
    OUTPUT/articles/*.parquet               the cleaned articles, which evidence offsets point into
    OUTPUT/incidents.parquet                the merged incidents, in the export columns

and merges incidents on the driver by replaying the results in input order through `pipeline.ingest_items`
into a store: OUTPUT/eventwire.db, or the PostgreSQL database given with --db. The database therefore
holds exactly what `eventwire ingest` of the same inputs gives. See docs/scale.md for a real cluster.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError
from eventwire.ingest import ArticleMeta
from eventwire.models import Article, Event, Skipped
from eventwire.settings import Settings

EVENT_COLUMNS = (
    "month",
    "article_id",
    "event_id",
    "event_type",
    "sub_event_type",
    "date_start",
    "country",
    "record",
)
ARTICLE_COLUMNS = ("id", "title", "url", "outlet", "published", "text")
# One row per input item: (shard, position, kind, source, article JSON, event JSONs, reason).
Row = tuple[int, int, str, str, str | None, list[str] | None, str | None]


def _analyse_shards(
    shards: Iterable[tuple[int, str]], settings: Settings, meta: ArticleMeta
) -> Iterator[Row]:
    """A Spark task: every item of its shards, articles analysed in batches as `ingest` does."""
    from eventwire import pipeline
    from eventwire.ingest import read_inputs
    from eventwire.workers import process_extractor

    for shard, path in shards:
        items = read_inputs([Path(path)], settings, meta)
        position = 0
        for batch in pipeline.batches(items, settings.batch_size):
            articles = [item for item in batch if isinstance(item, Article)]
            outcome = pipeline.analyse(process_extractor(), articles, settings) if articles else []
            by_id = {article.id: found for article, found in outcome}
            for item in batch:
                position += 1
                if isinstance(item, Skipped):
                    yield (shard, position, "skipped", item.source, None, None, item.reason)
                    continue
                found = by_id[item.id]
                source = item.source_path or item.id
                if isinstance(found, str):
                    yield (shard, position, "failed", source, item.model_dump_json(), None, found)
                else:
                    events = [e.model_dump_json() for e in found]
                    yield (shard, position, "article", source, item.model_dump_json(), events, None)


def _event_rows(row: Row) -> Iterator[tuple[str, str, str, str, str, str | None, str | None, str]]:
    """(month, article_id, event_id, event_type, sub_event_type, date_start, country, record) per event."""
    if row[2] != "article" or not row[5]:
        return
    article_id = Article.model_validate_json(row[4] or "{}").id
    for record in row[5]:
        ev = Event.model_validate_json(record)
        start = ev.date.start.isoformat() if ev.date.start else None
        month = start[:7] if start else "unknown"
        yield (month, article_id, ev.id, ev.event_type, ev.sub_event_type, start, ev.location.country, record)


def _article_row(row: Row) -> tuple[str, str | None, str | None, str | None, str | None, str]:
    article = Article.model_validate_json(row[4] or "{}")
    published = article.published.isoformat() if article.published else None
    return (article.id, article.title, article.url, article.outlet, published, article.text)


class _Replayed:
    """Stands in for an ExtractionPool on the driver: the results Spark computed, handed back per batch."""

    def __init__(self) -> None:
        self.results: dict[str, list[Event] | str] = {}

    def map(
        self, task: Any, batches: Iterable[list[Article]], chars: Any = None
    ) -> Iterator[tuple[list[Article], list[Any]]]:
        """The pool's `map`: nothing is in flight here, so `chars` has nothing to bound."""
        for batch in batches:
            yield batch, [(article, self.results.pop(article.id)) for article in batch]


def _replay(rows: Iterable[Row], replayed: _Replayed) -> Iterator[Article | Skipped]:
    for _, _, kind, source, article_json, events, reason in rows:
        if kind == "skipped":
            yield Skipped(source=source, reason=reason or "")
            continue
        article = Article.model_validate_json(article_json or "{}")
        if kind == "failed":
            replayed.results[article.id] = reason or "extract-failed"
        else:
            replayed.results.setdefault(article.id, [Event.model_validate_json(e) for e in events or []])
        yield article


@dataclass(frozen=True)
class SparkReport:
    shards: int
    articles: int
    events: int
    incidents: int
    skipped: int
    map_seconds: float
    merge_seconds: float
    cores: int

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.map_seconds if self.map_seconds else 0.0


def _shards(inputs: list[Path]) -> tuple[list[str], list[Skipped]]:
    from eventwire.ingest.sources import iter_files

    files, missing = [], []
    for item in iter_files(inputs):
        if isinstance(item, Skipped):
            missing.append(item)
        else:
            files.append(item.source)
    return files, missing


def _strings(columns: tuple[str, ...]) -> Any:
    from pyspark.sql import types as T  # noqa: N812 - Spark's own convention

    return T.StructType([T.StructField(name, T.StringType(), True) for name in columns])


def _session(master: str, name: str = "eventwire") -> Any:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EventwireError(
            f"eventwire spark needs PySpark: pip install pyspark (make install does) ({exc})"
        ) from exc
    return (
        SparkSession.builder.master(master)
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.python.worker.reuse", "true")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def run(
    inputs: list[Path],
    output: Path,
    settings: Settings,
    meta: ArticleMeta | None = None,
    cores: int | None = None,
    master: str | None = None,
    db_url: str | None = None,
) -> SparkReport:
    """Map the pipeline over the shards under `inputs`, write Parquet under `output`, merge into a store.

    `master` is a Spark master URL (default `local[cores]`, cores defaulting to all available); `db_url`
    the store incidents are merged into (default sqlite:///OUTPUT/eventwire.db).
    """
    from pyspark import StorageLevel

    from eventwire import export, pipeline
    from eventwire.store import open_store
    from eventwire.workers import available_cores

    shards, missing = _shards(inputs)
    if not shards:
        raise EventwireError("no input shards: " + "; ".join(f"{m.source}: {m.reason}" for m in missing))
    cores = cores or available_cores()
    output.mkdir(parents=True, exist_ok=True)
    meta = meta or ArticleMeta()
    spark = _session(master or f"local[{cores}]")
    spark.sparkContext.setLogLevel("ERROR")
    try:
        start = time.perf_counter()
        rdd = spark.sparkContext.parallelize(list(enumerate(shards)), numSlices=len(shards))
        results = rdd.mapPartitions(lambda part: _analyse_shards(part, settings, meta))
        results.persist(StorageLevel.MEMORY_AND_DISK)
        events_df = spark.createDataFrame(results.flatMap(_event_rows), _strings(EVENT_COLUMNS))
        events_df.write.partitionBy("month").mode("overwrite").parquet(str(output / "events"))
        articles = results.filter(lambda row: row[2] == "article").map(_article_row)
        articles_df = spark.createDataFrame(articles, _strings(ARTICLE_COLUMNS))
        articles_df.write.mode("overwrite").parquet(str(output / "articles"))
        counts = (
            results.map(lambda row: (row[2], (1, len(row[5] or []))))
            .reduceByKey(lambda a, b: (a[0] + b[0], a[1] + b[1]))
            .collectAsMap()
        )
        map_seconds = time.perf_counter() - start

        start = time.perf_counter()
        store = open_store(db_url or f"sqlite:///{output / 'eventwire.db'}")
        try:
            replayed = _Replayed()
            ordered = results.sortBy(lambda row: (row[0], row[1])).toLocalIterator()
            report = pipeline.ingest_items(_replay(ordered, replayed), store, settings, pool=replayed)  # type: ignore[arg-type]
            incidents = export.write_events(store.iter_events(), "parquet", output / "incidents.parquet")
        finally:
            store.close()
        merge_seconds = time.perf_counter() - start
    finally:
        spark.stop()
    return SparkReport(
        shards=len(shards),
        articles=counts.get("article", (0, 0))[0],
        events=counts.get("article", (0, 0))[1],
        incidents=incidents,
        skipped=len(report.skipped) + len(missing),
        map_seconds=map_seconds,
        merge_seconds=merge_seconds,
        cores=cores,
    )
