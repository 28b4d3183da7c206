"""Multi-label document classifiers for SATP attack types and IndiaPoliceEvents police actions.

Why TF-IDF + logistic regression: with a thousand training reports, word and bigram weights carry most of
the signal ("ied", "abducted", "arrested"), train in seconds on two cores and ship as a few megabytes.
One classifier per label, each with its own decision threshold picked by 5-fold cross-validation on the
train split (out-of-fold scores, best label F1), so no dev or test answer tunes anything.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.errors import DatasetError
from eventwire.eval.metrics import example_based_f1, example_based_precision_recall
from eventwire.extract.rolefill import LinearScorer

MODELS_DIR = Path(__file__).resolve().parent.parent / "data" / "models"
SEED = 13

# Label columns in file order (ConfliBERT's TSVs have no header: text, then one 0/1 column per label).
DATASETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "satp": ("satp", ("armed_assault", "bombing_explosion", "kidnapping", "other")),
    "ipe": ("ipe_docs", ("KILL", "ARREST", "ANY_ACTION", "FAIL", "FORCE")),
}


def read_tsv(path: Path, n_labels: int) -> tuple[list[str], np.ndarray]:
    """Texts and a 0/1 label matrix; a header line (non-numeric labels) is skipped."""
    if not path.exists():
        raise DatasetError(f"data file not found: {path}")
    csv.field_size_limit(sys.maxsize)
    texts: list[str] = []
    labels: list[list[int]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or not any(c.strip() for c in row):
                continue
            if len(row) < n_labels + 1:
                raise DatasetError(f"{path}: expected text and {n_labels} label columns, got {len(row)}")
            tail = [c.strip() for c in row[-n_labels:]]
            if not all(c in {"0", "1"} for c in tail):
                if not texts:
                    continue  # header
                raise DatasetError(f"{path}: non-binary label in row {len(texts) + 1}: {tail}")
            texts.append("\t".join(row[:-n_labels]))
            labels.append([int(c) for c in tail])
    if not texts:
        raise DatasetError(f"{path} holds no rows")
    return texts, np.array(labels, dtype=int)


@dataclass
class MultiLabelClassifier:
    """A TF-IDF vectoriser plus one thresholded logistic scorer per label."""

    labels: tuple[str, ...]
    vectorizer: Any
    scorers: list[LinearScorer]
    thresholds: list[float]
    meta: dict[str, Any] = field(default_factory=dict)

    def scores(self, texts: list[str]) -> np.ndarray:
        x = self.vectorizer.transform(texts)
        return np.column_stack([s.predict_proba(x)[:, 1] for s in self.scorers])

    def predict(self, texts: list[str]) -> np.ndarray:
        return (self.scores(texts) >= np.array(self.thresholds)).astype(int)


def _best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    best, best_f1 = 0.5, -1.0
    for thr in np.arange(0.05, 0.951, 0.025):
        pred = p >= thr
        denom = pred.sum() + y.sum()
        f1 = 2 * float((pred & (y == 1)).sum()) / denom if denom else 0.0
        if f1 > best_f1:
            best, best_f1 = float(thr), f1
    return round(best, 3)


def fit(texts: list[str], y: np.ndarray, labels: tuple[str, ...], c: float = 16.0) -> MultiLabelClassifier:
    """Fit on the given rows; thresholds from 5-fold out-of-fold scores on the same rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    vec = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, max_features=40000, sublinear_tf=True, strip_accents="unicode"
    )
    x = vec.fit_transform(texts)
    vec.stop_words_ = set()  # dropped rare terms: inspection only, and large on disk
    scorers: list[LinearScorer] = []
    thresholds: list[float] = []
    for j in range(y.shape[1]):
        yj = y[:, j]
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED)
        if yj.sum() >= 5 and (1 - yj).sum() >= 5:
            cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
            oof = cross_val_predict(clf, x, yj, cv=cv, method="predict_proba")[:, 1]
            thresholds.append(_best_threshold(yj, oof))
        else:
            thresholds.append(0.5)
        if yj.min() == yj.max():
            raise DatasetError(f"label {labels[j]!r} has a single value in the training data")
        scorers.append(LinearScorer.from_sklearn(clf.fit(x, yj)))
    return MultiLabelClassifier(labels, vec, scorers, thresholds, {"rows": len(texts), "seed": SEED, "C": c})


def model_path(name: str) -> Path:
    return MODELS_DIR / f"{name}_classifier.joblib"


def train(name: str, data_dir: Path, out_dir: Path | None = None) -> dict[str, Any]:
    """Fit on `<data_dir>/<folder>/train.tsv` and save; returns thresholds, size and train-CV figures."""
    import joblib

    folder, labels = _dataset(name)
    texts, y = read_tsv(Path(data_dir) / folder / "train.tsv", len(labels))
    model = fit(texts, y, labels)
    out = (Path(out_dir) if out_dir else MODELS_DIR) / f"{name}_classifier.joblib"
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out, compress=3)
    return {
        "model": str(out),
        "rows": len(texts),
        "thresholds": dict(zip(labels, model.thresholds, strict=True)),
        "size_mb": round(out.stat().st_size / 1e6, 2),
    }


def load(name: str, path: Path | None = None) -> MultiLabelClassifier:
    from eventwire.weights import load_weights

    return load_weights(path or model_path(name), MultiLabelClassifier, name, f"{name} classifier")


def _dataset(name: str) -> tuple[str, tuple[str, ...]]:
    if name not in DATASETS:
        raise DatasetError(f"unknown classification data set {name!r}; choose one of {', '.join(DATASETS)}")
    return DATASETS[name]


def evaluate(
    name: str, data_dir: Path, split: str, model: Path | None = None, limit: int | None = None
) -> dict[str, float]:
    """Example-based F1 / precision / recall (percent) of the shipped model on `<split>.tsv`."""
    folder, labels = _dataset(name)
    texts, y = read_tsv(Path(data_dir) / folder / f"{split}.tsv", len(labels))
    if limit is not None:
        texts, y = texts[:limit], y[:limit]
    clf = load(name, model)
    pred = clf.predict(texts)
    p, r = example_based_precision_recall(y, pred)
    out = {
        "example_f1": 100 * example_based_f1(y, pred),
        "example_precision": 100 * p,
        "example_recall": 100 * r,
    }
    for j, label in enumerate(labels):
        tp = int((pred[:, j] & y[:, j]).sum())
        denom = int(pred[:, j].sum() + y[:, j].sum())
        out[f"f1_{label}"] = 100 * 2 * tp / denom if denom else 0.0
    out["documents"] = float(len(texts))
    return out
