"""Import a workbook into a store: read, validate everything, then write once.

The import is all or nothing: validation collects every problem first and
refuses the whole workbook if there is any; the rows then land in one store
transaction. Nothing is created or changed on a refused import or a dry run.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputInvalid
from ..model.schema import SHEETS
from ..store import GraphStore, open_store, store_exists
from ..store.edits import keep_state
from .forms import FormsWorkbook
from .problems import Problem
from .readers import read_workbook
from .validate import NoExistingData, TableData, Validated, validate

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
    changed: dict[str, int] = field(default_factory=dict)  # stored rows the file changes
    absent: dict[str, int] = field(default_factory=dict)  # stored rows the file does not have
    sync: bool = False
    removed: dict[str, list[str]] = field(default_factory=dict)  # ids --sync removes
    cleared: dict[str, list[str]] = field(default_factory=dict)  # ids losing a reference
    lines: list[str] = field(default_factory=list)  # what goes or changes besides the file
    follows: list[tuple] = field(default_factory=list)  # (sheet, id, why) going with others
    snapshot: str | None = None  # taken before a --sync wrote

    same: dict[str, int] = field(default_factory=dict)  # rows of the file left as stored

    def unchanged(self, sheet: str) -> int:
        return self.same.get(sheet, 0)

    def sheets(self) -> list[str]:
        """The sheets the file carries, then those the import changes besides."""
        extra = {*self.removed, *self.cleared} - set(self.rows)
        return list(self.rows) + [s.name for s in SHEETS if s.name in extra]

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "store": self.store,
            "dry_run": self.dry_run,
            "written": not self.dry_run,
            "sync": self.sync,
            "snapshot": self.snapshot,
            "sheets": {
                sheet: {"rows": self.rows.get(sheet, 0), "new": self.new.get(sheet, 0),
                        "changed": self.changed.get(sheet, 0),
                        "unchanged": self.unchanged(sheet),
                        "not_in_file": self.absent.get(sheet, 0),
                        "removed": len(self.removed.get(sheet, ())),
                        "references_cleared": len(self.cleared.get(sheet, ()))}
                for sheet in self.sheets()
            },
            "removed": self.removed,
            "references_cleared": self.cleared,
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
    sync: bool = False,
    progress: ProgressFactory | None = None,
    mapping: dict[str, str] | None = None,
) -> ImportReport:
    """Import the workbook at ``path`` into the store at ``store``.

    With ``sync``, the sheets the workbook carries become exactly the workbook: stored
    rows of those sheets that it does not hold are removed, with what needs them
    (:func:`~lcii_graph.model.references.plan_removal`), after a snapshot of the store as
    it was (``report.snapshot``).

    Raises :class:`~lcii_graph.errors.InputUnreadable` for a file that cannot
    be read, :class:`~lcii_graph.errors.InputInvalid` (carrying every problem)
    for contents that break the rules, and
    :class:`~lcii_graph.errors.StoreError` if the store cannot be written.
    """
    with _stage(progress, f"Reading {path}"):
        workbook = read_workbook(path, mapping)
    if isinstance(store, GraphStore):  # an open store (a Neo4j database, say)
        return _import(path, workbook, store, dry_run, sync, progress)
    if store_exists(store):
        with open_store(store, create=False) as existing:
            return _import(path, workbook, existing, dry_run, sync, progress)
    # A new store: validate on its own; the file is created only when there is
    # something valid to write.
    return _import(path, workbook, NoExistingData(), dry_run, sync, progress,
                   create=lambda: open_store(store, create=True), location=str(store))


class _Mirrored:
    """The store as ``import --sync`` sees it: the rows of the sheets the file carries are
    the file's alone (the stored ones it lacks are about to go)."""

    def __init__(self, store, carried: set[str]):
        self.store = store
        self.carried = carried

    def known_ids(self, sheet: str) -> dict[str, str | None]:
        return {} if sheet in self.carried else self.store.known_ids(sheet)

    def jurisdiction_parents(self) -> dict[str, str | None]:
        return {} if "jurisdictions" in self.carried else self.store.jurisdiction_parents()

    def withdrawn(self, sheet: str) -> set[str]:
        return set(self.store.known_ids(sheet)) if sheet in self.carried else set()


