"""Article kinds: what an article reports as a whole (SATP attack types, IndiaPoliceEvents police actions).

Why two sources stacked: a TF-IDF + logistic text classifier per label reads the whole report's wording
("abducted", "arrested"), while the Extractor's own events say what happened in a structured way (an IED
event, an Arrests event). Neither is enough alone: the text classifier misses kidnappings the events catch,
and no event says that the police failed to act (IPE's FAIL). So each label has a small stacked logistic
model over the text classifier's out-of-fold scores (as logits) and one indicator per ACLED sub-event type
the Extractor found in the article. A label uses it only where it beat the text classifier alone
out-of-fold on TRAIN; thresholds are the best out-of-fold F1 on train. Everything is fitted on the train
split (`eventwire train satp|ipe`), so no dev answer tunes anything.

The same object answers the ablations (text classifier alone, events alone) that `eventwire eval satp|ipe`
reports beside the combined figure. DOCS: docs/models.md "Article kinds".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from eventwire.errors import DatasetError
from eventwire.extract.rolefill import LinearScorer
from eventwire.models import SUB_EVENT_PARENT, Event

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).resolve().parent.parent / "data" / "models"
SEED = 13
FOLDS = 5

# Kind set -> (folder under the data directory, label columns in file order). ConfliBERT's TSVs have no
# header: the text, then one 0/1 column per label.
KIND_SETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "satp": ("satp", ("armed_assault", "bombing_explosion", "kidnapping", "other")),
    "ipe": ("ipe_docs", ("KILL", "ARREST", "ANY_ACTION", "FAIL", "FORCE")),
}
# One indicator per ACLED sub-event type, in a fixed order, then "any event at all".
EVENT_FEATURES: tuple[str, ...] = (*SUB_EVENT_PARENT, "any event")

Source = Literal["combined", "text", "events"]
SOURCES: tuple[Source, ...] = ("combined", "text", "events")


def event_features(events: Sequence[Event]) -> np.ndarray:
    """The article's events as a 0/1 vector over EVENT_FEATURES (which sub-event types it holds)."""
    row = np.zeros(len(EVENT_FEATURES))
    for event in events:
        if event.sub_event_type in SUB_EVENT_PARENT:
            row[EVENT_FEATURES.index(event.sub_event_type)] = 1.0
    row[-1] = 1.0 if events else 0.0
    return row


@dataclass
class MultiLabelClassifier:
    """A TF-IDF vectoriser plus one thresholded logistic scorer per label: the text half of the kinds."""

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


@dataclass
class StackedLabels:
    """One thresholded logistic model per label over a small dense feature row."""

    coef: np.ndarray  # labels x features
    intercept: np.ndarray  # labels
    thresholds: np.ndarray  # labels
    oof_f1: np.ndarray  # labels: out-of-fold F1 on the rows it was fitted on, to compare with another model

    def scores(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x @ self.coef.T + self.intercept)))

    def predict(self, x: np.ndarray) -> np.ndarray:
        return (self.scores(x) >= self.thresholds).astype(int)


@dataclass
class ArticleKinds:
    """A kind set's whole model: the text classifier, the stacked combination and the events-only ablation."""

    name: str
    labels: tuple[str, ...]
    text: MultiLabelClassifier
    combined: StackedLabels
    events_only: StackedLabels
    stacked: np.ndarray  # labels, bool: where the stacked model beat the text classifier out-of-fold on train
    meta: dict[str, Any] = field(default_factory=dict)

    def predict(
        self, texts: list[str], events: Sequence[Sequence[Event]], source: Source = "combined"
    ) -> np.ndarray:
        """Documents x labels, 0/1. `source` other than "combined" is an ablation."""
        if source == "text":
            return self.text.predict(texts)
        ev = np.array([event_features(e) for e in events]).reshape(len(events), len(EVENT_FEATURES))
        if source == "events":
            return self.events_only.predict(ev)
        scores = self.text.scores(texts)
        by_text = (scores >= np.array(self.text.thresholds)).astype(int)
        stacked = self.combined.predict(_stack_features(scores, ev))
        return np.where(self.stacked, stacked, by_text)

    def kinds(self, text: str, events: Sequence[Event]) -> list[str]:
        """The labels one article carries (combined model)."""
        row = self.predict([text], [events])[0]
        return [label for label, on in zip(self.labels, row, strict=True) if on]


