"""Cheap fixtures shared by the whole suite. Model-loading ones are session-scoped: the model loads once."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repo (seeds and benchmark data); tests needing it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def nlp():  # noqa: ANN201 - spacy.Language
    from eventwire.nlp.pipeline import load_nlp

    return load_nlp()
