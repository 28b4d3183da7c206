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
def extractor_no_places(nlp):  # noqa: ANN201 - eventwire.extract.Extractor
    """The Extractor with the real actor resolver and no place resolution: for tests that check actors or
    dates on invented sentences (places are not checked there, and resolving them costs time)."""
    from eventwire.extract import Extractor
    from eventwire.models import Location
    from eventwire.resolve.actors import ActorResolver
    from eventwire.resolve.places import PlaceResolver

    class NoPlaces(PlaceResolver):
        def locate_event(self, doc, anchor, context):  # noqa: ANN001, ANN201, ARG002 - fixed interface
            return Location()

    return Extractor(nlp=nlp, places=NoPlaces(), actors=ActorResolver())


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


# --- a filled database and a real server, for the API and the dashboard -----------------------------------

API_TOKEN = "test-token-5d1f"
DATA = Path(__file__).parent / "data"


def _records(path: Path, model: type) -> list:
    import json

    lines = path.read_text(encoding="utf-8").splitlines()
    return [model.model_validate(json.loads(line)) for line in lines if line.strip()]


def fill_store(store) -> None:  # noqa: ANN001 - eventwire.store.Store
    """The store test data (four incidents, four reports) plus one hostile report, saved as ingest does."""
    from eventwire.incidents import merge_article
    from eventwire.models import Article, Event

    articles = _records(DATA / "store" / "articles.jsonl", Article)
    articles += _records(DATA / "web" / "hostile_articles.jsonl", Article)
    events = _records(DATA / "store" / "events.jsonl", Event)
    events += _records(DATA / "web" / "hostile_events.jsonl", Event)
    for article in articles:
        with store.batch():
            store.add_article(article)
            merge_article(store, article.id, [e for e in events if e.sources[0].article_id == article.id])
            store.log(article.source_path or article.id, "stored", None, article.id)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of a SQLite file holding fill_store's data (session-wide: tests that write use their own)."""
    from eventwire.store import open_store

    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'eventwire.db'}"
    with open_store(url) as store:
        fill_store(store)
    return url


class LiveServer:
    """`eventwire serve`'s application under a real uvicorn on a free loopback port, in a thread."""

    def __init__(self, db_url: str, token: str | None = API_TOKEN) -> None:
        import threading

        import uvicorn

        from eventwire.api import create_app
        from eventwire.settings import Settings

        app = create_app(Settings(db_url=db_url, api_token=token))
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        import time

        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(tmp_path: Path) -> LiveServer:
    """A real server over its own copy of the web data, writable with API_TOKEN."""
    from eventwire.store import open_store

    url = f"sqlite:///{tmp_path / 'eventwire.db'}"
    with open_store(url) as store:
        fill_store(store)
    server = LiveServer(url)
    yield server
    server.stop()
