"""The Neo4j commands: check, push, pull."""

from __future__ import annotations

import contextlib

import click

from ..store import is_neo4j_address
from .main import (
    cli,
    examples,
    opened_store,
    store_of,
)
from .output import emit_rows, output_options, progress_factory


@cli.group("neo4j", epilog=examples(
    "lcii-graph --store neo4j://localhost:7687 neo4j check"))
def neo4j_group():
    """Work with a Neo4j store (--store neo4j://host:7687; credentials from NEO4J_USERNAME
    and NEO4J_PASSWORD, or a prompt)."""


def _neo4j(ctx):
    location = store_of(ctx)
    if not is_neo4j_address(location):
        raise click.UsageError("give the Neo4j address with --store neo4j://host:7687 "
                               "(or LCII_STORE)")
    return opened_store(ctx)


@neo4j_group.command("check", epilog=examples(
    "NEO4J_USERNAME=neo4j lcii-graph --store neo4j://localhost:7687 neo4j check"))
@output_options(csv=False)
@click.pass_context
def neo4j_check(ctx, fmt):
    """Connectivity, server version and schema state."""
    with _neo4j(ctx) as store:
        info = store.server_info()
    if fmt == "json":
        emit_rows([], [], "json", json_data=info)
        return
    click.echo(f"Connected to {info['address']}, database {info['database']}: "
               f"{info['agent']} (Bolt {info['protocol']}); "
               f"{len(info['constraints'])} constraints.")


def _copy(source, target, progress, **options) -> dict[str, int]:
    from ..ingest.validate import TableData
    from ..model.schema import SHEETS

    tables = [TableData(sheet.name, list(sheet.columns),
                        [tuple(row[c] for c in sheet.columns) for row in source.read(sheet.name)])
              for sheet in SHEETS]
    total = sum(len(t) for t in tables)
    bar = progress("Copying", total) if progress else contextlib.nullcontext(None)
    with bar as update:
        target.upsert(tables, progress=update, **options)
    return {t.sheet: len(t) for t in tables}


@neo4j_group.command("push", epilog=examples(
    "lcii-graph --store neo4j://localhost:7687 neo4j push --from lcii.db"))
@click.option("--from", "source", metavar="PATH", default="lcii.db", show_default=True,
              help="The SQLite store to copy from.")
@click.option("--commit-every-batch", is_flag=True,
              help="One transaction per batch (--batch-size rows) instead of one for "
                   "everything: for a store larger than the server lets one transaction "
                   "hold. If it stops part-way, run it again.")
@click.pass_context
def neo4j_push(ctx, source, commit_every_batch):
    """Copy an SQLite store into Neo4j (idempotent: rows are merged on id)."""
    with opened_store(ctx, location=source) as sqlite_store, _neo4j(ctx) as store:
        options = {"per_batch": True} if commit_every_batch else {}
        counts = _copy(sqlite_store, store, progress_factory(ctx.obj["quiet"]), **options)
    click.echo(f"Pushed {sum(counts.values())} rows from {source} to {store.location}.")


@neo4j_group.command("pull", epilog=examples(
    "lcii-graph --store neo4j://localhost:7687 neo4j pull --into copy.db"))
@click.option("--into", "target", metavar="PATH", default="lcii.db", show_default=True,
              help="The SQLite store to copy into (created if missing).")
@click.pass_context
def neo4j_pull(ctx, target):
    """Copy a Neo4j store into an SQLite file."""
    with _neo4j(ctx) as store, opened_store(ctx, create=True, location=target) as sqlite_store:
        counts = _copy(store, sqlite_store, progress_factory(ctx.obj["quiet"]))
    click.echo(f"Pulled {sum(counts.values())} rows from {store.location} into {target}.")
