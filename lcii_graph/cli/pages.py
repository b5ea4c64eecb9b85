"""The pages: map and report."""

from __future__ import annotations

from pathlib import Path

import click

from ..export.html import write_map
from ..export.mapdata import PRIVATE_SIZE_BY, SIZE_BY
from ..export.report import write_report
from ..network.model import snapshot_network
from ..outputs import PAGE, check_target
from .main import (
    Choice,
    as_of_option,
    check_partnership,
    cli,
    examples,
    force_option,
    load_network,
    names_option,
    opened_store,
    profile_option,
    seed_option,
    with_rule_settings,
)
from .output import working


@cli.command("map", epilog=examples(
    "lcii-graph map map.html",
    'lcii-graph map works.html --partnership "Riverbend Works" --size-by betweenness'))
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@profile_option
@names_option
@click.option("--size-by", type=Choice(SIZE_BY), default="degree", show_default=True)
@click.option("--partnership", metavar="ID", help="Map one table.")
@click.option("--title", help="Page title.")
@as_of_option
@seed_option
@force_option
@click.pass_context
def map_(ctx, out, profile, names, size_by, partnership, title, as_of, seed, force):
    """Write the network map: one self-contained HTML file that works offline."""
    if size_by in PRIVATE_SIZE_BY and profile != "internal":
        raise click.UsageError(f"--size-by {size_by} shows each organization's survey score "
                               "(what others rated it): add --profile internal")
    check_target(out, PAGE, force=force)  # before the work; checked again when writing
    with opened_store(ctx) as store:
        partnership = check_partnership(store, partnership)
        network = load_network(ctx, store, as_of)
    with working(ctx, network, "Laying out the map"):
        path = write_map(network, out, profile=profile, names=names, size_by=size_by,
                         partnership=partnership, seed=seed, title=title, force=force)
    click.echo(f"Wrote {path} (profile: {profile}).")


@cli.command("report", epilog=examples(
    "lcii-graph report report.html",
    "lcii-graph report since-june.html --since 2024-06-01 --profile internal"))
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@profile_option
@names_option
@click.option("--partnership", metavar="ID", help="Report on one table.")
@click.option("--title", help="Page title.")
@click.option("--since", metavar="LABEL", help="Add what changed since snapshot LABEL.")
@as_of_option
@seed_option
@force_option
@click.pass_context
def report_(ctx, out, profile, names, partnership, title, since, as_of, seed, force):
    """Write the steering-committee report: findings, metrics, capital stack, sector
    coverage, metric trends and the map, in one printable HTML file."""
    check_target(out, PAGE, force=force)
    with opened_store(ctx) as store:
        partnership = check_partnership(store, partnership)
        network = load_network(ctx, store, as_of)
        before = (since, with_rule_settings(ctx, snapshot_network(store, since))) \
            if since else None
    with working(ctx, network, "Writing the report"):
        path = write_report(network, out, profile=profile, names=names,
                            partnership=partnership, seed=seed, title=title, since=before,
                            force=force)
    click.echo(f"Wrote {path} (profile: {profile}).")


