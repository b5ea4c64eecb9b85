"""A large write's rows bound in a forked child (``lcii_graph/store/staging.py``): the
store holds, value for value and type for type, what it holds when every row is bound
in one process, whatever becomes of the child, and the scratch folder goes."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
import time
from types import SimpleNamespace

import pytest

from lcii_graph.errors import StoreError
from lcii_graph.ingest.validate import TableData
from lcii_graph.store import sqlite as sqlite_module
from lcii_graph.store import staging
from lcii_graph.store.sqlite import SQLiteStore

from .test_store_sqlite import _store_at

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="staging forks a child")


def _tables() -> list[TableData]:
    """Rows of every kind of value a validated workbook hands the store: text (accents,
    emoji, a quote, empty), None, booleans, integers (also as text), floats to the last
    bit (also an integer into a REAL column), custom fields' JSON; ids out of order."""
    orgs = TableData("organizations", ["id", "name", "sector", "anchor", "notes", "custom"], [
        (f"o{i:03d}", f"Org {i} – café 🌱 \"q\"", "nonprofit" if i % 2 else "business",
         bool(i % 3), None if i % 4 else "", '{"x": "1"}' if i % 5 == 0 else None)
        for i in reversed(range(60))])
    ties = TableData("ties", ["id", "from", "to", "kind", "strength", "trust", "confirmed"], [
        (f"t{i:03d}", f"o{i % 60:03d}", f"o{(i * 7 + 1) % 60:03d}", "mou", 1 + i % 4,
         str(1 + i % 4) if i % 2 else None, i % 2 == 0)
        for i in reversed(range(70))])
    amounts = [0.1 + 0.2, 1e300, 5e-324, 2**53 + 1, "7", 0.0, None, 1 / 3]
    commitments = TableData("commitments", ["id", "maker", "type", "amount"], [
        (f"c{i:02d}", f"o{i:03d}", "in_kind", amounts[i % len(amounts)])
        for i in reversed(range(20))])
    jurisdictions = TableData("jurisdictions", ["id", "name", "level", "parent"], [
        ("j2", "Town", "city", "j1"), ("j1", "State", "state", None)])
    return [jurisdictions, orgs, ties, commitments]


def _stored(path) -> tuple[str, list]:
    """The store's hash of its rows, and every value of the written tables with its
    SQLite type, in rowid order."""
    with SQLiteStore(path) as store:
        digest = store.read_all_hashed()[1]
        typed = [row for sheet in ("jurisdictions", "organizations", "ties", "commitments")
                 for row in store.conn.execute(
                     f'SELECT rowid, * FROM "{sheet}" ORDER BY rowid').fetchall()]
        typed += store.conn.execute("SELECT typeof(amount), amount FROM commitments").fetchall()
    return digest, typed


@pytest.fixture
def staged(monkeypatch, tmp_path):
    """Every write of two rows or more is a bulk write, staged; scratch folders are made
    in ``scratch``; ``copied`` lists the sheets copied in from one."""
    monkeypatch.setattr(sqlite_module, "CHECK_AFTER_ROWS", 2)
    monkeypatch.setattr(staging, "STAGE_ROWS", 2)
    monkeypatch.setattr(sqlite_module, "BATCH_ROWS", 7)  # copied in several batches
    monkeypatch.setattr(staging.processes, "second_processor", lambda: True)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    copied: list[str] = []
    real = SQLiteStore._copy_staged

    def copy(self, table, progress):
        copied.append(table.sheet)
        real(self, table, progress)

    monkeypatch.setattr(SQLiteStore, "_copy_staged", copy)
    return SimpleNamespace(copied=copied, scratch=scratch)


def _written_here(tmp_path, tables) -> tuple[str, list]:
    """What the store holds when every row is bound in this process."""
    path = tmp_path / "here.db"
    with SQLiteStore(path) as store:
        store.upsert(tables)
    return _stored(path)


def test_staged_rows_are_stored_as_rows_bound_here(staged, tmp_path, monkeypatch):
    tables = _tables()
    counts = []
    with SQLiteStore(tmp_path / "staged.db") as store:
        store.upsert(tables, progress=counts.append)
    # The child took the largest tables while they hold no more than its share (0.6 of
    # 152 rows: 91.2): ties (70) and commitments (20), not organizations (60).
    assert staged.copied == ["ties", "commitments"]
    assert sum(counts) == sum(len(table) for table in tables)
    assert list(staged.scratch.iterdir()) == []
    monkeypatch.setattr(staging, "STAGE_ROWS", 10**9)
    assert _stored(tmp_path / "staged.db") == _written_here(tmp_path, tables)


