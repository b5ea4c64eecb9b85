"""The network model's nodes and edges, one at a time, as networkx's multigraph holds them.

:attr:`~lcii_graph.network.model.Network.graph` is built from :func:`node_rows` and
:func:`edge_rows`, and ``export json`` writes them as they come, without the graph: a
state-wide network's million edges held as dicts first took half a gigabyte (1.87 GB
for the command, 1.35 GB streamed) and 3 s. They are what networkx's ``add_node`` and
``add_edge`` make of the rows, in the order its multigraph lists them:

* a node for each row of a sheet of nodes, in sheet order; a row whose id another sheet
  holds too merges into that node (later columns update earlier ones);
* an edge for each link (:data:`~lcii_graph.model.schema.LINKS`) whose ends are both
  nodes, keyed by its relationship type; a second link of one type between the same two
  nodes merges into the first (its columns update the first's), and one REPORTS edge per
  organization and metric;
* edges by source in node order, then by target in the order each first met the source,
  then by key in the order each first met the pair.

The order is found from the links as arrays of numbers (a stable sort); each edge's
columns are made when it is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import numpy as np

from ..ingest.cells import split_list
from ..model.schema import LINKS, SHEETS, SHEETS_BY_NAME
from ..model.vocabulary import RelType
from .arrays import numbers

# A membership's member columns are its ends, whichever of the two is filled.
_MEMBER_COLUMNS = {"organization", "person"}
_NODE_SHEETS = [sheet for sheet in SHEETS if sheet.kind is not None]


def node_ids(network) -> dict[str, int]:
    """Each node's id -> its place in node order (first met, sheet by sheet)."""
    ids = dict.fromkeys(r["id"] for sheet in _NODE_SHEETS
                        for r in network.records[sheet.name])
    return {id_: k for k, id_ in enumerate(ids)}


def node_rows(network) -> Iterator[tuple[str, dict]]:
    """``(id, data)`` of every node in order, each ``data`` a dict of its own: the row's
    columns and ``kind``; a government organization's ``level`` (its home
    jurisdiction's); a metric's ``measurements``."""
    kept = network.records
    rows = [(r, sheet.kind.value) for sheet in _NODE_SHEETS for r in kept[sheet.name]]
    merged: dict[str, dict] = {}  # ids more than one row holds: their merged columns
    held = Counter(r["id"] for r, _ in rows)
    if len(held) < len(rows):
        for r, kind in rows:
            if held[r["id"]] > 1:
                merged.setdefault(r["id"], {}).update({**r, "kind": kind})
    levels = network.government_levels
    metrics = {r["id"] for r in kept["metrics"]}
    written: set[str] = set()  # of the merged ones
    for r, kind in rows:
        id_ = r["id"]
        if id_ in merged:
            if id_ in written:  # the node was written at its first row
                continue
            written.add(id_)
            data = merged[id_]
        else:
            data = {**r, "kind": kind}
        if id_ in levels:
            data["level"] = levels[id_]
        if id_ in metrics:
            data["measurements"] = network.measurements.get(id_, [])
        yield id_, data


def edge_rows(network) -> Iterator[tuple[str, str, str, dict]]:
    """``(source, target, key, data)`` of every edge in networkx's order (see the module
    docstring), each ``data`` a dict of its own."""
    index = node_ids(network)
    ids = list(index)
    sources, targets, links, places = _ends(network, index)
    if len(sources) == 0:
        return
    keys = np.array([list(RelType).index(LINKS[k].rel) for k in range(len(LINKS))])[links]
    pair = sources * len(ids) + targets
    first_pair = _first_place(pair)
    first_key = _first_place(pair * len(RelType) + keys)
    order = np.lexsort((first_key, first_pair, sources))  # stable: ties in link order
    group = first_key[order]
    ends = np.flatnonzero(np.append(group[1:] != group[:-1], True)) + 1
    starts = np.concatenate([[0], ends[:-1]])
    kept = network.records
    order_list = order.tolist()
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        first = order_list[start]
        link = LINKS[int(links[first])]
        data = _columns(link, kept[link.sheet][int(places[first])])
        for later in order_list[start + 1:end]:  # the same pair and key: merged in
            other = LINKS[int(links[later])]
            data.update(_columns(other, kept[other.sheet][int(places[later])]))
        yield ids[int(sources[first])], ids[int(targets[first])], link.rel.value, data


def _ends(network, index: dict[str, int]):
    """Every link whose ends are both nodes, in the order the links and rows give them:
    source and target node numbers, the link's place in :data:`LINKS` and its row's
    place in its sheet."""
    found = []
    for k, link in enumerate(LINKS):
        rows = network.records[link.sheet]
        if not rows:
            continue
        source = numbers(index, rows, link.source)
        if link.many:  # a list of targets: an edge each, in the list's order
            pairs = [(s, index[t], p) for p, (s, r) in enumerate(zip(source.tolist(), rows,
                                                                      strict=True))
                     if s >= 0 and r[link.target] is not None
                     for t in split_list(r[link.target]) if t in index]
            source, target, place = (np.array(column, dtype=np.int64).reshape(-1)
                                     for column in (zip(*pairs, strict=True) if pairs
                                                    else ((), (), ())))
        else:
            target = numbers(index, rows, link.target)
            place = np.flatnonzero((source >= 0) & (target >= 0))
            source, target = source[place], target[place]
        found.append((source, target, np.full(len(place), k, dtype=np.int64), place))
    if not found:
        return (np.zeros(0, np.int64),) * 4
    return tuple(np.concatenate(column) for column in zip(*found, strict=True))


def _first_place(codes: np.ndarray) -> np.ndarray:
    """For each code, the place where it first occurs."""
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    return first[inverse]


def _columns(link, row: dict) -> dict:
    """An edge's columns from its link and row: a relationship row's other columns (not
    a REPORTS edge's), then the link's constant ones."""
    if SHEETS_BY_NAME[link.sheet].kind is None and link.rel != RelType.REPORTS:
        data = dict(row)  # less its ends: a copy and pops, in the row's order
        for column in {link.source, link.target} | _MEMBER_COLUMNS:
            data.pop(column, None)
    else:
        data = {}
    data.update(link.attrs)
    return data
