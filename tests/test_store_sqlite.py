"""The SQLite store: the contract, plus what only a file can show."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from lcii_graph import import_workbook
from lcii_graph.errors import StoreError
from lcii_graph.ingest.validate import TableData
from lcii_graph.store import open_store, store_location
from lcii_graph.store.sqlite import SCHEMA_VERSION, SQLiteStore

from .conftest import file_digest, write_sheets
from .store_contract import StoreContract, org_rows


class TestSQLiteContract(StoreContract):
    @pytest.fixture
    def make_store(self, tmp_path):
        path = tmp_path / "contract.db"

        def make(same: bool = False):
            if not same and path.exists():
                raise AssertionError("one new store per test")
            return SQLiteStore(path)

        return make


def test_file_settings(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as store:
        conn = store.conn
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 30_000
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.integrity_check() == "ok"


def test_default_location_and_env(monkeypatch, tmp_path):
    assert store_location() == "lcii.db"
    monkeypatch.setenv("LCII_STORE", str(tmp_path / "env.db"))
    assert store_location() == str(tmp_path / "env.db")
    assert store_location("explicit.db") == "explicit.db"


def test_missing_store_is_not_created_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_not_a_store(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"not an lcii-graph store \(not an SQLite file\)"):
        open_store(path)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not an lcii-graph store"):
        open_store(other)


def test_newer_schema_refused(tmp_path):
    path = tmp_path / "future.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this lcii-graph understands"):
        open_store(path)


def test_neo4j_uri_opens_the_neo4j_store(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    with pytest.raises(StoreError, match="the Neo4j server cannot be reached"):
        open_store("neo4j://127.0.0.1:9")


def test_second_writer_waits_instead_of_failing(tmp_path):
    """A writer that finds the store locked waits for the first to finish."""
    path = tmp_path / "busy.db"
    SQLiteStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO organizations (id, name, sector) VALUES ('h', 'H', 'business')")
    done = {}

    def write():
        with SQLiteStore(path) as store:
            store.upsert([org_rows(("w", "W", "business"))])
            done["ok"] = True

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(0.5)
    assert "ok" not in done  # still waiting for the lock
    holder.execute("COMMIT")
    holder.close()
    thread.join(timeout=30)
    assert done == {"ok": True}
    with SQLiteStore(path) as store:
        assert [o["id"] for o in store.read("organizations")] == ["h", "w"]


def test_identifiers_only_from_the_schema(tmp_path):
    """Table and column names never come from outside the schema."""
    from lcii_graph.ingest.validate import TableData

    with SQLiteStore(tmp_path / "s.db") as store:
        with pytest.raises(KeyError):
            store.read('organizations"; DROP TABLE people; --')
        with pytest.raises(ValueError, match="not columns of the sheet"):
            store.upsert([TableData("organizations", ["id", "name", "sector", 'x"; --'],
                                    [("a", "A", "business", 1)])])
        assert store.count("people") == 0


def test_a_version_1_store_is_migrated(tmp_path):
    """Stores written before snapshots existed gain them on the first write, data intact;
    reading them changes nothing."""
    from lcii_graph.store import sqlite as module

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in module._split_sql(module._schema_v1()):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO organizations (id, name, sector) VALUES ('a', 'A', 'business')")
    conn.commit()
    conn.close()
    before = file_digest(path)
    with SQLiteStore(path, create=False) as store:  # a read: no migration, no WAL
        assert store.schema_version == 1
        assert store.read("organizations")[0]["name"] == "A"
        assert store.list_snapshots() == []
    assert file_digest(path) == before
    with SQLiteStore(path) as store:
        store.create_snapshot("after-upgrade")
        assert store.schema_version == SCHEMA_VERSION == 5
        assert [s["label"] for s in store.list_snapshots()] == ["after-upgrade"]


def test_a_version_3_store_reads_without_custom_fields_and_gains_them_on_write(tmp_path):
    """Version 4 added the custom fields' column: a version 3 store reads them as empty
    and is not changed by reading; its first write adds the column."""

    path = _store_at(tmp_path / "v3.db", 3)
    before = file_digest(path)
    with SQLiteStore(path, create=False) as store:
        assert store.read("organizations")[0]["custom"] is None
        assert store.find("a")[1]["custom"] is None
    assert file_digest(path) == before
    with SQLiteStore(path) as store:
        store.upsert([TableData("organizations", ["id", "name", "sector", "custom"],
                                [("a", "A", "business", '{"Ward": "3"}')])])
        assert store.schema_version == SCHEMA_VERSION
        assert store.read("organizations")[0]["custom"] == '{"Ward": "3"}'


def _store_at(path, version: int):
    """A store written by schema ``version``, holding one organization 'a'."""
    from lcii_graph.store import sqlite as module

    conn = sqlite3.connect(path)
    for migration in module.MIGRATIONS[:version]:
        for statement in module._split_sql(migration()):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO organizations (id, name, sector) VALUES ('a', 'A', 'business')")
    conn.commit()
    conn.close()
    return path


def test_a_version_4_store_has_no_assessments_and_gains_the_tables_on_write(tmp_path):
    """Version 5 added the stakeholder sheets. A version 4 store reads as having none (and
    is still ours), unchanged by reading; its first write adds the tables."""

    path = _store_at(tmp_path / "v4.db", 4)
    before = file_digest(path)
    with SQLiteStore(path, create=False) as store:
        assert (store.read("assessments"), store.count("interactions")) == ([], 0)
        assert store.read("organizations")[0]["name"] == "A"
    assert file_digest(path) == before
    with SQLiteStore(path) as store:
        store.upsert([TableData("assessments", ["id", "organization", "date", "stance"],
                                [("x", "a", "2026-01-01", "champion")])])
        assert store.schema_version == 5
        assert store.read("assessments")[0]["stance"] == "champion"
        with pytest.raises(Exception, match="CHECK"):
            store.upsert([TableData("assessments", ["id", "organization", "date", "stance"],
                                    [("y", "a", "2026-01-01", "hostile")])])


def test_a_version_2_store_reads_its_ties_source_as_provenance_and_renames_it_on_write(
        tmp_path):
    """Version 3 renamed the ties' `source` to `provenance`. A version 2 store is read under
    the new name without being changed; its first write renames the column (the CHECK
    with it) and its older snapshots read under the new name too."""
    from lcii_graph.store import sqlite as module

    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path)
    for migration in (module._schema_v1, module._schema_v2):
        for statement in module._split_sql(migration()):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.executescript(
        "INSERT INTO organizations (id, name, sector) VALUES ('a', 'A', 'business'), "
        "('b', 'B', 'nonprofit');"
        "INSERT INTO ties (id, \"from\", \"to\", kind, source) "
        "VALUES ('t', 'a', 'b', 'mou', 'survey');"
        "INSERT INTO snapshots VALUES ('old', '2024-01-01', '2024-01-01T00:00:00Z');"
        "INSERT INTO snapshot_rows VALUES ('old', 'ties', 't', "
        "'{\"id\": \"t\", \"from\": \"a\", \"to\": \"b\", \"kind\": \"mou\", "
        "\"source\": \"document\"}');")
    conn.commit()
    conn.close()
    before = file_digest(path)
    with SQLiteStore(path, create=False) as store:
        assert store.schema_version == 2
        assert store.read("ties")[0]["provenance"] == "survey"
        assert store.find("t")[1]["provenance"] == "survey"
        assert store.read_snapshot("old")[1]["ties"][0]["provenance"] == "document"
    assert file_digest(path) == before  # reading changed nothing
    with SQLiteStore(path) as store:
        store.upsert([TableData("organizations", ["id", "name", "sector"],
                                [("c", "C", "community")])])
        assert store.schema_version == SCHEMA_VERSION
        assert store.read("ties")[0]["provenance"] == "survey"
        assert store.read_snapshot("old")[1]["ties"][0]["provenance"] == "document"
        with pytest.raises(StoreError):  # the vocabulary still holds under the new name
            store.upsert([TableData("ties", ["id", "from", "to", "provenance"],
                                    [("u", "a", "c", "gossip")])])


def _foreign(path, version):
    """Another program's SQLite file that happens to carry a user_version."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.execute("INSERT INTO notes VALUES ('theirs')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("version", [0, 1, 2])
