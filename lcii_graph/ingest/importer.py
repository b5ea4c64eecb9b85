"""Import a workbook into a store: read, validate everything, then write once.

The import is all or nothing: validation collects every problem first and
refuses the whole workbook if there is any; the rows then land in one store
transaction. Nothing is created or changed on a refused import or a dry run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputInvalid
from ..model.schema import SHEETS
from ..store import GraphStore, open_store, store_exists
from .problems import Problem
from .readers import read_workbook
from .validate import NoExistingData, Validated, validate

#: progress(label, total) -> context manager yielding update(n); ``total`` None for a
#: stage whose size is not known in advance (the caller then shows just the label).
ProgressFactory = Callable[[str, int | None], contextlib.AbstractContextManager]


@dataclass
class ImportReport:
    source: str
    store: str
    dry_run: bool
    rows: dict[str, int]  # rows per sheet in the workbook
    new: dict[str, int]  # of which not yet in the store
    warnings: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "store": self.store,
            "dry_run": self.dry_run,
            "written": not self.dry_run,
            "sheets": {
                sheet: {"rows": self.rows[sheet], "new": self.new[sheet]} for sheet in self.rows
            },
            "warnings": [str(w) for w in self.warnings],
            "ignored": self.ignored,
            "unplaced": self.unplaced,
            "notes": self.notes,
        }


def import_workbook(
    path: str | Path,
    store: str | None = None,
    *,
    dry_run: bool = False,
    progress: ProgressFactory | None = None,
    mapping: dict[str, str] | None = None,
) -> ImportReport:
    """Import the workbook at ``path`` into the store at ``store``.

    Raises :class:`~lcii_graph.errors.InputUnreadable` for a file that cannot
    be read, :class:`~lcii_graph.errors.InputInvalid` (carrying every problem)
    for contents that break the rules, and
    :class:`~lcii_graph.errors.StoreError` if the store cannot be written.
    """
    with _stage(progress, f"Reading {path}"):
        workbook = read_workbook(path, mapping)
    if isinstance(store, GraphStore):  # an open store (a Neo4j database, say)
        return _import(path, workbook, store, dry_run, progress)
    if store_exists(store):
        with open_store(store, create=False) as existing:
            return _import(path, workbook, existing, dry_run, progress)
    # A new store: validate on its own; the file is created only when there is
    # something valid to write.
    return _import(path, workbook, NoExistingData(), dry_run, progress,
                   create=lambda: open_store(store, create=True), location=str(store))


def _import(path, workbook, existing, dry_run: bool, progress, *, create=None,
            location: str | None = None) -> ImportReport:
    with _stage(progress, f"Checking {_rows(workbook):,} rows"):
        validated = validate(workbook, existing)
    report = _report(path, location or existing.location, validated, existing.known_ids,
                     dry_run)
    report.unplaced = workbook.unplaced
    report.notes = workbook.notes
    if validated.ok and not dry_run:
        if create is None:
            _write(existing, validated, progress)
        else:
            with create() as created:
                report.store = created.location
                _write(created, validated, progress)
    return report


def check_workbook(path: str | Path, store: str | None = None) -> Validated:
    """Validate without writing (what ``--dry-run`` and the tests use)."""
    workbook = read_workbook(path)
    if isinstance(store, GraphStore):
        return validate(workbook, store)
    if store_exists(store):
        with open_store(store, create=False) as existing:
            return validate(workbook, existing)
    return validate(workbook, NoExistingData())


def _report(path, store, validated: Validated, known_ids, dry_run: bool) -> ImportReport:
    if not validated.ok:
        count = len(validated.problems)
        raise InputInvalid(
            f"{path}: {count} problem{'s' if count != 1 else ''} found; nothing was imported",
            validated.problems + validated.warnings,
        )
    rows = {}
    new = {}
    for sheet in SHEETS:
        table = validated.tables.get(sheet.name)
        if table is None:
            continue
        stored = known_ids(sheet.name)
        index = table.columns.index("id")
        rows[sheet.name] = len(table)
        new[sheet.name] = sum(1 for row in table.rows if row[index] not in stored)
    return ImportReport(str(path), str(store), dry_run, rows, new, validated.warnings,
                        validated.ignored)


def _stage(progress: ProgressFactory | None, label: str):
    return progress(label, None) if progress else contextlib.nullcontext()


def _rows(workbook) -> int:
    return sum(len(sheet.row_numbers) for sheet in workbook.sheets.values())


def _write(store, validated: Validated, progress: ProgressFactory | None) -> None:
    tables = [validated.tables[s.name] for s in SHEETS if s.name in validated.tables]
    total = sum(len(t) for t in tables)
    bar = progress("Writing", total) if progress else contextlib.nullcontext(None)
    with bar as update:
        store.upsert(tables, progress=update)
