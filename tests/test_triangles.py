"""Triangles a block at a time, and the analyses that sum over them.

igraph's own listing is the reference. The blocks are forced small here, so that
every way a block can end (inside one node's pairs, between nodes, with one arc
alone over the size) is met on graphs small enough to check.
"""

from __future__ import annotations

import igraph
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lcii_graph.analysis import brokerage as brokerage_module
from lcii_graph.analysis import triangles
from lcii_graph.analysis.brokerage import ROLES, brokerage, undirected_brokerage
from lcii_graph.analysis.structural_holes import structural_holes
from lcii_graph.analysis.triangles import iter_triangles, triangle_work

simple_graphs = st.integers(1, 30).flatmap(lambda n: st.sets(
    st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] < e[1]),
    max_size=120).map(lambda edges: (n, sorted(edges))))


def listed(n, edges, block=None):
    u = np.array([a for a, _ in edges], dtype=np.int64)
    v = np.array([b for _, b in edges], dtype=np.int64)
    found = []
    for a, b, c in iter_triangles(n, u, v, block=block):
        found += [tuple(sorted(t)) for t in zip(a.tolist(), b.tolist(), c.tolist(),
                                                strict=True)]
    return found


@settings(max_examples=150, deadline=None)
@given(simple_graphs, st.sampled_from([1, 2, 7, None]))
def test_every_triangle_once_whatever_the_blocks(graph, block):
    n, edges = graph
    reference = sorted(tuple(sorted(t)) for t in igraph.Graph(n=n, edges=edges)
                       .list_triangles())
    found = listed(n, edges, block)
    assert sorted(found) == reference  # each once: a repeat would show in the list
    # With their edges: each the index of the pair of corners it names.
    u = np.array([a for a, _ in edges], dtype=np.int64)
    v = np.array([b for _, b in edges], dtype=np.int64)
    with_edges = []
    for a, b, c, ab, ac, bc in iter_triangles(n, u, v, block=block, edges=True):
        for x, y, e in ((a, b, ab), (a, c, ac), (b, c, bc)):
            assert [{p, q} for p, q in zip(x.tolist(), y.tolist(), strict=True)] == \
                [{u[k], v[k]} for k in e.tolist()]
        with_edges += [tuple(sorted(t)) for t in zip(a.tolist(), b.tolist(), c.tolist(),
                                                     strict=True)]
    assert with_edges == found


@settings(max_examples=100, deadline=None)
@given(simple_graphs, st.sampled_from([1, 5, None]), st.booleans())
def test_a_block_is_kept_by_its_own_arcs(graph, block, swapped):
    """Kept for a second pass by three arcs, a block keeps each triangle's own: arc
    ``a -> b`` of the edge between ``a`` and ``b``, starting at ``a`` (the sums depend on
    which corner is ``a``), and so ``a -> c`` and ``b -> c``; whichever end of each
    edge is ``u``."""
    from lcii_graph.analysis.structural_holes import BurtSums

    n, edges = graph
    u = np.array([b if swapped else a for a, b in edges], dtype=np.int64)
    v = np.array([a if swapped else b for a, b in edges], dtype=np.int64)
    sums = BurtSums(n, u, v, np.ones(len(u)))
    tails = np.empty(2 * len(u), dtype=np.int64)
    tails[0::2], tails[1::2] = sums.u, sums.v  # arc 2e runs from the lower end
    heads = np.empty(2 * len(u), dtype=np.int64)
    heads[0::2], heads[1::2] = sums.v, sums.u
    for found in iter_triangles(n, sums.u, sums.v, block=block, edges=True):
        arcs = sums.arcs(found)
        assert arcs.dtype == np.int32 and arcs.shape == (3, len(found[0]))
        a, b, c = found[:3]
        for row, (x, y) in enumerate(((a, b), (a, c), (b, c))):
            assert tails[arcs[row]].tolist() == x.tolist()
            assert heads[arcs[row]].tolist() == y.tolist()


def test_arcs_are_64_bit_once_the_last_passes_32_bits():
    from lcii_graph.analysis.structural_holes import arc_dtype

    assert arc_dtype(2**30) == np.int32  # the last arc, 2**31 - 1, fits
    assert arc_dtype(2**30 + 1) == np.int64


@settings(max_examples=100, deadline=None)
@given(simple_graphs, st.booleans())
def test_edges_in_forward_order_are_listed_by_their_own_numbers(graph, swapped):
    """Burt's sums number the edges as the triangles are listed (``forward_order``): a
    permutation of them, after which every triangle's edges from its first corner are
    the listing's own arcs, in order; given so, the order is kept (the identity)."""
    n, edges = graph
    u = np.array([b if swapped else a for a, b in edges], dtype=np.int64)
    v = np.array([a if swapped else b for a, b in edges], dtype=np.int64)
    order = triangles.forward_order(n, u, v)
    assert sorted(order.tolist()) == list(range(len(edges)))
    u, v = u[order], v[order]
    assert triangles.forward_order(n, u, v).tolist() == list(range(len(edges)))
    indptr, heads, _ = triangles._forward(n, u, v)
    for a, b, c, ab, ac, bc in iter_triangles(n, u, v, block=3, edges=True):
        assert (heads[ab] == b).all() and (heads[ac] == c).all()
        assert (np.minimum(u[bc], v[bc]) == b).all() and (np.maximum(u[bc], v[bc]) == c).all()
        assert (ab < ac).all()  # b before c in a's list
        assert ((indptr[a] <= ab) & (ac < indptr[a + 1])).all()  # a's own arcs


