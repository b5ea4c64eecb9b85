"""Files other tools read: the workbook as CSV or XLSX, GraphML and GEXF for Gephi,
node-link JSON, and a Kumu import workbook.

``csv`` and ``xlsx`` write the importer's own layout, so export → import gives
the same store (and exporting again the same files). Every text cell a
spreadsheet would run as a formula is neutralized (:func:`formula_safe`;
import takes the apostrophe off again). The ``partner`` profile leaves out
people's e-mail, phone and notes, and organizations' and partnerships' notes; ``internal``
keeps everything.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputUnwritable
from ..ingest.cells import split_list
from ..model.people import written_blank
from ..model.schema import (
    CUSTOM,
    CUSTOM_SHEETS,
    PRIVATE_SHEETS,
    SHEETS_BY_NAME,
    WORKBOOK_ORDER,
    custom_fields,
    custom_header,
    custom_names,
)
from ..model.vocabulary import PROFILES
from ..network.model import Network
from ..network.multigraph import edge_rows, node_rows
from ..outputs import (
    check_target,
    write_folder,
    write_with,
)
from .formats import ANALYSED, FORMATS, target_kind
from .graphxml import gephi_table, write_gexf, write_graphml
from .jsontext import BATCH, json_list
from .tables import formula_safe, write_csv
from .workbook import write_workbook

#: Columns the partner profile leaves out, per sheet.
PRIVATE_COLUMNS = {"people": ("email", "phone", "notes", CUSTOM),
                   "organizations": ("notes", CUSTOM), "partnerships": ("notes", CUSTOM),
                   # A tie's trust and value are one partner's rating of another: a
                   # judgement, never in a partner's file.
                   "ties": ("trust", "value", CUSTOM)}
#: Stored columns that are derived on import, never written out.
DERIVED_COLUMNS = {"people": ("decision_maker_inferred",)}


def exported_sheets(profile: str) -> tuple[str, ...]:
    """The sheets a data export of ``profile`` writes: the partner profile leaves out the
    private sheets whole (the coordinator's judgements and contacts, what partners said of
    one another)."""
    if profile == "partner":
        return tuple(s for s in WORKBOOK_ORDER if s not in PRIVATE_SHEETS)
    return WORKBOOK_ORDER


def export_columns(sheet: str, profile: str) -> list[str]:
    hidden = set(DERIVED_COLUMNS.get(sheet, ()))
    if profile == "partner":
        hidden |= set(PRIVATE_COLUMNS.get(sheet, ()))
    return [f.name for f in SHEETS_BY_NAME[sheet].fields if f.name not in hidden]


def cell(sheet: str, column: str, row: dict):
    """A stored value as the workbook writes it (text, or a number)."""
    value = row.get(column)
    if written_blank(sheet, column, row):
        return ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    return formula_safe(value)


def _text(value) -> str:
    return value if isinstance(value, str) else str(value)


def sheet_table(sheet: str, rows: list[dict], profile: str) -> tuple[list[str], Iterator]:
    """A sheet as the workbook writes it: its header, then each row's cells. With the
    internal profile a row's custom fields follow ours, one column each (import reads
    them back as custom fields; ``custom: NAME`` where the name alone reads as ours);
    the partner profile leaves them out, since no one can tell which of them hold a
    judgement or a person's details."""
    columns = export_columns(sheet, profile)
    custom = custom_names(rows) if profile != "partner" and sheet in CUSTOM_SHEETS else []

    def cells():
        for row in rows:
            extra = custom_fields(row) if custom else {}
            yield [cell(sheet, c, row) for c in columns] + [
                formula_safe(extra.get(name, "")) for name in custom]

    return columns + [custom_header(sheet, name) for name in custom], cells()


