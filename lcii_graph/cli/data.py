"""Commands that move rows: init, import, template, stats, list, show, export, demo."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import NotFound, OutputUnwritable
from ..export.formats import ANALYSED, target_kind
from ..export.formats import FORMATS as EXPORT_FORMATS
from ..export.tables import display_text
from ..model.schema import (
    CUSTOM,
    CUSTOM_SHEETS,
    SHEETS_BY_NAME,
    WORKBOOK_ORDER,
    custom_fields,
    custom_names,
    singular,
)
from ..model.vocabulary import PROFILES
from ..outputs import check_target, write_text
from ..store import is_address, open_store, store_exists
from .main import (
    Choice,
    as_of_option,
    cli,
    examples,
    force_option,
    load_network,
    opened_store,
    seed_option,
    store_of,
)
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

#: Rows an import lists as removed or changed before it says how many more there are.
MAX_LISTED = 50

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

@cli.command(epilog=examples(
    "lcii-graph --store partnership.db init"))
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create an empty store (nothing happens if it exists)."""
    location = store_of(ctx)
    existed = store_exists(location)
    with opened_store(ctx, create=True) as store:
        verb = "exists" if existed else "created"
        click.echo(f"Store {store.location} {verb} (schema version {store.schema_version}).")


@cli.command("import", epilog=examples(
    "lcii-graph import partnership.xlsx --dry-run",
    "lcii-graph import partnership.xlsx",
    "lcii-graph import partnership.xlsx --sync --dry-run",
    'lcii-graph import map.json --map "Org Type=sector" --map "Civil Society=nonprofit"'))
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--sync", is_flag=True,
              help="Make the sheets the file carries exactly the file: remove the stored "
                   "rows it lacks (and what needs them), after a snapshot.")
@click.option("--map", "mapping", multiple=True, metavar="FIELD=OURS",
              help="Kumu maps and graph files: read a field as one of ours ('Org "
                   "Type=sector'), or a value as a sector, tie kind or role ('Civil "
                   "Society=nonprofit').")
@quiet_option
@output_options(csv=False)
@click.pass_context
def import_(ctx: click.Context, path: Path, dry_run: bool, sync: bool, mapping: tuple,
            fmt: str) -> None:
    """Import a workbook (.xlsx, or a folder of .csv files), a Kumu map (its JSON, or
    its Elements/Connections .xlsx) or a graph file (GraphML, GEXF, node-link JSON) into
    the store.

    All or nothing: every problem is listed (sheet, row, column) and nothing
    is written unless the whole workbook is valid. Re-importing updates rows
    by id and changes nothing else.
    """
    from ..ingest import import_workbook
    from ..ingest.kumu import parse_mapping

    location = store_of(ctx)
    progress = progress_factory(ctx.obj["quiet"])
    if is_address(location):  # a server (open_store refuses other addresses)
        with opened_store(ctx) as store:
            report = import_workbook(path, store, dry_run=dry_run, sync=sync,
                                     progress=progress, mapping=parse_mapping(mapping))
    else:
        report = import_workbook(path, location, dry_run=dry_run, sync=sync,
                                 progress=progress, mapping=parse_mapping(mapping))
    if fmt == "json":
        emit_rows([], [], "json", json_data=report.to_dict())
        return
    if not ctx.obj["quiet"]:
        for warning in report.warnings:
            echo_err(f"Warning: {warning}")
        for name in report.ignored:
            echo_err(f"Note: {name} is not a sheet of the workbook format; ignored")
        for item in report.notes:
            echo_err(f"Note: {item}")
        for item in report.unplaced:
            echo_err(f"Not placed: {item}")
    _print_import(report, quiet=ctx.obj["quiet"])


def _print_import(report, *, quiet: bool) -> None:
    """The per-sheet table of an import, what --sync removes, and the closing line."""
    sheets = report.to_dict()["sheets"]
    last = "removed" if report.sync else "not in file"
    columns = ["sheet", "rows", "new", "changed", "unchanged", last]
    emit_rows([{"sheet": sheet, **counts, "not in file": counts["not_in_file"]}
               for sheet, counts in sheets.items()], columns, "table")
    total = sum(report.rows.values())
    if not total and not quiet:
        echo_err("Note: the workbook holds no rows yet; fill its organizations sheet (the "
                 "one required) and import it again")
    absent = {sheet: n for sheet, n in report.absent.items() if n}
    if absent and not report.sync and not quiet:
        listed = ", ".join(f"{n} {sheet}" for sheet, n in absent.items())
        echo_err(f"Note: the store holds rows this file does not ({listed}); they were "
                 "kept. import --sync removes them")
    verb = "would remove" if report.dry_run else "removed"
    follows = {(sheet, id_) for sheet, id_, _ in report.follows}
    listed = [f"{verb.capitalize()}: {singular(sheet)} {id_!r} (not in the file)"
              for sheet, ids in report.removed.items() for id_ in ids
              if (sheet, id_) not in follows]
    # Those that go come first in report.lines (describe_referrers), then those changed.
    listed += [f"{verb.capitalize()} too: {line}" if k < len(report.follows) else
               f"Changed: {line}" for k, line in enumerate(report.lines)]
    for line in listed[:MAX_LISTED]:
        click.echo(display_text(line))
    if len(listed) > MAX_LISTED:
        click.echo(f"... and {len(listed) - MAX_LISTED:,} more rows removed or changed "
                   "(--json lists every one)")
    new = sum(report.new.values())
    changed = sum(report.changed.values())
    counts = f"{new} new, {changed} changed, {sum(report.same.values())} unchanged"
    if report.sync:
        gone = sum(len(ids) for ids in report.removed.values())
        counts += f", {gone} {verb}"
    if report.dry_run:
        click.echo(f"Dry run: {total} rows are valid ({counts}); nothing was written.")
        return
    click.echo(f"Imported {total} rows into {report.store} ({counts}).")
    if report.snapshot:
        click.echo(f"The store as it was is kept as snapshot {report.snapshot!r}; undo with: "
                   f"lcii-graph snapshot restore {report.snapshot}")


