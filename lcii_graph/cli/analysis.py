"""The analysis commands: gaps, metrics, capital, what-if."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from ..analysis.config import CONFIG_NAME, default_config_path, default_config_text
from ..analysis.findings import LESSONS, SEVERITIES
from ..analysis.funding import STACK_TYPES, capital_stacks, money
from ..analysis.gaps import gaps as run_gaps
from ..analysis.gaps import rule_catalogue
from ..analysis.metrics import LEVELS as METRIC_LEVELS
from ..analysis.metrics import VIEWS
from ..analysis.metrics import metrics as run_metrics
from ..analysis.rules import RULES, severity_at_least
from ..analysis.whatif import what_if as run_what_if
from ..errors import FINDINGS_EXIT_CODE
from ..export.tables import display_text
from ..network.views import INGREDIENTS
from ..outputs import CONFIG, OutputRefused, check_target, write_text
from .main import (
    Choice,
    as_of_option,
    check_partnership,
    cli,
    examples,
    load_network,
    opened_store,
    reading,
    seed_option,
    store_of,
)
from .output import (
    echo_err,
    echo_wrapped,
    emit_rows,
    large,
    output_options,
    progress_factory,
    some_of,
    working,
)


@cli.command("gaps", epilog=examples(
    "lcii-graph gaps",
    'lcii-graph gaps --severity warning --partnership "Riverbend Works"',
    "lcii-graph gaps --fail-on critical --json"))
@click.option("--partnership", metavar="ID", help="Only this table.")
@click.option("--severity", type=Choice(SEVERITIES),
              help="Only findings at least this severe.")
@click.option("--rule", "rules", multiple=True, metavar="ID",
              help="Only this rule (repeatable); see --list-rules.")
@click.option("--fail-on", type=Choice(SEVERITIES),
              help=f"Exit with code {FINDINGS_EXIT_CODE} if a finding this severe exists.")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Rule settings (TOML); default lcii-graph.toml beside the store.")
@click.option("--list-rules", is_flag=True, help="List the rules and their settings.")
@click.option("--write-config", type=click.Path(path_type=Path, dir_okay=False),
              metavar="FILE", help="Write every rule's settings, at their defaults, to FILE "
                                   "(a TOML file to edit), and stop.")
@as_of_option
@seed_option
@output_options()
@click.pass_context
def gaps_(ctx, partnership, severity, rules, fail_on, config, list_rules, write_config, as_of,
          seed, fmt):
    """Find the gaps: who is missing, silos, single points of failure, unmeasured
    goals, grant-only money. Findings are grouped by table and lesson."""
    if write_config:
        check_target(write_config, CONFIG, force=True)  # the store, a folder, a device
        if write_config.exists() or write_config.is_symlink():  # an edited config is precious
            raise OutputRefused(f"{write_config} exists; nothing was changed. Choose another "
                                "name (or remove it)")
        write_text(write_config, CONFIG, default_config_text())
        click.echo(f"Wrote {write_config}: every rule at its defaults; edit it, then put it "
                   f"beside the store as {CONFIG_NAME} or pass --config {write_config}.")
        return
    if list_rules:
        catalogue = rule_catalogue()
        for row in catalogue:
            row["settings"] = ", ".join(f"{k}={v}" for k, v in row["settings"].items())
        if fmt == "table":  # the full text of each rule, wrapped to the terminal
            _print_catalogue(catalogue)
            return
        emit_rows(catalogue, ["rule", "lesson", "severity", "scope", "settings", "flags"], fmt)
        return
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], list(RULES), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise click.BadParameter(f"no rule {unknown[0]!r}{hint}; see lcii-graph gaps "
                                 "--list-rules", param_hint="--rule")
    location = store_of(ctx)
    config = config or default_config_path(location)
    with opened_store(ctx) as store:
        partnership = check_partnership(store, partnership)
        network = load_network(ctx, store, as_of)
        findings = run_gaps(network, config, partnership=partnership, rules=set(rules) or None,
                            seed=seed, progress=progress_factory(ctx.obj["quiet"])
                            if large(network) else None)
        tables = store.known_ids("partnerships")
    if severity:
        findings = severity_at_least(findings, severity)
    if not network.records["organizations"] and fmt == "table":
        # "No findings." would read as a clean bill of health for a store holding nothing.
        click.echo("Nothing to analyse: the store holds no organizations yet. Import a "
                   "workbook first: lcii-graph import FILE (lcii-graph template FILE writes "
                   "one to fill in).")
        return
    _print_findings(findings, fmt, tables)
    if fail_on and severity_at_least(findings, fail_on):
        ctx.exit(FINDINGS_EXIT_CODE)


def _print_capital(stacks: list[dict], names: dict) -> None:
    """Each table's stack as a person reads it: the total, each type with its share, the
    in-kind beside (not counted in capital), and the funders' concentration."""
    if not stacks:
        click.echo("(none)")
    for s in stacks:
        total, currency = s["capital"], s["currency"]
        echo_wrapped(f"{display_text(s['name'])} ({s['partnership']}): capital "
                     f"{money(total, currency)}"
                     + (f"; in kind {money(s['in_kind'], currency)}, not counted in capital"
                        if s["in_kind"] else ""))
        parts = [f"{t.replace('_', ' ')} {money(s['by_type'][t], currency)} "
                 f"({s['by_type'][t] / total:.0%})" for t in STACK_TYPES
                 if t != "in_kind" and s["by_type"][t] and total]
        if parts:
            echo_wrapped(", ".join(parts), "  ")
        if s["other_currencies"]:
            echo_wrapped("also, in other currencies and not added in: " + ", ".join(
                money(amount, code) for code, amount in s["other_currencies"].items()), "  ")
        if s["top_funder"]:
            top = s["top_funder"]
            echo_wrapped(f"{s['funders']} funder{'s' if s['funders'] != 1 else ''}; the "
                         f"largest, {display_text(names.get(top) or top)} ({top}), gives "
                         f"{s['top_share']:.0%}; HHI {s['hhi']:.2f}", "  ")


