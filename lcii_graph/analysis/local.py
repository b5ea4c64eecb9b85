"""Every node's local measures at once: Burt's effective size and constraint in both
models, and its Gould–Fernandez brokerage counts.

All of them are sums over the network's triangles (:mod:`.structural_holes`,
:mod:`.brokerage`), and listing the triangles is most of their cost. Computed
one by one they list them four times; here once — the ego model's alter totals,
the whole model and the brokerage in a first pass, the ego model's own sums in a
second over the triangles the first kept (their arcs) — and the result is kept
like betweenness (:mod:`.cache`). The numbers are those of
:func:`.structural_holes.burt_measures` and :func:`.brokerage.undirected_brokerage`,
bit for bit: the same sums in the same order.
"""

from __future__ import annotations

import numpy as np

from .brokerage import ROLES, ClosedPairs
from .cache import reused
from .structural_holes import BurtSums
from .triangles import iter_triangles

#: The columns of :func:`local_measures`.
COLUMNS = ("effective_size_ego", "constraint_ego", "effective_size_whole",
           "constraint_whole", *(f"brokerage_{role}" for role in ROLES))


def local_measures(n: int, u, v, w, labels: list) -> np.ndarray:
    """An ``(n, len(COLUMNS))`` array of the local measures of nodes ``0..n-1`` of the
    simple undirected graph with edges ``(u[e], v[e])`` of strength ``w[e]``, node
    ``i`` in group ``labels[i]`` for brokerage (``None``: no group). Effective size
    and constraint are ``nan`` for an isolated node."""
    holes = BurtSums(n, u, v, w)
    closed = ClosedPairs(n, labels)
    # The second pass reads the first's triangles back from their arcs: listing them
    # again took 5 s of L's 22 (190 MB kept, 32-bit: a quarter of the blocks).
    listed = []
    for block in iter_triangles(n, holes.u, holes.v, edges=True):
        listed.append(holes.arcs(block))
        holes.first_pass(listed[-1], alter_ties=True, whole=True)
        closed.add(block)
        del block  # let go before the next block is listed
    while listed:
        holes.second_pass(listed.pop(0))
    roles = closed.counts(holes.u, holes.v)
    table = np.empty((n, len(COLUMNS)))
    table[:, 0], table[:, 1] = holes.measures("ego")
    table[:, 2], table[:, 3] = holes.measures("whole")
    table[:, 4:] = np.array([[row[role] for role in ROLES] for row in roles],
                            dtype=float).reshape(n, len(ROLES))
    return table


#: What an organization graph's local measures are kept under (:mod:`.cache`).
_KEY = ("local", COLUMNS)


def graph_local_measures(graph) -> np.ndarray:
    """:func:`local_measures` of an organization graph (edge strength its weight,
    groups its sectors), kept for the next command while the graph is unchanged; where
    :func:`local_measures_ahead` or :func:`local_measures_job` started them in a second
    process, taken from there."""
    from .parallel import taken

    def compute():
        ahead = taken(graph._cache, _KEY)
        return _computed(graph) if ahead is None else ahead

    return reused(graph, _KEY, compute, work=graph.n * graph.m,
                  shape=(graph.n, len(COLUMNS)))


def _computed(graph) -> np.ndarray:
    """:func:`local_measures` of an organization graph, computed here."""
    return local_measures(graph.n, graph.u, graph.v, graph.weight, graph.attribute("sector"))


def _worth_a_process(graph) -> bool:
    """Whether the local measures of ``graph`` cost enough for a second process
    (:data:`.cache.WORTH_KEEPING`) and no earlier command kept them."""
    from .cache import WORTH_KEEPING, holds

    work = graph.n * graph.m
    return work >= WORTH_KEEPING and not holds(graph, _KEY, work=work)


def local_measures_job(graph):
    """``(key, function)``: :func:`graph_local_measures` as work for a second process
    that needs the graph's arrays alone (:class:`~.parallel.Portable`: a new interpreter
    beside the gap rules, after their communities), or ``None`` where it is not worth one
    (:func:`_worth_a_process`)."""
    from .parallel import Portable

    if not _worth_a_process(graph):
        return None
    labels = graph.attribute("sector")
    groups = sorted({label for label in labels if label is not None})
    code = {label: k for k, label in enumerate(groups)}
    codes = np.array([-1 if label is None else code[label] for label in labels],
                     dtype=np.int32)
    return _KEY, Portable(
        "local", {"u": graph.u, "v": graph.v, "w": graph.weight, "codes": codes},
        {"n": graph.n, "groups": groups}, here=lambda: _computed(graph))


def local_measures_of_codes(u, v, w, codes, *, n: int, groups: list) -> np.ndarray:
    """:func:`local_measures`, node ``i``'s group ``groups[codes[i]]`` (``-1``: none):
    the work :func:`local_measures_job` hands a new interpreter (:mod:`.worker`)."""
    labels = [groups[c] if c >= 0 else None for c in codes.tolist()]
    return local_measures(n, u, v, w, labels)


def local_measures_ahead(graph) -> None:
    """Start :func:`graph_local_measures` in a forked child, where they are worth a second
    process (:func:`_worth_a_process`): the node level computes its other measures
    meanwhile (17 s and 11 s on the L benchmark network), its work on arrays sharing the
    most with a forked child (see :mod:`.parallel`). The same numbers: the same
    computation, elsewhere."""
    from .parallel import start_ahead

    if _worth_a_process(graph):
        start_ahead(graph._cache, [(_KEY, lambda: _computed(graph))])
