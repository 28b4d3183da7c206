"""The incidents test set and its scorer: the data is what the issue asks for, the metrics are right on
small cases, and the real pipeline stays above its measured floor."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from eventwire.eval import incidents
from eventwire.eval.metrics import bcubed_prf, pairwise_prf

ROWS = [json.loads(line) for line in incidents.DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_set_is_large_enough_and_well_formed() -> None:
    assert len(ROWS) >= 80
    assert len({r["incident"] for r in ROWS}) >= 30
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    assert len({r["text"] for r in ROWS}) == len(ROWS)  # no two reports are one stored article
    for row in ROWS:
        assert {"incident", "outlet", "published", "title", "text"} <= row.keys()
    outlets: dict[str, list[str]] = {}
    for row in ROWS:
        outlets.setdefault(row["incident"], []).append(row["outlet"])
    assert all(len(set(names)) == len(names) for names in outlets.values())  # different outlets' words
    assert sum(1 for n in Counter(r["incident"] for r in ROWS).values() if n > 1) >= 30


@pytest.mark.parametrize(
    ("gold", "pred", "pairwise", "bcubed"),
    [
        ("aab", "aab", (1.0, 1.0, 1.0), (1.0, 1.0, 1.0)),
        ("aab", "abc", (0.0, 0.0, 0.0), (1.0, 2 / 3, 0.8)),
        ("aab", "aaa", (1 / 3, 1.0, 0.5), (5 / 9, 1.0, 2 * (5 / 9) / (1 + 5 / 9))),
    ],
)
def test_clustering_metrics(gold: str, pred: str, pairwise: tuple, bcubed: tuple) -> None:
    assert pairwise_prf(list(gold), list(pred)) == pytest.approx(pairwise)
    assert bcubed_prf(list(gold), list(pred)) == pytest.approx(bcubed)


@pytest.mark.slow
def test_the_real_pipeline_stays_above_its_floor() -> None:
    """Floors a little under the figures of record in benchmarks/RESULTS.md: a regression fails here."""
    metrics = incidents.evaluate()
    assert set(metrics) >= {
        "pairwise_precision",
        "pairwise_recall",
        "pairwise_f1",
        "bcubed_precision",
        "bcubed_recall",
        "bcubed_f1",
    }
    assert metrics["articles_stored"] == len(ROWS)
    assert metrics["bcubed_precision"] >= 95.0
    assert metrics["bcubed_f1"] >= 75.0