def _print_catalogue(catalogue: list[dict]) -> None:
    for row in catalogue:
        click.echo(f"{row['rule']}  ({row['lesson']}, {row['severity']}, {row['scope']})")
        for label, text in (("", row["flags"]), ("settings: ", row["settings"])):
            if text:
                echo_wrapped(f"{label}{text}", "  ", "    ")


def _print_findings(findings, fmt: str, tables: dict) -> None:
    if fmt in ("json", "nl"):
        emit_rows([], [], fmt, json_data=[f.to_dict() for f in findings])
        return
    if fmt == "csv":
        rows = [{**f.to_dict(), "subjects": "; ".join(s["id"] for s in f.subjects),
                 "evidence": json.dumps(f.evidence, ensure_ascii=False)} for f in findings]
        emit_rows(rows, ["severity", "rule", "lesson", "scope", "partnership", "subjects",
                         "message", "suggestion", "evidence"], "csv")
        return
    if not findings:
        click.echo("No findings.")
        return
    groups: dict = {}
    for f in findings:
        groups.setdefault(f.partnership, {}).setdefault(f.lesson, []).append(f)
    for partnership in sorted(groups, key=lambda p: (p is not None, p or "")):
        title = "Whole network" if partnership is None else \
            f"{display_text(tables.get(partnership) or partnership)} ({partnership})"
        click.echo(title)
        for lesson in LESSONS:
            for f in groups[partnership].get(lesson, []):
                if f is groups[partnership][lesson][0]:
                    click.echo(f"  {LESSONS[lesson]}")
                click.echo(f"    [{f.severity}] {f.rule}: {display_text(f.message)}")
                shown = [s for s in f.subjects if s["id"] != partnership]
                if len(shown) > 1 or (shown and f.scope == "network"):
                    click.echo("      who: " + some_of(
                        [display_text(s["name"] or s["id"]) for s in shown]))
                click.echo(f"      to consider: {f.suggestion}")
        click.echo("")
    counts = Counter(f.severity for f in findings)
    click.echo(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}: "
               + ", ".join(f"{counts.get(s, 0)} {s}" for s in SEVERITIES))


@cli.command("metrics", epilog=examples(
    "lcii-graph metrics",
    "lcii-graph metrics --level node --csv > nodes.csv",
    "lcii-graph metrics --level sector --exclude tables"))
@click.option("--view", type=Choice(VIEWS), default="organizations", show_default=True)
@click.option("--level", type=Choice(METRIC_LEVELS), default="network",
              show_default=True)
@click.option("--partnership", metavar="ID", help="Only this table.")
@click.option("--exclude", multiple=True, type=Choice(INGREDIENTS),
              help="Leave an ingredient out of the organization network (repeatable).")
