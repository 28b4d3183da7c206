"""Analysts' corrections of incident fields, kept beside the machine's values.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("note", sa.Text),
        sa.Column("corrected_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_corrections_event", "corrections", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_corrections_event", table_name="corrections")
    op.drop_table("corrections")
