"""The Neo4j store: a recording fake driver shows how it talks to Neo4j; the shared
contract suite runs against a real Neo4j 5 when LCII_TEST_NEO4J_URI is set.

Live tests: start a Neo4j 5 (Neo4j Desktop, or a container), then
``LCII_TEST_NEO4J_URI=neo4j://localhost:7687 NEO4J_USERNAME=neo4j NEO4J_PASSWORD=...
make test``. They empty the database they are given.
"""

from __future__ import annotations

import logging
import os

import pytest

from lcii_graph import check_workbook
from lcii_graph.errors import StoreError
from lcii_graph.model.schema import LINKS
from lcii_graph.store.cypher_files import all_files, statement, statements
from lcii_graph.store.neo4j import Neo4jStore, link_file, redact

from .conftest import LIVE_NEO4J, LIVE_SKIP
from .store_contract import StoreContract
from .test_html import HOSTILE

LIVE_URI = LIVE_NEO4J


class FakeResult(list):
    def consume(self):
        return None

    def single(self):
        return self[0] if self else None


class FakeTx:
    def __init__(self, driver):
        self.driver = driver

    def run(self, query, parameters=None, **kwargs):
        self.driver.calls.append(("tx.run", query, dict(parameters or {}), kwargs))
        if "count(s) AS n" in query:
            return FakeResult([{"n": 0}])
        return FakeResult()


class FakeSession:
    def __init__(self, driver, database):
        self.driver, self.database = driver, database

    def __enter__(self):
        self.driver.calls.append(("session", None, {}, {"database": self.database}))
        return self

    def __exit__(self, *exc):
        return False

    def execute_write(self, work, *args):
        self.driver.calls.append(("transaction", None, {}, {}))
        return work(FakeTx(self.driver), *args)

    execute_read = execute_write


class FakeDriver:
    """Records every call; answers reads with nothing."""

    def __init__(self):
        self.calls = []
        self.closed = False

    def verify_connectivity(self):
        self.calls.append(("verify_connectivity", None, {}, {}))

    def execute_query(self, query, parameters_=None, **kwargs):
        self.calls.append(("execute_query", query, dict(parameters_ or {}), kwargs))
        return [], None, None

    def session(self, database=None, **kwargs):
        return FakeSession(self, database)

    def close(self):
        self.closed = True


def library_texts() -> set[str]:
    texts = {statement(name) for name in all_files()}
    return texts | set(statements("schema"))


@pytest.fixture
def example_tables(example_dir):
    validated = check_workbook(example_dir)
    return list(validated.tables.values())


def test_opening_checks_the_connection_and_applies_the_schema():
    driver = FakeDriver()
    store = Neo4jStore("neo4j://db.example:7687", database="partners", driver=driver)
    assert driver.calls[0][0] == "verify_connectivity"
    schema = [c for c in driver.calls if c[0] == "execute_query"]
    assert [c[1] for c in schema] == statements("schema")
    assert all(c[3]["database_"] == "partners" for c in schema)
    assert all(str(c[3]["routing_"]).endswith("WRITE") for c in schema)
    store.close()
    assert driver.closed


def test_upsert_uses_only_library_statements_parameters_and_small_batches(example_tables):
    driver = FakeDriver()
    store = Neo4jStore("neo4j://db.example:7687", database="partners", batch_size=50,
                       driver=driver)
    written = []
    store.upsert(example_tables, progress=written.append)
    runs = [c for c in driver.calls if c[0] == "tx.run"]
    assert runs
    texts = library_texts()
    values = {row[t.columns.index(column)] for t in example_tables
              for column in ("id", "name", "title", "description") if column in t.columns
              for row in t.rows}  # names and ids: the text a user wrote
    values = {v for v in values if v and len(v) > 6}
    for _, query, parameters, _ in runs:
        assert query in texts  # only the cypher/ files, never a built string
        assert set(parameters) == {"rows"}
        assert 1 <= len(parameters["rows"]) <= 50
        assert not any(v in query for v in values)  # values only as parameters
    sessions = [c for c in driver.calls if c[0] == "session"]
    assert sessions and all(c[3]["database"] == "partners" for c in sessions)
    assert all(c[3]["database_"] == "partners" for c in driver.calls
               if c[0] == "execute_query")
    assert sum(written) == sum(len(t) for t in example_tables)
    used = {q for _, q, _, _ in runs}
    for link in LINKS:  # every relationship of the example is written
        assert statement(link_file(link)) in used, link