def write_csv_folder(records: dict[str, list[dict]], folder: Path, profile: str) -> list[Path]:
    """One CSV file per sheet, through :func:`..outputs.write_folder` (never replacing a file
    an earlier export did not write)."""

    def writer(sheet):
        def write(path: Path) -> None:
            header, rows = sheet_table(sheet, records.get(sheet, []), profile)
            with open(path, "w", newline="", encoding="utf-8") as handle:
                write_csv(handle, [header, *([_text(value) for value in row]
                                             for row in rows)])
        return write

    return write_folder(folder, {f"{sheet}.csv": writer(sheet)
                                 for sheet in exported_sheets(profile)})


def write_xlsx(records: dict[str, list[dict]], path: Path, profile: str, *,
               notes: list | None = None) -> Path:
    """The workbook layout as an .xlsx, each sheet's rows written as they are made
    (:func:`~lcii_graph.export.workbook.write_workbook`).

    Text cells went through :func:`formula_safe`, so none starts with ``=`` and none is
    stored as a formula."""

    def sheets():
        for sheet in exported_sheets(profile):
            header, rows = sheet_table(sheet, records.get(sheet, []), profile)
            yield sheet, itertools.chain([header], rows)

    return write_workbook(path, "xlsx", sheets(), notes=notes)


#: Rows of scalars encoded together by json's C encoder (see :func:`json_rows`).
JSON_BATCH = BATCH


def json_rows(rows, *, batch: int = JSON_BATCH):
    """Pieces of text that together are ``json.dumps(list(rows), ensure_ascii=False,
    indent=1, default=str)`` written at depth 1 (each line after the first indented by
    one more space): the list of nodes or edges of node-link JSON, rows of scalars
    written by json's C encoder (:func:`~lcii_graph.export.jsontext.json_list`: one
    call for a million rows took 17 s of the 43 s ``export json`` needed on the L
    network)."""
    return json_list(rows, indent=1, depth=1, default=str, batch=batch)


def write_node_link(network: Network, profile: str, handle) -> None:
    """Write the whole network model as node-link JSON to ``handle``, one node or edge at
    a time: the bytes ``json.dumps(networkx.node_link_data(G, edges="edges"), indent=1)``
    gives, without a copy of the graph, the whole structure or the whole text in memory
    (a state-wide network took 5.9 GB that way). The graph is marked as ours
    (``generator``); the partner profile leaves out the private columns, the internal one
    carries the private sheets' rows in the graph's attributes (they have no node)."""
    meta = {"generator": "lcii-graph"}  # marks the file as ours (outputs.py)
    if profile != "partner":
        for sheet in PRIVATE_SHEETS:
            meta[sheet] = network.records[sheet]

    encode = json.JSONEncoder(ensure_ascii=False, indent=1, default=str).encode

    def dumps(value, depth: int) -> str:
        return encode(value).replace("\n", "\n" + " " * depth)

    def items(rows) -> None:
        for piece in json_rows(rows):
            handle.write(piece)

    kinds = {"Person": "people", "Organization": "organizations",
             "Partnership": "partnerships"}
    hidden_ties = PRIVATE_COLUMNS["ties"] if profile == "partner" else ()

    # What network.graph holds, made a node or edge at a time (each a dict of its own),
    # less its hidden columns, then its ends: the keys in the order of {**shown, "id": ...}.
    def nodes():
        for node, row in node_rows(network):
            if profile == "partner":
                for column in PRIVATE_COLUMNS.get(kinds.get(row["kind"]), ()):
                    row.pop(column, None)
            row["id"] = node
            yield row

    def edges():
        for u, v, key, row in edge_rows(network):
            for column in hidden_ties:
                row.pop(column, None)
            row["source"], row["target"], row["key"] = u, v, key
            yield row

    handle.write(f'{{\n "directed": true,\n "multigraph": true,\n "graph": {dumps(meta, 1)},\n'
                 ' "nodes": ')
    items(nodes())
    handle.write(',\n "edges": ')
    items(edges())
    handle.write("\n}")


KUMU_ELEMENT_TYPES = {"organizations": "Organization", "partnerships": "Partnership",
                      "people": "Person"}


