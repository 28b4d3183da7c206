"""Parquet shards of news (a Common Crawl news extract, a Spark job's own output): one article per row.

Rows carry the same fields as JSON Lines records (text or html, title, url, published, outlet ...) and go
through the same `record_to_article`, so a story reads the same from either. Row groups are read one at a
time, so a large shard never sits in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator

from eventwire.errors import InputError
from eventwire.ingest.build import ArticleMeta
from eventwire.ingest.jsonl import record_to_article
from eventwire.ingest.sources import InputFile
from eventwire.models import Article, Skipped
from eventwire.settings import Settings

_ROWS_PER_READ = 256


def read_parquet(item: InputFile, settings: Settings, meta: ArticleMeta) -> Iterator[Article | Skipped]:
    """Articles and Skipped records of a Parquet file (`path#row=N`, N from 1, in file order)."""
    import pyarrow.parquet as pq

    if item.gz:
        raise InputError("unsupported: gzip-compressed Parquet (Parquet compresses its own columns)")
    try:
        shard = pq.ParquetFile(item.path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a file that is not Parquet
        raise InputError(f"bad-parquet: {' '.join(str(exc).split())}") from exc
    number = 0
    for batch in shard.iter_batches(batch_size=_ROWS_PER_READ):
        for record in batch.to_pylist():
            number += 1
            source = f"{item.source}#row={number}"
            try:
                yield record_to_article(record, settings, meta, source_path=source)
            except InputError as exc:
                yield Skipped(source=source, reason=str(exc))
