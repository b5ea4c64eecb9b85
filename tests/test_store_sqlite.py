"""The SQLite store: the contract, plus what only a file can show."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from lcii_graph.errors import StoreError
from lcii_graph.store import open_store, store_location
from lcii_graph.store.sqlite import SCHEMA_VERSION, SQLiteStore

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
    with pytest.raises(StoreError, match="not a readable lcii-graph store"):
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
    """Stores written before snapshots existed gain them on first open, data intact."""
    from lcii_graph.store import sqlite as module

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in module._split_sql(module._schema_v1()):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO organizations (id, name, sector) VALUES ('a', 'A', 'business')")
    conn.commit()
    conn.close()
    with SQLiteStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 2
        assert store.read("organizations")[0]["name"] == "A"
        store.create_snapshot("after-upgrade")
        assert [s["label"] for s in store.list_snapshots()] == ["after-upgrade"]
