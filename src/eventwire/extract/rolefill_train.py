"""Training of the MUC-4 role-filler model (`eventwire train muc4`): train split only, fixed seeds.

Every threshold and decoding setting is chosen on out-of-fold predictions over the train split (the
tagger in `TAGGER_FOLDS` folds, the document models in 5), maximising the benchmark's own measure (GTT
micro F1) where it decides templates; the dev split is never looked at here.

Kept apart from `rolefill` so that loading the model for inference imports no training code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.errors import DatasetError
from eventwire.eval.metrics import ROLES, gtt_score
from eventwire.extract.rolefill import (
    INCIDENT_TYPES,
    SEED,
    LinearScorer,
    RoleFiller,
    Token,
    bio_labels,
    doc_features,
    iter_docs,
    parse_texts,
    token_features,
    tokenize,
    word_counts,
)

N_FEATURES = 2**18
# Coefficients smaller than this are dropped before saving: they change no decision and keep the file small.
PRUNE_BELOW = 0.02
TAGGER_FOLDS = 3
MIN_TYPE_DOCS = 5  # a type with fewer train documents is never predicted
TEXT_C = 8.0  # inverse regularisation of the TF-IDF type detectors
PASSES = 2  # rounds of the coordinate search of decoding settings
# Candidate gaps (characters) between filler groups that split a type into two templates; 0: never split.
SPLIT_GAPS = (0, 300, 600, 1000, 1500, 2500)


def doc_types(doc: dict[str, Any]) -> set[str]:
    """Incident types of a document's templates; "bombing / attack" counts as both."""
    out: set[str] = set()
    for t in doc.get("templates", []):
        out.update(part.strip() for part in str(t.get("incident_type", "")).split("/"))
    return out & set(INCIDENT_TYPES)


def _fit_tagger(x: Any, labels: np.ndarray) -> LinearScorer:
    from sklearn.linear_model import SGDClassifier

    clf = SGDClassifier(
        loss="log_loss", alpha=1e-5, max_iter=30, tol=1e-4, random_state=SEED, n_jobs=2, average=True
    )
    clf.fit(x, labels)
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


def _type_labels(docs: Sequence[dict[str, Any]]) -> dict[str, np.ndarray]:
    types = [doc_types(d) for d in docs]
    return {t: np.array([t in ts for ts in types]) for t in INCIDENT_TYPES}


def _oof_and_fit(make: Callable[[], Any], x: Any, y: np.ndarray) -> tuple[np.ndarray, Any]:
    """Out-of-fold probabilities (5 stratified folds; fewer on tiny data) and the model fitted on all."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = max(2, min(5, int(y.sum()), int((~y).sum())))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    oof = cross_val_predict(make(), x, y, cv=cv, method="predict_proba")[:, 1]
    return oof, make().fit(x, y)


def _fit_text_types(docs: Sequence[dict[str, Any]]) -> tuple[Any, dict[str, Any], np.ndarray]:
    """TF-IDF detectors per type, and their out-of-fold scores (documents x INCIDENT_TYPES)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=30000, sublinear_tf=True)
    x = vec.fit_transform([d["doctext"] for d in docs])
    vec.stop_words_ = set()  # the list of dropped rare terms: only for inspection, and megabytes on disk
    models: dict[str, Any] = {}
    oof = np.zeros((len(docs), len(INCIDENT_TYPES)))
    for k, (t, y) in enumerate(_type_labels(docs).items()):
        if min(y.sum(), (~y).sum()) < MIN_TYPE_DOCS:
            continue
        oof[:, k], clf = _oof_and_fit(
            lambda: LogisticRegression(C=TEXT_C, class_weight="balanced", max_iter=2000, random_state=SEED),
            x,
            y,
        )
        models[t] = LinearScorer.from_sklearn(clf)
    return vec, models, oof


def _fit_doc_models(
    docs: Sequence[dict[str, Any]], feats: np.ndarray
) -> tuple[dict[str, Any], dict[str, float], dict[str, np.ndarray]]:
    """Stacked type detectors over `doc_features`, their F1-best thresholds and out-of-fold scores."""
    from sklearn.linear_model import LogisticRegression

    models: dict[str, Any] = {}
    thresholds: dict[str, float] = {}
    oof: dict[str, np.ndarray] = {}
    for t, y in _type_labels(docs).items():
        if min(y.sum(), (~y).sum()) < MIN_TYPE_DOCS:
            continue
        oof[t], clf = _oof_and_fit(
            lambda: LogisticRegression(C=10.0, class_weight="balanced", max_iter=5000, random_state=SEED),
            feats,
            y,
        )
        models[t] = LinearScorer.from_sklearn(clf)
        thresholds[t] = _best_threshold(y, oof[t])
    return models, thresholds, oof


