"""Throughput benchmarks (`eventwire bench`): the whole extraction against a bare spaCy pass, same texts;
and with `--corpus`, the whole ingest of a JSON Lines corpus with and without the prefilter, on N workers
and on one.

Why the bare pass in the same run: absolute speed depends on the machine; the ratio of our time to
spaCy's own parsing time on the same texts with the same model says what the extraction itself costs.
Model loading is outside both timings. Peak memory is the process's maximum resident set size
(getrusage), which includes the loaded model: it is what a user must provision.

`run_lengths` checks that cost stays linear in an article's length: seconds per 100 KB for one article of
10 KB, 100 KB and 1 MB of real news prose (LGL's local news, concatenated article after article).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError
from eventwire.models import Article
from eventwire.settings import Settings

log = logging.getLogger(__name__)


def _maxrss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1e6 if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux


def bench_texts(data_dir: Path, seeds_dir: Path | None = None, limit: int | None = None) -> list[str]:
    """MUC-4 dev documents, then the seed articles (*.txt); the first `limit` of them when given."""
    path = Path(data_dir) / "muc4" / "dev.json"
    if not path.exists():
        raise DatasetError(f"bench corpus not found at {path}")
    texts = [json.loads(line)["doctext"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    if seeds_dir is None and (Path(data_dir).parent / "seeds").is_dir():
        seeds_dir = Path(data_dir).parent / "seeds"
    if seeds_dir is not None:
        texts += [p.read_text(encoding="utf-8") for p in sorted(Path(seeds_dir).glob("*.txt"))]
    return texts[:limit] if limit is not None else texts


def run_bench(
    data_dir: Path,
    seeds_dir: Path | None = None,
    limit: int | None = None,
    extractor: Any | None = None,
    batch_size: int = 32,
) -> dict[str, float]:
    """Articles/s, words/s and peak memory of the Extractor and of `nlp.pipe` alone, and their time ratio.

    `extractor` defaults to `eventwire.extract.Extractor()`; its `.nlp` is the model of the bare pass.
    """
    texts = bench_texts(data_dir, seeds_dir, limit)
    if not texts:
        raise DatasetError("no texts to benchmark")
    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    nlp = extractor.nlp
    # One short warm-up of each path so lazy initialisation is not timed either.
    list(extractor.extract_many([Article(id="warmup", text=texts[0][:500])]))
    words = sum(len(t.split()) for t in texts)
    articles = [Article(id=Article.make_id(t) + f"-{i}", text=t) for i, t in enumerate(texts)]

    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    bare_s = time.perf_counter() - start
    bare_peak = _maxrss_mb()

    start = time.perf_counter()
    events = 0
    for _, found in extractor.extract_many(articles, batch_size=batch_size):
        events += len(found)
    full_s = time.perf_counter() - start
    peak = _maxrss_mb()

    return {
        "articles": float(len(texts)),
        "words": float(words),
        "events": float(events),
        "seconds": full_s,
        "articles_per_second": len(texts) / full_s if full_s else 0.0,
        "words_per_second": words / full_s if full_s else 0.0,
        "peak_memory_mb": peak,
        "spacy_seconds": bare_s,
        "spacy_articles_per_second": len(texts) / bare_s if bare_s else 0.0,
        "spacy_words_per_second": words / bare_s if bare_s else 0.0,
        "spacy_peak_memory_mb": bare_peak,
        "spacy_ratio": full_s / bare_s if bare_s else 0.0,
    }


class _MemorySampler:
    """Peak resident memory of this process and its descendants together (the worker processes), sampled.

    getrusage cannot say it: RUSAGE_CHILDREN reports the largest child, not the sum of those alive at
    once. The sum of RSS counts pages a forked worker shares with its parent twice, so the figure is an
    upper bound on what the run needs.
    """

    def __init__(self, every_s: float = 0.1) -> None:
        self.every_s = every_s
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, _tree_rss_mb())

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, _tree_rss_mb())
            self._stop.wait(self.every_s)


def _tree_pids() -> list[str]:
    """This process and all its descendants (workers are grandchildren, under the forkserver): /proc names."""
    pids, todo = [], [str(os.getpid())]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                todo += children.read_text().split()
            except OSError:  # ended meanwhile
                continue
    return pids


def _tree_rss_mb() -> float:
    """RSS of this process plus its descendants, in MB (Linux /proc; getrusage's peak elsewhere)."""
    if not Path("/proc/self/status").exists():
        return _maxrss_mb()
    total_kb = 0
    for pid in _tree_pids():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:  # a child that just ended
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def _tree_cpu_s() -> float:
    """CPU seconds (user + system) used so far by this process and its live descendants (Linux; else 0).

    On a machine shared with other work, wall-clock speed says how busy the neighbours were; CPU seconds
    say what the run itself cost, so articles per CPU-second compare across runs."""
    total = 0
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for pid in _tree_pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / tick


def _timed_ingest(corpus: Path, settings: Settings, workers: int, extractor: Any | None) -> dict[str, float]:
    """One `ingest` of `corpus` into a fresh SQLite database: seconds (model load excluded), memory."""
    from eventwire import pipeline
    from eventwire.store import open_store
    from eventwire.workers import ExtractionPool

    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        try:
            with _MemorySampler() as memory, ExtractionPool(workers, extractor) as pool:
                pipeline.load_models()
                start, cpu_start = time.perf_counter(), _tree_cpu_s()
                report = pipeline.ingest([corpus], store, settings, pool=pool)
                seconds, cpu_seconds = time.perf_counter() - start, _tree_cpu_s() - cpu_start
        finally:
            store.close()
    if report.skipped:
        log.warning("bench: %d input(s) skipped, e.g. %s", len(report.skipped), report.skipped[0].reason)
    return {
        "seconds": seconds,
        "articles": float(report.stored),
        "events": float(report.events),
        "articles_per_s": report.stored / seconds if seconds else 0.0,
        "cpu_seconds": cpu_seconds,
        "peak_memory_mb": memory.peak_mb,
    }


def _cold_ingest(corpus: Path, settings: Settings, workers: int, extractor: Any | None) -> dict[str, float]:
    """`_timed_ingest` in a process of its own, started for it: every configuration starts as cold as a
    user's ingest does. In this process a later run would find the model, its lemma and date caches and the
    tokenizer's vocabulary warm from the runs before it, which flatters one worker against two (each of
    whose workers starts cold) and counts earlier runs in its peak memory. A stand-in extractor (tests)
    cannot cross processes and runs here."""
    if extractor is not None:
        return _timed_ingest(corpus, settings, workers, extractor)
    from concurrent.futures import ProcessPoolExecutor

    from eventwire.workers import start_context

    with ProcessPoolExecutor(1, mp_context=start_context()) as fresh:
        return fresh.submit(_timed_ingest, corpus, settings, workers, None).result()


def prefilter_pass_share(corpus: Path, settings: Settings) -> float:
    """Share of the corpus's articles that the prefilter sends on to the extractor."""
    from eventwire.ingest import read_inputs
    from eventwire.prefilter import default_prefilter

    prefilter = default_prefilter()
    verdicts = [prefilter.passes(a.text) for a in read_inputs([corpus], settings) if isinstance(a, Article)]
    return sum(verdicts) / len(verdicts) if verdicts else 0.0


def run_corpus_bench(
    corpus: Path,
    workers: int,
    settings: Settings | None = None,
    extractor: Any | None = None,
    repeat: int = 3,
) -> dict[str, Any]:
    """The whole `ingest` of `corpus` (reading, prefilter, extraction, database writes), three ways:

    with the prefilter on `workers` processes (the figure of merit), without it, and with it on one
    process (for the speed-up). `extractor` (tests) replaces the model and forces one process.

    Why `repeat` pairs: on a shared machine the speed of the same work moves by a third from one minute to
    the next, so one run of each way compares two different machines. The runs with the prefilter alternate
    (`workers` processes, then one, `repeat` times), each ratio is taken within its pair, a minute apart at
    most, and the figures are the medians; every pair's figures are listed too (`*_runs`). Peak memory is
    the largest of the runs. The run without the prefilter, slow and only compared with the others, runs
    once.
    """
    corpus = Path(corpus)
    if not corpus.is_file():
        raise DatasetError(f"bench corpus not found: {corpus}")
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, not {repeat}")
    settings = settings or Settings.from_env()
    if extractor is not None:
        workers = 1
    on = settings.model_copy(update={"prefilter": True})
    fulls, ones = [], []
    for _ in range(repeat):
        fulls.append(_cold_ingest(corpus, on, workers, extractor))
        ones.append(_cold_ingest(corpus, on, 1, extractor) if workers > 1 else fulls[-1])
    bare = _cold_ingest(corpus, settings.model_copy(update={"prefilter": False}), workers, extractor)
    speed = [run["articles_per_s"] for run in fulls]
    speed_one = [run["articles_per_s"] for run in ones]
    speedups = [f / o if o else 0.0 for f, o in zip(speed, speed_one, strict=True)]
    full = fulls[speed.index(statistics.median_low(speed))]  # the median run, for its other figures
    return {
        "articles": full["articles"],
        "workers": float(workers),
        "repeat": float(repeat),
        "seconds": full["seconds"],
        "articles_per_s": statistics.median(speed),
        "events": full["events"],
        "peak_memory_mb": max(run["peak_memory_mb"] for run in fulls),
        "articles_per_s_no_prefilter": bare["articles_per_s"],
        "events_no_prefilter": bare["events"],
        "prefilter_pass_share": prefilter_pass_share(corpus, settings),
        "prefilter_speedup": statistics.median(speed) / bare["articles_per_s"]
        if bare["articles_per_s"]
        else 0.0,
        "articles_per_s_1_worker": statistics.median(speed_one),
        "peak_memory_mb_1_worker": max(run["peak_memory_mb"] for run in ones),
        "workers_speedup": statistics.median(speedups),
        "articles_per_s_runs": [round(x, 1) for x in speed],
        "articles_per_s_1_worker_runs": [round(x, 1) for x in speed_one],
        "workers_speedup_runs": [round(x, 2) for x in speedups],
        # What the run cost, whatever else the machine was doing: CPU seconds of all its processes, and
        # the speed those would give on `workers` cores of its own (an estimate; the wall figures above
        # are measured).
        "cpu_seconds": full["cpu_seconds"],
        "cpu_seconds_no_prefilter": bare["cpu_seconds"],
        "cpu_seconds_1_worker": statistics.median(run["cpu_seconds"] for run in ones),
        "articles_per_s_on_idle_cores": full["articles"] / (full["cpu_seconds"] / workers)
        if full["cpu_seconds"]
        else 0.0,
    }


LENGTHS = {"10kb": 10_000, "100kb": 100_000, "1mb": 1_000_000}


def long_article(data_dir: Path, size: int) -> str:
    """At least `size` bytes of real news prose: LGL's articles (geo/lgl.xml), one paragraph each."""
    from eventwire.eval.geo import read_dataset

    parts: list[str] = []
    total = 0
    for article in read_dataset(Path(data_dir) / "geo" / "lgl.xml", "lgl"):
        text = article.text.strip()
        if not text:
            continue
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        if total >= size:
            return "\n\n".join(parts)
    raise DatasetError(f"geo/lgl.xml holds less than {size} bytes of text")


def run_lengths(
    data_dir: Path, extractor: Any | None = None, lengths: dict[str, int] | None = None
) -> dict[str, float]:
    """Seconds per 100 KB (parse and extraction) of one article of each length, the peak memory after each,
    and the ratio of the longest article's figure to the 100 KB one (1.0: perfectly linear)."""
    lengths = lengths or LENGTHS
    texts = {name: long_article(data_dir, size) for name, size in lengths.items()}
    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    extractor.extract(Article(id="warmup", text=texts[next(iter(texts))][:500]))
    out: dict[str, float] = {}
    for name, text in texts.items():
        kb100 = len(text.encode("utf-8")) / 100_000
        start = time.perf_counter()
        events = extractor.extract(Article(id=Article.make_id(text), text=text))
        seconds = time.perf_counter() - start
        out[f"{name}_bytes"] = float(len(text.encode("utf-8")))
        out[f"{name}_events"] = float(len(events))
        out[f"{name}_seconds_per_100kb"] = seconds / kb100
        out[f"{name}_peak_memory_mb"] = _maxrss_mb()
    names = list(lengths)
    if "100kb" in lengths and len(names) > 1:
        out["ratio_longest_to_100kb"] = out[f"{names[-1]}_seconds_per_100kb"] / out["100kb_seconds_per_100kb"]
    return out
