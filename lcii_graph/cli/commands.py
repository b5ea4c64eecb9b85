"""The ``lcii-graph`` command: a thin shell over the library.

Each command parses its options, calls one library function and formats the
result. Errors the user can cause become ``Error: ...`` on stderr and the
exit code of :mod:`lcii_graph.errors`; ``--traceback`` shows the Python
traceback for debugging.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import click

from .. import __version__
from ..analysis.config import default_config_path
from ..analysis.diff import diff as run_diff
from ..analysis.findings import LESSONS, SEVERITIES
from ..analysis.funding import STACK_TYPES, capital_stacks
from ..analysis.gaps import gaps as run_gaps
from ..analysis.gaps import rule_catalogue
from ..analysis.metrics import LEVELS as METRIC_LEVELS
from ..analysis.metrics import VIEWS
from ..analysis.metrics import metrics as run_metrics
from ..analysis.rules import RULES, severity_at_least
from ..analysis.summary import summarize
from ..analysis.whatif import what_if as run_what_if
from ..errors import EXIT_CODES, FINDINGS_EXIT_CODE, InputInvalid, LciiError, NotFound
from ..examples import example_path
from ..export.html import write_map
from ..export.interchange import FORMATS as EXPORT_FORMATS
from ..export.interchange import export
from ..export.mapdata import PROFILES, SIZE_BY
from ..export.report import write_report
from ..export.tables import display_text
from ..ingest import import_workbook
from ..ingest.cells import CellError, parse_date
from ..ingest.kumu import parse_mapping
from ..ingest.template import write_template
from ..model.schema import SHEETS_BY_NAME, WORKBOOK_ORDER
from ..network.views import INGREDIENTS
from ..store import NEO4J_SCHEMES, open_store, store_exists, store_location
from .output import echo_err, emit_rows, output_options, progress_factory, quiet_option

#: Columns ``list`` shows in a table (JSON and CSV carry every column).
TABLE_COLUMNS = {
    "organizations": ["id", "name", "sector", "type", "jurisdiction"],
    "people": ["id", "name", "organization", "title", "decision_maker"],
    "jurisdictions": ["id", "name", "level", "parent"],
    "partnerships": ["id", "name", "focus", "serves"],
    "memberships": ["partnership", "organization", "person", "role", "since", "until"],
    "ties": ["from", "to", "kind", "strength", "since", "until"],
    "commitments": ["id", "maker", "type", "amount", "status", "partnership", "goal"],
    "goals": ["id", "partnership", "name"],
    "metrics": ["id", "goal", "name", "unit", "baseline", "target"],
    "measurements": ["metric", "date", "value", "reported_by"],
}

#: Findings the demo prints (critical and warning first).
DEMO_FINDINGS = 12

KIND_ALIASES = {
    "organization": "organizations", "orgs": "organizations", "org": "organizations",
    "person": "people", "persons": "people", "jurisdiction": "jurisdictions",
    "places": "jurisdictions", "partnership": "partnerships", "tables": "partnerships",
    "membership": "memberships", "members": "memberships", "tie": "ties",
    "commitment": "commitments", "goal": "goals", "metric": "metrics",
    "measurement": "measurements",
}

EXIT_CODE_HELP = "\b\nExit codes:\n" + "\n".join(
    f"  {code}  {meaning}" for code, meaning in sorted(EXIT_CODES.items())
)


def one_line(text: str) -> str:
    """A message as one line, whatever a library put in it."""
    return " ".join(text.split("\n")).replace("\r", " ")


class LciiGroup(click.Group):
    """Turns the tool's errors into messages and exit codes, never tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LciiError as exc:
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            if isinstance(exc, InputInvalid):
                for problem in exc.problems:
                    label = "Error" if problem.level == "error" else "Warning"
                    echo_err(f"{label}: {one_line(str(problem))}")
            echo_err(f"Error: {one_line(str(exc))}")
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # `lcii-graph list people | head`: the reader left; stay quiet.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            echo_err("Interrupted.")
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            echo_err(f"Error: unexpected internal error: {type(exc).__name__}: {exc}")
            echo_err("This is a bug in lcii-graph; run again with --traceback and report it.")
            ctx.exit(1)


