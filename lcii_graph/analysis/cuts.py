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
