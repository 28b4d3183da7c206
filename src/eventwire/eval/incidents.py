"""Incidents across sources: does the real pipeline (extract + merge) put reports of one incident together,
and keep look-alike incidents apart?

The test set ships with the package (`eval/data/incidents/`): short reports in different outlets' words, each
line one article with the gold `incident` it tells. They were written for this project: several outlets per
incident, dates relative to each article's own publication day, places spelt differently ("Kobani", "Kobanê",
"Ayn al-Arab"), casualty figures that disagree, and look-alikes that must stay apart (two bombings in one
town on one day, one group's attacks on two towns on one day, the same town a week later).

The articles are ingested into a fresh in-memory SQLite store by `pipeline.ingest`, exactly as `eventwire
ingest` stores a folder. Each stored *mention* (one extracted event of one article) is an item, labelled
with its article's gold incident and predicted as the incident it was merged into; an article from which
nothing was extracted counts as one item alone (its report was not joined to anything). Pairwise and
B-cubed precision, recall and F1 are computed over those items, in percent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventwire.eval.metrics import bcubed_prf, pairwise_prf

DATA = Path(__file__).parent / "data" / "incidents" / "articles.jsonl"


def load_gold(path: Path = DATA) -> dict[int, str]:
    """Gold incident of each article, by line number (1-based, as the ingest log names JSONL lines)."""
    gold: dict[int, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            gold[number] = json.loads(line)["incident"]
    return gold


def cluster_items(store: Any, gold_by_line: dict[int, str]) -> tuple[list[str], list[str]]:
    """(gold labels, predicted labels) of every item: each stored mention, plus each article without one."""
    article_line: dict[str, int] = {}
    for row in store.ingest_log():
        if row["status"] == "stored" and "#line=" in row["source"]:
            article_line[row["article_id"]] = int(row["source"].rsplit("#line=", 1)[1])
    gold: list[str] = []
    pred: list[str] = []
    mentioned: set[str] = set()
    for incident in store.query_events():
        for article_id, _ in store.incident_mentions(incident.id):
            mentioned.add(article_id)
            gold.append(gold_by_line[article_line[article_id]])
            pred.append(incident.id)
    for article_id, line in sorted(article_line.items(), key=lambda kv: kv[1]):
        if article_id not in mentioned:
            gold.append(gold_by_line[line])
            pred.append(f"unmerged:{article_id}")
    return gold, pred


def evaluate(data_dir: Path | None = None, split: str = "test", **options: Any) -> dict[str, Any]:
    """Merge metrics in percent, with the counts behind them. `data_dir` and `split` are not used: the set
    ships with the package. Option `extractor`: another extractor object (tests pass a stand-in)."""
    from eventwire import pipeline
    from eventwire.settings import Settings
    from eventwire.store import open_store

    gold_by_line = load_gold(DATA)
    with open_store("sqlite:///:memory:") as store:
        settings = Settings.from_env(environ={})
        report = pipeline.ingest([DATA], store, settings, extractor=options.get("extractor"))
        gold, pred = cluster_items(store, gold_by_line)
        incidents = len(set(pred))
        mentions = sum(1 for label in pred if not label.startswith("unmerged:"))
    pp, pr, pf = pairwise_prf(gold, pred)
    bp, br, bf = bcubed_prf(gold, pred)
    return {
        "pairwise_precision": 100 * pp,
        "pairwise_recall": 100 * pr,
        "pairwise_f1": 100 * pf,
        "bcubed_precision": 100 * bp,
        "bcubed_recall": 100 * br,
        "bcubed_f1": 100 * bf,
        "articles": len(gold_by_line),
        "articles_stored": report.stored,
        "gold_incidents": len(set(gold_by_line.values())),
        "predicted_incidents": incidents,
        "mentions": mentions,
        "articles_without_event": len(pred) - mentions,
    }
