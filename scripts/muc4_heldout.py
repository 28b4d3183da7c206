"""The product's MUC-4 GTT F1 with a role tagger that never saw the documents it is scored on.

The shipped tagger (`eventwire train muc4`) saw all of MUC-4 train, so the product's figures on train[:250]
are inflated (Victim F1 59 there, 28 on dev) and a choice made on them favours names the tagger memorised.
Here the tagger alone is refitted on train[HOLD:] (the shipped model's other parts and settings kept, the word
counts recounted on those documents), and the product engine with it is scored on train[:HOLD] and on dev:
the train figure is then a held-out one, comparable across tagger options (benchmarks/RESULTS.md, session 9).

    .venv/bin/python scripts/muc4_heldout.py [--hold 250] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import copy
import json
import tempfile
from pathlib import Path

import joblib
import numpy as np
from scipy import sparse

from eventwire.eval import muc4
from eventwire.extract import Extractor
from eventwire.extract.learned_roles import LearnedRoles
from eventwire.extract.rolefill import iter_docs, load_model
from eventwire.extract.rolefill_train import _fit_tagger, tagger_inputs


def heldout_model(data: Path, hold: int, out: Path) -> None:
    """The shipped model with its tagger refitted on train documents `hold` onwards, saved to `out`."""
    docs = list(iter_docs(data / "muc4" / "train.json"))[hold:]
    shipped = load_model()
    _, counts, x_docs, labels = tagger_inputs(docs, syntax=bool(shipped.meta.get("syntax")))
    model = copy.deepcopy(shipped)
    model.tagger = _fit_tagger(sparse.vstack(x_docs), np.concatenate(labels))
    model.word_counts = counts
    joblib.dump(model, out, compress=3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--hold", type=int, default=250, help="train documents held out from the tagger")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "heldout.joblib"
        heldout_model(args.data, args.hold, path)
        extractor = Extractor()
        extractor.learned_roles = LearnedRoles(model_path=path)
        out = {
            "train_heldout": muc4.evaluate(args.data, "train", limit=args.hold, extractor=extractor),
            "dev": muc4.evaluate(args.data, "dev", extractor=extractor),
        }
    print(json.dumps({k: {m: round(v, 2) for m, v in s.items()} for k, s in out.items()}, indent=1))


if __name__ == "__main__":
    main()
