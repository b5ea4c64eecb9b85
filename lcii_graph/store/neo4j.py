"""The Neo4j store: the same contract as the SQLite file, on a Neo4j 5 database.

For users who outgrow one machine or already keep their data in Neo4j. It uses
the official driver as its documentation recommends: one driver, closed with
the store; ``verify_connectivity()`` on open; every call names its database
(``database_``); reads routed to readers; writes as ``UNWIND $rows AS row
MERGE ...`` in batches of at most ``batch_size`` rows, all inside one managed
write transaction (an upsert lands whole or not at all, and is idempotent), or
one transaction per batch for stores larger than the server lets one
transaction hold.

Every statement is a file of ``cypher/`` (see :mod:`.cypher_files`); values
only ever travel as parameters. Credentials come from ``NEO4J_USERNAME`` /
``NEO4J_PASSWORD`` (or a hidden prompt in the command line), never from a flag
or the URI, and never appear in a message or a log record.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from ..errors import NotFound, StoreError
from ..ingest.cells import VOCABULARIES, split_list
from ..model.schema import LINKS, SHEETS, SHEETS_BY_NAME, upgrade_row
from ..model.vocabulary import RelType, StorageLabel
from . import has_credentials, redact
from .base import GraphStore, Progress, dangling
from .cypher_files import statement, statements

# The driver logs connection failures at ERROR; the store says what happened in its own
# words, so keep the driver's records from reaching the terminal by default.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

DEFAULT_BATCH = 5_000
SCHEMA_VERSION = 1
NODE_SHEETS = [s.name for s in SHEETS if s.kind is not None] + [
    "measurements", "assessments", "interactions", "ratings", "survey"]


#: Label or relationship type -> the sheet its rows belong to.
_SHEET_OF = {**{s.kind.value: s.name for s in SHEETS if s.kind is not None},
             StorageLabel.MEASUREMENT.value: "measurements",
             StorageLabel.ASSESSMENT.value: "assessments",
             StorageLabel.INTERACTION.value: "interactions",
             StorageLabel.RATING.value: "ratings",
             StorageLabel.SURVEY_ENTRY.value: "survey",
             RelType.MEMBER_OF.value: "memberships", RelType.PARTNERS_WITH.value: "ties"}


def link_file(link) -> str:
    """The cypher/ file that writes one relationship of :data:`LINKS`."""
    return f"link_{link.sheet}_{link.target if link.source == 'id' else link.source}"


#: Server codes for a transaction larger than the server lets one hold in memory.
_TOO_LARGE = ("MemoryPoolOutOfMemoryError", "TransactionOutOfMemoryError")


#: What to do about a transaction too large for the server's memory.
SPLIT_ADVICE = ("Write in one transaction per batch: import into an SQLite file, then run "
                "lcii-graph neo4j push --commit-every-batch (or raise the server's "
                "db.memory.transaction.total.max)")


def _error(exc: Exception, where: str, *, written: str = "nothing was written",
           advice: str = SPLIT_ADVICE, lost: bool = False) -> StoreError:
    """A driver error as the tool's own, with nothing secret in it (``written`` says what
    became of the rows; ``advice``, what to do when they were too many at once; ``lost``,
    that the server had answered before, so a failure to reach it is a lost connection)."""
    from neo4j import exceptions as ex

    kind = type(exc).__name__
    code = getattr(exc, "code", None) or kind
    if isinstance(exc, ex.AuthError):
        return StoreError(f"{where}: authentication failed; check NEO4J_USERNAME and "
                          "NEO4J_PASSWORD")
    if isinstance(exc, ex.IncompleteCommit):
        return StoreError(f"{where}: the connection to the Neo4j server was lost while a "
                          f"transaction was committing; {written}")
    if isinstance(exc, (ex.ServiceUnavailable, ex.SessionExpired)):
        if lost:
            return StoreError(f"{where}: the connection to the Neo4j server was lost; "
                              f"{written}")
        return StoreError(f"{where}: the Neo4j server cannot be reached; is it running, and "
                          "is the address right?")
    if isinstance(exc, ex.ConstraintError):
        return StoreError(f"{where}: a constraint refused the rows ({kind}); {written}")
    if isinstance(exc, ex.CypherSyntaxError):
        return StoreError(f"{where}: Neo4j refused a statement ({kind}): a bug, please "
                          "report it")
    if str(code).endswith(_TOO_LARGE):
        return StoreError(f"{where}: the writes are more than the server lets one "
                          f"transaction hold in memory ({code}); {written}. {advice}")
    return StoreError(f"{where}: Neo4j error {code}; {written}")


class Neo4jStore(GraphStore):
    """A store in a Neo4j database; ``driver`` may be given (tests pass a fake)."""

    def __init__(self, uri: str, *, auth: tuple[str, str] | None = None,
                 database: str | None = None, batch_size: int = DEFAULT_BATCH, driver=None):
        if has_credentials(uri):
            raise StoreError(f"{redact(uri)}: put credentials in NEO4J_USERNAME and "
                             "NEO4J_PASSWORD, not in the address")
        if batch_size < 1:
            raise StoreError("the batch size must be at least 1")
        self.uri = uri
        self.location = uri
        self.database = database or "neo4j"
        self.batch_size = batch_size
        try:
            if driver is None:
                from neo4j import GraphDatabase

                driver = GraphDatabase.driver(uri, auth=auth)
            self._driver = driver
            self._driver.verify_connectivity()
            for text in statements("schema"):
                self._query(text, write=True)
        except StoreError:
            self.close()
            raise
        except Exception as exc:  # driver and address errors
            self.close()
            raise _error(exc, redact(uri)) from None

    def close(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()
            self._driver = None

    @property
    def schema_version(self) -> int:
        return SCHEMA_VERSION

    # -- plumbing -------------------------------------------------------------------------
    def _query(self, text: str, parameters: dict | None = None, *, write: bool = False):
        from neo4j import RoutingControl

        try:
            records, _, _ = self._driver.execute_query(
                text, parameters_=parameters or {}, database_=self.database,
                routing_=RoutingControl.WRITE if write else RoutingControl.READ)
        except Exception as exc:
            raise _error(exc, redact(self.uri)) from None
        return records

    def _batches(self, rows: list):
        for start in range(0, len(rows), self.batch_size):
            yield rows[start:start + self.batch_size]

    # -- writing --------------------------------------------------------------------------
    def upsert(self, tables: Iterable, progress: Progress | None = None, *,
               per_batch: bool = False) -> None:
        """Write the rows in one managed transaction (all or nothing), or with
        ``per_batch`` in one transaction per batch: for stores larger than the server
        lets one transaction hold. The statements are idempotent, so after a failure
        part-way the same upsert run again completes it."""
        self._write(list(tables), {}, progress, per_batch)

    def apply(self, tables: Iterable, deletes: dict[str, Iterable[str]] | None = None,
              progress: Progress | None = None) -> None:
        deletes = {sheet: sorted(ids) for sheet, ids in (deletes or {}).items() if ids}
        self._write(list(tables), deletes, progress, False)

    def _write(self, tables: list, deletes: dict[str, list[str]], progress: Progress | None,
               per_batch: bool) -> None:
        for table in tables:
            unknown = [c for c in table.columns if c not in SHEETS_BY_NAME[table.sheet].columns]
            if unknown or "id" not in table.columns:
                raise ValueError(f"{table.sheet}: not columns of the sheet: "
                                 f"{unknown or ['no id']}")
        self._check(tables, deletes)
        work = []  # (statement, its parameter, rows or ids, counts toward progress)
        for sheet in reversed(SHEETS):  # what refers to a row goes before the row
            if deletes.get(sheet.name):
                work.append((statement(f"delete_{sheet.name}"), "ids", deletes[sheet.name],
                             False))
        for table in tables:
            rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
            if table.sheet in NODE_SHEETS:
                work.append((statement(f"upsert_{table.sheet}"), "rows", rows, True))
        for table in tables:
            rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
            counted = table.sheet not in NODE_SHEETS
            for link in LINKS:
                if link.sheet == table.sheet and {link.source, link.target} <= {
                        *table.columns, "id"}:
                    work.append((statement(link_file(link)), "rows", rows, counted))
                    counted = False  # a relationship sheet counts once
        batches = [(text, key, batch, counted) for text, key, rows, counted in work
                   for batch in self._batches(rows)]

        def write(tx, chosen):
            for text, key, batch, counted in chosen:
                tx.run(text, {key: batch}).consume()
                if progress and counted:
                    progress(len(batch))

        committed = 0
        try:
            with self._driver.session(database=self.database) as session:
                if not per_batch:
                    session.execute_write(write, batches)
                else:
                    for one in batches:
                        session.execute_write(write, [one])
                        committed += 1
        except Exception as exc:
            from neo4j.exceptions import IncompleteCommit

            again = "run the same command again to finish (it is idempotent)"
            if isinstance(exc, IncompleteCommit):  # the server may have committed it
                written = (f"{committed} of {len(batches)} batches were committed and the "
                           f"next may have been; {again}") if per_batch else (
                    "whether the rows were written is unknown; run the same command again "
                    "(it is idempotent)")
            else:
                written = "nothing was written" if not committed else (
                    f"{committed} of {len(batches)} batches were committed; {again}")
            advice = (f"Use smaller batches (--batch-size, now {self.batch_size}), or raise "
                      "the server's db.memory.transaction.max") if per_batch else SPLIT_ADVICE
            raise _error(exc, redact(self.uri), written=written, advice=advice,
                         lost=True) from None

    def _check(self, tables: list, deletes: dict[str, list[str]]) -> None:
        """What SQLite's CHECK and foreign-key constraints refuse, refused here before
        anything is written (Neo4j has neither): a value outside its vocabulary, and a
        reference to an id that is neither in these rows nor in the database. (The ids
        are read just before the write transaction, not inside it: a row deleted in
        between by another writer would leave its relationship unwritten.)"""
        if deletes:
            left = dangling(self.read, tables, deletes)
            if left:
                raise StoreError(f"{left}; nothing was written")
        given: dict[str, set] = {t.sheet: set(t.column("id")) for t in tables}
        wanted: dict[str, dict[str, str]] = {}  # target sheet -> id -> where it is asked
        for table in tables:
            for f in SHEETS_BY_NAME[table.sheet].fields:
                if f.name not in table.columns:
                    continue
                values = {value for value in table.column(f.name) if value is not None}
                if f.vocabulary:
                    allowed = set(VOCABULARIES[f.vocabulary].allowed)
                    for value in sorted(values - allowed):
                        raise StoreError(f"{table.sheet}.{f.name}: {value!r} is not one of "
                                         f"{', '.join(sorted(allowed))}; nothing was written")
                elif f.ref:
                    ids = {v for value in values for v in split_list(value)} \
                        if f.type.startswith("refs:") else values
                    for id_ in ids - given.get(f.ref, set()):
                        wanted.setdefault(f.ref, {})[id_] = f"{table.sheet}.{f.name}"
        asked = sorted({id_ for ids in wanted.values() for id_ in ids})
        found: set[tuple[str, str]] = set()
        for start in range(0, len(asked), self.batch_size):
            found |= {(_SHEET_OF[r["kind"]], r["id"]) for r in self._query(
                statement("existing_ids"), {"ids": asked[start:start + self.batch_size]})}
        found -= {(sheet, id_) for sheet, ids in deletes.items() for id_ in ids}
        for sheet, ids in sorted(wanted.items()):
            for id_ in sorted(ids):
                if (sheet, id_) not in found:
                    what = "person" if sheet == "people" else sheet[:-1]
                    raise StoreError(f"{ids[id_]}: no {what} has id {id_!r}; nothing was "
                                     "written")

    # -- reading --------------------------------------------------------------------------
    def read(self, sheet: str) -> list[dict]:
        columns = SHEETS_BY_NAME[sheet].columns
        records = self._query(statement(f"read_{sheet}"))
        rows = [record[0] for record in records]  # the "row" map (a record lookup is slow)
        return [{c: row.get(c) for c in columns} for row in
                (upgrade_row(sheet, row) for row in rows)]

    def count(self, sheet: str) -> int:
        return len(self._query(statement(f"read_{sheet}")))

    def find(self, id_: str) -> tuple[str, dict] | None:
        """One query by id (the base class would read every sheet)."""
        records = self._query(statement("find"), {"id": id_})
        if not records:
            return None
        sheet = _SHEET_OF[records[0]["kind"]]
        row = upgrade_row(sheet, dict(records[0]["row"]))
        return sheet, {c: row.get(c) for c in SHEETS_BY_NAME[sheet].columns}

    # -- snapshots ------------------------------------------------------------------------
    def create_snapshot(self, label: str, date: str | None = None) -> dict:
        created = datetime.now(UTC).isoformat(timespec="seconds")
        when = date or created[:10]

        def work(tx):
            if tx.run(statement("snapshot_count"), {"label": label}).single()["n"]:
                raise StoreError(f"a snapshot named {label!r} exists; delete it first or "
                                 "choose another label")
            records = {}
            for sheet in SHEETS:
                columns = sheet.columns
                records[sheet.name] = [{c: r["row"].get(c) for c in columns}
                                       for r in tx.run(statement(f"read_{sheet.name}"))]
            rows = sum(len(v) for v in records.values())
            tx.run(statement("snapshot_create"), {
                "label": label, "date": when, "created": created, "rows": rows,
                "data": json.dumps(records, ensure_ascii=False)}).consume()

        try:
            with self._driver.session(database=self.database) as session:
                session.execute_write(work)
        except StoreError:
            raise
        except Exception as exc:
            # The snapshot is one JSON text on one node: a state-wide store can outgrow a
            # transaction, and then a file is the place for it.
            raise _error(exc, redact(self.uri), written="no snapshot was taken",
                         advice="Copy the store into a file (lcii-graph neo4j pull --into "
                                "FILE) and take the snapshot there") from None
        return {"label": label, "date": when, "created": created}

    def list_snapshots(self) -> list[dict]:
        return [{k: r[k] for k in ("label", "date", "created", "rows")}
                for r in self._query(statement("snapshot_list"))]

    def delete_snapshot(self, label: str) -> None:
        records = self._query(statement("snapshot_delete"), {"label": label}, write=True)
        if not records or not records[0]["deleted"]:
            raise NotFound(f"no snapshot named {label!r}")

    def read_snapshot(self, label: str) -> tuple[dict, dict[str, list[dict]]]:
        records = self._query(statement("snapshot_read"), {"label": label})
        if not records:
            raise NotFound(f"no snapshot named {label!r}")
        found = records[0]
        data = json.loads(found["data"])
        return ({"label": found["label"], "date": found["date"], "created": found["created"]},
                {sheet.name: [upgrade_row(sheet.name, row) for row in data.get(sheet.name, [])]
                 for sheet in SHEETS})

    # -- for `lcii-graph neo4j check` -----------------------------------------------------
    def server_info(self) -> dict:
        info = self._driver.get_server_info()
        constraints = self._query(statement("schema_state"))
        return {"address": redact(self.uri), "database": self.database,
                "agent": getattr(info, "agent", None),
                "protocol": ".".join(map(str, getattr(info, "protocol_version", ()) or ())),
                "constraints": [r["name"] for r in constraints]}