def test_another_programs_sqlite_file_is_left_byte_for_byte(tmp_path, runner, version):
    """The issue's case: `stats` on such a file switched it to WAL (and migrated a
    version 1); an import, a dry run or a refusal must not touch it either."""
    from lcii_graph.cli import cli

    path = _foreign(tmp_path / "theirs.db", version)
    before = file_digest(path)
    for args in (["stats"], ["list", "organizations"], ["snapshot", "list"],
                 ["gaps"], ["snapshot", "create", "x"]):
        result = runner.invoke(cli, ["--store", str(path), *args])
        assert result.exit_code == 5, (args, result.output)
        assert result.stderr == f"Error: {path} is an SQLite file but not an lcii-graph " \
                                "store; nothing was changed\n"
    assert file_digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]  # no -wal, -shm


def test_an_empty_file_is_not_made_into_a_store(tmp_path, runner, small_workbook):
    from lcii_graph.cli import cli

    path = tmp_path / "lcii.db"
    path.touch()
    for args in (["stats"], ["import", str(small_workbook)],
                 ["import", str(small_workbook), "--dry-run"]):
        result = runner.invoke(cli, ["--store", str(path), *args])
        assert result.exit_code == 5, (args, result.output)
        assert "is an empty file, not an lcii-graph store; nothing was changed" in \
            result.stderr
    assert path.read_bytes() == b""


