"""The network model: every stored row as a typed networkx multigraph.

Nodes are keyed by id and carry ``kind`` (a :class:`~lcii_graph.model.Kind`
value) and their columns; edges are keyed by their relationship type (a
:class:`~lcii_graph.model.RelType` value) and carry the relationship's columns.
networkx is both the data model and the reference implementation for the
analyses built on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from ..ingest.cells import split_list
from ..model.schema import SHEETS
from ..model.vocabulary import Kind, RelType, Sector


@dataclass
class Network:
    """A partnership network as it stood on ``as_of`` (None: everything stored)."""

    graph: nx.MultiDiGraph
    as_of: str | None = None
    records: dict[str, list[dict]] = field(default_factory=dict)

    def nodes(self, kind: Kind) -> list[str]:
        return [n for n, data in self.graph.nodes(data=True) if data["kind"] == kind]

    def node(self, id_: str) -> dict:
        return self.graph.nodes[id_]

    def edges(self, rel: RelType) -> list[tuple[str, str, dict]]:
        return [(u, w, d) for u, w, k, d in self.graph.edges(keys=True, data=True) if k == rel]


def in_effect(record: dict, as_of: str | None, start: str = "since", end: str = "until") -> bool:
    """Whether a dated row held on ``as_of``: begun by then and not yet ended."""
    if as_of is None:
        return True
    began = record.get(start)
    ended = record.get(end)
    return (began is None or began <= as_of) and (ended is None or ended > as_of)


def build_network(records: dict[str, list[dict]], *, as_of: str | None = None) -> Network:
    """Build the :class:`Network` from rows per sheet (as a store reads them)."""
    graph = nx.MultiDiGraph()
    kept: dict[str, list[dict]] = {}
    for sheet in SHEETS:
        rows = records.get(sheet.name, [])
        if sheet.name in ("memberships", "ties"):
            rows = [r for r in rows if in_effect(r, as_of)]
        elif sheet.name == "commitments":
            rows = [r for r in rows if as_of is None or r["start"] is None or r["start"] <= as_of]
        elif sheet.name == "measurements":
            rows = [r for r in rows if as_of is None or r["date"] <= as_of]
        kept[sheet.name] = rows
        if sheet.kind is not None:
            graph.add_nodes_from((r["id"], {**r, "kind": sheet.kind.value}) for r in rows)

    def link(u, w, rel: RelType, **attrs):
        if u is not None and w is not None and u in graph and w in graph:
            graph.add_edge(u, w, key=rel.value, **attrs)

    levels = {r["id"]: r["level"] for r in kept["jurisdictions"]}
    for r in kept["jurisdictions"]:
        link(r["id"], r["parent"], RelType.PART_OF)
    for r in kept["organizations"]:
        link(r["id"], r["jurisdiction"], RelType.BASED_IN)
        if r["sector"] == Sector.GOVERNMENT:
            graph.nodes[r["id"]]["level"] = levels.get(r["jurisdiction"])
    for r in kept["people"]:
        link(r["id"], r["organization"], RelType.WORKS_FOR)
    for r in kept["partnerships"]:
        for jurisdiction in split_list(r["serves"]):
            link(r["id"], jurisdiction, RelType.SERVES)
    for r in kept["memberships"]:
        member = r["organization"] or r["person"]
        link(member, r["partnership"], RelType.MEMBER_OF, id=r["id"], role=r["role"],
             since=r["since"], until=r["until"])
    for r in kept["ties"]:
        attrs = {k: val for k, val in r.items() if k not in ("from", "to")}
        link(r["from"], r["to"], RelType.PARTNERS_WITH, **attrs)
    for r in kept["goals"]:
        link(r["partnership"], r["id"], RelType.PURSUES)
    for r in kept["commitments"]:
        link(r["maker"], r["id"], RelType.MADE)
        link(r["id"], r["recipient"], RelType.RECEIVES)
        link(r["id"], r["goal"], RelType.ADVANCES)
        link(r["id"], r["partnership"], RelType.ADVANCES)
    for r in kept["metrics"]:
        link(r["goal"], r["id"], RelType.MEASURED_BY)
        graph.nodes[r["id"]]["measurements"] = []
    for r in sorted(kept["measurements"], key=lambda m: (m["metric"], m["date"])):
        if r["metric"] in graph:
            graph.nodes[r["metric"]]["measurements"].append(
                {"date": r["date"], "value": r["value"], "reported_by": r["reported_by"]})
        if r["reported_by"] is not None and not graph.has_edge(
                r["reported_by"], r["metric"], key=RelType.REPORTS.value):
            link(r["reported_by"], r["metric"], RelType.REPORTS)
    return Network(graph, as_of, kept)
