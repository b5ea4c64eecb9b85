"""Read a graph file: GraphML, GEXF (Gephi) or node-link JSON (networkx, D3).

Two kinds of file come this way:

* **lcii-graph's own node-link JSON** (``export json``): every node carries its
  ``kind`` and its row's columns, the ties and memberships are edges, the
  measurements ride on their metric. It is read back into the same sheets, so
  that ``export json`` → ``import`` gives the same store (with ``--profile
  internal``; a partner file has no contact data to give back).
* **A graph from another tool**, or lcii-graph's own GraphML and GEXF (the
  organization network as analysed): every node is an organization, its name
  from ``label`` or ``name``, its sector from a ``sector`` attribute, an
  attribute mapped with ``--map FIELD=sector``, or a ``type`` that names one,
  each value read through ``--map VALUE=SECTOR`` first; a node with no sector is
  not placed, and said. Every edge is a tie: its kind from a ``kind`` or
  ``type`` attribute (else informal), its weight read as the ties sheet reads one
  (:mod:`.edgelist`), an undirected graph's ties confirmed both ways. Every other
  attribute of a node or an edge with a single value is kept as a custom field of
  the organization or tie (``custom: NAME`` as NAME); the rest (Gephi's layout) is
  said. lcii-graph's own analysed graph holds links from shared tables and people
  too, and the measures it computed: only links that were explicit ties become
  ties (their kind is not in the file: informal), and the rest is said.

The result is an ordinary workbook: validation then runs as for any other.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from ..errors import InputUnreadable
from ..model.aliases import SECTORS, TIE_KINDS, normalize_key
from ..model.people import written_blank
from ..model.schema import (
    CUSTOM,
    CUSTOM_SHEETS,
    PRIVATE_SHEETS,
    SHEETS,
    SHEETS_BY_NAME,
    custom_field_named,
    custom_fields,
    custom_header,
)
from .cells import as_cell
from .kumu import mapped_value, split_mapping
from .readers import RawSheet, RawWorkbook

#: A graph file is parsed whole; its parsed form takes several times its size.
MAX_GRAPH_BYTES = 200 * 1024 * 1024
SUFFIXES = (".graphml", ".gexf")
#: Node attributes lcii-graph's own GraphML and GEXF compute rather than store.
COMPUTED = {"degree", "betweenness", "eigenvector", "community", "label", "level"}
_SHEET_OF_KIND = {sheet.kind.value: sheet.name for sheet in SHEETS if sheet.kind is not None}


def is_node_link(data: object) -> bool:
    """Whether parsed JSON is a node-link graph (not a Kumu blueprint)."""
    return isinstance(data, dict) and isinstance(data.get("nodes"), list) and (
        isinstance(data.get("edges"), list) or isinstance(data.get("links"), list))


def read_graph_file(path: Path, mapping: dict[str, str] | None = None,
                    data: dict | None = None) -> RawWorkbook:
    """``path`` (GraphML, GEXF, or node-link JSON already parsed as ``data``) as a
    workbook."""
    size = path.stat().st_size
    if size > MAX_GRAPH_BYTES:
        raise InputUnreadable(f"{path}: {size / 2**20:.0f} MB is over the "
                              f"{MAX_GRAPH_BYTES // 2**20} MB limit for a graph file")
    if data is None:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            # GraphML and GEXF declare no entities; a file that does is built to expand.
            raise InputUnreadable(f"{path}: declares XML entities (a DOCTYPE), which graph "
                                  "files do not use; not read")
    try:
        if data is not None:
            graph = nx.node_link_graph(data, edges="edges" if "edges" in data else "links")
        elif path.suffix.lower() == ".graphml":
            graph = nx.read_graphml(path)
        else:
            graph = nx.read_gexf(path)
    except nx.NetworkXError as exc:
        raise InputUnreadable(f"{path}: not a readable graph file ({exc})") from None
    kinds = {d.get("kind") for _, d in graph.nodes(data=True)}
    if data is not None and kinds and kinds <= set(_SHEET_OF_KIND):
        return _our_model(path, graph)
    return _Graph(path, graph, mapping or {}).workbook()


def _shown(value, limit: int = 80) -> str:
    """A file's value quoted for a message, cut to ``limit`` characters."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _sheet(path: Path, name: str, rows: list[dict], columns: list[str],
           custom: list[str] = ()) -> RawSheet:
    """``rows`` as sheet ``name``: our ``columns``, then a column for each ``custom`` field
    of a row (``row[CUSTOM]``, a dict), headed so that it reads back as one."""
    frame = pd.DataFrame([[as_cell(r.get(c)) for c in columns]
                          + [as_cell(r.get(CUSTOM, {}).get(c)) for c in custom] for r in rows],
                         columns=range(len(columns) + len(custom)), dtype=object)
    headers = columns + [custom_header(name, c) for c in custom]
    return RawSheet(name, f"{path.name}, {name}", headers, frame, 1,
                    list(range(2, len(rows) + 2)), custom_said=True)


