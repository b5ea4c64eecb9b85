"""Degree, betweenness, closeness and eigenvector centrality; Freeman centralization.

Definitions are networkx's (the reference implementation); the computation
runs in igraph. Betweenness and closeness are exact while the work of a
pass from every node, nodes × edges, is at most :data:`EXACT_WORK`, and
estimated from seeded, sampled sources above it (Brandes & Pich 2007): as many
as that work allows, never fewer than :data:`SAMPLE_SOURCES`
(:func:`sample_size`). The choice follows the work, not the number of nodes,
so a larger network never finishes sooner than a smaller one because it crossed
a threshold, and a dense table of 3,000 (4.5 million ties) is not taken for a
small network.

Freeman centralization [1]_ is ``sum(max - c_i) / max_possible_sum``, the
denominator being the sum a star graph of the same size reaches:

* degree (raw degree, undirected): ``(n-1)(n-2)``;
* betweenness (normalized scores): ``n-1``;
* closeness (normalized scores): ``(n-1)(n-2) / (2n-3)``.

Directed graphs are read as undirected for centralization.

References
----------
.. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual
   clarification. *Social Networks* 1, 215–239.
.. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
   *Journal of Mathematical Sociology* 25(2), 163–177.
.. [3] Brandes, U. & Pich, C. (2007). Centrality estimation in large networks.
   *International Journal of Bifurcation and Chaos* 17(7), 2303–2318.
"""

from __future__ import annotations

import functools
import math
import warnings

import networkx as nx
import numpy as np

from ._igraph import as_igraph, edge_ends, seeded
from .cache import reused
from .distances import distance_sums
from .parallel import summed

#: Above this much work (nodes × edges), betweenness and closeness are estimated from
#: samples: about 2 s each here (5,000 organizations with 40,000 ties). At 500 million
#: the M benchmark network (10,000 organizations) took 15 s for `metrics`, five times
#: what 256 sources took, for estimates already close.
EXACT_WORK = 200_000_000
#: From this much work on (about 2,000 organizations), exact betweenness is summed from
#: two halves of the sources as the sampled one is, on two processors where there are
#: (:mod:`.parallel`); so is closeness where its searches are too deep to run 64 at a time
#: (:mod:`.distances`).
SPLIT_WORK = 20_000_000
#: The fewest sources sampled for the estimates.
SAMPLE_SOURCES = 256
#: Components' leading eigenvalues this close (relative to the largest, at least 1) are
#: the same eigenvalue (:func:`_eigenvector_scores`).
EIGENVALUE_TIE = 1e-9


def sample_size(n: int, m: int) -> int | None:
    """How many sources betweenness and closeness sample on ``n`` nodes and ``m``
    edges: ``None`` for all of them (exact), else as many as :data:`EXACT_WORK`
    pays for, at least :data:`SAMPLE_SOURCES`."""
    if n * max(m, 1) <= EXACT_WORK:
        return None
    k = max(SAMPLE_SOURCES, EXACT_WORK // max(m, 1))
    return None if k >= n else k


def degree_centrality(G) -> dict:
    """Degree over ``n - 1`` (networkx's ``degree_centrality``; 1 for a lone node)."""
    graph, ids = as_igraph(G)
    n = len(ids)
    if n <= 1:
        return dict.fromkeys(ids, 1.0)
    scale = 1 / (n - 1)
    return {ids[i]: d * scale for i, d in enumerate(graph.degree())}


def _sources(n: int, k: int | None, seed: int | None) -> list[int] | None:
    if k is None or k >= n:
        return None
    return sorted(np.random.default_rng(seed).choice(n, size=k, replace=False).tolist())


def betweenness(G, *, normalized: bool = True, k: int | None = None,
                seed: int | None = 0) -> dict:
    """Shortest-path betweenness, unweighted [2]_.

    Normalized as networkx does: by ``(n-1)(n-2)/2`` undirected, ``(n-1)(n-2)``
    directed. With ``k`` (or as :func:`sample_size` says, when ``k`` is not given)
    the paths from ``k`` seeded random sources are counted and scaled by ``n/k``. Cached
    on an :class:`OrgGraph` (the network and node metrics both ask for it).
    """
    cache = getattr(G, "_cache", None)
    key = ("betweenness", normalized, k, seed)
    if cache is not None and key in cache:
        return dict(cache[key])
    graph, ids = as_igraph(G)
    n = len(ids)
    if k is None:
        k = sample_size(n, graph.ecount())
    sources = _sources(n, k, seed)

    # Sampled sources, or every node where the exact pass costs enough to be worth a
    # second processor (so that a network just below the sampling threshold is not the
    # slower one): the sum over two halves of the sources (.parallel).
    split = sources if sources is not None else \
        (list(range(n)) if n * graph.ecount() >= SPLIT_WORK else None)

    def compute():
        if split is None:
            return np.asarray(graph.betweenness(directed=graph.is_directed()), dtype=float)
        searched, label = _in_search_order(G, graph)
        sources = split if label is None else label[split].tolist()
        raw = summed(lambda part: searched.betweenness(directed=graph.is_directed(),
                                                       sources=part), sources)
        if label is not None:
            raw = raw[label]  # node i was searched as label[i]
        return raw * (n / len(split))

    # "halves": sums added from two halves, rounded accordingly.
    raw = reused(G, ("betweenness", sources, "halves" if split else "whole"), compute,
                 work=n * graph.ecount()).tolist()
    scale = 1.0
    if normalized and n > 2:
        scale = 1 / ((n - 1) * (n - 2)) if graph.is_directed() else 2 / ((n - 1) * (n - 2))
    result = {ids[i]: value * scale for i, value in enumerate(raw)}
    if cache is not None:
        cache[key] = result
    return dict(result)


def _in_search_order(G, graph):
    """``(graph_, label)``: ``graph`` with node ``i`` renumbered ``label[i]``, in the order
    a breadth-first search from its best-connected node meets them (the nodes it does
    not reach after, as they were); ``label`` is ``None`` (and ``graph_`` ``graph``) where
    ``G`` holds no edge arrays to renumber. Neighbours then have nearby numbers, and
    each search of betweenness reads memory nearly in order: the L benchmark network's
    sampled betweenness takes a third less time. The scores are the same up to the
    rounding of their sums (a few units in the 15th digit)."""
    n = graph.vcount()
    if not hasattr(G, "edge_ends") or n == 0:
        return graph, None
    met = np.asarray(graph.bfs(int(np.argmax(graph.degree())), mode="all")[0],
                     dtype=np.int64)
    unmet = np.ones(n, dtype=bool)
    unmet[met] = False
    order = np.concatenate([met, np.flatnonzero(unmet)])  # the node numbered k: order[k]
    label = np.empty(n, dtype=np.int64)
    label[order] = np.arange(n)
    return _renumbered(G, graph, order, label), label


def _renumbered(G, graph, order: np.ndarray, label: np.ndarray):
    """``graph`` with node ``order[k]`` numbered ``k`` (``label`` the inverse: node ``i``
    numbered ``label[i]``), its edges in the same order: igraph's ``permute_vertices``,
    in C (the L benchmark network: 0.8-1.0 s against 1.5 s for a graph built from the
    renumbered edges as Python pairs). igraph 1.0 reads its list as the old number of
    each new node, earlier versions as the new number of each old one
    (:func:`_permutes_by_old_numbers` asks the igraph installed); an igraph that does
    neither gets the graph built from the edges."""
    import igraph

    by_old = _permutes_by_old_numbers()
    if by_old is not None:
        return graph.permute_vertices((order if by_old else label).tolist())
    tails, heads = G.edge_ends()
    return igraph.Graph(n=graph.vcount(), directed=graph.is_directed(),
                        edges=zip(label[tails].tolist(), label[heads].tolist(), strict=True))


@functools.cache
def _permutes_by_old_numbers() -> bool | None:
    """Whether this igraph's ``permute_vertices`` takes the old number of each new node
    (``True``, igraph 1.0) or the new number of each old one (``False``); ``None`` for
    neither. Asked of a three-node graph with the arc 0 -> 1, permuted by ``[1, 2, 0]``."""
    import igraph

    arcs = igraph.Graph(n=3, edges=[(0, 1)], directed=True).permute_vertices(
        [1, 2, 0]).get_edgelist()
    return {(2, 0): True, (1, 2): False}.get(arcs[0] if len(arcs) == 1 else None)


def closeness(G, *, k: int | None = None, seed: int | None = 0) -> dict:
    """Closeness as networkx defines it (Wasserman–Faust for disconnected graphs).

    ``(r-1)/(n-1) * (r-1)/sum(d)`` where ``r`` counts the nodes that reach
    the node; incoming distances for a directed graph. Where :func:`sample_size`
    says so (or with ``k``), ``sum(d)`` and ``r`` are estimated from ``k`` sampled
    sources (Eppstein & Wang). The searches from the sources run 64 at a time
    (:mod:`.distances`).
    """
    graph, ids = as_igraph(G)
    n = len(ids)
    if n == 0:
        return {}
    if k is None:
        k = sample_size(n, graph.ecount())
    sampled = _sources(n, k, seed)
    sources = sampled or list(range(n))

    def rows(part: list[int]) -> np.ndarray:
        """Distances to each node from the sources of ``part`` summed, and how many of
        them reach it, from igraph's distances, a row per source."""
        totals = np.zeros(n)
        reached = np.zeros(n)
        step = 64  # sources per distance matrix: bounded memory on large graphs
        for start in range(0, len(part), step):
            dist = np.array(graph.distances(source=part[start:start + step], mode="out"),
                            dtype=float)
            finite = np.isfinite(dist)
            totals += np.where(finite, dist, 0).sum(axis=0)
            reached += finite.sum(axis=0)
        return np.stack([totals, reached])

    def one_by_one(part: list[int]) -> np.ndarray:
        """The sums of deep searches (:func:`.distances.distance_sums`): a search per
        source, halves of them on two processors where it is worth it."""
        return summed(rows, part) if n * graph.ecount() >= SPLIT_WORK else rows(part)

    def compute() -> np.ndarray:
        scale = n / len(sources)
        # Whole numbers: the same sums whichever way the searches are run.
        totals, reached = distance_sums(n, *_arcs(G, graph), sources, deep=one_by_one)
        r = reached * scale  # nodes that reach each node, itself included
        total = totals * scale
        with np.errstate(divide="ignore", invalid="ignore"):
            value = ((r - 1) / total) * ((r - 1) / max(n - 1, 1))
        return np.where((total <= 0) | (n < 2), 0.0, value)

    # Kept like betweenness (an OrgGraph's results outlive the command; a networkx
    # graph's are computed each time).
    values = reused(G, ("closeness", sampled), compute, work=n * graph.ecount()).tolist()
    return dict(zip(ids, values, strict=True))


def _arcs(G, graph) -> tuple[np.ndarray, np.ndarray]:
    """Every arc's tail and head, an undirected edge both ways (:func:`.edge_ends`)."""
    tails, heads = edge_ends(G, graph)
    if graph.is_directed():
        return tails, heads
    return np.concatenate([tails, heads]), np.concatenate([heads, tails])


def eigenvector(G, *, weight: str | None = None) -> dict:
    """Eigenvector centrality scaled to unit length, as networkx returns it.

    On a disconnected graph the nodes outside the component with the largest
    eigenvalue score (nearly) zero, as networkx's power iteration gives. Where
    :func:`eigenvector_job` started it in a second process, taken from there.

    A self-loop (a networkx graph's edge from a node to itself) is left out: a tie
    of an organization with itself is refused at import, and igraph and networkx
    count one differently (was: a graph with loops alone raised ``ValueError``).
    """
    from .parallel import taken

    nx_graph = G if isinstance(G, nx.Graph) else None
    graph, ids = as_igraph(G, weight)
    if nx_graph is not None and nx.number_of_selfloops(nx_graph):
        # as_igraph built this graph for the call: its loops go in place.
        graph.delete_edges(graph.es.select(_is_loop=True))
    if graph.ecount() == 0:
        return dict.fromkeys(ids, 1 / math.sqrt(len(ids))) if ids else {}
    weights = "weight" if weight is not None or nx_graph is None else None
    key = ("eigenvector", weights)

    def compute() -> np.ndarray:
        found = taken(getattr(G, "_cache", None), key)
        return _eigenvector_scores(graph, weights) if found is None else found

    # Kept like betweenness (4 s on the L network: the map, metrics and the Gephi exports
    # ask for it).
    scores = reused(G, key, compute, work=len(ids) * graph.ecount())
    return dict(zip(ids, scores.tolist(), strict=True))


def eigenvector_job(G):
    """``(key, function)``: :func:`eigenvector` of an :class:`OrgGraph` (weighted) as work
    for a second process (:func:`.parallel.start_ahead`); ``None`` where it costs too
    little for one (:data:`.cache.WORTH_KEEPING`) or is kept by an earlier command."""
    from .cache import WORTH_KEEPING, holds
    from .parallel import Portable

    if not hasattr(G, "to_igraph") or G.n * G.m < WORTH_KEEPING:
        return None
    key = ("eigenvector", "weight")
    if G.m == 0 or holds(G, key, work=G.n * G.m):
        return None
    return key, Portable("eigenvector", {"u": G.u, "v": G.v, "weight": G.weight},
                         {"n": G.n}, here=lambda: _eigenvector_scores(G.to_igraph(), "weight"),
                         shared=G.to_igraph)


def eigenvector_scores(u: np.ndarray, v: np.ndarray, weight: np.ndarray, *,
                       n: int) -> np.ndarray:
    """The weighted scores of the graph of ``n`` nodes and edges ``u``–``v`` (at least
    one), as :func:`eigenvector` finds them for an :class:`OrgGraph` of those arrays: the
    work :func:`eigenvector_job` hands a second interpreter (:mod:`.worker`)."""
    from ..network.arrays import igraph_of

    return _eigenvector_scores(igraph_of(n, u, v, weight), "weight")


def _eigenvector_scores(graph, weights: str | None) -> np.ndarray:
    """The scores of igraph ``graph`` (one with an edge), in node order: where networkx's
    power iteration ends, from its uniform start.

    Each component of two nodes or more has its own leading eigenvector. The iteration
    keeps those of the components whose eigenvalue is the largest and lets the others'
    fade (to nearly zero). Where several components share that eigenvalue (two separate
    pairs, two alike clusters) it keeps each, as much of it as the uniform start holds:
    its unit vector times the sum of that vector's entries; one component alone keeps its
    vector (was: the first of them kept it all, and an organization placed exactly as
    another scored 0 against its 0.58).
    """
    found = []
    for component in graph.connected_components(mode="weak"):
        if len(component) < 2:
            continue
        sub = graph.induced_subgraph(component)
        # igraph 1.0 refuses directed=False ("invalid mode"); the default reads an
        # undirected graph as undirected and a directed one by in-ties, as networkx
        # does. ARPACK starts from a random vector drawn from igraph's generator:
        # seed it, so the same graph gives the same digits every time.
        # igraph warns (a RuntimeWarning, on stderr, naming its C source) where some
        # scores are nearly zero — the far end of a long chain — and calls the graph
        # disconnected; it is one component here, and the scores are right.
        with seeded(0), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            vector, value = sub.eigenvector_centrality(weights=weights,
                                                       return_eigenvalue=True)
        found.append((component, value, np.asarray(vector, dtype=float)))
    largest = max(value for _, value, _ in found)
    # Equal up to ARPACK's rounding, relative to the eigenvalue's size (weights scale it).
    tied = [(component, vector) for component, value, vector in found
            if value >= largest - EIGENVALUE_TIE * max(1.0, abs(largest))]
    scores = np.zeros(graph.vcount())
    for component, vector in tied:
        if len(tied) == 1:
            scores[component] = vector
        else:
            unit = vector / np.linalg.norm(vector)
            scores[component] = unit * unit.sum()
    return scores / np.linalg.norm(scores)


def freeman_centralization(scores: dict | list, kind: str) -> float | None:
    """Freeman centralization of ``scores`` (see the module docstring).

    ``kind`` is ``"degree"`` (raw degrees), ``"betweenness"`` or ``"closeness"``
    (normalized scores). ``None`` for fewer than three nodes.
    """
    values = np.asarray(list(scores.values()) if isinstance(scores, dict) else scores, float)
    n = len(values)
    if n < 3:
        return None
    spread = float((values.max() - values).sum())
    denominator = {"degree": (n - 1) * (n - 2), "betweenness": n - 1,
                   "closeness": (n - 1) * (n - 2) / (2 * n - 3)}[kind]
    return spread / denominator


def degree_centralization(G) -> float | None:
    """Freeman degree centralization: 1 for a star, 0 when every degree is equal."""
    if isinstance(G, nx.Graph):
        graph = G.to_undirected(as_view=True) if G.is_directed() else G
        return freeman_centralization([d for _, d in graph.degree()], "degree")
    return freeman_centralization(G.degree(), "degree")
