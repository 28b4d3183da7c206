"""Ordinary news stays out: how many events, and how many "killed", the extractor finds in news with no
political violence.

Why: most of a general news stream is out of scope, and every record coded from it is junk in an analyst's
database. The geo corpora are ordinary news: GeoVirus (229 WikiNews disease-outbreak reports, the default),
LGL (US local news), TR-News and GeoWebNews. An outbreak report tells deaths from disease, not attacks; so
every event found in GeoVirus is an error, and the killed total measures how far figures leak.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from eventwire.eval.geo import FILES, read_dataset
from eventwire.models import Article

DEFAULT = "geovirus"


def evaluate(
    data_dir: Path,
    split: str = "dev",
    dataset: str = DEFAULT,
    limit: int | None = None,
    extractor: Any = None,
    **_: Any,
) -> dict[str, float]:
    """Counts over one geo corpus: articles, events, articles with any event, killed and wounded totals."""
    from eventwire.errors import DatasetError

    if dataset not in FILES:
        raise DatasetError(f"unknown dataset {dataset!r} for scope; choose one of {', '.join(FILES)}")
    gold = read_dataset(Path(data_dir) / "geo" / FILES[dataset], dataset)[:limit]
    if extractor is None:
        from eventwire.extract import Extractor

        extractor = Extractor()
    articles = [
        Article(id=Article.make_id(g.text), text=g.text, published=date(2020, 1, 1), source_format="txt")
        for g in gold
        if g.text.strip()
    ]
    events = killed = wounded = with_events = 0
    for _, found in extractor.extract_many(articles):
        events += len(found)
        with_events += bool(found)
        for e in found:
            for count, total in ((e.fatalities.killed, "k"), (e.fatalities.wounded, "w")):
                value = count.best if count.best is not None else count.low
                if value:
                    if total == "k":
                        killed += value
                    else:
                        wounded += value
    return {
        "articles": float(len(articles)),
        "events": float(events),
        "articles_with_events": float(with_events),
        "killed": float(killed),
        "wounded": float(wounded),
    }
