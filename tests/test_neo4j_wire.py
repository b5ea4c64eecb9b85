"""The Neo4j store through the real neo4j driver, over a real socket, to a scripted Bolt
server (tests/bolt_stub.py): what reaches the wire, where the driver routes it, and that
rows survive the trip. Cypher itself is not run here (no Neo4j server can be installed on
the project's machines); the live tests do that against a real Neo4j 5.
"""

from __future__ import annotations

import json

import pytest

from lcii_graph import check_workbook, import_workbook, open_store
from lcii_graph.model.schema import SHEETS
from lcii_graph.store.cypher_files import statement
from lcii_graph.store.neo4j import NODE_SHEETS, Neo4jStore

from .bolt_stub import BoltStub, Failure
from .store_contract import StoreContract

RELATIONSHIP_SHEETS = ("memberships", "ties")


class Rows:
    """Answers the store's statements the way their files say, for rows by id (enough
    for the transport to be checked; the Cypher semantics are the live tests')."""

    def __init__(self):
        self.sheets = {s.name: {} for s in SHEETS}
        self.snapshots: dict[str, dict] = {}
        self.by_text = {}
        for sheet in SHEETS:
            self.by_text[statement(f"read_{sheet.name}")] = ("read", sheet.name)
            self.by_text[statement(f"delete_{sheet.name}")] = ("delete", sheet.name)
            if sheet.name in NODE_SHEETS:
                self.by_text[statement(f"upsert_{sheet.name}")] = ("write", sheet.name)
        for sheet in RELATIONSHIP_SHEETS:
            for name in ("organization", "person") if sheet == "memberships" else ("from",):
                self.by_text[statement(f"link_{sheet}_{name}")] = ("write", sheet)

    def __call__(self, query, parameters):
        snapshot = self.snapshot(query, parameters)
        if snapshot is not None:
            return snapshot
        if query == statement("find"):
            kinds = {s.name: s.kind.value for s in SHEETS if s.kind is not None}
            kinds.update(memberships="MEMBER_OF", ties="PARTNERS_WITH")
            return ["kind", "row"], [[kinds[sheet], rows[parameters["id"]]]
                                     for sheet, rows in self.sheets.items()
                                     if sheet in kinds and parameters["id"] in rows]
        if query == statement("existing_ids"):
            labels = {s.name: s.kind.value for s in SHEETS if s.kind is not None}
            return ["kind", "id"], [[labels[sheet], id_] for sheet, rows in self.sheets.items()
                                    if sheet in labels for id_ in parameters["ids"]
                                    if id_ in rows]
        action, sheet = self.by_text.get(query, (None, None))
        if action == "write":
            for row in parameters["rows"]:
                kept = self.sheets[sheet].setdefault(row["id"], {})
                kept.update(row)
                for column in [c for c, v in kept.items() if v is None]:
                    del kept[column]  # SET n += {c: null} removes c
        if action == "delete":
            for id_ in parameters["ids"]:
                self.sheets[sheet].pop(id_, None)
        if action == "read":
            return ["row"], [[self.sheets[sheet][k]] for k in sorted(self.sheets[sheet])]
        return [], []

    def snapshot(self, query, parameters):
        """The snapshot statements, on a dict of Snapshot nodes by label."""
        shots = self.snapshots
        label = parameters.get("label")
        if query == statement("snapshot_count"):
            return ["n"], [[int(label in shots)]]
        if query == statement("snapshot_create"):
            shots[label] = dict(parameters)
            return ["label"], [[label]]
        if query == statement("snapshot_list"):
            keys = ["label", "date", "created", "rows"]
            return keys, [[shot[k] for k in keys] for shot in sorted(
                shots.values(), key=lambda x: (x["date"], x["created"], x["label"]))]
        if query == statement("snapshot_read"):
            keys = ["label", "date", "created", "data"]
            return keys, [[shots[label][k] for k in keys]] if label in shots else []
        if query == statement("snapshot_delete"):
            return ["deleted"], [[int(shots.pop(label, None) is not None)]]
        return None