def test_an_old_store_is_not_migrated_by_a_dry_run_or_a_refused_import(tmp_path, runner,
                                                                       small_workbook):
    from lcii_graph.cli import cli
    from lcii_graph.store import sqlite as module

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in module._split_sql(module._schema_v1()):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = file_digest(path)
    dry = runner.invoke(cli, ["--store", str(path), "import", str(small_workbook), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    bad = tmp_path / "bad"
    write_sheets(bad, {"organizations": [["id", "name", "sector"], ["x", "X", "martian"]]})
    refused = runner.invoke(cli, ["--store", str(path), "import", str(bad)])
    assert refused.exit_code == 3
    assert file_digest(path) == before


def test_a_read_only_store_refuses_writes_with_exit_5(tmp_path, runner, small_workbook):
    """The issue's case: `snapshot create` on a read-only store exited 1."""
    import os
    import shutil
    import subprocess

    from lcii_graph.cli import cli

    path = tmp_path / "ro" / "lcii.db"
    import_workbook(small_workbook, str(path))
    before = file_digest(path)
    # Root writes through file modes; the immutable attribute stops root too.
    immutable = os.geteuid() == 0
    if immutable and (not shutil.which("chattr") or subprocess.run(
            ["chattr", "+i", str(path)], capture_output=True).returncode):
        pytest.skip("running as root where chattr +i is not available")
    if not immutable:
        os.chmod(path, 0o444)
        os.chmod(path.parent, 0o555)
    changed = write_sheets(tmp_path / "changed", {
        "organizations": [["id", "name", "sector"], ["newco", "New Co", "business"]]})
    try:
        for args in (["snapshot", "create", "x"], ["import", str(changed)]):
            result = runner.invoke(cli, ["--store", str(path), *args])
            assert result.exit_code == 5 and "Traceback" not in result.output, result.output
            assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        # The same workbook again changes no row, so it needs no write: it is read,
        # compared and reported unchanged.
        again = runner.invoke(cli, ["--store", str(path), "import", str(small_workbook)])
        assert again.exit_code == 0, again.output
        assert " (0 new, 0 changed, " in again.output
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            os.chmod(path.parent, 0o755)
            os.chmod(path, 0o644)
    assert file_digest(path) == before


def test_a_damaged_store_is_a_store_error(tmp_path, runner, small_workbook):
    """The issue's case: a corrupt page exited 1 ("a bug")."""
    from lcii_graph.cli import cli

    path = tmp_path / "lcii.db"
    import_workbook(small_workbook, str(path))
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data)):  # every page after the schema's
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    result = runner.invoke(cli, ["--store", str(path), "list", "organizations"])
    assert result.exit_code == 5, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"Error: {path}: the store could not be read") or \
        result.stderr.startswith(f"Error: {path} is not a readable"), result.stderr


