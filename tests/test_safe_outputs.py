"""Safe outputs and clean refusals: formula cells neutralised, strings printed literally, read commands that
never create a database, one line and exit status 2 for every bad value."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import export
from eventwire.cli import app
from eventwire.incidents import merge_article
from eventwire.models import Actor, Event, Evidence, Location, Source
from eventwire.settings import Settings, SettingsError
from eventwire.store import open_store

runner = CliRunner()
ATTACKS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("cell", ATTACKS)
def test_a_formula_cell_is_neutralised(cell: str) -> None:
    assert export.safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("value", ["Baghdad", "", None, -77.03, 3, "a=b", "Kirkuk - north"])
def test_ordinary_cells_and_numbers_are_untouched(value: object) -> None:
    assert export.safe_cell(value) == value


def _hostile_event(attack: str) -> Event:
    return Event(
        id="ev1",
        event_type="Battles",
        sub_event_type="Armed clash",
        summary=attack,
        location=Location(name=attack, country="IQ", lat=33.3, lon=-44.4, precision="town"),
        actors=[Actor(name=attack, role="perpetrator")],
        evidence=[Evidence(article_id="a", start=0, end=5, text=attack)],
        sources=[Source(article_id="a", outlet=attack, url=attack)],
    )


@pytest.mark.parametrize("fmt", ["csv", "gtd"])
@pytest.mark.parametrize("attack", ATTACKS)
def test_every_csv_export_carries_no_formula(attack: str, fmt: str) -> None:
    buf = io.StringIO()
    export.write_events([_hostile_event(attack)], fmt, buf)
    [row] = list(csv.DictReader(io.StringIO(buf.getvalue())))
    for column, value in row.items():
        if column not in {"latitude", "longitude"}:
            assert not (value or "").startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
    assert row["longitude"] == "-44.4"  # a number stays a number


def test_markup_in_stored_strings_prints_literally(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'e.db'}"
    store = open_store(db)
    with store.batch():
        store.log("in/[red]a[1].txt", "skipped", "empty: [bold]x[/bold] <script>alert(1)</script>")
        merge_article(store, "a", [_hostile_event("[red]Kirkuk[/red] <b>x</b>")])
    store.close()
    log = runner.invoke(app, ["log", "--db", db])
    assert log.exit_code == 0, log.output
    assert "[red]a[1].txt" in log.output and "[bold]x[/bold] <script>" in log.output
    table = runner.invoke(app, ["events", "--db", db])
    assert "[red]Kirkuk[/red] <b>x</b>" in table.output


@pytest.mark.parametrize("attack", ATTACKS[:3])
def test_the_events_command_csv_carries_no_formula(tmp_path: Path, attack: str) -> None:
    db = f"sqlite:///{tmp_path / 'e.db'}"
    store = open_store(db)
    with store.batch():
        merge_article(store, "a", [_hostile_event(attack)])
    store.close()
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["events", "--db", db, "--format", "csv", "--output", str(out)])
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(out.open(encoding="utf-8")))
    texts = {k: v for k, v in row.items() if k not in {"latitude", "longitude"}}
    assert attack in "".join(texts.values())  # the text is kept ...
    assert not any(v.startswith(("=", "+", "-", "@")) for v in texts.values())  # ... never as a formula


@pytest.mark.parametrize("command", [["summary"], ["events"], ["log"], ["events", "--format", "csv"]])
def test_read_commands_never_create_a_database(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo" / "events.db"
    result = runner.invoke(app, [*command, "--db", f"sqlite:///{missing}"])
    assert result.exit_code == 2
    assert str(missing) in result.output and "no database" in result.output
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"EVENTWIRE_MAX_BYTES": "abc"}, "EVENTWIRE_MAX_BYTES"),
        ({"EVENTWIRE_MAX_BYTES": "10MB"}, "EVENTWIRE_MAX_BYTES"),
        ({"EVENTWIRE_MAX_BYTES": "-5"}, "EVENTWIRE_MAX_BYTES"),
        ({"EVENTWIRE_ARTICLE_SECONDS": "soon"}, "EVENTWIRE_ARTICLE_SECONDS"),
        ({"EVENTWIRE_BATCH_SIZE": "0"}, "EVENTWIRE_BATCH_SIZE"),
        ({"EVENTWIRE_MIN_ENGLISH": "2"}, "EVENTWIRE_MIN_ENGLISH"),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_2(tmp_path: Path, env: dict[str, str], name: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(environ=env)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "a.txt"), "--db", f"sqlite:///{tmp_path / 'e.db'}"], env=env
    )
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and name in lines[0]
    assert "Traceback" not in result.output and not (tmp_path / "e.db").exists()


def test_a_bad_option_value_is_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(tmp_path), "--max-bytes", "-1", "--db", f"sqlite:///{tmp_path}/e.db"]
    )
    assert result.exit_code == 2 and "max_text_bytes" in result.output


@pytest.fixture()
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'e.db'}"
    open_store(url).close()
    return url


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--type", "Battle"],
        ["events", "--sub-type", "Armed clashes"],
        ["log", "--status", "stored,skipped"],
        ["log", "--status", "ok"],
    ],
)
def test_unknown_filter_values_are_errors_not_empty_answers(db: str, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 2 and "; allowed: " in result.output


def test_known_filter_values_in_any_case_are_accepted(db: str) -> None:
    assert runner.invoke(app, ["events", "--type", "battles", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["log", "--status", "Skipped", "--db", db]).exit_code == 0


@pytest.mark.parametrize("where", ["folder", "missing/out.csv"])
def test_output_paths_are_checked_before_any_work(db: str, tmp_path: Path, where: str) -> None:
    (tmp_path / "folder").mkdir()
    result = runner.invoke(app, ["events", "--db", db, "--format", "csv", "--output", str(tmp_path / where)])
    assert result.exit_code == 2 and "--output" in result.output and "Traceback" not in result.output


# The PostgreSQL driver's install hint keeps its "[binary]": test_store.test_missing_driver_hint_prints_whole
# (with the driver hidden, since make install installs it).


def test_an_unsupported_database_is_one_line() -> None:
    result = runner.invoke(app, ["summary", "--db", "mysql://x/y"])
    assert result.exit_code == 2 and "mysql" in result.output


def test_a_path_with_brackets_prints_literally(tmp_path: Path) -> None:
    missing = tmp_path / "[bold]a[1]" / "x.txt"
    result = runner.invoke(app, ["ingest", str(missing), "--db", f"sqlite:///{tmp_path / 'e.db'}"])
    assert result.exit_code == 2 and str(missing) in result.output


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_a_missing_input_is_a_usage_error(tmp_path: Path, command: str) -> None:
    result = runner.invoke(
        app,
        [command, str(tmp_path / "nope.txt"), "--db", f"sqlite:///{tmp_path / 'e.db'}"][
            : 2 if command == "extract" else 4
        ],
    )
    assert result.exit_code == 2 and "nope.txt" in result.output
    assert not (tmp_path / "e.db").exists()


def test_a_read_only_server_never_creates_a_database(tmp_path: Path) -> None:
    from eventwire.api import create_app
    from eventwire.errors import StoreError

    missing = tmp_path / "typo" / "e.db"
    with pytest.raises(StoreError, match="no database"):
        create_app(Settings(db_url=f"sqlite:///{missing}", api_token=None))
    assert not missing.parent.exists()