def _oof_tagger_probs(x_docs: Sequence[Any], labels: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Each train document tagged by a tagger that did not see it (documents split by index modulo k).

    Columns follow the sorted labels of all documents, as the final tagger's do; a label that a fold's
    training part lacks gets probability 0.
    """
    from scipy import sparse

    classes = sorted(set(np.concatenate(labels)))
    out: list[np.ndarray] = [np.zeros(0)] * len(x_docs)
    for k in range(TAGGER_FOLDS):
        fit = [i for i in range(len(x_docs)) if i % TAGGER_FOLDS != k]
        x = sparse.vstack([x_docs[i] for i in fit])
        tagger = _fit_tagger(x, np.concatenate([labels[i] for i in fit]))
        cols = [classes.index(c) for c in tagger.classes_]
        for i in range(k, len(x_docs), TAGGER_FOLDS):
            probs = np.zeros((x_docs[i].shape[0], len(classes)), np.float32)
            probs[:, cols] = tagger.predict_proba(x_docs[i])
            out[i] = probs
    return out


def _tune_decoding(
    model: RoleFiller,
    docs: Sequence[dict[str, Any]],
    tokens: Sequence[Sequence[Token]],
    probs: Sequence[np.ndarray],
    type_oof: dict[str, np.ndarray],
) -> dict[str, Any]:
    """Coordinate search of the decoding settings for GTT micro F1 on the out-of-fold train predictions."""
    golds = {str(i): d.get("templates", []) for i, d in enumerate(docs)}
    doc_type_probs = [{t: float(p[i]) for t, p in type_oof.items()} for i in range(len(docs))]
    base_thresholds = dict(model.type_thresholds)

    def f1() -> float:
        preds = {
            str(i): model.decode_doc(d["doctext"], tokens[i], probs[i], doc_type_probs[i])
            for i, d in enumerate(docs)
        }
        return gtt_score(preds, golds)["micro_avg"]["f1"]

    def set_type(kind: str) -> Callable[[float], None]:
        return lambda v: model.type_thresholds.__setitem__(kind, round(base_thresholds[kind] * v, 3))

    def set_role(role: str) -> Callable[[float], None]:
        return lambda v: model.role_thresholds.__setitem__(role, v)

    grid: list[tuple[str, Callable[[Any], None], Sequence[Any]]] = [
        ("tag_threshold", lambda v: setattr(model, "tag_threshold", v), (0.1, 0.15, 0.2, 0.25)),
        ("grow_ratio", lambda v: setattr(model, "grow_ratio", v), (0.35, 0.5, 0.75, 1.0)),
        *((f"threshold_x_{t}", set_type(t), (1.0, 0.7, 0.8, 0.9, 1.1, 1.2, 1.3)) for t in base_thresholds),
        *((f"min_score_{r}", set_role(r), (0.0, 0.2, 0.3, 0.4)) for r in ROLES),
        ("max_per_role", lambda v: setattr(model, "max_per_role", v), (0, 2, 3, 4)),
        ("split_gap", lambda v: setattr(model, "split_gap", v), SPLIT_GAPS),
    ]
    chosen: dict[str, Any] = {}
    best = 0.0
    for name, setter, values in grid * PASSES:
        scores = {}
        for v in values:
            setter(v)
            scores[v] = f1()
        chosen[name] = max(values, key=lambda v: scores[v])  # the first of equals
        setter(chosen[name])
        best = scores[chosen[name]]
    chosen["train_oof_gtt_f1"] = round(100 * best, 2)
    return chosen


def tagger_inputs(
    docs: Sequence[dict[str, Any]], syntax: bool = True
) -> tuple[list[list[Token]], dict[str, int], list[Any], list[np.ndarray]]:
    """What the tagger is fitted on, per document: its tokens, the documents' word counts, the hashed token
    features (with spaCy's parse where `syntax`) and the gold BIO labels."""
    from sklearn.feature_extraction import FeatureHasher

    hasher = FeatureHasher(n_features=N_FEATURES, input_type="string")
    tokens = [tokenize(d["doctext"]) for d in docs]
    counts = word_counts(d["doctext"] for d in docs)
    parses = parse_texts(d["doctext"] for d in docs) if syntax else [None] * len(docs)
    x_docs = [
        hasher.transform(token_features(tk, counts, parse)) for tk, parse in zip(tokens, parses, strict=True)
    ]
    labels = [
        np.array(bio_labels(d["doctext"], tk, d.get("templates", [])))
        for d, tk in zip(docs, tokens, strict=True)
    ]
    return tokens, counts, x_docs, labels


def train_rolefill(data_dir: Path, out_path: Path) -> dict[str, Any]:
    """Fit all parts on `data_dir/muc4/train.json`, save them to `out_path`, return what was fitted."""
    import joblib
    from scipy import sparse

    path = Path(data_dir) / "muc4" / "train.json"
    if not path.exists():
        raise DatasetError(f"MUC-4 train split not found at {path}")
    docs = list(iter_docs(path))
    tokens, counts, x_docs, labels = tagger_inputs(docs)
    oof_probs = _oof_tagger_probs(x_docs, labels)
    tagger = _fit_tagger(sparse.vstack(x_docs), np.concatenate(labels))
    vec, text_models, text_oof = _fit_text_types(docs)
    classes = list(tagger.classes_)
    rows = zip(docs, tokens, oof_probs, text_oof, strict=True)
    feats = np.vstack([doc_features(d["doctext"], tk, pr, classes, sc) for d, tk, pr, sc in rows])
    doc_models, thresholds, type_oof = _fit_doc_models(docs, feats)
    model = RoleFiller(
        tagger=tagger,
        type_vectorizer=vec,
        type_models=text_models,
        type_thresholds=thresholds,
        doc_models=doc_models,
        meta={"n_features": N_FEATURES, "train_docs": len(docs), "seed": SEED, "syntax": True},
        word_counts=counts,
    )
    settings = _tune_decoding(model, docs, tokens, oof_probs, type_oof)
    model.meta["decoding"] = settings
    out_path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out_path, compress=3)
    return {
        "model": str(out_path),
        "train_docs": len(docs),
        "type_thresholds": model.type_thresholds,
        "decoding": settings,
        "size_mb": round(out_path.stat().st_size / 1e6, 2),
    }
