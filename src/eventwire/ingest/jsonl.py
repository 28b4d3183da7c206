"""JSON Lines news dumps: one article per line, under our field names or those of common dump formats.

CC-News and news-please write `maintext`, `date_publish`, `source_domain`; NewsAPI writes `content`,
`publishedAt` and a `source` object; GDELT-style scrapes often keep the raw `html`. Each line is read on
its own: a malformed line is one Skipped (`path#line=N`) and the rest of the file goes on. The file is
streamed, so a dump of any size costs one line of memory at a time (and no line may exceed the limit).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from eventwire.errors import InputError
from eventwire.ingest.build import ArticleMeta, build_article
from eventwire.ingest.dates import read_published
from eventwire.ingest.sources import (
    InputFile,
    decode_text,
    guarded_read,
    json_problem,
    open_binary,
    too_large,
)
from eventwire.models import Article, Skipped
from eventwire.settings import Settings

# Field aliases, in order of preference. A body field is a paragraph list or a string.
TEXT_FIELDS = ("text", "maintext", "main_text", "body", "content", "article", "article_text", "description")
HTML_FIELDS = ("html", "raw_html", "page_html")
TITLE_FIELDS = ("title", "headline", "title_page")
URL_FIELDS = ("url", "link", "uri", "article_url")
DATE_FIELDS = (
    "published",
    "date_publish",
    "publish_date",
    "published_at",
    "publishedAt",
    "date_published",
    "pubDate",
    "date",
    "datetime",
    "timestamp",
)
OUTLET_FIELDS = (
    "outlet",
    "source_domain",
    "source",
    "publisher",
    "site_name",
    "sitename",
    "domain",
    "source_name",
)


def read_jsonl(item: InputFile, settings: Settings, meta: ArticleMeta) -> Iterator[Article | Skipped]:
    """Articles and Skipped records of a JSON Lines file, one per non-blank line, in file order."""
    with open_binary(item) as fh:
        for number, raw in _lines(fh, settings.max_text_bytes):
            source = f"{item.source}#line={number}"
            try:
                if isinstance(raw, InputError):
                    raise raw
                yield record_to_article(_parse(raw, number), settings, meta, source_path=source)
            except InputError as exc:
                yield Skipped(source=source, reason=str(exc))


def record_to_article(
    record: dict[str, Any], settings: Settings, meta: ArticleMeta, *, source_path: str
) -> Article:
    """One Article from a JSON object with any of the known field names (also for Parquet/Spark rows)."""
    title = _first(record, TITLE_FIELDS)
    url = _first(record, URL_FIELDS) or meta.url
    outlet = _outlet(record) or meta.outlet
    warnings: list[str] = []
    published = read_published(_first(record, DATE_FIELDS, allow_number=True), meta.published, warnings)
    body = _body(record)
    if body is None:
        html = _first(record, HTML_FIELDS)
        if html is None:
            raise InputError(f"empty: no text field (looked for {', '.join(TEXT_FIELDS + HTML_FIELDS)})")
        from eventwire.ingest.html import read_html

        page_meta = ArticleMeta(published=published, outlet=outlet, url=url)
        article = read_html(
            html, settings, page_meta, source_path=source_path, source_format="jsonl", url=url
        )
        return article.model_copy(update={"warnings": warnings + article.warnings})
    return build_article(
        body,
        settings=settings,
        source_path=source_path,
        source_format="jsonl",
        title=title,
        url=url,
        outlet=outlet,
        published=published,
        warnings=warnings,
    )


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | InputError]]:
    """(line number, bytes) of each non-blank line; an over-long line comes as an InputError, skipped past."""
    number = 0
    while True:
        line = guarded_read(fh, limit + 1, line=True)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without holding it
                more = guarded_read(fh, 1 << 20, line=True)
                if not more or more.endswith(b"\n"):
                    break
            yield number, InputError(too_large(None, limit))
        elif line.strip():
            yield number, line


def _parse(raw: bytes, number: int) -> dict[str, Any]:
    try:
        value = json.loads(decode_text(raw))
    except json.JSONDecodeError as exc:
        raise InputError(f"bad-json: line {number}, {json_problem(exc)}") from exc
    if not isinstance(value, dict):
        raise InputError(f"bad-json: line {number}: expected a JSON object, got {type(value).__name__}")
    return value


def _first(record: dict[str, Any], names: tuple[str, ...], allow_number: bool = False) -> Any:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
        if allow_number and isinstance(value, int | float) and not isinstance(value, bool):
            return value
    return None


def _body(record: dict[str, Any]) -> str | None:
    for name in TEXT_FIELDS:
        value = record.get(name)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = "\n".join(value)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _outlet(record: dict[str, Any]) -> str | None:
    for name in OUTLET_FIELDS:
        value = record.get(name)
        if isinstance(value, dict):  # NewsAPI: "source": {"id": ..., "name": ...}
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value
    return None
