"""The store: schema and migrations, articles, events in and out, merging across outlets, the ingest log."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from eventwire.errors import EventwireError, StoreError
from eventwire.incidents import merge_article
from eventwire.models import Article, DateInfo, Event
from eventwire.store import EventFilter, SqlStore, Store, open_store
from eventwire.store.schema import metadata

DATA = Path(__file__).parent / "data" / "store"


def _load(name: str, model: type) -> dict:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    items = [model.model_validate(json.loads(line)) for line in lines if line.strip()]
    return {item.id: item for item in items}


ARTICLES: dict[str, Article] = _load("articles.jsonl", Article)
EVENTS: dict[str, Event] = _load("events.jsonl", Event)


def _article_of(ev: Event) -> Article:
    return ARTICLES[ev.sources[0].article_id]


@pytest.fixture
def store(db_url: str) -> SqlStore:
    """A migrated store on each backend (conftest.db_url: SQLite, then a real PostgreSQL server)."""
    with open_store(db_url) as s:
        yield s


@pytest.fixture
def file_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'sub' / 'eventwire.db'}"


def _ingest(store: SqlStore, *event_ids: str) -> list[str]:
    """Save the events as the pipeline does: per article, all of that article's events in one call."""
    by_article: dict[str, list[Event]] = {}
    for event_id in event_ids:
        by_article.setdefault(EVENTS[event_id].sources[0].article_id, []).append(EVENTS[event_id])
    ids = []
    for article_id, found in by_article.items():
        with store.batch():
            store.add_article(ARTICLES[article_id])
            ids += merge_article(store, article_id, found)
    return ids


# --- data and schema -------------------------------------------------------------------------------------


@pytest.mark.parametrize("event_id", sorted(EVENTS))
def test_test_data_evidence_points_into_its_article(event_id: str) -> None:
    for span in EVENTS[event_id].evidence:
        assert ARTICLES[span.article_id].text[span.start : span.end] == span.text


def test_migrates_an_empty_database_to_head(db_url: str) -> None:
    bare = SqlStore(db_url)
    assert bare.schema_version() is None
    assert bare.migrate() == bare.head_revision() == "0002"
    assert bare.schema_version() == "0002"
    tables = set(inspect(bare.engine).get_table_names())
    assert {"articles", "events", "actors", "event_actors", "places", "evidence", "event_sources"} <= tables
    assert {"ingest_log", "event_mentions", "corrections", "alembic_version"} <= tables
    bare.migrate()  # a second run is a no-op
    bare.close()


