"""Communities: Louvain, seeded, and the modularity of any partition.

References
----------
.. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008).
   Fast unfolding of communities in large networks. *J. Stat. Mech.* P10008.
.. [2] Newman, M. E. J. (2006). Modularity and community structure in
   networks. *PNAS* 103(23), 8577–8582.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from ._igraph import as_igraph, seeded
from .cache import reused


def louvain(G, *, weight: str | None = "weight", resolution: float = 1.0,
            seed: int | None = 0) -> list[set]:
    """Louvain communities [1]_ (igraph's multilevel), reproducible for a seed.

    Isolated nodes form communities of one. Largest first. Cached on an
    :class:`OrgGraph` (per seed and settings); where :func:`louvain_ahead` started
    them in a second process, taken from there.
    """
    from .parallel import taken

    cache = getattr(G, "_cache", None)
    key = ("louvain", weight, resolution, seed)
    if cache is not None and key in cache:
        return cache[key]
    membership = _membership(G, weight, resolution, seed, ahead=lambda: taken(cache, key))
    ids = G.ids if hasattr(G, "ids") else list(G)
    groups: dict[int, set] = {}
    for i, label in enumerate(membership.tolist()):
        groups.setdefault(label, set()).add(ids[i])
    parts = list(groups.values())
    parts = sorted(parts, key=lambda c: (-len(c), min(map(str, c))))
    if cache is not None:
        cache[key] = parts
    return parts


def louvain_ahead(G, *, weight: str | None = "weight", resolution: float = 1.0,
                  seed: int | None = 0, apart: bool = False) -> None:
    """Start :func:`louvain` of an :class:`OrgGraph` in a second process, where it is
    large enough for the analysis to cost something (:data:`.cache.WORTH_KEEPING`):
    the command goes on with other work and :func:`louvain` takes the result. The
    communities are the same ones (the same seeded computation, in another process;
    ``apart``: a new interpreter on a large graph, see :mod:`.parallel`)."""
    from .parallel import start_ahead

    job = louvain_job(G, weight=weight, resolution=resolution, seed=seed)
    if job is not None:  # (None too where G holds no _cache)
        start_ahead(G._cache, [job], apart=apart)


def louvain_job(G, *, weight: str | None = "weight", resolution: float = 1.0,
                seed: int | None = 0):
    """``(key, function)``: :func:`louvain` of an :class:`OrgGraph` as work for a second
    process (:func:`.parallel.start_ahead`, where other work may go with it); ``None``
    where it costs too little for one (:data:`.cache.WORTH_KEEPING`), is kept by an
    earlier command or is already known or started."""
    from .cache import WORTH_KEEPING, holds
    from .parallel import Portable

    cache = getattr(G, "_cache", None)
    key = ("louvain", weight, resolution, seed)
    if cache is None or not hasattr(G, "to_igraph") or G.n * G.m < WORTH_KEEPING \
            or key in cache or ("ahead", *key) in cache:
        return None
    weighted = weight is not None  # an organization graph's edges all have a weight
    if holds(G, _kept_key(weighted, resolution, seed), work=G.n * G.m):
        return None  # kept by an earlier command: read in a moment, no second process
    return key, Portable(
        "louvain", {"u": G.u, "v": G.v, "weight": G.weight},
        {"n": G.n, "resolution": resolution, "seed": seed, "weighted": weighted},
        here=lambda: _communities(G.to_igraph(), "weight" if weighted else None,
                                  resolution, seed),
        shared=G.to_igraph)


def louvain_membership(u: np.ndarray, v: np.ndarray, weight: np.ndarray, *, n: int,
                       resolution: float, seed: int | None, weighted: bool) -> np.ndarray:
    """Each node's community number in the graph of ``n`` nodes and edges ``u``–``v``
    (weighted by ``weight`` where ``weighted``), as :func:`louvain` finds them for an
    :class:`OrgGraph` of those arrays: the work :func:`louvain_job` hands a second
    interpreter (:mod:`.worker`)."""
    from ..network.arrays import igraph_of

    # The weights as an array, not an edge attribute: a Python float per edge (60 MB of
    # the new interpreter's 350 on the L benchmark network); the same communities.
    return _communities(igraph_of(n, u, v), weight if weighted else None, resolution, seed)


def _kept_key(weighted: bool, resolution: float, seed: int | None) -> tuple:
    """The key :func:`_membership` keeps its result under (``weighted``: by the graph's
    ``weight`` edge attribute)."""
    return ("louvain", weighted, resolution, seed)


def _membership(G, weight: str | None, resolution: float, seed: int | None, *,
                ahead=lambda: None) -> np.ndarray:
    """Each node's community number (kept in the results cache): ``ahead()`` where that
    gives them (found in a second process), else computed here."""
    graph, ids = as_igraph(G, weight)
    if graph.is_directed():
        graph = graph.as_undirected(combine_edges="sum")
    key = _kept_key("weight" in graph.es.attributes() and weight is not None, resolution,
                    seed)

    def compute():
        found = ahead()
        return _communities(graph, "weight" if key[1] else None, resolution, seed) \
            if found is None else found

    return reused(G, key, compute, work=len(ids) * graph.ecount())


def _communities(graph, weights, resolution: float, seed: int | None) -> np.ndarray:
    """igraph's multilevel communities of ``graph``, ``weights`` an edge attribute's name,
    the weights themselves or ``None``."""
    with seeded(seed):
        return np.asarray(graph.community_multilevel(
            weights=weights, resolution=resolution).membership)


def modularity(G, communities, *, weight: str | None = None) -> float:
    """Newman's modularity ``Q`` of a partition [2]_ (networkx's definition;
    the directed form for a directed graph). An :class:`OrgGraph` is computed
    in igraph, weighted by its ``weight``."""
    if isinstance(G, nx.Graph):
        return nx.community.modularity(G, communities, weight=weight)
    graph = G.to_igraph()
    return graph.modularity(G.membership(communities).tolist(),
                            weights="weight" if weight else None)


def dominant(values) -> tuple[object, int]:
    """The most common of ``values`` and its count; a tie goes to the value first in
    text order (a community is a set, so the order it is read in varies from run to run
    with Python's string hashing, and the answer must not).

    >>> dominant(["nonprofit", "community", "community", "nonprofit"])
    ('community', 2)
    """
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return min(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