def _import(path, workbook, existing, dry_run: bool, sync: bool, progress, *, create=None,
            location: str | None = None) -> ImportReport:
    if sync and (workbook.form is not None or isinstance(workbook, FormsWorkbook)):
        raise InputInvalid(f"{path}: survey forms add a round's answers; --sync, which "
                           "would remove every stored rating the forms do not hold, is for "
                           "a whole workbook")
    sync = sync and create is None  # a new store holds nothing to remove
    against = _Mirrored(existing, set(workbook.sheets)) if sync else existing
    if isinstance(workbook, FormsWorkbook):
        _check_forms(path, workbook, against)
    with _stage(progress, f"Checking {_rows(workbook):,} rows"):
        validated = validate(workbook, against)
    if not validated.ok:
        count = len(validated.problems)
        raise InputInvalid(
            f"{path}: {count} problem{'s' if count != 1 else ''} found; nothing was imported",
            validated.problems + validated.warnings,
        )
    report = ImportReport(str(path), location or existing.location, dry_run, {}, {},
                          validated.warnings, validated.ignored, workbook.unplaced,
                          workbook.notes + validated.notes, sync=sync)
    with _stage(progress, "Comparing with the store"):
        stored, same = _compare(report, validated, existing)
        extra: list = []
        deletes: dict[str, set[str]] = {}
        if sync:
            extra, deletes = _mirror(report, validated, existing, stored, same)
    if not dry_run:
        if create is not None:
            with create() as created:
                report.store = created.location
                _write(created, validated, progress)
        else:
            if sync and any(stored.values()):
                report.snapshot = keep_state(existing, "sync")
            _write(existing, validated, progress, extra, deletes, same)
    return report


def _check_forms(path, workbook: FormsWorkbook, existing) -> None:
    """Check each form of a folder on its own, so that every problem names its form."""
    problems, warnings = [], []
    for form in workbook.forms:
        validated = validate(form, existing)
        problems += validated.problems
        warnings += validated.warnings
    if problems:
        count = len(problems)
        raise InputInvalid(f"{path}: {count} problem{'s' if count != 1 else ''} found in "
                           f"{len(workbook.forms)} forms; nothing was imported",
                           problems + warnings)


def check_workbook(path: str | Path, store: str | None = None) -> Validated:
    """Validate without writing (what ``--dry-run`` and the tests use)."""
    workbook = read_workbook(path)
    if isinstance(store, GraphStore):
        return validate(workbook, store)
    if store_exists(store):
        with open_store(store, create=False) as existing:
            return validate(workbook, existing)
    return validate(workbook, NoExistingData())


def _compare(report: ImportReport, validated: Validated, existing) -> tuple[dict, dict]:
    """Count new, changed and unchanged rows per sheet, and the stored rows the file does
    not have. Returns the stored rows (by id) of the sheets the file carries, and the ids
    of the rows it leaves unchanged."""
    stored: dict[str, dict[str, dict]] = {}
    same: dict[str, set[str]] = {}
    for sheet in SHEETS:
        table = validated.tables.get(sheet.name)
        if table is None:
            continue
        known = existing.known_ids(sheet.name)
        rows = stored[sheet.name] = {row["id"]: row for row in existing.read(sheet.name)} \
            if known else {}
        index = table.columns.index("id")
        report.rows[sheet.name] = len(table)
        report.new[sheet.name] = report.changed[sheet.name] = 0
        same[sheet.name] = set()
        as_row = _as_row(table.columns)
        for row in table.rows:
            before = rows.get(row[index])
            if before is None:
                report.new[sheet.name] += 1
            elif as_row(before) != row:
                report.changed[sheet.name] += 1
            else:
                same[sheet.name].add(row[index])
        report.same[sheet.name] = len(same[sheet.name])
        report.absent[sheet.name] = len(set(rows) - set(table.column("id")))
    return stored, same


def _as_row(columns: list[str]) -> Callable[[dict], tuple]:
    """A stored row (a dict of every column of its sheet) as a tuple of ``columns``'
    values, to compare with a validated row in one step (L imported onto itself: 4.4 s
    compared column by column)."""
    pick = operator.itemgetter(*columns)
    return (lambda stored: (pick(stored),)) if len(columns) == 1 else pick


