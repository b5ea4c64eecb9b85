"""Benchmark runner: medians of repeated runs and ratios measured in the same run.

Usage::

    python -m benchmarks.run [--sizes S,M,L] [--repeat 3] [--only import]

Each benchmark times lcii-graph against a baseline doing the same raw work in
the same process, alternating the two so that a noisy, shared machine slows
both alike; the ratio of the medians is the figure to report. Synthetic data
is generated once per size into ``benchmarks/data/SIZE`` (git-ignored).

Benchmarks
----------
import
    ``lcii_graph.import_workbook`` of the size's workbook folder into a new
    SQLite store, against reading the same CSV files with pandas plus one
    ``executemany`` of the same rows into an empty SQLite file.
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from benchmarks.generate import generate

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"


def dataset(size: str) -> Path:
    folder = DATA / size
    marker = folder / ".complete"
    if not marker.exists():
        print(f"generating {size} ...", file=sys.stderr, flush=True)
        generate(size, folder, seed=0)
        marker.write_text("ok")
    return folder


def baseline_import(folder: Path, db: Path) -> int:
    """pandas reads every CSV as text; one executemany per file into plain tables."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("BEGIN")
    total = 0
    for file in sorted(folder.glob("*.csv")):
        frame = pd.read_csv(file, dtype=str, keep_default_na=False)
        columns = ", ".join(f'"c{i}"' for i in range(len(frame.columns)))
        marks = ", ".join("?" for _ in frame.columns)
        conn.execute(f'CREATE TABLE "{file.stem}" ({columns})')
        rows = list(frame.itertuples(index=False, name=None))
        conn.executemany(f'INSERT INTO "{file.stem}" VALUES ({marks})', rows)
        total += len(rows)
    conn.execute("COMMIT")
    conn.close()
    return total


def lcii_import(folder: Path, db: Path) -> int:
    from lcii_graph import import_workbook

    report = import_workbook(folder, str(db))
    return sum(report.rows.values())


def _timed(fn, *args) -> float:
    gc.collect()
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def bench_import(size: str, repeat: int) -> dict:
    folder = dataset(size)
    ours, base = [], []
    rows = None
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            base.append(_timed(baseline_import, folder, Path(tmp) / "baseline.db"))
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "lcii.db"
            ours.append(_timed(lcii_import, folder, db))
            if rows is None:
                rows = sum(sqlite3.connect(db).execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                           for t in ("organizations", "people", "ties", "memberships",
                                     "commitments", "measurements"))
    result = {
        "benchmark": "import", "size": size, "repeat": repeat,
        "lcii_median_s": round(statistics.median(ours), 3),
        "baseline_median_s": round(statistics.median(base), 3),
        "ratio": round(statistics.median(ours) / statistics.median(base), 2),
        "target_ratio": 4.0, "stored_rows": rows,
    }
    return result


BENCHMARKS = {"import": bench_import}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="lcii-graph benchmarks")
    parser.add_argument("--sizes", default="S,M", help="comma-separated: S, M, L (default S,M)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=list(BENCHMARKS), action="append")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    results = []
    for name in args.only or list(BENCHMARKS):
        for size in args.sizes.split(","):
            result = BENCHMARKS[name](size.strip(), args.repeat)
            results.append(result)
            print(json.dumps(result), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
