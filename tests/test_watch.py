"""`watch` against a real HTTP server on 127.0.0.1 whose feed changes between rounds: no story lost or stored
twice, whatever position it moves to, and a restarted watcher resumes from the database."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from typer.testing import CliRunner

from eventwire import watch as watching
from eventwire.cli import app
from eventwire.errors import EventwireError
from eventwire.ingest import ArticleMeta
from eventwire.models import Article, Event
from eventwire.settings import Settings
from eventwire.store import open_store

FILLER = "Officials said the investigation was continuing and that more details would be released later."
STORIES = {  # key: (guid, link, text)
    "A": ("urn:a", "https://news.example/a", "Gunmen attacked a police post in the north on Monday."),
    "A-edited": (
        "urn:a",
        "https://news.example/a",
        "Gunmen attacked a police post in the north on Monday night.",
    ),
    "B": ("urn:b", "https://news.example/b", "A car bomb exploded near the market on Sunday."),
    "C": ("urn:c", "https://news.example/c", "The city council approved the new library budget on Tuesday."),
    "D": (None, "https://news.example/d", "Rebels seized two villages after heavy fighting on Wednesday."),
    "E": (None, None, "Protesters marched to the ministry to demand higher wages on Thursday."),
}
ROUNDS = [["A", "B"], ["C", "A", "B"], ["D", "C", "A-edited"], ["E", "D", "C"], ["E", "D", "C"]]


def rss(keys: list[str]) -> bytes:
    items = []
    for key in keys:
        guid, link, text = STORIES[key]
        parts = [
            f"<title>Story {key[0]}</title>",
            f"<description>{escape(text + ' ' + FILLER)}</description>",
        ]
        if guid:
            parts.append(f'<guid isPermaLink="false">{guid}</guid>')
        if link:
            parts.append(f"<link>{link}</link>")
        items.append("<item>" + "".join(parts) + "</item>")
    channel = "<title>Test Wire</title>" + "".join(items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{channel}</channel></rss>'.encode()


class FeedServer:
    """A real HTTP server on 127.0.0.1 serving whatever feed `body` holds now."""

    def __init__(self) -> None:
        self.body = b""
        self.hits = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.hits += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.xml"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


class _CountingExtractor:
    """No model: every article has no events; counts how often each text reaches the extractor."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract(self, article: Article) -> list[Event]:
        self.seen.append(article.text)
        return []

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, self.extract(article)


def test_changing_feed_over_http_loses_nothing_and_stores_nothing_twice(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'watch.db'}")
    settings = Settings.from_env(environ={}, prefilter=False)
    extractor = _CountingExtractor()
    feeds = iter(ROUNDS)
    feed_server.body = rss(next(feeds))
    done: list[watching.Round] = []

    def between_rounds(_: float) -> None:
        feed_server.body = rss(next(feeds))

    ran = watching.watch(
        [feed_server.url], store, settings, ArticleMeta(), every_s=60, rounds=len(ROUNDS),
        extractor=extractor, on_round=done.append, sleep=between_rounds,
    )  # fmt: skip
    assert ran == len(ROUNDS) and feed_server.hits == len(ROUNDS)
    assert [r.report.stored for r in done] == [2, 1, 1, 1, 0]
    assert [r.report.already_done for r in done] == [0, 2, 2, 2, 3]
    assert all(r.report.duplicates == 0 and not r.report.skipped for r in done)
    stored = [row for row in store.ingest_log() if row["status"] == "stored"]
    assert len(stored) == len({row["article_id"] for row in stored}) == 5
    texts = sorted(extractor.seen)
    assert len(texts) == len(set(texts)) == 5  # every story reached the extractor exactly once
    for key in ("A", "B", "C", "D", "E"):
        assert sum(t.startswith(STORIES[key][2]) for t in texts) == 1, key
    assert "round 2" in done[1].line() and "1 new article(s)" in done[1].line()


