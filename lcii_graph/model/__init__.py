"""The domain model: vocabulary enums, their aliases, and the workbook schema."""

from .aliases import UnknownValue, Vocabulary, normalize_key
from .schema import SHEETS, SHEETS_BY_NAME, WORKBOOK_ORDER, Field, Sheet
from .vocabulary import (
    CAPITAL_TYPES,
    DEFAULT_CHANGE,
    Change,
    CommitmentType,
    Direction,
    Kind,
    Level,
    RelType,
    Role,
    Sector,
    Status,
    TieKind,
    TieSource,
)

__all__ = [
    "CAPITAL_TYPES", "DEFAULT_CHANGE", "SHEETS", "SHEETS_BY_NAME", "WORKBOOK_ORDER",
    "Change", "CommitmentType", "Direction", "Field", "Kind", "Level", "RelType", "Role",
    "Sector", "Sheet", "Status", "TieKind", "TieSource", "UnknownValue", "Vocabulary",
    "normalize_key",
]
