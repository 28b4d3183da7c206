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
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        help="Extraction processes (default $EVENTWIRE_WORKERS, else one per available core).",
        min=1,
        show_default=False,
    ),
]
PrefilterOption = Annotated[
    bool | None,
    typer.Option(
        "--prefilter/--no-prefilter",
        help="Skip the spaCy pass for articles with no sign of political violence (default: on).",
        show_default=False,
    ),
]


def _lit(value: object) -> str:
    """A path, an article string or an error message for a rich print: shown as written, never as markup
    ("[binary]" in an install hint, "[red]" in a title, a folder named "a[1]")."""
    return escape(str(value))


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one clean line on stderr and exit status 2 (the message printed literally:
    it may quote an article's or a user's words, which are not rich markup)."""
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


def _one_of(value: str | None, choices: list[str], name: str) -> str | None:
    """`value` as spelled in `choices` (any case); a FilterError listing them otherwise, worded as the
    events filters' (eventwire.query): an unknown status would match nothing and look like an empty log."""
    from eventwire.query import FilterError, Problem

    if value is None:
        return None
    for choice in choices:
        if choice.casefold() == value.strip().casefold():
            return choice
    raise FilterError([Problem(name, value, f"unknown {name} {value!r}", choices)])


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
    workers: WorkersOption = None,
    prefilter: PrefilterOption = None,
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
    settings = _settings(db_url=db, max_text_bytes=max_bytes, workers=workers, prefilter=prefilter)
    with _errors():
        report = _run_ingest(paths, settings, _meta(published, outlet, url), retry_skipped)
        raise typer.Exit(_print_report(report, settings))


@app.command()
def watch(
    targets: Annotated[
        list[str],
        typer.Argument(
            help="Feeds (files or http(s) URLs) and folders to re-read.", metavar="FEED_OR_FOLDER..."
        ),
    ],
    every: Annotated[str, typer.Option(help="Time between rounds: 30s, 15m, 1h, 1d.")] = "15m",
    rounds: Annotated[
        int | None, typer.Option(help="Stop after this many rounds (default: until interrupted).", min=1)
    ] = None,
    db: DbOption = None,
    published: PublishedOption = None,
    outlet: OutletOption = None,
    prefilter: PrefilterOption = None,
) -> None:
    """Re-read feeds and folders every --every and ingest only what is new, with a log line per round.

    An entry is known by its content (and a feed entry by its guid or link), never by its position, so a
    refreshed feed loses no story and stores none twice. Stop with Ctrl-C; a restart resumes.

    Exit status (after --rounds, or Ctrl-C): 0 nothing skipped, 1 some inputs skipped, 2 usage error.
    """
    from eventwire import pipeline
    from eventwire import watch as watching

    settings = _settings(db_url=db, prefilter=prefilter)
    missing = [t for t in targets if not t.startswith(("http://", "https://")) and not Path(t).exists()]
    if missing:
        err.print(f"[bold red]error:[/] no such file or folder: {_lit(', '.join(missing))}")
        raise typer.Exit(2)
    skipped = 0
    with _errors():
        every_s = watching.parse_every(every)
        store = _open_store(settings, create=True)
        out.print(f"watching {len(targets)} source(s) every {every} into {settings.db_url}", markup=False)

        def log_round(done: Any) -> None:
            nonlocal skipped
            skipped += len(done.report.skipped)
            out.print(done.line(), markup=False)
            for warning in done.report.warnings:
                err.print(f"  warning {warning}", markup=False)
            for item in done.report.skipped:
                err.print(f"  skipped {item.source}: {item.reason}", markup=False)

        try:
            watching.watch(
                targets, store, settings, _meta(published, outlet, None), every_s, rounds, on_round=log_round
            )
        except KeyboardInterrupt:
            out.print("stopped; the next watch resumes from the database", markup=False)
    raise typer.Exit(pipeline.exit_code(skipped))


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

    settings = _settings(db_url=db)
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
    if output is not None:
        _check_output(output)
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

    settings = _settings(db_url=db)
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

    settings = _settings(db_url=db)
    with _errors():
        status = _one_of(status, list(LOG_STATUSES), "status")
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
    out.print("\nThe map dashboard on this data:")
    out.print(
        f"  eventwire serve --db {settings.db_url}     # then open http://127.0.0.1:8000/", markup=False
    )


