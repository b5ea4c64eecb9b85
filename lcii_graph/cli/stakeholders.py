"""The stakeholder register: ``lcii-graph stakeholders``."""

from __future__ import annotations

import click

from ..analysis.stakeholders import COLUMNS, HIGH, QUADRANTS, register
from .main import (
    Choice,
    as_of_option,
    check_partnership,
    cli,
    examples,
    load_network,
    opened_store,
)
from .output import emit_rows, output_options

#: What the terminal table shows (the CSV and JSON hold every column).
SHOWN = ("name", "sector", "partnership", "at_table", "power", "interest", "quadrant",
         "salience", "stance", "engagement", "last_contact", "owners")


@cli.command("stakeholders", epilog=examples(
    "lcii-graph stakeholders",
    'lcii-graph stakeholders --partnership "Riverbend Works" --quadrant "manage closely"',
    "lcii-graph stakeholders --as-of 2024-12-31 --csv > register.csv"))
@click.option("--partnership", metavar="ID",
              help="Only the judgements about this table (and those about every table).")
@click.option("--quadrant", type=Choice(QUADRANTS), help="Only this power-interest quadrant.")
@click.option("--high", type=click.IntRange(1, 4), default=HIGH, show_default=True,
              help="Power, interest and urgency count as high from this score up (of 4).")
@as_of_option
@output_options()
@click.pass_context
def stakeholders_(ctx, partnership, quadrant, high, as_of, fmt):
    """The stakeholder register: each stakeholder's latest judgement (power, interest,
    quadrant, salience, stance, engagement now and target) and last contact."""
    with opened_store(ctx) as store:
        partnership = check_partnership(store, partnership)
        network = load_network(ctx, store, as_of)
    rows = register(network, partnership=partnership, as_of=as_of, high=high)
    if quadrant:
        rows = [r for r in rows if r["quadrant"] == quadrant]
    rows = [{c: r[c] for c in COLUMNS} for r in rows]
    if fmt in ("json", "nl"):
        emit_rows(rows, list(COLUMNS), fmt)
        return
    shown = [{**r, "engagement": _engagement(r), "tables": "; ".join(r["tables"]),
              "owners": "; ".join(r["owners"]),
              "partnership": r["partnership"] or "(every table)"} for r in rows]
    emit_rows(shown, list(SHOWN if fmt == "table" else COLUMNS), fmt)


def _engagement(row: dict) -> str | None:
    """"consult -> collaborate" in the table; the CSV keeps the two columns."""
    now, target = row["engagement"], row["engagement_target"]
    if now and target and now != target:
        return f"{now} -> {target}"
    return now or (f"-> {target}" if target else None)
