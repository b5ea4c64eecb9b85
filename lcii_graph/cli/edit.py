"""Commands that change single rows: set and delete (snapshot restore is in history)."""

from __future__ import annotations

import click

from ..export.tables import display_text
from ..model.schema import singular
from .main import cli, examples, opened_store
from .output import echo_err, emit_rows, output_options


def _assignments(values: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for text in values:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{text!r}: expected FIELD=VALUE (VALUE may be empty to "
                                     "blank the field)", param_hint="FIELD=VALUE")
        pairs.append((name.strip(), value))
    return pairs


@cli.command("set", epilog=examples(
    'lcii-graph set northside-cdc name="Northside Community Development Corporation"',
    "lcii-graph set c-004 status=fulfilled",
    "lcii-graph set p-northside-cdc-1 email= --dry-run"))
@click.argument("id_", metavar="ID")
@click.argument("values", metavar="FIELD=VALUE...", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="Check and show the change; write nothing.")
@output_options(csv=False)
@click.pass_context
def set_(ctx, id_, values, dry_run, fmt):
    """Change fields of one row (by id, or a name one row has), checked as an import
    checks them, after a snapshot that undoes it.

    Each VALUE is read as a cell of the workbook: "yes", "3/5/2024", "$1.5M", a
    sector's alias, a name for an id. An empty VALUE blanks the field.
    """
    from ..store.edits import set_fields

    pairs = _assignments(values)
    with opened_store(ctx) as store:
        edit = set_fields(store, id_, pairs, dry_run=dry_run)
    if fmt == "json":
        emit_rows([], [], "json", json_data=edit.to_dict())
        return
    for warning in edit.warnings:
        echo_err(f"Warning: {warning}")
    what = f"{singular(edit.sheet)} {edit.id!r}"
    if not edit.changes:
        click.echo(f"Nothing to change: {what} already holds these values.")
        return
    emit_rows([{"field": c, "before": _shown(b), "after": _shown(a)}
               for c, (b, a) in edit.changes.items()], ["field", "before", "after"], "table")
    if dry_run:
        click.echo(f"Dry run: {what} would change as above; nothing was written.")
        return
    click.echo(f"Changed {what}. The store as it was is kept as snapshot {edit.kept!r}; "
               f"undo with: lcii-graph snapshot restore {edit.kept}")


@cli.command("delete", epilog=examples(
    "lcii-graph delete northside-cdc",
    "lcii-graph delete northside-cdc --cascade --dry-run",
    "lcii-graph delete northside-cdc--rb-nhs--co_funding"))
@click.argument("id_", metavar="ID")
@click.option("--cascade", is_flag=True,
              help="Also delete the rows that need it (its ties, memberships, commitments) "
                   "and clear the references of the rows that only mention it.")
@click.option("--dry-run", is_flag=True, help="Show what would go; write nothing.")
@output_options(csv=False)
@click.pass_context
def delete_(ctx, id_, cascade, dry_run, fmt):
    """Delete one row (by id, or a name one row has), after a snapshot that undoes it;
    refused while other rows refer to it, unless --cascade."""
    from ..store.edits import delete

    with opened_store(ctx) as store:
        result = delete(store, id_, cascade=cascade, dry_run=dry_run)
    if fmt == "json":
        emit_rows([], [], "json", json_data=result.to_dict())
        return
    what = f"{singular(result.sheet)} {result.id!r}"
    verb = "Would delete" if dry_run else "Deleted"
    count = result.plan.count()
    click.echo(f"{verb} {what}" + (f" and {count - 1} row{'s' if count != 2 else ''} that "
                                   "need it" if count > 1 else "") + ".")
    for line in result.lines:
        click.echo(f"  {display_text(line)}")
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    click.echo(f"The store as it was is kept as snapshot {result.kept!r}; undo with: "
               f"lcii-graph snapshot restore {result.kept}")



def _shown(value) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