@app.command()
def spark(
    inputs: Annotated[
        list[Path], typer.Argument(help="Shards: WARC, JSON Lines or Parquet files, or folders.")
    ],
    output: Annotated[Path, typer.Option(help="Folder for events/, articles/, incidents.parquet.")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Merge incidents into this database (default sqlite:///OUTPUT/eventwire.db)."
        ),
    ] = None,
    cores: Annotated[int | None, typer.Option(help="Local cores (default: all available).", min=1)] = None,
    master: Annotated[
        str | None, typer.Option(help="Spark master URL for a cluster (default local[CORES]).")
    ] = None,
    published: PublishedOption = None,
    outlet: OutletOption = None,
    prefilter: PrefilterOption = None,
) -> None:
    """Run the per-article pipeline on Spark: events as Parquet by month, incidents merged into a store.

    Exit status: 0 nothing skipped, 1 some inputs skipped, 2 usage or configuration error.
    """
    from eventwire import pipeline
    from eventwire import spark as spark_job

    _check_inputs(inputs)
    settings = _settings(prefilter=prefilter)
    with _errors():
        report = spark_job.run(
            inputs, output, settings, _meta(published, outlet, None), cores=cores, master=master, db_url=db
        )
    out.print(
        f"{report.shards} shard(s), {report.articles} article(s), {report.events} event(s) in "
        f"{report.map_seconds:.1f} s on {report.cores} core(s) ({report.articles_per_s:.1f} articles/s); "
        f"{report.incidents} incident(s) after merging ({report.merge_seconds:.1f} s); "
        f"{report.skipped} skipped",
        markup=False,
    )
    database = db or f"sqlite:///{output / 'eventwire.db'}"
    out.print(f"output: {output}; database: {database}", markup=False)
    raise typer.Exit(pipeline.exit_code(report.skipped))


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
    learned_mentions: Annotated[
        bool,
        typer.Option(
            "--learned-mentions",
            help="Benchmarks of the extractor's records: score it with the learned mention filter on "
            "(off by default; docs/models.md).",
        ),
    ] = False,
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
            "learned_mentions": learned_mentions or None,
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
    name: Annotated[
        str,
        typer.Argument(help="Which model: muc4 (role tagger), mentions (event-mention filter), satp or ipe."),
    ],
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
    corpus: Annotated[
        Path | None,
        typer.Option(
            help="Time the whole ingest of this JSON Lines file instead: with and without the prefilter, "
            "on --workers processes and on one.",
            metavar="FILE.jsonl",
        ),
    ] = None,
    workers: WorkersOption = None,
    repeat: Annotated[
        int,
        typer.Option(
            min=1,
            help="With --corpus: pairs of runs (--workers processes, then one) whose medians are reported; "
            "a shared machine's speed moves from minute to minute.",
        ),
    ] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    lengths: Annotated[
        bool,
        typer.Option("--lengths", help="Instead: seconds per 100 KB of one 10 KB, 100 KB and 1 MB article."),
    ] = False,
) -> None:
    """Speed and memory of the extraction beside a bare spaCy pass on the same texts (--corpus: of ingest)."""
    from eventwire import bench as benchmark
    from eventwire import pipeline

    with _errors():
        if corpus is not None:
            settings = _settings(workers=workers)
            result = benchmark.run_corpus_bench(
                corpus, pipeline.worker_count(settings), settings, repeat=repeat
            )
        elif lengths:
            result = benchmark.run_lengths(data or _settings().data_dir)
        else:
            result = benchmark.run_bench(data or _settings().data_dir, limit=limit)
    if as_json:
        typer.echo(_to_json(result))
        return
    for key, value in result.items():
        out.print(f"{key:>28}: {value:.2f}" if isinstance(value, float) else f"{key:>28}: {value}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
