"""Who ties to whom by attribute: E-I index, assortativity, mixing matrix.

Ties whose ends lack the attribute (``None``) are left out. A directed graph
counts arcs; an undirected graph counts each tie once for the E-I index and
both ways for assortativity, as networkx does.

References
----------
.. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and
   organizational crises: an experimental simulation. *Social Psychology
   Quarterly* 51(2), 123–140 (the E-I index).
.. [2] Newman, M. E. J. (2003). Mixing patterns in networks. *Physical
   Review E* 67, 026126 (attribute assortativity).
"""

from __future__ import annotations

import networkx as nx
import numpy as np


def _labelled_pairs(G, attribute: str):
    """(labels a, labels b, directed) for every tie whose ends both have the attribute."""
    if isinstance(G, nx.Graph):
        values = nx.get_node_attributes(G, attribute)
        pairs = [(values.get(a), values.get(b)) for a, b in G.edges()]
        directed = G.is_directed()
    else:
        labels = G.attribute(attribute)
        pairs = list(zip([labels[i] for i in G.u.tolist()], [labels[i] for i in G.v.tolist()],
                         strict=True))
        directed = False
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    return pairs, directed


def ei_index(G, attribute: str) -> float | None:
    """Krackhardt and Stern's E-I index: ``(E - I) / (E + I)`` over ties [1]_.

    -1: every tie stays inside a group; +1: every tie crosses groups.
    """
    pairs, _ = _labelled_pairs(G, attribute)
    if not pairs:
        return None
    internal = sum(1 for a, b in pairs if a == b)
    external = len(pairs) - internal
    return (external - internal) / (external + internal)


def mixing_matrix(G, attribute: str, categories: list | None = None) -> dict:
    """Ties between each pair of groups: ``matrix[a][b]`` (symmetric when undirected).

    The diagonal counts ties inside a group; for a directed graph
    ``matrix[a][b]`` counts arcs from ``a`` to ``b``.
    """
    pairs, directed = _labelled_pairs(G, attribute)
    groups = list(categories) if categories else sorted({x for pair in pairs for x in pair})
    matrix = {a: dict.fromkeys(groups, 0) for a in groups}
    for a, b in pairs:
        if a in matrix and b in matrix:
            matrix[a][b] += 1
            if not directed and a != b:
                matrix[b][a] += 1
    return matrix


def assortativity(G, attribute: str) -> float | None:
    """Newman's attribute assortativity coefficient ``r`` [2]_.

    ``r = (sum_i e_ii - sum_i a_i b_i) / (1 - sum_i a_i b_i)`` where ``e`` is the
    fraction of (directed) ties from group ``i`` to ``j``; equal to networkx's
    ``attribute_assortativity_coefficient``. ``None`` when undefined (no ties,
    or every tie inside one group).
    """
    pairs, directed = _labelled_pairs(G, attribute)
    if not directed:
        pairs = pairs + [(b, a) for a, b in pairs]
    if not pairs:
        return None
    groups = sorted({x for pair in pairs for x in pair}, key=str)
    index = {g: i for i, g in enumerate(groups)}
    e = np.zeros((len(groups), len(groups)))
    for a, b in pairs:
        e[index[a], index[b]] += 1
    e /= e.sum()
    expected = float(e.sum(axis=1) @ e.sum(axis=0))
    if np.isclose(expected, 1.0):
        return None
    return float((np.trace(e) - expected) / (1 - expected))
