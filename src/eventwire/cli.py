"""The `eventwire` command: a thin shell that parses options, calls one library function, prints the result.

Library errors (eventwire.errors) are translated here into one-line messages with a fix-it hint; nothing
below this module prints.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from eventwire.errors import EventwireError
from eventwire.settings import Settings

app = typer.Typer(
    name="eventwire",
    help="Turn news reports of political violence into an event database, every field tied to its evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
# Piped output is not wrapped at 80 columns: a reason or a table row stays on one line for grep and logs.
_PIPED_WIDTH = 200
out = Console(width=None if sys.stdout.isatty() else _PIPED_WIDTH)
err = Console(stderr=True, width=None if sys.stderr.isatty() else _PIPED_WIDTH)


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"
    parquet = "parquet"


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (default $EVENTWIRE_DB, else sqlite:///eventwire.db).", show_default=False
    ),
]
PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published", help="Publication date YYYY-MM-DD for inputs that carry none.", metavar="DATE"
    ),
]
OutletOption = Annotated[str | None, typer.Option("--outlet", help="Outlet name for inputs that carry none.")]
DataOption = Annotated[
    Path | None,
    typer.Option(help="Folder laid out like ../shared/data (default $EVENTWIRE_DATA, else ../shared/data)."),
]
UrlOption = Annotated[str | None, typer.Option("--url", help="URL for inputs that carry none.")]


def _lit(value: object) -> str:
    """A path, an article string or an error message for a rich print: shown as written, never as markup
    ("[binary]" in an install hint, "[red]" in a title, a folder named "a[1]")."""
    return escape(str(value))


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one clean line on stderr and exit status 2."""
    try:
        yield
    except EventwireError as exc:
        err.print(f"[bold red]error:[/] {_lit(exc)}")
        raise typer.Exit(2) from exc


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        err.print(f"[bold red]error:[/] {option} expects YYYY-MM-DD, got {_lit(repr(value))}")
        raise typer.Exit(2) from None


def _settings(**overrides: Any) -> Settings:
    """The settings of this run; a value a setting cannot take is one line and exit status 2."""
    try:
        return Settings.from_env(**overrides)
    except EventwireError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None


