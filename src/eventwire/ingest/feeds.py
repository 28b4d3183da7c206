"""RSS and Atom feeds via feedparser: one article per entry, full content where the feed carries it.

Many news feeds carry the whole story in `content:encoded` (RSS) or `<content>` (Atom) and only a teaser
in `description`/`summary`; we take the longest content and fall back to the summary. Dates are read from
the entry's own string first, so the calendar day is the publisher's, not feedparser's UTC conversion.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser

from eventwire.errors import InputError
from eventwire.ingest.build import ArticleMeta, build_article, one_line
from eventwire.ingest.dates import parse_date, read_published
from eventwire.ingest.html import fragment_to_text
from eventwire.ingest.sources import InputFile
from eventwire.models import Article, Skipped, stable_id
from eventwire.settings import Settings


def read_feed(
    item: InputFile, data: bytes, settings: Settings, meta: ArticleMeta
) -> Iterator[Article | Skipped]:
    """Articles and Skipped records of a feed file's entries (see `read_feed_bytes`)."""
    yield from read_feed_bytes(item.source, data, settings, meta)


def read_feed_bytes(
    source: str, data: bytes, settings: Settings, meta: ArticleMeta
) -> Iterator[Article | Skipped]:
    """Articles and Skipped records of a feed's entries, each labelled by what it is, not where it sits.

    A refreshed feed puts new stories first and drops old ones at the end, so "entry 1" names a different
    story every hour. Each entry is labelled `SOURCE#guid=...` (its guid or Atom id), else
    `SOURCE#link=URL`, else `SOURCE#sha=HASH` of its content: the same story keeps its label wherever it
    moves, and the ingest log can tell a new story from an old one.
    """
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise InputError(f"bad-feed: {' '.join(str(parsed.get('bozo_exception')).split())}")
        raise InputError("empty: feed has no entries")
    outlet = (parsed.get("feed") or {}).get("title") or meta.outlet
    for entry in entries:
        label = f"{source}#{entry_key(entry)}"
        try:
            yield _entry_article(entry, outlet, settings, meta, label)
        except InputError as exc:
            yield Skipped(source=label, reason=str(exc))


def entry_key(entry: Any) -> str:
    """`guid=...`, `link=...` or `sha=...`: the entry's identity, independent of its position in the feed."""
    guid = one_line(dict.get(entry, "id"))
    if guid:
        return f"guid={guid}"
    link = one_line(dict.get(entry, "link"))
    if link:
        return f"link={link}"
    body = " ".join(str(entry.get(k) or "") for k in ("title", "summary", "content"))
    return f"sha={stable_id(body)}"


def _entry_article(
    entry: Any, outlet: str | None, settings: Settings, meta: ArticleMeta, source: str
) -> Article:
    body = _entry_body(entry)
    if not body.strip():
        raise InputError("empty: entry has no content or summary")
    # dict.get: feedparser's own get() maps a missing `updated` to `published` with a DeprecationWarning.
    # The entry's own date strings only: feedparser's *_parsed "repairs" an impossible date ("2020-13-45"
    # becomes 2021-01-01), so a date it had to invent is dropped with a warning instead.
    raw = [dict.get(entry, key) for key in ("published", "updated") if dict.get(entry, key)]
    warnings: list[str] = []
    published = next((d for d in map(parse_date, raw) if d is not None), None)
    if published is None:
        published = read_published(raw[0], meta.published, warnings) if raw else meta.published
    return build_article(
        body,
        settings=settings,
        source_path=source,
        source_format="rss",
        title=entry.get("title"),
        url=entry.get("link") or meta.url,
        outlet=outlet,
        published=published,
        warnings=warnings,
    )


def _entry_body(entry: Any) -> str:
    """The entry's fullest text: the longest `content` value, else the summary, as plain text."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        value, kind = best["value"], best.get("type", "text/html")
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = entry.get("summary") or "", detail.get("type", "text/html")
    return value if kind == "text/plain" else fragment_to_text(value)