def test_a_bulk_write_checks_its_references_once_after_and_as_strictly(tmp_path,
                                                                       monkeypatch):
    """A write of many new rows has its references checked after the rows are in (one
    pass, PRAGMA foreign_key_check) instead of row by row: a dangling one is refused
    just the same, naming the row and column, nothing written; foreign keys are on
    again afterwards, whichever way the write ended."""
    from lcii_graph.store import sqlite as sqlite_module

    monkeypatch.setattr(sqlite_module, "CHECK_AFTER_ROWS", 2)
    checked = []
    real = SQLiteStore._references_checked
    monkeypatch.setattr(SQLiteStore, "_references_checked",
                        lambda self, sheets: checked.append(sheets) or real(self, sheets))
    orgs = TableData("organizations", ["id", "name", "sector"],
                     [("a", "A", "business"), ("b", "B", "nonprofit")])
    with SQLiteStore(tmp_path / "s.db") as store:
        with pytest.raises(StoreError, match=(
                r"the store refused the rows \(FOREIGN KEY constraint failed: ties 't2' "
                r"names in 'to' a row of organizations that is not there\); nothing was "
                r"written")):
            store.upsert([orgs, TableData("ties", ["id", "from", "to"],
                                          [("t1", "a", "b"), ("t2", "a", "missing")])])
        assert checked == [{"organizations", "ties"}]
        assert store.count("organizations") == store.count("ties") == 0
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        store.upsert([orgs, TableData("ties", ["id", "from", "to"], [("t1", "a", "b")])])
        assert store.count("ties") == 1 and len(checked) == 2
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        # Fewer rows than the tables hold already: checked row by row, as strictly.
        with pytest.raises(StoreError, match=r"\(FOREIGN KEY constraint failed\); nothing"):
            store.upsert([TableData("ties", ["id", "from", "to"], [("t3", "a", "gone")])])
        assert len(checked) == 2 and store.count("ties") == 1


def test_a_bulk_write_interrupted_leaves_foreign_keys_on(tmp_path, monkeypatch):
    """Ctrl-C in the middle of a bulk write (references checked after): nothing written,
    and the next write on the same connection is checked row by row again."""
    from lcii_graph.store import sqlite as sqlite_module

    monkeypatch.setattr(sqlite_module, "CHECK_AFTER_ROWS", 2)
    orgs = TableData("organizations", ["id", "name", "sector"],
                     [("a", "A", "business"), ("b", "B", "nonprofit")])
    real = SQLiteStore._upsert_table

    def interrupted(self, table, sql, progress):
        real(self, table, sql, progress)
        raise KeyboardInterrupt

    with SQLiteStore(tmp_path / "s.db") as store:
        with monkeypatch.context() as m:
            m.setattr(SQLiteStore, "_upsert_table", interrupted)
            with pytest.raises(KeyboardInterrupt):
                store.upsert([orgs])
        assert store.count("organizations") == 0
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert not store.conn.in_transaction
        store.upsert([orgs])
        with pytest.raises(StoreError, match=r"\(FOREIGN KEY constraint failed\); nothing"):
            store.upsert([TableData("ties", ["id", "from", "to"], [("t", "a", "gone")])])