def _check_inputs(paths: list[Path]) -> None:
    """A usage error, before any work, when an input path given on the command line does not exist."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err.print(f"[bold red]error:[/] no such file or folder: {_lit(', '.join(missing))}")
        raise typer.Exit(2)


def _check_output(path: Path) -> None:
    """A usage error, before any work, when `--output` cannot be written: a folder, or in a missing one."""
    problem = None
    if path.is_dir():
        problem = "is a folder; give a file name"
    elif not path.parent.is_dir():
        problem = f"is in a folder that does not exist ({path.parent})"
    if problem:
        err.print(f"error: --output {path} {problem}", markup=False)
        raise typer.Exit(2)


def _one_of(value: str | None, choices: list[str], option: str) -> str | None:
    """`value` as spelled in `choices` (any case), or a usage error listing them: an unknown type or status
    would otherwise match nothing and look like an empty database."""
    if value is None:
        return None
    for choice in choices:
        if choice.lower() == value.strip().lower():
            return choice
    err.print(f"error: {option} {value!r} is not one of: {'; '.join(choices)}", markup=False)
    raise typer.Exit(2)


def _meta(published: str | None, outlet: str | None, url: str | None) -> Any:
    from eventwire.ingest import ArticleMeta

    return ArticleMeta(published=_date(published, "--published"), outlet=outlet, url=url)


def _open_store(settings: Settings, create: bool = False) -> Any:
    """The database of `settings`; only `ingest` and `demo` may create it (create=True)."""
    from eventwire.store import open_store

    return open_store(settings.db_url, create=create)


def _run_ingest(paths: list[Path], settings: Settings, meta: Any, retry_skipped: bool = False) -> Any:
    """Ingest with a live progress line; returns the IngestReport."""
    from eventwire import pipeline

    _check_inputs(paths)
    store = _open_store(settings, create=True)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("loading model", total=None)

        def advance(source: str) -> None:
            bar.update(task, advance=1, description=f"ingesting {_lit(Path(source.split('#')[0]).name)}")

        report = pipeline.ingest(paths, store, settings, meta, progress=advance, retry_skipped=retry_skipped)
    return report


def _print_report(report: Any, settings: Settings) -> int:
    from eventwire import pipeline

    out.print(
        f"stored {report.stored} article(s) with {report.events} event(s); "
        f"{report.duplicates} duplicate(s); {report.already_done} already ingested; "
        f"{report.retried} retried; {len(report.skipped)} skipped"
    )
    for warning in report.warnings:
        err.print(f"  [yellow]warning[/] {_lit(warning)}")
    for skipped in report.skipped:
        err.print(f"  [yellow]skipped[/] {_lit(skipped.source)}: {_lit(skipped.reason)}")
    out.print(f"database: {settings.db_url}", markup=False)
    return pipeline.exit_code(len(report.skipped))


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders (txt, html, jsonl, rss/atom, warc; .gz too).")
    ],
    db: DbOption = None,
    published: PublishedOption = None,
    outlet: OutletOption = None,
    url: UrlOption = None,
    max_bytes: Annotated[
        int | None, typer.Option(help="Skip inputs with more text than this (bytes).")
    ] = None,
    retry_skipped: Annotated[
        bool,
        typer.Option(
            "--retry-skipped",
            help="Read again every input skipped before, whatever the reason (not only those that can pass).",
        ),
    ] = False,
) -> None:
    """Read reports into the database: clean, extract events, store. Safe to re-run; resumes where it stopped.

    A re-run passes over what is stored and retries inputs skipped for a reason that can pass (unreadable,
    too-large, over-budget, extract-failed); --retry-skipped retries every skipped input.

    Exit status: 0 all stored, 1 some inputs skipped (reasons listed), 2 usage or configuration error.
    """
    settings = _settings(db_url=db, max_text_bytes=max_bytes)
    with _errors():
        report = _run_ingest(paths, settings, _meta(published, outlet, url), retry_skipped)
        raise typer.Exit(_print_report(report, settings))


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Report files (any format `ingest` reads).")],
    published: PublishedOption = None,
    outlet: OutletOption = None,
    url: UrlOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.json,
) -> None:
    """Print the events of the given reports, without any database (JSON: one array of event records)."""
    from eventwire import export, pipeline

    settings = _settings()
    _check_inputs(files)
    with _errors():
        events, skipped = pipeline.extract_files(files, settings, _meta(published, outlet, url))
        export.write_events(events, fmt.value, sys.stdout)
    for item in skipped:
        err.print(f"skipped {item.source}: {item.reason}", markup=False)
    raise typer.Exit(pipeline.exit_code(len(skipped)))


@app.command()
def events(
    db: DbOption = None,
    type: Annotated[str | None, typer.Option("--type", help="ACLED event type, e.g. 'Battles'.")] = None,
    sub_type: Annotated[str | None, typer.Option("--sub-type", help="ACLED sub-event type.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor name (substring, any case).")] = None,
    country: Annotated[str | None, typer.Option(help="Country: ISO code (IQ) or name (Iraq).")] = None,
    since: Annotated[str | None, typer.Option(help="Events ending on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events starting on or before YYYY-MM-DD.")] = None,
    text: Annotated[str | None, typer.Option(help="Words in the summary or evidence.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", help="Output format.")] = QueryFormat.table,
    output: Annotated[Path | None, typer.Option(help="Write to this file (required for parquet).")] = None,
) -> None:
    """Query the stored events."""
    from eventwire import export
    from eventwire.models import EVENT_TYPES, SUB_EVENT_PARENT
    from eventwire.store import EventFilter

    settings = _settings(db_url=db)
    flt = EventFilter(
        type=_one_of(type, list(EVENT_TYPES), "--type"),
        sub_type=_one_of(sub_type, list(SUB_EVENT_PARENT), "--sub-type"),
        actor=actor,
        country=country,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        text=text,
        limit=limit,
    )
    if output is not None:
        _check_output(output)
    with _errors():
        found = _open_store(settings).query_events(flt)
        if fmt is QueryFormat.table:
            _print_table(found)
        elif fmt is QueryFormat.parquet:
            if output is None:
                err.print("[bold red]error:[/] parquet is binary: give --output FILE.parquet")
                raise typer.Exit(2)
            export.write_events(found, "parquet", output)
        elif output is not None:
            with output.open("w", encoding="utf-8", newline="") as fh:
                export.write_events(found, fmt.value, fh)
        else:
            export.write_events(found, fmt.value, sys.stdout)


def _print_table(found: list[Any]) -> None:
    table = Table(show_lines=False)
    for column in ("date", "sub-event type", "status", "place", "actors", "killed", "summary"):
        table.add_column(column, overflow="fold")
    for ev in found:
        killed = ev.fatalities.killed
        cells = (
            str(ev.date.start or "?"),
            ev.sub_event_type,
            ev.status,
            ", ".join(x for x in (ev.location.name, ev.location.country) if x) or "?",
            "; ".join(f"{a.name} ({a.role})" for a in ev.actors[:3]),
            ""
            if killed.low is None and killed.best is None
            else str(killed.best if killed.best is not None else f"≥{killed.low}"),
            ev.summary,
        )
        table.add_row(*(Text(cell) for cell in cells))  # article strings, never markup
    out.print(table)
    out.print(f"{len(found)} event(s)")


def _print_summary(stats: dict[str, Any]) -> None:
    out.print(
        f"[bold]{stats.get('articles', 0)}[/] articles, [bold]{stats.get('events', 0)}[/] incidents, "
        f"[bold]{stats.get('killed', 0)}[/] killed, [bold]{stats.get('wounded', 0)}[/] wounded"
    )
    for title, key in (("Incidents by type", "by_type"), ("Incidents by country", "by_country")):
        table = Table(title=title)
        table.add_column(title.split()[-1])
        table.add_column("incidents", justify="right")
        for name, count in sorted(stats.get(key, {}).items(), key=lambda kv: (-kv[1], str(kv[0]))):
            table.add_row(Text(str(name or "unknown")), str(count))
        out.print(table)


@app.command()
def summary(db: DbOption = None) -> None:
    """Counts of the stored incidents by type and country, fatalities and skipped inputs."""
    settings = _settings(db_url=db)
    with _errors():
        _print_summary(_open_store(settings).stats())


@app.command("log")
def ingest_log(
    db: DbOption = None,
    status: Annotated[str | None, typer.Option(help="Only stored, duplicate, skipped or failed.")] = None,
    limit: Annotated[int, typer.Option(help="Newest entries shown.")] = 50,
) -> None:
    """Show the ingest log: every input, what happened to it, and why it was skipped."""
    from eventwire.store.base import LOG_STATUSES

    status = _one_of(status, list(LOG_STATUSES), "--status")
    settings = _settings(db_url=db)
    with _errors():
        rows = _open_store(settings).ingest_log(limit=None)
    rows = [r for r in rows if status is None or r["status"] == status][-limit:]
    table = Table()
    for column in ("time", "status", "source", "reason"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            str(row["time"])[:19], row["status"], Text(row["source"]), Text(row.get("reason") or "")
        )
    out.print(table)


@app.command()
def demo(
    folder: Annotated[Path, typer.Argument(help="Folder of reports.")] = Path("examples"),
    db: DbOption = None,
) -> None:
    """Ingest the bundled examples and print what came out: the `make demo` job."""
    settings = _settings(db_url=db or "sqlite:///demo/eventwire.db")
    if settings.db_url.startswith("sqlite:///") and not settings.db_url.endswith(":memory:"):
        Path(settings.db_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    with _errors():
        report = _run_ingest([folder], settings, _meta(None, None, None))
        _print_report(report, settings)
        _print_summary(_open_store(settings).stats())
    out.print("\nNext:")
    out.print(
        f"  eventwire events --db {settings.db_url}                 # the incidents, one per row",
        markup=False,
    )
    out.print(
        f"  eventwire events --db {settings.db_url} --format csv    # ACLED-style columns", markup=False
    )
    out.print(
        f"  eventwire log --db {settings.db_url} --status skipped   # why inputs were skipped", markup=False
    )
    out.print("  eventwire extract FILE --published 2020-03-16 --format json")


@app.command("eval")
def evaluate(
    name: Annotated[str, typer.Argument(help="reports, seeds, muc4, wikievents, satp, ipe, geo or scope.")],
    split: Annotated[str, typer.Option(help="Data split.")] = "dev",
    data: DataOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    dataset: Annotated[
        str | None, typer.Option(help="geo and scope only: lgl, trnews, geovirus or gwn.")
    ] = None,
    predictions: Annotated[Path | None, typer.Option(help="muc4 only: score a GTT-format file.")] = None,
    slots: Annotated[
        str | None, typer.Option(help="muc4 only: accuracy of these key slots instead (date,location).")
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option(
            help="muc4 only: learned (the MUC-4 role filler, default) or extractor (eventwire's events)."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
) -> None:
    """Score eventwire on a benchmark; metrics in percent."""
    import eventwire.eval

    options = {
        k: v
        for k, v in {
            "dataset": dataset,
            "predictions": predictions,
            "slots": slots,
            "engine": engine,
            "limit": limit,
        }.items()
        if v is not None
    }
    with _errors():
        result = eventwire.eval.run(name, data or _settings().data_dir, split, **options)
    if as_json:
        typer.echo(_to_json(result))
        return
    table = Table(title=f"{result['dataset']} ({result['split']})")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in result["metrics"].items():
        table.add_row(key, _metric(value))
    out.print(table)


def _to_json(result: dict[str, Any]) -> str:
    """Strict JSON for machines: a NaN metric (one the data set cannot give) becomes null."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, float) and math.isnan(value):
            return None
        return value

    return json.dumps(clean(result), default=str, allow_nan=False)


