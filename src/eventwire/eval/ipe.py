"""IndiaPoliceEvents benchmark: the Extractor's article kinds, example-based F1 (see eval.classify)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.eval import classify


def evaluate(data_dir: Path, split: str = "dev", **options: Any) -> dict[str, float]:
    """Metrics in percent; options: `model` (other weights than the shipped ones), `limit` (first N rows),
    `extractor` (one built with other flags, e.g. the learned mention filter on)."""
    return classify.evaluate("ipe", data_dir, split, **options)
