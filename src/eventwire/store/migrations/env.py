"""Alembic environment for eventwire's store, run programmatically by `Store.migrate()` (no alembic.ini).

The caller hands over an open connection in `config.attributes["connection"]`, so an in-memory SQLite
database is migrated on the connection the store keeps using; `sqlalchemy.url` is the fallback for running
`alembic -x` by hand. `render_as_batch` lets later migrations alter tables on SQLite.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from eventwire.store.schema import metadata

config = context.config


def _run(connection) -> None:  # noqa: ANN001 - sqlalchemy.engine.Connection
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
    else:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