@click.group(cls=LciiGroup, epilog=EXIT_CODE_HELP)
@click.version_option(__version__, "--version", prog_name="lcii-graph")
@click.option("--store", "store", metavar="PATH|URI", envvar="LCII_STORE",
              help="The store: an SQLite file (default lcii.db here; env LCII_STORE) or a "
                   "Neo4j address (neo4j://host:7687, bolt+s://...; credentials from "
                   "NEO4J_USERNAME and NEO4J_PASSWORD).")
@click.option("--database", envvar="NEO4J_DATABASE", metavar="NAME",
              help="Neo4j database (default: the server's; env NEO4J_DATABASE).")
@click.option("--batch-size", type=click.IntRange(1), default=None, metavar="N",
              help="Rows per Neo4j write (default 5,000).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or notes.")
@click.option("--traceback", is_flag=True, help="Show Python tracebacks (for debugging).")
@click.pass_context
def cli(ctx: click.Context, store: str | None, database: str | None, batch_size: int | None,
        quiet: bool, traceback: bool) -> None:
    """Map cross-sector partnerships and find their gaps."""
    ctx.ensure_object(dict)
    ctx.obj.update(store=store, database=database, batch_size=batch_size, quiet=quiet,
                   traceback=traceback)


def _store_arg(ctx: click.Context) -> str:
    return store_location(ctx.obj.get("store"))


def _password_prompt() -> str | None:
    """Ask for the Neo4j password without echo, when someone is there to answer."""
    if not sys.stdin.isatty():
        return None
    return click.prompt("Neo4j password", hide_input=True, err=True)


def _open(ctx: click.Context, create: bool = False, location: str | None = None):
    """The store of --store / LCII_STORE (or ``location``), Neo4j or SQLite."""
    return open_store(location or _store_arg(ctx), create=create,
                      database=ctx.obj.get("database"), password_prompt=_password_prompt,
                      batch_size=ctx.obj.get("batch_size"))


@cli.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create an empty store (nothing happens if it exists)."""
    location = _store_arg(ctx)
    existed = store_exists(location)
    with _open(ctx, create=True) as store:
        verb = "exists" if existed else "created"
        click.echo(f"Store {store.location} {verb} (schema version {store.schema_version}).")


@cli.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--map", "mapping", multiple=True, metavar="FIELD=OURS",
              help="Kumu maps: read a custom field as one of ours (e.g. 'Org Type=sector').")
@quiet_option
@output_options(csv=False)
@click.pass_context
def import_(ctx: click.Context, path: Path, dry_run: bool, mapping: tuple, fmt: str) -> None:
    """Import a workbook (.xlsx, or a folder of .csv files) or a Kumu map (its JSON, or
    its Elements/Connections .xlsx) into the store.

    All or nothing: every problem is listed (sheet, row, column) and nothing
    is written unless the whole workbook is valid. Re-importing updates rows
    by id and changes nothing else.
    """
    location = _store_arg(ctx)
    progress = progress_factory(ctx.obj["quiet"])
    if location.startswith(NEO4J_SCHEMES):
        with _open(ctx) as store:
            report = import_workbook(path, store, dry_run=dry_run, progress=progress,
                                     mapping=parse_mapping(mapping))
    else:
        report = import_workbook(path, location, dry_run=dry_run, progress=progress,
                                 mapping=parse_mapping(mapping))
    if fmt == "json":
        emit_rows([], [], "json", json_data=report.to_dict())
        return
    if not ctx.obj["quiet"]:
        for warning in report.warnings:
            echo_err(f"Warning: {warning}")
        for name in report.ignored:
            echo_err(f"Note: {name} is not a sheet of the workbook format; ignored")
        for item in report.unplaced:
            echo_err(f"Not placed: {item}")
    rows = [{"sheet": sheet, "rows": report.rows[sheet], "new": report.new[sheet]}
            for sheet in report.rows]
    emit_rows(rows, ["sheet", "rows", "new"], "table")
    total = sum(report.rows.values())
    if dry_run:
        click.echo(f"Dry run: {total} rows are valid; nothing was written.")
    else:
        click.echo(f"Imported {total} rows into {report.store}.")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def template(path: Path, force: bool) -> None:
    """Write an empty, documented workbook to start from."""
    write_template(path, overwrite=force)
    click.echo(f"Wrote {path}: fill the sheets, then run: lcii-graph import {path}")


@cli.command()
@output_options()
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts of each kind, organizations by sector and level, decision-makers."""
    with _open(ctx) as store:
        summary = summarize(store.read_all())
    _print_summary(summary, fmt)


