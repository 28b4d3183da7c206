"""The tables, as SQLAlchemy Core metadata: the queries are written against these objects.

The migrations in `migrations/versions` create the same tables; `tests/test_store.py` compares a migrated
database with this metadata, so the two cannot drift apart unnoticed. Plain types only (String, Integer,
Float, Date, DateTime, JSON), so the same definitions run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),  # content hash: Article.make_id
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("url", Text),
    Column("outlet", String(200)),
    Column("published", Date),
    Column("language", String(16)),
    Column("source_path", Text),
    Column("source_format", String(32)),
    Column("ingested_at", DateTime, nullable=False),
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("admin1", String(200)),
    Column("country", String(2)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonames_id", Integer),
    Column("precision", String(16)),
    Index("ix_places_name", "name", "country"),
)

# One row per incident; the columns people filter on are copied out of `record` (the full Event JSON, the
# only thing read back) and indexed.
events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("attack_type", String(64)),
    Column("status", String(16), nullable=False),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(16)),
    Column("country", String(2)),
    Column("admin1", String(200)),
    Column("location", String(200)),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_id", Integer, ForeignKey("places.id", ondelete="SET NULL")),
    Column("killed_low", Integer),
    Column("killed_best", Integer),
    Column("killed_high", Integer),
    Column("wounded_low", Integer),
    Column("wounded_best", Integer),
    Column("wounded_high", Integer),
    Column("confidence", Float),
    Column("summary", Text),
    Column("record", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_events_sub_date", "sub_event_type", "date_start", "date_end"),
    Index("ix_events_type", "event_type"),
    Index("ix_events_country", "country"),
    Index("ix_events_dates", "date_start", "date_end"),
)

actors = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False),
    Column("type", String(64)),
    UniqueConstraint("name", name="uq_actors_name"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("text", Text),
    Index("ix_event_actors_actor", "actor_id"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_evidence_event", "event_id"),
    Index("ix_evidence_article", "article_id"),
)

event_sources = Table(
    "event_sources",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(64), primary_key=True),
    Column("outlet", String(200)),
    Column("url", Text),
    Column("published", Date),
    Index("ix_event_sources_article", "article_id"),
)

# What each article said about an incident, as the extractor produced it. An incident is the merge of its
# mentions, so re-saving an article replaces exactly its own contribution and rebuilds the incident.
event_mentions = Table(
    "event_mentions",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(64), primary_key=True),
    Column("record", JSON, nullable=False),
    Index("ix_event_mentions_article", "article_id"),
)

ingest_log = Table(
    "ingest_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("time", DateTime, nullable=False),
    Column("source", Text, nullable=False),
    Column("status", String(16), nullable=False),  # stored | duplicate | skipped | failed
    Column("reason", Text),
    Column("article_id", String(64)),
    Index("ix_ingest_log_source", "source"),
    Index("ix_ingest_log_status", "status"),
)

# Analysts' corrections, apart from the incident so that rebuilding it from its mentions keeps them: every
# write of an incident lays its corrections (the latest per field) over the machine's record.
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False),
    Column("field", String(64), nullable=False),
    Column("value", JSON),
    Column("note", Text),
    Column("corrected_at", DateTime, nullable=False),
    Index("ix_corrections_event", "event_id"),
)
