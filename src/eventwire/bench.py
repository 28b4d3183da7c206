"""Throughput benchmark (`eventwire bench`): the whole extraction against a bare spaCy pass, same texts.

Why the bare pass in the same run: absolute speed depends on the machine; the ratio of our time to
spaCy's own parsing time on the same texts with the same model says what the extraction itself costs.
Model loading is outside both timings. Peak memory is the process's maximum resident set size
(getrusage), which includes the loaded model: it is what a user must provision.

`run_lengths` checks that cost stays linear in an article's length: seconds per 100 KB for one article of
10 KB, 100 KB and 1 MB of real news prose (LGL's local news, concatenated article after article).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError
from eventwire.models import Article


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