@pytest.fixture
def example_tables(example_dir):
    return list(check_workbook(example_dir).tables.values())


def test_a_push_travels_whole_and_comes_back_the_same(example_dir, example_tables, tmp_path):
    source = tmp_path / "source.db"
    import_workbook(example_dir, str(source))
    with BoltStub(Rows()) as stub:
        store = Neo4jStore(stub.uri, auth=("neo4j", "wire-secret"), database="partners",
                           batch_size=40)
        stub.seen.clear()
        store.upsert(example_tables)
        writes = [s for s in stub.seen if s.role == "writer"]
        names = [s.name for s in writes if s.name in ("BEGIN", "RUN", "COMMIT")]
        # One transaction around every batch, on the writer, in database "partners".
        assert names[0] == "BEGIN" and names[-1] == "COMMIT"
        assert names.count("BEGIN") == names.count("COMMIT") == 1
        runs = stub.of("RUN", "writer")
        assert runs and all(1 <= len(r.fields[1]["rows"]) <= 40 for r in runs)
        assert all(set(r.fields[1]) == {"rows"} for r in runs)  # values only as parameters
        assert stub.of("BEGIN", "writer")[0].fields[0]["db"] == "partners"
        assert not stub.of("RUN", "reader")

        stub.seen.clear()
        with open_store(source) as sqlite:
            for sheet in SHEETS:
                assert store.read(sheet.name) == sqlite.read(sheet.name), sheet.name
        reads = stub.of("RUN")
        assert reads and all(r.role == "reader" for r in reads)  # routed to readers
        assert all(b.fields[0].get("mode") == "r" and b.fields[0]["db"] == "partners"
                   for b in stub.of("BEGIN"))
        store.close()
    hello = [s for s in stub.seen if s.name in ("HELLO", "LOGON")]
    assert all("wire-secret" not in repr(s.fields) for s in hello if s.name == "HELLO")


def test_per_batch_commits_each_batch(example_tables):
    with BoltStub(Rows()) as stub:
        store = Neo4jStore(stub.uri, auth=("neo4j", "x"), batch_size=40)
        stub.seen.clear()
        store.upsert(example_tables, per_batch=True)
        names = [s.name for s in stub.seen
                 if s.role == "writer" and s.name in ("BEGIN", "RUN", "COMMIT")]
        assert names == ["BEGIN", "RUN", "COMMIT"] * names.count("RUN")
        assert all(b.fields[0]["db"] == "neo4j" for b in stub.of("BEGIN"))
        store.close()


def test_server_refusals_become_the_tools_messages(example_tables, runner, monkeypatch):
    from lcii_graph.cli import cli
    from lcii_graph.errors import StoreError

    with BoltStub(Rows(), password="right") as stub:
        monkeypatch.setenv("NEO4J_PASSWORD", "wrong-secret")
        result = runner.invoke(cli, ["--store", stub.uri, "stats"])
        assert result.exit_code == 5
        assert result.stderr == (f"Error: {stub.uri}: authentication failed; check "
                                 "NEO4J_USERNAME and NEO4J_PASSWORD\n")

    def refusing(code, after):
        rows, count = Rows(), [0]

        def handler(query, parameters):
            if "rows" in parameters:
                count[0] += 1
                if count[0] > after:
                    raise Failure(code)
            return rows(query, parameters)

        return handler

    memory = "Neo.ClientError.General.TransactionOutOfMemoryError"
    for per_batch, said in (
            (False, r"nothing was written\. Write in one transaction per batch: .* neo4j push "
                    r"--commit-every-batch"),
            (True, r"2 of \d+ batches were committed; run the same command again to finish "
                   r".*\. Use smaller batches \(--batch-size, now 40\)")):
        with BoltStub(refusing(memory, after=2)) as stub:
            store = Neo4jStore(stub.uri, auth=("neo4j", "x"), batch_size=40)
            with pytest.raises(StoreError, match=said):
                store.upsert(example_tables, per_batch=per_batch)
            store.close()
    with BoltStub(refusing("Neo.ClientError.Schema.ConstraintValidationFailed", 0)) as stub:
        store = Neo4jStore(stub.uri, auth=("neo4j", "x"))
        with pytest.raises(StoreError, match="a constraint refused the rows"):
            store.upsert(example_tables)
        store.close()