#: Kumu's Elements columns, then (internal profile) the private ones: each one the Kumu
#: reader reads back as the same column (:mod:`lcii_graph.ingest.kumu`), but Level,
#: Jurisdiction and Serves, which name jurisdictions the map does not hold.
KUMU_ELEMENT_COLUMNS = [
    ("ID", None), ("Label", None), ("Type", None), ("Sector", "sector"),
    ("Organization Type", "type"), ("Anchor", "anchor"), ("Intermediary", "intermediary"),
    ("Website", "url"), ("Level", None), ("Jurisdiction", "jurisdiction"),
    ("Focus", "focus"), ("Serves", "serves"), ("Organization", "organization"),
    ("Title", "title"), ("Decision maker", "decision_maker")]
KUMU_PRIVATE_COLUMNS = [("Description", "notes"), ("Email", "email"), ("Phone", "phone")]
KUMU_CONNECTION_COLUMNS = ["From", "To", "Type", "Direction", "Strength", "Since", "Until",
                           "Role"]


def kumu_sheets(network: Network, profile: str) -> tuple[Iterator[list], Iterator[list]]:
    """Kumu's import layout: Elements (ID, Label, Type, Sector, ...) and Connections
    (From, To, Type, Direction, ...), joined by element IDs; with the internal profile
    the notes, contact details and custom fields too (a custom field named like a column
    the Kumu reader reads is written ``custom: NAME``). A person works for each of their
    organizations (a connection each, the first theirs); a confirmed tie is mutual."""
    from ..ingest.kumu import kumu_custom_header

    records = network.records
    levels = network.government_levels
    internal = profile != "partner"
    columns = KUMU_ELEMENT_COLUMNS + (KUMU_PRIVATE_COLUMNS if internal else [])
    sheets = ("organizations", "partnerships", "people")
    custom = {name: None for sheet in sheets for name in
              (custom_names(records[sheet]) if internal else [])}
    tie_custom = custom_names(records["ties"]) if internal else []

    # Element cells are formula-safe as cell() makes them; connections' are made so here.
    def elements():
        yield ([title for title, _ in columns]
               + [kumu_custom_header(name, "elements") for name in custom])
        for sheet in sheets:
            for r in records[sheet]:
                given = {"ID": formula_safe(r["id"]), "Label": formula_safe(r["name"]),
                         "Type": KUMU_ELEMENT_TYPES[sheet],
                         "Level": levels.get(r["id"]) or ""}
                fields = custom_fields(r) if internal else {}
                yield ([given[title] if column is None else
                        cell(sheet, column, r) if column in r else ""
                        for title, column in columns]
                       + [formula_safe(fields.get(name, "")) for name in custom])

    def connections():
        yield (KUMU_CONNECTION_COLUMNS
               + [kumu_custom_header(name, "connections") for name in tie_custom])
        for row in _connections(records, tie_custom):
            yield [formula_safe(v) for v in row]

    return elements(), connections()


def _connections(records: dict[str, list[dict]], tie_custom: list[str]) -> Iterator[list]:
    """The rows of Kumu's Connections sheet, as the store holds their values."""
    blank = [""] * len(tie_custom)
    for r in records["ties"]:
        fields = custom_fields(r) if tie_custom else {}
        yield ([r["from"], r["to"], r["kind"], "mutual" if r["confirmed"] else "directed",
                r["strength"] or "", r["since"] or "", r["until"] or "", ""]
               + [fields.get(name, "") for name in tie_custom])
    for r in records["memberships"]:
        member = r["organization"] or r["person"]
        yield [member, r["partnership"], "member of", "", "", r["since"] or "",
               r["until"] or "", r["role"]] + blank
    for r in records["people"]:
        for organization in [r["organization"], *split_list(r["also_works_for"])]:
            if organization:
                yield [r["id"], organization, "works for", "", "", "", "", ""] + blank
    for r in records["commitments"]:
        if r["recipient"]:
            yield [r["maker"], r["recipient"], f"commitment: {r['type']}", "", "",
                   r["start"] or "", r["end"] or "", ""] + blank


