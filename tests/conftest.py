"""Shared fixtures: workbooks written on the fly, stores in temporary folders."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from lcii_graph.cli import cli
from lcii_graph.examples import example_path
from lcii_graph.export.tables import write_csv
from lcii_graph.model.schema import SHEETS_BY_NAME

# Analysis results the commands keep for one another (lcii_graph/analysis/cache.py) go to
# a folder of this run's own, never the user's ~/.cache (subprocesses inherit it).
if "LCII_CACHE" not in os.environ:
    import tempfile

    os.environ["LCII_CACHE"] = tempfile.mkdtemp(prefix="lcii-test-cache-")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "data" / "reference"


def reference(folder: str) -> Path:
    """A reference network folder; the test skips, naming it, if it is absent."""
    path = REFERENCE / folder
    if not path.is_dir():
        pytest.skip(f"reference data not found: {path} (it lives beside the project, in "
                    "../shared/data/reference/, and is not part of a fresh clone)")
    return path


#: The live Neo4j server the tests run against (make test starts one: tests/neo4j_server.py).
LIVE_NEO4J = os.environ.get("LCII_TEST_NEO4J_URI")
LIVE_SKIP = ("no live Neo4j: " + os.environ.get(
    "LCII_NEO4J_SKIP_REASON",
    "set LCII_TEST_NEO4J_URI (and NEO4J_USERNAME / NEO4J_PASSWORD), or run make test, "
    "which starts one"))


def row(sheet: str, **values) -> dict:
    """A stored row of ``sheet`` with every column, unset ones None."""
    record = dict.fromkeys(SHEETS_BY_NAME[sheet].columns)
    record.update(values)
    return record


def write_sheets(folder: Path, sheets: dict[str, list[list]], *, encoding="utf-8") -> Path:
    """Write ``{sheet: [header, row, ...]}`` as a folder of CSV files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding=encoding) as handle:
            write_csv(handle, rows)
    return folder


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def dump(path: Path) -> list[tuple]:
    """Every row of every table of a store, in a stable order."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = []
        for table in tables:
            out.append((table, sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(),
                                      key=repr)))
        return out
    finally:
        conn.close()


ORGS = [
    ["id", "name", "sector", "jurisdiction"],
    ["city", "City of Testville", "government", "tv"],
    ["county", "Test County Government", "County", "tc"],
    ["bank", "Test Bank", "Bank", "tv"],
    ["fdn", "Test Foundation", "Foundation", "tv"],
    ["np", "Helping Hands", "NGO", "tv"],
    ["block", "Elm Street Block Club", "Residents", "tv"],
]
JURISDICTIONS = [
    ["id", "name", "level", "parent"],
    ["ts", "Test State", "state", ""],
    ["tc", "Test County", "county", "ts"],
    ["tv", "Testville", "city", "tc"],
]


@pytest.fixture
def small_workbook(tmp_path) -> Path:
    """A small valid workbook using every sheet."""
    return write_sheets(tmp_path / "small", {
        "organizations": ORGS,
        "jurisdictions": JURISDICTIONS,
        "people": [
            ["id", "name", "organization", "title", "decision_maker", "email"],
            ["p1", "Ann Mayor", "city", "Mayor", "", "ann@example.org"],
            ["p2", "Bo Staff", "city", "Policy Analyst", "", "bo@example.org"],
            ["p3", "Cy Banker", "bank", "Loan Officer", "yes", "cy@example.org"],
        ],
        "partnerships": [["id", "name", "focus", "serves"],
                         ["jobs", "Jobs Table", "workforce", "tv; tc"]],
        "memberships": [["partnership", "organization", "person", "role", "since", "until"],
                        ["jobs", "city", "", "convener", "2020-01-01", ""],
                        ["jobs", "bank", "", "member", "2020-01-01", ""],
                        ["jobs", "fdn", "", "funder", "2021-01-01", ""],
                        ["jobs", "np", "", "member", "2020-01-01", "2022-06-30"],
                        ["jobs", "", "p1", "member", "2020-01-01", ""]],
        "ties": [["from", "to", "kind", "strength", "since"],
                 ["city", "bank", "mou", "3", "2019-05-01"],
                 ["fdn", "np", "co_funding", "2", "2021-02-01"]],
        "goals": [["id", "partnership", "name"], ["g1", "jobs", "More jobs"]],
        "commitments": [["id", "maker", "recipient", "partnership", "goal", "type", "amount",
                         "start"],
                        ["c1", "fdn", "np", "jobs", "g1", "grant", "$100,000", "2021-03-01"],
                        ["c2", "city", "", "jobs", "g1", "policy", "", "2021-06-01"]],
        "metrics": [["id", "goal", "name", "unit", "direction", "baseline", "target"],
                    ["m1", "g1", "Residents employed", "people", "up", "100", "500"]],
        "measurements": [["metric", "date", "value", "reported_by"],
                         ["m1", "2022-12-31", "180", "np"],
                         ["m1", "2023-12-31", "260", "np"]],
    })


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def store(tmp_path) -> Path:
    return tmp_path / "store" / "lcii.db"


@pytest.fixture
def run(runner, store):
    """Invoke the CLI against the test's store: run("stats", "--json")."""
    (store.parent).mkdir(parents=True, exist_ok=True)

    def invoke(*args, input=None):
        return runner.invoke(cli, ["--store", str(store), *map(str, args)], input=input,
                             catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def example_dir():
    with example_path() as path:
        yield path


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch):
    monkeypatch.delenv("LCII_STORE", raising=False)


__all__ = ["LIVE_NEO4J", "LIVE_SKIP", "dump", "file_digest", "reference", "write_sheets",
           "write_xlsx", "os"]
