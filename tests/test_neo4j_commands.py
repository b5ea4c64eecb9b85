"""Every command on a real Neo4j 5 store gives what it gives on the SQLite file.

Both stores are loaded by ``lcii-graph import`` from the bundled example; each command
then runs on both, and the JSON it prints or the files it writes are compared. Skipped
without a live server (``make test`` starts one: tests/neo4j_server.py); the database is
emptied first.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from lcii_graph.cli import cli

from .conftest import LIVE_NEO4J, LIVE_SKIP, dump

pytestmark = pytest.mark.skipif(not LIVE_NEO4J, reason=LIVE_SKIP)

KINDS = ("organizations", "people", "jurisdictions", "partnerships", "memberships", "ties",
         "commitments", "goals", "metrics", "measurements")


def _empty_database():
    from lcii_graph import open_store

    with open_store(LIVE_NEO4J) as store:
        store._query("MATCH (n) DETACH DELETE n", write=True)


@pytest.fixture(scope="module")
def stores(tmp_path_factory, example_dir):
    """(neo4j address, sqlite path), both imported from the example by the command."""
    _empty_database()
    sqlite = tmp_path_factory.mktemp("both") / "lcii.db"
    runner = CliRunner()
    outputs = []
    for store in (LIVE_NEO4J, str(sqlite)):
        result = runner.invoke(cli, ["-q", "--store", store, "import", str(example_dir),
                                     "--json"])
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.stdout))
    # The import reports the same rows and warnings into either store.
    for report in outputs:
        report.pop("store", None)
    assert outputs[0] == outputs[1]
    yield LIVE_NEO4J, sqlite
    _empty_database()


def both(stores, *args):
    """Run one command on each store; both must succeed. Returns (neo4j, sqlite)."""
    runner = CliRunner()
    results = []
    for store in stores:
        result = runner.invoke(cli, ["-q", "--store", str(store), *map(str, args)])
        assert result.exit_code == 0, (store, args, result.output)
        results.append(result)
    return results


def same_json(stores, *args):
    neo, lite = both(stores, *args)
    assert json.loads(neo.stdout) == json.loads(lite.stdout), args
    return json.loads(lite.stdout)


def test_stats(stores):
    stats = same_json(stores, "stats", "--json")
    assert stats["organizations"] == 103


@pytest.mark.parametrize("kind", KINDS)
def test_list(stores, kind):
    rows = same_json(stores, "list", kind, "--json")
    assert rows, kind


@pytest.mark.parametrize("id_", ["northside-cdc", "riverbend-works", "p-us-dol-region-1",
                                 "Northside Community Development Corp"])
def test_show(stores, id_):
    shown = same_json(stores, "show", id_, "--json")
    assert shown


def test_gaps(stores):
    found = same_json(stores, "gaps", "--json")
    assert found
    same_json(stores, "gaps", "--partnership", "riverbend-works", "--json")
    same_json(stores, "gaps", "--as-of", "2022-01-01", "--json")


@pytest.mark.parametrize("view,level", [
    ("organizations", "network"), ("organizations", "node"), ("organizations", "sector"),
    ("organizations", "community"), ("people", "network"), ("people", "node"),
    ("people", "sector"), ("people", "community")])
def test_metrics(stores, view, level):
    same_json(stores, "metrics", "--view", view, "--level", level, "--json")


def test_metrics_by_table_without_an_ingredient_and_in_the_past(stores):
    same_json(stores, "metrics", "--partnership", "riverbend-works", "--json")
    same_json(stores, "metrics", "--exclude", "tables", "--json")
    same_json(stores, "metrics", "--as-of", "2021-06-30", "--level", "node", "--json")


def test_capital(stores):
    same_json(stores, "capital", "--json")


@pytest.mark.parametrize("id_", ["northside-cdc", "p-us-dol-region-1"])
def test_what_if(stores, id_):
    same_json(stores, "what-if", id_, "--json")


def _outputs(stores, tmp_path, name, command, *options):
    """Run ``command OUT options`` on each store; return the two OUT paths."""
    paths = []
    for i, store in enumerate(stores):
        out = tmp_path / f"{i}-{name}"
        result = CliRunner().invoke(cli, ["-q", "--store", str(store), *command.split(),
                                          str(out), *options])
        assert result.exit_code == 0, (store, command, result.output)
        paths.append(out)
    return paths


@pytest.mark.parametrize("profile", ["partner", "internal"])
def test_map(stores, tmp_path, profile):
    neo, lite = _outputs(stores, tmp_path, "map.html", "map", "--profile", profile)
    assert neo.read_bytes() == lite.read_bytes()


def test_map_of_one_table(stores, tmp_path):
    neo, lite = _outputs(stores, tmp_path, "map.html", "map", "--partnership",
                         "riverbend-works", "--size-by", "betweenness")
    assert neo.read_bytes() == lite.read_bytes()


@pytest.mark.parametrize("profile", ["partner", "internal"])
def test_report(stores, tmp_path, profile):
    neo, lite = _outputs(stores, tmp_path, "report.html", "report", "--profile", profile)
    assert neo.read_bytes() == lite.read_bytes()


def _cells(path: Path) -> dict:
    book = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)]
            for ws in book.worksheets}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "graphml", "gexf", "json", "kumu", "cypher",
                                 "analysis"])
@pytest.mark.parametrize("profile", ["partner", "internal"])
def test_export(stores, tmp_path, fmt, profile):
    suffix = {"csv": "", "kumu": ".xlsx", "analysis": ".xlsx", "cypher": ".cypher"}.get(
        fmt, f".{fmt}")
    neo, lite = _outputs(stores, tmp_path, f"out{suffix}", f"export {fmt}", "--profile",
                         profile)
    if fmt == "csv":
        names = sorted(p.name for p in lite.iterdir())
        assert names == sorted(p.name for p in neo.iterdir())
        for name in names:
            with open(neo / name, newline="") as a, open(lite / name, newline="") as b:
                assert list(csv.reader(a)) == list(csv.reader(b)), name
    elif zipfile.is_zipfile(lite):  # xlsx carries its creation time: compare the cells
        assert _cells(neo) == _cells(lite)
    else:
        assert neo.read_bytes() == lite.read_bytes()


def test_snapshots_and_diff(stores, tmp_path):
    runner = CliRunner()
    for store in stores:
        made = runner.invoke(cli, ["--store", str(store), "snapshot", "create", "before",
                                   "--date", "2023-01-01"])
        assert made.exit_code == 0, made.output
    try:
        listed = both(stores, "snapshot", "list", "--json")
        shots = [json.loads(r.stdout) for r in listed]
        for shot in shots:
            for row in shot:
                row.pop("created")  # the clock of each run
        assert shots[0] == shots[1] and [s["label"] for s in shots[0]] == ["before"]
        same_json(stores, "diff", "before", "--json")
        same_json(stores, "diff", "2021-01-01", "2024-01-01", "--json")
        neo, lite = _outputs(stores, tmp_path, "since.html", "report", "--since",
                             "before")
        assert neo.read_bytes() == lite.read_bytes()
    finally:
        both(stores, "snapshot", "delete", "before")
    assert [json.loads(r.stdout) for r in both(stores, "snapshot", "list", "--json")] == [[],
                                                                                          []]


def _without_labels(data: dict) -> dict:
    """A command's JSON without the snapshot label (the clock of each run)."""
    return {k: v for k, v in data.items() if k not in ("snapshot", "store")}


