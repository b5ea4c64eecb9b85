"""Hand a networkx graph (or an OrgGraph) to igraph, the C library the heavy
algorithms run in; results come back keyed by the original node ids."""

from __future__ import annotations

import random
from contextlib import contextmanager

import numpy as np


def edge_ends(G, graph) -> tuple[np.ndarray, np.ndarray]:
    """The two ends of every edge of ``graph``, in its order, as arrays: those ``G``
    holds where ``graph`` is its own igraph graph (an organization graph's, or its
    directed ties'), else igraph's edge list (1.1-1.9 s for the 1.8 million edges of the
    L benchmark network, made into tuples and back)."""
    if hasattr(G, "edge_ends") and hasattr(G, "to_igraph") and G.to_igraph() is graph:
        return G.edge_ends()
    pairs = np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def as_igraph(G, weight: str | None = None):
    """``(igraph_graph, node_ids)`` for a networkx graph or an :class:`OrgGraph`."""
    if hasattr(G, "to_igraph"):
        return G.to_igraph(), G.ids
    import igraph

    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), directed=G.is_directed(),
                         edges=[(index[a], index[b]) for a, b in G.edges()])
    if weight is not None:
        graph.es["weight"] = [d.get(weight, 1) for _, _, d in G.edges(data=True)]
    return graph, nodes


@contextmanager
def seeded(seed: int | None):
    """igraph draws from Python's ``random``; give it a private, seeded generator."""
    import igraph

    generator = random.Random(seed)
    igraph.set_random_number_generator(generator)
    try:
        yield generator
    finally:
        igraph.set_random_number_generator(random)
