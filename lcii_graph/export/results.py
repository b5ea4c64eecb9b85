"""The analysis as a workbook: findings, metrics, capital and coverage, one sheet each.

For evaluators who keep their numbers in a spreadsheet (and compare one year's
with the next): the same findings and numbers as ``gaps``, ``metrics`` and
``capital``, in one ``.xlsx``. Under the ``partner`` profile people among a
finding's subjects are counted, not named, as in the report. Every text cell is
formula-safe.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..analysis.cache import kept_organization_graph
from ..analysis.communities import louvain_job
from ..analysis.context import Context
from ..analysis.findings import shareable
from ..analysis.funding import STACK_TYPES, capital_stack
from ..analysis.gaps import gaps
from ..analysis.local import local_measures_job
from ..analysis.metrics import hold_graphs, local_left_out, metrics, structure_first
from ..analysis.parallel import start_ahead
from ..model.vocabulary import Sector
from ..network.model import Network
from .mapdata import redact_findings
from .tables import formula_safe, readable

#: Sheet -> what it holds (the README sheet lists them).
SHEETS = {
    "findings": "every finding of the gap analysis, most severe first",
    "network": "the organization network's metrics",
    "organizations": "each organization's centrality, brokerage and structural holes",
    "sectors": "ties within and across each sector, and brokerage roles",
    "communities": "the communities found (seeded), their size and sectors",
    "capital": "each table's capital stack by type, its funders and their concentration",
    "coverage": "how many organizations of each sector sit at each table",
}


def results_sheets(network: Network, *, profile: str = "partner", names: bool = False,
                   seed: int | None = 0) -> dict[str, list[list]]:
    """Sheet name -> rows (the first the header), README first."""
    return {title: list(rows) for title, rows in
            result_rows(network, profile=profile, names=names, seed=seed)}


def result_rows(network: Network, *, profile: str = "partner", names: bool = False,
                seed: int | None = 0, let_go: bool = False
                ) -> Iterator[tuple[str, Iterable[list]]]:
    """``(sheet, rows)`` in the workbook's order, README first, each sheet computed as it
    is asked for and the organizations' rows made one at a time (100,000 organizations'
    rows, copied whole as a sheet, held ~300 MB beside the metrics).

    ``let_go``: the network is the caller's no longer (built from a store for this
    workbook alone): its rows are let go once the rules, the capital and the coverage
    have read them (:meth:`~lcii_graph.network.model.Network.let_go_of_rows`), before
    the levels' measures, which read the graphs alone."""
    graph = kept_organization_graph(network)
    local = local_left_out(graph) is None
    # Started now, beside the rules (a new interpreter on a large network, which holds
    # the graph's arrays alone): the communities every sheet reads, then, where the rows
    # stay, the node level's local measures (L benchmark network: 4.5 s and 11 s).
    start_ahead(graph._cache, [louvain_job(graph, seed=seed),
                               local_measures_job(graph) if local and not let_go else None],
                apart=True)
    ctx = Context.of(network, seed=seed)  # the one the rules read: made once
    # Meanwhile what the network level needs of the ties (see metrics.structure_first).
    held = structure_first(network, seed=seed)
    yield "README", [
        ["lcii-graph analysis", f"as of {network.as_of}" if network.as_of else "every row"],
        ["profile", profile],
        *[[name, what] for name, what in SHEETS.items()],
    ]
    findings = redact_findings(shareable(gaps(network, seed=seed), profile), network,
                               profile=profile, names=names)
    stacks = [capital_stack(ctx, p) for p in sorted(ctx.partnerships)]
    capital = [["partnership", "name", "currency", *STACK_TYPES, "capital", "funders",
                "top_funder", "top_share", "hhi", "by_sector", "other_currencies"]] + [
        [s["partnership"], ctx.name(s["partnership"]), s["currency"],
         *[s["by_type"][t] for t in STACK_TYPES], s["capital"], s["funders"], s["top_funder"],
         s["top_share"], s["hhi"], readable(s["by_sector"]),
         readable(s["other_currencies"]) if s["other_currencies"] else None] for s in stacks]
    coverage = [["partnership", "name", *[s.value for s in Sector]]] + [
        [p, ctx.name(p), *[Counter(ctx.sector(o) for o in ctx.members[p]).get(s.value, 0)
                           for s in Sector]] for p in sorted(ctx.partnerships)]
    del ctx, stacks
    # The network level's figures, where an earlier command kept them, read now: should
    # they be gone by the time they are wanted, they are computed from the rows.
    numbers = None if held else metrics(network, seed=seed)
    if let_go:
        hold_graphs(network)  # what the levels read of the rows, built while they are here
        network.let_go_of_rows()
        if local:  # in a second process, while this one finds the network level
            start_ahead(graph._cache, [local_measures_job(graph)], apart=True)
    yield "findings", [["severity", "rule", "lesson", "scope", "partnership", "subjects",
                        "people", "message", "suggestion", "evidence"]] + [
        [f["severity"], f["rule"], f["lesson"], f["scope"], f["partnership"],
         "; ".join(s["name"] or s["id"] for s in f["subjects"]), f.get("people", 0),
         f["message"], f["suggestion"],
         "; ".join(f"{k}: {readable(v)}" for k, v in f["evidence"].items())]
        for f in findings]
    del findings
    if numbers is None:
        numbers = metrics(network, seed=seed)
    yield "network", [["metric", "value"]] + [
        [k, "; ".join(v) if isinstance(v, list) else v] for k, v in numbers.items()]
    for level, sheet in (("node", "organizations"), ("sector", "sectors"),
                         ("community", "communities")):
        yield sheet, _level_rows(metrics(network, level=level, seed=seed))
    yield "capital", capital
    yield "coverage", coverage


def _level_rows(rows: list[dict]) -> Iterator[list]:
    """A level's rows of metrics as a sheet: the header, then each row's cells."""
    columns = list(rows[0]) if rows else []
    yield columns
    for row in rows:
        yield [_cell(row[c]) for c in columns]


def _cell(value):
    """A metric value as a cell: lists and maps as readable text, numbers as numbers."""
    if isinstance(value, (list, dict)):
        return readable(value)
    if hasattr(value, "item"):  # a numpy number
        return value.item()
    return value


def write_results(network: Network, path: Path, *, profile: str = "partner",
                  names: bool = False, seed: int | None = 0, let_go: bool = False,
                  notes: list | None = None) -> Path:
    """Write :func:`result_rows` as an ``.xlsx`` (formula-safe text), each sheet as it is
    computed (``let_go``: see there; ``notes``: see
    :func:`~lcii_graph.export.workbook.write_workbook`)."""
    from .workbook import write_workbook

    return write_workbook(path, "analysis", (
        (title, ([formula_safe(v) for v in row] for row in rows))
        for title, rows in result_rows(network, profile=profile, names=names, seed=seed,
                                       let_go=let_go)), notes=notes)
