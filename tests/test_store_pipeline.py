"""The store under the real ingest job (`eventwire.pipeline.ingest`), with a stand-in extractor (no model).

Pins the contract between the pipeline and the store: two outlets' reports of one incident give one stored
incident with both sources, and a re-run resumes from the ingest log without writing anything twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from eventwire import pipeline
from eventwire.models import Actor, Article, DateInfo, Event, Evidence, Location
from eventwire.settings import Settings
from eventwire.store import open_store

FILLER = " It was the first attack on the base this year and officials said that more were feared."
REPORTS = {
    "times.txt": "A rocket attack on Camp Taji north of Baghdad killed three soldiers on Wednesday." + FILLER,
    "reuters.txt": "Fifteen Katyusha rockets struck the Taji military camp on Wednesday night, killing three."
    + FILLER,
}


class _OneEventPerArticle:
    """Reports every article as the same rocket attack, with its first sentence as evidence."""

    def extract(self, article: Article) -> list[Event]:
        end = article.text.index(".") + 1
        return [
            Event(
                id=f"ev-{article.id}",
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                date=DateInfo(start=date(2020, 3, 11), end=date(2020, 3, 11), precision="day"),
                location=Location(name="Taji", country="IQ", lat=33.52, lon=44.27, precision="town"),
                actors=[Actor(name="Kata'ib Hezbollah", role="perpetrator", type="Political militia")],
                evidence=[Evidence(article_id=article.id, start=0, end=end, text=article.text[:end])],
            )
        ]

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, self.extract(article)


def test_two_outlets_one_incident_and_a_resumable_rerun(tmp_path: Path) -> None:
    inputs = tmp_path / "reports"
    inputs.mkdir()
    for name, text in REPORTS.items():
        (inputs / name).write_text(text, encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'db' / 'eventwire.db'}")
    settings = Settings.from_env(environ={}, batch_size=1)

    first = pipeline.ingest([inputs], store, settings, extractor=_OneEventPerArticle())
    assert (first.stored, first.events, len(first.skipped)) == (2, 2, 1)
    [incident] = store.query_events()
    assert len(incident.sources) == len(incident.evidence) == 2
    assert {e.text.split()[0] for e in incident.evidence} == {"A", "Fifteen"}

    again = pipeline.ingest([inputs], store, settings, extractor=_OneEventPerArticle())
    assert (again.stored, again.already_done) == (0, 3)
    assert store.query_events() == [incident]
    stats = store.stats()
    assert (stats["articles"], stats["events"], stats["sources"], stats["skipped"]) == (2, 1, 2, 1)
    store.close()


class _DiesOnSecondBatch(_OneEventPerArticle):
    """Extracts the first batch, then the process 'dies' (Ctrl-C) in the middle of the second."""

    def __init__(self) -> None:
        self.batches = 0

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        self.batches += 1
        if self.batches == 2:
            raise KeyboardInterrupt
        yield from super().extract_many(articles)


def test_an_interrupted_ingest_keeps_its_batches_and_resumes(tmp_path: Path) -> None:
    inputs = tmp_path / "reports"
    inputs.mkdir()
    for name, text in REPORTS.items():
        (inputs / name).write_text(text, encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'eventwire.db'}")
    settings = Settings.from_env(environ={}, batch_size=1)

    try:
        pipeline.ingest([inputs], store, settings, extractor=_DiesOnSecondBatch())
    except KeyboardInterrupt:
        pass
    else:  # pragma: no cover - the stand-in always interrupts
        raise AssertionError("the stand-in extractor should have interrupted the run")
    assert store.stats()["articles"] == 1  # the first batch was committed

    resumed = pipeline.ingest([inputs], store, settings, extractor=_OneEventPerArticle())
    assert (resumed.stored, resumed.already_done) == (1, 1)
    stats = store.stats()
    assert (stats["articles"], stats["events"], stats["sources"]) == (2, 1, 2)
    store.close()


class _AlwaysDies(_OneEventPerArticle):
    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        raise KeyboardInterrupt
        yield  # pragma: no cover


def test_the_log_says_nothing_of_a_batch_that_did_not_commit(tmp_path: Path) -> None:
    inputs = tmp_path / "reports"
    inputs.mkdir()
    (inputs / "a.txt").write_text(REPORTS["times.txt"], encoding="utf-8")
    (inputs / "b.txt").write_text(REPORTS["times.txt"], encoding="utf-8")  # the same report, again
    (inputs / "c.txt").write_text("", encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'eventwire.db'}")
    settings = Settings.from_env(environ={}, batch_size=8)
    try:
        pipeline.ingest([inputs], store, settings, extractor=_AlwaysDies())
    except KeyboardInterrupt:
        pass
    assert store.ingest_log() == []  # no "duplicate" of an article that was never stored, no "skipped"
    again = pipeline.ingest([inputs], store, settings, extractor=_OneEventPerArticle())
    assert (again.stored, again.duplicates, len(again.skipped)) == (1, 1, 1)
    statuses = {Path(r["source"]).name: r["status"] for r in store.ingest_log()}
    assert statuses == {"a.txt": "stored", "b.txt": "duplicate", "c.txt": "skipped"}
    store.close()


def test_a_skip_that_can_pass_is_retried_and_one_that_cannot_is_not(tmp_path: Path) -> None:
    inputs = tmp_path / "reports"
    inputs.mkdir()
    (inputs / "long.txt").write_text(REPORTS["times.txt"] * 3, encoding="utf-8")
    (inputs / "short.txt").write_text("Too short.", encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'eventwire.db'}")
    small = Settings.from_env(environ={}, max_text_bytes=200)
    first = pipeline.ingest([inputs], store, small, extractor=_OneEventPerArticle())
    assert sorted(s.reason.split(":")[0] for s in first.skipped) == ["empty", "too-large"]

    raised = Settings.from_env(environ={})
    second = pipeline.ingest([inputs], store, raised, extractor=_OneEventPerArticle())
    assert (second.stored, second.retried, second.already_done, len(second.skipped)) == (1, 1, 1, 0)

    third = pipeline.ingest([inputs], store, raised, extractor=_OneEventPerArticle(), retry_skipped=True)
    assert (third.stored, third.retried, third.already_done, len(third.skipped)) == (0, 1, 1, 1)
    assert store.stats()["skipped"] == 1
    store.close()