def test_a_restarted_watcher_resumes_and_a_dead_feed_is_one_skipped_line(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'watch.db'}"
    settings = Settings.from_env(environ={}, prefilter=False)
    feed_server.body = rss(["A", "B"])
    dead = "http://127.0.0.1:1/feed.xml"  # a port nothing listens on
    rounds: list[watching.Round] = []
    for _ in range(2):  # two separate watchers, the second started after the first ended
        watching.watch(
            [feed_server.url, dead], open_store(url), settings, ArticleMeta(), every_s=1, rounds=1,
            extractor=_CountingExtractor(), on_round=rounds.append,
        )  # fmt: skip
        feed_server.body = rss(["C", "A", "B"])
    counts = [(r.report.stored, r.report.already_done, r.report.retried) for r in rounds]
    assert counts == [(2, 0, 0), (1, 2, 1)]  # the dead feed, logged in round 1, is retried in round 2
    for done in rounds:  # an unreachable feed is tried again every round, never taken as done
        [skip] = done.report.skipped
        assert skip.source == dead and skip.reason.startswith("unreachable:")


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("30s", 30), ("15m", 900), ("1h", 3600), ("2d", 172800)]
)
def test_every_parses_intervals(text: str, seconds: float) -> None:
    assert watching.parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "15 minutes", "-1h", "m"])
def test_bad_every_is_a_clear_error(text: str) -> None:
    with pytest.raises(EventwireError, match="--every expects"):
        watching.parse_every(text)


def test_cli_bad_every_and_missing_folder_are_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'x.db'}"
    missing = runner.invoke(app, ["watch", str(tmp_path / "[nope]"), "--db", db, "--rounds", "1"])
    assert missing.exit_code == 2 and "[nope]" in missing.output  # printed literally, not as markup
    (tmp_path / "in").mkdir()
    bad = runner.invoke(app, ["watch", str(tmp_path / "in"), "--db", db, "--every", "soon"])
    assert bad.exit_code == 2 and "--every expects" in bad.output


def test_a_refreshed_feed_file_gives_its_new_story_and_a_rewritten_text_file_its_new_text(
    tmp_path: Path,
) -> None:
    """The report of issue 10: a new story at entry 0 was taken for the old one ("1 already ingested")."""
    from eventwire import pipeline

    store = open_store(f"sqlite:///{tmp_path / 'db.db'}")
    settings = Settings.from_env(environ={}, prefilter=False)
    feed, note = tmp_path / "wire.rss", tmp_path / "latest.txt"
    feed.write_bytes(rss(["A"]))
    note.write_text(STORIES["B"][2] + " " + FILLER, encoding="utf-8")
    first = pipeline.ingest([feed, note], store, settings, extractor=_CountingExtractor())
    feed.write_bytes(rss(["E", "A"]))  # a guid-less story at the top, the old one second
    note.write_text(STORIES["C"][2] + " " + FILLER, encoding="utf-8")  # same file name, another story
    second = pipeline.ingest([feed, note], store, settings, extractor=_CountingExtractor())
    assert (first.stored, second.stored, second.already_done, second.duplicates) == (2, 2, 1, 0)
    assert store.stats()["articles"] == 4


@pytest.mark.slow
def test_cli_watch_prints_a_line_per_round_and_takes_only_the_new_story(tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'w.db'}"
    feed = tmp_path / "wire.rss"
    feed.write_bytes(rss(["A", "B"]))
    first = runner.invoke(app, ["watch", str(feed), "--db", db, "--rounds", "1", "--every", "1s"])
    assert first.exit_code == 0, first.output
    assert "round 1 at " in first.output and "2 new article(s)" in first.output
    feed.write_bytes(rss(["C", "A", "B"]))  # the case: a new story at the top of the refreshed feed
    second = runner.invoke(app, ["watch", str(feed), "--db", db, "--rounds", "2", "--every", "1s"])
    assert second.exit_code == 0, second.output
    lines = [line for line in second.output.splitlines() if line.startswith("round ")]
    assert len(lines) == 2
    assert "1 new article(s)" in lines[0] and "2 already known" in lines[0]
    assert "0 new article(s)" in lines[1] and "3 already known" in lines[1]
    dead = "http://127.0.0.1:1/feed.xml"  # a port nothing listens on: skipped, so exit status 1
    third = runner.invoke(app, ["watch", str(feed), dead, "--db", db, "--rounds", "1", "--every", "1s"])
    assert third.exit_code == 1, third.output
    assert "unreachable" in third.output and "3 already known" in third.output