def _mirror(report: ImportReport, validated: Validated, existing, stored, same) -> tuple:
    """What ``--sync`` removes and clears besides writing the file's rows: the extra
    tables to write and the ids to delete. Refuses (InputInvalid) a row of the file that
    would have to go with what it removes."""
    from ..model.references import describe_referrers, plan_removal
    from ..store.edits import cleared_tables

    emptied = [Problem(report.source, sheet, None, None, None,
                       f"expected rows: this sheet is empty, and --sync would remove all "
                       f"{len(rows):,} stored {sheet}; fill it, or leave the sheet out of "
                       "the file to keep them")
               for sheet, rows in stored.items() if rows and not validated.tables[sheet].rows]
    if emptied:  # a truncated export or the wrong file: never a reason to empty the store
        raise InputInvalid(f"{report.source}: {len(emptied)} empty sheet"
                           f"{'s' if len(emptied) != 1 else ''} would empty the store; "
                           "nothing was imported", emptied)
    roots = {sheet: set(rows) - set(validated.tables[sheet].column("id"))
             for sheet, rows in stored.items()}

    def rows_after(sheet: str) -> list[dict]:
        """The sheet as it stands once the file's rows are written."""
        if sheet not in validated.tables:
            return existing.read(sheet)
        merged = dict(stored[sheet])
        table = validated.tables[sheet]
        for row in table.as_dicts():
            merged[row["id"]] = {**merged.get(row["id"], {}), **row}
        return list(merged.values())

    plan = plan_removal(rows_after, roots)
    file_ids = {sheet: set(table.column("id")) for sheet, table in validated.tables.items()}
    in_file = [(sheet, id_, why) for sheet, id_, why in plan.follows
               if id_ in file_ids.get(sheet, ())]
    if in_file:
        raise InputInvalid(
            f"{report.source}: {len(in_file)} row{'s' if len(in_file) != 1 else ''} of the "
            "file would go with rows --sync removes; nothing was imported",
            [Problem(report.source, sheet, None, "id", id_,
                     f"expected a row whose references stay: {why}, as the file no "
                     "longer has it") for sheet, id_, why in in_file])
    report.removed = {sheet: sorted(ids) for sheet, ids in plan.removed.items()}
    report.cleared = {sheet: sorted(rows) for sheet, rows in plan.cleared.items()}
    report.lines = describe_referrers(plan)
    report.follows = plan.follows
    for sheet, rows in plan.cleared.items():  # a row of the file that loses a reference
        if sheet not in report.rows:  # a sheet the file does not carry
            report.changed[sheet] = len(rows)
            continue
        unchanged = set(rows) & same[sheet]
        report.changed[sheet] += len(unchanged)
        report.same[sheet] -= len(unchanged)
    return cleared_tables(plan), plan.removed


def _stage(progress: ProgressFactory | None, label: str):
    return progress(label, None) if progress else contextlib.nullcontext()


def _rows(workbook) -> int:
    return sum(len(sheet.row_numbers) for sheet in workbook.sheets.values())


def _write(store, validated: Validated, progress: ProgressFactory | None,
           extra: list | None = None, deletes: dict | None = None,
           same: dict[str, set[str]] | None = None) -> None:
    """Write the validated rows, but those ``same`` names (per sheet, the ids of rows the
    store holds as they are: writing them would change nothing; a file imported again
    with a few rows changed writes those), then ``extra`` (what ``--sync`` clears)."""
    tables = [_changed(validated.tables[s.name], (same or {}).get(s.name))
              for s in SHEETS if s.name in validated.tables]
    tables += extra or []
    total = sum(len(t) for t in tables)
    bar = progress("Writing", total) if progress else contextlib.nullcontext(None)
    with bar as update:
        store.apply(tables, deletes, progress=update)


def _changed(table: TableData, same: set[str] | None) -> TableData:
    """``table`` without the rows whose ids ``same`` holds."""
    if not same:
        return table
    at = table.columns.index("id")
    return TableData(table.sheet, table.columns, [row for row in table.rows
                                                  if row[at] not in same])
