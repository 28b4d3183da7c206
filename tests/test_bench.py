"""The throughput benchmark on a tiny limit: with a stand-in extractor (fast) and the real one (slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.bench import bench_texts, run_bench
from eventwire.errors import DatasetError

DATA = Path(__file__).parent / "data" / "eval"
KEYS = {"articles_per_second", "words_per_second", "peak_memory_mb", "spacy_ratio", "spacy_words_per_second"}


class _Nlp:
    def pipe(self, texts, batch_size: int = 32):  # noqa: ANN001, ANN201
        yield from texts


class _Extractor:
    nlp = _Nlp()

    def extract_many(self, articles, batch_size: int = 32):  # noqa: ANN001, ANN201
        for article in articles:
            yield article, []


def test_bench_texts_adds_seeds_and_limits(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("a seed article", encoding="utf-8")
    assert len(bench_texts(DATA, seeds)) == 4
    assert bench_texts(DATA, seeds, limit=2) == bench_texts(DATA, limit=2)


def test_missing_corpus_raises(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        run_bench(tmp_path, extractor=_Extractor())


def test_bench_keys_with_stand_in_extractor() -> None:
    out = run_bench(DATA, limit=2, extractor=_Extractor())
    assert KEYS <= set(out)
    assert out["articles"] == 2 and out["words"] > 0 and out["peak_memory_mb"] > 0


@pytest.mark.slow
def test_bench_real_extractor_tiny_limit(shared_dir: Path) -> None:
    out = run_bench(shared_dir / "data", limit=3)
    assert out["articles"] == 3
    assert out["articles_per_second"] > 0 and out["spacy_ratio"] > 0
    assert out["peak_memory_mb"] > 50  # the model alone is more than this


class _Counts:
    """Stand-in extractor that records the length of every article it is given."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def extract(self, article):  # noqa: ANN001, ANN201
        self.sizes.append(len(article.text))
        return []


def test_lengths_bench_builds_articles_of_each_size(shared_dir: Path) -> None:
    from eventwire.bench import run_lengths

    extractor = _Counts()
    out = run_lengths(shared_dir / "data", extractor, {"10kb": 10_000, "100kb": 100_000})
    assert 10_000 <= out["10kb_bytes"] < 15_000 and 100_000 <= out["100kb_bytes"] < 110_000
    assert extractor.sizes[1:] == [len(run_text) for run_text in extractor_texts(shared_dir)]
    assert out["ratio_longest_to_100kb"] > 0


def extractor_texts(shared_dir: Path) -> list[str]:
    from eventwire.bench import long_article

    return [long_article(shared_dir / "data", n) for n in (10_000, 100_000)]
