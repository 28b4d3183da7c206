"""What a store is, independent of the database behind it: the interface the pipeline, CLI and API use.

`SqlStore` (SQLAlchemy Core) implements it for SQLite today and PostgreSQL tomorrow; anything else that
satisfies this Protocol (an in-memory fake in a test, a Spark sink) can be passed to the pipeline instead.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
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

    `type`/`sub_type`/`status`/`admin1` compare case-insensitively; `actor` and `text` are case-insensitive
    substrings (of an actor's name or mention; of the summary or any evidence sentence); `country` is an
    ISO alpha-2 code or a country name; `since`/`until` keep events whose date range overlaps
    [since, until], so events of unknown date are left out when either is given. `bbox` is
    (west, south, east, north) in degrees and leaves out unplaced events; `min_fatalities`/`max_fatalities`
    bound ACLED's single figure (best estimate, else lower bound, else 0).

    Build one from user input with `eventwire.query.parse_filter`, which refuses unknown values.
    """

    type: str | None = None
    sub_type: str | None = None
    status: str | None = None
    actor: str | None = None
    country: str | None = None
    admin1: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    since: Date | None = None
    until: Date | None = None
    min_fatalities: int | None = None
    max_fatalities: int | None = None
    min_confidence: float | None = None
    text: str | None = None
    limit: int | None = None
    offset: int = 0


@runtime_checkable
class IncidentRows(Protocol):
    """What the merge stage needs from a store: plain reads and writes, no merging of its own.

    `SqlStore` implements it over SQLite and PostgreSQL, `MemoryIncidents` in memory.
    """

    def batch(self) -> AbstractContextManager[None]:
        """One transaction: the stage's writes for one article commit together or not at all."""
        ...

    def article(self, article_id: str) -> Article | None:
        """The stored article (its outlet, URL and date name the source of its events), None if unknown."""
        ...

    def has_incident(self, incident_id: str) -> bool: ...

    def incident_candidates(
        self,
        event_types: tuple[str, ...],
        window: tuple[Date, Date] | None,
        country: str | None,
        exclude_article: str,
    ) -> list[Event]:
        """Stored incidents of one of `event_types` that `exclude_article` has no mention in, whose dates
        overlap `window` (or are unknown) and whose country is `country` (or unknown); None: any."""
        ...

    def incident_mentions(self, incident_id: str) -> list[tuple[str, Event]]:
        """(article id, event record as extracted) of every mention of one incident."""
        ...

    def withdraw_article(self, article_id: str) -> list[str]:
        """Delete the mentions of one article; return the ids of the incidents they belonged to."""
        ...

    def add_mention(self, incident_id: str, article_id: str, record: Event) -> None: ...

    def put_incident(self, incident: Event) -> None:
        """Insert or replace one incident (its id is `incident.id`)."""
        ...

    def delete_incident(self, incident_id: str) -> None: ...


@runtime_checkable
class Store(IncidentRows, Protocol):
    """An event database: articles, incidents with their mentions, and the ingest log.

    It only persists: which mentions form one incident is decided by the merge stage (`eventwire.incidents`).
    """

    url: str

    def migrate(self) -> str:
        """Bring the schema to the newest revision; return that revision."""
        ...

    def schema_version(self) -> str | None:
        """The schema revision in the database, None for an empty one."""
        ...

    def stored_articles(self, article_ids: Collection[str]) -> set[str]:
        """Those of `article_ids` that are stored: one query for a batch of articles."""
        ...

    def add_article(self, article: Article) -> bool:
        """Store an article; False (and nothing written) when one with the same id is already stored."""
        ...

    def event(self, event_id: str) -> Event | None: ...

    def query_events(self, flt: EventFilter | None = None) -> list[Event]: ...

    def iter_events(self, flt: EventFilter | None = None) -> Iterator[Event]: ...

    def count_events(self, flt: EventFilter | None = None) -> int:
        """How many incidents `flt` matches, ignoring its limit and offset (for pagination)."""
        ...

    def count_by_month(self, flt: EventFilter | None = None) -> dict[str | None, int]:
        """Matching incidents per month of their start ("YYYY-MM"), in order; undated ones under None."""
        ...

    def has_value(self, field: str, value: str) -> bool:
        """Whether a filter on "admin1" (equal, any case) or "actor" (substring) can match anything."""
        ...

    def known_values(self, field: str) -> list[str]:
        """The distinct stored values of a free-form filter field ("admin1" or "actor"), sorted."""
        ...

    def list_articles(self, limit: int | None = None, offset: int = 0) -> list[Article]:
        """Stored articles, newest publication first."""
        ...

    def count_articles(self) -> int: ...

    def add_correction(self, event_id: str, field: str, value: Any, note: str | None = None) -> Event:
        """Record an analyst's value for one field of an incident; return the incident as now read.

        The machine's value stays in the record's `corrections`, beside the analyst's, and survives later
        merges: every rebuild of the incident re-applies its corrections.
        """
        ...

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
