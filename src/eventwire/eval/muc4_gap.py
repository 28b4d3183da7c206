"""Where a MUC-4 engine loses GTT points: its templates and each role's fillers under GTT's own alignment.

Why: the product's GTT F1 is far below the learned role component's alone (`eval muc4 --engine rolefill`), and
the per-slot F1 does not say whether a filler was wrong, right but in a template that aligned with no gold
one (an incident split into several records, a record MUC does not count), or told for a report whose key has
no template at all. Each predicted filler is put in one of these bins, under the alignment `gtt_score` uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from eventwire.eval.metrics import ROLES, best_alignment, entity_matches, gtt_documents

# The bins of a predicted filler, in the order a report prints them.
BINS = ("right", "wrong", "other_template", "unaligned", "no_gold_template")


def filler_bins(
    preds: Mapping[str, Sequence[Mapping[str, Any]]], golds: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, Any]:
    """Template counts and, per role, how many predicted fillers fall in each of `BINS`: right (matches an
    entity of its aligned gold template), wrong (aligned template, no match anywhere in the report),
    other_template (aligned, but the entity is another gold template's), unaligned (its template aligned with
    no gold template of a report that has some), no_gold_template (the report's key has none)."""
    templates: Counter[str] = Counter()
    roles: dict[str, Counter[str]] = {r: Counter() for r in ROLES}
    for _, pred, gold in gtt_documents(preds, golds):
        templates["gold"] += len(gold)
        templates["predicted"] += len(pred)
        alignment = best_alignment(pred, gold)
        for p, g in zip(pred, alignment, strict=True):
            aligned = g != -1 and p["incident_type"] in gold[g]["incident_type"]
            where = "aligned" if aligned else "unaligned" if gold else "no_gold_template"
            templates[where] += 1
            for role in ROLES:
                for entity in p[role]:
                    if not aligned:
                        roles[role][where] += 1
                    elif any(entity_matches(e, entity) for e in gold[g][role]):
                        roles[role]["right"] += 1
                    elif any(entity_matches(e, entity) for t in gold for e in t[role]):
                        roles[role]["other_template"] += 1
                    else:
                        roles[role]["wrong"] += 1
    return {
        "templates": dict(templates),
        "fillers": {r: {b: roles[r][b] for b in BINS} for r in ROLES},
    }