def _metric(value: Any) -> str:
    """A metric for the table: one decimal; NaN (a metric the data set cannot give) as n/a."""
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.1f}"
    return str(value)


@app.command()
def train(
    name: Annotated[str, typer.Argument(help="Which model: satp, ipe or muc4.")],
    data: DataOption = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Where the weights go (default: the package).")
    ] = None,
) -> None:
    """Train a shipped model from the train split, reproducibly (fixed seeds)."""
    from eventwire import train as training

    with _errors():
        result = training.train(name, data or _settings().data_dir, out_dir)
    typer.echo(_to_json(result))


@app.command()
def bench(
    data: DataOption = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    lengths: Annotated[
        bool,
        typer.Option("--lengths", help="Instead: seconds per 100 KB of one 10 KB, 100 KB and 1 MB article."),
    ] = False,
) -> None:
    """Speed and memory of the whole extraction beside a bare spaCy pass over the same texts."""
    from eventwire import bench as benchmark

    with _errors():
        data_dir = data or _settings().data_dir
        if lengths:
            result = benchmark.run_lengths(data_dir)
        else:
            result = benchmark.run_bench(data_dir, limit=limit)
    if as_json:
        typer.echo(_to_json(result))
        return
    for key, value in result.items():
        out.print(f"{key:>28}: {value:.2f}" if isinstance(value, float) else f"{key:>28}: {value}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
