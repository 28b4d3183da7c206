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


@pytest.fixture(scope="session")
def postgres():  # noqa: ANN201 - tests.postgres_server.PostgresServer
    """One real PostgreSQL server for the session (postgres_server.py); skipped where none is installed."""
    from postgres_server import PostgresServer, PostgresUnavailable

    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL tests need the server binaries: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each backend: a SQLite file, then a new database on the PostgreSQL server
    (the same store suite runs on both)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sub' / 'eventwire.db'}"
    return request.getfixturevalue("postgres").new_database()