def test_staged_rows_update_the_stored_ones(staged, tmp_path):
    """A bulk write onto rows already stored (a file imported again, changed) updates
    them through the copy as the bound statement does."""
    path = tmp_path / "s.db"
    tables = _tables()
    with SQLiteStore(path) as store:
        store.upsert(tables)
        changed = [TableData(t.sheet, t.columns, [(*row[:2], *row[2:]) for row in t.rows])
                   for t in tables]
        ties = changed[2]
        ties.rows = [(*row[:4], 4, *row[5:]) for row in ties.rows]
        store.upsert(changed)
        assert {row["strength"] for row in store.read("ties")} == {4}
        assert store.count("ties") == len(ties)
    assert staged.copied.count("ties") == 2


@pytest.mark.parametrize("failure", ["raises", "short", "drops"])
def test_a_failing_child_leaves_its_tables_to_be_written_here(staged, tmp_path, monkeypatch,
                                                             failure):
    """A child that fails, writes a table short (its rowids counted) or leaves one out
    (the count fails) is no error: the tables are written here and the store holds the
    same."""
    real = staging.Staged._write

    def broken(self):
        if failure == "raises":
            raise OSError("disk full")
        if failure == "drops":
            written = real(self)
            sqlite3.connect(self.path, isolation_level=None).execute(
                f"DROP TABLE {self.tables[0].sheet}")
            return written
        self.tables[0] = TableData(self.tables[0].sheet, self.tables[0].columns,
                                   self.tables[0].rows[:-1])
        return real(self)

    monkeypatch.setattr(staging.Staged, "_write", broken)
    tables = _tables()
    with SQLiteStore(tmp_path / "staged.db") as store:
        store.upsert(tables)
    assert staged.copied == []
    assert list(staged.scratch.iterdir()) == []
    monkeypatch.setattr(staging, "STAGE_ROWS", 10**9)
    assert _stored(tmp_path / "staged.db") == _written_here(tmp_path, tables)


def test_a_refused_staged_write_writes_nothing(staged, tmp_path):
    """A dangling reference in a staged table is refused as ever (the references are
    checked after the copy), nothing is written, the scratch folder goes and the
    connection writes again."""
    tables = _tables()
    at = [row[0] for row in tables[2].rows].index("t005")
    tables[2].rows[at] = ("t005", "o005", "nowhere", *tables[2].rows[at][3:])
    with SQLiteStore(tmp_path / "s.db") as store:
        with pytest.raises(StoreError, match=(
                r"the store refused the rows \(FOREIGN KEY constraint failed: ties 't005' "
                r"names in 'to' a row of organizations that is not there\); nothing was "
                r"written")):
            store.upsert(tables)
        assert "ties" in staged.copied
        assert store.count("organizations") == store.count("ties") == 0
        assert list(staged.scratch.iterdir()) == []
        assert store.conn.execute("PRAGMA database_list").fetchall()[1:] == []
        store.upsert(_tables())
        assert store.count("ties") == len(_tables()[2])


def test_a_write_refused_before_the_child_is_waited_for_ends_it(staged, tmp_path):
    """A row written here refused (a level the vocabulary lacks) while the child may
    still run: the child is ended, the scratch folder goes, nothing is written."""
    tables = _tables()
    tables[0].rows[0] = ("j2", "Town", "galaxy", "j1")
    with SQLiteStore(tmp_path / "s.db") as store:
        with pytest.raises(StoreError, match=r"^the store refused the rows \(CHECK constraint"):
            store.upsert(tables)
        assert store.count("jurisdictions") == store.count("ties") == 0
    assert staged.copied == []
    assert staging.processes._running == set()
    assert list(staged.scratch.iterdir()) == []