def _print_summary(summary: dict, fmt: str) -> None:
    if fmt == "json":
        emit_rows([], [], "json", json_data=summary)
        return
    rows = [{"what": sheet, "count": summary[sheet]} for sheet in WORKBOOK_ORDER]
    rows += [{"what": f"sector: {sector}", "count": n} for sector, n in summary["sectors"].items()]
    rows += [{"what": f"government: {level}", "count": n}
             for level, n in summary["government_levels"].items()]
    rows += [{"what": f"decision-makers: {k}", "count": n}
             for k, n in summary["decision_makers"].items()]
    emit_rows(rows, ["what", "count"], fmt)


@cli.command("list")
@click.argument("kind", metavar="KIND")
@output_options()
@click.pass_context
def list_(ctx: click.Context, kind: str, fmt: str) -> None:
    """List the rows of one KIND: organizations, people, jurisdictions,
    partnerships, memberships, ties, commitments, goals, metrics, measurements."""
    sheet = KIND_ALIASES.get(kind.lower(), kind.lower())
    if sheet not in SHEETS_BY_NAME:
        raise NotFound(f"no kind {kind!r}; expected one of {', '.join(WORKBOOK_ORDER)}")
    with _open(ctx) as store:
        rows = store.read(sheet)
    columns = TABLE_COLUMNS[sheet] if fmt == "table" else list(SHEETS_BY_NAME[sheet].columns)
    emit_rows(rows, columns, fmt)


@cli.command()
@click.argument("id_", metavar="ID")
@output_options(csv=False)
@click.pass_context
def show(ctx: click.Context, id_: str, fmt: str) -> None:
    """Show one row by its id, with what it is linked to."""
    with _open(ctx) as store:
        found = store.find(id_)
        if found is None:
            raise NotFound(f"no row has id {id_!r}")
        sheet, record = found
        links = store.links(id_) if SHEETS_BY_NAME[sheet].kind is not None else []
    if fmt == "json":
        emit_rows([], [], "json", json_data={"sheet": sheet, "record": record, "links": links})
        return
    click.echo(f"{sheet}: {record['id']}")
    rows = [{"field": k, "value": v} for k, v in record.items() if v is not None]
    emit_rows(rows, ["field", "value"], "table")
    if links:
        click.echo("")
        emit_rows(links, ["relationship", "direction", "id", "name"], "table")


@cli.command()
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("exports/demo"),
              show_default=True, help="Folder for the demo store and its outputs.")
