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
from ..model.schema import LINKS, SHEETS, SHEETS_BY_NAME
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


# A membership's member columns are its ends, whichever of the two is filled.
_MEMBER_COLUMNS = {"organization", "person"}


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

    for link in LINKS:
        relationship_row = SHEETS_BY_NAME[link.sheet].kind is None
        ends = {link.source, link.target}
        for r in kept[link.sheet]:
            source, targets = r[link.source], r[link.target]
            if source is None or targets is None or source not in graph:
                continue
            attrs = {k: v for k, v in r.items() if k not in ends and k not in _MEMBER_COLUMNS} \
                if relationship_row and link.rel != RelType.REPORTS else {}
            attrs.update(link.attrs)
            for target in split_list(targets) if link.many else (targets,):
                if target not in graph:
                    continue
                if link.rel == RelType.REPORTS and graph.has_edge(source, target, key=link.rel):
                    continue  # one REPORTS edge per organization and metric
                graph.add_edge(source, target, key=link.rel.value, **attrs)

    levels = {r["id"]: r["level"] for r in kept["jurisdictions"]}
    for r in kept["organizations"]:
        if r["sector"] == Sector.GOVERNMENT:
            graph.nodes[r["id"]]["level"] = levels.get(r["jurisdiction"])
    for r in kept["metrics"]:
        graph.nodes[r["id"]]["measurements"] = []
    for r in sorted(kept["measurements"], key=lambda m: (m["metric"], m["date"])):
        if r["metric"] in graph:
            graph.nodes[r["metric"]]["measurements"].append(
                {"date": r["date"], "value": r["value"], "reported_by": r["reported_by"]})
    return Network(graph, as_of, kept)
