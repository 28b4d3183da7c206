"""Incidents across sources: the pipeline stage that merges reports of one incident from many articles.

`rules` decides whether two event records are one incident and merges them; `stage` runs those rules
incrementally as articles arrive, over any store that offers `IncidentRows` (SQLite, PostgreSQL, memory).

    from eventwire.incidents import merge_article
    with store.batch():
        store.add_article(article)
        merge_article(store, article.id, events)
"""

from __future__ import annotations

from eventwire.incidents.rules import (
    ADJACENT_DAYS,
    MATCH_THRESHOLD,
    MAX_KM,
    match,
    match_score,
    merge,
    merge_counts,
)
from eventwire.incidents.stage import (
    IncidentRows,
    MemoryIncidents,
    merge_all,
    merge_article,
    published_by,
    rebuild,
    source_figures,
    with_source,
)
from eventwire.models import date_range
from eventwire.resolve.gazetteer import haversine_km

__all__ = [
    "ADJACENT_DAYS",
    "MATCH_THRESHOLD",
    "MAX_KM",
    "IncidentRows",
    "MemoryIncidents",
    "date_range",
    "haversine_km",
    "match",
    "match_score",
    "merge",
    "merge_all",
    "merge_article",
    "merge_counts",
    "published_by",
    "rebuild",
    "source_figures",
    "with_source",
]