def _columns(sheet: str) -> list[str]:
    return [f.name for f in SHEETS_BY_NAME[sheet].fields]


def _our_model(path: Path, graph) -> RawWorkbook:
    """lcii-graph's own node-link JSON back into its sheets."""
    rows: dict[str, list[dict]] = {sheet.name: [] for sheet in SHEETS}
    extra: dict[str, dict[str, None]] = {sheet: {} for sheet in CUSTOM_SHEETS}
    for node, d in graph.nodes(data=True):
        sheet = _SHEET_OF_KIND[d["kind"]]
        row = {**{c: d.get(c) for c in _columns(sheet)}, "id": node}  # the node is its id
        if sheet in extra:  # custom fields: a column each, read back as custom fields
            row[CUSTOM] = custom = custom_fields(d)
            extra[sheet].update(dict.fromkeys(custom))
        if written_blank(sheet, "decision_maker", d):
            row["decision_maker"] = None
        rows[sheet].append(row)
        for m in d.get("measurements") or [] if sheet == "metrics" else []:
            rows["measurements"].append({**m, "metric": node})
    for sheet in PRIVATE_SHEETS:  # kept on the graph itself (internal profile)
        rows[sheet] = [dict(r) for r in graph.graph.get(sheet) or [] if isinstance(r, dict)]
    kind = nx.get_node_attributes(graph, "kind")
    for a, b, key, d in graph.edges(keys=True, data=True):
        if key == "PARTNERS_WITH":
            rows["ties"].append({**d, CUSTOM: (custom := custom_fields(d)), "from": a,
                                 "to": b})
            extra["ties"].update(dict.fromkeys(custom))
        elif key == "MEMBER_OF":
            member = "organization" if kind.get(a) == "Organization" else "person"
            rows["memberships"].append({**d, member: a, "partnership": b})
    sheets = {name: _sheet(path, name, body, _columns(name), list(extra.get(name, ())))
              for name, body in rows.items() if body or name == "organizations"}
    return RawWorkbook(path, sheets)