def test_check_push_and_pull_commands_over_the_wire(runner, monkeypatch, example_dir,
                                                     tmp_path):
    from lcii_graph.cli import cli
    from lcii_graph.store.cypher_files import statements

    from .conftest import dump

    source, copy = tmp_path / "source.db", tmp_path / "copy.db"
    import_workbook(example_dir, str(source))
    rows = Rows()
    names = [text.split()[2] for text in statements("schema") if "CONSTRAINT" in text]

    def handler(query, parameters):
        if query == statement("schema_state"):
            return ["name", "type"], [[n, "UNIQUENESS"] for n in sorted(names)]
        return rows(query, parameters)

    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    with BoltStub(handler) as stub:
        result = runner.invoke(cli, ["--store", stub.uri, "neo4j", "check"])
        assert result.output == (f"Connected to {stub.uri}, database neo4j: Neo4j/5.26.0 "
                                 f"(Bolt 5.3); {len(names)} constraints.\n")
        pushed = runner.invoke(cli, ["--store", stub.uri, "neo4j", "push", "--from",
                                     str(source)])
        assert pushed.exit_code == 0, pushed.output
        pulled = runner.invoke(cli, ["--store", stub.uri, "neo4j", "pull", "--into",
                                     str(copy)])
        assert pulled.exit_code == 0, pulled.output
        stats = runner.invoke(cli, ["--store", stub.uri, "stats", "--json"])
    assert dump(copy) == dump(source)
    with open_store(source) as s:
        total, organizations = sum(s.counts().values()), s.count("organizations")
    assert pushed.output == f"Pushed {total} rows from {source} to {stub.uri}.\n"
    assert pulled.output == f"Pulled {total} rows from {stub.uri} into {copy}.\n"
    assert json.loads(stats.output)["organizations"] == organizations


def test_a_snapshot_too_large_for_the_server_says_where_to_take_it():
    from lcii_graph.errors import StoreError

    rows = Rows()

    def handler(query, parameters):
        if query == statement("snapshot_create"):  # (a transient error would be retried
            # by the driver for 30 s first)
            raise Failure("Neo.ClientError.General.TransactionOutOfMemoryError")
        if query == statement("snapshot_count"):
            return ["n"], [[0]]
        return rows(query, parameters)

    with BoltStub(handler) as stub:
        store = Neo4jStore(stub.uri, auth=("neo4j", "x"))
        with pytest.raises(StoreError, match=r"no snapshot was taken\. Copy the store into "
                                             r"a file \(lcii-graph neo4j pull"):
            store.create_snapshot("big")
        store.close()


def test_import_then_analyses_on_the_neo4j_store(runner, monkeypatch, example_dir, tmp_path):
    """`import` into Neo4j, then `gaps` and `metrics` loading the network through the
    driver: the same answers as on the SQLite file."""
    from lcii_graph.cli import cli

    sqlite = tmp_path / "lcii.db"
    import_workbook(example_dir, str(sqlite))
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    with BoltStub(Rows()) as stub:
        imported = runner.invoke(cli, ["--store", stub.uri, "import", str(example_dir)])
        assert imported.exit_code == 0, imported.output
        with open_store(sqlite) as s:
            total = sum(s.counts().values())
        assert imported.output.endswith(f"into {stub.uri} ({total} new, 0 changed, 0 "
                                        "unchanged).\n")
        for command in (["gaps", "--json"], ["metrics", "--json"], ["capital", "--json"]):
            over_the_wire = runner.invoke(cli, ["--store", stub.uri, *command])
            from_file = runner.invoke(cli, ["--store", str(sqlite), *command])
            assert over_the_wire.exit_code == from_file.exit_code == 0
            assert json.loads(over_the_wire.output) == json.loads(from_file.output), command


