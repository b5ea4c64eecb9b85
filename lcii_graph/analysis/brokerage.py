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
    """
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


def expected_brokerage(G, attribute: str, counts: dict) -> dict:
    """Expected role counts per node under the null model of the module docstring."""
    group = nx.get_node_attributes(G, attribute)
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
