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
analysis
    What ``lcii-graph gaps`` and ``metrics --level network`` compute, from the
    loaded network (views built afresh each time), against the same igraph
    algorithms called directly on an igraph graph built from the same edge
    arrays (built by lcii-graph's own builder: ``sequence`` has the baseline that
    uses none of its code). Loading the store is timed once, apart (``load_s``).
map
    ``write_map`` of the loaded network (sizes S, 2000, M, L), the file's size,
    and the milliseconds from navigation start to the first drawing in headless
    Chromium (when Chromium and Playwright are installed).
sequence
    ``gaps``, ``metrics``, ``map`` and ``report`` as a user runs them (new
    processes, a fresh results cache), against :func:`independent_analysis`:
    the same analyses once, with none of lcii-graph's code.
commands
    Each command end to end as a user runs it (a new process), in order on one
    results cache: the first command that needs an analysis computes it.
first-run
    The same commands, each alone on an empty results cache: what a user pays who
    starts with it.
neo4j-load
    ``load_network`` of a Neo4j store through the real neo4j driver, from a
    scripted Bolt server in another process that sends the size's rows
    already encoded (``tests/bolt_stub.py``: no database work, so what is
    timed is the driver's and the store's side), against ``load_network`` of
    the SQLite store: the driver's side alone (the ``neo4j`` benchmark adds
    the server's).
neo4j
    On a real Neo4j 5.26 Community server started for the run
    (``tests/neo4j_server.py``; ``make neo4j`` fetches it): a push (the
    upsert of every sheet of the size's store, as ``lcii-graph neo4j push``
    does; per batch for L, as the README tells a user to) and a load
    (``load_network``, as every analysis on a Neo4j store does), against the
    same upsert into a fresh SQLite file and ``load_network`` of it, in the
    same run; with the client's and the server's peak memory.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from benchmarks.generate import VERSION, generate

#: What a cache marker holds: the generator version the data came from.
GENERATED = f"generator {VERSION}"

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"


def dataset(size: str) -> Path:
    """The size's workbook (S, M, L, or a number of organizations), generated once."""
    folder = DATA / size
    marker = folder / ".complete"
    if not current(marker):
        print(f"generating {size} ...", file=sys.stderr, flush=True)
        generate(int(size) if size.isdigit() else size, folder, seed=0)
        marker.write_text(GENERATED)
    return folder


def current(marker: Path) -> bool:
    """Whether the data a marker vouches for was made by this version of the generator."""
    try:
        return marker.read_text() == GENERATED
    except OSError:
        return False


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
        "target_ratio": 2.5, "stored_rows": rows,
    }
    return result