def _stack_features(text_scores: np.ndarray, ev: np.ndarray) -> np.ndarray:
    """Per label the same event indicators, beside all labels' text-score logits (labels inform each other:
    a bombing report's kidnapping score says little, but an arrest score helps FORCE)."""
    p = np.clip(text_scores, 1e-4, 1 - 1e-4)
    return np.hstack([np.log(p / (1 - p)), ev])


def label_f1(y: np.ndarray, pred: np.ndarray) -> float:
    """F1 of one label's 0/1 predictions against 0/1 `y` (0 when neither side has a positive)."""
    pred = np.asarray(pred, dtype=bool)
    denom = pred.sum() + y.sum()
    return 2 * float((pred & (y == 1)).sum()) / denom if denom else 0.0


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The cut on scores `p` with the best F1 against 0/1 `y` (on out-of-fold scores, never on dev)."""
    best, best_f1 = 0.5, -1.0
    for thr in np.arange(0.05, 0.951, 0.025):
        f1 = label_f1(y, p >= thr)
        if f1 > best_f1:
            best, best_f1 = float(thr), f1
    return round(best, 3)


def _folds(yj: np.ndarray) -> Any | None:
    """Stratified folds, or None when a label has too few rows of a class for out-of-fold scores."""
    from sklearn.model_selection import StratifiedKFold

    if yj.sum() >= FOLDS and (1 - yj).sum() >= FOLDS:
        return StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    return None


def fit_text(
    texts: list[str], y: np.ndarray, labels: tuple[str, ...], c: float = 16.0
) -> tuple[MultiLabelClassifier, np.ndarray]:
    """The text classifier fitted on all rows, and its out-of-fold scores on them (documents x labels)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    vec = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, max_features=40000, sublinear_tf=True, strip_accents="unicode"
    )
    x = vec.fit_transform(texts)
    vec.stop_words_ = set()  # dropped rare terms: inspection only, and large on disk
    scorers: list[LinearScorer] = []
    thresholds: list[float] = []
    oof = np.full(y.shape, 0.5)
    for j in range(y.shape[1]):
        yj = y[:, j]
        if yj.min() == yj.max():
            raise DatasetError(f"label {labels[j]!r} has a single value in the training data")
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED)
        cv = _folds(yj)
        if cv is not None:
            oof[:, j] = cross_val_predict(clf, x, yj, cv=cv, method="predict_proba")[:, 1]
            thresholds.append(best_threshold(yj, oof[:, j]))
        else:
            thresholds.append(0.5)
        scorers.append(LinearScorer.from_sklearn(clf.fit(x, yj)))
    model = MultiLabelClassifier(labels, vec, scorers, thresholds, {"rows": len(texts), "seed": SEED, "C": c})
    return model, oof