def test_snapshots_and_diff_over_the_wire(runner, monkeypatch, example_dir, tmp_path):
    from lcii_graph.cli import cli

    sqlite = tmp_path / "lcii.db"
    import_workbook(example_dir, str(sqlite))
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    with BoltStub(Rows()) as stub:
        assert runner.invoke(cli, ["--store", stub.uri, "import", str(example_dir)]
                             ).exit_code == 0
        for store in (stub.uri, str(sqlite)):
            made = runner.invoke(cli, ["--store", store, "snapshot", "create", "first",
                                       "--date", "2024-06-30"])
            assert made.exit_code == 0, made.output
        listed = [runner.invoke(cli, ["--store", store, "snapshot", "list", "--json"])
                  for store in (stub.uri, str(sqlite))]
        assert [r["label"] for r in json.loads(listed[0].output)] == ["first"]
        diffs = [runner.invoke(cli, ["--store", store, "diff", "first", "--json"])
                 for store in (stub.uri, str(sqlite))]
        assert json.loads(diffs[0].output) == json.loads(diffs[1].output)
        twice = runner.invoke(cli, ["--store", stub.uri, "snapshot", "create", "first"])
        assert twice.exit_code == 5 and "exists" in twice.stderr
        assert runner.invoke(cli, ["--store", stub.uri, "snapshot", "delete", "first"]
                             ).exit_code == 0
        assert json.loads(runner.invoke(cli, ["--store", stub.uri, "snapshot", "list",
                                              "--json"]).output) == []


def test_the_store_refuses_what_sqlite_constraints_refuse(example_tables):
    """Neo4j has no CHECK or foreign keys: the store refuses a value outside its vocabulary
    and a reference to an id it cannot find (here or in the database) before writing."""
    from lcii_graph.errors import StoreError
    from lcii_graph.ingest.validate import TableData

    with BoltStub(Rows()) as stub:
        store = Neo4jStore(stub.uri, auth=("neo4j", "x"))
        with pytest.raises(StoreError, match="organizations.sector: 'not-a-sector' is not "
                                             "one of business, community, government"):
            store.upsert([TableData("organizations", ["id", "name", "sector"],
                                    [("a", "A", "not-a-sector")])])
        store.upsert([TableData("organizations", ["id", "name", "sector"],
                                [("a", "A", "business")])])
        stub.seen.clear()
        with pytest.raises(StoreError, match="ties.to: no organization has id 'missing'; "
                                             "nothing was written"):
            store.upsert([TableData("organizations", ["id", "name", "sector"],
                                    [("b", "B", "business")]),
                          TableData("ties", ["id", "from", "to"], [("t", "a", "missing")])])
        assert not stub.of("BEGIN", "writer")  # refused before any write
        (asked,) = [s for s in stub.of("RUN") if "ids" in s.fields[1]]
        assert asked.fields[1]["ids"] == ["a", "missing"]  # b is in the rows themselves
        store.upsert([TableData("ties", ["id", "from", "to"], [("t", "a", "a")])])  # known
        store.close()


class TestContractOverTheWire(StoreContract):
    """The store contract through the real driver to the stub, whose `Rows` does what
    each cypher/ file says by the file's name: this checks the store's own code (its
    checks, conversions, snapshots, lookups) end to end; the live run checks the Cypher."""

    @pytest.fixture
    def make_store(self):
        rows = Rows()
        with BoltStub(rows) as stub:
            def make(same: bool = False):
                if not same:
                    rows.__init__()
                return Neo4jStore(stub.uri, auth=("neo4j", "x"))

            yield make
