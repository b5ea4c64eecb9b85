"""Centrality (lcii_graph/analysis/centrality.py) at its edges: against networkx on the
smallest graphs, graphs in pieces and long chains, and each threshold at its boundary.
Each test here killed a mutant of the module (`python tools/mutate.py
lcii_graph/analysis/centrality.py`) that the wider tests let live."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lcii_graph.analysis import cache, centrality
from lcii_graph.network.views import OrgGraph


def _star(leaves: int, first: int) -> list[tuple[int, int]]:
    return [(first, first + k) for k in range(1, leaves + 1)]


def _org_graph(edges: list[tuple[int, int]], n: int) -> OrgGraph:
    ids = [f"o{k}" for k in range(n)]
    u, v = (np.array(side, dtype=np.int64) for side in zip(*edges, strict=True)) \
        if edges else (np.zeros(0, dtype=np.int64),) * 2
    return OrgGraph(ids, [{} for _ in ids], u, v, {"ties": np.ones(len(u))})


# Eigenvector centrality where components share the largest eigenvalue: networkx's
# power iteration keeps each of them, as much as its uniform start holds (was: the first
# component took it all, the other scored 0).
TIED = {
    "two separate pairs": nx.Graph([(0, 1), (2, 3)]),
    "two triangles": nx.Graph([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)]),
    # Eigenvalue 2 both: a triangle, and a star of four leaves (centre 1/√2 of its unit
    # vector, leaves 1/(2√2)): not alike, so not equal shares.
    "a triangle and a star": nx.Graph([(0, 1), (1, 2), (2, 0), *_star(4, 3)]),
    "two directed cycles": nx.DiGraph([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)]),
    "weighted pairs, one lighter": nx.Graph([(0, 1, {"weight": 3}), (2, 3, {"weight": 3}),
                                            (4, 5, {"weight": 1})]),
}


@pytest.mark.parametrize("name", TIED)
def test_eigenvector_shares_a_tied_eigenvalue_between_components_as_networkx(name):
    G = TIED[name]
    expected = nx.eigenvector_centrality(G, max_iter=10_000, tol=1e-12, weight="weight")
    assert centrality.eigenvector(G, weight="weight") == pytest.approx(expected, abs=1e-9)


def test_eigenvector_of_a_triangle_and_a_star_by_hand():
    """The same case worked by hand: each component's unit vector times its entries' sum
    (triangle √3, star 1/√2 + 4/(2√2)), then scaled to unit length."""
    triangle = [1 / math.sqrt(3)] * 3
    star = [1 / math.sqrt(2)] + [1 / (2 * math.sqrt(2))] * 4
    raw = [x * sum(triangle) for x in triangle] + [x * sum(star) for x in star]
    norm = math.sqrt(sum(x * x for x in raw))
    got = centrality.eigenvector(TIED["a triangle and a star"])
    assert [got[k] for k in range(8)] == pytest.approx([x / norm for x in raw], abs=1e-12)
    assert got[0] != pytest.approx(got[3])  # not one share each


def test_eigenvector_passes_over_lone_nodes_before_the_first_pair():
    """A lone node listed first, then a pair, then a chain: the lone nodes score nothing
    and the pair is not taken for the largest eigenvalue."""
    G = nx.Graph()
    G.add_nodes_from([0, 1])
    G.add_edges_from([(2, 3), (4, 5), (5, 6)])
    expected = nx.eigenvector_centrality(G, max_iter=10_000, tol=1e-12)
    got = centrality.eigenvector(G)
    assert got[0] == got[1] == 0.0
    assert got[5] == pytest.approx(1 / math.sqrt(2), abs=1e-12)
    assert got == pytest.approx(expected, abs=1e-4)  # networkx's pair fades to ~1e-5

    only_a_pair = nx.Graph([(1, 2)])
    only_a_pair.add_node(0)
    assert centrality.eigenvector(only_a_pair) == pytest.approx(
        {0: 0.0, 1: 1 / math.sqrt(2), 2: 1 / math.sqrt(2)}, abs=1e-12)


def test_eigenvector_of_a_graph_without_ties_is_networkx_s():
    G = nx.empty_graph(4)
    expected = nx.eigenvector_centrality(G)
    assert centrality.eigenvector(G) == pytest.approx(expected, abs=1e-12)
    assert centrality.eigenvector(G)[0] == pytest.approx(0.5, abs=1e-15)



@pytest.mark.parametrize("directed", [False, True])
def test_eigenvector_leaves_self_loops_out(directed):
    loops = (nx.DiGraph if directed else nx.Graph)([(0, 0), (1, 1)])
    loops.add_node(2)
    # Loops alone: the graph without ties (was: ValueError from max() of nothing).
    assert centrality.eigenvector(loops) == pytest.approx(dict.fromkeys(range(3), 3 ** -0.5),
                                                          abs=1e-12)
    G = nx.path_graph(4, create_using=nx.DiGraph if directed else nx.Graph)
    looped = G.copy()
    looped.add_edge(1, 1, weight=5)
    for weight in (None, "weight"):
        assert centrality.eigenvector(looped, weight=weight) == pytest.approx(
            centrality.eigenvector(G, weight=weight), abs=1e-12)
    assert nx.number_of_selfloops(looped) == 1  # the caller's graph is not changed

@pytest.mark.parametrize("G", [nx.path_graph(2), nx.DiGraph([(0, 1), (1, 2)]),
                               nx.DiGraph([(0, 1), (1, 2), (2, 3)])],
                         ids=["a pair", "a directed chain of 3", "a directed chain of 4"])
def test_betweenness_of_the_smallest_graphs_is_networkx_s(G):
    """Normalized from three nodes on (a pair has no pair of others to stand between);
    a directed chain of 3: the middle node's one path over (n-1)(n-2) = 2 pairs."""
    expected = nx.betweenness_centrality(G)
    assert centrality.betweenness(G) == pytest.approx(expected, abs=1e-15)
    if G.number_of_nodes() == 3:
        assert centrality.betweenness(G)[1] == 0.5


