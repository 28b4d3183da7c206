"""Shipped model weights: one loader for every learned part (joblib files under `data/models/`).

Why one place: each learned component and classifier must fail the same way when its weights are missing or
hold something else, with the command that rebuilds them (`eventwire train NAME`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from eventwire.errors import ModelError

T = TypeVar("T")


def load_weights(path: Path, expected: type[T], train_name: str, what: str) -> T:
    """The object stored at `path`, checked to be an `expected`; ModelError says how to rebuild it."""
    import joblib

    if not path.exists():
        raise ModelError(f"{what} weights not found at {path}; run `eventwire train {train_name}`.")
    model = joblib.load(path)
    if not isinstance(model, expected):
        raise ModelError(f"{path} does not hold a {expected.__name__}")
    return model