def test_the_work_is_the_pairs_checked():
    """A clique of n checks C(n, 3) pairs, each a triangle; a star of any size none."""
    for n in (3, 4, 10, 60):
        clique = nx.complete_graph(n)
        u, v = np.array(list(clique.edges())).T
        assert triangle_work(n, u, v) == n * (n - 1) * (n - 2) // 6
        assert len(listed(n, list(clique.edges()), block=5)) == n * (n - 1) * (n - 2) // 6
    star = np.arange(1, 5_001)
    assert triangle_work(5_001, np.zeros_like(star), star) == 0
    assert triangle_work(5_001, star, np.zeros_like(star)) == 0  # its centre either end
    assert triangle_work(0, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)) == 0


def test_blocks_change_no_measure(monkeypatch):
    """Burt's measures and brokerage summed block by block equal them summed at once."""
    G = nx.relabel_nodes(nx.gnm_random_graph(60, 400, seed=3), str)
    for x, d in G.nodes(data=True):
        d["sector"] = "abcd"[int(x) % 4]
    for a, b in G.edges():
        G[a][b]["weight"] = 1 + (int(a) + int(b)) % 3
    whole = [structural_holes(G, model=m, weight="weight") for m in ("ego", "whole")]
    roles = brokerage(G, "sector")
    monkeypatch.setattr(triangles, "BLOCK", 3)
    for model, before in zip(("ego", "whole"), whole, strict=True):
        after = structural_holes(G, model=model, weight="weight")
        for node in G:
            assert after[node]["constraint"] == pytest.approx(before[node]["constraint"])
            assert after[node]["effective_size"] == pytest.approx(
                before[node]["effective_size"])
    assert brokerage(G, "sector") == roles


def test_one_nodes_brokerage_without_the_triangles(monkeypatch):
    """what-if asks for one organization's roles: counted from the ties among its
    neighbours, equal to the count over every triangle, for every node."""
    G = nx.gnm_random_graph(40, 200, seed=5)
    labels = ["business", "nonprofit", None, "government"] * 10
    u, v = np.array(list(G.edges())).T
    every = undirected_brokerage(40, u, v, labels)
    monkeypatch.setattr(brokerage_module, "iter_triangles", None)  # not used for a few nodes
    for node in range(40):
        assert undirected_brokerage(40, u, v, labels, [node]) == [every[node]]
    assert sum(sum(c.values()) for c in every) > 0


@settings(max_examples=60, deadline=None)
@given(simple_graphs, st.sampled_from([1, 7, None]))
def test_the_local_measures_at_once_are_each_measure_alone(graph, block):
    """local_measures shares two passes over the triangles among Burt's two models and
    the brokerage counts: bit for bit what each gives alone (the same sums in the same
    order), whatever the blocks; the edges given in either direction."""
    from lcii_graph.analysis.local import COLUMNS, local_measures
    from lcii_graph.analysis.structural_holes import burt_measures

    n, edges = graph
    u = np.array([b if k % 2 else a for k, (a, b) in enumerate(edges)], dtype=np.int64)
    v = np.array([a if k % 2 else b for k, (a, b) in enumerate(edges)], dtype=np.int64)
    w = 1.0 + (u * 7 + v * 3) % 4
    labels = [[None, "government", "business", "nonprofit"][x % 4] for x in range(n)]
    triangles.BLOCK, saved = block or triangles.BLOCK, triangles.BLOCK
    try:
        table = local_measures(n, u, v, w, labels)
        alone = [*burt_measures(n, u, v, w, model="ego"),
                 *burt_measures(n, u, v, w, model="whole")]
        roles = undirected_brokerage(n, u, v, labels)
    finally:
        triangles.BLOCK = saved
    assert table.shape == (n, len(COLUMNS))
    for k in range(4):
        assert np.array_equal(table[:, k], alone[k], equal_nan=True)
    assert table[:, 4:].tolist() == [[float(r[x]) for x in ROLES] for r in roles]


@settings(max_examples=100, deadline=None)
@given(simple_graphs, st.booleans())
def test_the_work_counts_the_pairs_the_listing_checks(graph, swapped):
    """Counted without the listing's sorted lists, the work is still the pairs of each
    node's forward lists: those :func:`iter_triangles` walks."""
    n, edges = graph
    u = np.array([b if swapped else a for a, b in edges], dtype=np.int64)
    v = np.array([a if swapped else b for a, b in edges], dtype=np.int64)
    out = np.diff(triangles._forward(n, u, v)[0])
    assert triangle_work(n, u, v) == int((out * (out - 1) // 2).sum())