@cli.command(epilog=examples(
    "lcii-graph template partnership.xlsx"))
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def template(path: Path, force: bool) -> None:
    """Write an empty, documented workbook to start from."""
    from ..ingest.template import write_template

    write_template(path, overwrite=force)
    click.echo(f"Wrote {path}: fill the sheets, then run: lcii-graph import {path}")


@cli.command(epilog=examples(
    "lcii-graph stats",
    "lcii-graph stats --json"))
@output_options()
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Counts of each kind, organizations by sector and level, decision-makers."""
    from ..analysis.summary import summarize

    with opened_store(ctx) as store:
        summary = summarize(store)
    _print_summary(summary, fmt)


def _print_summary(summary: dict, fmt: str) -> None:
    if fmt in ("json", "nl"):
        emit_rows([], [], fmt, json_data=summary)
        return
    rows = [{"what": sheet, "count": summary[sheet]} for sheet in WORKBOOK_ORDER]
    rows += [{"what": f"sector: {sector}", "count": n} for sector, n in summary["sectors"].items()]
    rows += [{"what": f"government: {level}", "count": n}
             for level, n in summary["government_levels"].items()]
    rows += [{"what": f"decision-makers: {k}", "count": n}
             for k, n in summary["decision_makers"].items()]
    emit_rows(rows, ["what", "count"], fmt)


@cli.command("list", epilog=examples(
    "lcii-graph list organizations",
    "lcii-graph list ties --csv > ties.csv"))
@click.argument("kind", metavar="KIND")
@output_options()
@click.pass_context
def list_(ctx: click.Context, kind: str, fmt: str) -> None:
    """List the rows of one KIND: organizations, people, jurisdictions,
    partnerships, memberships, ties, commitments, goals, metrics, measurements,
    assessments, interactions."""
    sheet = KIND_ALIASES.get(kind.lower(), kind.lower())
    if sheet not in SHEETS_BY_NAME:
        raise NotFound(f"no kind {kind!r}; expected one of {', '.join(WORKBOOK_ORDER)}")
    with opened_store(ctx) as store:
        rows = store.read(sheet)
    columns = TABLE_COLUMNS[sheet] if fmt == "table" else \
        [c for c in SHEETS_BY_NAME[sheet].columns if c != CUSTOM]
    if fmt == "csv" and sheet in CUSTOM_SHEETS:  # a column per custom field, as export
        names = custom_names(rows)
        rows = [{**row, **{f"custom: {k}": v for k, v in custom_fields(row).items()}}
                for row in rows]
        columns += [f"custom: {name}" for name in names]
    elif fmt in ("json", "nl") and sheet in CUSTOM_SHEETS:
        rows = [{**row, CUSTOM: custom_fields(row)} for row in rows]
        columns.append(CUSTOM)
    emit_rows(rows, columns, fmt)


@cli.command(epilog=examples(
    "lcii-graph show rb-mayor",
    'lcii-graph show "Riverbend Works" --json'))
@click.argument("id_", metavar="ID")
@output_options(csv=False)
@click.pass_context
def show(ctx: click.Context, id_: str, fmt: str) -> None:
    """Show one row by its id (or, for a named kind, its name), with what it is linked
    to."""
    with opened_store(ctx) as store:
        sheet, record = store.find(id_) or store.find(store.resolve(id_)[1])
        links = store.links(record["id"]) if SHEETS_BY_NAME[sheet].kind is not None else []
        about = _stakeholder_rows(store, sheet, record["id"])
    custom = custom_fields(record)
    if CUSTOM in record:
        record = {**record, CUSTOM: custom}  # an object for programs, rows for people
    if fmt == "json":
        emit_rows([], [], "json", json_data={"sheet": sheet, "record": record, "links": links,
                                             **about})
        return
    click.echo(f"{sheet}: {record['id']}")
    rows = [{"field": k, "value": v} for k, v in record.items()
            if v is not None and k != CUSTOM]
    rows += [{"field": f"{k} (custom)", "value": v} for k, v in custom.items()]
    emit_rows(rows, ["field", "value"], "table")
    if links:
        click.echo("")
        emit_rows(links, ["relationship", "direction", "id", "name"], "table")
    if about.get("assessments"):
        click.echo("\nJudgements (assessments, oldest first):")
        emit_rows(about["assessments"], ["date", "partnership", "power", "interest", "stance",
                                         "engagement", "engagement_target"], "table")
    if about.get("interactions"):
        click.echo("\nContacts (interactions, oldest first):")
        emit_rows(about["interactions"], ["date", "partnership", "channel", "owner", "topic",
                                          "sentiment"], "table")


def _stakeholder_rows(store, sheet: str, id_: str) -> dict:
    """The assessments and interactions about an organization or person (for ``show``):
    the coordinator's own view of the row, empty for other sheets."""
    column = {"organizations": "organization", "people": "person"}.get(sheet)
    if column is None:
        return {}
    return {name: sorted((r for r in store.read(name) if r[column] == id_),
                         key=lambda r: (r["date"], r["id"]))
            for name in ("assessments", "interactions")}


