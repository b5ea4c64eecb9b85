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

from .triangles import compact, expanded, iter_triangles

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
    common neighbours of ``i`` and ``j`` — known only after a first pass over the
    triangles, so the ego model takes two (the second over the triangles the first
    kept, by their edges).
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}")
    sums = BurtSums(n, u, v, w)
    if model == "whole":
        for block in iter_triangles(n, sums.u, sums.v, edges=True):
            sums.add(block, models=(model,))
        return sums.measures(model)
    listed = []  # the first pass's triangles, by their edges, for the second
    for block in iter_triangles(n, sums.u, sums.v, edges=True):
        sums.add(block, alter_ties=True)
        listed.append(compact(block, len(sums.u)))
    while listed:
        sums.add(expanded(listed.pop(0), sums.u, sums.v), models=(model,))
    return sums.measures(model)


#: The six orientations ``(i, j, q)`` of a triangle ``(a, b, c)``: each corner ``i``,
#: the other two as ``(j, q)`` in both orders. Always in this order: the sums over them
#: round alike whoever adds them.
ORIENTATIONS = ("abc", "acb", "bac", "bca", "cab", "cba")


def _corner_arcs(block, w: np.ndarray) -> tuple[dict, dict, dict]:
    """A block ``(a, b, c, ab, ac, bc)``'s corners by letter, its six arcs by their two
    letters (``"ab"`` is a -> b), and its three edges' strengths (``"ab"``, ``"ac"``,
    ``"bc"``). Arc ``i -> j`` of edge ``e`` is ``2e + (i > j)``, its reverse the other
    of the pair."""
    a, b, c, ab, ac, bc = block
    corners = {"a": a, "b": b, "c": c}
    arcs = {}
    for x, y, edge in (("a", "b", ab), ("a", "c", ac), ("b", "c", bc)):
        forward = 2 * edge + (corners[x] > corners[y])
        arcs[x + y], arcs[y + x] = forward, forward ^ 1
    return corners, arcs, {"ab": w[ab], "ac": w[ac], "bc": w[bc]}


class BurtSums:
    """The sums behind both models, added a block of triangles at a time
    (:func:`.triangles.iter_triangles` with ``edges=True`` over :attr:`u`, :attr:`v`).

    The ego model needs every block added with ``alter_ties`` before any is added to
    its own sums; the whole model needs one pass. A caller with other sums over the
    same triangles (:mod:`.local`) shares the passes.
    """

    def __init__(self, n: int, u, v, w):
        self.n, m = n, len(u)
        # Each edge from its lower end: arc 2e runs lo[e] -> hi[e], arc 2e + 1 back,
        # so the arc i -> j of edge e is 2e + (i > j) with no look-up.
        u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
        self.u, self.v = np.minimum(u, v), np.maximum(u, v)
        self.w = w = np.asarray(w, dtype=float)
        u, v = self.u, self.v
        self.total = np.bincount(u, w, n) + np.bincount(v, w, n)
        self.strongest = np.zeros(n)
        np.maximum.at(self.strongest, u, w)
        np.maximum.at(self.strongest, v, w)
        self.degree = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
        arc_w = np.repeat(w, 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.p_arc = arc_w / self.total[self._tails()]
        # An alter's ties within ego i's network: its tie to i, and to each common
        # neighbour (one triangle row each), per arc i -> alter.
        self.ego_total = arc_w.copy()
        self.ego_strongest = arc_w
        self.redundancy = {model: np.zeros(n) for model in MODELS}
        self.indirect = {model: np.zeros(2 * m) for model in MODELS}

    def add(self, block, *, alter_ties: bool = False, models: tuple[str, ...] = ()) -> None:
        """Add one block ``(a, b, c, ab, ac, bc)`` of triangles: each seen from each
        corner i, the other two as (j, q) in both orders (:data:`ORIENTATIONS`)."""
        if alter_ties and "ego" in models:  # the ego sums read every block's alter ties
            raise ValueError("add every block's alter ties before the ego model's sums")
        n = self.n
        corners, arcs, weights = _corner_arcs(block, self.w)
        # What the orientations share, looked up once per block: each arc's share of its
        # tail's strength, each corner's strongest tie and total strength.
        p_arc = {key: self.p_arc[arc] for key, arc in arcs.items()} if models else {}
        strongest = {x: self.strongest[corners[x]] for x in corners} \
            if "whole" in models else {}
        total = {x: self.total[corners[x]] for x in corners} if "whole" in models else {}
        ego_strongest = {key: self.ego_strongest[arc] for key, arc in arcs.items()} \
            if "ego" in models else {}
        ego_total = {key: self.ego_total[arc] for key, arc in arcs.items()} \
            if "ego" in models else {}
        for i, j, q in ORIENTATIONS:
            ij, w_jq = arcs[i + j], weights[min(j, q) + max(j, q)]
            if alter_ties:
                np.add.at(self.ego_total, ij, w_jq)
                np.maximum.at(self.ego_strongest, ij, w_jq)
            if not models:
                continue
            share = p_arc[i + q] * w_jq  # p_iq w_jq
            for model in models:
                if model == "whole":
                    self.redundancy[model] += np.bincount(corners[i], share / strongest[j], n)
                    np.add.at(self.indirect[model], ij, share / total[q])
                else:  # p_iq m_jq and p_iq p_qj within the ego network
                    self.redundancy[model] += np.bincount(corners[i],
                                                          share / ego_strongest[i + j], n)
                    np.add.at(self.indirect[model], ij, share / ego_total[i + q])

    def _tails(self) -> np.ndarray:
        """The node each arc starts from (made when needed: 2m numbers)."""
        tail = np.empty(2 * len(self.u), dtype=np.int64)
        tail[0::2], tail[1::2] = self.u, self.v
        return tail

    def measures(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        """Effective size and constraint (``nan`` for an isolated node)."""
        degree = self.degree
        with np.errstate(invalid="ignore"):
            effective = np.where(degree > 0, degree - self.redundancy[model], np.nan)
            constraint = np.where(
                degree > 0,
                np.bincount(self._tails(), (self.p_arc + self.indirect[model]) ** 2, self.n),
                np.nan)
        return effective, constraint
