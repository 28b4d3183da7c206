"""Initial schema: articles, events and their actors, places, evidence, sources and mentions, ingest log.

Written out in full rather than imported from schema.py: a migration is a frozen record of one step, and
later edits to schema.py must come with a new migration, not silently change this one.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

_CASCADE = {"ondelete": "CASCADE"}

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.String(200)),
        sa.Column("published", sa.Date),
        sa.Column("language", sa.String(16)),
        sa.Column("source_path", sa.Text),
        sa.Column("source_format", sa.String(32)),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("admin1", sa.String(200)),
        sa.Column("country", sa.String(2)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("geonames_id", sa.Integer),
        sa.Column("precision", sa.String(16)),
    )
    op.create_index("ix_places_name", "places", ["name", "country"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("attack_type", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("date_precision", sa.String(16)),
        sa.Column("country", sa.String(2)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("location", sa.String(200)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("place_id", sa.Integer, sa.ForeignKey("places.id", ondelete="SET NULL")),
        sa.Column("killed_low", sa.Integer),
        sa.Column("killed_best", sa.Integer),
        sa.Column("killed_high", sa.Integer),
        sa.Column("wounded_low", sa.Integer),
        sa.Column("wounded_best", sa.Integer),
        sa.Column("wounded_high", sa.Integer),
        sa.Column("confidence", sa.Float),
        sa.Column("summary", sa.Text),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_events_sub_date", "events", ["sub_event_type", "date_start", "date_end"])
    op.create_index("ix_events_type", "events", ["event_type"])
    op.create_index("ix_events_country", "events", ["country"])
    op.create_index("ix_events_dates", "events", ["date_start", "date_end"])
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("type", sa.String(64)),
        sa.UniqueConstraint("name", name="uq_actors_name"),
    )
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", **_CASCADE), primary_key=True),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("text", sa.Text),
    )
    op.create_index("ix_event_actors_actor", "event_actors", ["actor_id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_evidence_event", "evidence", ["event_id"])
    op.create_index("ix_evidence_article", "evidence", ["article_id"])
    op.create_table(
        "event_sources",
        sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", **_CASCADE), primary_key=True),
        sa.Column("article_id", sa.String(64), primary_key=True),
        sa.Column("outlet", sa.String(200)),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
    )
    op.create_index("ix_event_sources_article", "event_sources", ["article_id"])
    op.create_table(
        "event_mentions",
        sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id", **_CASCADE), primary_key=True),
        sa.Column("article_id", sa.String(64), primary_key=True),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_index("ix_event_mentions_article", "event_mentions", ["article_id"])
    op.create_table(
        "ingest_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("time", sa.DateTime, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("article_id", sa.String(64)),
    )
    op.create_index("ix_ingest_log_source", "ingest_log", ["source"])
    op.create_index("ix_ingest_log_status", "ingest_log", ["status"])


def downgrade() -> None:
    tables = "ingest_log event_mentions event_sources evidence event_actors actors events places articles"
    for table in tables.split():
        op.drop_table(table)
