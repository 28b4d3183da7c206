"""The SQLAlchemy Core store: SQLite by default, the same statements on PostgreSQL.

Reads never wait for an ingest: SQLite runs in WAL mode, so a reader sees the last committed state while a
writer holds its transaction. Writes take the write lock up front (BEGIN IMMEDIATE) so two writers queue on
`busy_timeout` instead of failing half-way. PostgreSQL gets the same discipline from a transaction-level
advisory lock (`_WRITE_LOCK`): write batches of concurrent ingests run one after the other, so "is this
article stored?" and "which incident does this event join?" are answered on what the other run committed,
and two runs over overlapping inputs lose nothing and duplicate nothing; readers take no lock.

The current batch's connection is kept per thread, so one Store object can serve an API's reader threads
while the ingest thread writes.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    Insert,
    Table,
    and_,
    create_engine,
    delete,
    distinct,
    event,
    exists,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from eventwire.corrections import check_correction, machine_record
from eventwire.countries import country_code
from eventwire.errors import EventwireError, NotFoundError, StoreError
from eventwire.models import Article, Event
from eventwire.store.base import DONE_STATUSES, LOG_STATUSES, RETRY_KINDS, EventFilter
from eventwire.store.rows import (
    candidates_query,
    delete_event,
    now,
    write_event,
)
from eventwire.store.schema import (
    actors,
    articles,
    corrections,
    event_actors,
    event_mentions,
    event_sources,
    events,
    evidence,
    ingest_log,
)

MIGRATIONS = Path(__file__).with_name("migrations")
# ACLED's single fatality figure as SQL: the best estimate, else the lower bound, else 0 (export.fatalities).
_FATALITIES = func.coalesce(events.c.killed_best, events.c.killed_low, 0)
BUSY_TIMEOUT_MS = 30_000
# The advisory lock key every eventwire writer takes on PostgreSQL ("evtw" as a 32-bit number).
_WRITE_LOCK = 0x65767477


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN (pysqlite's own handling defers it and hides the lock mode).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA journal_mode=WAL",
        f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
        "PRAGMA foreign_keys=ON",
        "PRAGMA synchronous=NORMAL",
    ):
        cursor.execute(pragma)
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("eventwire_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _take_write_lock(conn: Connection) -> None:
    """On PostgreSQL, wait for the writers' advisory lock (released at commit or rollback); SQLite's
    BEGIN IMMEDIATE already is one."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK})")


def _insert_new(conn: Connection, table: Table) -> Insert:
    """An INSERT that skips a row whose primary key is taken (ON CONFLICT DO NOTHING), in the dialect of
    `conn` (both backends have it, under the same name)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table).on_conflict_do_nothing()


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:///PATH URL; None for an in-memory or non-SQLite database (or a bad URL)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or (parsed.database or ":memory:") == ":memory:":
        return None
    return Path(parsed.database).expanduser()


def make_engine(url: str) -> Engine:
    """An engine for `url` with eventwire's connection settings; StoreError when it cannot be made."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r} (try sqlite:///eventwire.db)") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ":memory:"
        if database == ":memory:":
            # One shared connection, or every checkout would see its own empty database.
            engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except ImportError as exc:
            raise StoreError(
                f"PostgreSQL needs its driver: pip install 'psycopg[binary]' "
                f"(make install installs the pinned version) ({exc})"
            ) from exc
    raise StoreError(f"unsupported database {backend!r}: use sqlite:///PATH or postgresql://...")


@contextmanager
def _db_errors(what: str) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        raise StoreError(f"{what}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}") from exc


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _country_code(value: str) -> str:
    code = country_code(value)
    if code is None:
        raise EventwireError(f"unknown country {value!r}: give an ISO code (IQ) or a name (Iraq)")
    return code