@quiet_option
@output_options(csv=False)
@click.pass_context
def demo(ctx: click.Context, out: Path, fmt: str) -> None:
    """Import the bundled example into a fresh store in OUT, summarize it, show the
    top findings of the gap analysis and write its map and report."""
    out.mkdir(parents=True, exist_ok=True)
    store_path = out / "lcii.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store_path}{suffix}").unlink(missing_ok=True)
    with example_path() as workbook:
        report = import_workbook(workbook, str(store_path),
                                 progress=progress_factory(ctx.obj["quiet"]))
    with open_store(store_path, create=False) as store:
        summary = summarize(store.read_all())
        network = store.load_network()
    findings = run_gaps(network)
    map_path = write_map(network, out / "map.html", title="Riverbend partnership map")
    report_path = write_report(network, out / "report.html", title="Riverbend partnership report")
    if fmt == "json":
        emit_rows([], [], "json", json_data={"store": str(store_path), "summary": summary,
                                             "findings": [f.to_dict() for f in findings],
                                             "map": str(map_path), "report": str(report_path)})
        return
    click.echo(f"Imported the Riverbend example ({sum(report.rows.values())} rows) "
               f"into {store_path}.")
    click.echo("")
    _print_summary(summary, "table")
    click.echo("")
    top = [f for f in findings if f.severity != "info"][:DEMO_FINDINGS]
    click.echo(f"Top findings ({len(findings)} in all; lcii-graph --store {store_path} gaps "
               "shows them with what to consider):")
    for f in top:
        where = f" [{f.partnership}]" if f.partnership else ""
        click.echo(f"  {f.severity:8} {f.rule}{where}: {display_text(f.message)}")
    click.echo("")
    click.echo(f"Map:    {map_path}")
    click.echo(f"Report: {report_path}")
    click.echo(f"Explore it: lcii-graph --store {store_path} list organizations")


def main() -> None:
    cli(prog_name="lcii-graph")


# -- analysis ------------------------------------------------------------------------


def _as_of(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_date(value)
    except CellError as exc:
        raise click.BadParameter(f"expected {exc}") from None


as_of_option = click.option("--as-of", "as_of", metavar="DATE", callback=_as_of,
                            help="Analyse the network as it stood on DATE.")
seed_option = click.option("--seed", type=int, default=0, show_default=True,
                           help="Seed for community detection and sampling.")


def _check_partnership(store, partnership):
    if partnership is not None:
        found = store.find(partnership)
        if found is None or found[0] != "partnerships":
            raise NotFound(f"no partnership has id {partnership!r}")


@cli.command("gaps")
@click.option("--partnership", metavar="ID", help="Only this table.")
@click.option("--severity", type=click.Choice(SEVERITIES),
              help="Only findings at least this severe.")
@click.option("--rule", "rules", multiple=True, metavar="ID",
              help="Only this rule (repeatable); see --list-rules.")
@click.option("--fail-on", type=click.Choice(SEVERITIES),
              help=f"Exit with code {FINDINGS_EXIT_CODE} if a finding this severe exists.")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Rule settings (TOML); default lcii-graph.toml beside the store.")
@click.option("--list-rules", is_flag=True, help="List the rules and their settings.")
@as_of_option
@seed_option
@output_options()
@click.pass_context
def gaps_(ctx, partnership, severity, rules, fail_on, config, list_rules, as_of, seed, fmt):
    """Find the gaps: who is missing, silos, single points of failure, unmeasured
    goals, grant-only money. Findings are grouped by table and lesson."""
    if list_rules:
        catalogue = rule_catalogue()
        for row in catalogue:
            row["settings"] = ", ".join(f"{k}={v}" for k, v in row["settings"].items())
        emit_rows(catalogue, ["rule", "lesson", "severity", "scope", "settings", "flags"], fmt)
        return
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        raise click.BadParameter(f"no rule {unknown[0]!r}; see lcii-graph gaps --list-rules",
                                 param_hint="--rule")
    location = _store_arg(ctx)
    config = config or default_config_path(location)
    with _open(ctx) as store:
        _check_partnership(store, partnership)
        findings = run_gaps(store, config, partnership=partnership, as_of=as_of,
                            rules=set(rules) or None, seed=seed)
        tables = store.known_ids("partnerships")
    if severity:
        findings = severity_at_least(findings, severity)
    _print_findings(findings, fmt, tables)
    if fail_on and severity_at_least(findings, fail_on):
        ctx.exit(FINDINGS_EXIT_CODE)


def _print_findings(findings, fmt: str, tables: dict) -> None:
    if fmt == "json":
        emit_rows([], [], "json", json_data=[f.to_dict() for f in findings])
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
                    listed = ", ".join(display_text(s["name"] or s["id"]) for s in shown[:6])
                    more = f" and {len(shown) - 6} more" if len(shown) > 6 else ""
                    click.echo(f"      who: {listed}{more}")
                click.echo(f"      to consider: {f.suggestion}")
        click.echo("")
    counts = Counter(f.severity for f in findings)
    click.echo(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}: "
               + ", ".join(f"{counts.get(s, 0)} {s}" for s in SEVERITIES))


