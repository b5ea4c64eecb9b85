"""What else goes, or changes, when rows are removed: the rows that refer to them.

A row refers to another through a ``ref:`` or ``refs:`` column (a person's
organization, a tie's two ends, a metric's goal...). When a row is removed, a row that
*needs* it goes too — the reference is required (a tie's end, a metric's goal), or it is
a membership's member — and so on down the chain (a goal takes its metrics, which take
their measurements); a row that only *mentions* it keeps everything else and loses the
reference (a person's employer becomes blank, a table no longer serves that place).
This is the one reading of it for ``delete --cascade``, ``import --sync`` and the
messages that refuse them; it works on rows, so every store shares it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .schema import SHEETS, Field, singular

#: The columns of a membership naming its member, and of an assessment or interaction
#: naming whom it is about: the row means nothing without it, though each of the two may
#: be blank on its own.
_MEMBER_COLUMNS = {(sheet, column) for sheet in ("memberships", "assessments", "interactions")
                   for column in ("organization", "person")}


def _split(value: str | None) -> list[str]:
    return [item for item in (value or "").split("; ") if item]


def needed(sheet: str, column: Field) -> bool:
    """Whether a row of ``sheet`` goes when the row its ``column`` names goes."""
    return column.required or (sheet, column.name) in _MEMBER_COLUMNS


#: (sheet, column) of every reference, by the sheet it points at.
REFERRERS: dict[str, list[tuple[str, Field]]] = {}
for _sheet in SHEETS:
    for _field in _sheet.fields:
        if _field.ref:
            REFERRERS.setdefault(_field.ref, []).append((_sheet.name, _field))


@dataclass
class Removal:
    """What removing some rows does.

    ``removed`` maps each sheet to ``{id: reason}`` for every row that goes: the reason is
    ``None`` for a row asked for, else the reference that takes it (``"it needs goal
    'g1' (goal)"``). ``cleared`` maps a sheet to ``{id: {column: value after}}`` for the rows that
    stay and lose a reference; ``was`` holds each such row as it was.
    """

    removed: dict[str, dict[str, str | None]] = field(default_factory=dict)
    cleared: dict[str, dict[str, dict[str, str | None]]] = field(default_factory=dict)
    was: dict[tuple[str, str], dict] = field(default_factory=dict)

    def ids(self, sheet: str) -> set[str]:
        return set(self.removed.get(sheet, ()))

    @property
    def follows(self) -> list[tuple[str, str, str]]:
        """``(sheet, id, reason)`` of each row that goes because another does."""
        return [(sheet, id_, why) for sheet, rows in self.removed.items()
                for id_, why in sorted(rows.items()) if why is not None]

    def count(self) -> int:
        return sum(len(rows) for rows in self.removed.values())


def plan_removal(rows_of: Callable[[str], list[dict]], removing: dict[str, set[str]], *,
                 lists_only: bool = False) -> Removal:
    """What goes and what changes when the rows ``removing`` names (sheet -> ids) go.

    ``rows_of(sheet)`` gives a sheet's rows as they will stand (read once, only for the
    sheets that may refer to something removed). A removed row that other removals
    reach again keeps its first reason; a row that loses a reference and then goes is
    only listed as going. ``lists_only`` looks at list columns alone (a store whose
    foreign keys guard the others).
    """
    plan = Removal()
    for sheet, ids in removing.items():
        for id_ in ids:
            plan.removed.setdefault(sheet, {})[id_] = None
    cache: dict[str, list[dict]] = {}
    pending = {sheet for sheet, ids in removing.items() if ids}
    done: dict[str, set[str]] = {}  # sheet -> ids whose referrers were already looked at
    while pending:
        target = pending.pop()
        fresh = plan.ids(target) - done.get(target, set())
        done.setdefault(target, set()).update(fresh)
        for sheet, column in REFERRERS.get(target, ()):
            if lists_only and not column.type.startswith("refs:"):
                continue
            if sheet not in cache:
                cache[sheet] = rows_of(sheet)
            gone = plan.removed.setdefault(sheet, {})
            for row in cache[sheet]:
                id_ = row["id"]
                if id_ in gone:
                    continue
                value = row.get(column.name)
                if column.type.startswith("refs:"):
                    items = _split(value)
                    hit = [item for item in items if item in fresh]
                    if hit:
                        after = _current(plan, sheet, row, column.name)
                        kept = [item for item in _split(after) if item not in fresh]
                        _clear(plan, sheet, row, column.name, "; ".join(kept) or None)
                    continue
                if value is None or value not in fresh:
                    continue
                if needed(sheet, column):
                    gone[id_] = f"it needs {singular(target)} {value!r} ({column.name})"
                    plan.cleared.get(sheet, {}).pop(id_, None)
                    plan.was.pop((sheet, id_), None)
                    pending.add(sheet)
                else:
                    _clear(plan, sheet, row, column.name, None)
    plan.removed = {sheet: rows for sheet, rows in plan.removed.items() if rows}
    return plan


def _current(plan: Removal, sheet: str, row: dict, column: str):
    return plan.cleared.get(sheet, {}).get(row["id"], {}).get(column, row.get(column))


def _clear(plan: Removal, sheet: str, row: dict, column: str, value) -> None:
    plan.was.setdefault((sheet, row["id"]), dict(row))
    plan.cleared.setdefault(sheet, {}).setdefault(row["id"], {})[column] = value


def describe_referrers(plan: Removal, labels: dict[tuple[str, str], str] | None = None
                       ) -> list[str]:
    """One line per row that goes because of the rows asked for (in the order of
    :attr:`Removal.follows`), then one per row that only loses a reference."""
    labels = labels or {}
    lines = [f"{singular(sheet)} {labels.get((sheet, id_), repr(id_))}: goes, {why}"
             for sheet, id_, why in plan.follows]
    for sheet, rows in sorted(plan.cleared.items()):
        for id_, columns in sorted(rows.items()):
            before = plan.was[(sheet, id_)]
            changes = ", ".join(
                f"{c} {before.get(c)!r} -> {'blank' if v is None else repr(v)}"
                for c, v in sorted(columns.items()))
            lines.append(f"{singular(sheet)} {labels.get((sheet, id_), repr(id_))}: "
                         f"stays, {changes}")
    return lines