@as_of_option
@seed_option
@output_options()
@click.pass_context
def metrics_(ctx, view, level, partnership, exclude, as_of, seed, fmt):
    """Network metrics: density, components, reciprocity, centralization, E-I and
    assortativity by sector, communities, brokers, cut points."""
    with opened_store(ctx) as store:
        partnership = check_partnership(store, partnership)
        notes = []
        # The store, not a network read here: the node level lets the network's rows go
        # once its graphs are built (780 MB on 100,000 organizations), which a network
        # held in this frame would keep.
        with reading(ctx, store), working(ctx, store.count("organizations"),
                                          "Computing the metrics"):
            # A table shows the node level's first twelve columns: none of the local or
            # directed measures after them is computed for it.
            result = run_metrics(store, as_of=as_of, view=view, level=level,
                                 partnership=partnership, seed=seed, exclude=tuple(exclude),
                                 notes=notes, detail=fmt != "table")
    if not ctx.obj["quiet"]:
        for note in notes:
            echo_err(f"Note: {note}.")
    if level == "network":
        if fmt in ("json", "nl"):
            emit_rows([], [], fmt, json_data=result)
            return
        rows = [{"metric": k, "value": _cell(v)} for k, v in result.items() if k != "notes"]
        emit_rows(rows, ["metric", "value"], fmt)
        if fmt == "table":
            for note in result["notes"]:
                echo_wrapped(f"note: {note}")
        return
    columns = list(result[0]) if result else []
    if fmt in ("json", "nl"):
        emit_rows(result, columns, fmt)
        return
    if fmt == "table":
        columns = [c for c in columns if c not in ("members", "sectors")][:12]
        if level == "node" and result and not ctx.obj["quiet"]:
            echo_err(NODE_TABLE_NOTE)
    # Only the columns shown are formatted (a table shows 12 of the node level's 25).
    emit_rows([{k: _cell(row.get(k)) for k in columns} for row in result], columns, fmt)


#: What the node level's table leaves out (it computes only the columns it shows).
NODE_TABLE_NOTE = ("Note: --csv or --json adds each organization's structural holes and "
                   "brokerage roles, and the directed measures where ties run one way.")


def _cell(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


@cli.command("what-if", epilog=examples(
    "lcii-graph what-if rb-mayor",
    'lcii-graph what-if "Riverbend Community Foundation" --json'))
@click.argument("id_", metavar="ID")
@as_of_option
@seed_option
@output_options(csv=False)
@click.pass_context
def what_if_(ctx, id_, as_of, seed, fmt):
    """What is lost if organization or person ID leaves the network."""
    with opened_store(ctx) as store:
        id_ = store.resolve(id_, ("organizations", "people"))[1]
        network = load_network(ctx, store, as_of)
        with working(ctx, network, f"Taking {id_} out"):
            result = run_what_if(network, id_, seed=seed)
    if fmt == "json":
        emit_rows([], [], "json", json_data=result)
        return
    removed = result["removed"]
    click.echo(f"If {display_text(removed['name'])} ({removed['id']}) left:")
    click.echo(f"  components (groups, and organizations tied to no one): "
               f"{result['components_before']:,} -> {result['components_after']:,}")
    lines = [
        ("cut off from the largest group",
         [display_text(x["name"]) for x in result["cut_off"]]),
        ("tables losing a sector",
         [f"{display_text(x['name'])}: {x['sector']}" for x in result["tables_losing_sector"]]),
        ("tables losing their only government decision-maker",
         [display_text(x["name"]) for x in result["tables_losing_government_decision_maker"]]),
        ("goals left with no committed member",
         [display_text(x["name"]) for x in result["goals_without_committed_member"]]),
        ("capital at risk",
         [f"{display_text(x['name'])}: {money(x['amount'], x['currency'])}"
          for x in result["capital_at_risk"]["by_partnership"]]),
    ]
    for label, items in lines:
        click.echo(f"  {label}: {some_of(items, sep='; ') if items else 'none'}")
    roles = result["brokerage_lost"]["by_role"]
    if roles:
        click.echo("  brokerage lost (open two-paths it bridges, by sector role): "
                   + ", ".join(f"{r} {n:,}" for r, n in roles.items()))


@cli.command("capital", epilog=examples(
    "lcii-graph capital",
    "lcii-graph capital --csv > capital.csv"))
@as_of_option
@output_options()
@click.pass_context
def capital_(ctx, as_of, fmt):
    """The capital stack of each table: totals by type and by funding sector, and
    how concentrated its funders are (top share, HHI)."""
    with opened_store(ctx) as store:
        stacks = capital_stacks(store, as_of=as_of)
        names = store.known_ids("organizations") if fmt == "table" else {}
    if fmt in ("json", "nl"):
        emit_rows([], [], fmt, json_data=stacks)
        return
    if fmt == "table":
        _print_capital(stacks, names)
        return
    rows = []
    for s in stacks:
        row = {"partnership": s["partnership"], "currency": s["currency"],
               **{t: s["by_type"][t] for t in STACK_TYPES},
               "funders": s["funders"], "top_funder": s["top_funder"],
               "top_share": None if s["top_share"] is None else round(s["top_share"], 4),
               "hhi": None if s["hhi"] is None else round(s["hhi"], 4)}
        row.update({f"from_{k}": v for k, v in s["by_sector"].items()} if fmt == "csv" else {})
        rows.append(row)
    columns = ["partnership", "currency", *STACK_TYPES, "funders", "top_funder", "top_share",
               "hhi"]
    if fmt == "csv":
        columns += sorted({k for r in rows for k in r if k.startswith("from_")})
    emit_rows(rows, columns, fmt)


