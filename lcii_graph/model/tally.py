"""What a store holds, counted: the numbers of the ``stats`` command.

One definition, read two ways: :func:`tally` counts rows already read, and a
store may count the same things where they lie (the SQLite store does it in
SQL: 100,000 organizations in a fraction of a second instead of reading
every row of every sheet). The store contract holds both equal.
"""

from __future__ import annotations

from collections import Counter

from .schema import SHEETS
from .vocabulary import Sector

#: The sheets a tally reads beyond their row counts.
TALLIED_SHEETS = ("organizations", "jurisdictions", "people")


def tally(records: dict[str, list[dict]], rows: dict[str, int] | None = None) -> dict:
    """``rows`` (rows per sheet), ``sectors`` (organizations per sector, as stored),
    ``government_levels`` (government organizations per level of their home
    jurisdiction; ``None`` for none or no level) and ``decision_makers`` (people
    flagged ``yes``, not flagged ``no``, flagged from their title ``inferred``).

    ``rows`` gives the row counts when ``records`` holds only the
    :data:`TALLIED_SHEETS`."""
    organizations = records.get("organizations", [])
    levels = {j["id"]: j["level"] for j in records.get("jurisdictions", [])}
    people = records.get("people", [])
    return {
        "rows": rows if rows is not None else
        {sheet.name: len(records.get(sheet.name, [])) for sheet in SHEETS},
        "sectors": dict(Counter(org["sector"] for org in organizations)),
        "government_levels": dict(Counter(levels.get(org["jurisdiction"]) or None
                                          for org in organizations
                                          if org["sector"] == Sector.GOVERNMENT)),
        "decision_makers": {"yes": sum(1 for p in people if p["decision_maker"]),
                            "no": sum(1 for p in people if not p["decision_maker"]),
                            "inferred": sum(1 for p in people
                                            if p["decision_maker_inferred"])},
    }
