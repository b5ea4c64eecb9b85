"""Counts that describe what a store holds: the ``stats`` command's numbers."""

from __future__ import annotations

from collections import Counter

from ..model.schema import SHEETS
from ..model.vocabulary import Level, Sector


def summarize(records: dict[str, list[dict]]) -> dict:
    """Counts of each kind, organizations by sector and government level,
    people by decision-maker flag.

    Parameters
    ----------
    records : dict
        Rows per sheet, as :meth:`GraphStore.read_all` returns them.

    Returns
    -------
    dict
        ``organizations``, ``people``, ... (row counts per sheet), ``sectors``
        (every sector, zero included), ``government_levels`` (government
        organizations by the level of their home jurisdiction, ``unknown``
        when it has none) and ``decision_makers`` (``yes``, ``no``, and
        ``inferred``: how many of the flags came from titles).
    """
    summary: dict = {sheet.name: len(records.get(sheet.name, [])) for sheet in SHEETS}
    organizations = records.get("organizations", [])
    sectors = Counter(org["sector"] for org in organizations)
    summary["sectors"] = {sector.value: sectors.get(sector.value, 0) for sector in Sector}
    levels = {j["id"]: j["level"] for j in records.get("jurisdictions", [])}
    government = Counter(
        levels.get(org["jurisdiction"]) or "unknown"
        for org in organizations if org["sector"] == Sector.GOVERNMENT
    )
    summary["government_levels"] = {
        level: government[level] for level in [*(lv.value for lv in Level), "unknown"]
        if government[level]
    }
    people = records.get("people", [])
    summary["decision_makers"] = {
        "yes": sum(1 for p in people if p["decision_maker"]),
        "no": sum(1 for p in people if not p["decision_maker"]),
        "inferred": sum(1 for p in people if p["decision_maker_inferred"]),
    }
    return summary
