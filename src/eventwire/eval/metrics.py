"""Scorers of record, re-implemented from their published definitions so our figures compare with papers.

- `gtt_score`: the MUC-4 template scorer of Du et al. 2021 (GTT, xinyadu/gtt eval.py): micro P/R/F1 over
  the incident type plus five role slots, a predicted entity correct when all its mentions are mentions of
  one gold entity of the same role in the aligned template, and the template alignment chosen per document
  to maximise that document's F1.
- `ceaf_ree`: CEAF-REE of GRIT (xinyadu/grit_doc_event_entity eval.py, phi_strict): per document and
  role, a one-to-one alignment of predicted and gold entities, templates ignored.
- `example_based_f1`: ConfliBERT's multi-label metric (eventdata/ConfliBERT example_based.py): the mean
  over examples of 2|y ∩ ŷ| / (|y| + |ŷ|), leaving out examples where both label sets are empty.

Strings are normalised as both reference scorers do (lower case, no punctuation, no articles, one space).
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

ROLES: tuple[str, ...] = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
SLOTS: tuple[str, ...] = ("incident_type", *ROLES)

# A template: {"incident_type": str, role: [entity, ...]} with an entity a list of mention strings.
Template = dict[str, Any]
Extracts = dict[str, list[list[str]]]

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCT = set(string.punctuation)
# Above this many candidate alignments the exhaustive search of the reference gives way to a greedy one;
# real outputs (a handful of templates per document) never get near it.
_MAX_ALIGNMENTS = 200_000


def normalize_string(text: str) -> str:
    """Lower-case, drop punctuation and articles, squeeze spaces (the SQuAD normalisation GTT uses)."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def prf(p_num: float, p_den: float, r_num: float, r_den: float) -> tuple[float, float, float]:
    """Precision, recall and F1 as fractions (0 where a denominator is 0)."""
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _counts() -> dict[str, list[float]]:
    return {slot: [0.0, 0.0, 0.0, 0.0] for slot in SLOTS}  # p_num, p_den, r_num, r_den


def entity_matches(gold_entity: Sequence[str], pred_entity: Sequence[str]) -> bool:
    """GTT's `matching`: every predicted mention is a mention of the gold entity."""
    return all(m in gold_entity for m in pred_entity)


def _mention_text(mention: Any) -> str:
    """A mention is a string, or `[string, offset]` as in the processed MUC-4 files."""
    return str(mention[0]) if isinstance(mention, list | tuple) else str(mention)


def normalize_template(template: Mapping[str, Any]) -> Template:
    """A template with normalised mention strings and every role present (missing roles are empty)."""
    out: Template = {"incident_type": template.get("incident_type")}
    if not isinstance(out["incident_type"], str):
        out["incident_type"] = "attack"  # the reference scorer's default for a missing type
    for role in ROLES:
        out[role] = [[normalize_string(_mention_text(m)) for m in e] for e in template.get(role, []) if e]
    return out


def _score_alignment(
    alignment: Sequence[int], pred: Sequence[Template], gold: Sequence[Template]
) -> dict[str, list[float]]:
    """Counts for one alignment (pred index → gold index or -1), as GTT's `score` computes them."""
    counts = _counts()
    mapped_pred: set[int] = set()
    mapped_gold: set[int] = set()
    for pi, gi in enumerate(alignment):
        # The type must match for the pair to count as aligned; "attack" matches "bombing / attack".
        if gi == -1 or pred[pi]["incident_type"] not in gold[gi]["incident_type"]:
            continue
        mapped_pred.add(pi)
        mapped_gold.add(gi)
        p, g = pred[pi], gold[gi]
        counts["incident_type"] = [v + 1 for v in counts["incident_type"]]
        for role in ROLES:
            c = counts[role]
            for pe in p[role]:
                c[1] += 1
                c[0] += any(entity_matches(ge, pe) for ge in g[role])
            for ge in g[role]:
                c[3] += 1
                c[2] += any(entity_matches(ge, pe) for pe in p[role])
    for pi, p in enumerate(pred):
        if pi not in mapped_pred:
            counts["incident_type"][1] += 1
            for role in ROLES:
                counts[role][1] += len(p[role])
    for gi, g in enumerate(gold):
        if gi not in mapped_gold:
            counts["incident_type"][3] += 1
            for role in ROLES:
                counts[role][3] += len(g[role])
    return counts


def _micro_f1(counts: Mapping[str, Sequence[float]]) -> float:
    totals = [sum(c[i] for c in counts.values()) for i in range(4)]
    return prf(*totals)[2]


