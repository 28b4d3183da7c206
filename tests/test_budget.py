"""Per-article budgets: an article past its time or memory budget is skipped alone, with its reason, in any
thread; the rest of its batch is stored."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from eventwire import budget, pipeline
from eventwire.models import Article, Event
from eventwire.settings import Settings
from eventwire.store import open_store


def _spin(seconds: float) -> None:
    """Pure-Python busy work (what a runaway extraction loop looks like to the interpreter)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_time_budget_stops_the_block_and_says_why() -> None:
    start = time.monotonic()
    with pytest.raises(budget.OverBudget, match=r"more than 0\.2 s"), budget.limit(0.2, None):
        _spin(5)
    assert time.monotonic() - start < 1.5


def test_memory_budget_stops_the_block() -> None:
    held = []
    with pytest.raises(budget.OverBudget, match="MB of memory"), budget.limit(10, 50):
        for _ in range(400):  # up to 400 MB, 1 MB at a time
            held.append(bytearray(2**20))
            time.sleep(0.002)
    assert len(held) < 400


def test_work_inside_its_budget_is_untouched_and_nothing_fires_later() -> None:
    with budget.limit(0.3, 500):
        _spin(0.05)
    _spin(0.5)  # a late exception would land here


def test_budget_works_outside_the_main_thread() -> None:
    outcome: list[str] = []

    def work() -> None:
        try:
            with budget.limit(0.2, None):
                _spin(5)
            outcome.append("finished")
        except budget.OverBudget as exc:
            outcome.append(str(exc))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(5)
    assert outcome and outcome[0].startswith("over-budget")


class _OneSlowArticle:
    """Extracts nothing, quickly, except from the article whose text says 'slow'."""

    def extract(self, article: Article) -> list[Event]:
        if "slow" in article.text:
            _spin(30)
        return []

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, self.extract(article)


def test_an_article_over_budget_is_skipped_and_its_batch_stored(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    body = " The officials said that the attack on the base was the first one this year."
    for n in range(4):
        word = "slow" if n == 1 else "fast"
        (inputs / f"{n}.txt").write_text(f"Report {n} {word}\n{word} report {n}." + body, encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    settings = Settings.from_env(environ={}, article_seconds=0.5, batch_size=32)
    start = time.monotonic()
    report = pipeline.ingest([inputs], store, settings, extractor=_OneSlowArticle())
    assert time.monotonic() - start < 10
    assert report.stored == 3
    [skipped] = report.skipped
    assert skipped.source.endswith("1.txt") and skipped.reason.startswith("over-budget: more than 0.5 s")
    store.close()


class _CountingSlow(_OneSlowArticle):
    def __init__(self) -> None:
        self.calls: list[str] = []

    def extract(self, article: Article) -> list[Event]:
        self.calls.append(article.text.split()[1])
        return super().extract(article)


def test_an_article_over_budget_after_the_first_is_not_worked_on_twice(tmp_path: Path) -> None:
    from eventwire.pipeline import _extract_safely

    long = " more" * 5_000  # past long_texts.PIECE_CHARS: parsed in its own turn
    articles = [
        Article(id=str(n), text=f"Report {n} {'slow' if n == 2 else 'fast'}." + long) for n in range(4)
    ]
    extractor = _CountingSlow()
    settings = Settings.from_env(environ={}, article_seconds=0.3)
    out = [
        (a.id, r if isinstance(r, str) else "ok") for a, r in _extract_safely(extractor, articles, settings)
    ]
    assert [a for a, _ in out] == ["0", "1", "2", "3"]
    assert out[2][1].startswith("over-budget") and all(r == "ok" for i, (_, r) in enumerate(out) if i != 2)
    assert extractor.calls == ["0", "1", "2", "3"]  # the slow one ran once


def test_the_budget_holds_inside_a_worker_process() -> None:
    """`ingest --workers N` runs `pipeline.analyse` in worker processes: the budget stops a runaway article
    there as it does here, and the rest of the batch comes back."""
    from concurrent.futures import ProcessPoolExecutor

    from eventwire.workers import start_context

    body = " a bomb attack killed two soldiers near the base."
    words = ["fast", "slow", "fast"]
    articles = [Article(id=str(n), text=f"Report {n} {word}:{body}") for n, word in enumerate(words)]
    settings = Settings.from_env(environ={}, article_seconds=0.5, prefilter=False)
    start = time.monotonic()
    with ProcessPoolExecutor(1, mp_context=start_context()) as pool:
        out = pool.submit(pipeline.analyse, _OneSlowArticle(), articles, settings).result(timeout=120)
    assert [(a.id, r if isinstance(r, str) else "ok") for a, r in out][::2] == [("0", "ok"), ("2", "ok")]
    assert isinstance(out[1][1], str) and out[1][1].startswith("over-budget: more than 0.5 s")
    assert time.monotonic() - start < 25  # the slow article alone would spin for 30 s


class _SourcesSeen(_OneSlowArticle):
    def __init__(self) -> None:
        self.sources: set[str] = set()

    def extract(self, article: Article) -> list[Event]:
        self.sources.add(Path(article.source_path or "").name)
        return super().extract(article)


def test_a_copy_of_an_article_that_failed_in_an_earlier_batch_is_logged_failed(tmp_path: Path) -> None:
    """Batches are planned while earlier ones are still being extracted: a later copy of a text whose first
    copy runs over its budget is not a duplicate of anything stored, and the text is worked on once."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    body = " The officials said that the attack on the base was the first one this year."
    texts = ["Report slow\nslow report." + body, "Report fast\nfast report." + body]
    for name, text in (("0.txt", texts[0]), ("1.txt", texts[1]), ("2.txt", texts[0])):
        (inputs / name).write_text(text, encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    settings = Settings.from_env(environ={}, article_seconds=0.5, batch_size=1, prefilter=False)
    extractor = _SourcesSeen()
    report = pipeline.ingest([inputs], store, settings, extractor=extractor)
    assert (report.stored, report.duplicates, len(report.skipped)) == (1, 0, 2)
    assert extractor.sources == {"0.txt", "1.txt"}  # the copy in the third batch is not worked on again
    log = {Path(r["source"]).name: (r["status"], (r["reason"] or "")[:11]) for r in store.ingest_log()}
    assert log == {
        "0.txt": ("failed", "over-budget"),
        "1.txt": ("stored", ""),
        "2.txt": ("failed", "over-budget"),
    }
    store.close()
