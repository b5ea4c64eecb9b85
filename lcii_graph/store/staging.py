"""A large write's rows bound in a second process: what a forked child hands SQLite.

Handing a row's values to SQLite one by one from Python (``executemany``) costs more
than what SQLite then does with them: the 490,000 ties of the L benchmark network took
1.3-1.5 s that way into the store, and 0.4 s copied into it from another SQLite table
(``INSERT ... SELECT``, in C). So where a write is large (:data:`STAGE_ROWS`) and a
second processor is there, a forked child writes the largest tables' rows, sorted by
id, into plain tables of a scratch SQLite file of its own (no constraints, no index,
no journal) while this process writes the other tables into the store; this process
then copies the child's tables into the store in the same transaction, a batch of
rowids at a time. The store ends up holding the same values: SQLite converts a value
copied from a column without a type (none) as it converts one bound from Python.

A child that fails (a full scratch disk, say) is no error: its tables are written
here, as without it. The scratch folder is this process's own, made in the system's
temporary folder and removed with everything in it when the write ends, however it
ends; a process killed outright (``SIGKILL``) leaves it, unless the child, finding its
parent gone when it is done, removes it itself.
"""

from __future__ import annotations

import operator
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import processes

#: A write of fewer rows than this is all written here: a fork and a scratch file are
#: worth it only where binding takes seconds.
STAGE_ROWS = 200_000
#: The share of the rows the child takes: binding into a plain table costs about 0.6 of
#: binding into the store, and copying in 0.3, so the two processes finish together
#: about there.
CHILD_SHARE = 0.6
#: Name of the scratch file as attached to the store's connection.
SCHEMA = "staged"


def chosen(tables: Sequence, *, keep: Callable[[object], bool] = lambda table: False) -> list:
    """The tables the child writes: the largest first, while they hold no more than
    :data:`CHILD_SHARE` of the rows (the largest always, where it alone holds more);
    none for a write of fewer than :data:`STAGE_ROWS` rows or without a second
    processor. ``keep(table)`` marks a table this process must write itself."""
    total = sum(len(table.rows) for table in tables)
    if total < STAGE_ROWS or not processes.second_processor():
        return []
    picked, share = [], 0
    for table in sorted(tables, key=lambda table: len(table.rows), reverse=True):
        if keep(table) or not table.rows:
            continue
        if picked and share + len(table.rows) > CHILD_SHARE * total:
            continue
        picked.append(table)
        share += len(table.rows)
    return picked


class Staged:
    """The child writing ``tables`` into the scratch file at :attr:`path`, each under
    its sheet's name, with the columns ``quoted(column)`` gives; :meth:`close` ends it
    and removes the folder."""

    def __init__(self, tables: list, quoted: Callable[[str], str]):
        self.tables = tables
        self.folder = Path(tempfile.mkdtemp(prefix="lcii-graph-rows-"))
        self.path = self.folder / "rows.sqlite"
        self._quoted = quoted
        self._parent = os.getpid()
        self._child = None
        try:
            conn = sqlite3.connect(self.path, isolation_level=None)
            try:
                for table in tables:  # made here: attached, the tables are there
                    conn.execute(f"CREATE TABLE {quoted(table.sheet)} "
                                 f"({', '.join(map(quoted, table.columns))})")
            finally:
                conn.close()
            self._child = processes.start(self._write)
        except BaseException:
            self.close()
            raise

    def _write(self) -> bytes:
        """In the child: every table's rows into the scratch file, sorted by id (the
        store's key: copied in that order they are appended to its B-trees)."""
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        for table in self.tables:
            rows = sorted(table.rows, key=operator.itemgetter(table.columns.index("id")))
            marks = ", ".join("?" for _ in table.columns)
            conn.executemany(f"INSERT INTO {self._quoted(table.sheet)} VALUES ({marks})",
                             rows)
        conn.execute("COMMIT")
        conn.close()
        if os.getppid() != self._parent:  # killed meanwhile: no one removes the folder
            shutil.rmtree(self.folder, ignore_errors=True)
        return b"written"

    def written(self, conn: sqlite3.Connection) -> bool:
        """Wait for the child; whether it wrote every table whole (each row once, rowids
        1 to its length), read through ``conn``, where the file is attached as
        :data:`SCHEMA`. ``False``: the tables are to be written here."""
        child, self._child = self._child, None
        if child is None or processes.finish(child) != b"written":
            return False
        try:
            return all(conn.execute(f"SELECT count(*), coalesce(max(rowid), 0) FROM "
                                    f"{SCHEMA}.{self._quoted(table.sheet)}").fetchone()
                       == (len(table.rows), len(table.rows)) for table in self.tables)
        except sqlite3.Error:
            return False

    def close(self) -> None:
        """End the child if it still runs, and remove the scratch folder."""
        if self._child is not None:
            processes.stop(self._child)
            self._child = None
        shutil.rmtree(self.folder, ignore_errors=True)


def start(tables: list, quoted: Callable[[str], str]) -> Staged | None:
    """:class:`Staged` for ``tables``, or ``None`` where there are none or no scratch
    folder or child could be had (then everything is written here)."""
    if not tables:
        return None
    try:
        staged = Staged(tables, quoted)
    except (OSError, sqlite3.Error):
        return None
    if staged._child is None:
        staged.close()
        return None
    return staged
