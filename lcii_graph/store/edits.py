"""Change a store row by row: set fields, delete rows, restore a snapshot.

Each change is checked as an import checks it, lands in one transaction, and is
preceded by a snapshot of the store as it was, named in the result, so that
``snapshot restore LABEL`` undoes it. Works on every :class:`GraphStore`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..errors import InputInvalid, NotFound
from ..model.people import written_blank
from ..model.references import Removal, describe_referrers, plan_removal
from ..model.schema import SHEETS, SHEETS_BY_NAME, singular
from .base import GraphStore

ALL_SHEETS = tuple(sheet.name for sheet in SHEETS)


class Refused(InputInvalid):
    """A change that would break the store's rules; nothing was changed (exit 3).
    ``details`` lists what stands in the way, a line each."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


def snapshot_label(store: GraphStore, why: str) -> str:
    """A new snapshot label for the state before ``why``: ``before-WHY-YYYYMMDD-HHMMSS``
    (with ``-2``, ``-3``... when several changes fall in one second)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    base = f"before-{why}-{stamp}"
    taken = {s["label"] for s in store.list_snapshots()}
    label, n = base, 1
    while label in taken:
        n += 1
        label = f"{base}-{n}"
    return label


def keep_state(store: GraphStore, why: str) -> str:
    """Snapshot the store as it is now; the label."""
    label = snapshot_label(store, why)
    store.create_snapshot(label)
    return label


# -- restore ----------------------------------------------------------------------------------
def restore(store: GraphStore, label: str) -> dict:
    """Make the store's rows exactly those of snapshot ``label``, after a snapshot of the
    state it replaces. Returns ``restored``, ``kept`` (that snapshot's label) and per
    sheet the rows ``written`` and ``deleted``."""
    from ..ingest.validate import TableData

    info, records = store.read_snapshot(label)  # NotFound before anything is written
    kept = keep_state(store, "restore")
    tables, deletes = [], {}
    for sheet in SHEETS:
        rows = records.get(sheet.name, [])
        columns = list(sheet.columns)
        tables.append(TableData(sheet.name, columns,
                                [tuple(row.get(c) for c in columns) for row in rows]))
        deletes[sheet.name] = set(store.known_ids(sheet.name)) - {row["id"] for row in rows}
    store.apply([t for t in tables if t.rows], deletes)
    return {"restored": info["label"], "date": info["date"], "kept": kept,
            "sheets": {t.sheet: {"written": len(t.rows), "deleted": len(deletes[t.sheet])}
                       for t in tables}}


# -- delete -----------------------------------------------------------------------------------
@dataclass
class Deletion:
    sheet: str
    id: str
    plan: Removal
    lines: list[str] = field(default_factory=list)  # what else goes or changes
    kept: str | None = None  # the snapshot taken first; None for a dry run

    def to_dict(self) -> dict:
        return {"sheet": self.sheet, "id": self.id, "snapshot": self.kept,
                "written": self.kept is not None,
                "removed": {s: sorted(ids) for s, ids in self.plan.removed.items()},
                "changed": {s: dict(sorted(rows.items()))
                            for s, rows in self.plan.cleared.items()},
                "lines": self.lines}


def delete(store: GraphStore, text: str, *, cascade: bool = False,
           dry_run: bool = False) -> Deletion:
    """Delete the row ``text`` names (an id, or a name one row has). While other rows refer
    to it, refused naming them (:class:`Refused`) unless ``cascade``: then the rows that
    need it go too and the rows that mention it lose the reference, all listed."""
    sheet, id_ = store.resolve(text, ALL_SHEETS)
    plan = plan_removal(store.read, {sheet: {id_}})
    result = Deletion(sheet, id_, plan, describe_referrers(plan, _labels(store, plan)))
    if result.lines and not cascade:
        raise Refused(f"{singular(sheet)} {id_!r} is referred to by {len(result.lines)} "
                      f"row{'s' if len(result.lines) != 1 else ''}; nothing was deleted. "
                      "Add --cascade to delete it with the rows that need it and clear "
                      "the references of the others:", result.lines)
    if dry_run:
        return result
    result.kept = keep_state(store, "delete")
    store.apply(cleared_tables(plan), plan.removed)
    return result


def cleared_tables(plan: Removal) -> list:
    """The rows that stay and lose a reference, whole (a store checks a row's required
    columns even when it only updates it)."""
    from ..ingest.validate import TableData

    tables = []
    for sheet, rows in plan.cleared.items():
        columns = list(SHEETS_BY_NAME[sheet].columns)
        data = [tuple({**plan.was[(sheet, id_)], **cleared}.get(c) for c in columns)
                for id_, cleared in sorted(rows.items())]
        tables.append(TableData(sheet, columns, data))
    return tables


def _labels(store: GraphStore, plan: Removal) -> dict[tuple[str, str], str]:
    """How a row is named in a list: its name (and id) where it has one."""
    labels = {}
    ids = {(sheet, id_) for sheet, id_, _ in plan.follows}
    ids |= {(sheet, id_) for sheet, rows in plan.cleared.items() for id_ in rows}
    for sheet in {s for s, _ in ids}:
        if "name" not in SHEETS_BY_NAME[sheet].columns:
            continue
        names = store.known_ids(sheet)
        for s, id_ in ids:
            if s == sheet and names.get(id_):
                labels[(s, id_)] = f"{names[id_]!r} ({id_})"
    return labels


# -- set --------------------------------------------------------------------------------------
@dataclass
class Edit:
    sheet: str
    id: str
    changes: dict[str, tuple]  # column -> (before, after)
    warnings: list = field(default_factory=list)
    kept: str | None = None

    def to_dict(self) -> dict:
        return {"sheet": self.sheet, "id": self.id, "snapshot": self.kept,
                "written": self.kept is not None,
                "changes": {c: {"before": b, "after": a} for c, (b, a) in self.changes.items()},
                "warnings": [str(w) for w in self.warnings]}


def set_fields(store: GraphStore, text: str, assignments: list[tuple[str, str]], *,
               dry_run: bool = False) -> Edit:
    """Set fields of the row ``text`` names: each ``(field, cell text)`` read exactly as an
    import reads that cell (a header spelling may name the field), the row then checked
    as an import checks it against the store. Raises :class:`InputInvalid` with every
    problem, and changes nothing, when the row would be refused."""
    import pandas as pd

    from ..ingest.readers import RawSheet, RawWorkbook
    from ..ingest.validate import _header_lookup, normalize_key, validate

    sheet_name, id_ = store.resolve(text, ALL_SHEETS)
    sheet = SHEETS_BY_NAME[sheet_name]
    row = store.find(id_)[1]
    lookup = _header_lookup(sheet)
    given: dict[str, str] = {}
    for name, value in assignments:
        column = lookup.get(normalize_key(name))
        if column in (None, "member"):
            fields = [f.name for f in sheet.fields if f.name != "id"]
            close = difflib.get_close_matches(name.casefold(), fields, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise NotFound(f"{name!r} is not a field of the {sheet_name} sheet{hint}; its "
                           f"fields: {', '.join(fields)}")
        if column == "id":
            raise Refused(f"the id names the row and cannot be set; to give "
                          f"{singular(sheet_name)} {id_!r} another id, add a row with the "
                          "new id and delete this one")
        given[column] = value
    cells = {f.name: cell_text(sheet_name, f.name, row) for f in sheet.fields}
    cells.update(given)
    headers = list(cells)
    raw = RawSheet(sheet_name, f"{singular(sheet_name)} {id_!r}", headers,
                   pd.DataFrame([[cells[h] for h in headers]]), header_row=None,
                   row_numbers=[None])
    validated = validate(RawWorkbook(Path(f"set {id_}"), {sheet_name: raw}), store)
    if not validated.ok:
        count = len(validated.problems)
        raise InputInvalid(f"{count} problem{'s' if count != 1 else ''} found; nothing was "
                           "changed", validated.problems + validated.warnings)
    table = validated.tables[sheet_name]
    after = dict(zip(table.columns, table.rows[0], strict=True))
    changes = {c: (row.get(c), after[c]) for c in table.columns
               if c != "id" and after[c] != row.get(c)}
    result = Edit(sheet_name, id_, changes, validated.warnings)
    if changes and not dry_run:
        result.kept = keep_state(store, "set")
        store.apply([table])
    return result


def cell_text(sheet: str, column: str, row: dict) -> str:
    """A stored value as the cell an import reads back to it."""
    from ..ingest.cells import as_cell

    return "" if written_blank(sheet, column, row) else as_cell(row.get(column))
