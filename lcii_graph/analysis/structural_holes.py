"""Burt's effective size and constraint, in the two models tools use.

* ``model="ego"`` — UCINET's: each ego's measures are computed inside its ego
  network only (ego, its alters and the ties among them); an alter's
  proportional tie strengths are shares of its ties *within that ego network*.
* ``model="whole"`` — networkx's and igraph's: proportions use each alter's
  ties in the whole network.

With ``p_ij`` the share of ``i``'s tie strength that goes to ``j`` and
``m_jq`` ``j``'s tie to ``q`` over ``j``'s strongest tie:

* effective size ``sum_j (1 - sum_q p_iq m_jq)``, ``q != i, j``;
* constraint ``sum_j (p_ij + sum_q p_iq p_qj)^2``.

A directed graph is symmetrized by summing the two directions (UCINET's
default), so tie strengths are ``a_ij + a_ji``.

References
----------
.. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of
   Competition*. Harvard University Press.
.. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy
   measures. *Connections* 20(1), 35–38.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from .triangles import iter_triangles

MODELS = ("ego", "whole")


def symmetrize(G, weight: str | None = None) -> nx.Graph:
    """An undirected graph whose tie strength is the sum of both directions."""
    S = nx.Graph()
    S.add_nodes_from(G.nodes(data=True))
    for a, b, data in G.edges(data=True):
        if a == b:
            continue
        w = data.get(weight, 1) if weight else 1
        if S.has_edge(a, b):
            S[a][b]["weight"] += w
        else:
            S.add_edge(a, b, weight=w)
    if not G.is_directed() and weight is None:
        nx.set_edge_attributes(S, 1, "weight")
    return S


def structural_holes(G, *, model: str = "ego", weight: str | None = None,
                     nodes=None) -> dict:
    """``{node: {"effective_size": .., "constraint": .., "model": model}}``.

    Isolated nodes get ``None`` for both measures.

    Computed from the network's triangles, a block at a time
    (:mod:`.triangles`): every term of both sums runs over ``q``, a common
    neighbour of ``i`` and ``j``, so each triangle ``{i, j, q}`` carries all of
    them. On 10,000 organizations with 1.6 million triangles this takes seconds
    where walking every pair of neighbours took minutes.
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}")
    S = symmetrize(G, weight)
    index = {node: k for k, node in enumerate(S)}
    pairs = [(index[a], index[b], d["weight"]) for a, b, d in S.edges(data=True)]
    u = np.array([p[0] for p in pairs], dtype=np.int64)
    v = np.array([p[1] for p in pairs], dtype=np.int64)
    w = np.array([p[2] for p in pairs], dtype=float)
    effective, constraint = burt_measures(len(index), u, v, w, model=model)
    result = {}
    for node in (S if nodes is None else nodes):
        k = index[node]
        isolated = np.isnan(effective[k])
        result[node] = {"effective_size": None if isolated else float(effective[k]),
                        "constraint": None if isolated else float(constraint[k]),
                        "model": model}
    return result


def burt_measures(n: int, u: np.ndarray, v: np.ndarray, w: np.ndarray, *,
                  model: str = "ego") -> tuple[np.ndarray, np.ndarray]:
    """Effective size and constraint of nodes ``0..n-1`` of the undirected graph with
    edges ``(u[e], v[e])`` of strength ``w[e] > 0`` (no loops, no repeated pairs);
    ``nan`` for an isolated node.

    Notation: an arc ``i -> j`` is edge ``e`` seen from ``i``; ``p_ij`` is
    ``w_ij`` over ``i``'s total strength, ``m_jq`` is ``w_jq`` over ``j``'s
    strongest tie. In the ego model an alter's totals count only its ties within
    the ego's network: for ego ``i`` and alter ``j``, its tie to ``i`` and to the
    common neighbours of ``i`` and ``j``.
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}")
    m = len(u)
    total = np.bincount(u, w, n) + np.bincount(v, w, n)
    strongest = np.zeros(n)
    np.maximum.at(strongest, u, w)
    np.maximum.at(strongest, v, w)
    degree = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    # Arcs: 2e is u[e] -> v[e], 2e + 1 is v[e] -> u[e].
    tail = np.empty(2 * m, dtype=np.int64)
    tail[0::2], tail[1::2] = u, v
    arc_w = np.repeat(w, 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_arc = arc_w / total[tail]

    # Each triangle's three edges: look their keys up among the sorted edge keys.
    keys = np.minimum(u, v) * n + np.maximum(u, v)
    order = np.argsort(keys)
    sorted_keys = keys[order]

    def edge(x, y):
        return order[np.searchsorted(sorted_keys, np.minimum(x, y) * n + np.maximum(x, y))]

    def arcs(edges, tails):
        return 2 * edges + (u[edges] != tails)

    def rows():
        """Each triangle seen from each corner i, the other two as (j, q) in both
        orders: six orientations, a block of triangles at a time."""
        for a, b, c in iter_triangles(n, u, v):
            ab, bc, ac = edge(a, b), edge(b, c), edge(a, c)
            for i, j, q, e_ij, e_iq, e_jq in ((a, b, c, ab, ac, bc), (a, c, b, ac, ab, bc),
                                              (b, a, c, ab, bc, ac), (b, c, a, bc, ab, ac),
                                              (c, a, b, ac, bc, ab), (c, b, a, bc, ac, ab)):
                yield i, j, q, arcs(e_ij, i), arcs(e_iq, i), arc_w[arcs(e_jq, j)]

    if model == "ego":
        # An alter's ties within ego i's network: its tie to i, and to each common
        # neighbour (one triangle row each), per arc i -> alter.
        ego_total = arc_w.copy()
        ego_strongest = arc_w.copy()
        for _, _, _, ij, _, w_jq in rows():
            ego_total += np.bincount(ij, w_jq, 2 * m)
            np.maximum.at(ego_strongest, ij, w_jq)
    redundancy = np.zeros(n)
    indirect = np.zeros(2 * m)
    for i, j, q, ij, iq, w_jq in rows():
        share = p_arc[iq] * w_jq  # p_iq w_jq
        if model == "whole":
            redundancy += np.bincount(i, share / strongest[j], n)   # p_iq m_jq
            indirect += np.bincount(ij, share / total[q], 2 * m)     # p_iq p_qj
        else:
            redundancy += np.bincount(i, share / ego_strongest[ij], n)
            indirect += np.bincount(ij, share / ego_total[iq], 2 * m)
    with np.errstate(invalid="ignore"):
        effective = np.where(degree > 0, degree - redundancy, np.nan)
        constraint = np.where(degree > 0, np.bincount(tail, (p_arc + indirect) ** 2, n),
                              np.nan)
    return effective, constraint