def test_one_transaction_or_one_per_batch(example_tables):
    def transactions(**options):
        driver = FakeDriver()
        store = Neo4jStore("neo4j://db.example:7687", batch_size=40, driver=driver)
        driver.calls.clear()
        written = []
        store.upsert(example_tables, progress=written.append, **options)
        assert sum(written) == sum(len(t) for t in example_tables)
        groups, current = [], None
        for kind, _, parameters, _ in driver.calls:
            if kind == "transaction":
                current = []
                groups.append(current)
            elif kind == "tx.run":
                current.append(len(parameters["rows"]))
        return groups

    (whole,) = transactions()
    each = transactions(per_batch=True)
    assert len(each) == len(whole) > 1 and all(len(g) == 1 for g in each)
    assert [g[0] for g in each] == whole  # the same batches, each committed on its own


def test_a_failure_part_way_says_what_was_committed(example_tables):
    from neo4j.exceptions import Neo4jError

    class Failing(FakeDriver):
        def __init__(self, fail_at):
            super().__init__()
            self.fail_at = fail_at  # the transaction that fails, counting from 0

        def session(self, database=None, **kwargs):
            session = FakeSession(self, database)
            original = session.execute_write

            def execute_write(work, *args):
                if sum(c[0] == "transaction" for c in self.calls) == self.fail_at:
                    # As the driver builds it from the server's FAILURE message.
                    raise Neo4jError._hydrate_neo4j(
                        code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
                        message="dbms.memory.transaction.total.max threshold reached")
                return original(work, *args)

            session.execute_write = execute_write
            return session

    store = Neo4jStore("neo4j://db.example:7687", batch_size=40, driver=Failing(0))
    with pytest.raises(StoreError) as whole:
        store.upsert(example_tables)
    assert "nothing was written" in str(whole.value)
    assert "neo4j push --commit-every-batch" in str(whole.value)
    store = Neo4jStore("neo4j://db.example:7687", batch_size=40, driver=Failing(3))
    with pytest.raises(StoreError) as part:
        store.upsert(example_tables, per_batch=True)
    assert "3 of " in str(part.value) and "run the same command again" in str(part.value)


def test_hostile_values_stay_in_parameters():
    from lcii_graph.ingest.validate import TableData

    driver = FakeDriver()
    store = Neo4jStore("neo4j://db.example:7687", driver=driver)
    rows = [(f"id{i} {text}", text, "community") for i, text in enumerate(
        HOSTILE + ["MATCH (n) DETACH DELETE n", "') RETURN 1 //", "`injected`"])]
    store.upsert([TableData("organizations", ["id", "name", "sector"], rows)])
    (run,) = [c for c in driver.calls if c[0] == "tx.run"]
    assert run[1] == statement("upsert_organizations")
    assert [r["name"] for r in run[2]["rows"]] == [r[1] for r in rows]


def test_credentials_never_in_the_address_or_a_message(caplog):
    with pytest.raises(StoreError) as info:
        Neo4jStore("neo4j://alice:hunter2@db.example:7687", driver=FakeDriver())
    assert "hunter2" not in str(info.value) and "alice" not in str(info.value)
    assert redact("bolt+s://u:p@host:7687/x") == "bolt+s://***@host:7687/x"
    caplog.set_level(logging.DEBUG)
    secret = "S3cret-Passw0rd-xyz"
    with pytest.raises(StoreError) as info:
        Neo4jStore("neo4j://127.0.0.1:9", auth=("neo4j", secret))  # nothing listens there
    assert "cannot be reached" in str(info.value)
    assert secret not in str(info.value)
    assert all(secret not in record.getMessage() for record in caplog.records)


def test_cli_takes_credentials_from_the_environment_only(runner, monkeypatch, tmp_path):
    from lcii_graph.cli import cli

    monkeypatch.setenv("NEO4J_USERNAME", "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", "env-secret-value")
    result = runner.invoke(cli, ["--store", "neo4j://127.0.0.1:9", "stats"])
    assert result.exit_code == 5
    assert "cannot be reached" in result.stderr and "env-secret-value" not in result.output
    result = runner.invoke(cli, ["--store", "neo4j://neo4j:pw@127.0.0.1:9", "stats"])
    assert result.exit_code == 5 and "pw@" not in result.output
    assert "NEO4J_PASSWORD" in result.stderr


@pytest.mark.skipif(not LIVE_URI, reason=LIVE_SKIP)
class TestNeo4jContract(StoreContract):
    @pytest.fixture
    def make_store(self):
        auth = (os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ["NEO4J_PASSWORD"])

        def make(same: bool = False):
            store = Neo4jStore(LIVE_URI, auth=auth,
                               database=os.environ.get("LCII_TEST_NEO4J_DATABASE"))
            if not same:
                store._query("MATCH (n) DETACH DELETE n", write=True)
            return store

        return make


