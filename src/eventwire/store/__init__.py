"""The event database: `open_store(url)` gives a migrated store for sqlite:///PATH or postgresql://...

The store only persists; the merge stage (`eventwire.incidents.merge_article`) decides which reports form
one incident and writes them through the store's `IncidentRows` methods.

store = open_store("sqlite:///eventwire.db")
with store.batch():
    if store.add_article(article):
        merge_article(store, article.id, events)
store.query_events(EventFilter(country="IQ", since=date(2020, 3, 1)))
"""

from __future__ import annotations

from eventwire.errors import StoreError
from eventwire.store.base import EventFilter, IncidentRows, LogStatus, Store
from eventwire.store.sql import SqlStore, make_engine, sqlite_path

__all__ = ["EventFilter", "IncidentRows", "LogStatus", "SqlStore", "Store", "make_engine", "open_store"]


def open_store(url: str, migrate: bool = True, create: bool = True) -> SqlStore:
    """Open the database at `url` and bring its schema up to date; with `create`, make it where needed.

    Read commands pass `create=False`: a database that does not exist (a typo in the path) is then a
    StoreError naming it, not a new empty database that answers "0 events".

    Raises StoreError when the URL is not supported, the driver is missing, the database does not exist
    (create=False) or the schema cannot be migrated.
    """
    if not create:
        path = sqlite_path(url)
        if path is not None and not path.is_file():
            raise StoreError(f"no database at {path} (create one with: eventwire ingest FILES --db {url})")
    store = SqlStore(url)
    try:
        if not create and store.schema_version() is None:
            raise StoreError(
                f"no eventwire database at {url} (create one with: eventwire ingest FILES --db URL)"
            )
        if migrate:
            store.migrate()
    except Exception:
        store.close()
        raise
    return store