@cli.command("metrics")
@click.option("--view", type=click.Choice(VIEWS), default="organizations", show_default=True)
@click.option("--level", type=click.Choice(METRIC_LEVELS), default="network",
              show_default=True)
@click.option("--partnership", metavar="ID", help="Only this table.")
@click.option("--exclude", multiple=True, type=click.Choice(INGREDIENTS),
              help="Leave an ingredient out of the organization network (repeatable).")
@as_of_option
@seed_option
@output_options()
@click.pass_context
def metrics_(ctx, view, level, partnership, exclude, as_of, seed, fmt):
    """Network metrics: density, components, reciprocity, centralization, E-I and
    assortativity by sector, communities, brokers, cut points."""
    with _open(ctx) as store:
        _check_partnership(store, partnership)
        result = run_metrics(store, view=view, level=level, partnership=partnership,
                             as_of=as_of, seed=seed, exclude=tuple(exclude))
    if level == "network":
        if fmt == "json":
            emit_rows([], [], "json", json_data=result)
            return
        rows = [{"metric": k, "value": _cell(v)} for k, v in result.items() if k != "notes"]
        emit_rows(rows, ["metric", "value"], fmt)
        if fmt == "table":
            for note in result["notes"]:
                click.echo(f"note: {note}")
        return
    columns = list(result[0]) if result else []
    if fmt == "table":
        columns = [c for c in columns if c not in ("members", "sectors")][:12]
    rows = [{k: _cell(v) for k, v in row.items()} for row in result]
    emit_rows(rows if fmt != "json" else result, columns, fmt)


def _cell(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


@cli.command("what-if")
@click.argument("id_", metavar="ID")
@as_of_option
@seed_option
@output_options(csv=False)
@click.pass_context
def what_if_(ctx, id_, as_of, seed, fmt):
    """What is lost if organization or person ID leaves the network."""
    with _open(ctx) as store:
        result = run_what_if(store, id_, as_of=as_of, seed=seed)
    if fmt == "json":
        emit_rows([], [], "json", json_data=result)
        return
    removed = result["removed"]
    click.echo(f"If {display_text(removed['name'])} ({removed['id']}) left:")
    click.echo(f"  groups of tied organizations: {result['components_before']} -> "
               f"{result['components_after']}")
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
         [f"{display_text(x['name'])}: ${x['amount']:,.0f}"
          for x in result["capital_at_risk"]["by_partnership"]]),
    ]
    for label, items in lines:
        click.echo(f"  {label}: {'; '.join(items) if items else 'none'}")
    roles = result["brokerage_lost"]["by_role"]
    if roles:
        click.echo("  brokerage lost (open two-paths it bridges, by sector role): "
                   + ", ".join(f"{r} {n}" for r, n in roles.items()))


@cli.command("capital")
@as_of_option
@output_options()
@click.pass_context
def capital_(ctx, as_of, fmt):
    """The capital stack of each table: totals by type and by funding sector, and
    how concentrated its funders are (top share, HHI)."""
    with _open(ctx) as store:
        stacks = capital_stacks(store, as_of=as_of)
    if fmt == "json":
        emit_rows([], [], "json", json_data=stacks)
        return
    rows = []
    for s in stacks:
        row = {"partnership": s["partnership"], **{t: s["by_type"][t] for t in STACK_TYPES},
               "funders": s["funders"], "top_funder": s["top_funder"],
               "top_share": None if s["top_share"] is None else round(s["top_share"], 4),
               "hhi": None if s["hhi"] is None else round(s["hhi"], 4)}
        row.update({f"from_{k}": v for k, v in s["by_sector"].items()} if fmt == "csv" else {})
        rows.append(row)
    columns = ["partnership", *STACK_TYPES, "funders", "top_funder", "top_share", "hhi"]
    if fmt == "csv":
        columns += sorted({k for r in rows for k in r if k.startswith("from_")})
    emit_rows(rows, columns, fmt)