def fit_stacked(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> StackedLabels:
    """One balanced logistic model per label over `x`, each thresholded on its own out-of-fold scores."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    coefs, intercepts, thresholds, f1s = [], [], [], []
    for j in range(y.shape[1]):
        yj = y[:, j]
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, random_state=SEED)
        cv = _folds(yj)
        if cv is not None:
            oof = cross_val_predict(clf, x, yj, cv=cv, method="predict_proba")[:, 1]
            thresholds.append(best_threshold(yj, oof))
            f1s.append(label_f1(yj, oof >= thresholds[-1]))
        else:
            thresholds.append(0.5)
            f1s.append(0.0)
        clf.fit(x, yj)
        coefs.append(clf.coef_[0])
        intercepts.append(clf.intercept_[0])
    return StackedLabels(np.array(coefs), np.array(intercepts), np.array(thresholds), np.array(f1s))


def fit(name: str, texts: list[str], events: Sequence[Sequence[Event]], y: np.ndarray) -> ArticleKinds:
    """Every part of a kind set's model from the same rows (the train split)."""
    _, labels = kind_set(name)
    text, oof = fit_text(texts, y, labels)
    ev = np.array([event_features(e) for e in events]).reshape(len(events), len(EVENT_FEATURES))
    combined = fit_stacked(_stack_features(oof, ev), y)
    events_only = fit_stacked(ev, y)
    text_f1 = np.array([label_f1(y[:, j], oof[:, j] >= t) for j, t in enumerate(text.thresholds)])
    # A label keeps the text classifier alone unless adding the events helped it on train (out-of-fold):
    # IPE's FAIL, for one, has no event to lean on.
    stacked = combined.oof_f1 > text_f1
    meta = {"rows": len(texts), "seed": SEED, "text_oof_f1": text_f1.round(3).tolist()}
    return ArticleKinds(name, labels, text, combined, events_only, stacked, meta)


def kind_set(name: str) -> tuple[str, tuple[str, ...]]:
    """(data folder, labels) of kind set `name`; DatasetError names the known ones."""
    if name not in KIND_SETS:
        raise DatasetError(f"unknown classification data set {name!r}; choose one of {', '.join(KIND_SETS)}")
    return KIND_SETS[name]


def model_path(name: str) -> Path:
    return MODELS_DIR / f"{name}_kinds.joblib"


def read_tsv(path: Path, n_labels: int) -> tuple[list[str], np.ndarray]:
    """Texts and a 0/1 label matrix; a header line (non-numeric labels) is skipped."""
    import csv
    import sys

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


def read_split(name: str, data_dir: Path, split: str) -> tuple[list[str], np.ndarray]:
    """Texts and labels of kind set `name`'s `<split>.tsv` under `data_dir`."""
    folder, labels = kind_set(name)
    return read_tsv(Path(data_dir) / folder / f"{split}.tsv", len(labels))


def articles(texts: Iterable[str]) -> list[Any]:
    """The TSV rows as Articles for the Extractor. The rows carry no date; a fixed one keeps runs equal."""
    from datetime import date

    from eventwire.models import Article

    return [Article(id=f"row-{i}", text=t, published=date(2015, 1, 1)) for i, t in enumerate(texts)]


def train(name: str, data_dir: Path, out_dir: Path | None = None, extractor: Any = None) -> dict[str, Any]:
    """Fit kind set `name` on `<data_dir>/<folder>/train.tsv` and save; the Extractor reads every train row
    (`extractor`: one already built, else the default one)."""
    import joblib

    texts, y = read_split(name, data_dir, "train")
    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    events = [evs for _, evs in extractor.extract_many(articles(texts))]
    model = fit(name, texts, events, y)
    out = (Path(out_dir) if out_dir else MODELS_DIR) / model_path(name).name
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out, compress=3)
    return {
        "model": str(out),
        "rows": len(texts),
        "thresholds": {
            "text": dict(zip(model.labels, model.text.thresholds, strict=True)),
            "combined": dict(zip(model.labels, model.combined.thresholds.tolist(), strict=True)),
            "events": dict(zip(model.labels, model.events_only.thresholds.tolist(), strict=True)),
        },
        "stacked_labels": [label for label, on in zip(model.labels, model.stacked, strict=True) if on],
        "size_mb": round(out.stat().st_size / 1e6, 2),
    }


def load(name: str, path: Path | None = None) -> ArticleKinds:
    from eventwire.weights import load_weights

    kind_set(name)
    return load_weights(path or model_path(name), ArticleKinds, name, f"{name} article kinds")