def export(source, fmt: str, out: str | Path, *, profile: str = "partner",
           as_of: str | None = None, seed: int | None = 0, force: bool = False,
           let_go: bool = False, notes: list | None = None) -> Path:
    """Write ``source`` (a store or network) as ``fmt`` to ``out``; return the path.
    ``let_go``: a network given is this export's alone, its rows to be let go once read
    (as one built here from a store always is; ``export analysis`` lets them go before
    its levels' measures). ``notes``, a list, receives what the user should know of the
    file (a workbook's sheet longer than a spreadsheet program shows).

    Every file goes through :mod:`..outputs`: in place only when complete, never onto the
    store in use, and onto an existing file only when it is an earlier export of the same
    format (or with ``force``)."""
    from ..network.model import network_of

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}")
    # The data formats carry every stored row (export -> import gives the same store);
    # the Gephi formats and the analysis workbook, the network as analysed (today's,
    # without --as-of).
    out = Path(out)
    kind = target_kind(fmt)
    if fmt != "csv":
        check_target(out, kind, force=force)  # before the work, and again when writing
    network = network_of(source, as_of=as_of, everything=fmt not in ANALYSED)
    try:
        if fmt == "csv":
            write_csv_folder(network.records, out, profile)
        elif fmt == "xlsx":
            write_with(out, kind, lambda p: write_xlsx(network.records, p, profile,
                                                       notes=notes), force=force)
        elif fmt == "analysis":
            from .results import write_results

            # A network built here is this export's alone: its rows go once read.
            owned = let_go or network is not source
            write_with(out, kind, lambda p: write_results(network, p, profile=profile,
                                                          seed=seed, let_go=owned,
                                                          notes=notes), force=force)
        elif fmt in ("graphml", "gexf"):
            table = gephi_table(network, seed=seed, custom=profile != "partner")
            writer = write_graphml if fmt == "graphml" else write_gexf
            write_with(out, kind, lambda p: writer(table, p), force=force)
        elif fmt == "cypher":
            from .cypher_script import cypher_lines

            # The custom fields as the Neo4j store keeps them: one JSON text property.
            kept = {sheet: export_columns(sheet, profile)
                    + ([CUSTOM] if profile != "partner" and sheet in CUSTOM_SHEETS else [])
                    for sheet in network.records}
            # Each row copied as its batch is written, not every row first.
            records = {sheet: _ScriptRows(sheet, rows, kept[sheet])
                       for sheet, rows in network.records.items()
                       if sheet in exported_sheets(profile) and rows}

            def write_script(path: Path) -> None:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.writelines(cypher_lines(records))

            write_with(out, kind, write_script, force=force)
        elif fmt == "json":
            def write_json(path: Path) -> None:
                with open(path, "w", encoding="utf-8") as handle:
                    write_node_link(network, profile, handle)

            write_with(out, kind, write_json, force=force)
        else:
            write_with(out, kind, lambda p: _write_kumu(network, p, profile, notes),
                       force=force)
    except OSError as exc:
        raise OutputUnwritable(f"{out}: cannot write ({exc.strerror or exc})") from None
    return out


@dataclass(frozen=True)
class _ScriptRows:
    """A sheet's rows as ``export cypher`` writes them (``columns``, then the derived
    ones), made one at a time each time they are read (a sheet can be read twice: its
    nodes, then the links its columns name)."""

    sheet: str
    rows: list[dict]
    columns: list[str]

    def __iter__(self) -> Iterator[dict]:
        return ({c: row.get(c) for c in self.columns if c in row} | _derived(self.sheet, row)
                for row in self.rows)


def _derived(sheet: str, row: dict) -> dict:
    """Columns a store keeps that import derives (the script recreates the store as is)."""
    return {c: row.get(c) for c in DERIVED_COLUMNS.get(sheet, ()) if c in row}


def _write_kumu(network: Network, out: Path, profile: str, notes: list | None) -> None:
    elements, connections = kumu_sheets(network, profile)
    write_workbook(out, "kumu", [("Elements", elements), ("Connections", connections)],
                   notes=notes)