# -- pages ---------------------------------------------------------------------------------

profile_option = click.option("--profile", type=click.Choice(PROFILES), default="partner",
                              show_default=True,
                              help="partner: people by role only, no contact details; "
                                   "internal: everything.")
names_option = click.option("--names", is_flag=True,
                            help="Show people's names under the partner profile.")


@cli.command("map")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@profile_option
@names_option
@click.option("--size-by", type=click.Choice(SIZE_BY), default="degree", show_default=True)
@click.option("--partnership", metavar="ID", help="Map one table.")
@click.option("--title", help="Page title.")
@as_of_option
@seed_option
@click.pass_context
def map_(ctx, out, profile, names, size_by, partnership, title, as_of, seed):
    """Write the network map: one self-contained HTML file that works offline."""
    with _open(ctx) as store:
        _check_partnership(store, partnership)
        path = write_map(store, out, profile=profile, names=names, size_by=size_by,
                         partnership=partnership, as_of=as_of, seed=seed, title=title)
    click.echo(f"Wrote {path} (profile: {profile}).")


@cli.command("report")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@profile_option
@names_option
@click.option("--partnership", metavar="ID", help="Report on one table.")
@click.option("--title", help="Page title.")
@click.option("--since", metavar="LABEL", help="Add what changed since snapshot LABEL.")
@as_of_option
@seed_option
@click.pass_context
def report_(ctx, out, profile, names, partnership, title, since, as_of, seed):
    """Write the steering-committee report: findings, metrics, capital stack, sector
    coverage, metric trends and the map, in one printable HTML file."""
    with _open(ctx) as store:
        _check_partnership(store, partnership)
        path = write_report(store, out, profile=profile, names=names,
                            partnership=partnership, as_of=as_of, seed=seed, title=title,
                            since=since)
    click.echo(f"Wrote {path} (profile: {profile}).")


@cli.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--profile", type=click.Choice(PROFILES), default="partner", show_default=True,
              help="partner: no e-mail, phone or notes; internal: everything.")
@as_of_option
@seed_option
@click.pass_context
def export_(ctx, fmt, out, profile, as_of, seed):
    """Write the store for other tools. FORMAT: csv (a folder the importer reads), xlsx
    (the workbook), graphml and gexf (Gephi), json (node-link), kumu (Kumu's import
    workbook)."""
    with _open(ctx) as store:
        path = export(store, fmt, out, profile=profile, as_of=as_of, seed=seed)
    click.echo(f"Wrote {path} ({fmt}, profile: {profile}).")


# -- change over time ------------------------------------------------------------------------


@cli.group("snapshot")
def snapshot_group():
    """Keep dated copies of the whole store to compare later."""


@snapshot_group.command("create")
@click.argument("label")
@click.option("--date", "date_", metavar="DATE", callback=_as_of,
              help="The day the snapshot stands for (default today).")
@click.pass_context
def snapshot_create(ctx, label, date_):
    """Copy every row, in one transaction, under LABEL."""
    with _open(ctx) as store:
        info = store.create_snapshot(label, date_)
        rows = next(s["rows"] for s in store.list_snapshots() if s["label"] == label)
    click.echo(f"Snapshot {info['label']!r} ({info['date']}): {rows} rows.")


@snapshot_group.command("list")
@output_options()
@click.pass_context
def snapshot_list(ctx, fmt):
    """The snapshots, oldest first."""
    with _open(ctx) as store:
        rows = store.list_snapshots()
    emit_rows(rows, ["label", "date", "created", "rows"], fmt)


@snapshot_group.command("delete")
@click.argument("label")
@click.pass_context
def snapshot_delete(ctx, label):
    """Delete snapshot LABEL."""
    with _open(ctx) as store:
        store.delete_snapshot(label)
    click.echo(f"Deleted snapshot {label!r}.")