def test_closeness_of_a_pair_is_networkx_s():
    assert centrality.closeness(nx.path_graph(2)) == {0: 1.0, 1: 1.0}
    assert nx.closeness_centrality(nx.path_graph(2)) == {0: 1.0, 1: 1.0}


@pytest.mark.parametrize("directed", [False, True])
def test_closeness_on_searches_too_deep_for_a_word_is_networkx_s(directed):
    """A chain of 150 nodes: searches past 64 steps (:data:`.distances.DEEP`) are made
    one by one, in rows of 64 sources (150: three rows, the last short), beside a second
    piece the chain's searches never reach."""
    G = nx.path_graph(150, create_using=nx.DiGraph if directed else nx.Graph)
    nx.add_path(G, [150, 151, 152])
    expected = nx.closeness_centrality(G)
    got = centrality.closeness(G)
    assert got == pytest.approx(expected, rel=1e-12)
    assert got[151] == expected[151] > 0


def test_degree_centralization_from_three_nodes():
    """A chain of three is a star: centralization 1. Fewer than three nodes: none."""
    assert centrality.degree_centralization(nx.path_graph(3)) == 1.0
    assert centrality.degree_centralization(nx.path_graph(2)) is None
    assert centrality.freeman_centralization([2, 1, 1], "degree") == 1.0
    assert centrality.freeman_centralization([1, 1], "degree") is None


