"""Where an ingest's CPU goes, process by process: `python scripts/ingest_cpu_split.py WORKERS [CORPUS]`.

Why: `eventwire bench` says how fast a multi-worker ingest is against one worker; this says why, by
reading each process's CPU seconds from /proc (Linux) around one ingest of CORPUS (default build/geo.jsonl,
made by `python scripts/geo_corpus.py ../shared/data/geo build/geo.jsonl`) into a fresh SQLite database,
after the pool has loaded its models. Prints the wall seconds, the CPU seconds of every process (the main
one first, then the forkserver and the workers), their sum, and the share of the cores busy (sum / (workers
x wall)); on one worker everything runs in the main process.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from eventwire import pipeline
from eventwire.bench import _tree_pids
from eventwire.settings import Settings
from eventwire.store import open_store
from eventwire.workers import ExtractionPool


def cpu_seconds(pid: str) -> float:
    """utime + stime of one process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


def main() -> None:
    workers = int(sys.argv[1])
    corpus = Path(sys.argv[2] if len(sys.argv) > 2 else "build/geo.jsonl")
    settings = Settings.from_env().model_copy(update={"prefilter": True})
    with tempfile.TemporaryDirectory() as tmp, ExtractionPool(workers) as pool:
        pipeline.load_models()
        store = open_store(f"sqlite:///{tmp}/split.db")
        before = {pid: cpu_seconds(pid) for pid in _tree_pids()}
        start = time.perf_counter()
        pipeline.ingest([corpus], store, settings, pool=pool)
        wall = time.perf_counter() - start
        spent = {pid: round(cpu_seconds(pid) - before.get(pid, 0.0), 2) for pid in _tree_pids()}
        store.close()
    total = sum(spent.values())
    busy = 100 * total / (max(workers, 1) * wall)
    print(f"workers {workers}  wall {wall:.2f} s  CPU {total:.2f} s  busy {busy:.1f} %  per process {spent}")


if __name__ == "__main__":
    main()
