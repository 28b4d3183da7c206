"""`make demo` (`eventwire demo examples --db sqlite:///demo/eventwire.db`) ends by saying how to open the
dashboard on the data it just built, and every export format reads that database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.mark.slow
def test_demo_ends_with_the_dashboard_command_and_its_data_exports(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo' / 'eventwire.db'}"
    result = runner.invoke(app, ["demo", str(REPO / "examples"), "--db", url])
    assert result.exit_code == 0, result.output
    last = [line for line in result.output.splitlines() if line.strip()][-1]
    assert last.strip().startswith(f"eventwire serve --db {url}")
    assert "http://127.0.0.1:8000/" in last

    acled = runner.invoke(app, ["events", "--db", url, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(acled.output)))
    assert rows and all(r["event_id_cnty"][:3].isalpha() and r["event_id_cnty"][3:].isdigit() for r in rows)
    gtd = runner.invoke(app, ["events", "--db", url, "--format", "gtd"])
    assert len(list(csv.DictReader(io.StringIO(gtd.output)))) == len(rows)
    geojson = runner.invoke(app, ["events", "--db", url, "--format", "geojson"])
    assert len(json.loads(geojson.output)["features"]) == len(rows)
