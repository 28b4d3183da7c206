"""Example-based F1 (ConfliBERT's definition) and the SATP / IPE multi-label classifiers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eventwire.errors import DatasetError, ModelError
from eventwire.eval import classify, metrics

DATA = Path(__file__).parent / "data" / "eval"


@pytest.mark.parametrize(
    ("y_true", "y_pred", "expected"),
    [
        # 2*1/(2+1) = 2/3 for row 1; row 2 has no label on either side and is left out; row 3 scores 0.
        ([[1, 0, 1], [0, 0, 0], [0, 1, 0]], [[1, 0, 0], [0, 0, 0], [1, 0, 0]], 1 / 3),
        ([[1, 1], [0, 1]], [[1, 1], [0, 1]], 1.0),
        ([[0, 0]], [[0, 0]], 0.0),
        ([[1, 0]], [[0, 1]], 0.0),
    ],
)
def test_example_based_f1(y_true: list, y_pred: list, expected: float) -> None:
    assert metrics.example_based_f1(y_true, y_pred) == pytest.approx(expected)


def test_example_based_precision_recall() -> None:
    # precision over rows with a prediction: (1/1 + 0/1) / 2; recall over rows with a label: (1/2 + 0/1) / 2
    p, r = metrics.example_based_precision_recall([[1, 0, 1], [0, 1, 0]], [[1, 0, 0], [1, 0, 0]])
    assert (p, r) == (pytest.approx(0.5), pytest.approx(0.25))


def test_shape_mismatch_raises() -> None:
    with pytest.raises(ValueError, match="shape"):
        metrics.example_based_f1([[1, 0]], [[1, 0, 0]])


def test_read_tsv_parses_headerless_rows() -> None:
    texts, y = classify.read_tsv(DATA / "satp" / "dev.tsv", 4)
    assert len(texts) == y.shape[0] == 12 and y.shape[1] == 4
    assert set(np.unique(y)) <= {0, 1}


def test_read_tsv_rejects_bad_rows(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("first\t1\t0\t0\t0\nsecond\t1\tx\t0\t0\n", encoding="utf-8")
    with pytest.raises(DatasetError):
        classify.read_tsv(bad, 4)


def test_train_then_evaluate_on_tiny_split(tmp_path: Path) -> None:
    summary = classify.train("satp", DATA, tmp_path)
    assert Path(summary["model"]).exists() and summary["rows"] == 60
    out = classify.evaluate("satp", DATA, "dev", model=Path(summary["model"]))
    # The fixture's labels are spelled out by distinct phrases: a working classifier gets nearly all.
    assert out["example_f1"] > 80
    assert set(out) >= {"example_f1", "example_precision", "example_recall", "f1_kidnapping"}


def test_unknown_dataset_and_missing_weights(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        classify.evaluate("nope", DATA, "dev")
    with pytest.raises(ModelError):
        classify.load("satp", tmp_path / "missing.joblib")


@pytest.mark.parametrize("name", ["satp", "ipe"])
def test_shipped_weights_are_small_and_load(name: str) -> None:
    path = classify.model_path(name)
    assert path.stat().st_size < 5_000_000
    model = classify.load(name)
    assert len(model.thresholds) == len(classify.DATASETS[name][1])


def test_shipped_satp_model_reads_a_bombing() -> None:
    model = classify.load("satp")
    text = "An IED blast killed two soldiers when militants detonated a bomb near the camp."
    (pred,) = model.predict([text])
    assert pred[1] == 1  # bombing/explosion
