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

from .triangles import forward_order, iter_triangles

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
    kept, by their arcs).
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}")
    sums = BurtSums(n, u, v, w)
    if model == "whole":
        for block in iter_triangles(n, sums.u, sums.v, edges=True):
            sums.first_pass(sums.arcs(block), whole=True)
        return sums.measures(model)
    listed = []  # the first pass's triangles, by their arcs, for the second
    for block in iter_triangles(n, sums.u, sums.v, edges=True):
        listed.append(sums.arcs(block))
        sums.first_pass(listed[-1], alter_ties=True)
    while listed:
        sums.second_pass(listed.pop(0))
    return sums.measures(model)


#: The six orientations ``(i, j, q)`` of a triangle ``(a, b, c)``: each corner ``i``,
#: the other two as ``(j, q)`` in both orders. Always in this order: the sums over them
#: round alike whoever adds them.
ORIENTATIONS = ("abc", "acb", "bac", "bca", "cab", "cba")


def arc_dtype(m: int) -> type:
    """The integers that number the ``2m`` arcs of ``m`` edges: 32-bit while the last,
    ``2m - 1``, fits."""
    return np.int32 if 2 * m - 1 <= np.iinfo(np.int32).max else np.int64


class BurtSums:
    """The sums behind both models, added a block of triangles at a time
    (:func:`.triangles.iter_triangles` with ``edges=True`` over :attr:`u`, :attr:`v`,
    each block by its arcs: :meth:`arcs`).

    Every term of both measures is a sum over ``q``, a common neighbour of ego ``i``
    and alter ``j``: each triangle, seen from each corner ``i`` with the other two as
    ``(j, q)`` in both orders, carries one. What depends on ``j`` alone is taken out
    of the sums: per arc ``i -> j`` the first pass adds ``r_ij = sum_q p_iq w_jq``,
    and each model's redundancy is ``sum_j r_ij / s_j`` at the end, ``s_j`` the
    alter's strongest tie in the whole network or in the ego's. The indirect shares
    ``sum_q p_iq p_qj`` are added per arc: the whole model's in the first pass, the
    ego model's (``p_qj`` of ``q``'s ties within the ego network) in a second, once
    every block's alter ties are in. A caller with other sums over the same
    triangles (:mod:`.local`) shares the passes.
    """

    def __init__(self, n: int, u, v, w):
        self.n, m = n, len(u)
        # Each edge from its lower end: arc 2e runs lo[e] -> hi[e], arc 2e + 1 back,
        # so the arc i -> j of edge e is 2e + (i > j) with no look-up.
        u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
        # The edges in the order the triangles are listed in (:func:`.forward_order`):
        # four of a triangle's six arcs then lie near the block's others (its two
        # edges from its first corner), and the sums per arc are read and written
        # nearly in order (the local measures of the L network, five runs each
        # alternated: median 13.2 s -> 12.0 s).
        order = forward_order(n, u, v)
        u, v = u[order], v[order]
        self.u, self.v = np.minimum(u, v), np.maximum(u, v)
        self.w = w = np.asarray(w, dtype=float)[order]
        u, v = self.u, self.v
        self.total = np.bincount(u, w, n) + np.bincount(v, w, n)
        self.strongest = np.zeros(n)
        np.maximum.at(self.strongest, u, w)
        np.maximum.at(self.strongest, v, w)
        self.degree = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
        arc_w = np.repeat(w, 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.p_arc = arc_w / self.total[self._ends(0)]
        # An alter's ties within ego i's network: its tie to i, and to each common
        # neighbour (one triangle row each), per arc i -> alter.
        self.ego_total = arc_w.copy()
        self.ego_strongest = arc_w
        self.reach = np.zeros(2 * m)
        self.indirect = {model: np.zeros(2 * m) for model in MODELS}
        self._ego_share = None  # made by the second pass

    def arcs(self, block) -> np.ndarray:
        """A block ``(a, b, c, ab, ac, bc)`` of triangles as what both passes read: its
        arcs ``a -> b``, ``a -> c`` and ``b -> c`` (their reverses are the other arc of
        each edge), a ``(3, k)`` array, 32-bit where the arcs allow (a second pass keeps
        them: a quarter of the block)."""
        a, b, c, ab, ac, bc = block
        arcs = np.empty((3, len(a)), dtype=arc_dtype(len(self.u)))
        for row, (x, y, edge) in enumerate(((a, b, ab), (a, c, ac), (b, c, bc))):
            np.add(edge << 1, x > y, out=arcs[row], casting="unsafe")
        return arcs

    def _arcs_and_ties(self, arcs) -> tuple[dict, dict]:
        """A block's six arcs by their two letters (``"ab"`` is ``a -> b``, ``"ba"`` its
        reverse, the other arc of the edge) and its three ties' strengths (``"ab"``,
        ``"ac"``, ``"bc"``)."""
        arc = {}
        for name, forward in zip(("ab", "ac", "bc"), arcs, strict=True):
            arc[name], arc[name[::-1]] = forward, forward ^ 1
        return arc, {name: self.w[forward >> 1]
                     for name, forward in zip(("ab", "ac", "bc"), arcs, strict=True)}

    def first_pass(self, arcs, *, alter_ties: bool = False, whole: bool = False) -> None:
        """Add a block (:meth:`arcs`) to the sums both models share; with ``alter_ties``
        to the ego model's alter totals (every block before :meth:`second_pass`), with
        ``whole`` to the whole model's indirect shares."""
        if alter_ties and self._ego_share is not None:
            raise ValueError("add every block's alter ties before the ego model's sums")
        arc, weight = self._arcs_and_ties(arcs)
        p = {name: self.p_arc[a] for name, a in arc.items()}  # looked up once per block
        for i, j, q in ORIENTATIONS:
            ij, w_jq = arc[i + j], weight[min(j, q) + max(j, q)]
            if alter_ties:
                np.add.at(self.ego_total, ij, w_jq)
                np.maximum.at(self.ego_strongest, ij, w_jq)
            np.add.at(self.reach, ij, p[i + q] * w_jq)
            if whole:
                np.add.at(self.indirect["whole"], ij, p[i + q] * p[q + j])

    def second_pass(self, arcs) -> None:
        """Add a block (:meth:`arcs`) to the ego model's indirect shares, every block's
        alter ties being in: ``p_iq`` times ``q``'s tie to ``j`` over ``q``'s ties
        within ``i``'s network (its tie to ``i`` and to their common neighbours)."""
        if self._ego_share is None:  # p_iq over those ties of q, per arc i -> q
            self._ego_share = self.p_arc / self.ego_total
        arc, weight = self._arcs_and_ties(arcs)
        for i, j, q in ORIENTATIONS:
            np.add.at(self.indirect["ego"], arc[i + j],
                      self._ego_share[arc[i + q]] * weight[min(j, q) + max(j, q)])

    def _ends(self, end: int) -> np.ndarray:
        """The node each arc starts from (``end`` 0) or ends at (1): 2m numbers, made when
        needed."""
        node = np.empty(2 * len(self.u), dtype=np.int64)
        node[end::2], node[1 - end::2] = self.u, self.v
        return node

    def measures(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        """Effective size and constraint (``nan`` for an isolated node)."""
        degree, tails = self.degree, self._ends(0)
        strongest = self.strongest[self._ends(1)] if model == "whole" else self.ego_strongest
        with np.errstate(invalid="ignore"):
            redundancy = np.bincount(tails, self.reach / strongest, self.n)
            effective = np.where(degree > 0, degree - redundancy, np.nan)
            constraint = np.where(
                degree > 0,
                np.bincount(tails, (self.p_arc + self.indirect[model]) ** 2, self.n),
                np.nan)
        return effective, constraint