def test_neo4j_commands_need_a_neo4j_address(run):
    result = run("neo4j", "check")
    assert result.exit_code == 2
    assert "give the Neo4j address with --store neo4j://host:7687" in result.output


def test_neo4j_check_unreachable(runner, monkeypatch):
    from lcii_graph.cli import cli

    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    result = runner.invoke(cli, ["--store", "bolt://127.0.0.1:9", "neo4j", "check"])
    assert result.exit_code == 5
    assert result.stderr == ("Error: bolt://127.0.0.1:9: the Neo4j server cannot be reached; "
                             "is it running, and is the address right?\n")


def test_find_is_one_parameterized_query():
    driver = FakeDriver()
    store = Neo4jStore("neo4j://db.example:7687", driver=driver)
    driver.calls.clear()
    assert store.find("x'); MATCH (n) DETACH DELETE n //") is None
    (call,) = driver.calls
    assert call[1] == statement("find")
    assert call[2] == {"id": "x'); MATCH (n) DETACH DELETE n //"}
    assert str(call[3]["routing_"]).endswith("READ")


def test_push_commits_every_batch_when_asked(runner, monkeypatch, tmp_path, example_dir):
    import neo4j

    from lcii_graph import import_workbook
    from lcii_graph.cli import cli

    sqlite = tmp_path / "source.db"
    import_workbook(example_dir, str(sqlite))
    drivers = []

    def fake(uri, auth=None, **kwargs):
        drivers.append(FakeDriver())
        return drivers[-1]

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", fake)
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    for flags in ([], ["--commit-every-batch"]):
        result = runner.invoke(cli, ["--store", "neo4j://db.example:7687", "--batch-size", "40",
                                     "neo4j", "push", "--from", str(sqlite), *flags])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Pushed ")
    one, each = ([c[0] for c in d.calls if c[0] in ("transaction", "tx.run")] for d in drivers)
    assert one.count("transaction") == 1 and one.count("tx.run") > 1
    assert each == ["transaction", "tx.run"] * one.count("tx.run")


@pytest.mark.parametrize("address,shown", [
    ("NEO4J://user:pw-secret@127.0.0.1:9", "neo4j://***@127.0.0.1:9"),
    ("Bolt://user:pw-secret@127.0.0.1:9", "bolt://***@127.0.0.1:9"),
    ("bolt://user:pa/ss-secret@127.0.0.1:9", "bolt://***@127.0.0.1:9"),
    ("neo4j://user:pa@ss-secret@127.0.0.1:9", "neo4j://***@127.0.0.1:9"),
    ("neo4j+s://:pw-secret@127.0.0.1:9", "neo4j+s://***@127.0.0.1:9"),
    ("HTTP://user:pw-secret@example.org/x", "http://***@example.org/x"),
])
def test_credentials_in_any_address_are_refused_and_never_shown(runner, tmp_path, monkeypatch,
                                                                 address, shown):
    """The issue's cases: a scheme in capitals was taken for a file path (the password
    echoed, and made a folder on disk); `pa/ss` and `pa@ss` leaked part of it."""
    from lcii_graph.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    commands = [["stats"], ["import", str(tmp_path)], ["map", "m.html"]]
    if not address.startswith("HTTP"):
        commands.append(["neo4j", "check"])
    for args in commands:
        result = runner.invoke(cli, ["--store", address, *args])
        assert result.exit_code == 5, (args, result.output)
        assert "secret" not in result.output, result.output
        assert result.stderr == (f"Error: {shown}: put credentials in NEO4J_USERNAME and "
                                 "NEO4J_PASSWORD, not in the address\n")
    assert list(tmp_path.iterdir()) == []  # nothing written, no folder named after it


def test_a_scheme_in_capitals_is_still_neo4j(runner, monkeypatch, tmp_path):
    from lcii_graph.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    result = runner.invoke(cli, ["--store", "NEO4J://127.0.0.1:9", "stats"])
    assert result.exit_code == 5
    assert result.stderr == ("Error: neo4j://127.0.0.1:9: the Neo4j server cannot be "
                             "reached; is it running, and is the address right?\n")
    other = runner.invoke(cli, ["--store", "https://example.org/lcii.db", "stats"])
    assert other.exit_code == 5
    assert other.stderr.startswith("Error: https://example.org/lcii.db: not a store; give an "
                                   "SQLite file or a Neo4j address")
    assert list(tmp_path.iterdir()) == []
