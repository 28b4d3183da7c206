"""SATP attack types and IndiaPoliceEvents police actions: score the Extractor's article kinds.

The kinds are the product's (`Extractor.read_many`, eventwire.extract.article_kinds): the text classifier's
scores stacked with the Extractor's own events. Beside the combined figure this reports the ablations that
the same model answers: the text classifier alone and the events alone (`text_*`, `events_*` metrics).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from eventwire.eval.metrics import example_based_f1, example_based_precision_recall
from eventwire.extract import article_kinds
from eventwire.extract.article_kinds import SOURCES, label_f1


def scores(y: np.ndarray, pred: np.ndarray, labels: tuple[str, ...], prefix: str = "") -> dict[str, float]:
    """Example-based F1 / precision / recall and per-label F1, in percent, keys prefixed by `prefix`."""
    p, r = example_based_precision_recall(y, pred)
    out = {
        f"{prefix}example_f1": 100 * example_based_f1(y, pred),
        f"{prefix}example_precision": 100 * p,
        f"{prefix}example_recall": 100 * r,
    }
    for j, label in enumerate(labels):
        out[f"{prefix}f1_{label}"] = 100 * label_f1(y[:, j], pred[:, j])
    return out


def evaluate(
    name: str,
    data_dir: Path,
    split: str,
    model: Path | None = None,
    limit: int | None = None,
    extractor: Any = None,
) -> dict[str, float]:
    """The Extractor's kinds on `<split>.tsv` (combined), then the text-alone and events-alone ablations.
    `model`: other weights than the shipped ones, for the default Extractor; `extractor`: one built with other
    flags (e.g. the learned mention filter on), scored with its own kinds models."""
    _, labels = article_kinds.kind_set(name)
    texts, y = article_kinds.read_split(name, data_dir, split)
    if limit is not None:
        texts, y = texts[:limit], y[:limit]
    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor(kinds={name: article_kinds.load(name, model)} if model else None)
    elif model is not None:
        raise ValueError("hand the weights to the extractor (Extractor(kinds=...)), not both")
    kinds_model = extractor.kinds_model(name)
    events: list[list[Any]] = []
    pred = np.zeros_like(y)
    for i, (_, evs, kinds) in enumerate(
        extractor.read_many(article_kinds.articles(texts), kind_sets=(name,))
    ):
        events.append(evs)
        pred[i] = [label in kinds[name] for label in labels]
    out = scores(y, pred, labels)
    for source in SOURCES[1:]:
        out.update(scores(y, kinds_model.predict(texts, events, source), labels, prefix=f"{source}_"))
    out["documents"] = float(len(texts))
    return out