BENCHMARKS = {"import": bench_import}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="lcii-graph benchmarks")
    parser.add_argument("--sizes", default="S,M",
                        help="comma-separated: S, M, L, and 2000 for map (default S,M)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=list(BENCHMARKS), action="append")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    results = []
    for name in args.only or list(BENCHMARKS):
        # The scaling curve has sizes of its own: it runs once.
        for size in ["curve"] if name == "scaling" else args.sizes.split(","):
            result = BENCHMARKS[name](size.strip(), args.repeat)
            results.append(result)
            print(json.dumps(result), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(results, indent=2))
    return 0



def _store_for(size: str) -> Path:
    """A store holding the size's workbook (imported once, cached beside the data)."""
    from lcii_graph import import_workbook

    store = DATA / f"{size}.db"
    marker = DATA / f"{size}.db.complete"
    if not current(marker):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{store}{suffix}").unlink(missing_ok=True)
        import_workbook(dataset(size), str(store))
        marker.write_text(GENERATED)
    return store


def lcii_analysis(network) -> int:
    """What `lcii-graph gaps` and `lcii-graph metrics --level network` compute."""
    from lcii_graph.analysis.gaps import gaps
    from lcii_graph.analysis.metrics import metrics

    network.cache.clear()
    findings = gaps(network, seed=0)
    metrics(network, level="network", seed=0)
    return len(findings)


def igraph_analysis(network) -> int:
    """The same algorithms called directly on igraph, from the same edge arrays."""
    import random

    import igraph
    import numpy as np

    from lcii_graph.analysis.centrality import sample_size
    from lcii_graph.network.views import _build, tie_arcs

    og = _build(network, ties=True, tables=True, people=True, commitments=True,
                partnership=None)
    g = igraph.Graph(n=og.n, edges=np.column_stack([og.u, og.v]).tolist())
    g.es["weight"] = og.weight.tolist()
    g.connected_components()
    random.seed(0)
    clusters = g.community_multilevel(weights="weight")
    g.modularity(clusters.membership, weights="weight")
    g.articulation_points()
    g.bridges()
    g.biconnected_components(return_articulation_points=True)
    sectors = og.attribute("sector")
    codes = {s: k for k, s in enumerate(sorted(set(sectors)))}
    g.assortativity_nominal([codes[s] for s in sectors], directed=False)
    government = [i for i, s in enumerate(sectors) if s == "government"
                  and og.nodes[i]["level"]]
    sub = g.induced_subgraph(government)
    levels = [og.nodes[i]["level"] for i in government]
    level_codes = {s: k for k, s in enumerate(sorted(set(levels)))}
    sub.assortativity_nominal([level_codes[s] for s in levels], directed=False)
    g.degree()
    sources, k = None, sample_size(og.n, og.m)
    if k is not None:
        sources = sorted(np.random.default_rng(0).choice(og.n, k, replace=False).tolist())
    g.betweenness(directed=False, sources=sources)
    g.coreness()
    arcs = tie_arcs(network)
    index = og.index
    d = igraph.Graph(n=og.n, directed=True, edges=[(index[a], index[b]) for a, b in arcs])
    d.reciprocity(mode="ratio")
    return len(clusters)


def bench_analysis(size: str, repeat: int) -> dict:
    from lcii_graph import open_store
    from lcii_graph.network import network_of

    store = _store_for(size)
    start = time.perf_counter()
    with open_store(store, create=False) as opened:
        network = network_of(opened)
    load = time.perf_counter() - start
    ours, base = [], []
    for _ in range(repeat):
        base.append(_timed(igraph_analysis, network))
        ours.append(_timed(lcii_analysis, network))
    import resource

    return {
        "benchmark": "analysis", "size": size, "repeat": repeat,
        "load_s": round(load, 3),
        "lcii_median_s": round(statistics.median(ours), 3),
        "igraph_median_s": round(statistics.median(base), 3),
        "ratio": round(statistics.median(ours) / statistics.median(base), 2),
        "target_ratio": 2.0 if size == "M" else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


BENCHMARKS["analysis"] = bench_analysis



def _first_draw_ms(path: Path) -> float | None:
    """Milliseconds from navigation start to vis-network's first drawing, in headless
    Chromium (None when Chromium or Playwright is missing)."""
    import shutil

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync"]
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(profile, executable_path=chromium,
                                                       args=flags, headless=True)
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-drawn]", state="attached", timeout=120_000)
        drawn = float(page.get_attribute("body", "data-drawn"))
        context.close()
    return drawn


def bench_map(size: str, repeat: int) -> dict:
    """Writing the map (store loaded), its size, and its first draw in Chromium."""
    from lcii_graph import open_store
    from lcii_graph.export.html import write_map

    organizations = {"S": 500, "2000": 2000, "M": 10_000, "L": 100_000}[size]
    if size == "2000":
        folder = DATA / "2000"
        if not current(folder / ".complete"):
            generate(2000, folder, seed=0)
            (folder / ".complete").write_text(GENERATED)
        store = DATA / "2000.db"
        if not current(DATA / "2000.db.complete"):
            from lcii_graph import import_workbook

            store.unlink(missing_ok=True)
            import_workbook(folder, str(store))
            (DATA / "2000.db.complete").write_text(GENERATED)
    else:
        store = _store_for(size)
    with open_store(store, create=False) as opened:
        network = opened.load_network()
    times, draws = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "map.html"
        for _ in range(repeat):
            network.cache.clear()
            times.append(_timed(write_map, network, out))
            draws.append(_first_draw_ms(out))
        megabytes = out.stat().st_size / 2**20
        aggregated = "communities instead" in out.read_text(encoding="utf-8")
    valid = [d for d in draws if d is not None]
    return {
        "benchmark": "map", "size": size, "organizations": organizations, "repeat": repeat,
        "write_median_s": round(statistics.median(times), 3),
        "file_mb": round(megabytes, 2), "aggregated": aggregated,
        "first_draw_median_ms": round(statistics.median(valid)) if valid else None,
    }


BENCHMARKS["map"] = bench_map


def _serve_rows(rows_by_sheet: dict, pipe) -> None:
    """In a child process: a Bolt stub answering each read_<sheet> statement with the
    sheet's rows, encoded once beforehand; its address goes back through ``pipe``."""
    from lcii_graph.store.cypher_files import statement
    from tests.bolt_stub import BoltStub, record

    encoded = {statement(f"read_{sheet}"): [record([row]) for row in rows]
               for sheet, rows in rows_by_sheet.items()}

    def handler(query, parameters):
        return (["row"], encoded[query]) if query in encoded else ([], [])

    with BoltStub(handler) as stub:
        pipe.send(stub.uri)
        pipe.recv()  # until the parent is done


def bench_neo4j_load(size: str, repeat: int) -> dict:
    import multiprocessing

    from lcii_graph import open_store
    from lcii_graph.store.neo4j import Neo4jStore

    store = _store_for(size)
    with open_store(store, create=False) as opened:
        rows = opened.read_all()
    total = sum(len(r) for r in rows.values())
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(target=_serve_rows,
                                                         args=(rows, child))
    server.start()
    del rows
    gc.collect()
    try:
        uri = parent.recv()
        ours, base = [], []
        for _ in range(repeat):
            with open_store(store, create=False) as opened:
                base.append(_timed(opened.load_network))
            neo4j = Neo4jStore(uri, auth=("neo4j", "benchmark"))
            try:
                ours.append(_timed(neo4j.load_network))
            finally:
                neo4j.close()
    finally:
        parent.send("done")
        server.join(timeout=30)
    import resource

    return {
        "benchmark": "neo4j-load", "size": size, "repeat": repeat, "rows": total,
        "neo4j_driver_median_s": round(statistics.median(ours), 3),
        "sqlite_median_s": round(statistics.median(base), 3),
        "ratio": round(statistics.median(ours) / statistics.median(base), 2),
        "rows_per_s_driver": round(total / statistics.median(ours)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


BENCHMARKS["neo4j-load"] = bench_neo4j_load


def _peak_rss_mb(pid: int) -> int | None:
    """The peak resident memory of a process (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        return None
    return None


#: Server memory per size: heap, page cache (the machine has 24 GB, shared).
NEO4J_MEMORY = {"S": ("1g", "256m"), "M": ("2g", "512m"), "L": ("8g", "2g")}


def bench_neo4j(size: str, repeat: int) -> dict:
    """Push (copy an SQLite store into Neo4j, as `neo4j push` does) and load
    (`load_network`, as every analysis on a Neo4j store does) on a real Neo4j 5
    server started here, against the same work on SQLite files in the same run:
    the same tables upserted into a fresh SQLite store, and `load_network` of it."""
    import resource

    from lcii_graph import open_store
    from lcii_graph.ingest.validate import TableData
    from lcii_graph.model.schema import SHEETS
    from lcii_graph.store.neo4j import Neo4jStore
    from tests.neo4j_server import start

    source = _store_for(size)
    with open_store(source, create=False) as opened:
        tables = [TableData(sheet.name, list(sheet.columns),
                            [tuple(row[c] for c in sheet.columns)
                             for row in opened.read(sheet.name)]) for sheet in SHEETS]
    total = sum(len(t) for t in tables)
    heap, pagecache = NEO4J_MEMORY.get(size, ("2g", "512m"))
    server = start(heap=heap, pagecache=pagecache)
    auth = ("neo4j", server.password)
    # L is more than one transaction holds in this heap: pushed a transaction per batch,
    # as the README tells a user to.
    per_batch = size == "L"
    push, push_sqlite, load, load_sqlite = [], [], [], []
    try:
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                with open_store(Path(tmp) / "copy.db") as copy:
                    push_sqlite.append(_timed(copy.upsert, tables))
                    load_sqlite.append(_timed(copy.load_network))
            neo4j = Neo4jStore(server.uri, auth=auth)
            try:
                _empty(neo4j)
                push.append(_timed(functools.partial(neo4j.upsert, tables,
                                                     per_batch=per_batch)))
                load.append(_timed(neo4j.load_network))
            finally:
                neo4j.close()
        server_peak = _peak_rss_mb(server.process.pid)
    finally:
        server.stop()
    def med(values):  # the first run meets a cold server (JIT, query plans): apart
        return statistics.median(values[1:] or values)

    return {
        "benchmark": "neo4j", "size": size, "repeat": repeat, "rows": total,
        "server": f"Neo4j 5.26 Community, heap {heap}, page cache {pagecache}",
        "push_per_batch": per_batch,
        "push_first_s": round(push[0], 2), "load_first_s": round(load[0], 2),
        "push_median_s": round(med(push), 2), "push_sqlite_median_s": round(med(push_sqlite), 2),
        "push_ratio": round(med(push) / med(push_sqlite), 2),
        "load_median_s": round(med(load), 2), "load_sqlite_median_s": round(med(load_sqlite), 2),
        "load_ratio": round(med(load) / med(load_sqlite), 2),
        "client_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "server_peak_rss_mb": server_peak,
    }


def _empty(store) -> None:
    """Empty a Neo4j database in transactions of bounded size (an auto-commit query:
    CALL IN TRANSACTIONS cannot run inside a managed transaction)."""
    with store._driver.session(database=store.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
                    ).consume()


BENCHMARKS["neo4j"] = bench_neo4j


def _command_run(args: list[str], *, sample: bool = True) -> tuple[float, int, int | None]:
    """Seconds and peak memory (MB) of one ``lcii-graph`` run as a user starts it: the
    largest any one of its processes held (``wait4``), and the largest its processes held
    together (proportional set sizes summed, sampled every 0.2 s: a command may fork a
    second process; None where ``/proc`` does not say, or without ``sample``). Sampling
    costs the command time: the kernel walks a process's pages to sum them, holding
    its memory map meanwhile (the L sequence took 133 s sampled, 114 s not)."""
    import subprocess
    import threading

    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "lcii_graph", *args],
                                   stdout=subprocess.DEVNULL, stderr=errors)
        together: list[int] = []
        done = threading.Event()

        def sample_tree() -> None:
            while not done.wait(0.2):
                found = _tree_pss_kb(process.pid)
                if found is not None:
                    together.append(found)

        sampler = threading.Thread(target=sample_tree, daemon=True) if sample else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # the largest of its processes
        done.set()
        if sampler:
            sampler.join()
        seconds = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 7):  # 7: gaps found something, as it should
            errors.seek(0)
            raise RuntimeError(f"lcii-graph {' '.join(args)}: exit {code}: "
                               f"{errors.read().decode(errors='replace')}")
    return seconds, round(usage.ru_maxrss / 1024), \
        (round(max(together) / 1024) if together else None)


def _tree_pss_kb(pid: int) -> int | None:
    """The proportional set sizes of ``pid`` and its descendants, summed (kB), from a
    moment no process of them started or ended in; ``None`` where none was found in three
    tries, or ``/proc`` does not say.

    A sum read while a process forks counts the pages it then shares twice: the
    parent's whole before, the child's half after (a sample of ``metrics`` on L said
    2,046 MB where every other said 1,775-1,790). So the processes are listed before
    and after their sizes are read, and a sample whose list changed is not taken."""
    for _ in range(3):
        before = _tree(pid)
        sizes = [_pss_kb(current) for current in before]
        if before and None not in sizes and _tree(pid) == before:
            return sum(sizes)
    return None


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (empty where it is gone or ``/proc`` does not say)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        try:
            children = []
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    children += [int(child) for child in handle.read().split()]
        except (OSError, ValueError):
            continue  # gone meanwhile, or no /proc here
        found.append(current)
        pending += children
    return sorted(found)


def _pss_kb(pid: int) -> int | None:
    """The proportional set size of ``pid`` (kB), ``None`` where it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        return None


def _hub(store: Path) -> str:
    """The organization in the most explicit ties: what-if's most expensive subject."""
    with sqlite3.connect(store) as conn:
        return conn.execute(
            'SELECT id FROM (SELECT "from" AS id FROM ties UNION ALL SELECT "to" FROM ties) '
            "GROUP BY id ORDER BY count(*) DESC, id LIMIT 1").fetchone()[0]


@contextlib.contextmanager
def _results_cache(where: str | Path):
    """``$LCII_CACHE`` set to ``where`` meanwhile (a folder, or ``off``), then as it was."""
    previous = os.environ.get("LCII_CACHE")
    os.environ["LCII_CACHE"] = str(where)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("LCII_CACHE", None)
        else:
            os.environ["LCII_CACHE"] = previous


def _commands(store: Path, out: Path) -> list[list[str]]:
    """The commands timed, in the order a user meets them (outputs under ``out``)."""
    return [["stats"], ["gaps"], ["metrics"], ["metrics", "--level", "node"],
            ["metrics", "--level", "node", "--json"], ["capital"], ["what-if", _hub(store)],
            ["map", str(out / "m.html")], ["report", str(out / "r.html")],
            *(["export", fmt, str(out / f"export.{fmt}")]
              for fmt in ("graphml", "gexf", "json")),
            # The workbooks, the CSV folder and the Cypher script: every format a user can
            # ask for.
            *(["export", fmt, str(out / name)] for fmt, name in (
                ("analysis", "analysis.xlsx"), ("xlsx", "export.xlsx"),
                ("kumu", "kumu.xlsx"), ("csv", "export-csv"), ("cypher", "export.cypher")))]


def _command_row(store: Path, command: list[str], repeat: int, *,
                 fresh_cache: Path | None = None) -> dict:
    """One command's row: median seconds of ``repeat`` runs and their peak memory; with
    ``fresh_cache``, each run on an empty results cache there (its first run), and the
    seconds those of runs nobody samples: sampling the processes' memory takes the
    kernel's time on the command's two processors (node --json on L: 26.5-26.6 s alone,
    27.8-28.8 s sampled), so their memory together comes from one more run, sampled
    (``seconds_sampled``)."""
    args = ["-q", "--store", str(store), *command,
            *(["--force"] if command[0] in ("map", "report", "export") else [])]
    runs, sampled = [], None
    for _ in range(repeat):
        if fresh_cache is not None:
            shutil.rmtree(fresh_cache, ignore_errors=True)
        runs.append(_command_run(args, sample=fresh_cache is None))
    if fresh_cache is not None:
        shutil.rmtree(fresh_cache, ignore_errors=True)
        sampled = _command_run(args)
    label = {"what-if": "what-if HUB", "map": "map", "report": "report"}.get(
        command[0], " ".join(command[:5]) if command[0] == "metrics" else
        " ".join(command[:2]))
    every = [*runs, *([sampled] if sampled else [])]
    together = [r[2] for r in every if r[2] is not None]
    row = {"command": label, "seconds": round(statistics.median(r[0] for r in runs), 2),
           "peak_mb": max(r[1] for r in every),
           "processes_peak_mb": max(together) if together else None}
    if sampled is not None:
        row["seconds_sampled"] = round(sampled[0], 2)
    return row


def bench_first_run(size: str, repeat: int) -> dict:
    """Each command as the first on a store (:func:`bench_commands`' commands, each
    alone on an empty results cache): what a user pays who starts with it, every analysis
    it needs computed in that run."""
    store = _store_for(size)
    _compiled()
    with tempfile.TemporaryDirectory() as tmp, _results_cache(Path(tmp) / "cache"):
        out = Path(tmp)
        rows = [_command_row(store, command, repeat, fresh_cache=out / "cache")
                for command in _commands(store, out)]
    return {"benchmark": "first-run", "size": size, "repeat": repeat, "commands": rows,
            "target_seconds_L": 30, "target_peak_mb_L": 2048}


def bench_commands(size: str, repeat: int) -> dict:
    """Each command end to end, as a user runs it (a new process, the store's file), in
    order on a results cache of the run's own: its time (median of ``repeat``) and peak
    memory. Beside them, ``lcii-graph --version``
    against ``python -c "import click"`` (the quick start)."""
    store = _store_for(size)
    _compiled()
    # A results cache of this run's own: the first command that needs an analysis
    # computes it (one kept from an earlier run would hide what it costs).
    with tempfile.TemporaryDirectory() as tmp, _results_cache(Path(tmp) / "cache"):
        rows = [_command_row(store, command, repeat) for command in _commands(store, Path(tmp))]
    version = statistics.median(_command_run(["--version"])[0] for _ in range(5))
    click_only = statistics.median(_timed(_import_click) for _ in range(5))
    return {"benchmark": "commands", "size": size, "repeat": repeat, "commands": rows,
            "version_s": round(version, 3), "import_click_s": round(click_only, 3),
            "version_ratio": round(version / click_only, 2), "target_version_ratio": 3.0,
            "target_seconds_L": 30, "target_peak_mb_L": 2048}


#: The sampled betweenness's work budget and least number of sources: the documented
#: choice (README, "Network metrics"), repeated here so that the baseline imports nothing
#: of lcii-graph.
EXACT_WORK, SAMPLE_SOURCES = 200_000_000, 256
#: Above this many organizations the map draws communities (README, "The map"), found by
#: Louvain at a resolution growing with the network (n / 1,250, from 1 to 8): the map and
#: the report need them, so the baseline finds them too.
MAP_COMMUNITIES_ABOVE = 2_500


def independent_analysis(store: Path, today: str) -> dict:
    """The analyses behind ``gaps``, ``metrics``, ``map`` and ``report``, each once, with
    none of lcii-graph's code: the store's rows read with sqlite3, the organization network
    built with numpy (ties, shared tables, shared people and commitment flows in effect on
    ``today``, weighted by how many), then igraph's components, Louvain and modularity,
    the map's communities (Louvain at its raised resolution, above 2,500 organizations),
    articulation points and bridges, sector assortativity, degree, betweenness (sampled as
    the README says), closeness on the same sources, eigenvector centrality, coreness, and
    the reciprocity of the directed ties. Returns the sizes, to check it did the work."""
    import itertools
    import random

    import igraph
    import numpy as np

    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    rows = conn.execute('SELECT "id", "sector" FROM organizations ORDER BY "id"').fetchall()
    index = {org: i for i, (org, _) in enumerate(rows)}
    sectors = [sector for _, sector in rows]
    n = len(rows)

    def in_effect(since, until):
        return (since is None or since <= today) and (until is None or until > today)

    pairs: list[np.ndarray] = []
    ties = [(index[a], index[b]) for a, b, since, until in conn.execute(
        'SELECT "from", "to", "since", "until" FROM ties') if in_effect(since, until)]
    pairs.append(np.array(ties, dtype=np.int64).reshape(-1, 2))
    employer = dict(conn.execute('SELECT "id", "organization" FROM people'))
    members: dict[str, set[int]] = {}
    for table, org, person, since, until in conn.execute(
            'SELECT "partnership", "organization", "person", "since", "until" '
            "FROM memberships"):
        org = org or employer.get(person)
        if org in index and in_effect(since, until):
            members.setdefault(table, set()).add(index[org])
    for found in members.values():
        ids = np.array(sorted(found), dtype=np.int64)
        a, b = np.triu_indices(len(ids), k=1)
        pairs.append(np.column_stack([ids[a], ids[b]]))
    for org, others in conn.execute('SELECT "organization", "also_works_for" FROM people '
                                    'WHERE "also_works_for" IS NOT NULL'):
        found = sorted({index[o] for o in {org, *others.split("; ")} if o in index})
        pairs.append(np.array(list(itertools.combinations(found, 2)),
                              dtype=np.int64).reshape(-1, 2))
    flows = [(index[a], index[b]) for a, b in conn.execute(
        'SELECT "maker", "recipient" FROM commitments WHERE "recipient" IS NOT NULL')]
    pairs.append(np.array(flows, dtype=np.int64).reshape(-1, 2))
    conn.close()
    stacked = np.concatenate(pairs)
    stacked = stacked[stacked[:, 0] != stacked[:, 1]]
    low, high = np.minimum(stacked[:, 0], stacked[:, 1]), np.maximum(stacked[:, 0],
                                                                     stacked[:, 1])
    # Distinct pairs by one sort: numpy 2.4's unique hashes int64 keys first, tens of
    # times slower on millions of them.
    ordered = np.sort(low * n + high)
    first = np.concatenate([[True], ordered[1:] != ordered[:-1]])
    keys = ordered[first]
    weights = np.diff(np.append(np.flatnonzero(first), len(ordered)))
    g = igraph.Graph(n=n, edges=np.column_stack([keys // n, keys % n]).tolist())
    g.es["weight"] = weights.astype(float).tolist()
    components = g.connected_components()
    random.seed(0)
    clusters = g.community_multilevel(weights="weight")
    g.modularity(clusters.membership, weights="weight")
    if n > MAP_COMMUNITIES_ABOVE:
        random.seed(0)
        g.community_multilevel(weights="weight", resolution=min(8.0, max(1.0, n / 1_250)))
    g.articulation_points()
    g.bridges()
    codes = {s: k for k, s in enumerate(sorted(set(sectors)))}
    g.assortativity_nominal([codes[s] for s in sectors], directed=False)
    g.degree()
    sources = None
    if n * max(g.ecount(), 1) > EXACT_WORK:
        k = max(SAMPLE_SOURCES, EXACT_WORK // max(g.ecount(), 1))
        if k < n:
            sources = sorted(np.random.default_rng(0).choice(n, k, replace=False).tolist())
    g.betweenness(directed=False, sources=sources)
    for start in range(0, len(sources or range(n)), 64):
        block = (sources or list(range(n)))[start:start + 64]
        g.distances(source=block)
    # Eigenvector centrality of the largest component (lcii-graph tries each, keeping the
    # one of the largest eigenvalue; the largest component is nearly all the work).
    g.induced_subgraph(max(components, key=len)).eigenvector_centrality(weights="weight")
    g.coreness()
    igraph.Graph(n=n, directed=True, edges=ties).reciprocity(mode="ratio")
    return {"organizations": n, "edges": g.ecount(), "communities": len(clusters)}


def bench_sequence(size: str, repeat: int) -> dict:
    """``gaps``, ``metrics``, ``map`` and ``report`` run one after the other as a user
    runs them (new processes, a fresh results cache: the first computes the analyses, the
    others reuse them), against :func:`independent_analysis` doing the same analyses once
    in one process with no lcii-graph code. The issue's target: at most 1.5 times."""
    from datetime import date

    store = _store_for(size)
    _compiled()
    today = date.today().isoformat()
    ours, base = [], []
    for _ in range(repeat):
        base.append(_timed(independent_analysis, store, today))
        with tempfile.TemporaryDirectory() as tmp, _results_cache(Path(tmp) / "cache"):
            start = time.perf_counter()
            for command in (["gaps"], ["metrics"], ["map", str(Path(tmp) / "m.html")],
                            ["report", str(Path(tmp) / "r.html")]):
                _command_run(["-q", "--store", str(store), *command], sample=False)
            ours.append(time.perf_counter() - start)
    return {"benchmark": "sequence", "size": size, "repeat": repeat,
            "lcii_median_s": round(statistics.median(ours), 2),
            "independent_median_s": round(statistics.median(base), 2),
            "ratio": round(statistics.median(ours) / statistics.median(base), 2),
            "target_ratio": 1.5}


BENCHMARKS["sequence"] = bench_sequence


def _compiled() -> None:
    """lcii-graph's modules compiled to bytecode, as an installed package's are (pip
    compiles them) and as any first run leaves them: where ``PYTHONDONTWRITEBYTECODE`` is
    set (this project's machine sets it) every command would otherwise compile each
    module it imports, each time, while click, installed by pip, reads its bytecode
    (``--version``: 0.25 s against 0.14 s)."""
    import compileall

    import lcii_graph

    compileall.compile_dir(Path(lcii_graph.__file__).parent, quiet=1)


def _import_click() -> None:
    import subprocess

    subprocess.run([sys.executable, "-c", "import click"], check=True)


BENCHMARKS["commands"] = bench_commands
BENCHMARKS["first-run"] = bench_first_run

#: The scaling curve's sizes (organizations); M and L are the benchmark's own networks.
CURVE = {"1000": "1000", "5000": "5000", "10000": "M", "30000": "30000", "100000": "L"}


def bench_scaling(size: str, repeat: int) -> dict:
    """``metrics`` and ``metrics --level node`` on networks of 1,000 to 100,000
    organizations (``--sizes`` is ignored), each in a new process with the results cache
    off: time should grow with size, with no step down where exact measures give way to
    sampled ones."""
    points = []
    _compiled()
    with _results_cache("off"):
        for organizations, name in CURVE.items():
            store = str(_store_for(name))
            row = {"organizations": int(organizations)}
            for label, args in (("metrics", ["metrics"]),
                                ("metrics_node", ["metrics", "--level", "node"])):
                runs = [_command_run(["-q", "--store", store, *args]) for _ in range(repeat)]
                row[f"{label}_s"] = round(statistics.median(r[0] for r in runs), 2)
                row[f"{label}_peak_mb"] = max(r[1] for r in runs)
            points.append(row)
    # Both curves: a size more than 10% quicker than the one before it is a step down.
    steps_down = [f"{p['organizations']} ({label})"
                  for key, label in (("metrics_s", "metrics"),
                                     ("metrics_node_s", "metrics --level node"))
                  for a, p in zip(points, points[1:], strict=False)
                  if p[key] < a[key] * 0.9]
    return {"benchmark": "scaling", "repeat": repeat, "points": points,
            "steps_down_at": steps_down}


BENCHMARKS["scaling"] = bench_scaling


if __name__ == "__main__":
    sys.exit(main())
