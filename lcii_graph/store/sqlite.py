"""The embedded default store: one SQLite file, standard library only.

Foreign keys on, write-ahead log, ``CHECK`` constraints from the vocabulary,
``PRAGMA user_version`` as the schema version with forward migrations, and a
busy timeout so a second writer waits for the first instead of failing.
Values always travel as parameters; table and column names come only from
:mod:`lcii_graph.model.schema` and are quoted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import marshal
import operator
import os
import re
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from .. import processes
from ..errors import NotFound, StoreError
from ..model import vocabulary as v
from ..model.schema import CUSTOM, CUSTOM_SHEETS, LINKS, SHEETS, SHEETS_BY_NAME, upgrade_row
from ..outputs import register_store
from . import staging
from .base import GraphStore, Progress, _link_rows, _named, dangling

SCHEMA_VERSION = 5
BATCH_ROWS = 50_000
#: A write of at least this many rows, into tables holding no more, has its references
#: checked once, after the rows are in (``PRAGMA foreign_key_check``: 1.4 s for the
#: million rows of the L benchmark), instead of row by row as they go in (4.6 s).
CHECK_AFTER_ROWS = 50_000
BUSY_TIMEOUT_MS = 60_000
#: Rows fetched, hashed and (read aside) sent at a time.
CHUNK_ROWS = 20_000
#: The largest sheet is read in a second process where it holds this many rows or more
#: (the ties of the L benchmark network, 490,000 of its million rows: its read went from
#: 6.6 to 4.5 s).
READ_ASIDE_ROWS = 200_000
#: Page cache for this connection (negative: KiB). Large imports insert into
#: several B-trees at once; a cache that holds them keeps SQLite from spilling
#: dirty pages to the write-ahead log mid-transaction.
CACHE_KIB = 512 * 1024


_ENUMS = {
    "level": v.Level, "sector": v.Sector, "role": v.Role, "tie_kind": v.TieKind,
    "tie_source": v.TieSource, "commitment_type": v.CommitmentType, "status": v.Status,
    "change": v.Change, "direction": v.Direction, "stance": v.Stance,
    "engagement": v.Engagement, "channel": v.Channel, "sentiment": v.Sentiment,
    "frequency": v.Frequency, "intensity": v.Intensity,
}
_ONE_OF = re.compile(r'("\w+") IN \(\{(\w+)\}\)')


def _one_of(match: re.Match) -> str:
    """``"col" IN ({enum})`` as ``("col" = 'a' OR "col" = 'b' ...)``.

    SQLite evaluates an IN list inside a CHECK by building a temporary index
    for every row written; the OR chain means the same (NULL still passes)
    and halves the time of large imports.
    """
    column, enum = match[1], _ENUMS[match[2]]
    return "(" + " OR ".join(f"{column} = '{value}'" for value in v.values(enum)) + ")"


def _schema_v1() -> str:
    text = resources.files(__package__).joinpath("schema_v1.sql").read_text("utf-8")
    return _ONE_OF.sub(_one_of, text)


def _schema_v2() -> str:
    return resources.files(__package__).joinpath("schema_v2.sql").read_text("utf-8")


def _schema_v3() -> str:
    return resources.files(__package__).joinpath("schema_v3.sql").read_text("utf-8")


def _schema_v4() -> str:
    return resources.files(__package__).joinpath("schema_v4.sql").read_text("utf-8")


def _schema_v5() -> str:
    text = resources.files(__package__).joinpath("schema_v5.sql").read_text("utf-8")
    return _ONE_OF.sub(_one_of, text)


#: MIGRATIONS[n] brings a store from version n to n + 1.
MIGRATIONS = [_schema_v1, _schema_v2, _schema_v3, _schema_v4, _schema_v5]
#: Columns a migration renamed: (sheet, name now) -> (the version that renamed it, old name).
#: A store not yet migrated (reads never migrate) is read under the old name.
_RENAMED_IN = {("ties", "provenance"): (3, "source")}
#: Columns a migration added: (sheet, column) -> the version that added it. A store not
#: yet migrated reads them as empty.
_ADDED_IN = {(sheet, CUSTOM): 4 for sheet in CUSTOM_SHEETS}
#: Tables a migration added: sheet -> the version that added it. A store not yet migrated
#: holds no rows of them.
_TABLE_ADDED_IN = {"assessments": 5, "interactions": 5, "ratings": 5, "survey": 5}


def _ident(name: str) -> str:
    """Quote a schema identifier; only names declared in the schema are accepted."""
    if name not in _KNOWN_IDENTIFIERS:
        raise ValueError(f"not a schema identifier: {name!r}")
    return '"' + name + '"'


_KNOWN_IDENTIFIERS = {sheet.name for sheet in SHEETS} | {
    column for sheet in SHEETS for column in sheet.columns
} | {old for _, old in _RENAMED_IN.values()}


class SQLiteStore(GraphStore):
    """A store in the SQLite file at ``path`` (created when ``create`` is true)."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        self.location = str(self.path)
        if not create and not self.path.exists():
            raise StoreError(
                f"no store at {self.path}; import a workbook first (lcii-graph import PATH) "
                "or point --store / LCII_STORE at one"
            )
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a store file")
        register_store(self.path)  # no output may ever replace it (outputs.py)
        if not self.path.exists():
            self._create_file()
        self._check_ours()  # before SQLite touches it
        try:
            self.conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                check_same_thread=False,
            )
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        self._ready = False  # WAL and the current schema: set up by the first write
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has schema version {version}, newer than this lcii-graph "
                    f"understands ({SCHEMA_VERSION}); upgrade lcii-graph"
                )
            self._check_tables(version)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path} is not a readable lcii-graph store ({exc})") from None
        except StoreError:
            self.conn.close()
            raise

    def _create_file(self) -> None:
        """A new store, made whole under a temporary name (schema, write-ahead logging)
        and linked into place only if no one made one there meanwhile: the path never
        holds a half-made store that a second process would take for someone else's."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.new")
            for suffix in ("", "-wal", "-shm", "-journal"):  # left by a killed process
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{temporary}{suffix}")
            conn = sqlite3.connect(temporary, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot create the store {self.path}: {exc}") from None
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            _apply_migrations(conn, 0)
            conn.execute("COMMIT")
            conn.close()
            try:
                os.link(temporary, self.path)
            except FileExistsError:
                pass  # another process created it first: that one is used
            except OSError:  # a file system without hard links
                if not self.path.exists():
                    os.replace(temporary, self.path)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot create the store {self.path}: {exc}") from None
        finally:
            conn.close()
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    os.unlink(f"{temporary}{suffix}")

    def _check_ours(self) -> None:
        """Refuse, leaving it byte for byte as it is, a file that is not an lcii-graph
        store: not a regular file, empty, or not an SQLite database at all."""
        try:
            if not self.path.is_file():
                raise StoreError(f"{self.path} is not a regular file; nothing was changed")
            with open(self.path, "rb") as handle:
                head = handle.read(16)
        except OSError as exc:
            raise StoreError(f"cannot open the store {self.path} ({exc.strerror})") from None
        if not head:
            raise StoreError(f"{self.path} is an empty file, not an lcii-graph store; nothing "
                             "was changed (remove it, or point --store elsewhere)")
        if head != b"SQLite format 3\x00":
            raise StoreError(f"{self.path} is not an lcii-graph store (not an SQLite file); "
                             "nothing was changed")

    def _check_tables(self, version: int) -> None:
        """An SQLite file is ours when it holds the tables of its schema version (another
        program's database is refused, untouched, whatever its user_version)."""
        tables = {name for (name,) in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and not tables:  # a store is made whole, at the current version
            raise StoreError(f"{self.path} is an empty SQLite database, not an lcii-graph "
                             "store; nothing was changed (remove it, or point --store "
                             "elsewhere)")
        expected = {sheet.name for sheet in SHEETS
                    if version >= _TABLE_ADDED_IN.get(sheet.name, 0)} | (
            {"snapshots", "snapshot_rows"} if version >= 2 else set())
        if version == 0 or not expected <= tables:
            raise StoreError(f"{self.path} is an SQLite file but not an lcii-graph store; "
                             "nothing was changed")

    def _prepare_write(self) -> None:
        """Before the first write: write-ahead logging and the current schema. Never on a
        read, so that reading an older store (or refusing to) changes nothing."""
        if self._ready:
            return
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            self._migrate(version)
        self._ready = True

    def _migrate(self, version: int) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated.
            _apply_migrations(self.conn, self.conn.execute("PRAGMA user_version").fetchone()[0])
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def close(self) -> None:
        self.conn.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- writing ---------------------------------------------------------------
    def _begin(self, *, immediate: bool = True) -> None:
        """Begin a write: at once (``immediate``: the write lock taken now, or a busy
        store said now), or at the first statement that writes."""
        with self._cannot_write():
            self._prepare_write()
            self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")

    @contextlib.contextmanager
    def _cannot_write(self):
        """SQLite's refusal to start a write as a :class:`StoreError` that says why."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            raise StoreError(self._busy(exc) or
                             f"cannot write to the store {self.path} ({exc}); nothing was "
                             "written") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot write to the store {self.path} ({exc}); nothing was "
                             "written") from None

    def _busy(self, exc: sqlite3.Error) -> str | None:
        """The message for a write another process's lock kept out, else ``None``."""
        if "locked" in str(exc) or "busy" in str(exc):
            return f"the store {self.path} is busy: {exc}; try again"
        return None

    def _rollback(self) -> None:
        """Roll back if a transaction is still open (SQLite may have ended it itself:
        after a full disk, say, ROLLBACK would fail with "no transaction is active")."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def upsert(self, tables: Iterable, progress: Progress | None = None) -> None:
        self.apply(tables, None, progress)

    def apply(self, tables: Iterable, deletes: dict[str, Iterable[str]] | None = None,
              progress: Progress | None = None) -> None:
        tables = list(tables)
        check_after = self._check_after(tables, deletes)
        if check_after:  # a pragma that only takes effect outside a transaction
            self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            self._apply(tables, deletes, progress, check_after)
        finally:
            if check_after:
                # Outside any transaction (the pragma is a silent no-op inside one), and
                # never an error of its own over the write's: the next write of this
                # connection is checked row by row again.
                self._rollback()
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("PRAGMA foreign_keys = ON")

    def _check_after(self, tables: list, deletes: dict | None) -> bool:
        """Whether the references of this write are checked once after it (a bulk
        write of new rows) rather than row by row. Never with deletes: those need the
        checks (and a snapshot's rows their cascade) as each row goes."""
        if deletes and any(deletes.values()):
            return False
        rows = sum(len(table.rows) for table in tables)
        return rows >= CHECK_AFTER_ROWS and rows >= sum(
            self.count(name) for name in {table.sheet for table in tables})

    def _references_checked(self, sheets: set[str]) -> None:
        """Every reference the written tables hold names a row that is there (the check
        SQLite makes row by row with foreign keys on); else IntegrityError naming one."""
        for sheet in sorted(sheets):
            found = self.conn.execute(f"PRAGMA foreign_key_check({_ident(sheet)})").fetchone()
            if found is None:
                continue
            table, rowid, parent, key = found
            (id_,) = self.conn.execute(f'SELECT "id" FROM {_ident(table)} WHERE rowid = ?',
                                       (rowid,)).fetchone()
            column = next(r[3] for r in self.conn.execute(
                f"PRAGMA foreign_key_list({_ident(table)})") if r[0] == key)
            raise sqlite3.IntegrityError(
                f"FOREIGN KEY constraint failed: {table} {id_!r} names in {column!r} "
                f"a row of {parent} that is not there")

    def _apply(self, tables: list, deletes: dict | None, progress: Progress | None,
               check_after: bool) -> None:
        sql = {id(table): self._upsert_sql(table) for table in tables}  # columns checked
        staged = self._staged(tables) if check_after else None
        try:
            # BEGIN IMMEDIATE takes the write lock of every attached file: the scratch
            # file's would keep its child from writing. The store's is taken by the
            # first statement here, a write.
            self._begin(immediate=staged is None)
            try:
                if deletes and any(deletes.values()):
                    # Foreign keys guard single references at COMMIT; a list column
                    # (also_works_for, serves) has none, so every reference is checked
                    # here.
                    left = dangling(self.read, tables, deletes, lists_only=True)
                    if left:
                        raise StoreError(f"{left}; nothing was written")
                for sheet in SHEETS:
                    ids = sorted((deletes or {}).get(sheet.name, ()))
                    for start in range(0, len(ids), BATCH_ROWS):
                        self.conn.executemany(
                            f'DELETE FROM {_ident(sheet.name)} WHERE "id" = ?',
                            [(i,) for i in ids[start:start + BATCH_ROWS]])
                aside = {id(table) for table in staged.tables} if staged else set()
                for table in tables:
                    if id(table) not in aside:
                        self._upsert_table(table, sql[id(table)], progress)
                if staged:
                    copy = staged.written(self.conn)  # else they are written here
                    for table in staged.tables:
                        if copy:
                            self._copy_staged(table, progress)
                        else:
                            self._upsert_table(table, sql[id(table)], progress)
                if check_after:
                    self._references_checked({table.sheet for table in tables})
                self.conn.execute("COMMIT")
            except sqlite3.IntegrityError as exc:
                self._rollback()
                raise StoreError(f"the store refused the rows ({exc}); nothing was "
                                 "written") from None
            except sqlite3.Error as exc:
                self._rollback()
                raise StoreError(self._busy(exc) or f"writing to {self.path} failed ({exc}); "
                                 "nothing was written") from None
            except BaseException:
                self._rollback()
                raise
        finally:
            if staged:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute(f"DETACH DATABASE {staging.SCHEMA}")
                staged.close()

    def _staged(self, tables: list) -> staging.Staged | None:
        """The largest tables of a bulk write bound into a scratch file by a second
        process (:mod:`.staging`), attached to this connection (outside any
        transaction: SQLite attaches only there); ``None`` where all are written here.
        Jurisdictions stay here: they are written parents first."""
        with self._cannot_write():
            # The write-ahead log and the current schema first: PRAGMA journal_mode
            # would set the attached scratch file's mode too, under its child.
            self._prepare_write()
        staged = staging.start(staging.chosen(tables, keep=lambda t: t.sheet == "jurisdictions"),
                               _ident)
        if staged is None:
            return None
        try:
            self.conn.execute(f"ATTACH DATABASE ? AS {staging.SCHEMA}", (str(staged.path),))
        except sqlite3.Error:
            staged.close()
            return None
        return staged

    @staticmethod
    def _upsert_sql(table, source: str | None = None) -> str:
        """The statement that writes ``table``'s rows (new ids inserted, known ones
        updated) from ``source``: by default ``VALUES``, the rows bound here."""
        sheet = SHEETS_BY_NAME[table.sheet]
        columns = list(table.columns)
        unknown = [c for c in columns if c not in sheet.columns]
        if unknown or "id" not in columns:
            raise ValueError(f"{table.sheet}: not columns of the sheet: {unknown or ['no id']}")
        names = ", ".join(_ident(c) for c in columns)
        source = source or f"VALUES ({', '.join('?' for _ in columns)})"
        updates = ", ".join(f"{_ident(c)} = excluded.{_ident(c)}" for c in columns if c != "id")
        sql = f"INSERT INTO {_ident(table.sheet)} ({names}) {source} ON CONFLICT (\"id\") "
        return sql + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING")

    def _upsert_table(self, table, sql: str, progress: Progress | None) -> None:
        columns = list(table.columns)
        # Inserting in key order appends to the primary-key B-tree instead of
        # splitting pages all over it: several times faster on large imports.
        rows = sorted(table.rows, key=operator.itemgetter(columns.index("id")))
        if table.sheet == "jurisdictions" and "parent" in columns:
            rows = _parents_first(rows, columns.index("id"), columns.index("parent"))
        for start in range(0, len(rows), BATCH_ROWS):
            batch = rows[start:start + BATCH_ROWS]
            self.conn.executemany(sql, batch)
            if progress:
                progress(len(batch))

    def _copy_staged(self, table, progress: Progress | None) -> None:
        """``table``'s rows from the scratch file, a batch of rowids at a time (the
        child wrote them sorted by id, rowids 1 to their number)."""
        names = ", ".join(_ident(c) for c in table.columns)
        # "WHERE" also keeps SQLite from reading ON CONFLICT as part of a join.
        sql = self._upsert_sql(table, f"SELECT {names} FROM {staging.SCHEMA}."
                                      f"{_ident(table.sheet)} WHERE rowid > ? AND rowid <= ?")
        for start in range(0, len(table.rows), BATCH_ROWS):
            self.conn.execute(sql, (start, start + BATCH_ROWS))
            if progress:
                progress(min(BATCH_ROWS, len(table.rows) - start))

    # -- reading ---------------------------------------------------------------
    def _selected(self, sheet: str) -> str:
        """The select list of a sheet's columns, under their names in this store's
        version (an older store is read as it is, never migrated by a read)."""
        version = self.schema_version
        names = []
        for column in SHEETS_BY_NAME[sheet].columns:
            if version < _ADDED_IN.get((sheet, column), 0):
                names.append(f"NULL AS {_ident(column)}")
                continue
            renamed = _RENAMED_IN.get((sheet, column))
            names.append(f"{_ident(renamed[1])} AS {_ident(column)}"
                         if renamed and version < renamed[0] else _ident(column))
        return ", ".join(names)

    def _has_table(self, sheet: str) -> bool:
        return self.schema_version >= _TABLE_ADDED_IN.get(sheet, 0)

    def read(self, sheet: str, *, digest=None) -> list[dict]:
        """Every stored row of ``sheet`` (see :meth:`GraphStore.read`); with ``digest`` (a
        :mod:`hashlib` object), the rows as stored are hashed into it as they are read."""
        if not self._has_table(sheet):
            return []
        columns = SHEETS_BY_NAME[sheet].columns
        cursor = self.conn.execute(self._select_all(sheet))
        if digest is not None:
            _hash_header(digest, sheet, columns)
            cursor = itertools.chain.from_iterable(_hashed(cursor, digest))
        return _rows(sheet, columns, cursor)

    def _select_all(self, sheet: str) -> str:
        return f"SELECT {self._selected(sheet)} FROM {_ident(sheet)} ORDER BY \"id\""

    def read_all_hashed(self) -> tuple[dict[str, list[dict]], str | None]:
        """Every row, and a hash of them as SQLite gave them (before they become dicts:
        0.5 s for the million rows of the L benchmark network, where hashing the dicts
        takes 2.5 s). Every sheet from the same moment, so the hash is of the rows
        returned even while another process writes.

        The largest sheet, where it holds :data:`READ_ASIDE_ROWS` rows or more and there
        is a second processor, is read in a second process while this one reads the
        others (:func:`_read_aside`): the same rows and the same hash."""
        digests: dict[str, object] = {}
        records: dict[str, list[dict]] = {}
        child = aside = version = None
        with self._reading() as began:
            try:
                if began and processes.second_processor():
                    aside = self._largest_sheet(READ_ASIDE_ROWS)
                    # The moment every sheet is read at: set by the first read, and marked
                    # by the version of the data seen from here (another connection's
                    # commit changes it).
                    version = self.conn.execute("PRAGMA data_version").fetchone()[0]
                if aside is not None:
                    child = processes.start(functools.partial(
                        _read_aside, str(self.path), self._select_all(aside)))
                self._read_sheets(digests, records, but=aside if child else None)
            except BaseException:
                if child is not None:
                    processes.stop(child)
                raise
        if child is not None:
            data = processes.finish(child)
            moved = self.conn.execute("PRAGMA data_version").fetchone()[0] != version
            if data is None or moved:
                # The child failed, or a write landed while the two read: its rows may be
                # of another moment. Everything again, here, at one moment.
                digests, records = {}, {}
                with self._reading():
                    self._read_sheets(digests, records)
                return records, _combined(digests)
            digests[aside] = _sheet_digest()
            records[aside] = _rows_sent(aside, data, digests[aside])
        return records, _combined(digests)

    @contextlib.contextmanager
    def _reading(self):
        """One read transaction (unless the caller holds one): every read in it sees the
        same moment. Yields whether it began one."""
        began = not self.conn.in_transaction
        if began:
            self.conn.execute("BEGIN")
        try:
            yield began
        finally:
            if began:
                self.conn.execute("COMMIT")

    def _read_sheets(self, digests: dict, records: dict, *, but: str | None = None) -> None:
        """Every sheet's rows (``but`` one) into ``records``, each hashed into a digest
        of its own in ``digests``."""
        for sheet in SHEETS:
            if sheet.name != but:
                digests[sheet.name] = _sheet_digest()
                records[sheet.name] = self.read(sheet.name, digest=digests[sheet.name])

    def _largest_sheet(self, at_least: int) -> str | None:
        """The sheet holding the most rows, if it holds ``at_least`` (counted by SQLite:
        30 ms on the L network)."""
        counts = {sheet.name: self.count(sheet.name) for sheet in SHEETS}
        largest = max(counts, key=counts.get)
        return largest if counts[largest] >= at_least else None

    def count(self, sheet: str) -> int:
        if not self._has_table(sheet):
            return 0
        return self.conn.execute(f"SELECT count(*) FROM {_ident(sheet)}").fetchone()[0]

    def tally(self) -> dict:
        """:func:`~lcii_graph.model.tally.tally`, counted by SQLite (``stats`` on 100,000
        organizations read every row for 6 s)."""
        query = self.conn.execute
        yes, no, inferred = query(
            'SELECT count(*) FILTER (WHERE "decision_maker" = 1), '
            'count(*) FILTER (WHERE coalesce("decision_maker", 0) = 0), '
            'count(*) FILTER (WHERE "decision_maker_inferred" = 1) FROM "people"').fetchone()
        return {
            "rows": self.counts(),
            "sectors": dict(query('SELECT "sector", count(*) FROM "organizations" '
                                  'GROUP BY "sector"')),
            "government_levels": dict(query(
                'SELECT nullif(j."level", \'\'), count(*) FROM "organizations" o '
                'LEFT JOIN "jurisdictions" j ON j."id" = o."jurisdiction" '
                'WHERE o."sector" = ? GROUP BY 1', (v.Sector.GOVERNMENT.value,))),
            "decision_makers": {"yes": yes, "no": no, "inferred": inferred},
        }

    def known_ids(self, sheet: str) -> dict[str, str | None]:
        has_name = "name" in SHEETS_BY_NAME[sheet].columns
        column = '"name"' if has_name else "NULL"
        return dict(self.conn.execute(f'SELECT "id", {column} FROM {_ident(sheet)}'))

    def find(self, id_: str) -> tuple[str, dict] | None:
        for sheet in SHEETS:
            columns = sheet.columns
            names = self._selected(sheet.name)
            row = self.conn.execute(
                f'SELECT {names} FROM {_ident(sheet.name)} WHERE "id" = ?', (id_,)
            ).fetchone()
            if row is not None:
                return sheet.name, _row_dict(sheet.name, columns, row)
        return None

    def links(self, id_: str) -> list[dict]:
        found = []
        for link in LINKS:
            source, target = _ident(link.source), _ident(link.target)
            where = f"{source} = ? OR {target} = ?" if not link.many else \
                f"{source} = ? OR instr({target}, ?) > 0"  # a list column: filtered below
            cursor = self.conn.execute(
                f"SELECT {source}, {target} FROM {_ident(link.sheet)} WHERE {where}", (id_, id_))
            for source_id, target_id in cursor:
                found.extend(_link_rows(link, source_id, target_id, id_))
        return _named(self, found)

    # -- snapshots ------------------------------------------------------------------------
    def create_snapshot(self, label: str, date: str | None = None) -> dict:
        created = datetime.now(UTC).isoformat(timespec="seconds")
        when = date or created[:10]
        self._begin()
        try:
            if self.conn.execute('SELECT 1 FROM snapshots WHERE "label" = ?',
                                 (label,)).fetchone():
                raise StoreError(f"a snapshot named {label!r} exists; delete it first or "
                                 "choose another label")
            self.conn.execute('INSERT INTO snapshots ("label", "date", "created") '
                              "VALUES (?, ?, ?)", (label, when, created))
            for sheet in SHEETS:
                pairs = ", ".join(f"'{c}', {_ident(c)}" for c in sheet.columns)
                self.conn.execute(
                    f'INSERT INTO snapshot_rows ("label", "sheet", "id", "data") '
                    f'SELECT ?, ?, "id", json_object({pairs}) FROM {_ident(sheet.name)}',
                    (label, sheet.name))
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(f"writing to {self.path} failed ({exc}); no snapshot was taken") \
                from None
        except BaseException:
            self._rollback()
            raise
        return {"label": label, "date": when, "created": created}

    def list_snapshots(self) -> list[dict]:
        if self.schema_version < 2:  # an older store not yet written to: none
            return []
        rows = self.conn.execute(
            'SELECT s."label", s."date", s."created", count(r."id") FROM snapshots s '
            'LEFT JOIN snapshot_rows r ON r."label" = s."label" GROUP BY s."label" '
            'ORDER BY s."date", s."created", s."label"')
        return [{"label": a, "date": b, "created": c, "rows": n} for a, b, c, n in rows]

    def delete_snapshot(self, label: str) -> None:
        if not any(s["label"] == label for s in self.list_snapshots()):
            raise NotFound(f"no snapshot named {label!r}")
        self._begin()
        try:
            gone = self.conn.execute('DELETE FROM snapshots WHERE "label" = ?', (label,))
            self.conn.execute('DELETE FROM snapshot_rows WHERE "label" = ?', (label,))
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(f"writing to {self.path} failed ({exc}); nothing was deleted") \
                from None
        except BaseException:
            self._rollback()
            raise
        if gone.rowcount == 0:
            raise NotFound(f"no snapshot named {label!r}")

    def read_snapshot(self, label: str) -> tuple[dict, dict[str, list[dict]]]:
        if self.schema_version < 2:
            raise NotFound(f"no snapshot named {label!r}")
        found = self.conn.execute('SELECT "label", "date", "created" FROM snapshots '
                                  'WHERE "label" = ?', (label,)).fetchone()
        if found is None:
            raise NotFound(f"no snapshot named {label!r}")
        stored: dict[str, list[tuple]] = {sheet.name: [] for sheet in SHEETS}
        for sheet, data in self.conn.execute(
                'SELECT "sheet", "data" FROM snapshot_rows WHERE "label" = ? '
                'ORDER BY "sheet", "id"', (label,)):
            if sheet in stored:
                row = upgrade_row(sheet, json.loads(data))
                stored[sheet].append(tuple(row.get(c) for c in SHEETS_BY_NAME[sheet].columns))
        records = {sheet.name: _rows(sheet.name, sheet.columns, stored[sheet.name])
                   for sheet in SHEETS}
        return {"label": found[0], "date": found[1], "created": found[2]}, records

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


_BOOL_COLUMNS = {
    sheet.name: {f.name for f in sheet.fields if f.type == "bool"}
    | ({"decision_maker_inferred"} if sheet.name == "people" else set())
    for sheet in SHEETS
}


def _row_dict(sheet: str, columns: tuple[str, ...], row: tuple) -> dict:
    """A stored row as Python values (SQLite's 0/1 back to booleans)."""
    return _rows(sheet, columns, [row])[0]


def _sheet_digest():
    return hashlib.blake2b(digest_size=20)


def _combined(digests: dict) -> str:
    """One hash of every sheet's (in the schema's order), however they were read."""
    whole = hashlib.blake2b(b"lcii-graph stored rows", digest_size=20)
    for sheet in SHEETS:
        whole.update(digests[sheet.name].digest())
    return whole.hexdigest()


def _hash_header(digest, sheet: str, columns: tuple[str, ...]) -> None:
    digest.update("\0".join(("", sheet, *columns, "")).encode())


def _read_aside(path: str, select: str) -> bytes:
    """A sheet's stored rows (``select``), as a second process reads them for
    :meth:`SQLiteStore.read_all_hashed`: the chunks :func:`_hashed` would hash, each as
    its length (8 bytes) and marshal's bytes. Its own connection (one is never carried
    across a fork), reading only."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    pieces = []
    cursor = conn.execute(select)
    while rows := cursor.fetchmany(CHUNK_ROWS):
        data = marshal.dumps(rows, 2)
        pieces += [len(data).to_bytes(8, "little"), data]
    return b"".join(pieces)


def _rows_sent(sheet: str, data: bytes, digest) -> list[dict]:
    """The rows :func:`_read_aside` sent, hashed into ``digest`` as :meth:`SQLiteStore.read`
    hashes them."""
    columns = SHEETS_BY_NAME[sheet].columns
    _hash_header(digest, sheet, columns)

    def chunks():  # one at a time: a chunk's tuples go once its dicts are made
        view, at = memoryview(data), 0
        while at < len(data):
            size = int.from_bytes(view[at:at + 8], "little")
            chunk = view[at + 8:at + 8 + size]
            digest.update(chunk)
            yield marshal.loads(chunk)
            at += 8 + size

    return _rows(sheet, columns, itertools.chain.from_iterable(chunks()))


def _hashed(cursor, digest):
    """The rows of ``cursor`` a chunk at a time, each chunk hashed into ``digest`` as
    marshal's format 2 writes it: every value written so that it reads back equal (a
    float to the bit, text as its code points), with no marks that depend on how the
    objects are shared."""
    while rows := cursor.fetchmany(CHUNK_ROWS):
        digest.update(marshal.dumps(rows, 2))
        yield rows


def _rows(sheet: str, columns: tuple[str, ...], cursor) -> list[dict]:
    """Every row of ``cursor`` (stored values, in ``columns`` order) as a dict of Python
    values, SQLite's 0/1 back to booleans."""
    return list(itertools.starmap(_row_maker(sheet, columns), cursor))


@functools.cache
def _row_maker(sheet: str, columns: tuple[str, ...]):
    """A function of one row's values giving its dict: a dict display with the column
    names as constant keys, as ``collections.namedtuple`` makes its classes (the stored
    rows of the L benchmark network took 2.3 s as ``dict(zip(columns, row))``, 1.2 s
    so). The names come from the schema and are written with ``repr``: no text from a
    store or a file is ever part of the code."""
    values = [f"v{k}" for k in range(len(columns))]
    flags = _BOOL_COLUMNS[sheet]
    items = ", ".join(f"{name!r}: {value}" if name not in flags else
                      f"{name!r}: {value} if {value} is None else _bool({value})"
                      for name, value in zip(columns, values, strict=True))
    return eval(f"lambda {', '.join(values)}, *, _bool=bool: {{{items}}}")  # noqa: S307


def _apply_migrations(conn: sqlite3.Connection, version: int) -> None:
    """Bring a database from schema ``version`` to the current one, inside the caller's
    transaction (a new store starts from 0)."""
    for step in range(version, SCHEMA_VERSION):
        for statement in _split_sql(MIGRATIONS[step]()):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {step + 1}")


def _parents_first(rows: list, id_at: int, parent_at: int) -> list:
    """Jurisdiction rows ordered so that each comes after its parent (by depth, then id).

    A child written before its parent is a deferred foreign-key violation, and while one
    is outstanding SQLite looks for the children of every row it inserts, without an
    index on ``parent``: a chain 20,000 deep took 20 s that way, in order it takes 0.1 s.
    """
    parent_of = {row[id_at]: row[parent_at] for row in rows}
    depth: dict = {}
    for start in parent_of:
        path: list = []
        on_path: set = set()
        node = start
        # Up to a root, a place already placed, or a loop (validation refuses loops).
        while node in parent_of and node not in depth and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent_of[node]
        base = depth.get(node, -1)
        for offset, item in enumerate(reversed(path), start=1):
            depth.setdefault(item, base + offset)
    return sorted(rows, key=lambda row: depth.get(row[id_at], 0))


def _split_sql(script: str) -> list[str]:
    """Statements of a schema script (no ';' inside our string literals)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
