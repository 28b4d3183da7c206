"""Training of the learned event-mention filter (`eventwire train mentions`): train split only, fixed seed.

The examples are the rule engine's own candidate mentions (triggers through `eventwire_mentions`, the rule
filters applied) in the MUC-4 train documents, so the model learns exactly the decision it is asked to make
in the Extractor. Labels are weak, from the templates (`mention_label`). A fifth of the documents (seeded)
is held out: the regularisation and the threshold are chosen there, and the model fitted on the other four
fifths is the one shipped. Dev and test splits are never read.

Kept apart from `mention_filter` so that loading the model for inference imports no training code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from eventwire.errors import DatasetError
from eventwire.extract.mention_filter import (
    N_FEATURES,
    MentionModel,
    filtered,
    hash_features,
    mention_features,
)
from eventwire.extract.rolefill import SEED, LinearScorer, iter_docs

if TYPE_CHECKING:
    from eventwire.extract.mentions import Mention

HELD_OUT = 0.2  # share of train documents held out to choose C and the threshold
# The share of incident mentions the filter must keep on the held-out documents: a dropped mention of a real
# incident costs recall, an incident's other mentions do not always rescue it.
KEEP_RECALL = 0.95
C_VALUES = (0.03, 0.1, 0.3, 1.0)
MIN_FILLER = 3  # shorter filler strings ("he") would match any sentence


@dataclass
class Example:
    """One candidate mention: its features, its weak label and its document (for the split)."""

    features: list[str]
    label: bool
    doc: int


def _fillers(templates: Iterable[dict[str, Any]]) -> set[str]:
    """Every mention string of every role filler of a document's templates, lower-cased."""
    found: set[str] = set()
    for template in templates:
        for role, entities in template.items():
            if role == "incident_type":
                continue
            for entity in entities:
                for m in entity:
                    text = (m[0] if isinstance(m, list | tuple) else str(m)).lower().strip()
                    if len(text) >= MIN_FILLER:
                        found.add(text)
    return found


def mention_label(sentence: str, fillers: set[str]) -> bool:
    """A mention tells a templated incident when its sentence names one of the templates' fillers (a
    victim, target, perpetrator or weapon); a document without templates tells none."""
    low = sentence.lower()
    return any(f in low for f in fillers)


def candidate_examples(
    texts: Sequence[str], labeler: Callable[[int, Mention], bool | None], extractor: Any = None
) -> list[Example]:
    """The filterable candidate mentions of each text, with features and the label `labeler(text number,
    mention)` gives them (None: the mention is left out of training)."""
    from eventwire.extract.engine import Extractor
    from eventwire.models import Article
    from eventwire.nlp import long_texts
    from eventwire.nlp.components import PIPELINE

    if extractor is None:
        extractor = Extractor(pipeline=PIPELINE[:3], learned_mentions=False)
    examples: list[Example] = []
    pairs = ((text, (n, Article(id=str(n), text=text))) for n, text in enumerate(texts))
    for doc, (n, article) in long_texts.pipe(extractor.nlp, pairs, batch_size=32):
        doc = extractor.run_components(article, doc)
        sentence_of = {s.start: k for k, s in enumerate(doc.sents)}
        for m in doc._.ew_mentions:
            label = labeler(n, m) if filtered(m) else None
            if label is not None:
                examples.append(Example(mention_features(m, sentence_of[m.sent_start]), label, n))
    return examples


def muc4_examples(docs: Sequence[dict[str, Any]], extractor: Any = None) -> list[Example]:
    """MUC-4 train documents: mentions in a sentence naming a template's filler tell an incident; mentions
    in a document without templates do not (`mention_label`)."""
    fillers = [_fillers(d.get("templates", [])) for d in docs]

    def label(n: int, m: Mention) -> bool:
        return mention_label(m.token.sent.text, fillers[n])

    return candidate_examples([d["doctext"] for d in docs], label, extractor)


def _split(n_docs: int) -> np.ndarray:
    """Held-out mask over documents (seeded)."""
    order = np.random.default_rng(SEED).permutation(n_docs)
    held = np.zeros(n_docs, bool)
    held[order[: int(round(HELD_OUT * n_docs))]] = True
    return held


def _average_precision(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(y, p)) if y.any() else 0.0


def keep_threshold(y: np.ndarray, p: np.ndarray, recall: float = KEEP_RECALL) -> float:
    """The highest threshold that still keeps `recall` of the positive mentions."""
    pos = np.sort(p[y])
    if not len(pos):
        return 0.5
    k = int(np.floor((1.0 - recall) * len(pos)))  # positives that may fall below the threshold
    return float(np.floor(pos[k] * 1e4) / 1e4)  # four decimals, rounded down: the k-th positive stays


def fit(examples: Sequence[Example], n_docs: int) -> tuple[MentionModel, dict[str, Any]]:
    """Choose C and the threshold on the held-out documents; return the model fitted on the rest."""
    from sklearn.linear_model import LogisticRegression

    if not examples or not any(e.label for e in examples) or all(e.label for e in examples):
        raise DatasetError("the mention filter needs candidate mentions of both labels in train")
    x = hash_features([e.features for e in examples], N_FEATURES)
    y = np.array([e.label for e in examples])
    held = _split(n_docs)[np.array([e.doc for e in examples])]
    fits = {}
    for c in C_VALUES:
        clf = LogisticRegression(C=c, solver="liblinear", class_weight="balanced", random_state=SEED)
        clf.fit(x[~held], y[~held])
        p = clf.predict_proba(x[held])[:, 1]
        fits[c] = (_average_precision(y[held], p), clf, p)
    best_c = max(C_VALUES, key=lambda c: fits[c][0])  # the first of equals
    ap, clf, p = fits[best_c]
    threshold = keep_threshold(y[held], p)
    dropped = p < threshold
    summary = {
        "train_docs": n_docs,
        "mentions": len(examples),
        "positive_share": round(float(y.mean()), 3),
        "held_out_docs": int(_split(n_docs).sum()),
        "held_out_mentions": int(held.sum()),
        "C": best_c,
        "held_out_average_precision": round(100 * ap, 1),
        "threshold": threshold,
        "held_out_positives_kept": round(100 * float((~dropped[y[held]]).mean()), 1),
        "held_out_negatives_dropped": round(100 * float(dropped[~y[held]].mean()), 1),
    }
    scorer = LinearScorer.from_sklearn(clf)
    return MentionModel(scorer=scorer, threshold=threshold, n_features=N_FEATURES, meta=summary), summary


def train_mention_filter(data_dir: Path, out_path: Path) -> dict[str, Any]:
    """Fit the filter on `data_dir/muc4/train.json`, save it to `out_path`, return what was fitted."""
    import joblib

    path = Path(data_dir) / "muc4" / "train.json"
    if not path.exists():
        raise DatasetError(f"MUC-4 train split not found at {path}")
    docs = list(iter_docs(path))
    model, summary = fit(muc4_examples(docs), len(docs))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out_path, compress=3)
    return {"model": str(out_path), **summary, "size_mb": round(out_path.stat().st_size / 1e6, 2)}
