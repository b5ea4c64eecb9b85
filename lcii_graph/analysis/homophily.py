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


def _coded_ties(G, attribute: str):
    """``(groups, a, b, directed)``: each tie's two ends as group numbers, ties whose
    ends both have the attribute only; ``groups[k]`` names group ``k``."""
    if isinstance(G, nx.Graph):
        values = nx.get_node_attributes(G, attribute)
        nodes = list(G)
        labels = [values.get(n) for n in nodes]
        index = {n: i for i, n in enumerate(nodes)}
        ends = np.array([(index[a], index[b]) for a, b in G.edges()],
                        dtype=np.int64).reshape(-1, 2)
        u, v, directed = ends[:, 0], ends[:, 1], G.is_directed()
    else:
        labels, u, v, directed = G.attribute(attribute), G.u, G.v, False
    groups = sorted({x for x in labels if x is not None}, key=str)
    code = {g: k for k, g in enumerate(groups)}
    codes = np.array([code.get(x, -1) for x in labels], dtype=np.int64)
    a, b = codes[u], codes[v]
    known = (a >= 0) & (b >= 0)
    return groups, a[known], b[known], directed


def _counts(G, attribute: str):
    """``(groups, matrix, directed)``: ties from group i to group j."""
    groups, a, b, directed = _coded_ties(G, attribute)
    k = len(groups)
    matrix = np.bincount(a * k + b, minlength=k * k).reshape(k, k)
    return groups, matrix, directed


def ei_index(G, attribute: str) -> float | None:
    """Krackhardt and Stern's E-I index: ``(E - I) / (E + I)`` over ties [1]_.

    -1: every tie stays inside a group; +1: every tie crosses groups.
    """
    _, matrix, _ = _counts(G, attribute)
    total = int(matrix.sum())
    if total == 0:
        return None
    internal = int(np.trace(matrix))
    return (total - 2 * internal) / total


def mixing_matrix(G, attribute: str, categories: list | None = None) -> dict:
    """Ties between each pair of groups: ``matrix[a][b]`` (symmetric when undirected).

    The diagonal counts ties inside a group; for a directed graph
    ``matrix[a][b]`` counts arcs from ``a`` to ``b``.
    """
    found, counts, directed = _counts(G, attribute)
    if not directed:
        counts = counts + counts.T - np.diag(np.diag(counts))
    groups = list(categories) if categories else found
    position = {g: k for k, g in enumerate(found)}
    return {a: {b: int(counts[position[a], position[b]]) if a in position and b in position
                else 0 for b in groups} for a in groups}


def assortativity(G, attribute: str) -> float | None:
    """Newman's attribute assortativity coefficient ``r`` [2]_.

    ``r = (sum_i e_ii - sum_i a_i b_i) / (1 - sum_i a_i b_i)`` where ``e`` is the
    fraction of (directed) ties from group ``i`` to ``j``; equal to networkx's
    ``attribute_assortativity_coefficient``. ``None`` when undefined (no ties,
    or every tie inside one group).
    """
    _, counts, directed = _counts(G, attribute)
    if not directed:
        counts = counts + counts.T
    if counts.sum() == 0:
        return None
    e = counts / counts.sum()
    expected = float(e.sum(axis=1) @ e.sum(axis=0))
    if np.isclose(expected, 1.0):
        return None
    return float((np.trace(e) - expected) / (1 - expected))
