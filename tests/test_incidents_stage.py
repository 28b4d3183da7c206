"""The merge stage over two stores: SQLite and memory give the same incidents; re-running changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.incidents import MemoryIncidents, merge_all, merge_article
from eventwire.models import Article, Event
from eventwire.store import IncidentRows, open_store

DATA = Path(__file__).parent / "data" / "store"


def _load(name: str, model: type) -> list:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [model.model_validate(json.loads(line)) for line in lines if line.strip()]


ARTICLES: list[Article] = _load("articles.jsonl", Article)
EVENTS: list[Event] = _load("events.jsonl", Event)


def _by_article() -> dict[str, list[Event]]:
    grouped: dict[str, list[Event]] = {}
    for ev in EVENTS:
        grouped.setdefault(ev.sources[0].article_id, []).append(ev)
    return grouped


def _clusters(rows: IncidentRows, ids: list[str]) -> set[frozenset[str]]:
    """Each incident as the set of (article, event) mentions it holds."""
    return {frozenset(f"{a}:{ev.id}" for a, ev in rows.incident_mentions(i)) for i in set(ids)}


def _run(rows: IncidentRows) -> list[str]:
    ids: list[str] = []
    for article_id, found in _by_article().items():
        ids += merge_article(rows, article_id, found)
    return ids


def test_sqlite_and_memory_rows_give_the_same_incidents() -> None:
    memory = MemoryIncidents(ARTICLES)
    with open_store("sqlite:///:memory:") as store:
        for article in ARTICLES:
            store.add_article(article)
        sql_ids = _run(store)
        assert _clusters(store, sql_ids) == _clusters(memory, _run(memory))
        stored = {ev.id: ev for ev in store.query_events()}
    assert {ev.id: ev for ev in memory.incidents()} == stored
    assert len(stored) < len(EVENTS)  # something merged: the fixture has one incident told twice


@pytest.mark.parametrize("rows_kind", ["memory", "sqlite"])
def test_re_merging_every_article_changes_nothing(rows_kind: str) -> None:
    with open_store("sqlite:///:memory:") as store:
        rows: IncidentRows = MemoryIncidents(ARTICLES) if rows_kind == "memory" else store
        for article in ARTICLES:
            store.add_article(article)
        first = _run(rows)
        before = {i: rows.incident_mentions(i) for i in set(first)}
        assert _run(rows) == first
        assert {i: rows.incident_mentions(i) for i in set(first)} == before


def test_merge_all_is_the_stage_over_memory() -> None:
    assert [e.id for e in merge_all(EVENTS)] == [e.id for e in _memory_incidents()]


def _memory_incidents() -> list[Event]:
    rows = MemoryIncidents()
    _run(rows)
    return rows.incidents()


def test_store_modules_do_not_import_the_merge_stage() -> None:
    """The store only persists: merging lives in eventwire.incidents, never inside store writes."""
    store_dir = Path(__file__).parents[1] / "src" / "eventwire" / "store"
    for path in store_dir.rglob("*.py"):
        imports = [line for line in path.read_text(encoding="utf-8").splitlines() if "import" in line]
        assert not [line for line in imports if "eventwire.incidents" in line or "eventwire.export" in line]