def _alignments(n_pred: int, n_gold: int) -> Iterable[tuple[int, ...]]:
    """Every injective partial map from predicted to gold templates, in the reference's order."""
    for combo in itertools.product([*range(n_gold), -1], repeat=n_pred):
        used = [g for g in combo if g != -1]
        if len(used) == len(set(used)):
            yield combo


def _greedy_alignment(pred: Sequence[Template], gold: Sequence[Template]) -> tuple[int, ...]:
    """Fallback for huge outputs: Hungarian alignment on per-pair matched entity counts."""
    gain = np.zeros((len(pred), len(gold)))
    for pi, gi in itertools.product(range(len(pred)), range(len(gold))):
        c = _score_alignment([gi if k == pi else -1 for k in range(len(pred))], pred, gold)
        gain[pi, gi] = sum(v[0] + v[2] for v in c.values())
    rows, cols = linear_sum_assignment(-gain)
    out = [-1] * len(pred)
    for r, c in zip(rows, cols, strict=True):
        if gain[r, c] > 0:
            out[r] = int(c)
    return tuple(out)


def best_alignment(pred: Sequence[Template], gold: Sequence[Template]) -> tuple[int, ...]:
    """The alignment (predicted index → gold index or -1) that maximises this document's micro F1 (first best
    wins, as in GTT; a greedy one for huge outputs)."""
    if (len(gold) + 1) ** len(pred) > _MAX_ALIGNMENTS:
        return _greedy_alignment(pred, gold)
    best: tuple[int, ...] | None = None
    best_f1 = -1.0
    for alignment in _alignments(len(pred), len(gold)):
        f1 = _micro_f1(_score_alignment(alignment, pred, gold))
        if best is None or f1 > best_f1:
            best, best_f1 = alignment, f1
    assert best is not None  # the all-unaligned map always exists
    return best


def best_alignment_counts(pred: Sequence[Template], gold: Sequence[Template]) -> dict[str, list[float]]:
    """Counts under the alignment that maximises this document's micro F1 (`best_alignment`)."""
    return _score_alignment(best_alignment(pred, gold), pred, gold)


def gtt_documents(
    preds: Mapping[str, Sequence[Mapping[str, Any]]], golds: Mapping[str, Sequence[Mapping[str, Any]]]
) -> Iterator[tuple[str, list[Template], list[Template]]]:
    """(docid, predicted, gold) templates of each gold document, prepared as GTT scores them: normalised
    strings, gold de-duplicated as the reference does, a document missing from `preds` with none."""
    for docid, gold_raw in golds.items():
        gold = [normalize_template(t) for t in _dedupe(_raw_template(t) for t in gold_raw)]
        yield docid, [normalize_template(t) for t in preds.get(docid, [])], gold


def _raw_template(template: Mapping[str, Any]) -> Template:
    """Incident type and mention strings only, as the reference loads gold before de-duplicating it."""
    out: Template = {"incident_type": template.get("incident_type")}
    for role in ROLES:
        out[role] = [[_mention_text(m) for m in e] for e in template.get(role, [])]
        out[role] = [e for e in out[role] if e]
    return out


def _dedupe(templates: Iterable[Template]) -> list[Template]:
    out: list[Template] = []
    for t in templates:
        if t not in out:
            out.append(t)
    return out


def gtt_score(
    preds: Mapping[str, Sequence[Mapping[str, Any]]], golds: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, dict[str, float]]:
    """Per-slot and micro-averaged P/R/F1 (fractions) over the documents of `golds`.

    A document missing from `preds` counts as one with no predicted templates. Gold templates are
    de-duplicated as the reference does.
    """
    total = _counts()
    for _, pred, gold in gtt_documents(preds, golds):
        counts = best_alignment_counts(pred, gold)
        for slot in SLOTS:
            total[slot] = [a + b for a, b in zip(total[slot], counts[slot], strict=True)]
    result: dict[str, dict[str, float]] = {}
    for slot in SLOTS:
        p, r, f = prf(*total[slot])
        result[slot] = {"p": p, "r": r, "f1": f}
    p, r, f = prf(*[sum(total[s][i] for s in SLOTS) for i in range(4)])
    result["micro_avg"] = {"p": p, "r": r, "f1": f}
    return result


def templates_to_extracts(templates: Iterable[Mapping[str, Any]]) -> Extracts:
    """Role fillers of a document, templates merged: GRIT's document-level `extracts` view."""
    out: Extracts = {role: [] for role in ROLES}
    for template in templates:
        for role in ROLES:
            for entity in template.get(role, []):
                mentions = [_mention_text(m) for m in entity]
                if mentions and mentions not in out[role]:
                    out[role].append(mentions)
    return out


