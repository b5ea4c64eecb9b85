"""What validation says about a workbook: problems (refuse) and notices (report)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (``level`` error) or worth knowing (``level`` warning).

    ``row`` is the row number a spreadsheet program shows (header = row 1);
    ``column`` is the header as written in the file; ``message`` says what was
    expected (errors) or what was noticed (warnings).
    """

    source: str
    sheet: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    level: str = ERROR

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = ", ".join(where) + ": "
        if self.value is not None:
            text += f"{show_value(self.value)}: "
        return text + self.message

    def to_dict(self) -> dict:
        return asdict(self)


def show_value(value: str, limit: int = 60) -> str:
    """A cell value as it may be printed: quoted, control characters escaped, cut."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(text)
