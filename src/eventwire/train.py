"""Reproducible training of the shipped models (`eventwire train NAME`): train splits only, fixed seeds.

NAME is one of TRAINERS: "muc4" (role-filler tagger + incident-type detectors), "mentions" (the learned
event-mention filter), "satp" and "ipe" (the article kinds: text classifier
stacked with the Extractor's events, eventwire.extract.article_kinds). Weights go to
`src/eventwire/data/models/` unless `out_dir` is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError

TRAINERS: tuple[str, ...] = ("muc4", "mentions", "satp", "ipe")


def train(name: str, data_dir: Path, out_dir: Path | None = None) -> dict[str, Any]:
    """Fit model NAME on `data_dir`'s train split, save it, and return a summary (paths, thresholds, size)."""
    if name == "muc4":
        from eventwire.extract.rolefill import MODEL_PATH
        from eventwire.extract.rolefill_train import train_rolefill

        out = Path(out_dir) / MODEL_PATH.name if out_dir else MODEL_PATH
        return train_rolefill(Path(data_dir), out)
    if name == "mentions":
        from eventwire.extract.mention_filter import MODEL_PATH as MENTION_MODEL_PATH
        from eventwire.extract.mention_filter_train import train_mention_filter

        out = Path(out_dir) / MENTION_MODEL_PATH.name if out_dir else MENTION_MODEL_PATH
        return train_mention_filter(Path(data_dir), out)
    if name in ("satp", "ipe"):
        from eventwire.extract import article_kinds

        return article_kinds.train(name, Path(data_dir), out_dir)
    raise DatasetError(f"no trainer for {name!r}; choose one of {', '.join(TRAINERS)}")