def test_sample_size_at_the_threshold_and_the_floor():
    exact = centrality.EXACT_WORK
    assert centrality.sample_size(exact // 1000, 1000) is None  # exactly the work: exact
    assert centrality.sample_size(exact // 1000 + 1, 1000) == exact // 1000
    # Above it, as many sources as the work pays for, never fewer than SAMPLE_SOURCES.
    assert centrality.sample_size(1_000_000, 100_000) == 2_000
    assert centrality.sample_size(100_000, 1_814_352) == 256 == centrality.SAMPLE_SOURCES
    assert centrality.EXACT_WORK == 200_000_000


def test_sampled_sources_are_distinct_sorted_and_seeded():
    sources = centrality._sources(1_000, 300, 0)
    assert len(set(sources)) == 300 and sources == sorted(sources)
    assert centrality._sources(1_000, 300, 0) == sources != centrality._sources(1_000, 300, 1)
    assert centrality._sources(10, None, 0) is None


def test_the_sampled_estimates_are_seeded_with_0_by_default():
    """Every command samples the same sources (and the results cache keys them so)."""
    G = nx.connected_caveman_graph(6, 5)
    assert centrality.closeness(G, k=7) == centrality.closeness(G, k=7, seed=0) \
        != centrality.closeness(G, k=7, seed=1)
    assert centrality.betweenness(G, k=7) == centrality.betweenness(G, k=7, seed=0)


def test_exact_betweenness_is_split_in_two_from_split_work(monkeypatch):
    """The exact pass is summed from two halves of the sources from SPLIT_WORK on."""
    G = nx.connected_caveman_graph(5, 4)
    work = G.number_of_nodes() * G.number_of_edges()
    calls = []
    real = centrality.summed

    def counted(function, sources):
        calls.append(len(sources))
        return real(function, sources)

    monkeypatch.setattr(centrality, "summed", counted)
    monkeypatch.setattr(centrality, "SPLIT_WORK", work + 1)
    whole = centrality.betweenness(G)
    assert calls == []
    monkeypatch.setattr(centrality, "SPLIT_WORK", work)
    assert centrality.betweenness(G) == pytest.approx(whole, abs=1e-15)
    assert calls == [G.number_of_nodes()]


def test_the_eigenvector_job_starts_from_the_work_worth_keeping(tmp_path, monkeypatch):
    """A job at exactly WORTH_KEEPING nodes × edges, none one below, none for a graph
    without ties, and none once the scores are kept."""
    monkeypatch.setenv("LCII_CACHE", str(tmp_path / "cache"))
    graph = _org_graph([(0, 1), (1, 2), (2, 0), (2, 3)], 5)
    work = graph.n * graph.m
    monkeypatch.setattr(cache, "WORTH_KEEPING", work + 1)
    assert centrality.eigenvector_job(graph) is None
    monkeypatch.setattr(cache, "WORTH_KEEPING", work)
    key, job = centrality.eigenvector_job(graph)
    assert key == ("eigenvector", "weight")
    assert np.array_equal(job(), centrality._eigenvector_scores(graph.to_igraph(), "weight"))

    monkeypatch.setattr(cache, "WORTH_KEEPING", 0)
    assert centrality.eigenvector_job(_org_graph([], 5)) is None  # nothing to score

    monkeypatch.setattr(cache, "WORTH_KEEPING", work)
    centrality.eigenvector(graph, weight="weight")  # kept: worth it, just
    assert len(list((tmp_path / "cache").iterdir())) == 1
    assert centrality.eigenvector_job(graph) is None


@st.composite
def small_graphs(draw):
    """Up to 12 nodes, lone ones and pieces included, ties of strength 1 to 3."""
    n = draw(st.integers(1, 12))
    directed = draw(st.booleans())
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    for a, b, w in draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                           st.integers(1, 3)), max_size=30)):
        if a != b:
            G.add_edge(a, b, weight=w)
    return G


@settings(max_examples=150, deadline=None)
@given(small_graphs())
def test_centrality_of_any_small_graph_is_networkx_s(G):
    """Degree, betweenness and closeness on any graph of up to 12 nodes, directed or not,
    in pieces or not, are networkx's; so is eigenvector centrality wherever networkx's
    power iteration converges (an undirected graph, or a directed one with cycles
    enough), components with the same largest eigenvalue included."""
    assert centrality.degree_centrality(G) == pytest.approx(nx.degree_centrality(G),
                                                            abs=1e-12)
    assert centrality.betweenness(G) == pytest.approx(nx.betweenness_centrality(G),
                                                      abs=1e-12)
    assert centrality.closeness(G) == pytest.approx(nx.closeness_centrality(G), abs=1e-12)
    if G.number_of_edges() == 0:
        return
    try:
        expected = nx.eigenvector_centrality(G, weight="weight", max_iter=10_000, tol=1e-13)
    except nx.PowerIterationFailedConvergence:
        return  # no answer to compare with (a directed graph without a cycle, say)
    assert centrality.eigenvector(G, weight="weight") == pytest.approx(expected, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(small_graphs())
def test_eigenvector_of_a_graph_beside_a_copy_of_itself_is_networkx_s(G):
    """Two copies side by side: their largest eigenvalues are the same by construction."""
    twice = nx.disjoint_union(G, G)
    if twice.number_of_edges() == 0:
        return
    try:
        expected = nx.eigenvector_centrality(twice, weight="weight", max_iter=10_000,
                                             tol=1e-13)
    except nx.PowerIterationFailedConvergence:
        return
    got = centrality.eigenvector(twice, weight="weight")
    assert got == pytest.approx(expected, abs=1e-6)
    n = G.number_of_nodes()
    assert [got[k] for k in range(n)] == pytest.approx([got[n + k] for k in range(n)],
                                                       abs=1e-9)
