"""Ingest: from paths on disk to cleaned Articles, or Skipped records that say in one line why not.

    from eventwire.ingest import ArticleMeta, read_inputs
    for item in read_inputs([Path("reports/")], Settings.from_env(), ArticleMeta(outlet="The Times")):
        ...  # an Article (cleaned text, id = content hash) or a Skipped(source, reason)

Formats: plain text (+ NAME.json sidecar), HTML, JSON Lines news dumps, RSS/Atom feeds and WARC archives,
any of them gzip-compressed, and Parquet shards; detected by extension, else by content. One bad input never
stops a batch: every failure becomes a Skipped whose reason starts with a short kind (binary, empty,
too-large, bad-gzip, bad-json, bad-feed, bad-warc, bad-parquet, not-english, unsupported, unreadable) that
reports can group by.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventwire.errors import InputError
from eventwire.ingest.build import ArticleMeta, english_score
from eventwire.ingest.dates import parse_date
from eventwire.ingest.sources import InputFile, head_bytes, iter_files, read_limited, sniff
from eventwire.models import Article, Skipped
from eventwire.settings import Settings

__all__ = ["ArticleMeta", "english_score", "parse_date", "read_inputs"]

log = logging.getLogger(__name__)
_MAX_REASON = 300
_SNIFF_NUL = 64 * 1024
_NO_META = ArticleMeta()  # frozen, so one shared default is safe


def read_inputs(
    paths: Iterable[Path], settings: Settings, meta: ArticleMeta = _NO_META
) -> Iterator[Article | Skipped]:
    """Every article under `paths`, in a stable order (paths as given, folders sorted), lazily.

    Args:
        paths: files and folders; folders are walked recursively, hidden files skipped.
        settings: max_text_bytes, min_words and min_english_score are used.
        meta: publication date, outlet and URL for inputs that do not carry their own.
    Yields:
        An Article per readable report, a Skipped per input (file, line, entry or record) that is not one.
    """
    for item in iter_files(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            yield from _read_file(item, settings, meta)
        except InputError as exc:
            yield Skipped(source=item.source, reason=_one_line(str(exc)))
        except Exception as exc:  # noqa: BLE001 - one broken input must not stop the batch; its reason is kept
            log.debug("unexpected failure reading %s", item.source, exc_info=True)
            yield Skipped(source=item.source, reason=_one_line(f"unreadable: {type(exc).__name__}: {exc}"))


def _read_file(item: InputFile, settings: Settings, meta: ArticleMeta) -> Iterator[Article | Skipped]:
    fmt = item.fmt or sniff(head_bytes(item), item.path)
    if fmt == "warc":
        from eventwire.ingest.warc import read_warc

        yield from read_warc(item, settings, meta)
    elif fmt == "jsonl":
        from eventwire.ingest.jsonl import read_jsonl

        yield from read_jsonl(item, settings, meta)
    elif fmt == "parquet":
        from eventwire.ingest.parquet import read_parquet

        yield from read_parquet(item, settings, meta)
    else:
        data = read_limited(item, settings.max_text_bytes)
        if fmt == "rss":
            from eventwire.ingest.feeds import read_feed

            yield from read_feed(item, data, settings, meta)
        elif fmt == "html":
            from eventwire.ingest.html import read_html

            if b"\x00" in data[:_SNIFF_NUL]:
                raise InputError("binary: file contains NUL bytes")
            yield read_html(data, settings, meta, source_path=item.source)
        else:
            from eventwire.ingest.text import read_text

            yield read_text(item, data, settings, meta)


def _one_line(reason: str) -> str:
    line = " ".join(reason.split())
    return line if len(line) <= _MAX_REASON else line[: _MAX_REASON - 1] + "…"