def test_stored_rows_become_the_dicts_of_their_columns():
    """Each sheet's rows become {column: value} in column order, a boolean column's
    stored value as bool (None kept), whatever SQLite hands back; a row of another
    length is refused, never taken for one with the converter's own argument."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lcii_graph.model.schema import SHEETS
    from lcii_graph.store.sqlite import _BOOL_COLUMNS, _rows

    stored = st.none() | st.integers(-2, 2) | st.floats(allow_nan=False) | st.text(max_size=3) \
        | st.binary(max_size=2)

    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(SHEETS), st.data())
    def check(sheet, data):
        rows = data.draw(st.lists(st.tuples(*[stored] * len(sheet.columns)), max_size=4))
        got = _rows(sheet.name, sheet.columns, iter(rows))
        expected = [{c: bool(v) if c in _BOOL_COLUMNS[sheet.name] and v is not None else v
                     for c, v in zip(sheet.columns, row, strict=True)} for row in rows]
        assert got == expected
        assert [list(r) for r in got] == [list(sheet.columns)] * len(rows)
        assert all(type(r[c]) is bool for r in got for c in _BOOL_COLUMNS[sheet.name]
                   if r[c] is not None)

    check()
    ties = next(s for s in SHEETS if s.name == "ties")
    with pytest.raises(TypeError):
        _rows("ties", ties.columns, [tuple(range(len(ties.columns) + 1))])


needs_two = pytest.mark.skipif(
    not __import__("lcii_graph.processes").processes.second_processor(),
    reason="reading aside needs a second processor and fork")


@pytest.fixture
def example_store(tmp_path, example_dir):
    path = tmp_path / "s.db"
    import_workbook(example_dir, str(path))
    return path


def _read_all(path, processes: str, monkeypatch):
    monkeypatch.setenv("LCII_PROCESSES", processes)
    with open_store(path) as s:
        return s.read_all_hashed()


@needs_two
def test_the_largest_sheet_read_aside_gives_the_same_rows_and_hash(example_store,
                                                                   monkeypatch):
    """Read in a second process (READ_ASIDE_ROWS met) or here: the same rows, in the same
    order, and the same hash; below READ_ASIDE_ROWS nothing is started."""
    from lcii_graph import processes
    from lcii_graph.store import sqlite as module

    alone = _read_all(example_store, "1", monkeypatch)
    started = []
    real = processes.start
    monkeypatch.setattr(processes, "start", lambda work: started.append(1) or real(work))
    assert _read_all(example_store, "2", monkeypatch) == alone and not started
    monkeypatch.setattr(module, "READ_ASIDE_ROWS", 1)
    assert _read_all(example_store, "2", monkeypatch) == alone and started == [1]
    assert len(alone[1]) == 40


@needs_two
def test_a_write_while_two_processes_read_is_never_half_seen(example_store, monkeypatch):
    """Another program commits while this process and the second one read: the rows
    returned are all of one moment (read again, after the write), their hash theirs."""
    from lcii_graph.store import sqlite as module

    monkeypatch.setattr(module, "READ_ASIDE_ROWS", 1)
    real = SQLiteStore.read
    written = []

    def read_then_write(self, sheet, **kwargs):
        if not written:
            written.append(sheet)
            with sqlite3.connect(self.path) as other:
                other.execute('UPDATE organizations SET "name" = "name" || \'!\'')
                other.execute('UPDATE ties SET "strength" = 3')
                other.execute('UPDATE memberships SET "role" = \'observer\'')
        return real(self, sheet, **kwargs)

    monkeypatch.setattr(SQLiteStore, "read", read_then_write)
    during = _read_all(example_store, "2", monkeypatch)
    monkeypatch.setattr(SQLiteStore, "read", real)
    after = _read_all(example_store, "1", monkeypatch)
    assert written and during == after
    records = during[0]
    assert all(r["name"].endswith("!") for r in records["organizations"])
    assert {r["strength"] for r in records["ties"]} == {3}
    assert {r["role"] for r in records["memberships"]} == {"observer"}


@needs_two
def test_a_second_process_that_fails_is_read_here(example_store, monkeypatch):
    from lcii_graph.store import sqlite as module

    alone = _read_all(example_store, "1", monkeypatch)
    monkeypatch.setattr(module, "READ_ASIDE_ROWS", 1)

    def broken(path, select):
        raise MemoryError

    monkeypatch.setattr(module, "_read_aside", broken)
    assert _read_all(example_store, "2", monkeypatch) == alone