def test_an_interrupted_staged_write_writes_nothing(staged, tmp_path, monkeypatch):
    """Ctrl-C while a staged table is copied in: nothing written, the child and the
    scratch folder gone, the file detached."""
    real = SQLiteStore._copy_staged

    def interrupted(self, table, progress):
        real(self, table, progress)
        raise KeyboardInterrupt

    monkeypatch.setattr(SQLiteStore, "_copy_staged", interrupted)
    with SQLiteStore(tmp_path / "s.db") as store:
        with pytest.raises(KeyboardInterrupt):
            store.upsert(_tables())
        assert store.count("organizations") == store.count("ties") == 0
        assert not store.conn.in_transaction
        assert store.conn.execute("PRAGMA database_list").fetchall()[1:] == []
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert list(staged.scratch.iterdir()) == []
    assert staging.processes._running == set()


def test_a_staged_write_waits_for_a_busy_store_then_says_so(staged, tmp_path, monkeypatch):
    """The staged write begins without taking every lock at once (the scratch file's
    would keep the child out): the store's lock is still waited for, and a store that
    stays busy is reported as busy."""
    path = tmp_path / "busy.db"
    SQLiteStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    done = {}

    def write():
        with SQLiteStore(path) as store:
            store.upsert(_tables())
            done["ok"] = True

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(0.5)
    assert "ok" not in done  # waiting for the lock
    holder.execute("COMMIT")
    thread.join(timeout=30)
    assert done == {"ok": True}
    assert "ties" in staged.copied

    monkeypatch.setattr(sqlite_module, "BUSY_TIMEOUT_MS", 200)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with SQLiteStore(path) as store:
            with pytest.raises(StoreError, match=rf"^the store {path} is busy: database is "
                                                 "locked; try again$"):
                store.upsert(_tables())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert list(staged.scratch.iterdir()) == []


def test_the_child_takes_the_largest_tables_up_to_its_share(monkeypatch):
    """Boundaries of the choice: a write one row short of STAGE_ROWS stays here; the
    largest table goes even alone over the share; others while the share holds them;
    empty tables and those kept here never."""
    monkeypatch.setattr(staging.processes, "second_processor", lambda: True)
    monkeypatch.setattr(staging, "STAGE_ROWS", 100)

    def table(name, n):
        return TableData(name, ["id"], [(str(i),) for i in range(n)])

    a, b, c, d = table("ties", 60), table("people", 30), table("goals", 10), table("metrics", 0)
    # 100 rows, a share of 60: ties; people (90) and goals (70) over it; metrics empty.
    assert staging.chosen([b, c, d, a]) == [a]
    # Exactly the share: taken; one row over: not.
    assert [t.sheet for t in staging.chosen([table("ties", 50), table("people", 40),
                                             table("goals", 10)])] == ["ties", "goals"]
    assert [t.sheet for t in staging.chosen([table("ties", 50), table("people", 11),
                                             table("goals", 39)])] == ["ties"]
    # The share is of all the tables taken: ties (40) and people (15) fill 55 of it, so
    # goals (15) no longer fits.
    assert [t.sheet for t in staging.chosen([table("ties", 40), table("people", 15),
                                             table("goals", 15), table("metrics", 30)])] \
        == ["ties", "people"]
    big = table("ties", 99)
    assert staging.chosen([big, table("people", 1)]) == [big]  # 100 rows: staged
    assert staging.chosen([table("ties", 98), table("people", 1)]) == []  # 99: not
    assert staging.chosen([big, b], keep=lambda t: t.sheet == "ties") == [b]
    monkeypatch.setattr(staging.processes, "second_processor", lambda: False)
    assert staging.chosen([big, b]) == []


def test_an_old_store_without_the_write_ahead_log_is_staged_into(staged, tmp_path,
                                                                 monkeypatch):
    """A store of version 1 in SQLite's rollback-journal mode gains the write-ahead log and
    the current schema before the scratch file is attached (the journal-mode pragma
    reaches every attached file): the write is staged and holds the same rows."""
    path = _store_at(tmp_path / "old.db", 1)
    tables = _tables()
    with SQLiteStore(path, create=False) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        store.upsert(tables)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.schema_version == sqlite_module.SCHEMA_VERSION
    assert staged.copied == ["ties", "commitments"]
    assert list(staged.scratch.iterdir()) == []
    monkeypatch.setattr(staging, "STAGE_ROWS", 10**9)  # all bound here
    here = _store_at(tmp_path / "here.db", 1)
    with SQLiteStore(here) as store:
        store.upsert(tables)
    assert _stored(path) == _stored(here)
