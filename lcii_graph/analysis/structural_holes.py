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


def _measures(S: nx.Graph, i, within: set | None):
    """Effective size and constraint of ``i``; ``within`` limits every alter's ties."""

    def ties(x):
        return {y: d["weight"] for y, d in S[x].items() if within is None or y in within}

    mine = ties(i)
    if not mine:
        return None, None
    cache = {}

    def strengths(x):
        if x not in cache:
            t = ties(x)
            total = sum(t.values())
            strongest = max(t.values(), default=0)
            cache[x] = (t, total, strongest)
        return cache[x]

    def p(x, y):
        t, total, _ = strengths(x)
        return t.get(y, 0) / total if total else 0.0

    def m(x, y):
        t, _, strongest = strengths(x)
        return t.get(y, 0) / strongest if strongest else 0.0

    alters = list(mine)
    effective = sum(1 - sum(p(i, q) * m(j, q) for q in alters if q != j) for j in alters)
    constraint = sum(
        (p(i, j) + sum(p(i, q) * p(q, j) for q in alters if q not in (i, j))) ** 2
        for j in alters
    )
    return effective, constraint


def structural_holes(G, *, model: str = "ego", weight: str | None = None,
                     nodes=None) -> dict:
    """``{node: {"effective_size": .., "constraint": .., "model": model}}``.

    Isolated nodes get ``None`` for both measures.
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}")
    S = symmetrize(G, weight)
    result = {}
    for i in (S if nodes is None else nodes):
        within = ({i} | set(S[i])) if model == "ego" else None
        effective, constraint = _measures(S, i, within)
        result[i] = {"effective_size": effective, "constraint": constraint, "model": model}
    return result
