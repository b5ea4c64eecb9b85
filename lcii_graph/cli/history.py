"""Change over time: snapshots and diff."""

from __future__ import annotations

import click

from ..errors import NotFound
from ..export.tables import display_text, readable
from ..ingest.cells import CellError, parse_date
from .main import (
    cli,
    examples,
    opened_store,
    parse_as_of,
    seed_option,
    with_rule_settings,
)
from .output import emit_rows, output_options


@cli.group("snapshot", epilog=examples(
    "lcii-graph snapshot create before-retreat",
    "lcii-graph snapshot list",
    "lcii-graph snapshot restore before-retreat"))
def snapshot_group():
    """Keep dated copies of the whole store to compare later, and restore one."""


@snapshot_group.command("create", epilog=examples(
    "lcii-graph snapshot create q3-2024 --date 2024-09-30"))
@click.argument("label")
@click.option("--date", "date_", metavar="DATE", callback=parse_as_of,
              help="The day the snapshot stands for (default today).")
@click.pass_context
def snapshot_create(ctx, label, date_):
    """Copy every row, in one transaction, under LABEL."""
    with opened_store(ctx) as store:
        info = store.create_snapshot(label, date_)
        rows = next(s["rows"] for s in store.list_snapshots() if s["label"] == label)
    click.echo(f"Snapshot {info['label']!r} ({info['date']}): {rows} rows.")


@snapshot_group.command("list", epilog=examples(
    "lcii-graph snapshot list --json"))
@output_options()
@click.pass_context
def snapshot_list(ctx, fmt):
    """The snapshots, oldest first."""
    with opened_store(ctx) as store:
        rows = store.list_snapshots()
    emit_rows(rows, ["label", "date", "created", "rows"], fmt)


@snapshot_group.command("delete", epilog=examples(
    "lcii-graph snapshot delete q3-2024"))
@click.argument("label")
@click.pass_context
def snapshot_delete(ctx, label):
    """Delete snapshot LABEL."""
    with opened_store(ctx) as store:
        store.delete_snapshot(label)
    click.echo(f"Deleted snapshot {label!r}.")


@snapshot_group.command("restore", epilog=examples(
    "lcii-graph snapshot restore q3-2024",
    "lcii-graph snapshot restore before-sync-20241001-093000"))
@click.argument("label")
@click.pass_context
def snapshot_restore(ctx, label):
    """Make the store's rows exactly those of snapshot LABEL, after a snapshot of the
    state it replaces (restoring that one undoes this)."""
    from ..store.edits import restore

    with opened_store(ctx) as store:
        result = restore(store, label)
    written = sum(s["written"] for s in result["sheets"].values())
    deleted = sum(s["deleted"] for s in result["sheets"].values())
    click.echo(f"Restored snapshot {result['restored']!r} ({result['date']}): {written} rows "
               f"written, {deleted} rows that it did not hold deleted.")
    click.echo(f"The store as it was is kept as snapshot {result['kept']!r}; undo with: "
               f"lcii-graph snapshot restore {result['kept']}")


def _state(store, spec: str):
    """A snapshot label, "live" (the store today) or a date (the store as of it)."""
    from ..network.model import network_of, snapshot_network

    if spec in ("live", "now"):
        return network_of(store)
    if any(s["label"] == spec for s in store.list_snapshots()):
        return snapshot_network(store, spec)
    try:
        return network_of(store, as_of=parse_date(spec))
    except CellError:
        raise NotFound(f"no snapshot named {spec!r}, and it is not a date or 'live'") from None


@cli.command("diff", epilog=examples(
    "lcii-graph diff q3-2024",
    "lcii-graph diff 2023-01-01 2024-01-01 --json"))
@click.argument("before")
@click.argument("after", default="live")
@seed_option
@output_options(csv=False)
@click.pass_context
def diff_(ctx, before, after, seed, fmt):
    """What changed from BEFORE to AFTER: each a snapshot label, 'live' (the default
    for AFTER) or a date (the store as of that day)."""
    with opened_store(ctx) as store:
        from ..analysis.diff import diff as run_diff

        result = run_diff(with_rule_settings(ctx, _state(store, before)),
                          with_rule_settings(ctx, _state(store, after)), before_label=before,
                          after_label=after, seed=seed)
    if fmt == "json":
        emit_rows([], [], "json", json_data=result)
        return
    _print_diff(result)


def _print_survey(survey: dict) -> None:
    """The latest survey round beside the one before."""
    from ..analysis.survey import TRUST_MOVED

    was, now = survey["rounds"]
    f = survey["figures"]
    if not survey["new_round"]:
        click.echo(f"  survey: no new round (the latest is {now})")
        return
    click.echo(f"  survey round {was or '(none)'} -> {now}:")
    click.echo(f"    response rate: {_percent(f['response_rate']['before'])} -> "
               f"{_percent(f['response_rate']['after'])} ({f['responded']['after']} of "
               f"{f['invited']['after']})")
    click.echo(f"    ties: {_fmt(f['ties_total']['before'])} -> {f['ties_total']['after']} "
               f"(confirmed {_fmt(f['ties_confirmed']['before'])} -> "
               f"{f['ties_confirmed']['after']})")
    for name in ("value", "trust"):
        click.echo(f"    network {name}: {_two(f[name]['before'])} -> {_two(f[name]['after'])}")
    for s in survey["sectors"]:
        click.echo(f"    {s['sector']}: trust received {_two(s['trust'][0])} -> "
                   f"{_two(s['trust'][1])}, value received {_two(s['value'][0])} -> "
                   f"{_two(s['value'][1])}")
    moved = survey["trust_moved"]
    if moved:
        click.echo(f"    trust moved by {TRUST_MOVED} or more:")
    for o in moved:
        click.echo(f"      {display_text(o['name'])}: {_two(o['trust'][0])} -> "
                   f"{_two(o['trust'][1])}")


