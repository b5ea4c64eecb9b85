"""The analysis as a workbook: findings, metrics, capital and coverage, one sheet each.

For evaluators who keep their numbers in a spreadsheet (and compare one year's
with the next): the same findings and numbers as ``gaps``, ``metrics`` and
``capital``, in one ``.xlsx``. Under the ``partner`` profile people among a
finding's subjects are counted, not named, as in the report. Every text cell is
formula-safe.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..analysis.context import Context
from ..analysis.findings import shareable
from ..analysis.funding import STACK_TYPES, capital_stack
from ..analysis.gaps import gaps
from ..analysis.metrics import metrics
from ..model.vocabulary import Sector
from ..network.model import Network
from .mapdata import redact_findings
from .tables import readable, sheet_cell

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
    ctx = Context(network, seed=seed)
    findings = redact_findings(shareable(gaps(network, seed=seed), profile), network,
                               profile=profile, names=names)
    sheets: dict[str, list[list]] = {"README": [
        ["lcii-graph analysis", f"as of {network.as_of}" if network.as_of else "every row"],
        ["profile", profile],
        *[[name, what] for name, what in SHEETS.items()],
    ]}
    sheets["findings"] = [["severity", "rule", "lesson", "scope", "partnership", "subjects",
                           "people", "message", "suggestion", "evidence"]] + [
        [f["severity"], f["rule"], f["lesson"], f["scope"], f["partnership"],
         "; ".join(s["name"] or s["id"] for s in f["subjects"]), f.get("people", 0),
         f["message"], f["suggestion"],
         "; ".join(f"{k}: {readable(v)}" for k, v in f["evidence"].items())]
        for f in findings]
    numbers = metrics(network, seed=seed)
    sheets["network"] = [["metric", "value"]] + [
        [k, "; ".join(v) if isinstance(v, list) else v] for k, v in numbers.items()]
    for level, sheet in (("node", "organizations"), ("sector", "sectors"),
                         ("community", "communities")):
        rows = metrics(network, level=level, seed=seed)
        columns = list(rows[0]) if rows else []
        sheets[sheet] = [columns] + [[_cell(row[c]) for c in columns] for row in rows]
    stacks = [capital_stack(ctx, p) for p in sorted(ctx.partnerships)]
    sheets["capital"] = [["partnership", "name", "currency", *STACK_TYPES, "capital",
                          "funders", "top_funder", "top_share", "hhi", "by_sector",
                          "other_currencies"]] + [
        [s["partnership"], ctx.name(s["partnership"]), s["currency"],
         *[s["by_type"][t] for t in STACK_TYPES], s["capital"], s["funders"], s["top_funder"],
         s["top_share"], s["hhi"], readable(s["by_sector"]),
         readable(s["other_currencies"]) if s["other_currencies"] else None] for s in stacks]
    sheets["coverage"] = [["partnership", "name", *[s.value for s in Sector]]] + [
        [p, ctx.name(p), *[Counter(ctx.sector(o) for o in ctx.members[p]).get(s.value, 0)
                           for s in Sector]] for p in sorted(ctx.partnerships)]
    return sheets


def _cell(value):
    """A metric value as a cell: lists and maps as readable text, numbers as numbers."""
    if isinstance(value, (list, dict)):
        return readable(value)
    if hasattr(value, "item"):  # a numpy number
        return value.item()
    return value


def write_results(network: Network, path: Path, *, profile: str = "partner",
                  names: bool = False, seed: int | None = 0) -> Path:
    """Write :func:`results_sheets` as an ``.xlsx`` (formula-safe text)."""
    import openpyxl

    from ..outputs import mark_workbook, save_workbook

    book = mark_workbook(openpyxl.Workbook(write_only=True), "analysis")
    for title, rows in results_sheets(network, profile=profile, names=names,
                                      seed=seed).items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append([sheet_cell(v) for v in row])
    save_workbook(book, path)
    return path