def _state(store, spec: str):
    """A snapshot label, "live" (the store today) or a date (the store as of it)."""
    if spec in ("live", "now"):
        return store.load_network(as_of=date.today().isoformat())
    if any(s["label"] == spec for s in store.list_snapshots()):
        return store.load_snapshot(spec)
    try:
        return store.load_network(as_of=parse_date(spec))
    except CellError:
        raise NotFound(f"no snapshot named {spec!r}, and it is not a date or 'live'") from None


@cli.command("diff")
@click.argument("before")
@click.argument("after", default="live")
@seed_option
@output_options(csv=False)
@click.pass_context
def diff_(ctx, before, after, seed, fmt):
    """What changed from BEFORE to AFTER: each a snapshot label, 'live' (the default
    for AFTER) or a date (the store as of that day)."""
    with _open(ctx) as store:
        result = run_diff(_state(store, before), _state(store, after), before_label=before,
                          after_label=after, seed=seed)
    if fmt == "json":
        emit_rows([], [], "json", json_data=result)
        return
    _print_diff(result)


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
        ("members joined", [f"{m['member_name']} at {m['partnership']}"
                            for m in r["memberships"]["joined"]]),
        ("members left", [f"{m['member_name']} from {m['partnership']}"
                          for m in r["memberships"]["left"]]),
        ("roles changed", [f"{m['member_name']} at {m['partnership']}: {m['was']} -> "
                           f"{m['role']}" for m in r["memberships"]["role_changed"]]),
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
    click.echo("  metrics:")
    for name, values in r["metrics"].items():
        before, after = values["before"], values["after"]
        click.echo(f"    {name}: {_fmt(before)} -> {_fmt(after)}")


def _fmt(value) -> str:
    if value is None:
        return "n/a"
    return f"{value:.4f}" if isinstance(value, float) else str(value)


# -- Neo4j ------------------------------------------------------------------------------------


@cli.group("neo4j")
def neo4j_group():
    """Work with a Neo4j store (--store neo4j://host:7687; credentials from NEO4J_USERNAME
    and NEO4J_PASSWORD, or a prompt)."""


def _neo4j(ctx):
    location = _store_arg(ctx)
    if not location.startswith(NEO4J_SCHEMES):
        raise click.UsageError("give the Neo4j address with --store neo4j://host:7687 "
                               "(or LCII_STORE)")
    return _open(ctx)


@neo4j_group.command("check")
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


def _copy(source, target, progress) -> dict[str, int]:
    from ..ingest.validate import TableData
    from ..model.schema import SHEETS

    tables = [TableData(sheet.name, list(sheet.columns),
                        [tuple(row[c] for c in sheet.columns) for row in source.read(sheet.name)])
              for sheet in SHEETS]
    total = sum(len(t) for t in tables)
    bar = progress("Copying", total) if progress else contextlib.nullcontext(None)
    with bar as update:
        target.upsert(tables, progress=update)
    return {t.sheet: len(t) for t in tables}


@neo4j_group.command("push")
@click.option("--from", "source", metavar="PATH", default="lcii.db", show_default=True,
              help="The SQLite store to copy from.")
@click.pass_context
def neo4j_push(ctx, source):
    """Copy an SQLite store into Neo4j (idempotent: rows are merged on id)."""
    with _open(ctx, location=source) as sqlite_store, _neo4j(ctx) as store:
        counts = _copy(sqlite_store, store, progress_factory(ctx.obj["quiet"]))
    click.echo(f"Pushed {sum(counts.values())} rows from {source} to {store.location}.")


@neo4j_group.command("pull")
@click.option("--into", "target", metavar="PATH", default="lcii.db", show_default=True,
              help="The SQLite store to copy into (created if missing).")
@click.pass_context
def neo4j_pull(ctx, target):
    """Copy a Neo4j store into an SQLite file."""
    with _neo4j(ctx) as store, _open(ctx, create=True, location=target) as sqlite_store:
        counts = _copy(store, sqlite_store, progress_factory(ctx.obj["quiet"]))
    click.echo(f"Pulled {sum(counts.values())} rows from {store.location} into {target}.")
