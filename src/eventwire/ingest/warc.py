"""WARC archives (Common Crawl and web archives) via fastwarc: each HTML response record is a page.

Only successful (2xx) HTML responses are articles; requests, metadata, images, redirects and error pages
are the rest of a crawl and are passed over without a Skipped record, or a Common Crawl segment would
report thousands of non-articles. The page URL is the record's WARC-Target-URI: the address actually
crawled. Records are numbered from 1 over all records of the file (`path#record=N`), so the key does not
change when the filter does.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastwarc.stream_io import GzipReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from eventwire.errors import InputError
from eventwire.ingest.build import ArticleMeta
from eventwire.ingest.html import read_html
from eventwire.ingest.sources import InputFile, too_large
from eventwire.models import Article, Skipped
from eventwire.settings import Settings

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(item: InputFile, settings: Settings, meta: ArticleMeta) -> Iterator[Article | Skipped]:
    """Articles and Skipped records of the HTML responses in a WARC or WARC.gz file, streamed."""
    try:
        stream = GzipReader(str(item.path)) if item.gz else str(item.path)
        records = ArchiveIterator(stream, parse_http=True, fsspec_args=False)
        for number, record in enumerate(records, start=1):
            if not _is_html_page(record):
                continue
            source = f"{item.source}#record={number}"
            try:
                yield _record_article(record, settings, meta, source, item.gz)
            except InputError as exc:
                yield Skipped(source=source, reason=str(exc))
    except OSError as exc:
        kind = "bad-gzip" if "gzip" in str(exc).lower() else "bad-warc"
        raise InputError(f"{kind}: {exc}") from exc


def _is_html_page(record: WarcRecord) -> bool:
    if record.record_type not in (WarcRecordType.response, WarcRecordType.resource):
        return False
    if record.record_type == WarcRecordType.response:
        if not record.is_http or record.http_headers is None:
            return False
        if not 200 <= record.http_headers.status_code < 300:
            return False
        ctype = record.http_content_type or ""
    else:
        ctype = record.headers.get("Content-Type") or ""
    return ctype.split(";")[0].strip().lower() in _HTML_TYPES


def _record_article(
    record: WarcRecord, settings: Settings, meta: ArticleMeta, source: str, gz: bool
) -> Article:
    expected = record.content_length
    if expected > settings.max_text_bytes:
        raise InputError(too_large(expected, settings.max_text_bytes))
    payload = record.reader.read()
    if len(payload) < expected:
        kind = "bad-gzip" if gz else "bad-warc"
        raise InputError(f"{kind}: truncated record (read {len(payload)} of {expected} bytes)")
    url = record.headers.get("WARC-Target-URI") or meta.url
    return read_html(payload, settings, meta, source_path=source, source_format="warc", url=url)
