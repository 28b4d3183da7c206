"""The relevance prefilter (eventwire.prefilter): what it keeps of violent news and what it lets through of
ordinary news.

Recall is over articles that hold a gold event: MUC-4 documents with at least one template, SATP incident
narratives with at least one attack label, WikiEvents documents with at least one event mention. The pass
share is over the 1,041 geo/ articles (LGL, TR-News, GeoVirus, GWN: ordinary local and world news, the same
for every split) and over MUC-4's documents without a template (news of the same war with no incident).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError

GEO_FILES = {"lgl": "lgl.xml", "trnews": "TR-News.xml", "geovirus": "GeoVirus.xml", "gwn": "GWN.xml"}


def _muc4(data_dir: Path, split: str) -> tuple[list[str], list[str]]:
    from eventwire.eval.muc4 import load_gold

    texts, golds = load_gold(data_dir, split)
    with_event = [texts[k] for k in texts if golds[k]]
    without = [texts[k] for k in texts if not golds[k]]
    return with_event, without


def _satp(data_dir: Path, split: str) -> list[str]:
    from eventwire.extract.article_kinds import read_tsv

    texts, labels = read_tsv(data_dir / "satp" / f"{split}.tsv", 4)
    return [t for t, row in zip(texts, labels, strict=True) if row.any()]


def _wikievents(data_dir: Path, split: str) -> list[str]:
    from eventwire.eval.wikievents import iter_docs, layout

    path = data_dir / "wikievents" / f"{split}.jsonl"
    if not path.exists():
        return []  # WikiEvents ships a dev split only
    return [layout(doc)[0] for doc in iter_docs(path) if doc.get("event_mentions")]


def geo_texts(data_dir: Path) -> list[str]:
    """The texts of the four geo/ corpora, in a fixed order (scripts/geo_corpus.py writes the same)."""
    from eventwire.eval.geo import read_dataset

    return [a.text for name, file in GEO_FILES.items() for a in read_dataset(data_dir / "geo" / file, name)]


def evaluate(data_dir: Path, split: str = "dev", **options: Any) -> dict[str, float]:
    """Recall (percent) per corpus and pooled, pass shares (percent) of ordinary and event-free news."""
    from eventwire.prefilter import default_prefilter

    passes = default_prefilter().passes
    muc4, muc4_none = _muc4(data_dir, split)
    violent = {"muc4": muc4, "satp": _satp(data_dir, split), "wikievents": _wikievents(data_dir, split)}
    if not any(violent.values()):
        raise DatasetError(f"no articles with gold events in the {split} split under {data_dir}")
    geo = geo_texts(data_dir)

    def pct(texts: list[str]) -> float:
        return 100.0 * sum(passes(t) for t in texts) / len(texts) if texts else float("nan")

    pooled = [t for texts in violent.values() for t in texts]
    metrics = {f"recall_{name}": pct(texts) for name, texts in violent.items()}
    metrics.update(
        {
            "recall": pct(pooled),
            "articles_with_event": float(len(pooled)),
            "pass_share_geo": pct(geo),
            "geo_articles": float(len(geo)),
            "pass_share_muc4_no_event": pct(muc4_none),
        }
    )
    return metrics
