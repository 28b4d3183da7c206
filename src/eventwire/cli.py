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
    gtd = "gtd"
    geojson = "geojson"


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    gtd = "gtd"
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


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one clean line on stderr and exit status 2 (the message printed literally:
    it may quote an article's or a user's words, which are not rich markup)."""
    try:
        yield
    except EventwireError as exc:
        err.print("[bold red]error:[/] " + escape(str(exc)))
        raise typer.Exit(2) from exc


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        err.print(f"[bold red]error:[/] {option} expects YYYY-MM-DD, got {value!r}")
        raise typer.Exit(2) from None


def _meta(published: str | None, outlet: str | None, url: str | None) -> Any:
    from eventwire.ingest import ArticleMeta

    return ArticleMeta(published=_date(published, "--published"), outlet=outlet, url=url)


def _open_store(settings: Settings) -> Any:
    from eventwire.store import open_store

    return open_store(settings.db_url)


def _run_ingest(paths: list[Path], settings: Settings, meta: Any) -> Any:
    """Ingest with a live progress line; returns the IngestReport."""
    from eventwire import pipeline

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err.print(f"[bold red]error:[/] no such file or folder: {', '.join(missing)}")
        raise typer.Exit(2)
    store = _open_store(settings)
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
            bar.update(task, advance=1, description=f"ingesting {Path(source.split('#')[0]).name}")

        report = pipeline.ingest(paths, store, settings, meta, progress=advance)
    return report


def _print_report(report: Any, settings: Settings) -> int:
    from eventwire import pipeline

    out.print(
        f"stored {report.stored} article(s) with {report.events} event(s); "
        f"{report.duplicates} duplicate(s); {report.already_done} already ingested; "
        f"{len(report.skipped)} skipped"
    )
    for skipped in report.skipped:
        err.print(f"  [yellow]skipped[/] {skipped.source}: {skipped.reason}")
    out.print(f"database: {settings.db_url}")
    total = report.stored + report.duplicates + len(report.skipped)
    return pipeline.exit_code(len(report.skipped), total)


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
) -> None:
    """Read reports into the database: clean, extract events, store. Safe to re-run; resumes where it stopped.

    Exit status: 0 all stored, 1 some inputs skipped (reasons listed), 126 nearly all skipped, 2 usage error.
    """
    settings = Settings.from_env(db_url=db, max_text_bytes=max_bytes)
    with _errors():
        report = _run_ingest(paths, settings, _meta(published, outlet, url))
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

    settings = Settings.from_env()
    with _errors():
        events, skipped = pipeline.extract_files(files, settings, _meta(published, outlet, url))
        export.write_events(events, fmt.value, sys.stdout)
    for item in skipped:
        err.print(f"skipped {item.source}: {item.reason}")
    raise typer.Exit(pipeline.exit_code(len(skipped), len(skipped) + 1) if skipped else 0)


def _filter_option(name: str, metavar: str | None = None) -> Any:
    from eventwire.query import FILTERS

    return typer.Option(
        f"--{name.replace('_', '-')}", help=FILTERS[name], metavar=metavar, show_default=False
    )


@app.command()
def events(
    db: DbOption = None,
    type: Annotated[str | None, _filter_option("type")] = None,
    sub_type: Annotated[str | None, _filter_option("sub_type")] = None,
    status: Annotated[str | None, _filter_option("status")] = None,
    actor: Annotated[str | None, _filter_option("actor")] = None,
    country: Annotated[str | None, _filter_option("country")] = None,
    admin1: Annotated[str | None, _filter_option("admin1")] = None,
    bbox: Annotated[str | None, _filter_option("bbox", "W,S,E,N")] = None,
    since: Annotated[str | None, _filter_option("since", "DATE")] = None,
    until: Annotated[str | None, _filter_option("until", "DATE")] = None,
    min_fatalities: Annotated[str | None, _filter_option("min_fatalities", "N")] = None,
    max_fatalities: Annotated[str | None, _filter_option("max_fatalities", "N")] = None,
    min_confidence: Annotated[str | None, _filter_option("min_confidence", "X")] = None,
    text: Annotated[str | None, _filter_option("text")] = None,
    limit: Annotated[str | None, _filter_option("limit", "N")] = None,
    offset: Annotated[str | None, _filter_option("offset", "N")] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", help="Output format.")] = QueryFormat.table,
    output: Annotated[Path | None, typer.Option(help="Write to this file (required for parquet).")] = None,
) -> None:
    """Query the stored events. A filter value that cannot match (a misspelt type, an unknown country or
    region) is refused with the values that would work, exactly as the API refuses it."""
    from eventwire import export
    from eventwire.query import parse_filter

    settings = Settings.from_env(db_url=db)
    raw = {
        "type": type,
        "sub_type": sub_type,
        "status": status,
        "actor": actor,
        "country": country,
        "admin1": admin1,
        "bbox": bbox,
        "since": since,
        "until": until,
        "min_fatalities": min_fatalities,
        "max_fatalities": max_fatalities,
        "min_confidence": min_confidence,
        "text": text,
        "limit": limit,
        "offset": offset,
    }
    with _errors():
        store = _open_store(settings)
        flt = parse_filter(raw, store)
        found = store.query_events(flt)
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


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (OpenAPI spec at /api/openapi.json) and the map dashboard at http://HOST:PORT/.

    Read-only unless EVENTWIRE_API_TOKEN is set: then ingesting an article and correcting a field need the
    header 'Authorization: Bearer TOKEN'.
    """
    import uvicorn

    from eventwire.api import create_app

    settings = Settings.from_env(db_url=db)
    with _errors():
        application = create_app(settings)
    mode = "writes need the API token" if settings.api_token else "read-only (no EVENTWIRE_API_TOKEN)"
    err.print(f"dashboard: http://{host}:{port}/  ·  API: /api/openapi.json  ·  {mode}", markup=False)
    err.print(f"database: {settings.db_url}", markup=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


def _print_table(found: list[Any]) -> None:
    table = Table(show_lines=False)
    for column in ("date", "sub-event type", "status", "place", "actors", "killed", "summary"):
        table.add_column(column, overflow="fold")
    for ev in found:
        killed = ev.fatalities.killed
        corrected = f" [corrected: {', '.join(c.field for c in ev.corrections)}]" if ev.corrections else ""
        cells = (
            str(ev.date.start or "?"),
            ev.sub_event_type,
            ev.status,
            ", ".join(x for x in (ev.location.name, ev.location.country) if x) or "?",
            "; ".join(f"{a.name} ({a.role})" for a in ev.actors[:3]),
            ""
            if killed.low is None and killed.best is None
            else str(killed.best if killed.best is not None else f"≥{killed.low}"),
            ev.summary + corrected,
        )
        table.add_row(*(Text(cell) for cell in cells))  # article words, printed literally (never markup)
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
            table.add_row(str(name or "unknown"), str(count))
        out.print(table)


@app.command()
def summary(db: DbOption = None) -> None:
    """Counts of the stored incidents by type and country, fatalities and skipped inputs."""
    settings = Settings.from_env(db_url=db)
    with _errors():
        _print_summary(_open_store(settings).stats())


@app.command("log")
def ingest_log(
    db: DbOption = None,
    status: Annotated[str | None, typer.Option(help="Only stored, duplicate, skipped or failed.")] = None,
    limit: Annotated[int, typer.Option(help="Newest entries shown.")] = 50,
) -> None:
    """Show the ingest log: every input, what happened to it, and why it was skipped."""
    settings = Settings.from_env(db_url=db)
    with _errors():
        rows = _open_store(settings).ingest_log(limit=None)
    rows = [r for r in rows if status is None or r["status"] == status][-limit:]
    table = Table()
    for column in ("time", "status", "source", "reason"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(str(row["time"])[:19], row["status"], row["source"], row.get("reason") or "")
    out.print(table)


@app.command()
def demo(
    folder: Annotated[Path, typer.Argument(help="Folder of reports.")] = Path("examples"),
    db: DbOption = None,
) -> None:
    """Ingest the bundled examples and print what came out: the `make demo` job."""
    settings = Settings.from_env(db_url=db or "sqlite:///demo/eventwire.db")
    if settings.db_url.startswith("sqlite:///") and not settings.db_url.endswith(":memory:"):
        Path(settings.db_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    with _errors():
        report = _run_ingest([folder], settings, _meta(None, None, None))
        _print_report(report, settings)
        _print_summary(_open_store(settings).stats())
    out.print("\nNext:")
    out.print(f"  eventwire events --db {settings.db_url}                 # the incidents, one per row")
    out.print(f"  eventwire events --db {settings.db_url} --format csv    # ACLED-style columns")
    out.print(f"  eventwire log --db {settings.db_url} --status skipped   # why inputs were skipped")
    out.print("  eventwire extract FILE --published 2020-03-16 --format json")
    out.print("\nThe map dashboard on this data:")
    out.print(
        f"  eventwire serve --db {settings.db_url}     # then open http://127.0.0.1:8000/", markup=False
    )


@app.command("eval")
def evaluate(
    name: Annotated[
        str, typer.Argument(help="reports, seeds, muc4, wikievents, satp, ipe, geo, scope or incidents.")
    ],
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
            help="muc4 only: extractor (the product, default); ablations: rules (learned roles off) or "
            "rolefill (the learned role component alone, with its own template decoder)."
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
        result = eventwire.eval.run(name, data or Settings.from_env().data_dir, split, **options)
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
        result = training.train(name, data or Settings.from_env().data_dir, out_dir)
    typer.echo(_to_json(result))


@app.command()
def bench(
    data: DataOption = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Speed and memory of the whole extraction beside a bare spaCy pass over the same texts."""
    from eventwire import bench as benchmark

    with _errors():
        result = benchmark.run_bench(data or Settings.from_env().data_dir, limit=limit)
    if as_json:
        typer.echo(_to_json(result))
        return
    for key, value in result.items():
        out.print(f"{key:>28}: {value:.2f}" if isinstance(value, float) else f"{key:>28}: {value}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
