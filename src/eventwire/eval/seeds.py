"""The seed articles: the two reports this project started from, scored as one reports folder.

The seeds sit beside the data folder (../shared/seeds, with their gold.json); `eventwire eval seeds` is
`eventwire eval reports --data ../shared/seeds`, with the same metrics.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.eval.reports import reports_folder, score_folder


def evaluate(data_dir: Path, split: str = "dev", extractor: Any = None, **_: Any) -> dict[str, float]:
    """The reports metrics over the seeds folder (the split is ignored: the seeds have one)."""
    return score_folder(reports_folder(data_dir, "seeds"), extractor)