def _pulled(neo: str, into: Path) -> list:
    result = CliRunner().invoke(cli, ["-q", "--store", neo, "neo4j", "pull", "--into",
                                      str(into)])
    assert result.exit_code == 0, result.output
    return [(t, rows) for t, rows in dump(into) if not t.startswith("snapshot")]


def test_set_delete_sync_and_restore(stores, tmp_path, example_dir):
    """Each change does the same on both stores, and restoring the first snapshot brings
    both back to the rows they held (the module's other tests share these stores)."""
    import shutil

    neo, lite = stores
    original = [(t, rows) for t, rows in dump(lite) if not t.startswith("snapshot")]

    def same(*args):
        neo_out, lite_out = (_without_labels(json.loads(r.stdout)) for r in both(stores, *args))
        assert neo_out == lite_out, args
        return lite_out

    runner = CliRunner()
    for store in stores:
        assert runner.invoke(cli, ["--store", str(store), "snapshot", "create",
                                   "edits-start"]).exit_code == 0
    try:
        edit = same("set", "rb-nhs", "sector=NGO", "anchor=yes", "--json")
        assert edit["changes"] == {"anchor": {"before": None, "after": True}}
        gone = same("delete", "rb-nhs", "--cascade", "--json")
        assert gone["removed"]["ties"] == ["millrace-developers--rb-nhs--co_funding",
                                           "northside-cdc--rb-nhs--co_funding",
                                           "rb-nhs--transit-riders--data_sharing"]
        refused = [runner.invoke(cli, ["--store", str(s), "delete", "riverbend-works"])
                   for s in stores]
        assert [r.exit_code for r in refused] == [3, 3]
        assert refused[0].stderr == refused[1].stderr
        folder = tmp_path / "orgs"
        folder.mkdir()
        with open(example_dir / "organizations.csv", encoding="utf-8") as source:
            kept = [line for line in source if not line.startswith("northside-cdc,")]
        (folder / "organizations.csv").write_text("".join(kept), encoding="utf-8")
        synced = same("import", folder, "--sync", "--json")
        assert synced["removed"]["organizations"] == ["northside-cdc"]
        assert _pulled(neo, tmp_path / "after.db") == [
            (t, rows) for t, rows in dump(lite) if not t.startswith("snapshot")]
    finally:
        for store in stores:
            done = runner.invoke(cli, ["--store", str(store), "snapshot", "restore",
                                       "edits-start"])
            assert done.exit_code == 0, done.output
            for label in json.loads(runner.invoke(cli, ["--store", str(store), "snapshot",
                                                        "list", "--json"]).stdout):
                runner.invoke(cli, ["--store", str(store), "snapshot", "delete",
                                    label["label"]])
        shutil.rmtree(tmp_path / "orgs", ignore_errors=True)
    assert [(t, rows) for t, rows in dump(lite) if not t.startswith("snapshot")] == original
    assert _pulled(neo, tmp_path / "restored.db") == original


def test_pull_gives_the_file_back(stores, tmp_path):
    neo, lite = stores
    copy = tmp_path / "pulled.db"
    result = CliRunner().invoke(cli, ["-q", "--store", neo, "neo4j", "pull", "--into",
                                      str(copy)])
    assert result.exit_code == 0, result.output
    assert dump(copy) == dump(lite)
