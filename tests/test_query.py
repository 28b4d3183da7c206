"""The one filter parser of the CLI and the API: what it accepts, and how it refuses what cannot match."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from conftest import fill_store
from eventwire.cli import app
from eventwire.query import FILTERS, FilterError, parse_filter
from eventwire.store import EventFilter, open_store


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, EventFilter()),
        ({"type": "battles", "sub_type": "armed CLASH"}, EventFilter(type="Battles", sub_type="Armed clash")),
        ({"status": "Claimed"}, EventFilter(status="claimed")),
        ({"country": "Iraq"}, EventFilter(country="IQ")),
        ({"country": "irq"}, EventFilter(country="IQ")),
        ({"bbox": "-10, 30, 50, 40"}, EventFilter(bbox=(-10.0, 30.0, 50.0, 40.0))),
        ({"since": "2020-03-01", "until": ""}, EventFilter(since=date(2020, 3, 1))),
        (
            {"min_fatalities": 3, "limit": "10", "offset": "5"},
            EventFilter(min_fatalities=3, limit=10, offset=5),
        ),
        ({"min_confidence": "0.5", "text": " rocket "}, EventFilter(min_confidence=0.5, text="rocket")),
    ],
)
def test_accepted(params: dict, expected: EventFilter) -> None:
    assert parse_filter(params) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"type": "Batles"}, "type"),
        ({"type": "Riots", "sub_type": "Armed clash"}, "sub_type"),  # a sub-type of another type
        ({"status": "done"}, "status"),
        ({"country": "Narnia"}, "country"),
        ({"bbox": "0,10,20"}, "bbox"),
        ({"bbox": "0,50,20,10"}, "bbox"),  # south above north
        ({"since": "2020-13-01"}, "since"),
        ({"since": "2020-03-02", "until": "2020-03-01"}, "until"),
        ({"min_fatalities": "-1"}, "min_fatalities"),
        ({"min_confidence": "high"}, "min_confidence"),
        ({"limit": "0"}, "limit"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_refused(params: dict, field: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse_filter(params)
    assert [p.field for p in caught.value.problems] == [field]


def test_stored_values_are_checked_when_the_store_is_given(tmp_path) -> None:  # noqa: ANN001
    store = open_store(f"sqlite:///{tmp_path / 'q.db'}")
    fill_store(store)
    assert parse_filter({"admin1": "KIRKUK", "actor": "hashd"}, store).admin1 == "KIRKUK"
    with pytest.raises(FilterError):  # LIKE wildcards are literal: no stored actor contains "%"
        parse_filter({"actor": "%"}, store)
    with pytest.raises(FilterError) as caught:
        parse_filter({"admin1": "Kirkuk province", "actor": "Hizbullah"}, store)
    admin1, actor = caught.value.problems
    assert admin1.allowed[0] == "Kirkuk" and "Nineveh" in admin1.allowed
    assert actor.allowed[0].startswith("Kata")


def test_every_filter_is_an_option_of_events() -> None:
    result = CliRunner().invoke(app, ["events", "--help"], terminal_width=200)
    for name in FILTERS:
        assert f"--{name.replace('_', '-')}" in result.output


def test_cli_refuses_as_the_api_does(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    fill_store(open_store(url))
    runner = CliRunner()
    refused = runner.invoke(app, ["events", "--db", url, "--type", "Batles", "--admin1", "Narnia"])
    assert refused.exit_code == 2
    assert "unknown type 'Batles'; allowed: Battles" in refused.output
    assert "no stored admin1 matches 'Narnia'" in refused.output
    found = runner.invoke(app, ["events", "--db", url, "--admin1", "kirkuk", "--format", "jsonl"])
    assert found.exit_code == 0 and '"ev-daquq-ied"' in found.output and found.output.count("\n") == 1
    boxed = runner.invoke(
        app, ["events", "--db", url, "--bbox", "43,35,45,37", "--min-fatalities", "3", "--format", "jsonl"]
    )
    assert [line[:20] for line in boxed.output.splitlines()] == ['{"id": "ev-hostile",']


def test_events_table_prints_article_words_literally_and_marks_corrections(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 't.db'}"
    store = open_store(url)
    fill_store(store)
    store.add_correction("ev-hostile", "summary", "Clash at [bold]Mosul[/bold] checkpoint", "rich markup")
    result = CliRunner().invoke(app, ["events", "--db", url, "--sub-type", "armed clash"], terminal_width=400)
    assert result.exit_code == 0
    assert "Clash at [bold]Mosul[/bold] checkpoint" in result.output  # printed as written, not as markup
    assert "[corrected:" in result.output and "summary]" in result.output  # the cell may fold
