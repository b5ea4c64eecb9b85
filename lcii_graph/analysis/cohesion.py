"""Size, density, components and reciprocity.

References
----------
.. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, ch. 4 and 13.
.. [2] Hanneman, R. & Riddle, M. (2005). *Introduction to Social Network Methods*,
   ch. 8 ("reciprocity": dyad and arc methods, as UCINET reports them).
"""

from __future__ import annotations

import networkx as nx


def density(G) -> float:
    """Ties present over ties possible: ``m / (n(n-1))`` directed, ``2m / (n(n-1))`` not."""
    return nx.density(G) if isinstance(G, nx.Graph) else _org_density(G)


def _org_density(G) -> float:
    n = G.n
    return 0.0 if n < 2 else 2 * G.m / (n * (n - 1))


def components(G) -> list[set]:
    """Connected components (weakly, for a directed graph), largest first."""
    if isinstance(G, nx.Graph):
        parts = (nx.weakly_connected_components(G) if G.is_directed()
                 else nx.connected_components(G))
        return sorted((set(c) for c in parts), key=lambda c: (-len(c), min(map(str, c))))
    return igraph_components(G.to_igraph(), G.ids)


def igraph_components(graph, ids: list) -> list[set]:
    """:func:`components` of igraph ``graph`` whose node ``i`` is ``ids[i]``."""
    parts = [{ids[i] for i in c} for c in graph.connected_components()]
    return sorted(parts, key=lambda c: (-len(c), min(c)))


def isolates(G) -> list:
    """Nodes with no tie at all."""
    if isinstance(G, nx.Graph):
        return sorted(nx.isolates(G), key=str)
    degree = G.degree()
    return sorted(G.ids[i] for i in range(G.n) if degree[i] == 0)


def reciprocity(D: nx.DiGraph) -> dict:
    """Reciprocity of a directed graph, both ways UCINET reports it.

    Returns
    -------
    dict
        ``arc``: reciprocated arcs / all arcs (networkx's ``overall_reciprocity``);
        ``dyad``: mutual dyads / connected dyads, ``M / (M + A)``. ``None`` when
        there is no arc.

    Examples
    --------
    One mutual pair and one one-way arc: 2 of 3 arcs are reciprocated, but only
    1 of 2 connected dyads is mutual.

    >>> D = nx.DiGraph([(1, 2), (2, 1), (2, 3)])
    >>> reciprocity(D)
    {'arc': 0.6666666666666666, 'dyad': 0.5}
    """
    return arc_reciprocity(set(D.edges()))


def arc_reciprocity(arcs: set) -> dict:
    """:func:`reciprocity` of a set of ``(from, to)`` arcs (self-loops ignored)."""
    arcs = {(a, b) for a, b in arcs if a != b}
    if not arcs:
        return {"arc": None, "dyad": None}
    mutual_arcs = sum(1 for a, b in arcs if (b, a) in arcs)
    mutual = mutual_arcs // 2
    asymmetric = len(arcs) - mutual_arcs
    return {"arc": mutual_arcs / len(arcs), "dyad": mutual / (mutual + asymmetric)}