def _ceaf_role(pred: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> float:
    """Similarity of the best one-to-one entity alignment under phi_strict."""
    if not pred or not gold:
        return 0.0
    scores = np.array([[float(entity_matches(g, p)) for p in pred] for g in gold])
    rows, cols = linear_sum_assignment(-scores)
    return float(scores[rows, cols].sum())


def ceaf_ree(preds: Mapping[str, Extracts], golds: Mapping[str, Extracts]) -> dict[str, dict[str, float]]:
    """CEAF-REE (phi_strict) per role and micro-averaged, as fractions, over the documents of `golds`."""
    total = {role: [0.0, 0.0, 0.0, 0.0] for role in ROLES}
    for docid, gold_raw in golds.items():
        pred_raw = preds.get(docid, {})
        for role in ROLES:
            gold = [[normalize_string(_mention_text(m)) for m in e] for e in gold_raw.get(role, []) if e]
            pred = [[normalize_string(_mention_text(m)) for m in e] for e in pred_raw.get(role, []) if e]
            sim = _ceaf_role(pred, gold)
            c = total[role]
            c[0] += sim
            c[1] += len(pred)
            c[2] += sim
            c[3] += len(gold)
    result: dict[str, dict[str, float]] = {}
    for role in ROLES:
        p, r, f = prf(*total[role])
        result[role] = {"p": p, "r": r, "f1": f}
    p, r, f = prf(*[sum(total[s][i] for s in ROLES) for i in range(4)])
    result["micro_avg"] = {"p": p, "r": r, "f1": f}
    return result


def example_based_f1(y_true: Sequence[Sequence[int]], y_pred: Sequence[Sequence[int]]) -> float:
    """ConfliBERT's example-based F1 (fraction): mean of 2|y∩ŷ|/(|y|+|ŷ|) over examples with any label."""
    t = np.asarray(y_true, dtype=bool)
    p = np.asarray(y_pred, dtype=bool)
    if t.shape != p.shape:
        raise ValueError(f"label arrays differ in shape: {t.shape} vs {p.shape}")
    keep = (t | p).any(axis=1)
    if not keep.any():
        return 0.0
    t, p = t[keep], p[keep]
    return float(np.mean(2 * (t & p).sum(axis=1) / (t.sum(axis=1) + p.sum(axis=1))))


def example_based_precision_recall(
    y_true: Sequence[Sequence[int]], y_pred: Sequence[Sequence[int]]
) -> tuple[float, float]:
    """ConfliBERT's example-based precision (over examples with a prediction) and recall (with a label)."""
    t = np.asarray(y_true, dtype=bool)
    p = np.asarray(y_pred, dtype=bool)
    hit = (t & p).sum(axis=1)
    has_p, has_t = p.any(axis=1), t.any(axis=1)
    prec = float(np.mean(hit[has_p] / p[has_p].sum(axis=1))) if has_p.any() else 0.0
    rec = float(np.mean(hit[has_t] / t[has_t].sum(axis=1))) if has_t.any() else 0.0
    return prec, rec


def pairwise_prf(gold: Sequence[Any], pred: Sequence[Any]) -> tuple[float, float, float]:
    """Pairwise clustering P/R/F1 (fractions): items i, j are a predicted pair when pred[i] == pred[j] and a
    gold pair when gold[i] == gold[j]; precision is the share of predicted pairs that are gold pairs."""
    both = pred_pairs = gold_pairs = 0
    for i, j in itertools.combinations(range(len(gold)), 2):
        same_pred, same_gold = pred[i] == pred[j], gold[i] == gold[j]
        pred_pairs += same_pred
        gold_pairs += same_gold
        both += same_pred and same_gold
    return prf(both, pred_pairs, both, gold_pairs)


def bcubed_prf(gold: Sequence[Any], pred: Sequence[Any]) -> tuple[float, float, float]:
    """B-cubed P/R/F1 (Bagga & Baldwin 1998; fractions): per item, the share of its predicted cluster that is
    in its gold cluster (precision) and the share of its gold cluster that is in its predicted one (recall),
    averaged over items. Unlike pairwise scores it does not let the largest clusters dominate."""
    n = len(gold)
    if n == 0:
        return 0.0, 0.0, 0.0
    p_sum = r_sum = 0.0
    for i in range(n):
        in_pred = [j for j in range(n) if pred[j] == pred[i]]
        in_gold = [j for j in range(n) if gold[j] == gold[i]]
        overlap = sum(1 for j in in_pred if gold[j] == gold[i])
        p_sum += overlap / len(in_pred)
        r_sum += overlap / len(in_gold)
    p, r = p_sum / n, r_sum / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
