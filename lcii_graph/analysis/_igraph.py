"""Hand a networkx graph (or an OrgGraph) to igraph, the C library the heavy
algorithms run in; results come back keyed by the original node ids."""

from __future__ import annotations

import random
from contextlib import contextmanager


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
