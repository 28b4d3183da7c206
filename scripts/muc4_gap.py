"""Where the MUC-4 engines lose GTT points (benchmarks/RESULTS.md, MUC-4): templates and each role's fillers
by bin (`eventwire.eval.muc4_gap`), for the product and the ablations, as JSON.

    .venv/bin/python scripts/muc4_gap.py [--split dev] [--limit N] [--engine extractor rolefill rules]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from eventwire.eval.muc4 import load_datelines, load_gold, predict
from eventwire.eval.muc4_gap import filler_bins


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None, help="first N documents")
    parser.add_argument("--engine", nargs="+", default=["extractor", "rolefill"])
    args = parser.parse_args()
    texts, golds = load_gold(args.data, args.split)
    keep = list(golds)[: args.limit]
    texts, golds = {k: texts[k] for k in keep}, {k: golds[k] for k in keep}
    datelines = load_datelines(args.data, args.split)
    bins = {e: filler_bins(predict(texts, datelines, engine=e), golds) for e in args.engine}
    print(json.dumps(bins, indent=1))


if __name__ == "__main__":
    main()
