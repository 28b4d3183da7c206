"""Benchmarks. Each module exposes `evaluate(data_dir, split, **options) -> dict[str, float]` (percent).

`eventwire eval NAME` looks NAME up in EVALUATORS (or VARIANTS, when the variant's option is given); a module
is imported only when its benchmark runs.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError

EVALUATORS: dict[str, str] = {
    "reports": "eventwire.eval.reports",
    "seeds": "eventwire.eval.seeds",
    "muc4": "eventwire.eval.muc4",
    "wikievents": "eventwire.eval.wikievents",
    "satp": "eventwire.eval.satp",
    "ipe": "eventwire.eval.ipe",
    "geo": "eventwire.eval.geo",
    "prefilter": "eventwire.eval.prefilter",
    "scope": "eventwire.eval.scope",
    "incidents": "eventwire.eval.incidents",
}
# (benchmark, option) -> the module that scores it when the option is given: a different reading of the data.
VARIANTS: dict[tuple[str, str], str] = {("muc4", "slots"): "eventwire.eval.muc4_slots"}
# The benchmarks that score the Extractor's records, and so can score it with the learned mention filter on.
EXTRACTOR_BENCHMARKS = ("reports", "seeds", "muc4", "wikievents", "scope", "incidents", "satp", "ipe")


def run(name: str, data_dir: Path, split: str = "dev", **options: Any) -> dict[str, Any]:
    """Run one benchmark and return `{"dataset", "split", "metrics"}`, the shape `--json` prints.
    Option `learned_mentions`: score the Extractor with its learned mention filter on (docs/models.md)."""
    if name not in EVALUATORS:
        raise DatasetError(f"unknown benchmark {name!r}; choose one of {', '.join(EVALUATORS)}")
    if options.pop("learned_mentions", False):
        if name not in EXTRACTOR_BENCHMARKS:
            names = ", ".join(EXTRACTOR_BENCHMARKS)
            raise DatasetError(
                f"--learned-mentions applies to the extractor's benchmarks ({names}), not {name!r}"
            )
        from eventwire.extract import Extractor

        options["extractor"] = Extractor(learned_mentions=True)
    target = next((m for (n, opt), m in VARIANTS.items() if n == name and options.get(opt)), EVALUATORS[name])
    try:
        module = importlib.import_module(target)
    except ModuleNotFoundError as exc:
        raise DatasetError(f"benchmark {name!r} is not implemented yet") from exc
    metrics = module.evaluate(Path(data_dir), split, **options)
    return {"dataset": name, "split": split, "metrics": metrics}
