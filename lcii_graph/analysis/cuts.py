"""Where a network can be cut: articulation points (cut points) and bridges.

References
----------
.. [1] Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms
   for graph manipulation. *Communications of the ACM* 16(6), 372–378.
"""

from __future__ import annotations

import networkx as nx

from ._igraph import as_igraph


def articulation_points(G) -> list:
    """Nodes whose removal splits their component (directed graphs read as undirected)."""
    graph, ids = as_igraph(G)
    if graph.is_directed():
        graph = graph.as_undirected()
    return sorted((ids[i] for i in graph.articulation_points()), key=str)


def bridges(G) -> list[tuple]:
    """Ties whose removal splits their component, each as a sorted pair."""
    graph, ids = as_igraph(G)
    if graph.is_directed():
        graph = graph.as_undirected()
    found = [tuple(sorted((ids[e.source], ids[e.target]), key=str))
             for e in graph.es[graph.bridges()]]
    return sorted(found, key=lambda pair: tuple(map(str, pair)))


def split_by(G, node) -> list[set]:
    """The pieces ``node``'s component falls into without ``node``, largest first."""
    if isinstance(G, nx.Graph):
        U = G.to_undirected(as_view=True) if G.is_directed() else G
        component = nx.node_connected_component(U, node)
        rest = U.subgraph(component - {node})
        return sorted((set(c) for c in nx.connected_components(rest)),
                      key=lambda c: (-len(c), min(map(str, c))))
    graph, ids = as_igraph(G)
    index = ids.index(node) if not hasattr(G, "index") else G.index[node]
    component = graph.subcomponent(index)
    others = sorted(v for v in component if v != index)  # induced_subgraph keeps id order
    sub = graph.induced_subgraph(others)
    parts = [{ids[others[i]] for i in c} for c in sub.connected_components()]
    return sorted(parts, key=lambda c: (-len(c), min(c)))


def cut_point_pieces(G, *, min_cut_off: int = 1) -> dict:
    """For every articulation point, the sizes of the pieces its component falls
    into without it, and the nodes it cuts off: all pieces but the largest, or every
    piece where the largest is a lone node (no two of them stay tied).

    Returns ``{node: {"sizes": [largest, ...], "cut_off": set}}`` for the points
    that cut off at least ``min_cut_off`` nodes. Computed for all points at
    once from the block-cut tree (biconnected components in igraph, then one
    walk of the tree), so a large network with many cut points costs about as
    much as one with few.
    """
    graph, ids = as_igraph(G)
    if graph.is_directed():
        graph = graph.as_undirected()
    blocks, points = graph.biconnected_components(return_articulation_points=True)
    is_point = set(points)
    # Tree nodes: ("b", k) for block k, ("a", v) for articulation point v.
    own = [[v for v in block if v not in is_point] for block in blocks]
    neighbours: dict = {}
    for k, block in enumerate(blocks):
        for v in block:
            if v in is_point:
                neighbours.setdefault(("b", k), []).append(("a", v))
                neighbours.setdefault(("a", v), []).append(("b", k))
    parent: dict = {}
    order: list = []
    for root in neighbours:
        if root in parent:
            continue
        parent[root] = None
        stack = [root]
        while stack:
            node = stack.pop()
            order.append(node)
            for nxt in neighbours[node]:
                if nxt not in parent:
                    parent[nxt] = node
                    stack.append(nxt)
    below = {node: (len(own[node[1]]) if node[0] == "b" else 1) for node in order}
    for node in reversed(order):  # children before parents
        if parent[node] is not None:
            below[parent[node]] += below[node]
    root_of = {}
    for node in order:
        root_of[node] = node if parent[node] is None else root_of[parent[node]]

    def members(top, skip=None) -> set:
        """Original nodes of the subtree under ``top`` (not entering ``skip``)."""
        found, stack = set(), [top]
        while stack:
            node = stack.pop()
            found.update(own[node[1]] if node[0] == "b" else [node[1]])
            stack.extend(n for n in neighbours[node] if parent.get(n) == node and n != skip)
        return found

    result = {}
    for v in points:
        node = ("a", v)
        children = [n for n in neighbours[node] if parent.get(n) == node]
        pieces = [(below[c], c) for c in children]
        if parent[node] is not None:
            pieces.append((below[root_of[node]] - below[node], None))  # all above v
        pieces.sort(key=lambda p: -p[0])
        sizes = [size for size, _ in pieces]
        # The largest piece is what the others are cut off from; a lone node is no such
        # group (was: the lone node first by id counted as one, and whether a government
        # leaf of a hub was cut off followed its id).
        cut = pieces[1:] if sizes[0] > 1 else pieces
        if sum(size for size, _ in cut) < min_cut_off:
            continue
        cut_off: set = set()
        for _, top in cut:
            cut_off |= members(top) if top is not None else members(root_of[node], skip=node)
        result[ids[v]] = {"sizes": sizes, "cut_off": {ids[i] for i in cut_off}}
    return result
