"""The contract every store keeps (an SQLite file, a Neo4j database).

A store holds the rows of the workbook's sheets. It writes batches of
:class:`~lcii_graph.ingest.validate.TableData`, and deletes rows, in one transaction
(all land or none do), reads each sheet back and keeps snapshots of them. The network
model is built from those rows by the next layer
(:func:`lcii_graph.network.network_of`); a store knows nothing of it. The contract
tests in ``tests/store_contract.py`` run against every implementation.
"""

from __future__ import annotations

import difflib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from ..errors import NotFound
from ..ingest.cells import split_list
from ..model.schema import LINKS, SHEETS, SHEETS_BY_NAME, Link, singular
from ..model.tally import TALLIED_SHEETS, tally

#: The sheets whose rows have a name to look them up by.
NAMED_SHEETS = tuple(s.name for s in SHEETS if "name" in s.columns)


def _loose(text: str) -> str:
    """A name as it is compared: case, spacing and punctuation aside."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


#: Called with the number of rows just written, for progress bars.
Progress = Callable[[int], None]


class GraphStore(ABC):
    """Open a store with :func:`lcii_graph.store.open_store`; use it in a ``with`` block."""

    location: str

    # -- life cycle ------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def schema_version(self) -> int: ...

    # -- writing ---------------------------------------------------------------
    @abstractmethod
    def upsert(self, tables: Iterable, progress: Progress | None = None) -> None:
        """Insert or update every row of every table in one transaction.

        Rows are matched on ``id``; only the columns a table carries are
        written, so a sheet without (say) a ``url`` column leaves stored urls
        alone. On any error nothing is written and :class:`StoreError` is raised.
        """

    @abstractmethod
    def apply(self, tables: Iterable, deletes: dict[str, Iterable[str]] | None = None,
              progress: Progress | None = None) -> None:
        """Delete the rows ``deletes`` names (sheet -> ids), then upsert ``tables``, in one
        transaction: all of it lands or none of it does. A reference left pointing at a
        deleted row is refused (:class:`StoreError`) and nothing changes; what refers to
        a row is found with :func:`~lcii_graph.model.references.plan_removal` first."""

    # -- reading ---------------------------------------------------------------
    @abstractmethod
    def read(self, sheet: str) -> list[dict]:
        """Every stored row of ``sheet`` as a dict of all its columns, ordered by id."""

    @abstractmethod
    def count(self, sheet: str) -> int: ...

    def counts(self) -> dict[str, int]:
        return {sheet.name: self.count(sheet.name) for sheet in SHEETS}

    def tally(self) -> dict:
        """What the store holds, counted (:func:`~lcii_graph.model.tally.tally`); a store
        may count where its rows lie instead of reading them."""
        return tally({sheet: self.read(sheet) for sheet in TALLIED_SHEETS}, self.counts())

    def known_ids(self, sheet: str) -> dict[str, str | None]:
        has_name = "name" in SHEETS_BY_NAME[sheet].columns
        return {row["id"]: row["name"] if has_name else None for row in self.read(sheet)}

    def jurisdiction_parents(self) -> dict[str, str | None]:
        return {row["id"]: row["parent"] for row in self.read("jurisdictions")}

    def resolve(self, text: str, sheets: tuple[str, ...] = NAMED_SHEETS) -> tuple[str, str]:
        """``(sheet, id)`` of the row of ``sheets`` that ``text`` names: its id, or else its
        name (case, spaces and punctuation aside) when one row has it. Raises
        :class:`NotFound` naming the candidates when several rows share the name, or the
        closest ids and names when none matches."""
        found = self.find(text)
        if found is not None and found[0] in sheets:
            return found[0], text
        key = _loose(text)
        named: list[tuple[str, str, str]] = []  # sheet, id, name
        ids: list[tuple[str, str]] = []
        for sheet in sheets:
            known = self.known_ids(sheet)
            named += [(sheet, i, n) for i, n in known.items() if n]
            ids += [(sheet, i) for i in known]
        # An id in another case ("RB-NHS") names its row as the id itself does.
        folded = [(sheet, i) for sheet, i in ids if i.casefold() == text.strip().casefold()]
        if len(folded) == 1:
            return folded[0]
        matches = [(sheet, i, n) for sheet, i, n in named if _loose(n) == key]
        if len(matches) == 1:
            return matches[0][0], matches[0][1]
        what = " or ".join(map(singular, sheets)) if len(sheets) < 5 else "row"
        if matches:
            listed = ", ".join(f"{i!r} ({sheet})" for sheet, i, _ in matches)
            raise NotFound(f"{text!r} names {len(matches)} rows: {listed}; give the id")
        choices = {i: i for _, i, _ in named} | {_loose(n): i for _, i, n in named}
        close = difflib.get_close_matches(key, list(choices), n=3, cutoff=0.75)
        hint = f" (did you mean {' or '.join(repr(choices[c]) for c in close)}?)" \
            if close else ""
        raise NotFound(f"no {what} has the id or name {text!r}{hint}")

    def find(self, id_: str) -> tuple[str, dict] | None:
        """The sheet and row holding ``id_`` (nodes first, then relationships)."""
        for sheet in SHEETS:
            for row in self.read(sheet.name):
                if row["id"] == id_:
                    return sheet.name, row
        return None

    def links(self, id_: str) -> list[dict]:
        """The relationships of node ``id_``: ``relationship``, ``direction``
        (``out`` or ``in``), the other node's ``id`` and ``name``."""
        found = []
        for link in LINKS:
            for row in self.read(link.sheet):
                found.extend(_link_rows(link, row[link.source], row[link.target], id_))
        return _named(self, found)

    # -- snapshots --------------------------------------------------------------------------
    @abstractmethod
    def create_snapshot(self, label: str, date: str | None = None) -> dict:
        """Copy every row, in one transaction, under ``label`` standing for ``date``
        (default today). A label is used once."""

    @abstractmethod
    def list_snapshots(self) -> list[dict]:
        """``label``, ``date``, ``created`` and ``rows`` of each snapshot, oldest first."""

    @abstractmethod
    def delete_snapshot(self, label: str) -> None: ...

    @abstractmethod
    def read_snapshot(self, label: str) -> tuple[dict, dict[str, list[dict]]]:
        """The snapshot's description and its rows per sheet."""

    def read_all(self) -> dict[str, list[dict]]:
        return {sheet.name: self.read(sheet.name) for sheet in SHEETS}

    def read_all_hashed(self) -> tuple[dict[str, list[dict]], str | None]:
        """Every row, and a hash of the rows as stored where the store makes one as it
        reads (else ``None``: the network hashes its rows itself when asked,
        :attr:`~lcii_graph.network.model.Network.fingerprint`)."""
        return self.read_all(), None