def _two(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _percent(value) -> str:
    return "-" if value is None else f"{value:.0%}"


def _print_diff(r: dict) -> None:
    click.echo(f"From {r['before']} ({r['before_date']}) to {r['after']} ({r['after_date']}):")
    sections = [
        ("organizations joined", [x["name"] for x in r["organizations"]["joined"]]),
        ("organizations left", [x["name"] for x in r["organizations"]["left"]]),
        ("people joined", [str(len(r["people"]["joined"]))] if r["people"]["joined"] else []),
        ("people left", [str(len(r["people"]["left"]))] if r["people"]["left"] else []),
        ("ties gained", [f"{t['from_name']} - {t['to_name']} ({t['kind']})"
                         for t in r["ties"]["gained"]]),
        ("ties lost", [f"{t['from_name']} - {t['to_name']} ({t['kind']})"
                       for t in r["ties"]["lost"]]),
        ("members joined", [f"{m['member_name']} at {_table(m)}"
                            for m in r["memberships"]["joined"]]),
        ("members left", [f"{m['member_name']} from {_table(m)}"
                          for m in r["memberships"]["left"]]),
        ("roles changed", [f"{m['member_name']} at {_table(m)}: {m['was']} -> {m['role']}"
                           for m in r["memberships"]["role_changed"]]),
        ("commitments added", [f"{c['id']} ({c['maker_name']}, {c['type']})"
                               for c in r["commitments"]["added"]]),
        ("commitments changed status", [f"{c['id']} ({c['maker_name']}, {c['type']}): "
                                        f"{c['was']} -> {c['status']}"
                                        for c in r["commitments"]["status_changed"]]),
        ("sector coverage changed", [f"{c['name']}: +{', '.join(c['gained']) or '-'} "
                                     f"/ -{', '.join(c['lost']) or '-'}"
                                     for c in r["coverage"] if c["gained"] or c["lost"]]),
        ("table sizes changed", [f"{c['name']}: {c['members_before']} -> "
                                 f"{c['members_after']} organizations"
                                 for c in r["coverage"]
                                 if c["members_before"] != c["members_after"]]),
        ("indicators moved", [_moved(m) for m in r["indicators"]]),
        ("stakeholders moved", [_stakeholder_move(m) for m in r["stakeholders"]["moved"]]),
        ("stakeholders first judged", [
            f"{m['name']} at {m['partnership_name'] or 'every table'}: "
            f"{m['quadrant'] or 'no quadrant'}, {m['stance'] or 'no stance'}"
            for m in r["stakeholders"]["judged"]]),
        ("interactions logged", [_logged(i) for i in r["stakeholders"]["interactions"]]),
        ("findings opened", [f"{f['rule']}: {f['message']}" for f in r["findings"]["opened"]]),
        ("findings resolved", [f"{f['rule']}: {f['message']}"
                               for f in r["findings"]["resolved"]]),
        ("findings changed", [f"{f['rule']}: {f['message']} (was: {f['was']})"
                              for f in r["findings"]["changed"]]),
    ]
    for label, items in sections:
        if items:
            click.echo(f"  {label}:")
            for item in items:
                click.echo(f"    {display_text(item)}")
    if r.get("survey"):
        _print_survey(r["survey"])
    click.echo("  metrics (edges: links between organizations, by ties, shared tables and "
               "shared people):")
    for name, values in r["metrics"].items():
        before, after = values["before"], values["after"]
        click.echo(f"    {name}: {_fmt(before)} -> {_fmt(after)}")


def _stakeholder_move(m: dict) -> str:
    """One stakeholder's move, as a line: each of quadrant, stance, engagement that moved."""
    moves = [f"{field.replace('_', ' ')} {m[field][0] or '-'} -> {m[field][1] or '-'}"
             for field in ("quadrant", "stance", "engagement", "engagement_target")
             if field in m]
    return f"{m['name']} at {m['partnership_name'] or 'every table'}: {'; '.join(moves)}"


def _logged(i: dict) -> str:
    said = ", ".join(x for x in (i["channel"], i["owner"], i["topic"]) if x)
    return f"{i['date']} {i['with']}" + (f" ({said})" if said else "")


def _table(seat: dict) -> str:
    return seat["partnership_name"] or seat["partnership"]


def _moved(m: dict) -> str:
    """One shared-measurement metric's move, as a line."""

    def point(p):
        return f"{readable(p['value'])} ({p['date']})" if p else "none"

    unit = f" ({m['unit']})" if m["unit"] else ""
    line = f"{m['name']}{unit}: {point(m['before'])} -> {point(m['after'])}"
    if m["change"] is not None:
        line += f", {'+' if m['change'] > 0 else ''}{readable(m['change'])}"
    if m["toward_target"] is not None:
        line += ", toward its target" if m["toward_target"] else ", away from its target"
    return line


def _fmt(value) -> str:
    if value is None:
        return "n/a"
    return f"{value:.4f}" if isinstance(value, float) else str(value)


