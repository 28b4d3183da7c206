"""Kill -9 during an ingest, at several points, then restart: the database ends exactly as a clean run's
(every article once, the same incidents, the same final log status per input) and passes SQLite's
integrity check. The ingest runs in its own process (tests/helpers/ingest_worker.py) with a stand-in
extractor, so the points fall inside reading, extraction and commits alike."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.store import open_store

WORKER = Path(__file__).parent / "helpers" / "ingest_worker.py"
WORDS = "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo Lima Mike November".split()


def _inputs(folder: Path) -> None:
    folder.mkdir()
    for n in range(48):
        word = WORDS[n % len(WORDS)]
        text = (
            f"{word} attack number {n}.\n{word} rockets struck the camp in report {n} on Wednesday night, "
            "killing three soldiers, officials said."
        )
        (folder / f"r{n:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "copy.txt").write_text((folder / "r05.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "blob.txt").write_bytes(b"\x00binary\x00" * 50)
    (folder / "empty.txt").write_text("", encoding="utf-8")


def _run(url: str, folder: Path) -> None:
    subprocess.run([sys.executable, str(WORKER), url, str(folder)], check=True, timeout=120)


def _state(path: Path) -> tuple:
    store = open_store(f"sqlite:///{path}")
    articles = sorted(a["article_id"] for a in store.ingest_log() if a["status"] == "stored")
    last: dict[str, str] = {}
    for row in store.ingest_log():
        last[Path(row["source"]).name] = row["status"]
    incidents = sorted(
        (str(e.date.start), tuple(sorted(s.article_id for s in e.sources))) for e in store.query_events()
    )
    stats = store.stats()
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return articles, last, incidents, stats["articles"], stats["events"]


def _log_rows(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM ingest_log").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    base = tmp_path_factory.mktemp("clean")
    _inputs(base / "in")
    _run(f"sqlite:///{base / 'e.db'}", base / "in")
    state = _state(base / "e.db")
    assert state[3] == 49 - 1  # 48 distinct reports and a copy: 48 articles
    return state


@pytest.mark.parametrize("kill_after_rows", [0, 6, 21, 40])
def test_kill_minus_9_then_restart_matches_a_clean_run(
    tmp_path: Path, clean: tuple, kill_after_rows: int
) -> None:
    _inputs(tmp_path / "in")
    db = tmp_path / "e.db"
    proc = subprocess.Popen([sys.executable, str(WORKER), f"sqlite:///{db}", str(tmp_path / "in")])
    deadline = time.monotonic() + 60
    while _log_rows(db) < kill_after_rows and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    if kill_after_rows == 0:
        time.sleep(0.8)  # during start-up or the first batch
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(10) == -signal.SIGKILL  # killed, not finished
    assert _log_rows(db) < 51  # and before it logged every input
    _run(f"sqlite:///{db}", tmp_path / "in")
    assert _state(db) == clean
