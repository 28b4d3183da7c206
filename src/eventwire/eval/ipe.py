"""IndiaPoliceEvents documents benchmark: ConfliBERT example-based F1 (see eval.classify)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.eval import classify


def evaluate(data_dir: Path, split: str = "dev", **options: Any) -> dict[str, float]:
    """Metrics in percent; options: `model` (other weights than the shipped ones), `limit` (first N rows)."""
    return classify.evaluate("ipe", data_dir, split, model=options.get("model"), limit=options.get("limit"))
