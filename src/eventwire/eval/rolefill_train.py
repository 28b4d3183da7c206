"""Training of the MUC-4 role-filler model (`eventwire train muc4`): train split only, fixed seeds.

Kept apart from `rolefill` so that loading the model for inference imports no training code.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.errors import DatasetError
from eventwire.eval.rolefill import (
    INCIDENT_TYPES,
    SEED,
    LinearScorer,
    RoleFiller,
    bio_labels,
    iter_docs,
    token_features,
    tokenize,
)

N_FEATURES = 2**18
# Coefficients smaller than this are dropped before saving: they change no decision and keep the file small.
PRUNE_BELOW = 0.02


def doc_types(doc: dict[str, Any]) -> set[str]:
    """Incident types of a document's templates; "bombing / attack" counts as both."""
    out: set[str] = set()
    for t in doc.get("templates", []):
        out.update(part.strip() for part in str(t.get("incident_type", "")).split("/"))
    return out & set(INCIDENT_TYPES)


def _fit_tagger(docs: Sequence[dict[str, Any]]) -> Any:
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.linear_model import SGDClassifier

    feats: list[list[str]] = []
    labels: list[str] = []
    for doc in docs:
        tokens = tokenize(doc["doctext"])
        feats.extend(token_features(tokens))
        labels.extend(bio_labels(doc["doctext"], tokens, doc.get("templates", [])))
    x = FeatureHasher(n_features=N_FEATURES, input_type="string").transform(feats)
    clf = SGDClassifier(
        loss="log_loss", alpha=1e-5, max_iter=30, tol=1e-4, random_state=SEED, n_jobs=2, average=True
    )
    clf.fit(x, np.array(labels))
    return LinearScorer.from_sklearn(clf, PRUNE_BELOW)


def _best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """Threshold that maximises F1 of the out-of-fold scores (0.5 when the type never occurs)."""
    if y.sum() == 0:
        return 0.5
    best, best_f1 = 0.5, -1.0
    for thr in np.arange(0.1, 0.91, 0.025):
        pred = p >= thr
        tp = float((pred & y).sum())
        f1 = 2 * tp / (pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0
        if f1 > best_f1:
            best, best_f1 = float(thr), f1
    return round(best, 3)


def _fit_types(docs: Sequence[dict[str, Any]]) -> tuple[Any, dict[str, Any], dict[str, float]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts = [d["doctext"] for d in docs]
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=30000, sublinear_tf=True)
    x = vec.fit_transform(texts)
    vec.stop_words_ = set()  # the list of dropped rare terms: only for inspection, and megabytes on disk
    models: dict[str, Any] = {}
    thresholds: dict[str, float] = {}
    types = [doc_types(d) for d in docs]
    for t in INCIDENT_TYPES:
        y = np.array([t in ts for ts in types])
        clf = LogisticRegression(C=8.0, class_weight="balanced", max_iter=2000, random_state=SEED)
        if y.sum() >= 5:
            cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
            oof = cross_val_predict(clf, x, y, cv=cv, method="predict_proba")[:, 1]
            thresholds[t] = _best_threshold(y, oof)
        else:
            thresholds[t] = 1.01  # too rare to learn: never predicted
        if y.any():
            models[t] = LinearScorer.from_sklearn(clf.fit(x, y))
    return vec, models, thresholds


def train_rolefill(data_dir: Path, out_path: Path) -> dict[str, Any]:
    """Fit all parts on `data_dir/muc4/train.json`, save them to `out_path`, return what was fitted."""
    import joblib

    path = Path(data_dir) / "muc4" / "train.json"
    if not path.exists():
        raise DatasetError(f"MUC-4 train split not found at {path}")
    docs = list(iter_docs(path))
    tagger = _fit_tagger(docs)
    vec, models, thresholds = _fit_types(docs)
    model = RoleFiller(
        tagger=tagger,
        type_vectorizer=vec,
        type_models=models,
        type_thresholds=thresholds,
        meta={"n_features": N_FEATURES, "train_docs": len(docs), "seed": SEED},
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out_path, compress=3)
    return {
        "model": str(out_path),
        "train_docs": len(docs),
        "type_thresholds": thresholds,
        "size_mb": round(out_path.stat().st_size / 1e6, 2),
    }
