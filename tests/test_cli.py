"""The `eventwire` command end to end: help texts, docs coverage, ingest/extract/events over real files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.settings import describe

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)

REPORT = """Gunmen kill four in attack on checkpoint
Gunmen killed four police officers in an attack on a checkpoint in Kirkuk on Tuesday, officials said.
At least seven other people were wounded in the shooting, which no group has claimed.
Join our commenting forum
"""
OTHER = """Council approves new budget for city libraries
The city council approved a new budget for public libraries on Monday after a short debate.
The mayor said the money would pay for longer opening hours and more books for children.
"""


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_docs(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    cli_doc = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"eventwire {command}" in cli_doc, f"docs/cli.md does not document `eventwire {command}`"


@pytest.mark.parametrize("name", [row[0] for row in describe()])
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{name}`" in (REPO / "docs" / "settings.md").read_text(encoding="utf-8")


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--published", "16/03/2020"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", db])
    assert result.exit_code == 2
    assert "no such file" in result.output


@pytest.fixture()
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "attack.txt").write_text(REPORT, encoding="utf-8")
    (folder / "attack.json").write_text(json.dumps({"published": "2021-05-20", "outlet": "Wire"}))
    (folder / "budget.txt").write_text(OTHER, encoding="utf-8")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    return folder


@pytest.mark.slow
def test_ingest_is_resumable_and_queries_work(reports: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ev.db'}"
    first = runner.invoke(app, ["ingest", str(reports), "--db", db])
    assert first.exit_code == 1, first.output  # the binary file was skipped
    assert "stored 2 article(s)" in first.output
    assert "blob.txt" in first.output and "binary" in first.output

    again = runner.invoke(app, ["ingest", str(reports), "--db", db])
    assert "stored 0 article(s)" in again.output
    assert "already ingested" in again.output

    listed = runner.invoke(app, ["events", "--db", db, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    events = json.loads(listed.output)
    assert len(events) >= 1
    attack = events[0]
    assert attack["event_type"] and attack["sub_event_type"]
    assert attack["sources"][0]["outlet"] == "Wire"
    assert attack["fatalities"]["killed"]["best"] == 4

    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(app, ["events", "--db", db, "--format", "csv"]).output))
    )
    assert len(rows) == len(events)
    assert {"event_date", "event_type", "sub_event_type", "country", "fatalities"} <= set(rows[0])

    none = runner.invoke(app, ["events", "--db", db, "--format", "json", "--type", "Protests"])
    assert json.loads(none.output) == []

    log = runner.invoke(app, ["log", "--db", db, "--status", "skipped"])
    assert "blob.txt" in log.output


@pytest.mark.slow
def test_extract_prints_records_with_evidence(tmp_path: Path) -> None:
    path = tmp_path / "attack.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--published", "2021-05-20", "--format", "json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert isinstance(events, list) and events
    for event in events:
        assert event["evidence"], event
        for ev in event["evidence"]:
            assert ev["end"] > ev["start"]
    assert "Join our commenting forum" not in result.stdout


def test_eval_json_is_strict_and_nan_becomes_null(monkeypatch: pytest.MonkeyPatch) -> None:
    import eventwire.eval

    def fake_run(name: str, data: Path, split: str, **options: object) -> dict[str, object]:
        return {"dataset": name, "split": split, "metrics": {"f1": 50.0, "exact": float("nan")}}

    monkeypatch.setattr(eventwire.eval, "run", fake_run)
    result = runner.invoke(app, ["eval", "geo", "--dataset", "geovirus", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "dataset": "geo",
        "split": "dev",
        "metrics": {"f1": 50.0, "exact": None},
    }
    table = runner.invoke(app, ["eval", "geo", "--dataset", "geovirus"])
    assert "n/a" in table.output and "50.0" in table.output


def test_unknown_benchmark_is_a_clean_error() -> None:
    result = runner.invoke(app, ["eval", "nosuch"])
    assert result.exit_code == 2
    assert "unknown benchmark" in result.output
