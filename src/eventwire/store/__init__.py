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

from eventwire.store.base import EventFilter, IncidentRows, LogStatus, Store
from eventwire.store.sql import SqlStore, make_engine

__all__ = ["EventFilter", "IncidentRows", "LogStatus", "SqlStore", "Store", "make_engine", "open_store"]


def open_store(url: str, migrate: bool = True) -> SqlStore:
    """Open (creating where needed) the database at `url` and bring its schema up to date.

    Raises StoreError when the URL is not supported, the driver is missing or the schema cannot be migrated.
    """
    store = SqlStore(url)
    if migrate:
        try:
            store.migrate()
        except Exception:
            store.close()
            raise
    return store
