"""pandas frames for notebooks: the stored rows, the findings and the metrics.

``to_pandas(store, "organizations")`` is the sheet as a DataFrame with its dates as
datetimes; ``"findings"``, ``"network_metrics"`` (one row), ``"node_metrics"`` (one row
per organization), ``"sector_metrics"``, ``"community_metrics"``, ``"capital"`` and
``"stakeholders"`` (the stakeholder register) are
the analyses as frames, for the network as it stands today unless ``as_of`` is given (as
on the command line).
"""

from __future__ import annotations

import pandas as pd

from ..model.schema import (
    CUSTOM,
    CUSTOM_SHEETS,
    SHEETS_BY_NAME,
    WORKBOOK_ORDER,
    custom_fields,
    custom_names,
)
from ..network.model import network_of

#: Columns that hold a date (ISO text in the store).
DATE_COLUMNS = {"since", "until", "start", "end", "date", "baseline_date", "target_date"}
#: Analyses a frame can hold, besides the sheets.
ANALYSES = ("findings", "network_metrics", "node_metrics", "sector_metrics",
            "community_metrics", "capital", "stakeholders")


def to_pandas(source, table: str = "organizations", *, as_of: str | None = None,
              seed: int | None = 0) -> pd.DataFrame:
    """One sheet's rows, or one analysis, of a store (or its location, or a network) as
    a DataFrame.

    Parameters
    ----------
    source : GraphStore, Network or a store's location
    table : str
        A sheet (``organizations``, ``people``, ..., ``measurements``: every stored row,
        or the rows in effect on ``as_of``) or an analysis: ``findings``,
        ``network_metrics``, ``node_metrics`` (organizations), ``sector_metrics``,
        ``community_metrics``, ``capital``, ``stakeholders`` (the register).
    as_of : str, optional
        ISO date; analyses without it look at the network as it stands today.
    seed : int
        Seed of community detection and sampling.

    Examples
    --------
    >>> import lcii_graph
    >>> frame = lcii_graph.to_pandas(lcii_graph.build_network({}), "organizations")
    >>> list(frame.columns)[:3], len(frame)
    (['id', 'name', 'sector'], 0)
    """
    if table in SHEETS_BY_NAME:
        network = network_of(source, as_of=as_of, everything=as_of is None)
        return _sheet(table, network.records[table])
    if table not in ANALYSES:
        raise ValueError(f"table must be a sheet ({', '.join(WORKBOOK_ORDER)}) or one of "
                         f"{', '.join(ANALYSES)}; got {table!r}")
    network = network_of(source, as_of=as_of)
    if table == "findings":
        from ..analysis.gaps import gaps

        rows = [f.to_dict() for f in gaps(network, seed=seed)]
        columns = ["severity", "rule", "lesson", "scope", "partnership", "subjects",
                   "message", "suggestion", "evidence"]
        return pd.DataFrame(rows, columns=columns)
    if table == "stakeholders":
        from ..analysis.stakeholders import COLUMNS, register

        frame = pd.DataFrame([{c: r[c] for c in COLUMNS} for r in register(network)],
                             columns=list(COLUMNS))
        for column in ("assessed", "last_contact"):
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        return frame
    if table == "capital":
        from ..analysis.funding import capital_stacks

        return pd.json_normalize(capital_stacks(network), sep="_")
    from ..analysis.metrics import metrics

    level = table.removesuffix("_metrics")
    result = metrics(network, level=level, seed=seed)
    return pd.DataFrame([result] if level == "network" else result)


def _sheet(sheet: str, rows: list[dict]) -> pd.DataFrame:
    """A sheet's rows, one column each of ours and then one per custom field (named
    ``custom: NAME`` where the name is one of ours)."""
    columns = [c for c in SHEETS_BY_NAME[sheet].columns if c != CUSTOM]
    frame = pd.DataFrame(rows, columns=columns)
    for name in custom_names(rows) if sheet in CUSTOM_SHEETS else []:
        label = f"custom: {name}" if name in frame.columns else name
        frame[label] = [custom_fields(row).get(name) for row in rows]
    for column in DATE_COLUMNS.intersection(columns):
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame
