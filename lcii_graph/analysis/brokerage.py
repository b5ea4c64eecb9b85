"""Gould–Fernandez brokerage roles.

For every open two-path ``a -> b -> c`` (``a != c`` and no arc ``a -> c``) the
broker ``b`` plays one of five roles, by the groups of ``a``, ``b``, ``c``:

==============  ===========================  =====================================
role            groups                       e.g. with sectors as groups
==============  ===========================  =====================================
coordinator     a = b = c                    a nonprofit linking two nonprofits
itinerant       a = c != b                   a funder linking two nonprofits
gatekeeper      b = c != a                   b lets outsiders in to its own sector
representative  a = b != c                   b speaks for its own sector outside
liaison         a, b, c all different        a broker among three sectors
==============  ===========================  =====================================

An undirected graph is read as symmetric (each tie both ways), as UCINET
does; gatekeeper and representative counts are then equal.

Expected counts are those of the null model that keeps the broker's number
of open two-paths and assigns the two other ends at random, without
replacement, from the other ``N - 1`` nodes with the observed group sizes
(``n_g`` the broker's group, ``n_h`` each other group):

* coordinator: ``(n_g-1)(n_g-2)``; itinerant: ``sum_h n_h(n_h-1)``;
* gatekeeper and representative: ``(n_g-1)(N-n_g)`` each;
* liaison: ``sum_h n_h(N-n_g-n_h)``;

each divided by ``(N-1)(N-2)`` and multiplied by the broker's open two-paths.

References
----------
.. [1] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a
   formal approach to brokerage in transaction networks. *Sociological
   Methodology* 19, 89–126.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np

from .triangles import iter_triangles

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


def _role(a, b, c) -> str:
    if a == b == c:
        return "coordinator"
    if a == c:
        return "itinerant"
    if b == c:
        return "gatekeeper"
    if a == b:
        return "representative"
    return "liaison"


def brokerage(G, attribute: str, nodes=None) -> dict:
    """Raw brokerage counts per node: ``{node: {role: count}}``.

    Nodes without the attribute broker nothing and are not counted as ends.
    A simple undirected graph is counted from its triangles (see
    :func:`undirected_brokerage`); a directed one two-path by two-path.
    """
    if not G.is_directed() and not G.is_multigraph():
        counts = _undirected_counts(G, attribute)
        return {b: counts[b] for b in (G if nodes is None else nodes)}
    D = G if G.is_directed() else G.to_directed(as_view=True)
    group = nx.get_node_attributes(D, attribute)
    chosen = D if nodes is None else nodes
    result = {}
    for b in chosen:
        counts = dict.fromkeys(ROLES, 0)
        gb = group.get(b)
        if gb is not None:
            for a in D.predecessors(b):
                ga = group.get(a)
                if ga is None or a == b:
                    continue
                succ_a = D._succ[a]
                for c in D.successors(b):
                    if c == a or c == b or c in succ_a:
                        continue
                    gc = group.get(c)
                    if gc is not None:
                        counts[_role(ga, gb, gc)] += 1
        result[b] = counts
    return result


def _undirected_counts(G, attribute: str) -> dict:
    """Brokerage counts of every node of a simple undirected networkx graph (see
    :func:`undirected_brokerage`)."""
    nodes = list(G)
    index = {x: k for k, x in enumerate(nodes)}
    values = nx.get_node_attributes(G, attribute)
    pairs = [(index[a], index[b]) for a, b in G.edges() if a != b]
    u = np.array([p[0] for p in pairs], dtype=np.int64)
    v = np.array([p[1] for p in pairs], dtype=np.int64)
    counts = undirected_brokerage(len(nodes), u, v, [values.get(x) for x in nodes])
    return dict(zip(nodes, counts, strict=True))


def undirected_brokerage(n: int, u, v, labels: list, nodes: list[int] | None = None) -> list:
    """Brokerage counts ``{role: count}`` of nodes ``0..n-1`` (or of the indices in
    ``nodes``) of the simple undirected graph with edges ``(u[k], v[k])``, node ``i``
    in group ``labels[i]`` (``None``: no group), without walking pairs of neighbours.

    The ordered pairs ``(a, c)`` of distinct neighbours of ``b`` with groups
    ``(g, h)`` number ``n_g n_h`` (less ``n_g`` when ``g = h``); the closed ones, where
    ``a`` and ``c`` are tied, are the triangles through ``b``; the rest are ``b``'s
    open two-paths. For every node the triangles come a block at a time
    (:mod:`.triangles`); for a few chosen nodes, the ties among each one's
    neighbours are counted directly (one pass over the edges each: ``what-if`` on a
    table of thousands, whose triangles number in the billions).
    """
    u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
    sums = ClosedPairs(n, labels)
    if nodes is None:
        for block in iter_triangles(n, u, v):
            sums.add(block)
    return sums.counts(u, v, nodes)


class ClosedPairs:
    """The closed pairs around every node: for node ``b`` and groups ``(g, h)``, the
    ordered pairs ``(a, c)`` of its neighbours in those groups that are tied — the
    triangles through ``b`` — added a block of triangles at a time
    (:func:`.triangles.iter_triangles`); then each node's role counts."""

    def __init__(self, n: int, labels: list):
        names = sorted({g for g in labels if g is not None}, key=str)
        self.n, self.k = n, max(len(names), 1)
        code = {g: i for i, g in enumerate(names)}
        self.group = np.array([code.get(g, -1) for g in labels], dtype=np.int64).reshape(n)
        self.closed = np.zeros(n * self.k * self.k, dtype=np.int64)
        self.ungrouped = bool((self.group < 0).any())  # nodes outside every group

    def add(self, block) -> None:
        """Add the triangles ``block[:3]`` (their corners; more arrays may follow)."""
        k, group = self.k, self.group
        a, b, c = block[:3]
        ga, gb, gc = group[a], group[b], group[c]  # looked up once per block
        for corner, gy, gz in ((a, gb, gc), (b, ga, gc), (c, ga, gb)):
            if self.ungrouped:
                keep = (gy >= 0) & (gz >= 0)
                corner, gy, gz = corner[keep], gy[keep], gz[keep]
            # One order of the corner's two neighbours, (y, z): :meth:`counts` adds the
            # other, (z, y), by transposing (whole numbers: the same either way).
            np.add.at(self.closed, (corner * k + gy) * k + gz, 1)

    def counts(self, u, v, nodes: list[int] | None = None) -> list:
        """The role counts of every node, from the triangles added; or of the indices in
        ``nodes``, their closed pairs counted directly (one pass over the edges each)."""
        n, k, group = self.n, self.k, self.group
        chosen = np.arange(n) if nodes is None else np.asarray(nodes, dtype=np.int64)
        # n_b[g]: b's neighbours in group g.
        tail, head = np.concatenate([u, v]), np.concatenate([v, u])
        known = group[head] >= 0
        around = np.bincount(tail[known] * k + group[head[known]],
                             minlength=n * k).reshape(n, k)[chosen]
        pairs_by_group = around[:, :, None] * around[:, None, :]
        pairs_by_group[:, np.arange(k), np.arange(k)] -= around
        if nodes is None:
            closed = self.closed.reshape(n, k, k)
            closed = closed + closed.transpose(0, 2, 1)  # both orders of each pair
        else:
            closed = np.zeros((len(chosen), k, k), dtype=np.int64)
            for row, b in enumerate(chosen):
                near = np.zeros(n, dtype=bool)
                near[head[tail == b]] = True
                near[b] = False
                tied = near[u] & near[v] & (group[u] >= 0) & (group[v] >= 0)
                gu, gv = group[u[tied]], group[v[tied]]
                closed[row] = (np.bincount(gu * k + gv, minlength=k * k)
                               + np.bincount(gv * k + gu, minlength=k * k)).reshape(k, k)
        open_paths = pairs_by_group - closed

        role_of = np.array([[[ROLES.index(_role(g, h, i)) for i in range(k)]
                             for h in range(k)] for g in range(k)])  # [a, b, c's group]
        # Each node's open pairs summed by role at once: row r's roles fall in bins
        # 5r..5r+4, each node's pairs in the order the pairs of groups come.
        grouped = group[chosen] >= 0
        roles = role_of[:, np.maximum(group[chosen], 0), :].transpose(1, 0, 2)
        bins = (np.arange(len(chosen))[:, None, None] * len(ROLES) + roles).ravel()
        sums = np.bincount(bins, open_paths.ravel(), len(chosen) * len(ROLES))
        sums = np.rint(sums.reshape(-1, len(ROLES))).astype(np.int64)
        sums[~grouped] = 0
        result = [dict(zip(ROLES, row, strict=True)) for row in sums.tolist()]
        return result


def expected_brokerage(G, attribute: str, counts: dict) -> dict:
    """Expected role counts per node under the null model of the module docstring."""
    return expected_counts(nx.get_node_attributes(G, attribute), counts)


def expected_counts(group: dict, counts: dict) -> dict:
    """:func:`expected_brokerage` with each node's group given: ``{node: group}``
    (``None`` or absent: none)."""
    sizes = Counter(g for g in group.values() if g is not None)
    total = sum(sizes.values())
    result = {}
    for b, roles in counts.items():
        g = group.get(b)
        open_paths = sum(roles.values())
        if g is None or total < 3:
            result[b] = dict.fromkeys(ROLES, 0.0)
            continue
        n_g, others = sizes[g], [n for h, n in sizes.items() if h != g]
        outside = total - n_g
        denominator = (total - 1) * (total - 2)
        weights = {
            "coordinator": (n_g - 1) * (n_g - 2),
            "itinerant": sum(n * (n - 1) for n in others),
            "gatekeeper": (n_g - 1) * outside,
            "representative": (n_g - 1) * outside,
            "liaison": sum(n * (outside - n) for n in others),
        }
        result[b] = {role: open_paths * w / denominator for role, w in weights.items()}
    return result
