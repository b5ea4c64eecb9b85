"""Counts that describe what a store holds: the ``stats`` command's numbers."""

from __future__ import annotations

from ..model.schema import SHEETS
from ..model.tally import tally
from ..model.vocabulary import Level, Sector


def summarize(source) -> dict:
    """Counts of each kind, organizations by sector and government level,
    people by decision-maker flag.

    Parameters
    ----------
    source : dict or GraphStore
        Rows per sheet, as :meth:`GraphStore.read_all` returns them, or a store
        (which counts where the rows lie: :meth:`GraphStore.tally`).

    Returns
    -------
    dict
        ``organizations``, ``people``, ... (row counts per sheet), ``sectors``
        (every sector, zero included), ``government_levels`` (government
        organizations by the level of their home jurisdiction, ``unknown``
        when it has none) and ``decision_makers`` (``yes``, ``no``, and
        ``inferred``: how many of the flags came from titles).
    """
    counts = source.tally() if hasattr(source, "tally") else tally(source)
    summary: dict = {sheet.name: counts["rows"].get(sheet.name, 0) for sheet in SHEETS}
    summary["sectors"] = {sector.value: counts["sectors"].get(sector.value, 0)
                          for sector in Sector}
    government = counts["government_levels"]
    summary["government_levels"] = {
        level: n for level in [*(lv.value for lv in Level), "unknown"]
        if (n := government.get(None if level == "unknown" else level, 0))
    }
    summary["decision_makers"] = dict(counts["decision_makers"])
    return summary