def test_migrated_schema_matches_the_metadata(db_url: str) -> None:
    """schema.py (what the queries use) and the migrations (what creates tables) must not drift apart."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with open_store(db_url) as s, s.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(file_url: str) -> None:
    with open_store(file_url) as s, s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_store_satisfies_the_protocol(store: SqlStore) -> None:
    assert isinstance(store, Store)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://localhost/db", "unsupported database"),
        ("not a url", "not a database URL"),
        # no driver installed here; with one, nothing listens on this port
        ("postgresql://localhost:1/eventwire", "psycopg|cannot migrate"),
    ],
)
def test_unusable_urls_raise_store_error(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        open_store(url)


# --- articles --------------------------------------------------------------------------------------------


def test_article_round_trip_and_duplicate_detection(store: SqlStore) -> None:
    article = next(iter(ARTICLES.values()))
    assert article.id not in store.stored_articles([article.id])
    assert store.add_article(article) is True
    assert article.id in store.stored_articles([article.id])
    assert store.add_article(article) is False
    assert store.article(article.id) == article
    assert store.article("missing") is None
    assert store.stats()["articles"] == 1


# --- events ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("event_id", sorted(EVENTS))
def test_event_round_trip(store: SqlStore, event_id: str) -> None:
    _ingest(store, event_id)
    assert store.query_events() == [EVENTS[event_id]]
    assert store.event(event_id) == EVENTS[event_id]


def test_resaving_an_article_replaces_its_events(store: SqlStore) -> None:
    ev = EVENTS["ev-daquq-ied"]
    first = _ingest(store, "ev-daquq-ied")
    again = _ingest(store, "ev-daquq-ied")
    assert first == again == ["ev-daquq-ied"]
    assert store.query_events() == [ev]
    assert store.stats()["events"] == 1
    # a corrected extraction replaces the old one instead of adding a second incident
    fixed = ev.model_copy(update={"summary": "Corrected summary."})
    merge_article(store, _article_of(ev).id, [fixed])
    assert [e.summary for e in store.query_events()] == ["Corrected summary."]
    merge_article(store, _article_of(ev).id, [])
    assert store.query_events() == []


def test_same_incident_from_two_outlets_is_stored_once(store: SqlStore) -> None:
    times, reuters = EVENTS["ev-taji-times"], EVENTS["ev-taji-reuters"]
    ids = _ingest(store, "ev-taji-times", "ev-taji-reuters")
    assert ids == ["ev-taji-times", "ev-taji-times"]  # the incident keeps the id it was first stored with
    [incident] = store.query_events()
    assert {s.outlet for s in incident.sources} == {"The Times", "Reuters"}
    assert len(incident.evidence) == len(times.evidence) + len(reuters.evidence)
    assert incident.location.precision == "town"  # Reuters' more precise place
    assert incident.fatalities.wounded.low == 14 and incident.fatalities.wounded.best == 14
    stats = store.stats()
    assert (stats["events"], stats["sources"], stats["killed"]) == (1, 2, 3)
    # re-running either outlet changes nothing
    _ingest(store, "ev-taji-reuters", "ev-taji-times")
    assert store.query_events() == [incident]


def test_withdrawing_one_outlet_rebuilds_the_incident_from_the_other(store: SqlStore) -> None:
    _ingest(store, "ev-taji-times", "ev-taji-reuters")
    merge_article(store, _article_of(EVENTS["ev-taji-times"]).id, [])
    [incident] = store.query_events()
    reuters = EVENTS["ev-taji-reuters"]
    assert incident == reuters.model_copy(update={"id": "ev-taji-times"})


def test_merge_result_does_not_depend_on_ingest_order() -> None:
    with open_store("sqlite:///:memory:") as one, open_store("sqlite:///:memory:") as two:
        _ingest(one, "ev-taji-times", "ev-taji-reuters")
        _ingest(two, "ev-taji-reuters", "ev-taji-times")
        [a], [b] = one.query_events(), two.query_events()
    assert a.model_copy(update={"id": "x"}) == b.model_copy(update={"id": "x"})


def test_two_events_of_one_article_never_merge_into_one_incident(store: SqlStore) -> None:
    ev = EVENTS["ev-daquq-ied"]
    # a day apart (the same day with nothing contradicting would be one story: `fold_fragments`)
    day = DateInfo(start=date(2020, 3, 4), end=date(2020, 3, 4), precision="day", text="on Wednesday")
    twin = ev.model_copy(update={"id": "ev-daquq-twin", "date": day})
    store.add_article(_article_of(ev))
    assert merge_article(store, _article_of(ev).id, [ev, twin]) == ["ev-daquq-ied", "ev-daquq-twin"]
    assert store.stats()["events"] == 2


def test_an_interrupted_batch_keeps_what_was_committed(store: SqlStore) -> None:
    _ingest(store, "ev-daquq-ied")
    ev = EVENTS["ev-sinjar"]
    with pytest.raises(RuntimeError), store.batch():
        store.add_article(_article_of(ev))
        merge_article(store, _article_of(ev).id, [ev])
        store.log("sinjar.txt", "stored", None, _article_of(ev).id)
        raise RuntimeError("killed mid-batch")
    assert [e.id for e in store.query_events()] == ["ev-daquq-ied"]
    assert _article_of(ev).id not in store.stored_articles([_article_of(ev).id])
    assert store.sources_done() == set()


# --- queries ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(), ["ev-video-russia", "ev-sinjar", "ev-daquq-ied", "ev-taji-times"]),
        (EventFilter(type="battles"), ["ev-sinjar"]),
        (EventFilter(sub_type="Propaganda release"), ["ev-video-russia"]),
        (EventFilter(actor="islamic state"), ["ev-video-russia", "ev-sinjar", "ev-daquq-ied"]),
        (EventFilter(actor="Hashd"), ["ev-daquq-ied"]),  # the mention text, not only the canonical name
        (EventFilter(country="IQ"), ["ev-sinjar", "ev-daquq-ied", "ev-taji-times"]),
        (EventFilter(country="iraq"), ["ev-sinjar", "ev-daquq-ied", "ev-taji-times"]),
        (EventFilter(country="Syria"), []),
        (EventFilter(since=date(2020, 1, 1)), ["ev-daquq-ied", "ev-taji-times"]),
        (EventFilter(until=date(2015, 11, 12)), ["ev-video-russia"]),  # month range overlaps
        (EventFilter(since=date(2015, 11, 20), until=date(2015, 12, 31)), ["ev-video-russia"]),
        (EventFilter(text="KATYUSHA"), ["ev-taji-times"]),  # in the Reuters evidence only
        (EventFilter(text="peshmerga"), ["ev-sinjar"]),
        (EventFilter(text="100%"), []),  # LIKE wildcards are literal
        (EventFilter(limit=2), ["ev-video-russia", "ev-sinjar"]),
        (EventFilter(limit=2, offset=1), ["ev-sinjar", "ev-daquq-ied"]),
        (EventFilter(actor="islamic state", since=date(2016, 1, 1)), ["ev-daquq-ied"]),
    ],
)
def test_filters(store: SqlStore, flt: EventFilter, expected: list[str]) -> None:
    _ingest(store, *EVENTS)
    assert [e.id for e in store.query_events(flt)] == expected


def test_unknown_country_is_an_error(store: SqlStore) -> None:
    with pytest.raises(EventwireError, match="unknown country"):
        store.query_events(EventFilter(country="Narnia"))


def test_stats(store: SqlStore) -> None:
    _ingest(store, *EVENTS)
    store.log("a.txt", "skipped", "not English")
    stats = store.stats()
    assert stats["articles"] == 4 and stats["events"] == 4
    assert stats["by_type"] == {"Battles": 1, "Explosions/Remote violence": 2, "Strategic developments": 1}
    assert stats["by_country"] == {None: 1, "IQ": 3}
    assert (stats["killed"], stats["wounded"]) == (5, 14)
    assert stats["skipped"] == 1


# --- the ingest log --------------------------------------------------------------------------------------


def test_ingest_log_and_sources_done(store: SqlStore) -> None:
    store.log("a.txt", "stored", None, "abc")
    store.log("b.html", "skipped", "empty page")
    store.log("c.jsonl:3", "duplicate", "same text already stored", "abc")
    store.log("d.txt", "failed", "extract-failed: ValueError")
    assert store.sources_done() == {"a.txt", "b.html", "c.jsonl:3"}  # failed ones are retried
    log = store.ingest_log()
    assert [r["source"] for r in log] == ["a.txt", "b.html", "c.jsonl:3", "d.txt"]
    assert log[1]["reason"] == "empty page" and log[0]["article_id"] == "abc"
    assert [r["source"] for r in store.ingest_log(limit=2)] == ["c.jsonl:3", "d.txt"]
    store.log("d.txt", "stored", None, "def")
    assert "d.txt" in store.sources_done()
    assert store.stats()["failed"] == 0
    with pytest.raises(StoreError):
        store.log("e.txt", "exploded")


@pytest.mark.parametrize(
    ("reason", "retried"),
    [
        ("unreadable: Permission denied", True),
        ("too-large: 12000000 bytes of text (limit 10000000)", True),
        ("over-budget: more than 300 s", True),
        ("extract-failed: ValueError: boom", True),
        ("not-english: looks like French", False),
        ("binary: file contains NUL bytes", False),
        ("empty: no text", False),
    ],
)
def test_a_skip_that_can_pass_is_retried(store: SqlStore, reason: str, retried: bool) -> None:
    store.log("x.txt", "skipped", reason)
    assert ("x.txt" not in store.sources_done()) is retried
    assert "x.txt" not in store.sources_done(retry_skipped=True)
    assert store.sources_logged() == {"x.txt"}
    store.log("x.txt", "stored", None, "abc")
    assert "x.txt" in store.sources_done(retry_skipped=True)
    assert store.stats()["skipped"] == 0  # stored on the retry: no longer counted as skipped


# --- concurrency -----------------------------------------------------------------------------------------


def test_reads_work_while_a_writer_holds_a_transaction(db_url: str) -> None:
    writer = open_store(db_url)
    _ingest(writer, "ev-daquq-ied")
    reader = open_store(db_url)
    seen: dict[str, object] = {}

    def read() -> None:
        try:
            seen["same store"] = [e.id for e in writer.query_events()]  # another thread: another connection
            seen["other store"] = reader.stats()["events"]
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            seen["error"] = exc

    with writer.batch():
        ev = EVENTS["ev-sinjar"]
        writer.add_article(_article_of(ev))
        merge_article(writer, _article_of(ev).id, [ev])
        assert writer.stats()["events"] == 2  # the writer sees its own uncommitted work
        thread = threading.Thread(target=read)
        thread.start()
        thread.join(timeout=10)
        assert not thread.is_alive(), "the reader was blocked by the writer"
    assert seen == {"same store": ["ev-daquq-ied"], "other store": 1}  # committed state only
    assert reader.stats()["events"] == 2
    writer.close()
    reader.close()


# --- PostgreSQL ------------------------------------------------------------------------------------------


def test_missing_driver_hint_prints_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """rich read `[binary]` as markup and printed `pip install 'psycopg'`: the hint must survive intact."""
    from typer.testing import CliRunner

    from eventwire.cli import app

    for name in [m for m in sys.modules if m == "psycopg" or m.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    result = CliRunner().invoke(app, ["summary", "--db", "postgresql://u@127.0.0.1:1/none"])
    assert result.exit_code == 2
    assert "pip install 'psycopg[binary]'" in result.output


def _rocket_attack(number: int) -> str:
    return (
        f"Report {number}: a rocket attack hit the base on day {number % 5} of the month, officials said. "
        "It was the latest in a series of attacks on the base this year, and more were feared."
    )


class _EventPerDay:
    """No model: each article reports one rocket attack, its day and place taken from the text, so the
    articles of one day are one incident and different days are different incidents."""

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            day = int(article.text.split("day ", 1)[1].split()[0]) + 1
            ev = EVENTS["ev-daquq-ied"].model_copy(deep=True)
            ev.id = f"ev-{article.id}"
            ev.date.start = ev.date.end = date(2020, 3, day * 6)
            ev.location = ev.location.model_copy(
                update={"lat": 30.0 + day, "lon": 40.0 + day, "name": f"Town{day}"}
            )
            ev.evidence = [
                ev.evidence[0].model_copy(
                    update={"article_id": article.id, "start": 0, "end": 9, "text": article.text[:9]}
                )
            ]
            ev.sources = []
            yield article, [ev]


def _ingest_folder(url: str, folder: str, ready: Any) -> None:
    from eventwire import pipeline
    from eventwire.settings import Settings

    store = open_store(url)
    ready.wait()  # both processes start ingesting at the same moment
    pipeline.ingest(
        [Path(folder)], store, Settings.from_env(environ={}, batch_size=3), extractor=_EventPerDay()
    )
    store.close()


def _summary(url: str) -> tuple[int, list[tuple[str, int]], int]:
    with open_store(url) as s:
        incidents = sorted((str(e.date.start), len(e.sources)) for e in s.query_events())
        stored = [r["article_id"] for r in s.ingest_log() if r["status"] == "stored"]
        assert len(stored) == len(set(stored)), "an article was stored twice"
        return s.stats()["articles"], incidents, len(stored)


def test_two_concurrent_ingests_into_one_postgresql_lose_and_duplicate_nothing(
    postgres: Any, tmp_path: Path
) -> None:
    """Two processes ingest overlapping folders (a third of the texts in both) into one database at once."""
    import multiprocessing

    texts = {n: _rocket_attack(n) for n in range(60)}
    folders = {"a": range(0, 40), "b": range(20, 60)}
    for name, numbers in folders.items():
        (tmp_path / name).mkdir()
        for n in numbers:
            (tmp_path / name / f"{name}{n}.txt").write_text(texts[n], encoding="utf-8")
    url = postgres.new_database()
    open_store(url).close()  # migrated once; the lock also covers two first-time migrations
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(2)
    runs = [context.Process(target=_ingest_folder, args=(url, str(tmp_path / n), ready)) for n in folders]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=120)
        assert run.exitcode == 0
    together = _summary(url)

    alone = postgres.new_database()
    for name in folders:  # the same inputs, one run after the other
        _ingest_folder(alone, str(tmp_path / name), context.Barrier(1))
    assert together == _summary(alone) == (60, [(f"2020-03-{6 * d:02d}", 12) for d in range(1, 6)], 60)