class _Graph:
    """Another tool's graph (or lcii-graph's analysed one) as organizations and ties."""

    def __init__(self, path: Path, graph, mapping: dict[str, str]):
        self.path, self.graph = path, graph
        fields, self.values = split_mapping(mapping)
        self.sector_fields = [k for k, v in fields.items() if v == "sector"]
        self.ours = graph.graph.get("generator") == "lcii-graph" or any(
            "ties" in d and "tables" in d for *_, d in graph.edges(data=True))
        self.unplaced: list[str] = []
        self.notes: list[str] = []

    def _value(self, text, vocabulary) -> str | None:
        return mapped_value(self.values, str(text), vocabulary)

    def _sector(self, d: dict) -> tuple[str | None, str | None]:
        """The node's sector, and what its attributes said when that is none."""
        attributes = {normalize_key(str(k)): v for k, v in d.items()}
        for field in (*self.sector_fields, "sector"):
            if attributes.get(field) not in (None, ""):
                text = attributes[field]
                return self._value(text, SECTORS), f"its {field} says {str(text)!r}"
        if attributes.get("type") not in (None, ""):
            return self._value(attributes["type"], SECTORS), \
                f"its type says {str(attributes['type'])!r}"
        return None, "no sector attribute"

    def _custom(self, d: dict, read: set[str], kept: dict, dropped: set) -> dict[str, str]:
        """A node's or edge's attributes that nothing else reads, as custom fields (an
        attribute ``custom: NAME`` as NAME); names collected in ``kept``, and what cannot
        be a field (a layout: Gephi's ``viz``) in ``dropped``."""
        fields = {}
        for key, value in d.items():
            key = str(key)
            if key in read or normalize_key(key) in read or value in (None, ""):
                continue
            if isinstance(value, (dict, list, tuple, set)):
                dropped.add(key)
                continue
            name = custom_field_named(key) or key
            fields[name] = as_cell(value)
            kept[name] = None
        return fields

    def workbook(self) -> RawWorkbook:
        organizations, placed = [], {}
        kept: dict[str, None] = {}
        dropped: set[str] = set()
        read = {"name", "label", "sector", "type", "url", "notes", "description", "anchor",
                "intermediary", *self.sector_fields}
        if self.ours:
            # Computed measures, and the place: its jurisdictions are not in the file.
            read |= COMPUTED | {"jurisdiction"}
        for node, d in self.graph.nodes(data=True):
            name = d.get("name") or d.get("label") or str(node)
            sector, said = self._sector(d)
            if sector is None:
                self.unplaced.append(f"node {_shown(node)} ({_shown(name)[1:-1]}): {said}, not "
                                     "a sector; add --map FIELD=sector or --map VALUE=SECTOR")
                continue
            placed[node] = str(node)
            organizations.append({"id": str(node), "name": name, "sector": sector,
                                  "type": None if normalize_key(str(d.get("type") or ""))
                                  in ("", sector) else d.get("type"),
                                  "anchor": d.get("anchor"),
                                  "intermediary": d.get("intermediary"), "url": d.get("url"),
                                  "notes": d.get("notes") or d.get("description"),
                                  CUSTOM: self._custom(d, read, kept, dropped)})
        if kept:
            self.notes.append(f"node attributes kept as custom fields: {', '.join(kept)}")
        if dropped:
            self.notes.append(f"node attributes not read (not a single value): "
                              f"{', '.join(sorted(dropped))}")
        ties, tie_fields = self._ties(placed)
        columns = ["id", "name", "sector", "type", "anchor", "intermediary", "url", "notes"]
        sheets = {"organizations": _sheet(self.path, "organizations", organizations, columns,
                                          list(kept))}
        if ties:
            # Another tool's weights and direction are read as an edge list's (.edgelist);
            # lcii-graph's analysed graph has neither of its own.
            sheets["ties"] = _sheet(self.path, "ties", ties, ["from", "to", "kind"] if self.ours
                                    else ["from", "to", "kind", "weight", "type"], tie_fields)
        return RawWorkbook(self.path, sheets, unplaced=self.unplaced, notes=self.notes)

    def _ties(self, placed: dict) -> tuple[list[dict], list[str]]:
        """The edges between placed nodes as ties, and the names of their custom fields
        (another tool's edge attributes that nothing else reads)."""
        ties, other_links, to_unplaced, read_as = [], 0, 0, {}
        kept: dict[str, None] = {}
        dropped: set[str] = set()
        read = {"kind", "type", "label", "weight", "id", "key"}
        direction = "Directed" if self.graph.is_directed() else "Undirected"
        for a, b, *rest in self.graph.edges(data=True):
            d = rest[-1]
            if a not in placed or b not in placed:
                to_unplaced += 1
                continue
            if self.ours and not d.get("ties"):
                other_links += 1  # a shared table, person or commitment, not a tie
                continue
            text = d.get("kind") or (None if self.ours else d.get("type") or d.get("label"))
            kind = self._value(text, TIE_KINDS) if text else "informal"
            if kind is None:
                read_as[str(text)] = read_as.get(str(text), 0) + 1
                kind = "informal"
            ties.append({"from": placed[a], "to": placed[b], "kind": kind,
                         "weight": None if self.ours else d.get("weight"),
                         "type": direction,
                         CUSTOM: {} if self.ours else self._custom(d, read, kept, dropped)})
        for text, count in sorted(read_as.items()):
            self.notes.append(f"{count} edge{'s' if count > 1 else ''} of kind {text!r} read "
                              f"as informal ties (--map '{text}=OURS' reads them otherwise)")
        if self.ours and ties:
            self.notes.append(f"{len(ties)} links that were explicit ties read as informal "
                              "ties (the analysed graph keeps no tie kinds; export csv or "
                              "json carries them)")
        if other_links:
            self.unplaced.append(f"{other_links} links from shared tables, people, "
                                 "commitments or survey answers: not ties (the file does not "
                                 "hold the tables, people, commitments or ratings they came "
                                 "from)")
        if to_unplaced:
            self.unplaced.append(f"{to_unplaced} edge{'s' if to_unplaced > 1 else ''} to a node "
                                 "not placed")
        if kept:
            self.notes.append(f"edge attributes kept as custom fields of the ties: "
                              f"{', '.join(kept)}")
        if dropped:
            self.notes.append(f"edge attributes not read (not a single value): "
                              f"{', '.join(sorted(dropped))}")
        return ties, list(kept)


def read_json_graph_or_kumu(path: Path, mapping: dict[str, str] | None) -> RawWorkbook:
    """A ``.json`` file: node-link JSON, or else a Kumu blueprint (:mod:`.kumu`)."""
    from .kumu import load_json, read_kumu

    data = load_json(path)
    if is_node_link(data):
        return read_graph_file(path, mapping, data)
    return read_kumu(path, mapping, data)