@cli.command(epilog=examples(
    "lcii-graph demo",
    "lcii-graph demo --out /tmp/riverbend"))
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("exports/demo"),
              show_default=True, help="Folder for the demo store and its outputs.")
@quiet_option
@output_options(csv=False)
@click.pass_context
def demo(ctx: click.Context, out: Path, fmt: str) -> None:
    """Import the bundled example into a fresh store in OUT, summarize it, show the
    top findings of the gap analysis and write its map and report."""
    from ..analysis.gaps import gaps as run_gaps
    from ..analysis.summary import summarize
    from ..examples import example_path
    from ..export.html import write_map
    from ..export.report import write_report
    from ..ingest import import_workbook
    from ..network.model import network_of

    store_path = _fresh_demo_store(out)
    with example_path() as workbook:
        report = import_workbook(workbook, str(store_path),
                                 progress=progress_factory(ctx.obj["quiet"]))
    with open_store(store_path, create=False) as store:
        summary = summarize(store)
        network = network_of(store)
    # Through outputs.py like any output: a full disk leaves no half-written mark.
    write_text(out / DEMO_MARK, "demo mark", _digest(store_path) + "\n", force=True)
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


#: Left beside the demo's store: the digest of the store it made, so that a later demo
#: replaces that store and never another (a user's own store in the same folder).
DEMO_MARK = ".lcii-graph-demo"


def _digest(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fresh_demo_store(out: Path) -> Path:
    """The demo's store path in ``out``, made free: an earlier demo's store (unchanged
    since, as its mark says) is removed; anything else there is refused, untouched."""
    from ..outputs import OutputRefused

    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out} is a file; give the demo a folder with --out DIR")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputUnwritable(f"{out}: cannot create the folder ({exc.strerror})") from None
    store_path = out / "lcii.db"
    files = [Path(f"{store_path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
    if any(f.exists() or f.is_symlink() for f in files):
        mark = out / DEMO_MARK
        ours = (mark.is_file() and store_path.is_file() and not store_path.is_symlink()
                and not any(f.exists() for f in files[1:])
                and mark.read_text(encoding="utf-8").strip() == _digest(store_path))
        if not ours:
            raise OutputRefused(f"{store_path} exists and is not a store an earlier demo made "
                                "(or it has changed since); nothing was changed. Give the "
                                "demo a folder of its own with --out DIR")
        store_path.unlink()
    return store_path


@cli.command("export", epilog=examples(
    "lcii-graph export xlsx partners.xlsx",
    "lcii-graph export graphml network.graphml",
    "lcii-graph export csv backup --profile internal"))
@click.argument("fmt", metavar="FORMAT", type=Choice(EXPORT_FORMATS))
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--profile", type=Choice(PROFILES), default="partner", show_default=True,
              help="partner: no e-mail, phone or notes; internal: everything.")
@as_of_option
@seed_option
@force_option
@click.pass_context
def export_(ctx, fmt, out, profile, as_of, seed, force):
    """Write the store for other tools. FORMAT: csv (a folder the importer reads), xlsx
    (the workbook), graphml and gexf (Gephi), json (node-link), kumu (Kumu's import
    workbook), cypher (a script for an empty Neo4j database), analysis (findings, metrics,
    capital and coverage as an .xlsx)."""
    from ..export.interchange import export

    if fmt != "csv":
        check_target(out, target_kind(fmt), force=force)  # before opening the store
    notes: list[str] = []
    with opened_store(ctx) as store:
        # The analysed formats take the network as analysed, with the store's rule settings.
        source = load_network(ctx, store, as_of) if fmt in ANALYSED else store
        path = export(source, fmt, out, profile=profile, as_of=as_of, seed=seed, force=force,
                      let_go=True, notes=notes)  # the network was loaded for this alone
    click.echo(f"Wrote {path} ({fmt}, profile: {profile}).")
    if not ctx.obj["quiet"]:
        for note in notes:
            echo_err(f"Note: {note}.")
