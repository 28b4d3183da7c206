"""`ingest --workers N`: the same database as one worker, batches in input order; the pool's plumbing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire import pipeline
from eventwire.bench import run_corpus_bench
from eventwire.settings import Settings
from eventwire.store import open_store
from eventwire.workers import (
    IN_FLIGHT_PER_WORKER,
    MAX_CHARS_IN_FLIGHT,
    ExtractionPool,
    available_cores,
    window_full,
)


def _length(extractor: object, batch: list[str]) -> list[int]:
    return [len(text) for text in batch]


def test_one_worker_runs_here_on_the_given_extractor_in_order() -> None:
    batches = [["a" * n, "b" * (n + 1)] for n in range(12)]
    with ExtractionPool(1, extractor=object()) as pool:  # the task ignores the model: nothing is loaded
        pairs = list(pool.map(_length, batches))
    assert [batch for batch, _ in pairs] == batches
    assert [result for _, result in pairs] == [[n, n + 1] for n in range(12)]


def test_the_window_of_batches_in_flight_is_bounded_by_count_and_by_text() -> None:
    full = IN_FLIGHT_PER_WORKER * 2
    assert not window_full(full - 1, 1_000, workers=2)
    assert window_full(full, 1_000, workers=2)
    # huge articles: beyond one batch per worker, no more than MAX_CHARS_IN_FLIGHT of text waits
    assert window_full(3, MAX_CHARS_IN_FLIGHT + 1, workers=2)
    assert not window_full(2, MAX_CHARS_IN_FLIGHT * 3, workers=2)  # each worker still gets its batch


def test_available_cores_is_positive() -> None:
    assert available_cores() >= 1


def test_worker_count_defaults_to_the_cores_and_a_given_extractor_means_one() -> None:
    assert pipeline.worker_count(Settings.from_env(environ={})) == available_cores()
    assert pipeline.worker_count(Settings.from_env(environ={"EVENTWIRE_WORKERS": "3"})) == 3
    assert pipeline.worker_count(Settings.from_env(environ={}, workers=4), extractor=object()) == 1


def _corpus(shared: Path, path: Path, n: int) -> Path:
    """The first `n` MUC-4 dev documents and the first `n` geo-like texts, as one JSON Lines file."""
    with (shared / "data" / "muc4" / "dev.json").open(encoding="utf-8") as fh:
        docs = [json.loads(line)["doctext"] for line in fh][:n]
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(docs):
            out.write(
                json.dumps({"id": f"d{i}", "text": text, "outlet": "muc4", "published": "1990-01-15"}) + "\n"
            )
    return path


def _dump(url: str) -> tuple[list[str], list[tuple[str, str, str | None]]]:
    store = open_store(url)
    try:
        events = sorted(json.dumps(e.model_dump(mode="json"), sort_keys=True) for e in store.query_events())
        log = sorted((r["source"], r["status"], r["article_id"]) for r in store.ingest_log())
        return events, log
    finally:
        store.close()


@pytest.mark.slow
def test_two_workers_store_exactly_what_one_worker_stores(shared_dir: Path, tmp_path: Path) -> None:
    corpus = _corpus(shared_dir, tmp_path / "c.jsonl", 24)
    dumps = []
    for workers in (1, 2):
        url = f"sqlite:///{tmp_path / f'w{workers}.db'}"
        settings = Settings.from_env(
            environ={}, workers=workers, batch_size=4
        )  # 6 batches, several in flight
        report = pipeline.ingest([corpus], open_store(url), settings)
        assert report.stored == 24 and report.events > 0
        dumps.append(_dump(url))
    assert dumps[0] == dumps[1]


def test_corpus_bench_keys_with_a_stand_in(tmp_path: Path) -> None:
    class _None:
        def extract_many(self, articles):  # noqa: ANN001, ANN202
            for article in articles:
                yield article, []

    corpus = tmp_path / "c.jsonl"
    lines = [
        {"text": "A car bomb exploded near the market on Monday, killing four people, police said."},
        {"text": "The city council approved the new library budget on Monday after a short debate."},
    ]
    corpus.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    settings = Settings.from_env(environ={})
    out = run_corpus_bench(corpus, workers=2, settings=settings, extractor=_None(), repeat=3)
    assert out["articles"] == 2 and out["workers"] == 1  # a stand-in extractor runs in this process
    assert out["prefilter_pass_share"] == 0.5
    assert out["articles_per_s"] > 0 and out["articles_per_s_no_prefilter"] > 0 and out["peak_memory_mb"] > 0
    # each repeat is one pair, reported; the figure is the median of the pairs' own ratios
    assert len(out["articles_per_s_runs"]) == len(out["workers_speedup_runs"]) == 3
    assert min(out["articles_per_s_runs"]) <= out["articles_per_s"] <= max(out["articles_per_s_runs"])
    assert sorted(out["workers_speedup_runs"])[1] == round(out["workers_speedup"], 2)
    with pytest.raises(ValueError, match="at least 1"):
        run_corpus_bench(corpus, workers=2, settings=settings, extractor=_None(), repeat=0)


@pytest.mark.slow
def test_each_bench_configuration_runs_cold_in_a_fresh_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.bench import _cold_ingest
    from eventwire.extract import engine

    corpus = tmp_path / "c.jsonl"
    lines = [
        {"text": "A car bomb exploded near the market in Kirkuk on Monday, killing four people."},
        {"text": "The city council approved the new library budget on Monday after a short debate."},
    ]
    corpus.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    built: list[int] = []
    real_init = engine.Extractor.__init__
    monkeypatch.setattr(
        engine.Extractor, "__init__", lambda self, *a, **k: built.append(1) or real_init(self, *a, **k)
    )
    out = _cold_ingest(corpus, Settings.from_env(environ={}, prefilter=True), 1, None)
    assert out["articles"] == 2 and out["events"] >= 1  # the real model read the bombing
    assert built == []  # ... in another process: no Extractor was built in this one
    assert out["cpu_seconds"] > 0 and out["peak_memory_mb"] > 100  # that process and its model are counted
