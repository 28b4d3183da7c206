"""`eventwire spark` in local mode (SPARK_LOCAL_IP=127.0.0.1): the same database as `ingest` of the same
inputs, from JSON Lines, Parquet and WARC shards, with events written as Parquet partitioned by month."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from eventwire import pipeline
from eventwire.settings import Settings
from eventwire.store import open_store

pytest.importorskip("pyspark", reason="eventwire spark needs pyspark (requirements.lock pins it)")
FORMATS = Path(__file__).parent / "data" / "ingest" / "formats"


def _shards(shared: Path, folder: Path) -> Path:
    """Two JSON Lines shards, one Parquet shard (MUC-4 dev reports) and a WARC archive."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with (shared / "data" / "muc4" / "dev.json").open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh][:15]
    records = [
        {"id": d["docid"], "text": d["doctext"], "published": f"1990-0{1 + i % 3}-15", "outlet": "FBIS"}
        for i, d in enumerate(docs)
    ]
    folder.mkdir()
    for k in range(2):
        lines = "".join(json.dumps(r) + "\n" for r in records[k * 5 : (k + 1) * 5])
        (folder / f"shard{k}.jsonl").write_text(lines, encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(records[10:]), folder / "shard2.parquet")
    shutil.copy(FORMATS / "pages.warc.gz", folder / "shard3.warc.gz")
    return folder


def _dump(url: str) -> tuple[list[str], list[tuple[str, str]]]:
    with open_store(url) as store:
        events = sorted(json.dumps(e.model_dump(mode="json"), sort_keys=True) for e in store.query_events())
        log = sorted((r["source"], r["status"]) for r in store.ingest_log())
    return events, log


@pytest.mark.slow
@pytest.mark.parametrize("target", ["default", "postgresql"])
def test_spark_gives_the_same_events_as_ingest(
    shared_dir: Path, tmp_path: Path, target: str, request: pytest.FixtureRequest
) -> None:
    """Merged into the default store (OUTPUT/eventwire.db), then loaded into a real PostgreSQL server."""
    import pyarrow.parquet as pq

    from eventwire import spark

    shards = _shards(shared_dir, tmp_path / "in")
    settings = Settings.from_env(environ={}, workers=1)
    ingested = f"sqlite:///{tmp_path / 'ingest.db'}"
    pipeline.ingest([shards], open_store(ingested), settings)

    db = request.getfixturevalue("postgres").new_database() if target == "postgresql" else None
    report = spark.run([shards], tmp_path / "out", settings, cores=2, db_url=db)
    assert (report.shards, report.articles) == (4, 16)  # 15 reports + the WARC's one English page
    assert _dump(db or f"sqlite:///{tmp_path / 'out' / 'eventwire.db'}") == _dump(ingested)

    events = pq.read_table(tmp_path / "out" / "events").to_pylist()
    assert len(events) == report.events > 0
    months = {p.name for p in (tmp_path / "out" / "events").iterdir() if p.is_dir()}
    assert months >= {"month=1990-01"} and all(m.startswith("month=") for m in months)
    assert {e["month"] for e in events} == {m.removeprefix("month=") for m in months}
    assert pq.read_table(tmp_path / "out" / "articles").num_rows == 16
    assert pq.read_table(tmp_path / "out" / "incidents.parquet").num_rows == report.incidents