class SqlStore:
    """The event database over one SQLAlchemy engine. Use `open_store(url)` rather than this constructor."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        self._local = threading.local()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # --- schema ------------------------------------------------------------------------------------------

    def _alembic_config(self) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return cfg

    def head_revision(self) -> str | None:
        """The newest revision this version of eventwire ships."""
        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def migrate(self, revision: str = "head") -> str | None:
        """Upgrade the schema with the migrations shipped in the package; returns the revision reached."""
        cfg = self._alembic_config()
        try:
            with self.engine.connect() as conn:
                conn.execution_options(eventwire_begin="IMMEDIATE")
                with conn.begin():
                    _take_write_lock(conn)  # two processes opening a new database migrate it once
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, revision)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate {self.url}: {exc}") from exc
        except Exception as exc:  # alembic's own errors, e.g. a database newer than this eventwire
            hint = "is the database newer than this eventwire?"
            raise StoreError(f"cannot migrate {self.url}: {exc} ({hint})") from exc
        return self.schema_version()

    def schema_version(self) -> str | None:
        with _db_errors("cannot read the schema version"), self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    # --- transactions ------------------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One write transaction for the calls inside; nested batches join the outer one."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with _db_errors(f"cannot write to {self.url}"), self.engine.connect() as conn:
            conn.execution_options(eventwire_begin="IMMEDIATE")
            with conn.begin():
                _take_write_lock(conn)
                self._local.conn = conn
                try:
                    yield
                finally:
                    self._local.conn = None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.batch():
            yield self._local.conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        current = getattr(self._local, "conn", None)
        if current is not None:  # inside a batch: see its own uncommitted writes
            yield current
            return
        with _db_errors(f"cannot read {self.url}"), self.engine.connect() as conn:
            yield conn

    # --- articles and the ingest log ---------------------------------------------------------------------

    def stored_articles(self, article_ids: Collection[str]) -> set[str]:
        if not article_ids:
            return set()
        query = select(articles.c.id).where(articles.c.id.in_(list(article_ids)))
        with self._read() as conn:
            return set(conn.execute(query).scalars())

    def add_article(self, article: Article) -> bool:
        with self._write() as conn:
            # One statement, no look-up first: the row is skipped when the id is taken (no id returned).
            added = _insert_new(conn, articles).returning(articles.c.id)
            return conn.execute(added, {**article.model_dump(), "ingested_at": now()}).first() is not None

    def article(self, article_id: str) -> Article | None:
        with self._read() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
        if row is None:
            return None
        return Article(**{k: v for k, v in row.items() if k != "ingested_at"})

    def log(self, source: str, status: str, reason: str | None = None, article_id: str | None = None) -> None:
        if status not in LOG_STATUSES:
            raise StoreError(f"unknown ingest status {status!r}; one of {', '.join(LOG_STATUSES)}")
        with self._write() as conn:
            # Parameters apart from the statement: one compiled INSERT serves every row (no per-row build).
            values = {
                "time": now(),
                "source": source,
                "status": status,
                "reason": reason,
                "article_id": article_id,
            }
            conn.execute(insert(ingest_log), values)

    def ingest_log(self, limit: int | None = None) -> list[dict[str, Any]]:
        query = select(ingest_log).order_by(ingest_log.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
        rows.reverse()
        return rows

    def sources_done(self, retry_skipped: bool = False) -> set[str]:
        status = ingest_log.c.status
        done = status.in_(("stored", "duplicate"))
        if not retry_skipped:
            retry = or_(*(ingest_log.c.reason.like(f"{kind}:%") for kind in RETRY_KINDS))
            done = or_(done, and_(status.in_(DONE_STATUSES), ~retry))
        query = select(ingest_log.c.source).where(done).distinct()
        with self._read() as conn:
            return set(conn.execute(query).scalars())

    def sources_logged(self) -> set[str]:
        with self._read() as conn:
            return set(conn.execute(select(ingest_log.c.source).distinct()).scalars())

    # --- events ------------------------------------------------------------------------------------------

    # --- incidents and their mentions: the rows the merge stage (eventwire.incidents) reads and writes ----

    def has_incident(self, incident_id: str) -> bool:
        with self._read() as conn:
            return conn.execute(select(events.c.id).where(events.c.id == incident_id)).first() is not None

    def incident_candidates(
        self,
        event_types: tuple[str, ...],
        window: tuple[Date, Date] | None,
        country: str | None,
        exclude_article: str,
    ) -> list[Event]:
        """Stored incidents that may match a new mention, by an indexed query on type, dates and country
        (see `IncidentRows.incident_candidates`); at most `rows.MAX_CANDIDATES`, in id order."""
        params: dict[str, Any] = {"types": list(event_types), "article": exclude_article, "country": country}
        if window is not None:
            params.update(lo=window[0], hi=window[1])
        query = candidates_query(window is not None, country is not None)
        with self._read() as conn:
            return [Event.model_validate(record) for _, record in conn.execute(query, params)]

    def incident_mentions(self, incident_id: str) -> list[tuple[str, Event]]:
        query = select(event_mentions.c.article_id, event_mentions.c.record)
        with self._read() as conn:
            rows = conn.execute(query.where(event_mentions.c.event_id == incident_id)).all()
        return [(article_id, Event.model_validate(record)) for article_id, record in rows]

    def withdraw_article(self, article_id: str) -> list[str]:
        mine = event_mentions.c.article_id == article_id
        with self._write() as conn:
            touched = list(conn.execute(select(event_mentions.c.event_id).where(mine)).scalars())
            if touched:  # a new article has none: no DELETE to run
                conn.execute(delete(event_mentions).where(mine))
        return touched

    def add_mention(self, incident_id: str, article_id: str, record: Event) -> None:
        with self._write() as conn:
            values = {
                "event_id": incident_id,
                "article_id": article_id,
                "record": record.model_dump(mode="json"),
            }
            conn.execute(insert(event_mentions), values)

    def put_incident(self, incident: Event) -> None:
        with self._write() as conn:
            write_event(conn, incident)

    def delete_incident(self, incident_id: str) -> None:
        with self._write() as conn:
            delete_event(conn, incident_id)

    def event(self, event_id: str) -> Event | None:
        with self._read() as conn:
            record = conn.execute(select(events.c.record).where(events.c.id == event_id)).scalar()
        return None if record is None else Event.model_validate(record)

    def _query(self, flt: EventFilter | None) -> Any:
        flt = flt or EventFilter()
        query = self._where(select(events.c.record), flt)
        # Chronological, undated incidents last, ties by id: the same query always lists in the same order.
        query = query.order_by(events.c.date_start.is_(None), events.c.date_start, events.c.id)
        if flt.limit is not None:
            query = query.limit(flt.limit)
        if flt.offset:
            query = query.offset(flt.offset)
        return query

    def _where(self, query: Any, flt: EventFilter) -> Any:
        """`query` restricted to the incidents `flt` matches (limit and offset left to the caller)."""
        if flt.status:
            query = query.where(func.lower(events.c.status) == flt.status.lower())
        if flt.admin1:
            query = query.where(func.lower(events.c.admin1) == flt.admin1.lower())
        if flt.bbox:
            west, south, east, north = flt.bbox
            query = query.where(events.c.lat.between(south, north))
            if west <= east:
                query = query.where(events.c.lon.between(west, east))
            else:  # a box across the antimeridian
                query = query.where(or_(events.c.lon >= west, events.c.lon <= east))
        if flt.min_fatalities is not None:
            query = query.where(_FATALITIES >= flt.min_fatalities)
        if flt.max_fatalities is not None:
            query = query.where(_FATALITIES <= flt.max_fatalities)
        if flt.min_confidence is not None:
            query = query.where(events.c.confidence >= flt.min_confidence)
        if flt.type:
            query = query.where(func.lower(events.c.event_type) == flt.type.lower())
        if flt.sub_type:
            query = query.where(func.lower(events.c.sub_event_type) == flt.sub_type.lower())
        if flt.country:
            query = query.where(events.c.country == _country_code(flt.country))
        if flt.since:
            query = query.where(func.coalesce(events.c.date_end, events.c.date_start) >= flt.since)
        if flt.until:
            query = query.where(events.c.date_start <= flt.until)
        if flt.actor:
            pattern = _like(flt.actor)
            query = query.where(
                exists(
                    select(1)
                    .select_from(event_actors.join(actors, actors.c.id == event_actors.c.actor_id))
                    .where(
                        event_actors.c.event_id == events.c.id,
                        or_(
                            func.lower(actors.c.name).like(pattern, escape="\\"),
                            func.lower(event_actors.c.text).like(pattern, escape="\\"),
                        ),
                    )
                )
            )
        if flt.text:
            pattern = _like(flt.text)
            query = query.where(
                or_(
                    func.lower(events.c.summary).like(pattern, escape="\\"),
                    exists(
                        select(1).where(
                            evidence.c.event_id == events.c.id,
                            func.lower(evidence.c.text).like(pattern, escape="\\"),
                        )
                    ),
                )
            )
        return query

    def count_events(self, flt: EventFilter | None = None) -> int:
        query = self._where(select(func.count()).select_from(events), flt or EventFilter())
        with self._read() as conn:
            return conn.execute(query).scalar_one()

    def count_by_month(self, flt: EventFilter | None = None) -> dict[str | None, int]:
        """Matching incidents per month of their start ("YYYY-MM"), in order; undated ones under None."""
        query = self._where(select(events.c.date_start), flt or EventFilter())
        counts: dict[str | None, int] = {}
        with self._read() as conn:
            for start in conn.execute(query).scalars():
                key = start.isoformat()[:7] if start is not None else None
                counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or "")))

    def has_value(self, field: str, value: str) -> bool:
        if field == "admin1":
            query = select(events.c.id).where(func.lower(events.c.admin1) == value.lower())
        elif field == "actor":
            pattern = _like(value)
            named = select(actors.c.id).where(func.lower(actors.c.name).like(pattern, escape="\\"))
            mentioned = select(event_actors.c.actor_id).where(
                func.lower(event_actors.c.text).like(pattern, escape="\\")
            )
            query = named.union_all(mentioned)
        else:
            raise StoreError(f"no known values for {field!r}: admin1 or actor")
        with self._read() as conn:
            return conn.execute(query.limit(1)).first() is not None

    def known_values(self, field: str) -> list[str]:
        """Stored admin1 names, or actor names and mention texts: what a filter on them can match."""
        with self._read() as conn:
            if field == "admin1":
                found = conn.execute(select(events.c.admin1).distinct()).scalars()
            elif field == "actor":
                names = conn.execute(select(actors.c.name)).scalars()
                mentions = conn.execute(select(event_actors.c.text).distinct()).scalars()
                found = [*names, *mentions]
            else:
                raise StoreError(f"no known values for {field!r}: admin1 or actor")
            return sorted({v for v in found if v})

    def list_articles(self, limit: int | None = None, offset: int = 0) -> list[Article]:
        query = select(articles).order_by(articles.c.published.desc(), articles.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        return [Article(**{k: v for k, v in row.items() if k != "ingested_at"}) for row in rows]

    def count_articles(self) -> int:
        with self._read() as conn:
            return conn.execute(select(func.count()).select_from(articles)).scalar_one()

    def add_correction(self, event_id: str, field: str, value: Any, note: str | None = None) -> Event:
        """Validate and record an analyst's value for one field; the incident is rewritten with it applied.

        Raises NotFoundError when there is no such incident and CorrectionError when the value cannot stand.
        """
        with self._write() as conn:
            record = conn.execute(select(events.c.record).where(events.c.id == event_id)).scalar()
            if record is None:
                raise NotFoundError(f"no incident {event_id!r}")
            current = Event.model_validate(record)
            for made in check_correction(current, field, value, note):
                conn.execute(
                    insert(corrections).values(
                        event_id=event_id,
                        field=made.field,
                        value=made.value,
                        note=made.note,
                        corrected_at=made.corrected_at or now(),
                    )
                )
            write_event(conn, machine_record(current))
            stored = conn.execute(select(events.c.record).where(events.c.id == event_id)).scalar()
        return Event.model_validate(stored)

    def query_events(self, flt: EventFilter | None = None) -> list[Event]:
        return list(self.iter_events(flt))

    def iter_events(self, flt: EventFilter | None = None) -> Iterator[Event]:
        """Like `query_events`, streamed: an export of a large database does not hold every event at once."""
        query = self._query(flt)
        with self._read() as conn:
            for record in conn.execute(query.execution_options(yield_per=500)).scalars():
                yield Event.model_validate(record)

    def stats(self) -> dict[str, Any]:
        """Counts for a summary: articles, incidents by type, sub-type and country, fatalities, the log."""
        with self._read() as conn:

            def grouped(column: Any) -> dict[Any, int]:
                rows = conn.execute(select(column, func.count()).group_by(column)).all()
                return dict(rows)

            def distinct_sources(status: str) -> int:
                query = select(func.count(distinct(ingest_log.c.source))).where(ingest_log.c.status == status)
                if status in {"failed", "skipped"}:  # one stored on a re-run is no longer skipped or failed
                    done = select(ingest_log.c.source).where(ingest_log.c.status.in_(("stored", "duplicate")))
                    query = query.where(~ingest_log.c.source.in_(done))
                return conn.execute(query).scalar_one()

            killed = func.coalesce(events.c.killed_best, events.c.killed_low, 0)
            wounded = func.coalesce(events.c.wounded_best, events.c.wounded_low, 0)
            return {
                "articles": conn.execute(select(func.count()).select_from(articles)).scalar_one(),
                "events": conn.execute(select(func.count()).select_from(events)).scalar_one(),
                "by_type": grouped(events.c.event_type),
                "by_sub_type": grouped(events.c.sub_event_type),
                "by_country": grouped(events.c.country),
                "killed": conn.execute(select(func.coalesce(func.sum(killed), 0))).scalar_one(),
                "wounded": conn.execute(select(func.coalesce(func.sum(wounded), 0))).scalar_one(),
                "sources": conn.execute(select(func.count()).select_from(event_sources)).scalar_one(),
                "stored": distinct_sources("stored"),
                "duplicates": distinct_sources("duplicate"),
                "skipped": distinct_sources("skipped"),
                "failed": distinct_sources("failed"),
            }