def _link_rows(link: Link, source: str | None, target: str | None, id_: str) -> list[dict]:
    """The ends of one stored relationship that touch ``id_``, seen from ``id_``."""
    if source is None or target is None:
        return []
    targets = split_list(target) if link.many else [target]
    out = []
    if source == id_:
        out += [{"relationship": link.rel.value, "direction": "out", "id": t} for t in targets]
    if id_ in targets:
        out.append({"relationship": link.rel.value, "direction": "in", "id": source})
    return out


def _named(store: GraphStore, links: list[dict]) -> list[dict]:
    """Add each linked node's name; keep one row per relationship, direction and node."""
    unique = list({(x["relationship"], x["direction"], x["id"]): x for x in links}.values())
    for x in unique:
        found = store.find(x["id"])
        x["name"] = found[1].get("name") if found else None
    return unique


def dangling(rows_of: Callable[[str], list[dict]], tables: Iterable,
             deletes: dict[str, Iterable[str]], *, lists_only: bool = False) -> str | None:
    """The first reference that deleting ``deletes`` and writing ``tables`` would leave
    pointing at nothing, as a message (for a store without foreign keys, or with
    ``lists_only`` for one whose foreign keys guard all but list columns); None if none."""
    from ..model.references import plan_removal

    plan = plan_removal(rows_of, {sheet: set(ids) for sheet, ids in deletes.items()},
                        lists_only=lists_only)
    written: dict[str, dict[str, set[str]]] = {}  # sheet -> id -> columns written
    for table in tables:
        for id_ in table.column("id"):
            written.setdefault(table.sheet, {}).setdefault(id_, set()).update(table.columns)
    for sheet, id_, why in plan.follows:
        if id_ not in deletes.get(sheet, ()) and id_ not in written.get(sheet, {}):
            return f"{sheet} row {id_!r} refers to a deleted row ({why})"
    for sheet, rows in sorted(plan.cleared.items()):
        for id_, columns in sorted(rows.items()):
            if not set(columns) <= written.get(sheet, {}).get(id_, set()):
                return f"{sheet} row {id_!r} refers to a deleted row ({', '.join(columns)})"
    return None
