"""What a store is, independent of the database behind it: the interface the pipeline, CLI and API use.

`SqlStore` (SQLAlchemy Core) implements it for SQLite today and PostgreSQL tomorrow; anything else that
satisfies this Protocol (an in-memory fake in a test, a Spark sink) can be passed to the pipeline instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date as Date
from typing import Any, Literal, Protocol, runtime_checkable

from eventwire.models import Article, Event

LogStatus = Literal["stored", "duplicate", "skipped", "failed"]
LOG_STATUSES: tuple[str, ...] = ("stored", "duplicate", "skipped", "failed")
# Sources with one of these statuses are not read again on a re-run; "failed" ones are retried, and so are
# "skipped" ones whose reason can pass on another try (RETRY_KINDS, the first word of the reason).
DONE_STATUSES: tuple[str, ...] = ("stored", "duplicate", "skipped")
# unreadable (a permission since fixed), too-large (a --max-bytes since raised), over-budget (a time or
# memory budget since raised), extract-failed (a bug since fixed).
RETRY_KINDS: tuple[str, ...] = ("unreadable", "too-large", "over-budget", "extract-failed")


@dataclass(frozen=True)
class EventFilter:
    """Which stored incidents to return. Every field is optional; given fields must all hold.

    `type`/`sub_type` compare ACLED's strings case-insensitively; `actor` and `text` are case-insensitive
    substrings (of an actor's name or mention; of the summary or any evidence sentence); `country` is an
    ISO alpha-2 code or a country name; `since`/`until` keep events whose date range overlaps
    [since, until], so events of unknown date are left out when either is given.
    """

    type: str | None = None
    sub_type: str | None = None
    actor: str | None = None
    country: str | None = None
    since: Date | None = None
    until: Date | None = None
    text: str | None = None
    limit: int | None = None
    offset: int = 0


@runtime_checkable
class Store(Protocol):
    """An event database: articles, merged incidents and the ingest log."""

    url: str

    def migrate(self) -> str:
        """Bring the schema to the newest revision; return that revision."""
        ...

    def schema_version(self) -> str | None:
        """The schema revision in the database, None for an empty one."""
        ...

    def batch(self) -> AbstractContextManager[None]:
        """One transaction: calls inside commit together when the block ends, or not at all on an error."""
        ...

    def has_article(self, article_id: str) -> bool: ...

    def add_article(self, article: Article) -> bool:
        """Store an article; False (and nothing written) when one with the same id is already stored."""
        ...

    def article(self, article_id: str) -> Article | None: ...

    def save_events(self, article_id: str, events: Iterable[Event]) -> list[str]:
        """Store what one article reports, merged into matching stored incidents; return the incident ids.

        Re-saving an article replaces its earlier contribution, so re-runs never duplicate anything.
        """
        ...

    def event(self, event_id: str) -> Event | None: ...

    def query_events(self, flt: EventFilter | None = None) -> list[Event]: ...

    def iter_events(self, flt: EventFilter | None = None) -> Iterator[Event]: ...

    def log(self, source: str, status: str, reason: str | None = None, article_id: str | None = None) -> None:
        """Record what happened to one input (a file, a JSONL line, a WARC record)."""
        ...

    def ingest_log(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Log entries, oldest first; with `limit`, only the newest that many."""
        ...

    def sources_done(self, retry_skipped: bool = False) -> set[str]:
        """Source keys a re-run can pass over: logged as stored or duplicate, or skipped for a reason that
        another try cannot change (not one of RETRY_KINDS); with `retry_skipped`, only stored or duplicate."""
        ...

    def sources_logged(self) -> set[str]:
        """Every source key in the ingest log, whatever happened to it."""
        ...

    def stats(self) -> dict[str, Any]: ...

    def close(self) -> None: ...
