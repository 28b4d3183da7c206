"""The SQLAlchemy Core store: SQLite by default, the same statements on PostgreSQL.

Reads never wait for an ingest: SQLite runs in WAL mode, so a reader sees the last committed state while a
writer holds its transaction. Writes take the write lock up front (BEGIN IMMEDIATE) so two writers queue on
`busy_timeout` instead of failing half-way. The current batch's connection is kept per thread, so one Store
object can serve an API's reader threads while the ingest thread writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import reduce
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
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

from eventwire.errors import EventwireError, StoreError
from eventwire.incidents import ADJACENT_DAYS, date_range, match_score, merge
from eventwire.models import Article, Event, stable_id
from eventwire.store.base import DONE_STATUSES, LOG_STATUSES, RETRY_KINDS, EventFilter
from eventwire.store.rows import (
    candidates_query,
    delete_event,
    now,
    published_by,
    with_source,
    write_event,
)
from eventwire.store.schema import (
    actors,
    articles,
    event_actors,
    event_mentions,
    event_sources,
    events,
    evidence,
    ingest_log,
)

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000


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
            raise StoreError(f"PostgreSQL needs a driver: pip install 'psycopg[binary]' ({exc})") from exc
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
    from eventwire.export import country_code

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

    def has_article(self, article_id: str) -> bool:
        with self._read() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    def add_article(self, article: Article) -> bool:
        with self._write() as conn:
            if conn.execute(select(articles.c.id).where(articles.c.id == article.id)).first() is not None:
                return False
            conn.execute(insert(articles).values(**article.model_dump(), ingested_at=now()))
            return True

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
            conn.execute(
                insert(ingest_log).values(
                    time=now(), source=source, status=status, reason=reason, article_id=article_id
                )
            )

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

    def save_events(self, article_id: str, events_: Iterable[Event]) -> list[str]:
        """Store one article's events, each merged into the stored incident it matches, if any.

        The article's earlier contribution is withdrawn first (its incidents rebuilt from their other
        reports), so saving the same article twice leaves the database as saving it once. An incident takes
        at most one event per article: two events of one report are two incidents unless the extractor
        merged them. Returns the incident id of each event, in order.
        """
        with self._write() as conn:
            stored = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
            mine = event_mentions.c.article_id == article_id
            withdrawn = list(conn.execute(select(event_mentions.c.event_id).where(mine)).scalars())
            conn.execute(delete(event_mentions).where(mine))
            for event_id in withdrawn:
                self._rebuild(conn, event_id)
            ids: list[str] = []
            for ev in events_:
                ev = with_source(ev, article_id, stored)
                target = self._best_candidate(conn, ev, article_id)
                fresh = target is None
                if target is None:  # a new incident: the merge of its one report is the report itself
                    target = self._free_id(conn, ev.id, article_id)
                    write_event(conn, ev.model_copy(update={"id": target}))
                conn.execute(
                    insert(event_mentions),
                    {"event_id": target, "article_id": article_id, "record": ev.model_dump(mode="json")},
                )
                if not fresh:
                    self._rebuild(conn, target)
                ids.append(target)
            return ids

    def _free_id(self, conn: Connection, wanted: str, article_id: str) -> str:
        candidate, n = wanted, 0
        while conn.execute(select(events.c.id).where(events.c.id == candidate)).first() is not None:
            n += 1
            candidate = stable_id(wanted, article_id, str(n))
        return candidate

    def _best_candidate(self, conn: Connection, ev: Event, article_id: str) -> str | None:
        """The stored incident `ev` reports, found by an indexed query on sub-type and date window."""
        span = date_range(ev.date)
        country = ev.location.country.upper() if ev.location.country else None
        params: dict[str, Any] = {"sub": ev.sub_event_type, "article": article_id, "country": country}
        if span is not None:
            slack = timedelta(days=ADJACENT_DAYS)
            params.update(lo=span[0] - slack, hi=span[1] + slack)
        query = candidates_query(span is not None, country is not None)
        best: tuple[int, str] | None = None
        for event_id, record in conn.execute(query, params):
            score = match_score(Event.model_validate(record), ev)
            if score is not None and (best is None or score > best[0]):
                best = (score, event_id)
        return best[1] if best else None

    def _rebuild(self, conn: Connection, event_id: str) -> None:
        """Rewrite an incident as the merge of its mentions (in a fixed order); delete it when none remain."""
        query = select(event_mentions.c.article_id, event_mentions.c.record)
        rows = conn.execute(query.where(event_mentions.c.event_id == event_id)).all()
        if not rows:
            delete_event(conn, event_id)
            return
        reports = sorted(
            ((Event.model_validate(record), article_id) for article_id, record in rows),
            key=lambda pair: (published_by(pair[0], pair[1]), pair[1]),
        )
        merged = reduce(merge, (ev for ev, _ in reports))
        write_event(conn, merged.model_copy(update={"id": event_id}))

    def event(self, event_id: str) -> Event | None:
        with self._read() as conn:
            record = conn.execute(select(events.c.record).where(events.c.id == event_id)).scalar()
        return None if record is None else Event.model_validate(record)

    def _query(self, flt: EventFilter | None) -> Any:
        flt = flt or EventFilter()
        query = select(events.c.record)
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
        # Chronological, undated incidents last, ties by id: the same query always lists in the same order.
        query = query.order_by(events.c.date_start.is_(None), events.c.date_start, events.c.id)
        if flt.limit is not None:
            query = query.limit(flt.limit)
        if flt.offset:
            query = query.offset(flt.offset)
        return query

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
