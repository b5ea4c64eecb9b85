"""Core and periphery by k-core decomposition.

The coreness of a node is the largest ``k`` such that it belongs to a
subgraph in which every node has at least ``k`` ties [1]_; the core is the
innermost (maximal ``k``) shell, the periphery everyone else with a tie.
The report adds the densities inside the core, between core and periphery
and inside the periphery, the pattern Borgatti and Everett's model expects
to fall in that order [2]_.

References
----------
.. [1] Seidman, S. B. (1983). Network structure and minimum degree. *Social
   Networks* 5(3), 269–287.
.. [2] Borgatti, S. P. & Everett, M. G. (1999). Models of core/periphery
   structures. *Social Networks* 21(4), 375–395.
"""

from __future__ import annotations

import numpy as np

from ._igraph import as_igraph, edge_ends


def core_periphery(G) -> dict:
    """``{"coreness": {node: k}, "k": max k, "core": [...], "densities": {...}}``."""
    graph, ids = as_igraph(G)
    if graph.is_directed():
        graph = graph.as_undirected()
    coreness = graph.coreness()
    top = max(coreness, default=0)
    shell = np.asarray(coreness)
    in_core = (shell == top) & (top > 0)
    in_periphery = ~in_core & (np.asarray(graph.degree()) > 0)
    tails, heads = edge_ends(G, graph)
    a, b = in_core[tails], in_core[heads]
    counts = {"core": int((a & b).sum()), "core_periphery": int((a ^ b).sum()),
              "periphery": int((~a & ~b).sum())}
    core = np.flatnonzero(in_core).tolist()
    periphery = np.flatnonzero(in_periphery).tolist()
    c, p = len(core), len(periphery)
    possible = {"core": c * (c - 1) / 2, "core_periphery": c * p, "periphery": p * (p - 1) / 2}
    densities = {k: (counts[k] / possible[k] if possible[k] else None) for k in counts}
    return {
        "coreness": {ids[i]: k for i, k in enumerate(coreness)},
        "k": top,
        "core": sorted((ids[i] for i in core), key=str),
        "periphery": sorted((ids[i] for i in periphery), key=str),
        "densities": densities,
    }
